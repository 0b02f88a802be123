//! Warnings: a construct the client can only approximate generates, is
//! reported once per site with its JSON pointer, and is refused under
//! `--deny-warnings` with nothing written.

use std::process::Command;

use huaweicloud_codegen::{generate_from_str_with_warnings, Error, Options};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Hooks, version: 1.0.0}
paths:
  /subscriptions:
    post:
      operationId: Subscribe
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '204': {description: subscribed}
  /other:
    get:
      operationId: Other
      callbacks:
        again:
          '{$request.query.url}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '204': {description: done}
"#;

#[test]
fn each_approximated_site_is_one_warning_with_its_pointer() {
    let generation = generate_from_str_with_warnings(SPEC, &Options::new("hooks.yaml", "out"))
        .expect("a spec with callbacks generates");
    assert!(!generation.files.is_empty());
    let pointers: Vec<&str> = generation
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1subscriptions/post/callbacks",
            "#/paths/~1other/get/callbacks"
        ]
    );
    assert!(generation.warnings[0].message.contains("callbacks"));
}

#[test]
fn deny_warnings_refuses_and_lists_every_warning() {
    let mut options = Options::new("hooks.yaml", "out");
    options.deny_warnings = true;
    match generate_from_str_with_warnings(SPEC, &options) {
        Err(Error::Warnings { file, warnings }) => {
            assert_eq!(file, std::path::PathBuf::from("hooks.yaml"));
            assert_eq!(warnings.len(), 2);
            let text = Error::Warnings { file, warnings }.to_string();
            assert!(text.contains("2 warning(s) refused"), "{text}");
            assert!(text.contains("#/paths/~1other/get/callbacks"), "{text}");
        }
        other => panic!("expected Error::Warnings, got {other:?}"),
    }
}

#[test]
fn the_binary_prints_warnings_on_stderr_and_deny_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("hooks.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = dir.path().join("out");
    let run = |deny: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"));
        command.arg("--spec").arg(&spec).arg("--out").arg(&out);
        if deny {
            command.arg("--deny-warnings");
        }
        command.output().unwrap()
    };
    let denied = run(true);
    assert_eq!(denied.status.code(), Some(1));
    assert!(!out.exists(), "--deny-warnings wrote output");
    let stderr = String::from_utf8_lossy(&denied.stderr);
    assert!(stderr.contains("--deny-warnings"), "{stderr}");

    let allowed = run(false);
    assert!(allowed.status.success());
    let stderr = String::from_utf8_lossy(&allowed.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0].ends_with(
            "#/paths/~1subscriptions/post/callbacks: callbacks are requests the server sends; the client ignores them"
        ),
        "{stderr}"
    );
    assert!(out.join("src").is_dir());
}
