//! The client generated from `generator/tests/specs/discriminator.yaml`
//! (committed in `tests/clients/discriminator`, checked fresh by
//! `tests/wire_ops.rs`): a union with a `discriminator` against a local
//! server on 127.0.0.1. A response decodes as the variant its tag names, a
//! tag the spec does not list decodes as `Unknown`, a request carries its
//! variant's tag, and a request holding `Unknown` is refused before
//! anything is sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use snapshot_discriminator::types::{Cat, Dog, GetPetParams, Pet};
use snapshot_discriminator::{Client, Error};

/// A server answering every request with `status` and the JSON `body`; it
/// keeps the bodies it received, in order.
fn serve(status: u16, body: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let received = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&received);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
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
            let mut bytes = vec![0; length];
            let _ = reader.read_exact(&mut bytes);
            record
                .lock()
                .expect("the lock")
                .push(String::from_utf8_lossy(&bytes).into_owned());
            let answer = format!(
                "HTTP/1.1 {status} Answer\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, received)
}

fn get_pet(
    body: &'static str,
) -> Result<Pet, Error<snapshot_discriminator::operation_errors::GetPetError>> {
    let (url, _) = serve(200, body);
    let client = Client::builder(url).build().expect("a client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let params = GetPetParams::builder()
        .pet_id("p1")
        .build()
        .expect("parameters");
    runtime
        .block_on(client.get_pet(&params))
        .map(|response| response.into_body())
}

#[test]
fn a_response_decodes_as_the_variant_its_tag_names() {
    let dog = get_pet(r#"{"pet_type":"puppy","name":"Rex","good":true}"#).expect("a dog");
    match dog {
        Pet::Puppy(dog) => {
            assert_eq!(dog.name, "Rex");
            assert_eq!(dog.pet_type, "puppy");
        }
        other => panic!("expected a puppy, got {other:?}"),
    }
    // Without a mapping entry, the tag is the component's name. The object
    // would also decode as a dog or a cat: the tag decides.
    let lizard = get_pet(r#"{"pet_type":"Lizard","length_cm":12.5}"#).expect("a lizard");
    match lizard {
        Pet::Lizard(lizard) => assert_eq!(lizard.length_cm, Some(12.5)),
        other => panic!("expected a lizard, got {other:?}"),
    }
    // A tag that names a variant whose type does not accept the object is
    // an error, not another variant.
    assert!(get_pet(r#"{"pet_type":"dog"}"#).is_err());
}

#[test]
fn a_tag_the_spec_does_not_list_decodes_as_unknown() {
    let body = r#"{"pet_type":"parrot","words":3}"#;
    let pet = get_pet(body).expect("an unlisted tag is a success");
    let expected: serde_json::Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(pet, Pet::Unknown(expected));
}

#[test]
fn a_request_carries_its_variants_tag_and_unknown_is_refused() {
    let (url, received) = serve(201, r#"{"pet_type":"cat","lives":9}"#);
    let client = Client::builder(url).build().expect("a client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let dog = Dog::builder()
        .pet_type("not this")
        .name("Rex")
        .build()
        .expect("a dog");
    let admitted = runtime
        .block_on(client.admit_pet(&Pet::Dog(dog)))
        .expect("admitted")
        .into_body();
    assert!(matches!(admitted, Pet::Cat(Cat { lives: Some(9), .. })));
    let sent: serde_json::Value =
        serde_json::from_str(&received.lock().expect("the lock")[0]).expect("a JSON body");
    assert_eq!(sent, serde_json::json!({"pet_type": "dog", "name": "Rex"}));
    let error = runtime
        .block_on(client.admit_pet(&Pet::Unknown(serde_json::json!({"pet_type": "parrot"}))))
        .expect_err("refused");
    match error {
        Error::Validation(error) => assert_eq!(error.field(), "body.pet_type"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        received.lock().expect("the lock").len(),
        1,
        "nothing more was sent"
    );
}
