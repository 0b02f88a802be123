//! The program of the client generated from
//! `generator/tests/specs/cli_program.yaml` (committed in
//! `tests/clients/cli_program`, checked fresh by `tests/wire_ops.rs`, and
//! built as a binary of this package), run as a process. The spec names no
//! server, secures its operations with a bearer token and has integer,
//! number, boolean, enum and array inputs. Requests are shown with
//! `--dry-run`, or go to a local port that records whether anyone
//! connected.

use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

/// Runs the program with `args` and a clean environment.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_snapshot-cli-program"))
        .args(args)
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .expect("the program runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `args` after `--endpoint` and `--dry-run`: the exit code and what
/// was printed on stdout and stderr.
fn dry_run(args: &[&str]) -> (Option<i32>, String, String) {
    let mut full = vec!["--endpoint", "http://127.0.0.1:9", "--dry-run"];
    full.extend_from_slice(args);
    let output = run(&full);
    (output.status.code(), stdout(&output), stderr(&output))
}

/// Asserts that `args` is refused with exit code 2 and a message holding
/// each of `mentions`.
#[track_caller]
fn assert_refused(args: &[&str], mentions: &[&str]) {
    let (code, out, err) = dry_run(args);
    assert_eq!(code, Some(2), "{args:?}: stdout {out}, stderr {err}");
    assert_eq!(out, "", "{args:?}: nothing is printed on stdout");
    for text in mentions {
        assert!(err.contains(text), "{args:?}: {text:?} missing from {err}");
    }
}

/// The request line of a printed request, after the unsigned-request note.
fn request_line(printed: &str) -> &str {
    printed
        .lines()
        .find(|line| !line.starts_with('#'))
        .unwrap_or_default()
}

#[test]
fn help_lists_enum_values_defaults_ranges_and_the_plain_route() {
    let output = run(&["list-plants", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let help = stdout(&output);
    for expected in [
        "GET /v1/plants",
        "fern",
        "cactus",
        "palm",
        "[default: 10]",
        "[default: false]",
        "[range: 1..=50]",
        "[range: > 0 and <= 1]",
        "[repeatable: one item each time]",
        "--endpoint <URL>",
        "what the service assumes when the flag is left out",
    ] {
        assert!(
            help.contains(expected),
            "--help lacks {expected:?}:\n{help}"
        );
    }
    assert!(!help.contains('`'), "no markdown in the help:\n{help}");

    let help = stdout(&run(&["add-plant", "--help"]));
    for expected in [
        "POST /v1/plants",
        "--name <NAME>",
        "--body <FILE>",
        "[required unless --body is given]",
        "replace those fields",
    ] {
        assert!(
            help.contains(expected),
            "--help lacks {expected:?}:\n{help}"
        );
    }

    let version = run(&["--version"]);
    assert_eq!(stdout(&version), "snapshot-cli-program 1.0.0\n");
}

#[test]
fn without_a_server_in_the_spec_endpoint_is_required() {
    let output = run(&["--dry-run", "list-plants"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(err.contains("--endpoint <URL>"), "{err}");
    assert!(!err.contains("is not a URL"), "{err}");
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("names no server"), "{help}");
}

#[test]
fn wrong_values_are_refused_in_the_parsers_words() {
    assert_refused(
        &["list-plants", "--limit", "five"],
        &["invalid value 'five' for '--limit <LIMIT>'"],
    );
    assert_refused(&["list-plants", "--limit", "51"], &["51 is not in 1..=50"]);
    assert_refused(
        &["list-plants", "--kind", "rose"],
        &[
            "invalid value 'rose'",
            "[possible values: fern, cactus, palm]",
        ],
    );
    assert_refused(
        &["list-plants", "--light", "0"],
        &["0 is not in > 0 and <= 1"],
    );
    assert_refused(&["list-plants", "--light", "dim"], &["'--light <LIGHT>'"]);
    assert_refused(&["list-plants", "--watered", "maybe"], &["'maybe'"]);
    assert_refused(
        &["list-plants", "--shelf", "4"],
        &["[possible values: 1, 2, 3]"],
    );
    assert_refused(
        &["add-plant", "--name", "n", "--heights", "-1"],
        &["--heights"],
    );
    assert_refused(&["add-plant", "--pot", "{"], &["not valid JSON"]);
}

#[test]
fn typed_and_repeated_flags_make_the_query_and_defaults_stay_unsent() {
    let (code, out, err) = dry_run(&[
        "list-plants",
        "--tag",
        "a b",
        "--tag",
        "c",
        "--limit",
        "5",
        "--kind",
        "palm",
        "--light",
        "0.5",
        "--watered",
        "--shelf",
        "2",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        request_line(&out),
        "GET /v1/plants?kind=palm&light=0.5&limit=5&shelf=2&tag=a%20b&tag=c&watered=true HTTP/1.1",
        "{out}"
    );
    let (code, out, err) = dry_run(&["list-plants", "--watered", "false"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(request_line(&out), "GET /v1/plants?watered=false HTTP/1.1");
    let (code, out, err) = dry_run(&["list-plants"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        request_line(&out),
        "GET /v1/plants HTTP/1.1",
        "a default is the service's, not sent"
    );
    // Without credentials the request is shown, marked as not signed,
    // naming the option and the variable that would sign it.
    let note = out.lines().next().unwrap_or_default();
    assert!(note.starts_with("# Not signed"), "{out}");
    assert!(note.contains("--bearer-token"), "{note}");
    assert!(note.contains("SNAPSHOT_CLI_PROGRAM_BEARER_TOKEN"), "{note}");
    assert!(!out.contains("Authorization"), "{out}");

    let secret = "bearer-secret-value";
    let (code, out, err) = dry_run(&["--bearer-token", secret, "list-plants"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("GET /v1/plants HTTP/1.1\n"), "{out}");
    assert!(out.contains("Authorization: "), "{out}");
    assert!(!out.contains(secret), "{out}");
}

#[test]
fn a_body_comes_from_field_flags_and_a_file_and_unknown_fields_are_refused() {
    let body_of = |printed: &str| -> serde_json::Value {
        let (_, body) = printed
            .split_once("\n\n")
            .expect("a blank line before the body");
        assert!(
            body.ends_with('\n'),
            "the body ends with a line break: {printed:?}"
        );
        serde_json::from_str(body).expect("the body is JSON")
    };
    let (code, out, err) = dry_run(&[
        "add-plant",
        "--name",
        "Bracken",
        "--heights",
        "3",
        "--heights",
        "4",
        "--pot",
        r#"{"colour": "red"}"#,
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        body_of(&out),
        serde_json::json!({"name": "Bracken", "heights": [3, 4], "pot": {"colour": "red"}})
    );

    let dir = std::env::temp_dir().join(format!("cli-program-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write a body file");
        path.to_str().expect("a UTF-8 path").to_owned()
    };
    let file = write("plant.json", r#"{"name": "Moss", "kind": "fern"}"#);
    let (code, out, err) = dry_run(&["add-plant", "--body", &file, "--name", "Ivy"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        body_of(&out),
        serde_json::json!({"name": "Ivy", "kind": "fern"}),
        "a field flag replaces that field of the file"
    );

    let misspelt = write("misspelt.json", r#"{"name": "Moss", "colour": "red"}"#);
    assert_refused(
        &["add-plant", "--body", &misspelt],
        &["unknown field `colour`"],
    );
    let nested = write("nested.json", r#"{"name": "Moss", "pot": {"size": 2}}"#);
    assert_refused(&["add-plant", "--body", &nested], &["`pot.size`"]);
    assert_refused(
        &[
            "add-plant",
            "--pot",
            r#"{"litres": 2, "shape": "round"}"#,
            "--name",
            "n",
        ],
        &["`pot.shape`"],
    );
    assert_refused(&["add-plant", "--kind", "fern"], &["--name <NAME>"]);
    std::fs::remove_dir_all(&dir).expect("remove the temporary folder");
}

#[test]
fn without_credentials_nothing_is_sent_and_the_options_are_named() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
    let output = run(&["--endpoint", &endpoint, "list-plants"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(err.contains("--bearer-token"), "{err}");
    assert!(err.contains("SNAPSHOT_CLI_PROGRAM_BEARER_TOKEN"), "{err}");
    assert!(
        listener.accept().is_err(),
        "nothing connected to the endpoint"
    );
}
