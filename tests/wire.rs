//! The generated client against a local mock server: what goes on the wire
//! for each operation, and how every documented and undocumented answer is
//! decoded.

mod support;

use huaweicloud_iam_mfa::operation_errors::{
    DeleteMfaDeviceError, DisableMfaDeviceV5Error, UnbindMfaDeviceError,
};
use huaweicloud_iam_mfa::types::{
    DeleteMfaDeviceParams, DisableMfaDeviceV5Request, UnbindMfaDeviceRequest,
};
use huaweicloud_iam_mfa::{ApiError, Client, Error, ResponseDetails};
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Reserved, space, plus and non-ASCII characters, as a device name may hold.
const AWKWARD_SERIAL: &str = "iam:0a1b:mfa/my device+1&x=y~ü设备";
const AWKWARD_SERIAL_ENCODED: &str =
    "iam%3A0a1b%3Amfa%2Fmy%20device%2B1%26x%3Dy~%C3%BC%E8%AE%BE%E5%A4%87";

async fn server_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("X-Request-Id", "req-0042")
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// Tells whether an error is the expected variant.
type IsVariant<E> = fn(&E) -> bool;

fn delete_params() -> DeleteMfaDeviceParams {
    DeleteMfaDeviceParams::builder()
        .user_id("user-1")
        .serial_number(AWKWARD_SERIAL)
        .build()
        .unwrap()
}

#[tokio::test]
async fn disable_sends_post_with_json_body_and_signature() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v5/mfa-devices/disable"))
        .and(ValidSignature)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = aksk_client(&server.uri(), false, true);
    let body = DisableMfaDeviceV5Request::builder()
        .user_id("07609fb9")
        .serial_number("iam::0a1b:mfa:naïve name")
        .build()
        .unwrap();
    let response = client
        .disable_mfa_device_v5(&body)
        .await
        .expect("200 is success");
    assert_eq!(response.status(), 200);

    let request = only_request(&server).await;
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["x-domain-id"], DOMAIN_ID);
    assert_eq!(request.headers["x-sdk-date"], "20260314T092653Z");
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        r#"{"user_id": "07609fb9", "serial_number": "iam::0a1b:mfa:na\u00efve name"}"#,
        "the body uses the documented field names and the official SDKs' JSON style"
    );
    let decoded: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(decoded["serial_number"], "iam::0a1b:mfa:naïve name");
}

#[tokio::test]
async fn delete_percent_encodes_every_query_value() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v3.0/OS-MFA/virtual-mfa-devices"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = token_client(&server.uri());
    let params = DeleteMfaDeviceParams::builder()
        .user_id("user 1/ü")
        .serial_number(AWKWARD_SERIAL)
        .build()
        .unwrap();
    let response = client
        .delete_mfa_device(&params)
        .await
        .expect("204 is success");
    assert_eq!(response.status(), 204);

    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some(format!("serial_number={AWKWARD_SERIAL_ENCODED}&user_id=user%201%2F%C3%BC").as_str()),
        "raw query as it arrived"
    );
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        vec![
            ("serial_number".to_owned(), AWKWARD_SERIAL.to_owned()),
            ("user_id".to_owned(), "user 1/ü".to_owned())
        ]
    );
    assert_eq!(request.headers["x-auth-token"], TOKEN);
    assert!(request.body.is_empty());
    assert!(request.headers.get("authorization").is_none());
}

#[tokio::test]
async fn unbind_sends_put_with_all_three_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v3.0/OS-MFA/mfa-devices/unbind"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = token_client(&server.uri());
    let body = UnbindMfaDeviceRequest::builder()
        .user_id("user-9")
        .authentication_code("373658")
        .serial_number("iam:0a1b:mfa/phone")
        .build()
        .unwrap();
    client
        .unbind_mfa_device(&body)
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(
        request.headers["content-type"],
        "application/json;charset=utf-8"
    );
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({
            "user_id": "user-9",
            "authentication_code": "373658",
            "serial_number": "iam:0a1b:mfa/phone"
        })
    );
}

