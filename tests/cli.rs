//! The generated command-line program `iam-mfa`, driven as a real process
//! against a local mock server: each subcommand sends what the library
//! sends, each exit code is reached, and `--dry-run` or a validation failure
//! sends nothing.

#[path = "../generator/tests/support/nested_cargo.rs"]
mod nested_cargo;
mod support;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Builds the binary once and returns its path. The nested build uses
/// this test's own target folder and profile and resolves features as
/// `cargo test --workspace` does (a test target of the workspace is
/// selected, so dev-dependencies count), so right after that command it
/// finds everything up to date and returns at once.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let profile = nested_cargo::profile_name();
        let status = nested_cargo::cargo(&nested_cargo::target_dir(), "the iam-mfa program")
            .args([
                "build",
                "--quiet",
                "--workspace",
                "--profile",
                &profile,
                "--features",
                "huaweicloud-iam-mfa/cli",
                "--bin",
                "iam-mfa",
                "--test",
                "cli",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building iam-mfa failed");
        let exe = nested_cargo::profile_dir().join("iam-mfa");
        assert!(exe.is_file(), "cargo built no {}", exe.display());
        exe
    })
}

/// Runs `iam-mfa` with `args`, a clean environment and optional stdin.
fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("iam-mfa starts");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().expect("iam-mfa finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn mock(server: &MockServer, http_method: &str, at: &str, status: u16, body: &str) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("X-Request-Id", "req-cli")
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(server)
        .await;
}

/// Arguments, environment, and what stderr must mention.
type UsageCase<'a> = (Vec<&'a str>, &'a [(&'a str, &'a str)], &'a str);

const AKSK_ENV: &[(&str, &str)] = &[
    ("HUAWEICLOUD_SDK_AK", ACCESS_KEY),
    ("HUAWEICLOUD_SDK_SK", SECRET_KEY),
    ("HUAWEICLOUD_SDK_DOMAIN_ID", DOMAIN_ID),
];

#[test]
fn help_lists_every_operation_and_the_exit_codes() {
    let output = run(&["--help"], &[], None);
    assert!(output.status.success());
    let help = text(&output.stdout);
    for expected in [
        "disable-mfa-device-v5",
        "delete-mfa-device",
        "unbind-mfa-device",
        "--dry-run",
        "--endpoint",
        "Exit codes:",
        "HUAWEICLOUD_SDK_AK",
    ] {
        assert!(help.contains(expected), "--help lacks {expected}:\n{help}");
    }
    assert!(
        help.contains("--endpoint <URL>          The endpoint to call [default: https://iam.myhuaweicloud.com]"),
        "--endpoint shows the spec's server:\n{help}"
    );
    let sub = text(&run(&["unbind-mfa-device", "--help"], &[], None).stdout);
    for flag in [
        "--user-id",
        "--authentication-code",
        "--serial-number",
        "--body",
        "\n\nPUT /v3.0/OS-MFA/mfa-devices/unbind\n",
        "[required unless --body is given]",
        "iam-mfa unbind-mfa-device [OPTIONS] --body <FILE>",
    ] {
        assert!(sub.contains(flag), "unbind --help lacks {flag}:\n{sub}");
    }
    assert!(!sub.contains('`'), "no markdown in the help:\n{sub}");
}

#[test]
fn version_names_the_program() {
    let output = run(&["--version"], &[], None);
    assert_eq!(output.status.code(), Some(0));
    let version = text(&output.stdout);
    // The crate's version, which its `User-Agent` carries after the
    // package's name.
    let (package, crate_version) = huaweicloud_iam_mfa::USER_AGENT.split_once('/').unwrap();
    assert_eq!(package, "huaweicloud-iam-mfa");
    assert_eq!(
        version,
        format!("{} {crate_version}\n", spec_api().cli_name)
    );
    assert!(version.starts_with("iam-mfa "), "{version}");
}

#[tokio::test]
async fn disable_with_aksk_from_the_environment_sends_a_signed_request() {
    let server = MockServer::start().await;
    mock(&server, "POST", "/v5/mfa-devices/disable", 200, "").await;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "disable-mfa-device-v5",
            "--user-id",
            "u-1",
            "--serial-number",
            "iam::1:mfa:名前",
        ],
        AKSK_ENV,
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(text(&output.stdout), "", "no body, nothing printed");
    let request = only_request(&server).await;
    assert_eq!(
        expected_authorization(&request, ACCESS_KEY, SECRET_KEY).as_deref(),
        request.headers["authorization"].to_str().ok()
    );
    assert_eq!(request.headers["x-domain-id"], DOMAIN_ID);
    // The same bytes the library sends for the same input.
    assert_eq!(
        text(&request.body),
        r#"{"user_id": "u-1", "serial_number": "iam::1:mfa:\u540d\u524d"}"#
    );
}

