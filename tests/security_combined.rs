//! The client generated from `generator/tests/specs/security_combined.yaml`
//! (committed in `tests/clients/security_combined`, checked fresh by
//! `tests/wire_ops.rs`): operations that require several security schemes
//! together. The library against a local mock server: each API key goes
//! where its scheme says, and a missing one stops the request before it is
//! sent. The program (a binary of this package) as a process: one option
//! and variable per key, redacted when the request is shown.

use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

use snapshot_security_combined::types::ListAccountsParams;
use snapshot_security_combined::{ApiKeys, Client, Credentials, Error};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PARTNER_ID: &str = "partner-7f3a";
const PARTNER_SECRET: &str = "s3cr3t-partner-value";
const LEDGER_KEY: &str = "ledger k&y=9";
const DESK: &str = "desk-cookie-value";
const SESSION: &str = "session-access-token";

/// The program's environment variables, named after it.
const ENV_PARTNER_ID: &str = "SNAPSHOT_SECURITY_COMBINED_PARTNER_ID";
const ENV_PARTNER_SECRET: &str = "SNAPSHOT_SECURITY_COMBINED_PARTNER_SECRET";
const ENV_LEDGER_KEY: &str = "SNAPSHOT_SECURITY_COMBINED_LEDGER_KEY";

async fn server(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording")
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("text").to_owned())
}

fn all_keys() -> ApiKeys {
    ApiKeys::new()
        .with("partnerId", PARTNER_ID)
        .and_then(|keys| keys.with("partnerSecret", PARTNER_SECRET))
        .and_then(|keys| keys.with("ledgerKey", LEDGER_KEY))
        .expect("valid keys")
}

fn client(server: &MockServer, keys: ApiKeys) -> Client {
    Client::builder(server.uri())
        .api_keys(keys)
        .build()
        .expect("a client")
}

fn limit(value: i64) -> ListAccountsParams {
    ListAccountsParams::builder()
        .limit(value)
        .build()
        .expect("valid parameters")
}

#[tokio::test]
async fn each_key_goes_where_its_scheme_says() {
    let server = server(200, r#"[{"id": "acc-1"}]"#).await;
    let client = client(&server, all_keys());
    let response = client.list_accounts(&limit(5)).await.expect("200");
    assert_eq!(response.body()[0].id, "acc-1");

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(header(request, "x-partner-id").as_deref(), Some(PARTNER_ID));
    assert_eq!(
        header(request, "x-partner-secret").as_deref(),
        Some(PARTNER_SECRET)
    );
    assert_eq!(header(request, "authorization"), None);
    assert_eq!(header(request, "cookie"), None);
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        vec![
            ("ledger_key".to_owned(), LEDGER_KEY.to_owned()),
            ("limit".to_owned(), "5".to_owned()),
        ]
    );
}

#[tokio::test]
async fn shown_requests_and_clients_redact_every_key() {
    let server = server(200, "[]").await;
    let client = client(&server, all_keys());
    let parts = snapshot_security_combined::requests::list_accounts(&limit(2)).unwrap();
    let prepared = client.prepare(&parts).unwrap();
    assert!(prepared.url().contains("ledger_key=ledger%20k%26y%3D9"));
    for shown in [
        format!("{prepared}"),
        format!("{prepared:?}"),
        format!("{client:?}"),
        format!("{:?}", all_keys()),
    ] {
        for secret in [PARTNER_ID, PARTNER_SECRET, "ledger%20k", LEDGER_KEY] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
    }
    let display = prepared.to_string();
    assert!(
        display.contains("?ledger_key=<redacted>&limit=2"),
        "{display}"
    );
    assert!(display.contains("X-Partner-Id: <redacted>"), "{display}");
    assert!(
        display.contains("X-Partner-Secret: <redacted>"),
        "{display}"
    );
    assert!(format!("{:?}", all_keys()).contains("partnerSecret"));
}