#[tokio::test]
async fn v5_error_statuses_decode_into_their_documented_bodies() {
    let client_for = |server: &MockServer| aksk_client(&server.uri(), false, true);
    let body = DisableMfaDeviceV5Request::builder()
        .user_id("u")
        .serial_number("iam::1:mfa:n")
        .build()
        .unwrap();

    let server =
        server_answering(400, r#"{"error_code":"IAM.0001","error_msg":"bad serial"}"#).await;
    match client_for(&server).disable_mfa_device_v5(&body).await {
        Err(Error::Api(DisableMfaDeviceV5Error::BadRequest(e))) => {
            assert_eq!(e.status(), 400);
            assert_eq!(e.body().error_code.as_deref(), Some("IAM.0001"));
            assert_eq!(e.body().error_msg.as_deref(), Some("bad serial"));
            assert_eq!(e.request_id().as_deref(), Some("req-0042"));
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }

    let server = server_answering(
        403,
        r#"{"error_code":"IAM.0003","error_msg":"denied","request_id":"r-403","encoded_authorization_message":"ZW5j"}"#,
    )
    .await;
    match client_for(&server).disable_mfa_device_v5(&body).await {
        Err(Error::Api(DisableMfaDeviceV5Error::Forbidden(e))) => {
            assert_eq!(e.body().request_id.as_deref(), Some("r-403"));
            assert_eq!(
                e.body().encoded_authorization_message.as_deref(),
                Some("ZW5j")
            );
            assert_eq!(e.error_code().as_deref(), Some("IAM.0003"));
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }

    let server = server_answering(
        404,
        r#"{"error_code":"IAM.0004","error_msg":"no such device","request_id":"r-404"}"#,
    )
    .await;
    let error = client_for(&server)
        .disable_mfa_device_v5(&body)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.request_id().as_deref(),
        Some("req-0042"),
        "the header wins over the body"
    );
    assert_eq!(error.error_msg().as_deref(), Some("no such device"));
    match error {
        Error::Api(DisableMfaDeviceV5Error::NotFound(e)) => {
            assert_eq!(e.body().request_id.as_deref(), Some("r-404"))
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn v3_error_statuses_map_to_variants_and_read_keystone_envelopes() {
    let keystone = r#"{"error":{"code":"1101","message":"The request you have made requires authentication.","title":"Unauthorized"}}"#;
    let cases: &[(u16, IsVariant<UnbindMfaDeviceError>)] = &[
        (400, |e| matches!(e, UnbindMfaDeviceError::BadRequest(_))),
        (401, |e| matches!(e, UnbindMfaDeviceError::Unauthorized(_))),
        (403, |e| matches!(e, UnbindMfaDeviceError::Forbidden(_))),
        (404, |e| matches!(e, UnbindMfaDeviceError::NotFound(_))),
        (409, |e| matches!(e, UnbindMfaDeviceError::Conflict(_))),
        (500, |e| {
            matches!(e, UnbindMfaDeviceError::InternalServerError(_))
        }),
    ];
    let body = UnbindMfaDeviceRequest::builder()
        .user_id("u")
        .authentication_code("1")
        .serial_number("iam:1:mfa/x")
        .build()
        .unwrap();
    for (status, is_variant) in cases {
        let server = server_answering(*status, keystone).await;
        let error = token_client(&server.uri())
            .unbind_mfa_device(&body)
            .await
            .unwrap_err();
        let Error::Api(api) = &error else {
            panic!("{status}: expected an API error, got {error:?}")
        };
        assert!(is_variant(api), "{status}: wrong variant {api:?}");
        assert_eq!(api.details().status(), *status);
        assert_eq!(error.error_code().as_deref(), Some("1101"));
        assert!(error.to_string().contains("1101"), "{error}");
    }

    let delete_cases: &[(u16, IsVariant<DeleteMfaDeviceError>)] = &[
        (401, |e| matches!(e, DeleteMfaDeviceError::Unauthorized(_))),
        (403, |e| matches!(e, DeleteMfaDeviceError::Forbidden(_))),
        (500, |e| {
            matches!(e, DeleteMfaDeviceError::InternalServerError(_))
        }),
    ];
    for (status, is_variant) in delete_cases {
        let server = server_answering(*status, "").await;
        let error = token_client(&server.uri())
            .delete_mfa_device(&delete_params())
            .await
            .unwrap_err();
        let Error::Api(api) = &error else {
            panic!("{status}: expected an API error, got {error:?}")
        };
        assert!(is_variant(api), "{status}: wrong variant {api:?}");
        assert_eq!(error.request_id().as_deref(), Some("req-0042"));
    }
}

#[tokio::test]
async fn undocumented_status_keeps_status_headers_and_body() {
    let server = server_answering(418, "I am a teapot").await;
    let error = token_client(&server.uri())
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    match &error {
        Error::Api(DeleteMfaDeviceError::Unexpected(e)) => {
            assert_eq!(e.status(), 418);
            assert_eq!(e.raw_body(), b"I am a teapot");
            assert_eq!(e.headers()["x-request-id"], "req-0042");
            assert_eq!(e.problem(), None);
        }
        other => panic!("expected Unexpected, got {other:?}"),
    }
    assert_eq!(error.status(), Some(418));
}

#[tokio::test]
async fn malformed_documented_body_gives_the_fallback_variant() {
    for body in [
        r#"{"error_code": 12, "error_msg": ["#,
        "not json",
        r#"{"error_code": ["wrong type"]}"#,
    ] {
        let server = server_answering(403, body).await;
        let client = aksk_client(&server.uri(), false, true);
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
                assert_eq!(e.raw_body(), body.as_bytes());
                assert!(
                    e.problem()
                        .is_some_and(|p| p.contains("not the documented JSON")),
                    "{:?}",
                    e.problem()
                );
            }
            other => panic!("{body:?}: expected Unexpected, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn too_long_serial_number_is_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = aksk_client(&server.uri(), false, true);

    // The spec's limit, and one character more.
    let max = spec_max_length("DisableMfaDeviceV5Request", "serial_number");
    let error = client
        .disable_mfa_device_v5(
            &DisableMfaDeviceV5Request::builder()
                .user_id("u")
                .serial_number("x".repeat(max + 1))
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    match &error {
        Error::Validation(e) => {
            assert_eq!(e.field(), "serial_number");
            assert!(e.message().contains(&max.to_string()), "{}", e.message());
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(error.to_string().contains("serial_number"), "{error}");
    // Characters, not bytes: `max` two-byte characters are accepted.
    let ok = DisableMfaDeviceV5Request::builder()
        .user_id("u")
        .serial_number("ü".repeat(max))
        .build()
        .unwrap();
    assert!(huaweicloud_iam_mfa::validate::Validate::validate(&ok).is_ok());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn operation_refuses_credentials_it_does_not_accept_before_sending() {
    let server = MockServer::start().await;
    let client = token_client(&server.uri());
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
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(error.to_string().contains("AK/SK"), "{error}");

    let anonymous = Client::builder(server.uri()).build().unwrap();
    let error = anonymous
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn connection_failure_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = token_client(&endpoint)
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
}

/// The messages of an error and of each of its causes, outermost first, as
/// `anyhow` and similar reporters print them.
fn chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut current = error.source();
    while let Some(cause) = current {
        messages.push(cause.to_string());
        current = cause.source();
    }
    messages
}

/// Asserts that no message of `messages` repeats one printed before it.
fn assert_each_message_once(messages: &[String]) {
    for (later, message) in messages.iter().enumerate() {
        for earlier in &messages[..later] {
            assert!(
                !earlier.contains(message.as_str()),
                "{message:?} is printed again after {earlier:?}: {messages:#?}"
            );
        }
    }
}

#[tokio::test]
async fn an_error_chain_prints_each_message_once() {
    let server = server_answering(
        404,
        r#"{"error_code": "IAM.0404", "error_msg": "no such device"}"#,
    )
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
    let messages = chain(&error);
    assert_each_message_once(&messages);
    assert_eq!(messages.join("\n").matches("no such device").count(), 1);

    let error = aksk_client(&server.uri(), false, true)
        .disable_mfa_device_v5(
            &DisableMfaDeviceV5Request::builder()
                .user_id("u")
                .serial_number("x".repeat(151))
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    let messages = chain(&error);
    assert_each_message_once(&messages);
    assert_eq!(messages.join("\n").matches("serial_number").count(), 1);

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = token_client(&endpoint)
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    let messages = chain(&error);
    assert_each_message_once(&messages);
    assert_eq!(
        messages.join("\n").matches("refused").count(),
        1,
        "{messages:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_names_the_host_and_the_cause() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let error = token_client(&format!("http://{address}"))
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.host(), Some(address.to_string().as_str()));
    assert_eq!(
        error.to_string(),
        format!("request failed: could not connect to {address}: connection refused")
    );
}

#[tokio::test]
async fn an_unresolvable_host_names_the_host_and_the_cause() {
    // `.invalid` is reserved never to resolve (RFC 2606).
    let error = token_client("http://no-such-host.invalid:8080")
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with(
            "request failed: could not connect to no-such-host.invalid:8080: name \"no-such-host.invalid\" not resolved"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn a_timeout_names_the_host_and_its_length() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .credentials(huaweicloud_iam_mfa::Credentials::token("t").unwrap())
        .timeout(std::time::Duration::from_millis(250))
        .build()
        .unwrap();
    let error = client
        .delete_mfa_device(&delete_params())
        .await
        .unwrap_err();
    let host = server.address().to_string();
    assert_eq!(
        error.to_string(),
        format!("request failed: no answer to {host}: timed out after 0.25 s (the whole request)")
    );
}
