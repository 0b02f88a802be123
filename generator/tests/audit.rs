//! `huaweicloud-codegen audit`: the test pages in `tests/audit/pages` (one
//! per form: plain text, HTML with a code host's header, HTML with a `|`
//! line between every source line, Chinese Markdown with HTML tables) agree
//! with `tests/audit/spec.yaml`; each test below changes a copy of that spec
//! in one place and checks that the audit reports exactly that change.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use huaweicloud_codegen::audit::{self, audit_pages, parse_page, Location, Report};
use huaweicloud_codegen::load::load_str;
use proptest::prelude::*;

fn test_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audit")
}

fn spec_text() -> String {
    std::fs::read_to_string(test_dir().join("spec.yaml")).expect("read the test spec")
}

fn page_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(test_dir().join("pages"))
        .expect("list the test pages")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn page(name: &str) -> String {
    std::fs::read_to_string(test_dir().join("pages").join(name)).expect("read a test page")
}

/// Audits the test pages against `spec` (YAML text) in process.
fn audit(spec: &str) -> Report {
    let loaded = load_str(spec, Path::new("spec.yaml")).expect("the changed spec still loads");
    let pages: Vec<(String, Result<String, String>)> = page_names()
        .into_iter()
        .map(|name| (name.clone(), Ok(page(&name))))
        .collect();
    audit_pages(&pages, &loaded.document, Report::default())
}

/// The test spec with `from` (which must occur exactly once) replaced by `to`.
fn changed(from: &str, to: &str) -> String {
    let spec = spec_text();
    assert_eq!(
        spec.matches(from).count(),
        1,
        "{from:?} must occur once in the test spec"
    );
    spec.replacen(from, to, 1)
}

#[track_caller]
fn assert_disagreements(report: &Report, expected: &[&str]) {
    assert_eq!(report.disagreements, expected, "full report:\n{report}");
    assert_eq!(report.exit_code(), 1, "{report}");
    assert_eq!(report.pages, 4, "{report}");
}

#[test]
fn the_test_pages_agree_with_the_test_spec() {
    let report = audit(&spec_text());
    assert!(report.disagreements.is_empty(), "{report}");
    assert!(report.unparsed.is_empty(), "{report}");
    assert_eq!(report.exit_code(), 0);
    let matched: Vec<(&str, &str)> = report
        .matched
        .iter()
        .map(|(file, operation, _)| (file.as_str(), operation.as_str()))
        .collect();
    assert_eq!(
        matched,
        [
            ("delete.txt", "DELETE /v2/projects/{project_id}/keys"),
            ("list.md", "GET /v2/keys"),
            ("revoke.txt", "POST /v2/keys/revoke"),
            ("rotate.txt", "PUT /v2/keys/rotate"),
        ]
    );
    // The token header is a security scheme in the spec: a note per page that documents it.
    let token_notes = report
        .notes
        .iter()
        .filter(|n| n.contains("X-Auth-Token") && n.contains("#/components/securitySchemes/token"))
        .count();
    assert_eq!(token_notes, 3, "{report}");
    assert!(
        report
            .to_string()
            .ends_with("the pages agree with the spec"),
        "{report}"
    );
}

#[test]
fn each_form_is_recognised_and_read() {
    let revoke = parse_page(&page("revoke.txt")).expect("plain text page");
    assert_eq!(revoke.form, audit::forms::Form::PlainText);
    assert_eq!(
        (revoke.method.as_str(), revoke.path.as_str()),
        ("POST", "/v2/keys/revoke")
    );
    let reason = &revoke
        .params
        .iter()
        .find(|p| p.field.name == "reason")
        .expect("reason")
        .field;
    // The description cell is wrapped over two lines.
    assert_eq!(
        (reason.limits.minimum, reason.limits.maximum),
        (Some(1.0), Some(200.0))
    );
    assert_eq!(reason.mandatory, Some(false));
    assert_eq!(
        revoke.statuses.iter().copied().collect::<Vec<_>>(),
        [200, 400, 409]
    );
    assert_eq!(revoke.bodies[&409].len(), 3);

    let delete = parse_page(&page("delete.txt")).expect("HTML page");
    assert_eq!(delete.form, audit::forms::Form::Html);
    let locations: Vec<(Location, &str)> = delete
        .params
        .iter()
        .map(|p| (p.location, p.field.name.as_str()))
        .collect();
    assert_eq!(
        locations,
        [
            (Location::Path, "project_id"),
            (Location::Query, "key_name"),
            (Location::Query, "force"),
            (Location::Header, "X-Auth-Token"),
        ]
    );
    assert!(delete.no_response_body);

    let rotate = parse_page(&page("rotate.txt")).expect("piped HTML page");
    assert_eq!(rotate.form, audit::forms::Form::PipedHtml);
    assert_eq!(rotate.bodies[&200].len(), 2);
    assert_eq!(
        rotate
            .params
            .iter()
            .filter(|p| p.location == Location::Body)
            .count(),
        2
    );

    let list = parse_page(&page("list.md")).expect("Markdown page");
    assert_eq!(list.form, audit::forms::Form::Markdown);
    let marker = &list
        .params
        .iter()
        .find(|p| p.field.name == "marker")
        .expect("marker")
        .field;
    assert_eq!(marker.limits.max_length, Some(128.0));
    assert_eq!(
        list.statuses.iter().copied().collect::<Vec<_>>(),
        [200, 403]
    );
    assert_eq!(list.bodies[&403].len(), 2);
}

