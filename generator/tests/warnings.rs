//! Warnings: a construct the client can only approximate generates, is
//! reported once per site with its JSON pointer, and is refused under
//! `--deny-warnings` with nothing written.

use std::process::Command;

use huaweicloud_codegen::{generate_from_str_with_warnings, Error, Options};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Hooks, version: 1.0.0}
paths:
  /subscriptions:
    post:
      operationId: Subscribe
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '204': {description: subscribed}
  /other:
    get:
      operationId: Other
      callbacks:
        again:
          '{$request.query.url}':
            post:
              responses:
                '200': {description: ok}
      responses:
        '204': {description: done}
"#;

#[test]
fn each_approximated_site_is_one_warning_with_its_pointer() {
    let generation = generate_from_str_with_warnings(SPEC, &Options::new("hooks.yaml", "out"))
        .expect("a spec with callbacks generates");
    assert!(!generation.files.is_empty());
    let pointers: Vec<&str> = generation
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1subscriptions/post/callbacks",
            "#/paths/~1other/get/callbacks"
        ]
    );
    assert!(generation.warnings[0].message.contains("callbacks"));
}

#[test]
fn deny_warnings_refuses_and_lists_every_warning() {
    let mut options = Options::new("hooks.yaml", "out");
    options.deny_warnings = true;
    match generate_from_str_with_warnings(SPEC, &options) {
        Err(Error::Warnings { file, warnings }) => {
            assert_eq!(file, std::path::PathBuf::from("hooks.yaml"));
            assert_eq!(warnings.len(), 2);
            let text = Error::Warnings { file, warnings }.to_string();
            assert!(text.contains("2 warning(s) refused"), "{text}");
            assert!(text.contains("#/paths/~1other/get/callbacks"), "{text}");
        }
        other => panic!("expected Error::Warnings, got {other:?}"),
    }
}

#[test]
fn the_binary_prints_warnings_on_stderr_and_deny_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("hooks.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = dir.path().join("out");
    let run = |deny: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"));
        command.arg("--spec").arg(&spec).arg("--out").arg(&out);
        if deny {
            command.arg("--deny-warnings");
        }
        command.output().unwrap()
    };
    let denied = run(true);
    assert_eq!(denied.status.code(), Some(1));
    assert!(!out.exists(), "--deny-warnings wrote output");
    let stderr = String::from_utf8_lossy(&denied.stderr);
    assert!(stderr.contains("--deny-warnings"), "{stderr}");

    let allowed = run(false);
    assert!(allowed.status.success());
    let stderr = String::from_utf8_lossy(&allowed.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0].ends_with(
            "#/paths/~1subscriptions/post/callbacks: callbacks are requests the server sends; the client ignores them"
        ),
        "{stderr}"
    );
    assert!(out.join("src").is_dir());
}

/// Schema constructs the client only approximates, one site each.
const SCHEMA_SPEC: &str = r#"
openapi: 3.0.3
info: {title: Shapes, version: 1.0.0}
paths:
  /shapes:
    post:
      operationId: CreateShape
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                label: {type: string}
                note: {type: string}
              oneOf:
                - required: [label]
                - required: [note]
      responses:
        '200':
          description: done
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
components:
  schemas:
    Shape:
      type: object
      required: [sides, colour]
      properties:
        sides: {type: integer}
        ratio: {type: number, enum: [0.5, 1.5]}
"#;

#[test]
fn schema_approximations_are_warnings_with_their_pointers() {
    let generation =
        generate_from_str_with_warnings(SCHEMA_SPEC, &Options::new("shapes.yaml", "out"))
            .expect("the spec generates");
    let warnings: Vec<(&str, &str)> = generation
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1shapes/post/requestBody/content/application~1json/schema",
            "#/components/schemas/Shape/properties/ratio/enum",
            "#/components/schemas/Shape/required/1",
        ]
    );
    assert!(warnings[0].1.contains("not check"), "{}", warnings[0].1);
    assert!(warnings[1].1.contains("not all whole"), "{}", warnings[1].1);
    assert!(warnings[2].1.contains("\"colour\""), "{}", warnings[2].1);
    let types = generation
        .files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .expect("types.rs");
    assert!(
        types
            .contents
            .contains("pub colour: Option<serde_json::Value>"),
        "the undeclared required property is an optional field of any JSON value"
    );
}

#[test]
fn a_pattern_the_client_cannot_check_is_a_warning_and_left_to_the_server() {
    let spec = r#"
openapi: 3.0.3
info: {title: Patterns, version: 1.0.0}
paths:
  /names/{name}:
    get:
      operationId: GetName
      parameters:
        - name: name
          in: path
          required: true
          schema: {type: string, pattern: '^(?!admin)[a-z]+$'}
      responses:
        '204': {description: found}
"#;
    let generation = generate_from_str_with_warnings(spec, &Options::new("patterns.yaml", "out"))
        .expect("a pattern with look-ahead does not stop generation");
    assert_eq!(generation.warnings.len(), 1, "{:?}", generation.warnings);
    let warning = &generation.warnings[0];
    assert_eq!(
        warning.pointer,
        "#/paths/~1names~1{name}/get/parameters/0/schema/pattern"
    );
    assert!(
        warning.message.contains("does not check this pattern"),
        "{warning}"
    );
    let uses_regex = generation
        .files
        .iter()
        .any(|f| f.path == "src/pattern.rs" || f.contents.contains("regex"));
    assert!(!uses_regex, "the unchecked pattern still reached the crate");
}

