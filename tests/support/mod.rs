//! Shared pieces of the end-to-end tests: clients pointed at a local mock
//! server, and an independent verifier of SDK-HMAC-SHA256 signatures.

#![allow(dead_code)] // each test binary uses part of this module

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use huaweicloud_iam_mfa::{AkSk, Client, Credentials};
use sha2::{Digest, Sha256};
use wiremock::{Match, Request};

pub const ACCESS_KEY: &str = "HPUAEXAMPLEACCESSKEY";
pub const SECRET_KEY: &str = "ExampleSecretKey0123456789abcdefghijklmn";
pub const DOMAIN_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
pub const SECURITY_TOKEN: &str = "gQpjbi1ub3J0aC00EXAMPLE+SecurityToken/with=padding";
pub const TOKEN: &str = "MIIEXAMPLE-token-value";
/// 2026-03-14T09:26:53Z, the instant the committed SDK captures were signed at.
pub const FIXED_UNIX: u64 = 1_773_480_413;

pub fn fixed_clock() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(FIXED_UNIX)
}

pub fn token_client(endpoint: &str) -> Client {
    Client::builder(endpoint)
        .credentials(Credentials::token(TOKEN).expect("token"))
        .build()
        .expect("client")
}

pub fn aksk(security_token: bool, domain: bool) -> AkSk {
    let mut aksk = AkSk::new(ACCESS_KEY, SECRET_KEY).expect("ak/sk");
    if security_token {
        aksk = aksk.with_security_token(SECURITY_TOKEN).expect("token");
    }
    if domain {
        aksk = aksk.with_domain_id(DOMAIN_ID).expect("domain");
    }
    aksk
}

pub fn aksk_client(endpoint: &str, security_token: bool, domain: bool) -> Client {
    Client::builder(endpoint)
        .credentials(Credentials::AkSk(aksk(security_token, domain)))
        .clock(fixed_clock)
        .build()
        .expect("client")
}

/// Encodes as the published algorithm says: only A-Z a-z 0-9 - _ . ~ bare.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            ) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Recomputes the signature of a received request from what arrived on the
/// wire, without using the client's signer, and returns the expected
/// `Authorization` value.
pub fn expected_authorization(
    request: &Request,
    access_key: &str,
    secret_key: &str,
) -> Option<String> {
    let authorization = request.headers.get("authorization")?.to_str().ok()?;
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)?
        .split(',')
        .next()?;
    let date = request.headers.get("x-sdk-date")?.to_str().ok()?;
    let mut canonical_uri = String::new();
    for segment in decode(request.url.path())
        .split('/')
        .filter(|s| !s.is_empty())
    {
        canonical_uri.push('/');
        canonical_uri.push_str(&encode(segment));
    }
    canonical_uri.push('/');
    let mut pairs: Vec<(String, String)> = request
        .url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = String::new();
    for name in signed.split(';') {
        let value = request.headers.get(name)?.to_str().ok()?.trim();
        headers.push_str(&format!("{name}:{value}\n"));
    }
    let canonical = format!(
        "{}\n{canonical_uri}\n{query}\n{headers}\n{signed}\n{}",
        request.method.as_str(),
        hex(&Sha256::digest(&request.body))
    );
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes()).ok()?;
    mac.update(to_sign.as_bytes());
    let signature = hex(&mac.finalize().into_bytes());
    Some(format!(
        "SDK-HMAC-SHA256 Access={access_key}, SignedHeaders={signed}, Signature={signature}"
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A mock-server matcher that accepts only correctly signed requests that
/// sign at least `Host`, `X-Sdk-Date` and `Content-Type`.
pub struct ValidSignature;

impl Match for ValidSignature {
    fn matches(&self, request: &Request) -> bool {
        let Some(received) = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let signs_basics = ["content-type", "host", "x-sdk-date"].iter().all(|h| {
            received.split("SignedHeaders=").nth(1).is_some_and(|s| {
                s.split(',')
                    .next()
                    .unwrap_or("")
                    .split(';')
                    .any(|n| n == *h)
            })
        });
        signs_basics
            && expected_authorization(request, ACCESS_KEY, SECRET_KEY).as_deref() == Some(received)
    }
}

/// The one request the server received.
pub async fn only_request(server: &wiremock::MockServer) -> Request {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {}",
        requests.len()
    );
    requests.into_iter().next().expect("one request")
}

/// The model of `spec/iam-mfa.yaml`, for tests that check facts of the spec
/// (a limit, the parameters of an operation) instead of writing them down.
pub fn spec_api() -> huaweicloud_codegen::model::Api {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/iam-mfa.yaml");
    let spec = huaweicloud_codegen::load::load_file(&path).expect("the spec loads");
    huaweicloud_codegen::lower::lower(&spec).expect("the spec lowers")
}

/// `maxLength` of the field `field` of the struct `type_name` in the spec.
pub fn spec_max_length(type_name: &str, field: &str) -> usize {
    let api = spec_api();
    let ty = huaweicloud_codegen::model::TypeRef::Named(type_name.to_owned());
    api.struct_fields(&ty)
        .and_then(|fields| fields.iter().find(|f| f.field_name == field))
        .and_then(|f| f.constraints.max_length)
        .unwrap_or_else(|| {
            panic!("the spec gives {type_name}.{field} no maxLength; this test checks that limit")
        })
}