#[test]
fn a_different_max_length_is_reported() {
    let report = audit(&changed("maxLength: 64", "maxLength: 80"));
    assert_disagreements(
        &report,
        &["POST /v2/keys/revoke: key_id (request body): maxLength 64 in revoke.txt, 80 in #/components/schemas/RevokeKeyRequest/properties/key_id"],
    );
}

#[test]
fn a_different_chinese_maximum_is_reported() {
    let report = audit(&changed("maximum: 100", "maximum: 50"));
    assert_disagreements(
        &report,
        &["GET /v2/keys: limit (query): maximum 100 in list.md, 50 in #/paths/~1v2~1keys/get/parameters/0/schema"],
    );
}

#[test]
fn a_query_parameter_made_optional_is_reported() {
    let report = audit(&changed(
        "- name: key_name\n          in: query\n          required: true",
        "- name: key_name\n          in: query\n          required: false",
    ));
    assert_disagreements(
        &report,
        &["DELETE /v2/projects/{project_id}/keys: key_name (query): mandatory in delete.txt, optional in #/paths/~1v2~1projects~1{project_id}~1keys/delete/parameters/1/required"],
    );
}

#[test]
fn a_body_field_made_optional_is_reported() {
    let report = audit(&changed(
        "RevokeKeyRequest:\n      type: object\n      required: [key_id]",
        "RevokeKeyRequest:\n      type: object\n      required: []",
    ));
    assert_disagreements(
        &report,
        &["POST /v2/keys/revoke: key_id (request body): mandatory in revoke.txt, optional in #/components/schemas/RevokeKeyRequest/required"],
    );
}

#[test]
fn a_missing_status_code_is_reported() {
    let report = audit(&changed(
        "        \"404\":\n          description: No such key.\n",
        "",
    ));
    assert_disagreements(
        &report,
        &["DELETE /v2/projects/{project_id}/keys: status 404: documented in delete.txt, missing in #/paths/~1v2~1projects~1{project_id}~1keys/delete/responses"],
    );
}

#[test]
fn a_status_code_under_a_range_response_is_a_note() {
    let report = audit(&changed(
        "        \"404\":\n          description: No such key.\n",
        "        \"4XX\":\n          description: A client error.\n",
    ));
    assert!(report.disagreements.is_empty(), "{report}");
    assert!(
        report.notes.iter().any(|n| n.contains("status 404 in delete.txt is covered by the range response #/paths/~1v2~1projects~1{project_id}~1keys/delete/responses/4XX")),
        "{report}"
    );
}

#[test]
fn a_status_code_the_page_does_not_list_is_reported() {
    let report = audit(&changed(
        "        \"500\":\n          description: The service failed.\n",
        "        \"500\":\n          description: The service failed.\n        \"503\":\n          description: Try later.\n",
    ));
    assert_disagreements(
        &report,
        &["PUT /v2/keys/rotate: status 503: in #/paths/~1v2~1keys~1rotate/put/responses/503, not documented in rotate.txt"],
    );
}

#[test]
fn a_missing_field_of_an_error_body_is_reported() {
    // request_id lives in the second allOf part of the 409 body.
    let report = audit(&changed(
        "          properties:\n            request_id:\n              type: string\n",
        "          properties: {}\n",
    ));
    assert_disagreements(
        &report,
        &["POST /v2/keys/revoke: request_id: field of the 409 body in revoke.txt, missing in #/components/schemas/ConflictError"],
    );
}

