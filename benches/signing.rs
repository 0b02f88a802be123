//! The cost of signing one request of each operation, next to the floor:
//! the two SHA-256 passes (body, canonical request) and the HMAC alone on
//! the same bytes.
//!
//! Run: `cargo bench --bench signing`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use huaweicloud_iam_mfa::signer::{self, SignableRequest};

struct Case {
    name: &'static str,
    method: &'static str,
    path: &'static str,
    query: Vec<(String, String)>,
    body: &'static [u8],
    content_type: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "DisableMfaDeviceV5",
            method: "POST",
            path: "/v5/mfa-devices/disable",
            query: vec![],
            body: br#"{"user_id": "07609fb9358010e21f7bc003751c7c32", "serial_number": "iam::0a1b2c:mfa:my-device"}"#,
            content_type: "application/json",
        },
        Case {
            name: "DeleteMfaDevice",
            method: "DELETE",
            path: "/v3.0/OS-MFA/virtual-mfa-devices",
            query: vec![
                ("user_id".into(), "07609fb9358010e21f7bc003751c7c32".into()),
                ("serial_number".into(), "iam:0a1b2c:mfa/my device".into()),
            ],
            body: b"",
            content_type: "application/json",
        },
        Case {
            name: "UnbindMfaDevice",
            method: "PUT",
            path: "/v3.0/OS-MFA/mfa-devices/unbind",
            query: vec![],
            body: br#"{"user_id": "07609fb9358010e21f7bc003751c7c32", "authentication_code": "123456", "serial_number": "iam:0a1b2c:mfa/my-device"}"#,
            content_type: "application/json;charset=utf-8",
        },
    ]
}

fn headers(case: &Case) -> Vec<(String, String)> {
    vec![
        ("User-Agent".into(), "huaweicloud-iam-mfa/2026.11.0".into()),
        ("Content-Type".into(), case.content_type.into()),
        (
            "X-Domain-Id".into(),
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
        ),
        ("X-Sdk-Date".into(), "20260314T092653Z".into()),
        ("Host".into(), "iam.myhuaweicloud.com".into()),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("signing");
    for case in cases() {
        let headers = headers(&case);
        let request = SignableRequest {
            method: case.method,
            path: case.path,
            query: &case.query,
            headers: &headers,
            body: case.body,
        };
        let secret = "ExampleSecretKey0123456789abcdefghijklmn";
        group.bench_function(format!("{}/sign", case.name), |b| {
            b.iter(|| {
                signer::sign(
                    black_box(&request),
                    "HPUAEXAMPLEACCESSKEY",
                    secret,
                    "20260314T092653Z",
                )
            })
        });
        let signature = signer::sign(&request, "HPUAEXAMPLEACCESSKEY", secret, "20260314T092653Z");
        let canonical = signature.canonical_request.clone();
        let to_sign = signature.string_to_sign.clone();
        group.bench_function(format!("{}/floor (2×SHA-256 + HMAC)", case.name), |b| {
            b.iter(|| {
                let body_hash = signer::sha256_hex(black_box(case.body));
                let request_hash = signer::sha256_hex(black_box(canonical.as_bytes()));
                let mac = signer::hmac_sha256_hex(
                    black_box(secret.as_bytes()),
                    black_box(to_sign.as_bytes()),
                );
                (body_hash, request_hash, mac)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
