//! The `huaweicloud-codegen` binary, driven as a user would, in temporary folders.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use huaweicloud_codegen::{generate_from_str, Options};
use support::{copy_dir, read_tree, repo_root, write_file};

/// Runs the binary in `dir` with `args`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run huaweicloud-codegen")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit status\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout(output),
        stderr(output)
    );
}

/// A temporary folder holding a copy of the repository's spec at
/// `spec/iam-mfa.yaml`, so the binary's defaults apply inside it.
fn with_repository_spec() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let spec = std::fs::read_to_string(repo_root().join("spec/iam-mfa.yaml"))
        .expect("read spec/iam-mfa.yaml");
    write_file(&dir.path().join("spec/iam-mfa.yaml"), &spec);
    dir
}

/// The block that adds `GET /v3.0/OS-MFA/virtual-mfa-devices` to the spec.
const LIST_OPERATION: &str = r#"    get:
      operationId: ListVirtualMfaDevices
      summary: List virtual MFA devices.
      tags: [mfa]
      security:
        - authToken: []
        - akskSignature: []
      responses:
        "200":
          description: The virtual MFA devices of the account.
          content:
            application/json:
              schema:
                type: object
                properties:
                  virtual_mfa_devices:
                    type: array
                    items:
                      type: object
                      properties:
                        serial_number:
                          type: string
                        user_id:
                          type: string
"#;

/// Adds [`LIST_OPERATION`] to the spec copy in `dir`.
fn add_list_operation(dir: &Path) {
    let path = dir.join("spec/iam-mfa.yaml");
    let spec = std::fs::read_to_string(&path).expect("read the spec copy");
    let anchor = "  /v3.0/OS-MFA/virtual-mfa-devices:\n";
    assert!(
        spec.contains(anchor),
        "the spec no longer has the path {anchor:?}"
    );
    let spec = spec.replacen(anchor, &format!("{anchor}{LIST_OPERATION}"), 1);
    assert!(!spec.contains("ListVirtualMfaDevices\n      operationId"));
    std::fs::write(&path, spec).expect("write the spec copy");
}

/// (a) `--check` on output that is up to date: exit 0, nothing on stdout.
#[test]
fn check_on_fresh_output_succeeds_silently() {
    let dir = with_repository_spec();
    let generate = run(
        dir.path(),
        &["--spec", "spec/iam-mfa.yaml", "--out", "client"],
    );
    assert_exit(&generate, 0);
    let check = run(
        dir.path(),
        &["--check", "--spec", "spec/iam-mfa.yaml", "--out", "client"],
    );
    assert_exit(&check, 0);
    assert_eq!(stdout(&check), "", "--check printed on stdout");
    assert!(
        stderr(&check).contains("up to date"),
        "stderr: {}",
        stderr(&check)
    );
}

/// (b) The committed client and spec, copied; a fourth operation makes
/// `--check` fail with a diff, regenerating adds the method, and `--check`
/// passes again. The binary runs with its defaults (`spec/iam-mfa.yaml` →
/// `generated/`), as in the repository.
#[test]
fn new_operation_is_reported_then_generated() {
    let dir = with_repository_spec();
    copy_dir(
        &repo_root().join("generated"),
        &dir.path().join("generated"),
    );
    add_list_operation(dir.path());

    let check = run(dir.path(), &["--check"]);
    assert_exit(&check, 1);
    let diff = stdout(&check);
    assert!(
        diff.contains("--- a/src/") && diff.contains("+++ b/src/") && diff.contains("\n@@ "),
        "stdout should be a unified diff:\n{diff}"
    );
    assert!(
        diff.lines()
            .any(|l| l.starts_with('+') && l.contains("list_virtual_mfa_devices")),
        "the diff should add list_virtual_mfa_devices:\n{diff}"
    );
    assert!(
        stderr(&check).contains("stale"),
        "stderr: {}",
        stderr(&check)
    );
    let operations = std::fs::read_to_string(dir.path().join("generated/src/operations.rs"))
        .expect("read operations.rs");
    assert!(
        !operations.contains("list_virtual_mfa_devices"),
        "--check must not write"
    );

    let regenerate = run(dir.path(), &[]);
    assert_exit(&regenerate, 0);
    let operations = std::fs::read_to_string(dir.path().join("generated/src/operations.rs"))
        .expect("read operations.rs");
    assert!(
        operations.contains("pub async fn list_virtual_mfa_devices"),
        "operations.rs lacks the new method:\n{operations}"
    );

    let check = run(dir.path(), &["--check"]);
    assert_exit(&check, 0);
    assert_eq!(stdout(&check), "");
}

fn set_mtime(path: &Path, time: SystemTime) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .unwrap_or_else(|e| panic!("set the time of {}: {e}", path.display()));
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    read_tree(dir)
        .into_keys()
        .map(|relative| {
            let time = std::fs::metadata(dir.join(&relative))
                .and_then(|m| m.modified())
                .expect("modification time");
            (relative, time)
        })
        .collect()
}

