//! Secrets in headers are never shown: not by `Debug` or `Display` of a
//! prepared request, not by `Debug` of a response or an error (IAM returns
//! new tokens in `X-Subject-Token`), whatever the header is called as long
//! as its name says it is a secret; and credentials holding a control
//! character are refused before anything is sent (the HTTP stack would
//! silently drop the header instead).

mod support;

use huaweicloud_iam_mfa::cli::GlobalArgs;
use huaweicloud_iam_mfa::http::{is_sensitive_header, redact};
use huaweicloud_iam_mfa::types::DeleteMfaDeviceParams;
use huaweicloud_iam_mfa::{requests, AkSk, Client, Credentials, Error, Secret};
use support::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const NEW_TOKEN: &str = "MIInew-subject-token-from-the-response";
const COOKIE: &str = "session=cookie-secret-value";
const BEARER: &str = "bearer-secret-access-token";
const PASSWORD: &str = "basic-secret-password";

#[test]
fn secret_headers_are_redacted_by_name() {
    for name in [
        "X-Auth-Token",
        "x-subject-token",
        "X-SECURITY-TOKEN",
        "Proxy-Authorization",
        "Cookie",
        "Set-Cookie",
        "X-Api-Key",
        "X-Vendor-ApiKey",
        "Api_Key",
        "X-Client-Secret",
        "X-Password",
        "X-Credential",
        "X-Request-Signature",
        "X-Refresh-Token",
    ] {
        assert!(is_sensitive_header(name), "{name}");
        assert_eq!(redact(name, "v4lue"), "<redacted>", "{name}");
    }
    // The signature goes; the access key and signed headers stay readable.
    let authorization = "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc123";
    assert_eq!(
        redact("Authorization", authorization),
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=<redacted>"
    );
    assert_eq!(redact("Authorization", "Bearer xyz"), "<redacted>");
    // Control: ordinary headers are shown as they are.
    for name in [
        "X-Request-Id",
        "Content-Type",
        "X-Sdk-Date",
        "Host",
        "X-Domain-Id",
    ] {
        assert!(!is_sensitive_header(name), "{name}");
        assert_eq!(redact(name, "v4lue"), "v4lue", "{name}");
    }
}

#[test]
fn prepared_requests_and_their_parts_redact_the_token() {
    let client = token_client("https://iam.example.com");
    let parts = requests::delete_mfa_device(
        &DeleteMfaDeviceParams::builder()
            .user_id("u")
            .serial_number("s")
            .build()
            .unwrap(),
    )
    .unwrap();
    let prepared = client.prepare(&parts).unwrap();
    assert!(
        prepared
            .headers()
            .iter()
            .any(|(name, value)| name == "X-Auth-Token" && value == TOKEN),
        "the token is sent: {:?}",
        prepared.headers()
    );
    for shown in [
        format!("{prepared}"),
        format!("{prepared:?}"),
        format!("{parts:?}"),
    ] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
    assert!(format!("{prepared}").contains("X-Auth-Token: <redacted>"));
}

/// The token in a response header (`X-Subject-Token`) and cookies are
/// hidden from `Debug` of a successful response and of an error.
#[tokio::test]
async fn response_headers_with_secrets_are_hidden_from_debug() {
    for status in [204, 500] {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("X-Subject-Token", NEW_TOKEN)
                    .insert_header("Set-Cookie", COOKIE)
                    .insert_header("X-Request-Id", "req-visible"),
            )
            .mount(&server)
            .await;
        let client = Client::builder(server.uri())
            .credentials(Credentials::token(TOKEN).unwrap())
            .retry(huaweicloud_iam_mfa::RetryPolicy::none())
            .build()
            .unwrap();
        let result = client
            .delete_mfa_device(
                &DeleteMfaDeviceParams::builder()
                    .user_id("u")
                    .serial_number("s")
                    .build()
                    .unwrap(),
            )
            .await;
        let shown = match &result {
            Ok(response) => {
                // Still readable by code that asks for it.
                assert_eq!(response.headers()["x-subject-token"], NEW_TOKEN);
                format!("{response:?}")
            }
            Err(error) => format!("{error:?}"),
        };
        assert_eq!(result.is_ok(), status == 204);
        assert!(shown.contains("req-visible"), "{shown}");
        for secret in [NEW_TOKEN, COOKIE, TOKEN] {
            assert!(!shown.contains(secret), "status {status}: {shown}");
        }
    }
}

#[test]
fn credentials_with_control_characters_are_refused() {
    let cases: Vec<(&str, Result<(), huaweicloud_iam_mfa::AuthError>)> = vec![
        ("token SOH", Credentials::token("tok\u{1}XYZZY").map(drop)),
        ("token DEL", Credentials::token("tok\u{7f}en").map(drop)),
        ("token tab", Credentials::token("tok\ten").map(drop)),
        ("access key", AkSk::new("A\u{1b}K", SECRET_KEY).map(drop)),
        (
            "secret key",
            AkSk::new(ACCESS_KEY, "s\u{0}k-XYZZY").map(drop),
        ),
        (
            "security token",
            aksk(false, false)
                .with_security_token("st-XYZZY\u{85}")
                .map(drop),
        ),
        (
            "domain id",
            aksk(false, false).with_domain_id("dom\u{8}XYZZY").map(drop),
        ),
    ];
    for (what, result) in cases {
        let error = result.expect_err(what);
        let message = error.to_string();
        assert!(message.contains("control character"), "{what}: {message}");
        assert!(!message.contains("XYZZY"), "{what}: {message}");
    }
    // Control: printable values, non-ASCII included, are accepted.
    assert!(Credentials::token("tok-en_1.2~ü").is_ok());
}

/// A `Secret` wrapped by hand skips the constructors' checks: the request
/// is refused before sending instead of going out without the header.
#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_not_sent_without_it() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .credentials(Credentials::Token(Secret::new("MII-secret\u{1}x")))
        .build()
        .unwrap();
    let error = client
        .delete_mfa_device(
            &DeleteMfaDeviceParams::builder()
                .user_id("u")
                .serial_number("s")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(error.to_string().contains("X-Auth-Token"), "{error}");
    assert!(!format!("{error} {error:?}").contains("MII-secret"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn the_programs_global_arguments_redact_secrets_in_debug() {
    let args = GlobalArgs {
        endpoint: Some("https://iam.example.com".into()),
        ak: Some(ACCESS_KEY.into()),
        sk: Some(SECRET_KEY.into()),
        security_token: Some(SECURITY_TOKEN.into()),
        domain_id: Some(DOMAIN_ID.into()),
        token: Some(TOKEN.into()),
        bearer_token: Some(BEARER.into()),
        username: Some("ann".into()),
        password: Some(PASSWORD.into()),
        timeout: None,
        verbose: true,
        dry_run: false,
    };
    for shown in [format!("{args:?}"), format!("{args:#?}")] {
        for secret in [SECRET_KEY, SECURITY_TOKEN, TOKEN, BEARER, PASSWORD] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains(ACCESS_KEY) && shown.contains(DOMAIN_ID),
            "{shown}"
        );
        assert!(shown.contains("redacted"), "{shown}");
    }
}
