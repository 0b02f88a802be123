//! The headers a spec's apiKey schemes name reach the generated runtime's
//! redaction list, whatever they are called, once each; the signing scheme's
//! `Authorization` is not a token header.

mod support;

use huaweicloud_codegen::{generate_from_str, Options};

fn credential_headers_line(spec: &str) -> String {
    let files = generate_from_str(spec, &Options::new("tests/specs/auth.yaml", "out"))
        .expect("the spec generates");
    let lib = support::file(&files, "src/lib.rs");
    lib.lines()
        .find(|line| line.contains("const CREDENTIAL_HEADERS"))
        .unwrap_or_else(|| panic!("lib.rs has no CREDENTIAL_HEADERS:\n{lib}"))
        .to_owned()
}

#[test]
fn api_key_header_names_are_listed_for_redaction() {
    let spec = std::fs::read_to_string(support::manifest_dir().join("tests/specs/auth.yaml"))
        .expect("read the auth spec");
    assert_eq!(
        credential_headers_line(&spec),
        r#"pub(crate) const CREDENTIAL_HEADERS: &[&str] = &["X-Auth-Token", "X-Subject-Token"];"#
    );
    // A name no rule would recognise as a secret is listed all the same.
    let renamed = spec.replace("name: X-Subject-Token", "name: X-Gateway-Pass");
    assert_ne!(renamed, spec, "the spec no longer names X-Subject-Token");
    assert_eq!(
        credential_headers_line(&renamed),
        r#"pub(crate) const CREDENTIAL_HEADERS: &[&str] = &["X-Auth-Token", "X-Gateway-Pass"];"#
    );
}