#[tokio::test]
async fn a_missing_key_is_named_and_nothing_is_sent() {
    let server = server(200, "[]").await;
    let keys = ApiKeys::new()
        .with("partnerId", PARTNER_ID)
        .and_then(|keys| keys.with("ledgerKey", LEDGER_KEY))
        .unwrap();
    let error = client(&server, keys)
        .list_accounts(&limit(1))
        .await
        .expect_err("the secret is missing");
    let Error::Auth(auth) = &error else {
        panic!("not an authentication error: {error:?}");
    };
    assert_eq!(auth.missing_keys(), ["partnerSecret"]);
    assert!(!auth.is_missing(), "some credentials were given");
    assert_eq!(
        error.to_string(),
        "request not sent: credentials: ListAccounts needs the API keys \"partnerId\", \
         \"partnerSecret\" and \"ledgerKey\" together, but the client lacks the API key \
         \"partnerSecret\""
    );

    let error = client(&server, ApiKeys::new())
        .list_accounts(&limit(1))
        .await
        .expect_err("no keys at all");
    let Error::Auth(auth) = &error else {
        panic!("not an authentication error: {error:?}");
    };
    assert!(auth.is_missing());
    assert_eq!(
        auth.missing_keys(),
        ["partnerId", "partnerSecret", "ledgerKey"]
    );
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_operation_needing_one_of_the_keys_sends_only_that_one() {
    let server = server(200, r#"{"id": "p-1"}"#).await;
    let keys = ApiKeys::new().with("partnerId", PARTNER_ID).unwrap();
    client(&server, keys).show_partner().await.expect("200");
    let sent = requests(&server).await;
    assert_eq!(
        header(&sent[0], "x-partner-id").as_deref(),
        Some(PARTNER_ID)
    );
    assert_eq!(header(&sent[0], "x-partner-secret"), None);
    assert_eq!(sent[0].url.query(), None);
}

#[tokio::test]
async fn an_operation_without_security_sends_no_keys() {
    let server = server(204, "").await;
    client(&server, all_keys())
        .check_health()
        .await
        .expect("204");
    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "x-partner-id"), None);
    assert_eq!(header(&sent[0], "x-partner-secret"), None);
    assert_eq!(sent[0].url.query(), None);
}

#[tokio::test]
async fn keys_combine_with_a_bearer_token_and_a_cookie() {
    let server = server(204, "").await;
    let keys = ApiKeys::new()
        .with("partnerId", PARTNER_ID)
        .and_then(|keys| keys.with("desk", DESK))
        .unwrap();
    let without_token = client(&server, keys.clone())
        .list_reports()
        .await
        .expect_err("the bearer token is missing");
    assert_eq!(
        without_token.to_string(),
        "request not sent: credentials: ListReports needs the API keys \"partnerId\" and \
         \"desk\" together with a bearer token, but the client lacks a bearer token"
    );
    assert!(requests(&server).await.is_empty(), "nothing was sent");

    let client = Client::builder(server.uri())
        .credentials(Credentials::bearer(SESSION).unwrap())
        .api_keys(keys)
        .build()
        .unwrap();
    client.list_reports().await.expect("204");
    let sent = requests(&server).await;
    assert_eq!(
        header(&sent[0], "x-partner-id").as_deref(),
        Some(PARTNER_ID)
    );
    assert_eq!(
        header(&sent[0], "authorization"),
        Some(format!("Bearer {SESSION}"))
    );
    assert_eq!(header(&sent[0], "cookie"), Some(format!("desk={DESK}")));
}

#[test]
fn key_values_that_cannot_be_sent_are_refused_by_scheme() {
    let error = ApiKeys::new()
        .with("partnerSecret", "ab\ncd")
        .expect_err("a line break");
    let message = error.to_string();
    assert!(message.contains("\"partnerSecret\""), "{message}");
    assert!(message.contains("character 3"), "{message}");
    assert!(!message.contains("ab"), "the value is not shown: {message}");
    assert!(ApiKeys::new().with("partnerId", "").is_err(), "empty");
}

// ---- the program ----

