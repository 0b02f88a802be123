//! Requests per second through the generated client against a local server,
//! next to a hand-written `reqwest` loop sending the same request.
//!
//! Run: `cargo bench --bench load`

#[path = "../tests/support/fast_server.rs"]
mod fast_server;

use std::time::Instant;

use futures_util::stream::{self, StreamExt};
use huaweicloud_iam_mfa::types::DeleteMfaDeviceParams;
use huaweicloud_iam_mfa::{AkSk, Client, Credentials};

const REQUESTS: usize = 20_000;
const IN_FLIGHT: usize = 64;
const ROUNDS: usize = 5;

async fn generated(client: &Client) -> usize {
    stream::iter(0..REQUESTS)
        .map(|i| {
            let client = client.clone();
            async move {
                let params = DeleteMfaDeviceParams::builder()
                    .user_id(format!("user-{i}"))
                    .serial_number("iam:0a1b:mfa/dev ice")
                    .build()
                    .unwrap();
                client.delete_mfa_device(&params).await.is_ok()
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await
}

async fn hand_written(http: &reqwest::Client, base: &str) -> usize {
    stream::iter(0..REQUESTS)
        .map(|i| {
            let url = format!(
                "{base}/v3.0/OS-MFA/virtual-mfa-devices?serial_number=iam%3A0a1b%3Amfa%2Fdev%20ice&user_id=user-{i}"
            );
            let http = http.clone();
            async move {
                match http
                    .delete(url)
                    .header("User-Agent", "bench")
                    .header("Content-Type", "application/json")
                    .header("X-Auth-Token", "MIIEXAMPLE-token-value")
                    .send()
                    .await
                {
                    Ok(response) => response.status().as_u16() == 204 && response.bytes().await.is_ok(),
                    Err(_) => false,
                }
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let server = fast_server::start().await;
        let token = Client::builder(server.uri())
            .credentials(Credentials::token("MIIEXAMPLE-token-value").expect("token"))
            .build()
            .expect("client");
        let signed = Client::builder(server.uri())
            .credentials(Credentials::AkSk(AkSk::new("AK", "SK").expect("aksk")))
            .build()
            .expect("client");
        let http = reqwest::Client::new();
        // Warm-up of every path.
        generated(&token).await;
        generated(&signed).await;
        hand_written(&http, &server.uri()).await;

        let mut results: Vec<(&str, Vec<f64>)> =
            vec![("hand-written reqwest", vec![]), ("generated client, token", vec![]), ("generated client, AK/SK signed", vec![])];
        for _ in 0..ROUNDS {
            // Interleave the three so that machine noise hits them alike.
            let start = Instant::now();
            assert_eq!(hand_written(&http, &server.uri()).await, REQUESTS);
            results[0].1.push(REQUESTS as f64 / start.elapsed().as_secs_f64());
            let start = Instant::now();
            assert_eq!(generated(&token).await, REQUESTS);
            results[1].1.push(REQUESTS as f64 / start.elapsed().as_secs_f64());
            let start = Instant::now();
            assert_eq!(generated(&signed).await, REQUESTS);
            results[2].1.push(REQUESTS as f64 / start.elapsed().as_secs_f64());
        }
        let baseline = median(results[0].1.clone());
        println!("| client | requests/s (median of {ROUNDS} × {REQUESTS}, {IN_FLIGHT} in flight) | vs hand-written |");
        println!("| --- | ---: | ---: |");
        for (name, values) in results {
            let rps = median(values);
            println!("| {name} | {rps:.0} | {:+.1}% |", (rps / baseline - 1.0) * 100.0);
        }
    });
}
