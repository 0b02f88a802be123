//! The client generated from `generator/tests/specs/constraints.yaml`
//! (committed in `tests/clients/constraints`, checked fresh by
//! `tests/wire_ops.rs`): a local server records every request, so a value
//! refused before sending is seen to send nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use snapshot_constraints::types::{ListShelvesParams, ListShelvesSort, Shelf};
use snapshot_constraints::{Client, Error};

/// A server answering every request with `status` and `body`; the request
/// lines it read are in the returned list.
fn serve(status: u16, body: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(stream) = stream else { continue };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let mut length = 0;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut request_body = vec![0; length];
            let _ = reader.read_exact(&mut request_body);
            record.lock().unwrap().push(line.trim_end().to_owned());
            let reply = format!(
                "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.get_mut().write_all(reply.as_bytes());
        }
    });
    (format!("http://{address}"), seen)
}

fn client(endpoint: &str) -> Client {
    Client::builder(endpoint).build().unwrap()
}

#[tokio::test]
async fn a_documented_default_is_sent_only_when_set() {
    let (endpoint, seen) = serve(204, "");
    let client = client(&endpoint);
    let unset = ListShelvesParams::builder().build().unwrap();
    assert_eq!(unset.limit_or_default(), 20);
    assert!(!unset.force_or_default());
    assert_eq!(unset.sort_or_default(), ListShelvesSort::Asc);
    client.list_shelves(&unset).await.unwrap();
    let set = ListShelvesParams::builder()
        .force(false)
        .limit(20)
        .sort(ListShelvesSort::Asc)
        .build()
        .unwrap();
    client.list_shelves(&set).await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "GET /v1/shelves HTTP/1.1",
            // Query pairs go sorted by name, as the official SDKs sign them.
            "GET /v1/shelves?force=false&limit=20&sort=asc HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn each_parameter_constraint_is_refused_before_sending() {
    let (endpoint, seen) = serve(204, "");
    let client = client(&endpoint);
    let p = ListShelvesParams::builder;
    let refused: Vec<(&str, ListShelvesParams)> = vec![
        ("limit", p().limit(0).build().unwrap()),
        ("limit", p().limit(101).build().unwrap()),
        ("offset", p().offset(0).build().unwrap()),
        ("offset", p().offset(5_000_000_001_i64).build().unwrap()),
        ("ratio", p().ratio(1.0).build().unwrap()),
        ("ratio", p().ratio(-0.1).build().unwrap()),
        ("code", p().code("AB-12").build().unwrap()),
        ("code", p().code("ab-123").build().unwrap()),
        ("tags", p().tags(Vec::<String>::new()).build().unwrap()),
        (
            "tags",
            p().tags(vec!["a".to_owned(), "b".into(), "c".into(), "d".into()])
                .build()
                .unwrap(),
        ),
        (
            "tags",
            p().tags(vec!["a".to_owned(), "a".into()]).build().unwrap(),
        ),
        (
            "tags[1]",
            p().tags(vec!["a".to_owned(), "B".into()]).build().unwrap(),
        ),
    ];
    for (field, params) in refused {
        match client.list_shelves(&params).await {
            Err(Error::Validation(e)) => assert_eq!(e.field(), field, "{e}"),
            other => panic!("{params:?}: expected a validation error, got {other:?}"),
        }
    }
    let accepted = p()
        .limit(100)
        .offset(5_000_000_000_i64)
        .ratio(0.0)
        .code("AB-123")
        .tags(vec!["a".to_owned(), "b".into(), "c".into()])
        .build()
        .unwrap();
    client.list_shelves(&accepted).await.unwrap();
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "only the valid request is sent"
    );
}

#[tokio::test]
async fn each_body_constraint_is_refused_before_sending() {
    let (endpoint, seen) = serve(201, r#"{"name": "oak"}"#);
    let client = client(&endpoint);
    let refused: Vec<(&str, Shelf)> = vec![
        ("name", Shelf::builder().name("").build().unwrap()),
        ("name", Shelf::builder().name("abcdefghi").build().unwrap()),
        ("name", Shelf::builder().name("Oak").build().unwrap()),
        (
            "capacity",
            Shelf::builder().name("oak").capacity(0).build().unwrap(),
        ),
        (
            "capacity",
            Shelf::builder().name("oak").capacity(501).build().unwrap(),
        ),
        (
            "weight",
            Shelf::builder().name("oak").weight(0.5).build().unwrap(),
        ),
        (
            "labels",
            Shelf::builder()
                .name("oak")
                .labels(vec![1, 1])
                .build()
                .unwrap(),
        ),
        (
            "labels[0]",
            Shelf::builder()
                .name("oak")
                .labels(vec![10])
                .build()
                .unwrap(),
        ),
    ];
    for (field, shelf) in refused {
        match client.create_shelf(&shelf).await {
            Err(Error::Validation(e)) => assert_eq!(e.field(), field, "{e}"),
            other => panic!("{shelf:?}: expected a validation error, got {other:?}"),
        }
    }
    match Shelf::builder().capacity(3).build() {
        Err(e) => assert_eq!(e.field(), "name"),
        Ok(shelf) => panic!("built without its required name: {shelf:?}"),
    }
    let created = client
        .create_shelf(&Shelf::builder().name("oak").weight(0.6).build().unwrap())
        .await
        .unwrap();
    assert_eq!(created.body().capacity_or_default(), 10);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "only the valid request is sent"
    );
}

#[tokio::test]
async fn an_undecodable_success_body_says_why() {
    let (endpoint, _seen) = serve(201, "not json");
    let error = client(&endpoint)
        .create_shelf(&Shelf::builder().name("oak").build().unwrap())
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with("CreateShelf failed with HTTP 201"),
        "{text}"
    );
    assert!(
        text.contains("; the response could not be read: "),
        "{text}"
    );
}

#[tokio::test]
async fn unsigned_64_bit_integers_travel_whole_beyond_i64() {
    let (endpoint, listed) = serve(204, "");
    let params = ListShelvesParams::builder()
        .after(u64::MAX - 1)
        .build()
        .unwrap();
    // The maximum (18446744073709551000) is beyond i64 and is left to the server.
    client(&endpoint).list_shelves(&params).await.unwrap();
    assert_eq!(
        *listed.lock().unwrap(),
        ["GET /v1/shelves?after=18446744073709551614 HTTP/1.1"]
    );
    let (endpoint, created) = serve(201, r#"{"name": "oak", "serial": 18446744073709551615}"#);
    let client = client(&endpoint);
    let shelf = client
        .create_shelf(&Shelf::builder().name("oak").serial(100).build().unwrap())
        .await
        .unwrap();
    assert_eq!(shelf.body().serial, Some(u64::MAX));
    match client
        .create_shelf(&Shelf::builder().name("oak").serial(99).build().unwrap())
        .await
    {
        Err(Error::Validation(e)) => assert_eq!(e.field(), "serial", "{e}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        created.lock().unwrap().len(),
        1,
        "only the valid request is sent"
    );
}
