//! Behaviour when the network or the service misbehaves: retries (only when
//! safe, signed afresh), `Retry-After`, timeouts, oversized bodies, tracing.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use huaweicloud_iam_mfa::error::TransportErrorKind;
use huaweicloud_iam_mfa::operation_errors::{DeleteMfaDeviceError, DisableMfaDeviceV5Error};
use huaweicloud_iam_mfa::types::{DeleteMfaDeviceParams, DisableMfaDeviceV5Request};
use huaweicloud_iam_mfa::{Client, Credentials, Error, ResponseDetails, RetryPolicy};
use support::*;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// An AK/SK client whose clock advances one second per reading, so each
/// attempt carries a different `X-Sdk-Date`.
fn ticking_aksk_client(endpoint: &str, policy: RetryPolicy) -> Client {
    let tick = Arc::new(AtomicU64::new(FIXED_UNIX));
    Client::builder(endpoint)
        .credentials(Credentials::AkSk(aksk(false, true)))
        .clock(move || UNIX_EPOCH + Duration::from_secs(tick.fetch_add(1, Ordering::SeqCst)))
        .retry(policy)
        .build()
        .unwrap()
}

fn token_client_with(endpoint: &str, policy: RetryPolicy) -> Client {
    Client::builder(endpoint)
        .credentials(Credentials::token(TOKEN).unwrap())
        .retry(policy)
        .build()
        .unwrap()
}

