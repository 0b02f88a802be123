//! Proves that `runtime/signer.rs` reproduces, byte for byte, what the
//! official Huawei Cloud Python SDK computes when it signs requests with
//! `SDK-HMAC-SHA256`. The vectors are made by
//! `tools/signing-vectors/make_vectors.py`.

#[allow(dead_code)]
#[path = "../runtime/signer.rs"]
mod signer;

use serde::Deserialize;
use signer::{SignableRequest, Signature};
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
struct SdkInfo {
    package: String,
    version: String,
}

#[derive(Debug, Deserialize)]
struct SigningFile {
    sdk: SdkInfo,
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    method: String,
    host: String,
    path: String,
    raw_path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: String,
    access_key: String,
    secret_key: String,
    sdk_date: String,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    signed_headers: String,
    authorization: String,
    uri: String,
}

#[derive(Debug, Deserialize)]
struct WireFile {
    sdk: SdkInfo,
    captures: Vec<Capture>,
}

#[derive(Debug, Deserialize)]
struct Credentials {
    kind: String,
    access_key: String,
    secret_key: String,
    domain_id: Option<String>,
    security_token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Capture {
    name: String,
    credentials: Credentials,
    sdk_date: String,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
    canonical_request: String,
    string_to_sign: String,
}

fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn load_signing() -> SigningFile {
    let path = repo_file("../tests/vectors/signing.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

fn load_wire() -> WireFile {
    let path = repo_file("../tests/vectors/sdk_wire.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

fn assert_field(vector: &str, field: &str, expected: &str, actual: &str) {
    assert!(
        expected == actual,
        "vector `{vector}`: {field} differs from the official SDK\n--- expected (SDK) ---\n{expected}\n--- actual (signer.rs) ---\n{actual}\n---"
    );
}

fn sign_vector(v: &Vector) -> Signature {
    let request = SignableRequest {
        method: &v.method,
        path: &v.path,
        query: &v.query,
        headers: &v.headers,
        body: v.body.as_bytes(),
    };
    signer::sign(&request, &v.access_key, &v.secret_key, &v.sdk_date)
}

/// Names of the cases the vector file must contain.
const REQUIRED_VECTORS: &[&str] = &[
    "iam_v5_disable_mfa_device",
    "iam_v3_delete_mfa_device",
    "iam_v3_unbind_mfa_device",
    "iam_v5_disable_mfa_device_security_token",
    "iam_v3_delete_mfa_device_security_token",
    "iam_v3_unbind_mfa_device_security_token",
    "iam_v3_delete_mfa_device_no_domain_id",
    "iam_v3_delete_mfa_device_special_serial",
    "iam_v3_unbind_mfa_device_non_ascii_serial",
    "edge_query_special_characters",
    "edge_query_repeated_keys",
    "edge_query_sort_on_decoded_keys",
    "edge_path_needs_encoding",
    "edge_empty_body_post",
    "edge_json_body_non_ascii_utf8",
    "edge_security_token_with_query",
    "edge_headers_trim_unicode_underscore",
    "edge_unsigned_payload_text_plain",
];

#[test]
fn vector_file_is_complete() {
    let file = load_signing();
    assert_eq!(file.sdk.package, "huaweicloudsdkcore");
    assert!(!file.sdk.version.is_empty());
    assert!(
        file.vectors.len() >= REQUIRED_VECTORS.len(),
        "only {} vectors in signing.json, expected at least {}",
        file.vectors.len(),
        REQUIRED_VECTORS.len()
    );
    for name in REQUIRED_VECTORS {
        assert!(
            file.vectors.iter().any(|v| v.name == *name),
            "signing.json has no vector named `{name}`"
        );
    }
    let mut names: Vec<&str> = file.vectors.iter().map(|v| v.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), file.vectors.len(), "duplicate vector names");
}

#[test]
fn every_vector_matches_the_official_sdk() {
    let file = load_signing();
    assert!(!file.vectors.is_empty());
    for v in &file.vectors {
        let got = sign_vector(v);
        assert_field(
            &v.name,
            "canonical_request",
            &v.canonical_request,
            &got.canonical_request,
        );
        assert_field(
            &v.name,
            "string_to_sign",
            &v.string_to_sign,
            &got.string_to_sign,
        );
        assert_field(
            &v.name,
            "signed_headers",
            &v.signed_headers,
            &got.signed_headers,
        );
        assert_field(&v.name, "signature", &v.signature, &got.signature);
        assert_field(
            &v.name,
            "authorization",
            &v.authorization,
            &got.authorization,
        );
    }
}

#[test]
fn vectors_are_consistent_with_their_inputs() {
    let file = load_signing();
    for v in &file.vectors {
        // X-Sdk-Date header and the date passed to the signer agree.
        assert_eq!(
            signer::find_header(&v.headers, signer::HEADER_SDK_DATE),
            Some(v.sdk_date.as_str()),
            "vector `{}`: X-Sdk-Date header",
            v.name
        );
        // The Host header is present (the SDK adds it from the endpoint when missing).
        assert!(
            signer::find_header(&v.headers, "Host").is_some(),
            "vector `{}`: no Host header (endpoint host {})",
            v.name,
            v.host
        );
        // The query the SDK put in the URL is the canonical query string.
        let (uri_path, uri_query) = match v.uri.split_once('?') {
            Some((path, query)) => (path, query),
            None => (v.uri.as_str(), ""),
        };
        assert_field(
            &v.name,
            "URL query",
            uri_query,
            &signer::canonical_query_string(&v.query),
        );
        assert_eq!(uri_path, v.raw_path, "vector `{}`: URL path", v.name);
        // Decoding the SDK's encoded path gives the same canonical URI.
        let canonical_uri_line = v.canonical_request.split('\n').nth(1).unwrap_or_default();
        assert_field(
            &v.name,
            "canonical URI from decoded path",
            canonical_uri_line,
            &signer::canonical_uri(&v.path),
        );
        assert_field(
            &v.name,
            "canonical URI from encoded path",
            canonical_uri_line,
            &signer::canonical_uri_from_encoded(&v.raw_path),
        );
        assert_field(
            &v.name,
            "decoded path",
            &v.path,
            &signer::percent_decode(&v.raw_path),
        );
        // The SDK added X-Sdk-Content-Sha256 exactly when our rule says so.
        let content_type = v
            .headers
            .iter()
            .rev()
            .find(|(name, _)| name == "Content-Type")
            .map(|(_, value)| value.as_str())
            .unwrap_or_default();
        assert_eq!(
            signer::requires_unsigned_payload(content_type),
            signer::find_header(&v.headers, signer::HEADER_CONTENT_SHA256)
                == Some(signer::UNSIGNED_PAYLOAD),
            "vector `{}`: unsigned payload rule for Content-Type {content_type:?}",
            v.name
        );
    }
}

#[test]
fn real_operation_bodies_match_the_wire() {
    let signing = load_signing();
    let wire = load_wire();
    for (vector, capture) in [
        (
            "iam_v5_disable_mfa_device",
            "iam_v5_disable_mfa_device__aksk_domain_id",
        ),
        (
            "iam_v3_delete_mfa_device",
            "iam_v3_delete_mfa_device__aksk_domain_id",
        ),
        (
            "iam_v3_unbind_mfa_device",
            "iam_v3_unbind_mfa_device__aksk_domain_id",
        ),
    ] {
        let v = signing.vectors.iter().find(|v| v.name == vector);
        let c = wire.captures.iter().find(|c| c.name == capture);
        let (Some(v), Some(c)) = (v, c) else {
            panic!("missing vector `{vector}` or capture `{capture}`");
        };
        assert_eq!(v.body, c.body, "body of `{vector}` vs wire `{capture}`");
        assert_eq!(
            v.method, c.method,
            "method of `{vector}` vs wire `{capture}`"
        );
        assert_eq!(v.uri, c.target, "URL of `{vector}` vs wire `{capture}`");
    }
}

#[test]
fn wire_captures_re_sign_identically() {
    let wire = load_wire();
    assert_eq!(wire.sdk.package, "huaweicloudsdkcore");
    assert!(
        wire.captures.len() >= 6,
        "expected AK/SK and AK/SK+token captures of 3 operations"
    );
    for c in &wire.captures {
        let authorization = signer::find_header(&c.headers, signer::HEADER_AUTHORIZATION)
            .unwrap_or_else(|| panic!("capture `{}` has no Authorization header", c.name));
        let signed: Vec<&str> = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap_or_default()
            .split(';')
            .collect();
        // Keep the headers the SDK had when it signed: the HTTP library adds
        // Accept, Accept-Encoding, Connection and Content-Length afterwards.
        let headers: Vec<(String, String)> = c
            .headers
            .iter()
            .filter(|(name, _)| signed.contains(&name.to_lowercase().as_str()))
            .cloned()
            .collect();
        let (path, query) = c.target.split_once('?').unwrap_or((c.target.as_str(), ""));
        let query: Vec<(String, String)> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (signer::percent_decode(key), signer::percent_decode(value))
            })
            .collect();
        let decoded_path = signer::percent_decode(path);
        let request = SignableRequest {
            method: &c.method,
            path: &decoded_path,
            query: &query,
            headers: &headers,
            body: c.body.as_bytes(),
        };
        let got = signer::sign(
            &request,
            &c.credentials.access_key,
            &c.credentials.secret_key,
            &c.sdk_date,
        );
        assert_field(
            &c.name,
            "canonical_request",
            &c.canonical_request,
            &got.canonical_request,
        );
        assert_field(
            &c.name,
            "string_to_sign",
            &c.string_to_sign,
            &got.string_to_sign,
        );
        assert_field(&c.name, "authorization", authorization, &got.authorization);
        assert_field(
            &c.name,
            "query",
            query_of(&c.target),
            &signer::canonical_query_string(&query),
        );

        // Which credential headers the SDK sent.
        assert_eq!(
            signer::find_header(&c.headers, signer::HEADER_DOMAIN_ID),
            c.credentials.domain_id.as_deref(),
            "capture `{}` ({}): X-Domain-Id",
            c.name,
            c.credentials.kind
        );
        assert_eq!(
            signer::find_header(&c.headers, signer::HEADER_SECURITY_TOKEN),
            c.credentials.security_token.as_deref(),
            "capture `{}` ({}): X-Security-Token",
            c.name,
            c.credentials.kind
        );
    }
}

fn query_of(target: &str) -> &str {
    target.split_once('?').map(|(_, q)| q).unwrap_or("")
}

#[test]
fn format_sdk_date_known_instants() {
    let cases: &[(u64, &str)] = &[
        (0, "19700101T000000Z"),
        (951_782_400, "20000229T000000Z"),
        (1_709_251_199, "20240229T235959Z"),
        (1_773_480_413, "20260314T092653Z"),
        (1_798_761_599, "20261231T235959Z"),
        (4_102_444_800, "21000101T000000Z"),
        (253_402_300_799, "99991231T235959Z"),
    ];
    for (seconds, expected) in cases {
        assert_eq!(
            signer::format_sdk_date(*seconds),
            *expected,
            "format_sdk_date({seconds})"
        );
    }
    // No panic and a sane shape at the far end of the range.
    let far = signer::format_sdk_date(u64::MAX);
    assert!(far.ends_with('Z') && far.contains('T'), "{far}");
}

#[test]
fn vector_dates_match_format_sdk_date() {
    // The two clocks the generator script uses.
    assert_eq!(signer::format_sdk_date(1_773_480_413), "20260314T092653Z");
    assert_eq!(signer::format_sdk_date(1_709_251_199), "20240229T235959Z");
    let file = load_signing();
    for v in &file.vectors {
        assert!(
            v.sdk_date == "20260314T092653Z" || v.sdk_date == "20240229T235959Z",
            "vector `{}` has unexpected date {}",
            v.name,
            v.sdk_date
        );
    }
}

#[test]
fn percent_encoding_and_hashes() {
    assert_eq!(signer::percent_encode(""), "");
    assert_eq!(signer::percent_encode("AZaz09-_.~"), "AZaz09-_.~");
    assert_eq!(signer::percent_encode(" +/:=&%"), "%20%2B%2F%3A%3D%26%25");
    assert_eq!(
        signer::percent_encode("设备 ü"),
        "%E8%AE%BE%E5%A4%87%20%C3%BC"
    );
    assert_eq!(signer::sha256_hex(b""), signer::EMPTY_BODY_SHA256);
    // RFC 4231 test case 2.
    assert_eq!(
        signer::hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(signer::canonical_query_string(&[]), "");
    assert_eq!(signer::canonical_uri("/"), "/");
}