#[tokio::test]
async fn delete_with_a_token_flag_encodes_the_query_like_the_library() {
    let server = MockServer::start().await;
    mock(
        &server,
        "DELETE",
        "/v3.0/OS-MFA/virtual-mfa-devices",
        204,
        "",
    )
    .await;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "--token",
            TOKEN,
            "delete-mfa-device",
            "--user-id",
            "u 1",
            "--serial-number",
            "iam:1:mfa/dev ice+x&y=z",
        ],
        &[],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("serial_number=iam%3A1%3Amfa%2Fdev%20ice%2Bx%26y%3Dz&user_id=u%201")
    );
    assert_eq!(request.headers["x-auth-token"], TOKEN);
}

#[tokio::test]
async fn unbind_reads_the_whole_body_from_stdin() {
    let server = MockServer::start().await;
    mock(&server, "PUT", "/v3.0/OS-MFA/mfa-devices/unbind", 204, "").await;
    let body = r#"{"user_id": "u-9", "authentication_code": "373658", "serial_number": "iam:1:mfa/phone"}"#;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "unbind-mfa-device",
            "--body",
            "-",
        ],
        &[("HUAWEICLOUD_SDK_AUTH_TOKEN", TOKEN)],
        Some(body),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let request = only_request(&server).await;
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, serde_json::from_str::<Value>(body).unwrap());
    assert_eq!(
        request.headers["content-type"],
        "application/json;charset=utf-8"
    );
}

#[tokio::test]
async fn unknown_fields_in_the_body_are_refused_by_name() {
    let server = MockServer::start().await;
    mock(&server, "PUT", "/v3.0/OS-MFA/mfa-devices/unbind", 204, "").await;
    let body = r#"{"user_id": "u-9", "authentication_code": "1", "serial_number": "s", "serial_numbr": "t"}"#;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "unbind-mfa-device",
            "--body",
            "-",
        ],
        &[("HUAWEICLOUD_SDK_AUTH_TOKEN", TOKEN)],
        Some(body),
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown field `serial_numbr`"), "{stderr}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_api_error_exits_3_with_one_json_object_on_stderr() {
    let server = MockServer::start().await;
    mock(
        &server,
        "POST",
        "/v5/mfa-devices/disable",
        403,
        r#"{"error_code":"IAM.0003","error_msg":"denied","request_id":"r-1","encoded_authorization_message":"x"}"#,
    )
    .await;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "--verbose",
            "disable-mfa-device-v5",
            "--user-id",
            "u",
            "--serial-number",
            "s",
        ],
        AKSK_ENV,
        None,
    );
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    let json_line = stderr
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON on stderr: {stderr}"));
    let object: Value = serde_json::from_str(json_line).unwrap();
    assert_eq!(object["status"], 403);
    assert_eq!(object["error_code"], "IAM.0003");
    assert_eq!(object["error_msg"], "denied");
    assert_eq!(object["request_id"], "req-cli", "the header comes first");
    assert!(
        stderr.contains("HTTP 403"),
        "--verbose shows the status: {stderr}"
    );
    assert!(stderr.contains("request id: req-cli"), "{stderr}");
}

#[tokio::test]
async fn garbage_from_the_server_is_exit_3_not_a_panic() {
    let server = MockServer::start().await;
    mock(
        &server,
        "DELETE",
        "/v3.0/OS-MFA/virtual-mfa-devices",
        502,
        "<html>bad gateway",
    )
    .await;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "--token",
            TOKEN,
            "delete-mfa-device",
            "--user-id",
            "u",
            "--serial-number",
            "s",
        ],
        &[],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(3),
        "stderr: {}",
        text(&output.stderr)
    );
    assert!(!text(&output.stderr).contains("panicked"));
}

