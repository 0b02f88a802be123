//! Load: 4,000 requests, 64 in flight, through one shared client to a local
//! server. All succeed, file descriptors do not leak, memory stays flat.
//! (Requests per second are measured in `benches/load.rs`.)

mod support;

#[path = "support/fast_server.rs"]
mod fast_server;

use futures_util::stream::{self, StreamExt};
use huaweicloud_iam_mfa::types::DeleteMfaDeviceParams;
use huaweicloud_iam_mfa::{AkSk, Client, Credentials};
use support::*;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

async fn burst(client: &Client, count: usize) -> usize {
    stream::iter(0..count)
        .map(|i| {
            let client = client.clone();
            async move {
                let params = DeleteMfaDeviceParams::builder()
                    .user_id(format!("user-{i}"))
                    .serial_number("iam:0a1b:mfa/dev ice")
                    .build()
                    .unwrap();
                client.delete_mfa_device(&params).await.map(|r| r.status())
            }
        })
        .buffer_unordered(64)
        .filter(|result| std::future::ready(matches!(result, Ok(204))))
        .count()
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_thousand_signed_requests_64_in_flight() {
    let server = fast_server::start().await;
    let client = Client::builder(server.uri())
        .credentials(Credentials::AkSk(
            AkSk::new(ACCESS_KEY, SECRET_KEY).unwrap(),
        ))
        .build()
        .unwrap();

    // Warm up: the pool opens its connections, allocators settle.
    assert_eq!(burst(&client, 500).await, 500);
    let fds_before = open_fds();
    let rss_before = resident_kib();

    assert_eq!(burst(&client, 4_000).await, 4_000, "every request succeeds");
    assert_eq!(server.served(), 4_500);

    let fds_after = open_fds();
    let rss_after = resident_kib();
    // The pool may open up to one connection per request in flight beyond
    // those the warm-up left; a leak would grow with the 4,000 requests.
    assert!(
        fds_after <= fds_before + 64,
        "file descriptors grew from {fds_before} to {fds_after}"
    );
    assert!(
        rss_after <= rss_before + 16 * 1024,
        "resident memory grew from {rss_before} KiB to {rss_after} KiB"
    );
}
