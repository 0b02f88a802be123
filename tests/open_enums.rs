//! The client generated from `generator/tests/specs/enums_open.yaml`
//! (committed in `tests/clients/enums_open`, checked fresh by
//! `tests/wire_ops.rs`) against a local server on 127.0.0.1. A success body carrying enum values the spec does
//! not list decodes; a request holding such a value is refused before
//! anything is sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use snapshot_enums_open::types::{Job, JobMode, JobPriority, JobState, ListJobsParams, Stage};
use snapshot_enums_open::{Client, Error};

/// What the local server saw: the number of requests and the last body.
#[derive(Default)]
struct Seen {
    requests: AtomicUsize,
    body: Mutex<String>,
}

/// A server answering every request with `status` and the JSON `body`.
fn serve(status: u16, body: &'static str) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let seen = Arc::new(Seen::default());
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            record.requests.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim_end().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.trim_end().split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut received = vec![0; length];
            let _ = reader.read_exact(&mut received);
            *record.body.lock().expect("the lock") = String::from_utf8_lossy(&received).into();
            let answer = format!(
                "HTTP/1.1 {status} Answer\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, seen)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[test]
fn a_success_body_with_values_the_spec_does_not_list_decodes() {
    let (url, seen) = serve(
        201,
        r#"{"name":"nightly","state":"paused","priority":7,"mode":"trickle"}"#,
    );
    let client = Client::builder(url).build().expect("a client");
    let job = Job::builder()
        .name("nightly")
        .state(JobState::Queued)
        .build()
        .expect("a job");
    let created = runtime()
        .block_on(client.create_job(&job))
        .expect("a 201 with new enum values is a success")
        .into_body();
    assert_eq!(created.state, JobState::Unknown("paused".to_owned()));
    assert_eq!(created.state.unknown(), Some("paused"));
    assert_eq!(created.priority, Some(JobPriority::Unknown(7)));
    assert_eq!(created.mode, Some(JobMode::Unknown("trickle".to_owned())));
    // The listed value went out as its wire string.
    let sent: serde_json::Value =
        serde_json::from_str(&seen.body.lock().expect("the lock")).expect("a JSON body");
    assert_eq!(sent["state"], "queued");
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_request_body_with_an_unlisted_value_is_refused_before_sending() {
    let (url, seen) = serve(201, "{}");
    let client = Client::builder(url).build().expect("a client");
    let job = Job::builder()
        .name("nightly")
        .state(JobState::Unknown("paused".to_owned()))
        .build()
        .expect("a job");
    let error = runtime()
        .block_on(client.create_job(&job))
        .expect_err("an unlisted value is refused");
    match error {
        Error::Validation(error) => {
            assert_eq!(error.field(), "state");
            assert!(
                error.message().contains("\"paused\""),
                "{}",
                error.message()
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(seen.requests.load(Ordering::SeqCst), 0, "nothing was sent");
}

#[test]
fn an_unlisted_value_in_a_nested_struct_is_named_by_its_path() {
    let (url, seen) = serve(201, "{}");
    let client = Client::builder(url).build().expect("a client");
    let stage = Stage::builder()
        .state(JobState::Unknown("paused".to_owned()))
        .build()
        .expect("a stage");
    let job = Job::builder()
        .name("nightly")
        .state(JobState::Queued)
        .previous(stage)
        .build()
        .expect("a job");
    let error = runtime()
        .block_on(client.create_job(&job))
        .expect_err("an unlisted value is refused");
    match error {
        Error::Validation(error) => {
            assert_eq!(error.field(), "previous.state");
            assert!(
                error.message().contains("\"paused\""),
                "{}",
                error.message()
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(seen.requests.load(Ordering::SeqCst), 0, "nothing was sent");
}

#[test]
fn a_parameter_with_an_unlisted_value_is_refused_before_sending() {
    let (url, seen) = serve(200, "[]");
    let client = Client::builder(url).build().expect("a client");
    let params = ListJobsParams::builder()
        .state(JobState::Unknown("paused".to_owned()))
        .build()
        .expect("parameters");
    let error = runtime()
        .block_on(client.list_jobs(&params))
        .expect_err("an unlisted value is refused");
    match error {
        Error::Validation(error) => assert_eq!(error.field(), "state"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(seen.requests.load(Ordering::SeqCst), 0, "nothing was sent");
    let params = ListJobsParams::builder()
        .state(JobState::Running)
        .build()
        .expect("parameters");
    let jobs = runtime()
        .block_on(client.list_jobs(&params))
        .expect("a listed value is sent")
        .into_body();
    assert!(jobs.is_empty());
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1);
}