/// Discriminators the client cannot honour, links, and integer and number
/// formats it does not know: each site once, however many operations
/// reach it.
const APPROXIMATED_SPEC: &str = r##"
openapi: 3.0.3
info: {title: Approximations, version: 1.0.0}
paths:
  /a:
    get:
      operationId: GetA
      responses:
        '200': {$ref: '#/components/responses/Found'}
  /b:
    get:
      operationId: GetB
      responses:
        '200': {$ref: '#/components/responses/Found'}
        '201':
          description: made
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Base'}
components:
  responses:
    Found:
      description: found
      links:
        next: {operationId: GetB}
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Pick'}
  schemas:
    Pick:
      oneOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, properties: {n: {type: integer, format: int128}}}
      discriminator: {propertyName: kind}
    Base:
      type: object
      properties:
        kind: {type: string}
        size: {type: number, format: decimal}
        small: {type: integer, format: uint16}
      discriminator: {propertyName: kind}
"##;

#[test]
fn each_approximation_is_one_warning_per_site_and_deny_refuses_them() {
    let generation =
        generate_from_str_with_warnings(APPROXIMATED_SPEC, &Options::new("a.yaml", "out"))
            .expect("the spec generates");
    let warnings: Vec<(&str, &str)> = generation
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Base/properties/size/format",
            "#/components/schemas/Base/discriminator",
            "#/components/schemas/Pick/oneOf/1/properties/n/format",
            "#/components/schemas/Pick/discriminator",
            "#/components/responses/Found/links",
        ],
        "{warnings:#?}"
    );
    assert!(warnings[0].1.contains("\"decimal\""), "{}", warnings[0].1);
    assert!(warnings[1].1.contains("allOf"), "{}", warnings[1].1);
    assert!(warnings[2].1.contains("\"int128\""), "{}", warnings[2].1);
    assert!(warnings[3].1.contains("alternative 1"), "{}", warnings[3].1);
    assert!(warnings[4].1.contains("links"), "{}", warnings[4].1);
    let mut options = Options::new("a.yaml", "out");
    options.deny_warnings = true;
    match generate_from_str_with_warnings(APPROXIMATED_SPEC, &options) {
        Err(Error::Warnings { warnings, .. }) => assert_eq!(warnings.len(), 5),
        other => panic!("expected Error::Warnings, got {other:?}"),
    }
}

#[test]
fn openapi_3_1_webhooks_are_one_warning() {
    let spec = r#"
openapi: 3.1.0
info: {title: Hooks, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '204': {description: done}
webhooks:
  created:
    post:
      responses:
        '200': {description: ok}
  deleted:
    post:
      responses:
        '200': {description: ok}
"#;
    let generation = generate_from_str_with_warnings(spec, &Options::new("h.yaml", "out"))
        .expect("the spec generates");
    let pointers: Vec<&str> = generation
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/webhooks"]);
}

/// Every approximation the `approximations` snapshot spec makes, in the
/// order the generator reports them, by pointer and a word of its message.
#[test]
fn approximations_of_constructs_outside_the_format_name_their_sites() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/specs/approximations.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let generation = generate_from_str_with_warnings(&text, &Options::new(path, "out"))
        .expect("the spec generates");
    let warnings: Vec<(&str, &str)> = generation
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    let expected = [
        (
            "#/components/schemas/Sensor/properties/reading/items",
            "tuple",
        ),
        (
            "#/components/schemas/Sensor/properties/placement/items",
            "anyOf",
        ),
        (
            "#/components/schemas/Sensor/properties/labels/type",
            "list of types",
        ),
        (
            "#/paths/~1v1~1benches~1{bench_id}~1events/put/responses/200/$ref",
            "request body",
        ),
        ("#/components/schemas/Sensor", "every alternative"),
        (
            "#/components/schemas/Sensor/properties/limits",
            "present together",
        ),
        ("#/components/schemas/SoilVersion", "its text"),
        // The union's discriminator goes with it, and cannot be honoured
        // over alternatives that are not references.
        ("#/components/schemas/BenchEvent/discriminator", "not used"),
        (
            "#/components/schemas/Sensor/properties/stage/allOf/1/properties/stage",
            "differs",
        ),
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for ((pointer, message), (want_pointer, word)) in warnings.iter().zip(expected) {
        assert_eq!(*pointer, want_pointer);
        assert!(message.contains(word), "{pointer}: {message}");
    }
    let types = &generation
        .files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .expect("types.rs")
        .contents;
    for fact in [
        // Each event of the union carries the bench's own property.
        "WateringEvent(BenchEventWateringEvent)",
        "PruningEvent(BenchEventPruningEvent)",
        // The alternatives' properties are the object's, none required;
        // one they describe differently is any JSON value.
        "pub probe_depth: Option<i64>",
        "pub lux: Option<f64>",
        "pub unit: Option<serde_json::Value>",
        // Two objects given for one property are merged into one.
        "pub struct GrowthStageDetailAndSensorStageDetail",
        // Inline alternatives named after a short title, else their type.
        "MoistureReading(TrayLastMoistureReading)",
        "Object(TrayLastObject)",
        // The request body named as a response is its content.
        "pub struct ReplaceBenchNoteResponse",
    ] {
        assert!(types.contains(fact), "types.rs lacks {fact:?}");
    }
    let mut options = Options::new(path, "out");
    options.deny_warnings = true;
    let denied = generate_from_str_with_warnings(&text, &options);
    assert!(
        matches!(&denied, Err(Error::Warnings { warnings, .. }) if warnings.len() == expected.len()),
        "{:?}",
        denied.err()
    );
}
