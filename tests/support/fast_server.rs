//! A minimal HTTP/1.1 server on 127.0.0.1 (hyper) that answers every request
//! with 204 and counts them: a cheap, real peer for load tests and benchmarks.

#![allow(dead_code)] // the load benchmark does not read the counter

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// A running server; it stops when the runtime that started it ends.
pub struct FastServer {
    pub address: SocketAddr,
    pub served: Arc<AtomicU64>,
}

impl FastServer {
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn served(&self) -> u64 {
        self.served.load(Ordering::Relaxed)
    }
}

/// Starts the server on an ephemeral port of 127.0.0.1.
pub async fn start() -> FastServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let served = Arc::new(AtomicU64::new(0));
    let counter = served.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let counter = counter.clone();
                    async move {
                        // Read the whole body, as a real service would.
                        let _ = http_body_util::BodyExt::collect(request.into_body()).await;
                        counter.fetch_add(1, Ordering::Relaxed);
                        let response = Response::builder()
                            .status(204)
                            .header("X-Request-Id", "load")
                            .body(http_body_util::Empty::<bytes::Bytes>::new())
                            .expect("static response");
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    FastServer { address, served }
}
