//! Clients generated from the test specs `forms`, `params_styles` and
//! `security_schemes` (committed in `tests/clients/`, checked fresh here)
//! against a local mock server: form and multipart bodies, parameter
//! styles, and every kind of credentials, as they arrive on the wire.

use std::collections::BTreeMap;

use huaweicloud_codegen::{generate, output, Options};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The committed clients: (spec, folder).
const CLIENTS: &[(&str, &str)] = &[
    (
        "generator/tests/specs/cli_program.yaml",
        "tests/clients/cli_program",
    ),
    (
        "generator/tests/specs/constraints.yaml",
        "tests/clients/constraints",
    ),
    (
        "generator/tests/specs/discriminator.yaml",
        "tests/clients/discriminator",
    ),
    (
        "generator/tests/specs/enums_open.yaml",
        "tests/clients/enums_open",
    ),
    ("generator/tests/specs/forms.yaml", "tests/clients/forms"),
    (
        "generator/tests/specs/params_styles.yaml",
        "tests/clients/params_styles",
    ),
    (
        "generator/tests/specs/security_combined.yaml",
        "tests/clients/security_combined",
    ),
    (
        "generator/tests/specs/security_schemes.yaml",
        "tests/clients/security_schemes",
    ),
];

#[test]
fn committed_clients_are_fresh() {
    for (spec, out) in CLIENTS {
        let options = Options::new(*spec, *out);
        let files = generate(&options).expect("the test spec generates");
        let stale = output::check(&files, options.out.as_ref()).expect("compare");
        let stale: Vec<&str> = stale.iter().map(|f| f.path.as_str()).collect();
        assert!(
            stale.is_empty(),
            "{out} is stale ({stale:?}); regenerate with: {}",
            options.command()
        );
    }
}

