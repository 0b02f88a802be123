//! Credentials: configured once, read from the SDKs' environment variables,
//! refused when malformed, and never shown.

mod support;

use huaweicloud_iam_mfa::{AkSk, Client, Credentials};
use support::*;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

#[test]
fn environment_gives_aksk_with_token_and_domain() {
    let credentials = Credentials::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", ACCESS_KEY),
        ("HUAWEICLOUD_SDK_SK", SECRET_KEY),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", DOMAIN_ID),
    ]))
    .unwrap();
    assert_eq!(credentials, Credentials::AkSk(aksk(true, true)));
}

#[test]
fn environment_gives_a_token_when_no_keys_are_set() {
    let credentials =
        Credentials::from_lookup(env(&[("HUAWEICLOUD_SDK_AUTH_TOKEN", TOKEN)])).unwrap();
    assert_eq!(credentials, Credentials::token(TOKEN).unwrap());
}

#[test]
fn half_set_or_missing_environment_is_a_clear_error() {
    let only_ak = Credentials::from_lookup(env(&[("HUAWEICLOUD_SDK_AK", ACCESS_KEY)])).unwrap_err();
    assert!(
        only_ak.to_string().contains("HUAWEICLOUD_SDK_SK is not"),
        "{only_ak}"
    );
    let only_sk = Credentials::from_lookup(env(&[("HUAWEICLOUD_SDK_SK", SECRET_KEY)])).unwrap_err();
    assert!(
        only_sk.to_string().contains("HUAWEICLOUD_SDK_AK is not"),
        "{only_sk}"
    );
    assert!(!only_sk.to_string().contains(SECRET_KEY), "{only_sk}");
    let none = Credentials::from_lookup(env(&[])).unwrap_err();
    assert!(
        none.to_string().contains("HUAWEICLOUD_SDK_AUTH_TOKEN"),
        "{none}"
    );
}

#[test]
fn malformed_credentials_are_refused() {
    assert!(AkSk::new(ACCESS_KEY, "")
        .unwrap_err()
        .to_string()
        .contains("secret key is empty"));
    assert!(AkSk::new("", SECRET_KEY).is_err());
    assert!(AkSk::new("AK\r\nX-Evil: 1", SECRET_KEY).is_err());
    assert!(Credentials::token("abc\ndef").is_err());
    assert!(Credentials::token("").is_err());
    let bad_token = aksk(false, false)
        .with_security_token("s3cr3t-value\r\n")
        .unwrap_err();
    assert!(!bad_token.to_string().contains("s3cr3t"), "{bad_token}");
    assert!(aksk(false, false).with_domain_id("d\n").is_err());
}

#[test]
fn secrets_never_appear_in_debug_or_display() {
    let aksk_credentials = Credentials::AkSk(aksk(true, true));
    let token_credentials = Credentials::token(TOKEN).unwrap();
    let client = Client::builder("https://iam.myhuaweicloud.com")
        .credentials(aksk_credentials.clone())
        .build()
        .unwrap();
    let builder =
        Client::builder("https://iam.myhuaweicloud.com").credentials(token_credentials.clone());
    let shown = [
        format!("{aksk_credentials:?}"),
        format!("{aksk_credentials:#?}"),
        format!("{token_credentials:?}"),
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{}", huaweicloud_iam_mfa::Secret::new(SECRET_KEY)),
    ];
    for text in &shown {
        for secret in [SECRET_KEY, SECURITY_TOKEN, TOKEN] {
            assert!(!text.contains(secret), "a secret leaked into: {text}");
        }
    }
    assert!(
        shown[0].contains(ACCESS_KEY),
        "the access key is not secret: {}",
        shown[0]
    );
    assert!(shown[0].contains("redacted"), "{}", shown[0]);
}

#[test]
fn bad_endpoints_are_refused_when_building() {
    for endpoint in [
        "not a url",
        "ftp://iam.example.com",
        "https://iam.example.com/?q=1",
    ] {
        let error = Client::builder(endpoint).build().unwrap_err();
        assert!(
            error.to_string().contains("endpoint"),
            "{endpoint}: {error}"
        );
    }
}
