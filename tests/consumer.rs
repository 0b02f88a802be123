//! What a new user does first, done as they would: a crate outside this
//! workspace, laid out as the README says, depending on the generated crate
//! by the README's path and running the README's quick start against a
//! local server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nested_cargo::write_if_changed;

#[path = "../generator/tests/support/nested_cargo.rs"]
mod nested_cargo;

/// The repository root.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of its own outside the workspace (a crate inside it would be
/// taken for a member). It is the same on every run for a given target
/// folder, and kept afterwards, so that a re-run with nothing changed finds
/// the crates built there up to date instead of compiling them anew.
fn scratch(name: &str) -> PathBuf {
    let target: String = nested_cargo::target_dir()
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let dir = std::env::temp_dir()
        .join("huaweicloud-codegen-consumer")
        .join(target)
        .join(name);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The first fenced block of `language` after `heading` in the README.
fn readme_block(heading: &str, language: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let after = &readme[readme.find(heading).expect("heading in the README")..];
    let fence = format!("```{language}\n");
    let start = after.find(&fence).expect("code block") + fence.len();
    let end = start + after[start..].find("\n```").expect("closed block");
    after[start..end].to_owned()
}

/// One request as the local server read it: its request line and body.
#[derive(Debug)]
struct Seen {
    line: String,
    body: String,
}

/// An HTTP/1.1 server on 127.0.0.1 answering each request with
/// `answer(method)` (status and body) and reporting what it read; it stops
/// by itself after `lifetime`.
fn serve(
    answer: fn(&str) -> (u16, &'static str),
    lifetime: Duration,
) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("non-blocking");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let deadline = Instant::now() + lifetime;
        while Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            stream.set_nonblocking(false).expect("blocking");
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut length = 0;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let method = line.split(' ').next().unwrap_or("").to_owned();
            let (status, text) = answer(&method);
            let reply = format!(
                "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
            let _ = reader.get_mut().write_all(reply.as_bytes());
            let _ = sender.send(Seen {
                line: line.trim_end().to_owned(),
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
    });
    (format!("http://{address}"), receiver)
}

/// Runs cargo `args` in `dir` with the workspace's target folder, so that
/// dependencies built by the outer `cargo test` are reused.
fn cargo(dir: &Path, what: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    nested_cargo::cargo(&nested_cargo::target_dir(), what)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs")
}

#[test]
fn the_readme_quick_start_runs_in_a_crate_outside_the_workspace() {
    let root = scratch("readme");
    // The README's layout: this repository beside the user's project.
    let link = root.join("huaweicloud-codegen");
    if std::fs::read_link(&link).ok() != Some(repo()) {
        let _ = std::fs::remove_file(&link);
        #[cfg(unix)]
        std::os::unix::fs::symlink(repo(), &link).expect("link");
    }
    let app = root.join("my-app");
    let manifest = format!(
        "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n{}\n",
        readme_block("## Using the generated crate", "toml")
    );
    write_if_changed(&app.join("Cargo.toml"), manifest.as_bytes());
    write_if_changed(
        &app.join("src/main.rs"),
        readme_block("## Using the generated crate", "rust,no_run").as_bytes(),
    );
    // The workspace's lock file: the same versions, and no resolution.
    let lock = std::fs::read(repo().join("Cargo.lock")).expect("lock file");
    write_if_changed(&app.join("Cargo.lock"), &lock);

    let (endpoint, seen) = serve(
        |method| {
            if method == "POST" {
                (200, "")
            } else {
                (204, "")
            }
        },
        Duration::from_secs(600),
    );
    let output = cargo(
        &app,
        "a consumer crate laid out as the README says",
        &["run", "--quiet"],
        &[
            ("IAM_ENDPOINT", endpoint.as_str()),
            ("HUAWEICLOUD_SDK_AK", "AKEXAMPLE"),
            ("HUAWEICLOUD_SDK_SK", "secret-example"),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the quick start failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("disabled (request id"), "{stdout}");
    assert!(stdout.ends_with("deleted\n"), "{stdout}");
    let first = seen
        .recv_timeout(Duration::from_secs(5))
        .expect("the disable request");
    assert_eq!(first.line, "POST /v5/mfa-devices/disable HTTP/1.1");
    assert_eq!(
        first.body,
        r#"{"user_id": "user-id", "serial_number": "iam::account-id:mfa:phone"}"#
    );
    let second = seen
        .recv_timeout(Duration::from_secs(5))
        .expect("the delete request");
    assert_eq!(
        second.line,
        "DELETE /v3.0/OS-MFA/virtual-mfa-devices?serial_number=iam%3Aaccount-id%3Amfa%2Fmy%20device&user_id=user-id HTTP/1.1"
    );
}