/// Runs the program with `args` and only the variables in `env`.
fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_snapshot-security-combined"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("the program runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `args` with `--dry-run` against a port nobody listens on: the exit
/// code, stdout and stderr.
fn dry_run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut full = vec!["--endpoint", "http://127.0.0.1:9", "--dry-run"];
    full.extend_from_slice(args);
    let output = run_with_env(&full, env);
    (
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

#[test]
fn help_offers_one_option_and_variable_per_key() {
    let output = run_with_env(&["--help"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for expected in [
        "--partner-id <KEY>",
        "The id the ledger gave the partner (API key of the scheme partnerId, sent in the header X-Partner-Id)",
        "[env: SNAPSHOT_SECURITY_COMBINED_PARTNER_ID]",
        "--partner-secret <KEY>",
        "sent in the header X-Partner-Secret",
        "[env: SNAPSHOT_SECURITY_COMBINED_PARTNER_SECRET]",
        "--ledger-key <KEY>",
        "sent in the query parameter ledger_key",
        "[env: SNAPSHOT_SECURITY_COMBINED_LEDGER_KEY]",
        "--desk <KEY>",
        "--bearer-token <TOKEN>",
    ] {
        assert!(help.contains(expected), "--help lacks {expected:?}:\n{help}");
    }
    assert!(!help.contains("--ak"), "no AK/SK options:\n{help}");
}

#[test]
fn dry_run_shows_every_key_redacted() {
    let options = [
        "--partner-id",
        PARTNER_ID,
        "--partner-secret",
        PARTNER_SECRET,
        "--ledger-key",
        LEDGER_KEY,
    ];
    let variables = [
        (ENV_PARTNER_ID, PARTNER_ID),
        (ENV_PARTNER_SECRET, PARTNER_SECRET),
        (ENV_LEDGER_KEY, LEDGER_KEY),
    ];
    let mut given_as_options = options.to_vec();
    given_as_options.extend(["list-accounts", "--limit", "3"]);
    for (args, env) in [
        (given_as_options, &[][..]),
        (vec!["list-accounts", "--limit", "3"], &variables[..]),
    ] {
        let (code, out, err) = dry_run(&args, env);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(
            out.starts_with("GET /v1/accounts?ledger_key=<redacted>&limit=3 HTTP/1.1\n"),
            "{out}"
        );
        assert!(out.contains("X-Partner-Id: <redacted>\n"), "{out}");
        assert!(out.contains("X-Partner-Secret: <redacted>\n"), "{out}");
        for secret in [PARTNER_ID, PARTNER_SECRET, "ledger%20k", LEDGER_KEY] {
            assert!(!out.contains(secret), "{secret} shown: {out}");
            assert!(!err.contains(secret), "{secret} shown: {err}");
        }
    }
}

#[test]
fn a_missing_key_names_its_option_and_variable_and_nothing_is_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
    for dry in [false, true] {
        let mut args = vec![
            "--endpoint",
            &endpoint,
            "--partner-id",
            PARTNER_ID,
            "--ledger-key",
            LEDGER_KEY,
            "list-accounts",
        ];
        if dry {
            args.push("--dry-run");
        }
        let output = run_with_env(&args, &[]);
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert_eq!(text(&output.stdout), "", "nothing printed");
        for expected in ["\"partnerSecret\"", "--partner-secret", ENV_PARTNER_SECRET] {
            assert!(err.contains(expected), "{expected:?} missing from {err}");
        }
        assert!(
            !err.contains("--partner-id ("),
            "only the missing key: {err}"
        );
    }
    assert!(
        listener.accept().is_err(),
        "nothing connected to the endpoint"
    );
}

#[test]
fn an_unsigned_dry_run_names_the_keys_the_operation_needs() {
    let (code, out, _) = dry_run(&["show-partner"], &[]);
    assert_eq!(code, Some(0));
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "# Not signed: no credentials were given. To send it, give --partner-id \
         (or SNAPSHOT_SECURITY_COMBINED_PARTNER_ID)."
    );
    let (code, out, _) = dry_run(&["list-accounts"], &[]);
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with(
            "# Not signed: no credentials were given. To send it, give --partner-id, \
             --partner-secret and --ledger-key (or SNAPSHOT_SECURITY_COMBINED_PARTNER_ID, \
             SNAPSHOT_SECURITY_COMBINED_PARTNER_SECRET and SNAPSHOT_SECURITY_COMBINED_LEDGER_KEY)"
        ),
        "{out}"
    );
}

#[test]
fn a_key_with_a_control_character_is_refused_without_showing_it() {
    let (code, out, err) = dry_run(&["--partner-id", "ab\u{1}cd", "show-partner"], &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(err.contains("\"partnerId\""), "{err}");
    assert!(err.contains("control character"), "{err}");
    assert!(!err.contains("ab\u{1}cd"), "{err}");
}

/// Sent by the program: the key reaches the server, and `--verbose` hides
/// it when a response carries it back in a header the scheme names (which
/// holds no word that marks a secret: only the spec says it is one).
#[tokio::test]
async fn the_program_sends_the_key_and_verbose_hides_it() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Partner-Id", PARTNER_ID)
                .insert_header("X-Request-Id", "req-keys")
                .set_body_raw(br#"{"id": "p-9"}"#.to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    let output = run_with_env(
        &["--endpoint", &server.uri(), "--verbose", "show-partner"],
        &[(ENV_PARTNER_ID, PARTNER_ID)],
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(text(&output.stdout).contains("\"p-9\""));
    assert!(err.contains("x-partner-id: <redacted>"), "{err}");
    assert!(err.contains("x-request-id: req-keys"), "{err}");
    assert!(!err.contains(PARTNER_ID), "{err}");
    let sent = requests(&server).await;
    assert_eq!(
        header(&sent[0], "x-partner-id").as_deref(),
        Some(PARTNER_ID)
    );
}