/// (c) Regenerating rewrites exactly the files whose contents change; the
/// others keep their modification time.
#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = with_repository_spec();
    let out = dir.path().join("generated");
    assert_exit(&run(dir.path(), &[]), 0);
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(946_684_800); // 2000-01-01
    for relative in read_tree(&out).into_keys() {
        set_mtime(&out.join(relative), old);
    }

    // Same spec: nothing is written.
    let again = run(dir.path(), &[]);
    assert_exit(&again, 0);
    assert!(
        stderr(&again).contains(" 0 written"),
        "stderr: {}",
        stderr(&again)
    );
    for (relative, time) in mtimes(&out) {
        assert_eq!(time, old, "{relative} was rewritten although unchanged");
    }

    // One more operation: only the files whose contents change are written.
    let before = read_tree(&out);
    add_list_operation(dir.path());
    let changed = run(dir.path(), &[]);
    assert_exit(&changed, 0);
    let after = read_tree(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let times = mtimes(&out);
    let mut rewritten = Vec::new();
    for (relative, contents) in &after {
        let differs = before[relative] != *contents;
        let touched = times[relative] != old;
        assert_eq!(
            differs, touched,
            "{relative}: contents changed: {differs}, rewritten: {touched}"
        );
        if differs {
            rewritten.push(relative.clone());
        }
    }
    assert!(
        rewritten.contains(&"src/operations.rs".to_owned()),
        "rewritten: {rewritten:?}"
    );
    assert!(
        !rewritten.contains(&"src/signer.rs".to_owned()),
        "rewritten: {rewritten:?}"
    );
    let report = format!(
        "{} written, {} unchanged, 0 removed",
        rewritten.len(),
        after.len() - rewritten.len()
    );
    assert!(
        stderr(&changed).contains(&report),
        "stderr should say {report:?}: {}",
        stderr(&changed)
    );
}

/// Generated files that are no longer produced are removed; files without
/// the generated marker are left alone.
#[test]
fn leftover_generated_files_are_removed_and_others_kept() {
    let dir = with_repository_spec();
    let out = dir.path().join("generated");
    assert_exit(&run(dir.path(), &[]), 0);
    write_file(
        &out.join("src/old_module.rs"),
        "// @generated by huaweicloud-codegen from spec/iam-mfa.yaml. Do not edit by hand.\npub fn old() {}\n",
    );
    write_file(&out.join("src/hand_written.rs"), "pub fn mine() {}\n");

    let check = run(dir.path(), &["--check"]);
    assert_exit(&check, 1);
    assert!(
        stdout(&check).contains("a/src/old_module.rs"),
        "{}",
        stdout(&check)
    );
    assert!(
        !stdout(&check).contains("hand_written"),
        "{}",
        stdout(&check)
    );

    let regenerate = run(dir.path(), &[]);
    assert_exit(&regenerate, 0);
    assert!(
        stderr(&regenerate).contains("1 removed"),
        "{}",
        stderr(&regenerate)
    );
    assert!(!out.join("src/old_module.rs").exists());
    assert!(out.join("src/hand_written.rs").exists());
}

/// (d) `--help` and `-h` print the usage and exit 0.
#[test]
fn help_exits_zero() {
    let dir = tempfile::tempdir().expect("temporary folder");
    for flag in ["--help", "-h"] {
        let output = run(dir.path(), &[flag]);
        assert_exit(&output, 0);
        let text = stdout(&output);
        assert!(
            text.contains("Usage: huaweicloud-codegen"),
            "{flag}: {text}"
        );
        for option in ["--spec", "--out", "--name", "--check"] {
            assert!(text.contains(option), "{flag} does not document {option}");
        }
    }
    assert!(
        read_tree(dir.path()).is_empty(),
        "--help must not write anything"
    );
}