#[test]
fn a_field_missing_from_a_shared_error_schema_is_reported_for_every_page_using_it() {
    // PlainError is the 400 and (through allOf) 409 body of revoke and, via a
    // $ref response, the 403 body of list.
    let report = audit(&changed(
        "        error_code:\n          type: string\n        error_msg:\n          type: string\n",
        "        error_code:\n          type: string\n",
    ));
    assert_disagreements(
        &report,
        &[
            "GET /v2/keys: error_msg: field of the 403 body in list.md, missing in #/components/schemas/PlainError",
            "POST /v2/keys/revoke: error_msg: field of the 400 body in revoke.txt, missing in #/components/schemas/PlainError",
            "POST /v2/keys/revoke: error_msg: field of the 409 body in revoke.txt, missing in #/components/schemas/ConflictError",
        ],
    );
}

#[test]
fn a_different_path_is_reported() {
    let report = audit(&changed("  /v2/keys/revoke:", "  /v2/keys/revocation:"));
    assert_disagreements(
        &report,
        &["POST /v2/keys/revoke: documented in revoke.txt, no such operation in #/paths; the spec has POST /v2/keys/revocation (#/paths/~1v2~1keys~1revocation/post)"],
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("/v2/keys/revocation") && n.contains("no page")),
        "{report}"
    );
}

#[test]
fn a_header_parameter_from_a_ref_is_compared() {
    let report = audit(&changed("maxLength: 16", "maxLength: 20"));
    assert_disagreements(
        &report,
        &["PUT /v2/keys/rotate: X-Request-Tag (header): maxLength 16 in rotate.txt, 20 in #/components/parameters/RequestTag/schema"],
    );
}

#[test]
fn a_token_header_without_a_matching_security_scheme_is_reported() {
    let report = audit(&changed(
        "      security:\n        - token: []\n        - signature: []\n",
        "      security:\n        - signature: []\n",
    ));
    assert_disagreements(
        &report,
        &["DELETE /v2/projects/{project_id}/keys: X-Auth-Token: header parameter in delete.txt, missing in #/paths/~1v2~1projects~1{project_id}~1keys/delete"],
    );
}

#[test]
fn a_different_type_is_reported() {
    let report = audit(&changed(
        "        valid_days:\n          type: integer",
        "        valid_days:\n          type: number",
    ));
    assert_disagreements(
        &report,
        &["PUT /v2/keys/rotate: valid_days (200 body): type integer in rotate.txt, number in #/components/schemas/RotateResult/properties/valid_days"],
    );
}

// The binary, on folders made for each test.

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"))
        .arg("audit")
        .args(args)
        .output()
        .expect("run huaweicloud-codegen audit")
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "--- stdout ---\n{stdout}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A folder with the test pages (and a README), plus `extra` files.
fn docs_with(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for name in page_names() {
        std::fs::write(dir.path().join(&name), page(&name)).expect("copy page");
    }
    std::fs::write(
        dir.path().join("README.md"),
        "# Pages\n\nSaved for the audit.\n",
    )
    .expect("readme");
    for (name, bytes) in extra {
        std::fs::write(dir.path().join(name), bytes).expect("extra file");
    }
    dir
}

fn spec_arg() -> String {
    test_dir().join("spec.yaml").to_string_lossy().into_owned()
}

#[test]
fn the_binary_exits_0_on_agreement_and_says_why_the_readme_is_skipped() {
    let docs = docs_with(&[]);
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        &spec_arg(),
    ]);
    let stdout = assert_exit(&output, 0);
    assert!(
        stdout.contains("skipped README.md: a README describes the folder"),
        "{stdout}"
    );
    assert!(stdout.contains("4 page(s), 0 disagreement(s)"), "{stdout}");
}

#[test]
fn the_binary_exits_1_on_disagreement() {
    let docs = docs_with(&[]);
    let spec_dir = tempfile::tempdir().expect("temporary folder");
    let spec = spec_dir.path().join("spec.yaml");
    std::fs::write(&spec, changed("maxLength: 128", "maxLength: 256")).expect("write spec");
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        spec.to_str().unwrap(),
    ]);
    let stdout = assert_exit(&output, 1);
    assert!(
        stdout.contains("disagreement: GET /v2/keys: marker (query): maxLength 128 in list.md, 256 in #/paths/~1v2~1keys/get/parameters/1/schema"),
        "{stdout}"
    );
}