async fn respond_then(
    server: &MockServer,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(wiremock::matchers::any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(then)
        .mount(server)
        .await;
}

fn params() -> DeleteMfaDeviceParams {
    DeleteMfaDeviceParams::builder()
        .user_id("u")
        .serial_number("iam:1:mfa/x")
        .build()
        .unwrap()
}

#[tokio::test]
async fn service_unavailable_is_retried_and_each_attempt_is_signed_afresh() {
    let server = MockServer::start().await;
    respond_then(
        &server,
        ResponseTemplate::new(503),
        2,
        ResponseTemplate::new(204),
    )
    .await;
    let client = ticking_aksk_client(&server.uri(), fast_retries());
    client
        .delete_mfa_device(&params())
        .await
        .expect("third attempt succeeds");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    let dates: Vec<_> = requests
        .iter()
        .map(|r| r.headers["x-sdk-date"].clone())
        .collect();
    let signatures: Vec<_> = requests
        .iter()
        .map(|r| r.headers["authorization"].clone())
        .collect();
    assert!(dates[0] != dates[1] && dates[1] != dates[2], "{dates:?}");
    assert!(signatures[0] != signatures[1] && signatures[1] != signatures[2]);
    for request in &requests {
        assert_eq!(
            expected_authorization(request, ACCESS_KEY, SECRET_KEY).as_deref(),
            request.headers["authorization"].to_str().ok(),
            "every attempt carries a valid signature"
        );
    }
}

#[tokio::test]
async fn too_many_requests_is_retried_even_for_post() {
    let server = MockServer::start().await;
    respond_then(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let client = ticking_aksk_client(&server.uri(), fast_retries());
    client
        .disable_mfa_device_v5(
            &DisableMfaDeviceV5Request::builder()
                .user_id("u")
                .serial_number("s")
                .build()
                .unwrap(),
        )
        .await
        .expect("second attempt succeeds");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn internal_error_is_not_retried_for_post_unless_asked() {
    let server = MockServer::start().await;
    respond_then(
        &server,
        ResponseTemplate::new(500),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let body = DisableMfaDeviceV5Request::builder()
        .user_id("u")
        .serial_number("s")
        .build()
        .unwrap();

    let cautious = ticking_aksk_client(&server.uri(), fast_retries());
    let error = cautious.disable_mfa_device_v5(&body).await.unwrap_err();
    assert!(
        matches!(error, Error::Api(DisableMfaDeviceV5Error::Unexpected(_))),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    server.reset().await;
    respond_then(
        &server,
        ResponseTemplate::new(500),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let bold = ticking_aksk_client(&server.uri(), fast_retries().retry_non_idempotent(true));
    bold.disable_mfa_device_v5(&body)
        .await
        .expect("retried into success");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn internal_error_is_retried_for_idempotent_delete_up_to_the_limit() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_string(r#"{"error_code":"IAM.9999","error_msg":"boom"}"#),
        )
        .mount(&server)
        .await;
    let error = token_client_with(&server.uri(), fast_retries().max_attempts(4))
        .delete_mfa_device(&params())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api(DeleteMfaDeviceError::InternalServerError(_))
        ),
        "{error:?}"
    );
    assert_eq!(error.error_code().as_deref(), Some("IAM.9999"));
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_ends_the_retries() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let error = token_client_with(&server.uri(), fast_retries())
        .delete_mfa_device(&params())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let _ = token_client_with(&server.uri(), RetryPolicy::none())
        .delete_mfa_device(&params())
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_that_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .credentials(Credentials::token(TOKEN).unwrap())
        .timeout(Duration::from_millis(200))
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = client.delete_mfa_device(&params()).await.unwrap_err();
    match &error {
        Error::Transport(e) => assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a request that may have arrived is not repeated"
    );
}

#[tokio::test]
async fn an_enormous_body_is_cut_and_reported_with_its_status() {
    let server = MockServer::start().await;
    let huge = format!(
        r#"{{"error_code":"IAM.1","error_msg":"{}"}}"#,
        "x".repeat(100_000)
    );
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(403).set_body_string(huge))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .credentials(Credentials::AkSk(aksk(false, true)))
        .max_response_bytes(10_000)
        .build()
        .unwrap();
    let error = client
        .disable_mfa_device_v5(
            &DisableMfaDeviceV5Request::builder()
                .user_id("u")
                .serial_number("s")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    match error {
        Error::Api(DisableMfaDeviceV5Error::Unexpected(e)) => {
            assert_eq!(e.status(), 403);
            assert!(
                e.problem().is_some_and(|p| p.contains("larger than")),
                "{:?}",
                e.problem()
            );
            assert!(e.raw_body().len() <= 4096, "a bounded prefix is kept");
            assert!(e.raw_body().starts_with(br#"{"error_code":"IAM.1""#));
        }
        other => panic!("expected Unexpected, got {other:?}"),
    }
}

#[tokio::test]
async fn non_utf8_and_truncated_bodies_keep_status_and_prefix() {
    for body in [
        vec![0xff, 0xfe, 0x00, 0x7b],
        br#"{"error_code":"IAM"#.to_vec(),
    ] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(404).set_body_raw(body.clone(), "application/json"))
            .mount(&server)
            .await;
        let error = aksk_client(&server.uri(), false, true)
            .disable_mfa_device_v5(
                &DisableMfaDeviceV5Request::builder()
                    .user_id("u")
                    .serial_number("s")
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap_err();
        match error {
            Error::Api(DisableMfaDeviceV5Error::Unexpected(e)) => {
                assert_eq!(e.status(), 404);
                assert_eq!(e.raw_body(), body.as_slice());
                assert_eq!(e.error_code(), None);
            }
            other => panic!("expected Unexpected, got {other:?}"),
        }
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn tracing_spans_carry_operation_attempt_status_and_request_id_but_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let server = MockServer::start().await;
            respond_then(
                &server,
                ResponseTemplate::new(503),
                1,
                ResponseTemplate::new(204).insert_header("X-Request-Id", "req-trace-1"),
            )
            .await;
            let client = Client::builder(server.uri())
                .credentials(Credentials::AkSk(aksk(true, true)))
                .retry(fast_retries())
                .build()
                .unwrap();
            client.delete_mfa_device(&params()).await.unwrap();
            let token = token_client_with(&server.uri(), fast_retries());
            token.delete_mfa_device(&params()).await.unwrap();
        })
    });
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("huaweicloud_request"), "{log}");
    assert!(log.contains("operation=\"DeleteMfaDevice\""), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("status=204"), "{log}");
    assert!(
        log.contains("request_id=\"req-trace-1\"") || log.contains("request_id=req-trace-1"),
        "{log}"
    );
    assert!(log.contains("duration_ms="), "{log}");
    for secret in [SECRET_KEY, SECURITY_TOKEN, TOKEN] {
        assert!(!log.contains(secret), "a secret reached the log");
    }
}

#[tokio::test]
async fn the_client_is_shared_across_tasks() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = token_client(&server.uri());
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .delete_mfa_device(
                        &DeleteMfaDeviceParams::builder()
                            .user_id(format!("user-{i}"))
                            .serial_number("iam:1:mfa/x")
                            .build()
                            .unwrap(),
                    )
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 204);
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 16);
}

#[test]
fn retry_after_accepts_seconds_and_http_dates() {
    use huaweicloud_iam_mfa::retry::parse_retry_after;
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(
        parse_retry_after("120", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
        Some(Duration::from_secs(60))
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
        Some(Duration::ZERO),
        "a date in the past means now"
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(
        parse_retry_after("Sun, 32 Nov 1994 08:50:37 GMT", now),
        None
    );
}

#[test]
fn backoff_doubles_is_capped_and_jittered() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(350));
    let now = UNIX_EPOCH;
    let delay = |next, jitter| policy.delay(next, None, now, jitter).unwrap();
    assert_eq!(delay(2, 0.0), Duration::from_millis(50));
    assert_eq!(delay(2, 1.0), Duration::from_millis(100));
    assert_eq!(delay(3, 1.0), Duration::from_millis(200));
    assert_eq!(delay(4, 1.0), Duration::from_millis(350), "capped");
    assert_eq!(
        delay(40, 0.5),
        Duration::from_micros(262_500),
        "no overflow far out"
    );
    assert_eq!(
        policy.delay(2, Some("7"), now, 0.5),
        Some(Duration::from_secs(7)),
        "Retry-After wins over backoff"
    );
}