/// (d) A bad command line exits 2 with the usage on stderr.
#[test]
fn bad_arguments_exit_two() {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (args, mentions) in [
        (&["--frobnicate"][..], "--frobnicate"),
        (&["--spec"][..], "--spec needs a value"),
        (&["--check", "extra"][..], "extra"),
    ] {
        let output = run(dir.path(), args);
        assert_exit(&output, 2);
        let text = stderr(&output);
        assert!(text.contains(mentions), "{args:?}: {text}");
        assert!(text.contains("Usage:"), "{args:?}: {text}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    assert!(read_tree(dir.path()).is_empty());
}

/// (e) `--out` into an empty folder writes the whole crate, every file
/// starting with the `@generated` line, exactly as the library generates it.
#[test]
fn out_into_an_empty_folder_writes_a_complete_crate() {
    let dir = with_repository_spec();
    std::fs::create_dir(dir.path().join("fresh")).expect("create the empty folder");
    let output = run(
        dir.path(),
        &["--spec", "spec/iam-mfa.yaml", "--out", "fresh"],
    );
    assert_exit(&output, 0);
    let written = read_tree(&dir.path().join("fresh"));

    let text =
        std::fs::read_to_string(dir.path().join("spec/iam-mfa.yaml")).expect("read the spec");
    let expected = generate_from_str(&text, &Options::new("spec/iam-mfa.yaml", "fresh"))
        .expect("the library generates the spec");
    let expected_paths: Vec<&str> = expected.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = expected_paths.clone();
    sorted.sort();
    assert_eq!(
        written.keys().map(String::as_str).collect::<Vec<_>>(),
        sorted,
        "the written files (and nothing else, no temporary files)"
    );
    for required in [
        "Cargo.toml",
        "src/lib.rs",
        "src/types.rs",
        "src/operations.rs",
        "src/operation_errors.rs",
    ]
    .into_iter()
    .chain(support::KNOWN_RUNTIME_FILES.iter().copied())
    {
        assert!(written.contains_key(required), "{required} is missing");
    }

    let header = "@generated by huaweicloud-codegen from spec/iam-mfa.yaml. Do not edit by hand.";
    for (path, bytes) in &written {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let first = text.lines().next().unwrap_or_default();
        let regenerate = "Regenerate with: cargo run -p huaweicloud-codegen";
        if path.ends_with(".json") {
            // JSON has no comments: the header is the value of the first key.
            let json: serde_json::Value = serde_json::from_str(text).expect("JSON");
            let generated = json["generated"].as_str().unwrap_or_default();
            assert!(
                generated.starts_with(header) && generated.contains(regenerate),
                "{path}: header {generated:?}"
            );
            continue;
        }
        let prefix = match path.rsplit_once('.').map(|(_, extension)| extension) {
            Some("rs") => "// ",
            Some("md") => "<!-- ",
            _ => "# ",
        };
        assert_eq!(
            first,
            format!("{prefix}{header}"),
            "{path} starts with the wrong line"
        );
        assert!(
            text.lines().nth(1).is_some_and(|l| l.contains(regenerate)),
            "{path}: second header line"
        );
    }

    // Byte for byte what the library produces from the same spec and paths.
    for file in &expected {
        assert!(
            written[&file.path] == file.contents.as_bytes(),
            "{} differs from the library's output",
            file.path
        );
    }
    assert!(
        stderr(&output).contains(&format!("{} written, 0 unchanged", expected.len())),
        "{}",
        stderr(&output)
    );
}

/// A line break (or another control character) in `--out`, `--spec` or
/// `--name` would be written raw into every file's header, ending the
/// comment: refused before anything is read or written, naming the flag.
#[test]
fn control_characters_in_paths_and_name_are_refused() {
    let dir = with_repository_spec();
    let before = read_tree(dir.path());
    let injected = "client\n[patch.crates-io]\nserde = { path = \"/tmp/evil\" }\n";
    for (flag, args) in [
        ("--out", vec!["--out", injected]),
        ("--spec", vec!["--spec", "spec/iam-mfa.yaml\n# x"]),
        (
            "--name",
            vec!["--out", "client", "--name", "iam\u{1b}[2Jmfa"],
        ),
        ("--out", vec!["--out", "client\u{2028}x"]),
        // The Arabic letter mark, which rustc's text-direction lints deny.
        ("--out", vec!["--out", "client\u{061C}x"]),
    ] {
        for check in [false, true] {
            let mut args = args.clone();
            if check {
                args.push("--check");
            }
            let output = run(dir.path(), &args);
            assert_exit(&output, 2);
            let text = stderr(&output);
            assert!(
                text.contains(&format!("{flag}: ")) && text.contains("control character"),
                "{args:?}: {text}"
            );
        }
    }
    assert_eq!(read_tree(dir.path()), before, "nothing may be written");
    // The library refuses the same options.
    let spec = std::fs::read_to_string(dir.path().join("spec/iam-mfa.yaml")).unwrap();
    let error = generate_from_str(&spec, &Options::new("spec/iam-mfa.yaml", injected))
        .expect_err("a line break in the output folder");
    assert!(error.to_string().starts_with("--out: "), "{error}");
}

/// Paths with spaces or shell metacharacters are quoted in the header's
/// command, so it can be pasted into a shell as it is.
#[test]
fn header_command_quotes_paths() {
    let dir = with_repository_spec();
    std::fs::rename(
        dir.path().join("spec/iam-mfa.yaml"),
        dir.path().join("spec/it's mine.yaml"),
    )
    .unwrap();
    let output = run(
        dir.path(),
        &["--spec", "spec/it's mine.yaml", "--out", "my client;x"],
    );
    assert_exit(&output, 0);
    let manifest = std::fs::read_to_string(dir.path().join("my client;x/Cargo.toml")).unwrap();
    let second = manifest.lines().nth(1).unwrap_or_default();
    assert_eq!(
        second,
        "# Regenerate with: cargo run -p huaweicloud-codegen -- --spec 'spec/it'\\''s mine.yaml' --out 'my client;x'"
    );
    let check = run(
        dir.path(),
        &[
            "--check",
            "--spec",
            "spec/it's mine.yaml",
            "--out",
            "my client;x",
        ],
    );
    assert_exit(&check, 0);
}
