//! Property test: whatever status, headers and body the server sends, every
//! operation returns a value or a typed error — never a panic — and an error
//! keeps the status and at most a bounded prefix of the body.

mod support;

use std::sync::{Arc, Mutex};

use huaweicloud_iam_mfa::types::{
    DeleteMfaDeviceParams, DisableMfaDeviceV5Request, UnbindMfaDeviceRequest,
};
use huaweicloud_iam_mfa::{ApiError, Client, Credentials, Error, RetryPolicy};
use proptest::prelude::*;
use support::*;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers every request with whatever the current case put in the slot.
#[derive(Clone, Default)]
struct Scripted(Arc<Mutex<Option<ResponseTemplate>>>);

impl Respond for Scripted {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| ResponseTemplate::new(500))
    }
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("X-Request-Id".to_owned()),
        Just("Content-Type".to_owned()),
        Just("Retry-After".to_owned()),
        "[a-z][a-z0-9-]{0,12}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        Just("application/json".to_owned()),
        Just("999999999999".to_owned())
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        Just(br#"{"error_code":"IAM.1","error_msg":"m","request_id":"r"}"#.to_vec()),
        Just(br#"{"error":{"code":1101,"message":"x","title":"y"}}"#.to_vec()),
        Just(br#"{"error_code":["x"],"error_msg":{}}"#.to_vec()),
        Just(br#"{"error_code":"IAM.1","#.to_vec()),
        Just(b"null".to_vec()),
        "\\PC{0,50}".prop_map(String::into_bytes),
        Just(vec![b'{'; 5000]),
    ]
}

fn check<E: ApiError + std::fmt::Debug>(
    result: Result<huaweicloud_iam_mfa::Response<()>, Error<E>>,
    status: u16,
    sent: &[u8],
) -> Result<(), TestCaseError> {
    // HTTP carries no body with 204 or 304, whatever the server was told to send.
    let sent = if status == 204 || status == 304 {
        &[][..]
    } else {
        sent
    };
    match result {
        Ok(response) => prop_assert_eq!(response.status(), status),
        Err(Error::Api(e)) => {
            let details = e.details();
            prop_assert_eq!(details.status(), status);
            let raw = details.raw_body();
            prop_assert!(
                sent.starts_with(raw),
                "the kept body is a prefix of what was sent"
            );
            prop_assert!(
                raw.len() == sent.len() || raw.len() == 4096,
                "whole, or cut at the 4096-byte prefix: kept {} of {}",
                raw.len(),
                sent.len()
            );
            let _ = (
                e.to_string(),
                details.request_id(),
                details.error_code(),
                details.error_msg(),
            );
        }
        Err(other) => prop_assert!(
            false,
            "status {}: unexpected error kind {:?}",
            status,
            other
        ),
    }
    Ok(())
}

#[test]
fn arbitrary_responses_never_panic() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let slot = Scripted::default();
    let server = runtime.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(slot.clone())
            .mount(&server)
            .await;
        server
    });
    let aksk = Client::builder(server.uri())
        .credentials(Credentials::AkSk(aksk(true, true)))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let token = Client::builder(server.uri())
        .credentials(Credentials::token(TOKEN).unwrap())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let config = ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(
        status in prop_oneof![200u16..=599, Just(200u16), Just(204u16), Just(403u16)],
        headers in proptest::collection::vec((header_name(), header_value()), 0..4),
        body in body(),
    )| {
        let mut template = ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json");
        for (name, value) in &headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        *slot.0.lock().unwrap() = Some(template);
        runtime.block_on(async {
            check(aksk.disable_mfa_device_v5(&DisableMfaDeviceV5Request::builder().user_id("u").serial_number("s").build().unwrap()).await, status, &body)?;
            check(token.delete_mfa_device(&DeleteMfaDeviceParams::builder().user_id("u").serial_number("s").build().unwrap()).await, status, &body)?;
            check(token.unbind_mfa_device(&UnbindMfaDeviceRequest::builder().user_id("u").authentication_code("1").serial_number("s").build().unwrap()).await, status, &body)
        })?;
    });
}