#[tokio::test]
async fn validation_and_usage_errors_exit_2_and_send_nothing() {
    let server = MockServer::start().await;
    mock(&server, "POST", "/v5/mfa-devices/disable", 200, "").await;
    // One character over the spec's limit.
    let long = "x".repeat(spec_max_length("DisableMfaDeviceV5Request", "serial_number") + 1);
    let cases: Vec<UsageCase> = vec![
        (
            vec![
                "disable-mfa-device-v5",
                "--user-id",
                "u",
                "--serial-number",
                &long,
            ],
            AKSK_ENV,
            "serial_number",
        ),
        (
            vec!["disable-mfa-device-v5", "--user-id", "u"],
            AKSK_ENV,
            "--serial-number",
        ),
        (
            vec![
                "disable-mfa-device-v5",
                "--user-id",
                "u",
                "--serial-number",
                "s",
            ],
            &[("HUAWEICLOUD_SDK_AK", ACCESS_KEY)],
            "HUAWEICLOUD_SDK_SK",
        ),
        (
            vec![
                "--token",
                TOKEN,
                "disable-mfa-device-v5",
                "--user-id",
                "u",
                "--serial-number",
                "s",
            ],
            &[],
            "AK/SK",
        ),
        (
            vec!["disable-mfa-device-v5", "--body", "/nonexistent/body.json"],
            AKSK_ENV,
            "/nonexistent/body.json",
        ),
        (
            vec![
                "--timeout",
                "0",
                "disable-mfa-device-v5",
                "--user-id",
                "u",
                "--serial-number",
                "s",
            ],
            AKSK_ENV,
            "--timeout",
        ),
        (vec!["no-such-command"], AKSK_ENV, "no-such-command"),
    ];
    let endpoint = server.uri();
    for (args, env, mentions) in cases {
        let mut full = vec!["--endpoint", endpoint.as_str()];
        full.extend(args.iter().copied());
        let output = run(&full, env, None);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(mentions),
            "{args:?}: stderr should mention {mentions}: {stderr}"
        );
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn dry_run_prints_the_signed_request_with_secrets_redacted_and_sends_nothing() {
    let server = MockServer::start().await;
    let env = [
        ("HUAWEICLOUD_SDK_AK", ACCESS_KEY),
        ("HUAWEICLOUD_SDK_SK", SECRET_KEY),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
    ];
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "--dry-run",
            "delete-mfa-device",
            "--user-id",
            "u",
            "--serial-number",
            "iam:1:mfa/d",
        ],
        &env,
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    let shown = text(&output.stdout);
    assert!(
        shown.starts_with("DELETE /v3.0/OS-MFA/virtual-mfa-devices?serial_number=iam%3A1%3Amfa%2Fd&user_id=u HTTP/1.1"),
        "{shown}"
    );
    assert!(shown.contains("X-Sdk-Date: "), "{shown}");
    assert!(
        shown.contains(&format!(
            "Authorization: SDK-HMAC-SHA256 Access={ACCESS_KEY}, SignedHeaders="
        )),
        "{shown}"
    );
    assert!(shown.contains("Signature=<redacted>"), "{shown}");
    assert!(shown.contains("X-Security-Token: <redacted>"), "{shown}");
    for secret in [SECRET_KEY, SECURITY_TOKEN] {
        assert!(!shown.contains(secret), "a secret was printed: {shown}");
    }
    assert!(shown.ends_with('\n'), "{shown:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn missing_credentials_name_the_flags_and_variables_and_send_nothing() {
    let server = MockServer::start().await;
    let endpoint = server.uri();
    let hints = [
        "--ak",
        "--sk",
        "HUAWEICLOUD_SDK_AK",
        "--token",
        "HUAWEICLOUD_SDK_AUTH_TOKEN",
    ];
    let command = [
        "delete-mfa-device",
        "--user-id",
        "u",
        "--serial-number",
        "s",
    ];
    let mut args = vec!["--endpoint", endpoint.as_str()];
    args.extend(command);
    let output = run(&args, &[], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    for hint in hints {
        assert!(stderr.contains(hint), "{hint} missing from {stderr}");
    }
    assert!(!stderr.contains("ClientBuilder"), "{stderr}");

    // A dry run shows the request anyway, marked as not signed.
    let mut args = vec!["--endpoint", endpoint.as_str(), "--dry-run"];
    args.extend(command);
    let output = run(&args, &[], None);
    let shown = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let (note, request) = shown.split_once('\n').unwrap();
    assert!(
        note.starts_with("# Not signed: no credentials were given"),
        "{shown}"
    );
    for hint in hints {
        assert!(note.contains(hint), "{hint} missing from {note}");
    }
    assert!(
        request.starts_with(
            "DELETE /v3.0/OS-MFA/virtual-mfa-devices?serial_number=s&user_id=u HTTP/1.1\n"
        ),
        "{shown}"
    );
    assert!(!request.contains("Authorization"), "{shown}");
    assert!(!request.contains("X-Sdk-Date"), "{shown}");
    assert!(shown.ends_with('\n'), "{shown:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn an_unreachable_endpoint_exits_4() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let output = run(
        &[
            "--endpoint",
            &endpoint,
            "--token",
            TOKEN,
            "delete-mfa-device",
            "--user-id",
            "u",
            "--serial-number",
            "s",
        ],
        &[],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(4),
        "stderr: {}",
        text(&output.stderr)
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "could not connect to {}: connection refused",
            &endpoint["http://".len()..]
        )),
        "{stderr}"
    );
}

/// `--verbose` prints the response headers, but not the token IAM returns
/// in `X-Subject-Token` or a cookie.
#[tokio::test]
async fn verbose_redacts_secret_response_headers() {
    let server = MockServer::start().await;
    let new_token = "MIInew-subject-token-value";
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(204)
                .insert_header("X-Subject-Token", new_token)
                .insert_header("Set-Cookie", "sid=cookie-secret")
                .insert_header("X-Request-Id", "req-cli"),
        )
        .mount(&server)
        .await;
    let output = run(
        &[
            "--endpoint",
            &server.uri(),
            "--verbose",
            "--token",
            TOKEN,
            "delete-mfa-device",
            "--user-id",
            "u",
            "--serial-number",
            "s",
        ],
        &[],
        None,
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("x-subject-token: <redacted>"), "{stderr}");
    assert!(stderr.contains("set-cookie: <redacted>"), "{stderr}");
    assert!(stderr.contains("x-request-id: req-cli"), "{stderr}");
    for secret in [new_token, "cookie-secret", TOKEN] {
        assert!(!stderr.contains(secret), "{stderr}");
    }
}