/// A server answering every request with `status` and `body`.
async fn server(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// The query pairs as sent, decoded, in order.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

fn header(request: &Request, name: &str) -> String {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("text").to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn form_body_nests_in_brackets_and_follows_the_encoding() {
    use snapshot_forms::types::{ChargeForm, ChargeFormCard};
    let server = server(200, r#"{"id": "ch_1"}"#).await;
    let client = snapshot_forms::Client::builder(server.uri())
        .build()
        .unwrap();
    let mut form = ChargeForm::builder().amount(1250).build().unwrap();
    form.currency = Some("eur & co".into());
    form.card = Some(
        ChargeFormCard::builder()
            .number("4242")
            .exp_month(7)
            .build()
            .unwrap(),
    );
    form.expand = Some(vec!["customer".into(), "invoice".into()]);
    form.labels = Some(vec!["a".into(), "b".into()]);
    form.codes = Some(vec![3, 4]);
    form.metadata = Some(BTreeMap::from([("order".to_owned(), "9 1".to_owned())]));
    let response = client.create_charge(&form).await.expect("200");
    assert_eq!(response.body().id.as_deref(), Some("ch_1"));

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "amount=1250&card%5Bexp_month%5D=7&card%5Bnumber%5D=4242&codes=3%7C4\
         &currency=eur%20%26%20co&expand%5B0%5D=customer&expand%5B1%5D=invoice\
         &labels=a&labels=b&metadata%5Border%5D=9%201",
        "fields in name order; items in their order"
    );
    // What a server's form decoder reads.
    let decoded: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect();
    assert_eq!(decoded[2], ("card[number]".to_owned(), "4242".to_owned()));
}

#[tokio::test]
async fn multipart_body_has_a_file_part_and_field_parts() {
    use snapshot_forms::types::{UploadFileRequest, UploadFileRequestMeta};
    let server = server(201, r#"{"size": 4}"#).await;
    let client = snapshot_forms::Client::builder(server.uri())
        .build()
        .unwrap();
    let mut upload = UploadFileRequest::builder()
        .file(bytes::Bytes::from_static(b"\x89PNG\x00\xff"))
        .build()
        .unwrap();
    upload.purpose = Some("avatar".into());
    upload.tags = Some(vec!["x".into(), "y".into()]);
    upload.meta = Some(
        UploadFileRequestMeta::builder()
            .owner("me")
            .build()
            .unwrap(),
    );
    let response = client.upload_file(&upload).await.expect("201");
    assert_eq!(response.body().size, Some(4));

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        "multipart/form-data; boundary=boundary-0"
    );
    let mut expected = Vec::new();
    expected.extend_from_slice(
        b"--boundary-0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
          Content-Type: image/png\r\n\r\n\x89PNG\x00\xff\r\n",
    );
    expected.extend_from_slice(
        b"--boundary-0\r\nContent-Disposition: form-data; name=\"meta\"\r\n\
          Content-Type: application/json\r\n\r\n{\"owner\": \"me\"}\r\n",
    );
    expected.extend_from_slice(
        b"--boundary-0\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\navatar\r\n",
    );
    expected.extend_from_slice(
        b"--boundary-0\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n",
    );
    expected.extend_from_slice(
        b"--boundary-0\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n",
    );
    expected.extend_from_slice(b"--boundary-0--\r\n");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn multipart_boundary_avoids_the_content() {
    use snapshot_forms::types::UploadFileRequest;
    let server = server(201, "{}").await;
    let client = snapshot_forms::Client::builder(server.uri())
        .build()
        .unwrap();
    let upload = UploadFileRequest::builder()
        .file(bytes::Bytes::from_static(b"--boundary-0 and boundary-1"))
        .build()
        .unwrap();
    client.upload_file(&upload).await.expect("201");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        "multipart/form-data; boundary=boundary-2"
    );
}

#[tokio::test]
async fn query_styles_and_structured_parameters() {
    use snapshot_params_styles::types::{
        Filter, FilterCreated, ListItemsLimit, ListItemsLimitEnum, ListItemsParams, NameOrId, Page,
        State,
    };
    let server = server(200, r#"["one"]"#).await;
    let client = snapshot_params_styles::Client::builder(server.uri())
        .build()
        .unwrap();
    let mut params = ListItemsParams::builder()
        .selector(NameOrId::String("tool box".into()))
        .build()
        .unwrap();
    params.filter = Some(
        Filter::builder()
            .owner("ann")
            .created(FilterCreated::builder().gt(10).build().unwrap())
            .kinds(vec!["a".to_owned(), "b".to_owned()])
            .build()
            .unwrap(),
    );
    params.page = Some(Page::builder().x(1).y(2).build().unwrap());
    params.point = Some(Page::builder().x(5).y(6).build().unwrap());
    params.states = Some(vec![State::Open, State::Closed]);
    params.ids = Some(vec![7, 8]);
    params.words = Some(vec!["big".into(), "red".into()]);
    params.flags = Some(vec!["p".into(), "q".into()]);
    params.limit = Some(ListItemsLimit::Enum(ListItemsLimitEnum::All));
    params.x_tags = Some(vec!["t1".into(), "t2".into()]);
    client.list_items(&params).await.expect("200");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/items/tool%20box");
    let pairs = query_pairs(&request);
    let expected: Vec<(String, String)> = [
        ("filter[created][gt]", "10"),
        ("filter[kinds][0]", "a"),
        ("filter[kinds][1]", "b"),
        ("filter[owner]", "ann"),
        ("flags", "p|q"),
        ("ids", "7,8"),
        ("limit", "all"),
        ("point", "x,5,y,6"),
        ("states", "closed"),
        ("states", "open"),
        ("words", "big red"),
        ("x", "1"),
        ("y", "2"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(pairs, expected, "sent in canonical (sorted) order");
    assert_eq!(header(&request, "x-tags"), "t1,t2");
}

#[tokio::test]
async fn structured_path_values_stay_one_segment() {
    use snapshot_params_styles::types::{ListItemsParams, NameOrId};
    let server = server(200, "[]").await;
    let client = snapshot_params_styles::Client::builder(server.uri())
        .build()
        .unwrap();
    client
        .list_items(
            &ListItemsParams::builder()
                .selector(NameOrId::I64(42))
                .build()
                .unwrap(),
        )
        .await
        .expect("200");
    assert_eq!(only_request(&server).await.url.path(), "/v1/items/42");
    let error = client
        .list_items(
            &ListItemsParams::builder()
                .selector(NameOrId::String("../admin".into()))
                .build()
                .unwrap(),
        )
        .await
        .expect_err("a path traversal is refused");
    assert!(
        matches!(error, snapshot_params_styles::Error::Validation(_)),
        "{error:?}"
    );
}

mod security {
    use super::*;
    use snapshot_security_schemes::{Client, Credentials};

    async fn client_with(credentials: Credentials) -> (MockServer, Client) {
        let server = server(204, "").await;
        let client = Client::builder(server.uri())
            .credentials(credentials)
            .build()
            .unwrap();
        (server, client)
    }

    #[tokio::test]
    async fn bearer_token_in_authorization() {
        let (server, client) = client_with(Credentials::bearer("abc.def").unwrap()).await;
        client.with_bearer().await.expect("204");
        assert_eq!(
            header(&only_request(&server).await, "authorization"),
            "Bearer abc.def"
        );
    }

    #[tokio::test]
    async fn oauth2_and_openid_connect_send_the_access_token_as_bearer() {
        let (server, client) = client_with(Credentials::bearer("access-1").unwrap()).await;
        client.with_oauth().await.expect("204");
        assert_eq!(
            header(&only_request(&server).await, "authorization"),
            "Bearer access-1"
        );
    }

    #[tokio::test]
    async fn basic_credentials_are_base64_encoded() {
        let (server, client) =
            client_with(Credentials::basic("Aladdin", "open sesame").unwrap()).await;
        client.with_basic().await.expect("204");
        assert_eq!(
            header(&only_request(&server).await, "authorization"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(
            Credentials::basic("a:b", "x").is_err(),
            "a colon ends the user name"
        );
    }

    #[tokio::test]
    async fn api_key_in_the_query_is_sent_and_redacted_when_shown() {
        let (server, client) = client_with(Credentials::token("k&y=1").unwrap()).await;
        let params = snapshot_security_schemes::types::WithQueryKeyParams::builder()
            .q("find")
            .build()
            .unwrap();
        client.with_query_key(&params).await.expect("204");
        let request = only_request(&server).await;
        assert_eq!(
            query_pairs(&request),
            vec![
                ("api_key".to_owned(), "k&y=1".to_owned()),
                ("q".to_owned(), "find".to_owned())
            ]
        );
        let parts = snapshot_security_schemes::requests::with_query_key(&params).unwrap();
        let prepared = client.prepare(&parts).unwrap();
        assert!(prepared.url().contains("api_key=k%26y%3D1"));
        for shown in [format!("{prepared}"), format!("{prepared:?}")] {
            assert!(!shown.contains("k%26y"), "{shown}");
            assert!(shown.contains("api_key=<redacted>&q=find"), "{shown}");
        }
    }

    #[tokio::test]
    async fn api_key_in_a_cookie() {
        let (server, client) = client_with(Credentials::token("c00kie val").unwrap()).await;
        client.with_cookie_key().await.expect("204");
        assert_eq!(
            header(&only_request(&server).await, "cookie"),
            "session_key=c00kie%20val"
        );
    }

    #[tokio::test]
    async fn api_key_in_a_header() {
        let (server, client) = client_with(Credentials::token("hk-1").unwrap()).await;
        client.with_header_key().await.expect("204");
        let request = only_request(&server).await;
        assert_eq!(header(&request, "x-api-key"), "hk-1");
        assert_eq!(header(&request, "authorization"), "");
    }

    #[tokio::test]
    async fn credentials_of_another_kind_are_refused_before_sending() {
        let (server, client) = client_with(Credentials::token("t").unwrap()).await;
        let error = client
            .with_bearer()
            .await
            .expect_err("a token is no bearer token");
        assert!(matches!(error, snapshot_security_schemes::Error::Auth(_)));
        assert_eq!(
            error.to_string(),
            "request not sent: credentials: WithBearer accepts only a bearer token, but the client has a token"
        );
        assert!(server.received_requests().await.unwrap().is_empty());
    }
}