#[test]
fn an_unreadable_page_exits_2() {
    let docs = docs_with(&[(
        "broken.txt",
        &[0x55, 0x52, 0x49, 0x0a, 0xff, 0xfe, 0x80, 0x00],
    )]);
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        &spec_arg(),
    ]);
    let stdout = assert_exit(&output, 2);
    assert!(
        stdout.contains("could not read broken.txt: not UTF-8 text"),
        "{stdout}"
    );
    // The readable pages are still audited.
    assert!(
        stdout.contains("revoke.txt: POST /v2/keys/revoke is"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_an_unreadable_page() {
    let docs = docs_with(&[]);
    std::os::unix::fs::symlink(docs.path().join("gone.txt"), docs.path().join("link.txt"))
        .expect("symlink");
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        &spec_arg(),
    ]);
    let stdout = assert_exit(&output, 2);
    assert!(stdout.contains("could not read link.txt"), "{stdout}");
}

#[test]
fn a_page_in_no_known_form_could_not_be_parsed() {
    let docs = docs_with(&[(
        "notes.txt",
        b"Meeting notes: the key service will get a rotate call.\nNo tables here.\n",
    )]);
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        &spec_arg(),
    ]);
    let stdout = assert_exit(&output, 1);
    assert!(
        stdout.contains("could not parse notes.txt: not in a known form"),
        "{stdout}"
    );
}

#[test]
fn an_html_page_without_a_request_line_could_not_be_parsed() {
    let docs = docs_with(&[(
        "overview.html",
        b"<h1>Overview</h1>\n<p>Keys sign requests.</p>\n",
    )]);
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        &spec_arg(),
    ]);
    let stdout = assert_exit(&output, 1);
    assert!(
        stdout.contains("could not parse overview.html: HTML: no request line"),
        "{stdout}"
    );
}

#[test]
fn deeply_nested_html_is_refused_rather_than_parsed_slowly() {
    let deep = format!("<h4>URI</h4><p>GET /v2/keys</p>{}", "<div>".repeat(5000));
    let docs = docs_with(&[("deep.html", deep.as_bytes())]);
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        &spec_arg(),
    ]);
    let stdout = assert_exit(&output, 1);
    assert!(
        stdout.contains("could not parse deep.html: HTML: tags nest 5000 deep"),
        "{stdout}"
    );
}

#[test]
fn a_missing_spec_or_folder_exits_2() {
    let docs = docs_with(&[]);
    let output = run(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--spec",
        "no/such/spec.yaml",
    ]);
    assert_exit(&output, 2);
    let output = run(&["--docs", "no/such/folder", "--spec", &spec_arg()]);
    assert_exit(&output, 2);
    let output = run(&["--spec", &spec_arg()]);
    assert_exit(&output, 2);
}

// No input makes the page reader panic.

/// What any page the reader accepts must satisfy.
#[track_caller]
fn assert_sane(text: &str) {
    if let Ok(facts) = parse_page(text) {
        assert!(facts.path.starts_with('/'), "{facts:?}");
        assert!(
            ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
                .contains(&facts.method.as_str()),
            "{facts:?}"
        );
        assert!(
            facts.statuses.iter().all(|code| (100..600).contains(code)),
            "{facts:?}"
        );
    }
}

#[test]
fn truncated_pages_are_read_or_rejected() {
    for name in page_names() {
        let text = page(&name);
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(53)
            .collect();
        for cut in cuts {
            assert_sane(&text[..cut]);
        }
        assert!(parse_page(&text).is_ok(), "{name} as a whole parses");
    }
}

/// Pieces pages are made of, so that random text reaches past form detection.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("|\n".to_owned()),
        Just("|---|---|\n".to_owned()),
        Just(" |\n".to_owned()),
        Just("URI\n".to_owned()),
        Just("POST /v1/x\n".to_owned()),
        Just("Status code: 200\n".to_owned()),
        Just("状态码：4".to_owned()),
        Just("Response Parameters\n".to_owned()),
        Just("Maximum: ".to_owned()),
        Just("最大长度：".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("</td></tr>".to_owned()),
        Just("<h4>".to_owned()),
        Just("## ".to_owned()),
        Just("```\n".to_owned()),
        Just("[a](".to_owned()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        assert_sane(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn page_like_text_never_panics(pieces in proptest::collection::vec(piece(), 0..60)) {
        assert_sane(&pieces.concat());
    }
}
