//! Swagger 2.0 and OpenAPI 3.1 documents read as OpenAPI 3.0, and integer
//! bounds beyond 64 bits: what each construct becomes (read back through
//! the typed document, as JSON), and the pointers of warnings and refusals.

use std::path::Path;

use huaweicloud_codegen::load::{load_str, LoadedSpec};
use huaweicloud_codegen::{generate_from_str, Error, Options};
use serde_json::{json, Value};

const FILE: &str = "spec.yaml";

fn load(text: &str) -> LoadedSpec {
    load_str(text, Path::new(FILE)).unwrap_or_else(|e| panic!("the document loads: {e}"))
}

/// The loaded document as JSON, to look nodes up by pointer.
fn document(spec: &LoadedSpec) -> Value {
    serde_json::to_value(&spec.document).expect("the document serializes")
}

fn at<'v>(document: &'v Value, pointer: &str) -> &'v Value {
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no node at {pointer} in {document:#}"))
}

/// The warnings' pointers, in order.
fn warned(spec: &LoadedSpec) -> Vec<&str> {
    spec.warnings.iter().map(|w| w.pointer.as_str()).collect()
}

/// The refusal of `text`: its pointer and message.
fn refused(text: &str) -> (String, String) {
    match load_str(text, Path::new(FILE)) {
        Err(Error::Unsupported {
            pointer, message, ..
        }) => (pointer, message),
        Err(other) => panic!("expected an unsupported construct, got {other}"),
        Ok(_) => panic!("the document was accepted"),
    }
}

const SWAGGER_HEAD: &str = "swagger: \"2.0\"\ninfo: {title: T, version: 1.0.0}\n";

#[test]
fn swagger_host_base_path_and_schemes_are_servers() {
    let spec = load(&format!(
        "{SWAGGER_HEAD}host: api.region-name.example.com\nbasePath: /v3\nschemes: [https, http]\npaths: {{}}\n"
    ));
    let doc = document(&spec);
    assert_eq!(
        at(&doc, "/servers"),
        &json!([
            {"url": "https://api.region-name.example.com/v3"},
            {"url": "http://api.region-name.example.com/v3"}
        ])
    );
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);

    // Without schemes, https is assumed, and said.
    let spec = load(&format!("{SWAGGER_HEAD}host: h.example.com\npaths: {{}}\n"));
    assert_eq!(
        at(&document(&spec), "/servers/0/url"),
        "https://h.example.com"
    );
    assert_eq!(warned(&spec), ["#/host"]);

    // Without a host, the base path is relative to where the document is.
    let spec = load(&format!("{SWAGGER_HEAD}basePath: /api\npaths: {{}}\n"));
    assert_eq!(at(&document(&spec), "/servers/0/url"), "/api");
}

#[test]
fn swagger_definitions_parameters_and_responses_move_to_components() {
    let spec = load(&format!(
        r##"{SWAGGER_HEAD}paths:
  /things/{{id}}:
    get:
      parameters:
        - $ref: "#/parameters/Id"
      responses:
        "200":
          description: ok
          schema: {{$ref: "#/definitions/Thing"}}
        default: {{$ref: "#/responses/Failure"}}
parameters:
  Id: {{name: id, in: path, required: true, type: string}}
responses:
  Failure: {{description: failed}}
definitions:
  Thing:
    type: object
    discriminator: kind
    properties:
      kind: {{type: string}}
      parts: {{type: array, items: {{$ref: "#/definitions/Part"}}}}
  Part: {{type: object, properties: {{blob: {{type: file}}}}}}
"##
    ));
    let doc = document(&spec);
    let get = "/paths/~1things~1{id}/get";
    assert_eq!(
        at(&doc, &format!("{get}/parameters/0/$ref")),
        "#/components/parameters/Id"
    );
    assert_eq!(
        at(
            &doc,
            &format!("{get}/responses/200/content/application~1json/schema/$ref")
        ),
        "#/components/schemas/Thing"
    );
    assert_eq!(
        at(&doc, &format!("{get}/responses/default/$ref")),
        "#/components/responses/Failure"
    );
    assert_eq!(
        at(
            &doc,
            "/components/schemas/Thing/properties/parts/items/$ref"
        ),
        "#/components/schemas/Part"
    );
    assert_eq!(
        at(&doc, "/components/schemas/Thing/discriminator"),
        &json!({"propertyName": "kind"})
    );
    assert_eq!(
        at(&doc, "/components/schemas/Part/properties/blob"),
        &json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        at(&doc, "/components/parameters/Id/schema"),
        &json!({"type": "string"})
    );
    // No produces anywhere: the body is taken as JSON, which is said once.
    assert_eq!(warned(&spec), ["#/produces"]);
}

#[test]
fn swagger_body_parameters_are_request_bodies_in_the_consumed_media_types() {
    let spec = load(&format!(
        r##"{SWAGGER_HEAD}consumes: [application/json]
produces: [application/json]
paths:
  /a:
    post:
      x-origin: kept
      consumes: [application/json, application/xml]
      parameters:
        - {{name: payload, in: body, required: true, description: what, schema: {{type: object}}}}
      responses:
        "204": {{description: done}}
    put:
      parameters:
        - $ref: "#/parameters/Shared"
      responses:
        "204": {{description: done}}
parameters:
  Shared: {{name: payload, in: body, schema: {{type: string}}}}
"##
    ));
    let doc = document(&spec);
    assert_eq!(
        at(&doc, "/paths/~1a/post/requestBody"),
        &json!({
            "description": "what",
            "required": true,
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/xml": {"schema": {"type": "object"}}
            }
        })
    );
    assert_eq!(at(&doc, "/paths/~1a/post/x-origin"), "kept");
    // A reusable body parameter is inlined where it is used.
    assert_eq!(
        at(&doc, "/paths/~1a/put/requestBody/content"),
        &json!({"application/json": {"schema": {"type": "string"}}})
    );
    assert!(doc.pointer("/components/parameters/Shared").is_none());
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
}

#[test]
fn swagger_form_fields_are_a_form_or_multipart_body() {
    let spec = load(&format!(
        r##"{SWAGGER_HEAD}paths:
  /upload:
    post:
      parameters:
        - {{name: file, in: formData, type: file, required: true}}
        - {{name: note, in: formData, type: string, description: A note.}}
      responses:
        "204": {{description: done}}
  /login:
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {{name: user, in: formData, type: string, required: true}}
        - {{name: scopes, in: formData, type: array, items: {{type: string}}, collectionFormat: multi}}
      responses:
        "204": {{description: done}}
"##
    ));
    let doc = document(&spec);
    assert_eq!(
        at(&doc, "/paths/~1upload/post/requestBody"),
        &json!({
            "required": true,
            "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "note": {"type": "string", "description": "A note."}
                },
                "required": ["file"]
            }}}
        })
    );
    let scopes = at(
        &doc,
        "/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/encoding/scopes",
    );
    assert_eq!(
        (&scopes["style"], &scopes["explode"]),
        (&json!("form"), &json!(true))
    );
}

#[test]
fn swagger_collection_formats_are_styles() {
    let spec = load(&format!(
        r##"{SWAGGER_HEAD}paths:
  /a/{{ids}}:
    get:
      parameters:
        - {{name: ids, in: path, required: true, type: array, items: {{type: integer}}}}
        - {{name: csv, in: query, type: array, items: {{type: string}}}}
        - {{name: multi, in: query, type: array, items: {{type: string}}, collectionFormat: multi}}
        - {{name: pipes, in: query, type: array, items: {{type: string}}, collectionFormat: pipes}}
      responses:
        "204": {{description: done}}
"##
    ));
    let doc = document(&spec);
    let style = |index: usize| {
        let parameter = at(&doc, &format!("/paths/~1a~1{{ids}}/get/parameters/{index}"));
        (parameter["style"].clone(), parameter["explode"].clone())
    };
    assert_eq!(style(0), (json!("simple"), json!(false)));
    assert_eq!(style(1), (json!("form"), json!(false)));
    assert_eq!(style(2), (json!("form"), json!(true)));
    assert_eq!(style(3), (json!("pipeDelimited"), json!(false)));

    let (pointer, message) = refused(&format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: t, in: query, type: array, items: {{type: string}}, collectionFormat: tsv}}\n      responses:\n        \"204\": {{description: done}}\n"
    ));
    assert_eq!(pointer, "#/paths/~1a/get/parameters/0/collectionFormat");
    assert!(message.contains("tsv"), "{message}");
}

#[test]
fn swagger_security_definitions_are_security_schemes() {
    let spec = load(&format!(
        r##"{SWAGGER_HEAD}paths: {{}}
securityDefinitions:
  basic: {{type: basic}}
  key: {{type: apiKey, in: query, name: token}}
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://id.example.com/authorize
    tokenUrl: https://id.example.com/token
    scopes: {{read: Read things.}}
"##
    ));
    let doc = document(&spec);
    assert_eq!(
        at(&doc, "/components/securitySchemes/basic"),
        &json!({"type": "http", "scheme": "basic"})
    );
    assert_eq!(
        at(&doc, "/components/securitySchemes/key"),
        &json!({"type": "apiKey", "in": "query", "name": "token"})
    );
    assert_eq!(
        at(&doc, "/components/securitySchemes/oauth/flows"),
        &json!({"authorizationCode": {
            "authorizationUrl": "https://id.example.com/authorize",
            "tokenUrl": "https://id.example.com/token",
            "scopes": {"read": "Read things."}
        }})
    );
    let (pointer, _) = refused(&format!(
        "{SWAGGER_HEAD}paths: {{}}\nsecurityDefinitions:\n  x: {{type: oauth2, flow: sideways}}\n"
    ));
    assert_eq!(pointer, "#/securityDefinitions/x/flow");
}

const V31_HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\n";

/// A 3.1 document with `schemas` as its component schemas.
fn v31(schemas: &str) -> String {
    format!("{V31_HEAD}components:\n  schemas:\n{schemas}")
}

#[test]
fn v31_schemas_are_written_in_their_3_0_form() {
    let spec = load(&v31(r##"    S:
      type: object
      properties:
        a: {type: [string, "null"], examples: [x, y]}
        b: {const: 3, type: integer}
        c: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}
        d: {$ref: "#/components/schemas/T", description: ignored}
        e: {$ref: "#/components/schemas/T", nullable: true}
        f: {anyOf: [{$ref: "#/components/schemas/T"}, {type: "null"}]}
        g: {type: string, contentEncoding: base64}
        h: true
        i: {type: string, contentEncoding: binary}
        j: {type: array, prefixItems: [{type: string}, {type: [integer, "null"]}], items: false}
        k: {prefixItems: [{type: string}]}
    T: {type: object}
"##));
    let doc = document(&spec);
    let property =
        |name: &str| at(&doc, &format!("/components/schemas/S/properties/{name}")).clone();
    assert_eq!(
        property("a"),
        json!({"type": "string", "nullable": true, "example": "x"})
    );
    assert_eq!(property("b"), json!({"type": "integer", "enum": [3]}));
    assert_eq!(
        property("c"),
        json!({"type": "number", "minimum": 0.0, "exclusiveMinimum": true, "maximum": 5.0})
    );
    assert_eq!(property("d"), json!({"$ref": "#/components/schemas/T"}));
    assert_eq!(
        property("e"),
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(
        property("f"),
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(property("g"), json!({"type": "string", "format": "byte"}));
    assert_eq!(property("h"), json!({}));
    assert_eq!(property("i"), json!({"type": "string", "format": "binary"}));
    assert_eq!(
        property("j"),
        json!({"type": "array", "items": {"anyOf": [
            {"type": "string"},
            {"type": "integer", "nullable": true}
        ]}})
    );
    assert_eq!(
        property("k"),
        json!({"type": "array", "items": {"allOf": [{"type": "string"}]}})
    );
    assert_eq!(
        warned(&spec),
        [
            "#/components/schemas/S/properties/a/examples",
            "#/components/schemas/S/properties/j/prefixItems",
            "#/components/schemas/S/properties/k/prefixItems"
        ]
    );
}

#[test]
fn v31_webhooks_and_a_foreign_dialect_are_warnings() {
    let spec = load(
        "openapi: 3.1.1\njsonSchemaDialect: https://example.com/dialect\ninfo: {title: T, version: 1.0.0}\nwebhooks:\n  ping:\n    post:\n      responses:\n        \"200\": {description: ok}\n"
    );
    assert_eq!(warned(&spec), ["#/jsonSchemaDialect", "#/webhooks"]);
    // Webhooks alone leave nothing to call: the refusal says so.
    let text =
        "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\nwebhooks:\n  ping:\n    post:\n      responses:\n        \"200\": {description: ok}\n"
    ;
    match generate_from_str(text, &Options::new(FILE, "out")) {
        Err(Error::Invalid {
            pointer, message, ..
        }) => {
            assert_eq!(pointer, "#/paths");
            assert!(message.contains("no client to generate"), "{message}");
        }
        other => panic!("expected a refusal at #/paths, got {other:?}"),
    }
}

#[test]
fn v31_constructs_without_a_3_0_form_are_refused_where_written() {
    let cases = [
        (
            "    S: {type: object, properties: {a: {type: [string, integer], oneOf: [{}]}}}\n",
            "#/components/schemas/S/properties/a/type",
        ),
        (
            "    S: {type: [string, integer], enum: [true]}\n",
            "#/components/schemas/S/enum",
        ),
        (
            "    S: {type: object, patternProperties: {'^x': {type: string}}}\n",
            "#/components/schemas/S/patternProperties",
        ),
        (
            "    S: {type: string, const: a, enum: [b]}\n",
            "#/components/schemas/S/const",
        ),
    ];
    for (schemas, expected) in cases {
        let (pointer, _) = refused(&v31(schemas));
        assert_eq!(pointer, expected, "{schemas}");
    }
    let (pointer, message) = refused(&format!(
        "{V31_HEAD}components:\n  securitySchemes:\n    tls: {{type: mutualTLS}}\n"
    ));
    assert_eq!(pointer, "#/components/securitySchemes/tls/type");
    assert!(message.contains("mutualTLS"), "{message}");
}

#[test]
fn v31_validation_only_keywords_are_dropped_with_a_warning() {
    let spec = load(&v31(
        "    S:\n      type: object\n      propertyNames: {maxLength: 3}\n      if: {required: [a]}\n      then: {required: [b]}\n",
    ));
    assert_eq!(
        warned(&spec),
        [
            "#/components/schemas/S/if",
            "#/components/schemas/S/then",
            "#/components/schemas/S/propertyNames"
        ]
    );
}

/// A 3.0 document whose integer parameter has the bounds `bounds`.
fn integer_parameter(bounds: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: 1.0.0}}\npaths:\n  /n:\n    get:\n      parameters:\n        - {{name: n, in: query, schema: {{type: integer, format: int64, {bounds}}}}}\n      responses:\n        \"204\": {{description: done}}\n"
    )
}

#[test]
fn integer_bounds_beyond_64_bits_load_with_a_warning() {
    let schema = "/paths/~1n/get/parameters/0/schema";
    // Written in YAML, whose reader holds the number as a 128-bit integer.
    let spec = load(&integer_parameter(
        "minimum: -9223372036854776000, maximum: 18446744073709551615",
    ));
    let doc = document(&spec);
    assert_eq!(
        at(&doc, schema),
        &json!({"type": "integer", "format": "int64"})
    );
    assert_eq!(
        warned(&spec),
        [
            "#/paths/~1n/get/parameters/0/schema/minimum",
            "#/paths/~1n/get/parameters/0/schema/maximum"
        ]
    );
    // Written in JSON, whose reader holds it as a float.
    let json = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"N": {"type": "integer", "minimum": -9223372036854776000}}}}"#;
    let spec = load_str(json, Path::new("spec.json")).expect("the document loads");
    assert_eq!(warned(&spec), ["#/components/schemas/N/minimum"]);

    // Between two integers: the nearest one inside, exactly.
    let spec = load(&integer_parameter(
        "minimum: 2.5, exclusiveMinimum: true, maximum: 7.0",
    ));
    assert_eq!(
        at(&document(&spec), schema),
        &json!({"type": "integer", "format": "int64", "minimum": 3, "maximum": 7})
    );
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);

    // A lower bound above every 64-bit integer admits nothing.
    let (pointer, _) = refused(&integer_parameter("minimum: 1e19"));
    assert_eq!(pointer, "#/paths/~1n/get/parameters/0/schema/minimum");
}

#[test]
fn v31_boolean_schemas_and_operations_without_responses() {
    let spec = load(
        "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get: {operationId: a}\ncomponents:\n  schemas:\n    Any: true\n    List: {type: array, items: true}\n    S: {type: object, properties: {gone: false, kept: {type: string}}}\n"
    );
    let doc = document(&spec);
    assert_eq!(at(&doc, "/paths/~1a/get/responses"), &json!({}));
    assert_eq!(at(&doc, "/components/schemas/Any"), &json!({}));
    assert_eq!(at(&doc, "/components/schemas/List/items"), &json!({}));
    assert_eq!(
        at(&doc, "/components/schemas/S/properties"),
        &json!({"kept": {"type": "string"}})
    );
    assert_eq!(warned(&spec), ["#/components/schemas/S/properties/gone"]);

    let (pointer, _) = refused(&v31("    None: false\n"));
    assert_eq!(pointer, "#/components/schemas/None");
    let (pointer, _) = refused(&v31("    L: {type: array, items: false}\n"));
    assert_eq!(pointer, "#/components/schemas/L/items");
}

/// A later stage's refusal of a converted 2.0 document names the node where
/// the 2.0 document writes it.
#[test]
fn swagger_refusals_of_the_lowering_name_the_2_0_node() {
    let refusal = |text: &str| match generate_from_str(text, &Options::new(FILE, "out")) {
        Err(Error::Unsupported { pointer, .. } | Error::Invalid { pointer, .. }) => pointer,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let body = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    post:\n      parameters:\n        - {{name: q, in: query, type: string}}\n        - {{name: b, in: body, schema: {{type: object, properties: {{x: {{not: {{type: string}}}}}}}}}}\n      responses:\n        \"204\": {{description: done}}\n"
    );
    assert_eq!(
        refusal(&body),
        "#/paths/~1a/post/parameters/1/schema/properties/x"
    );
    let definition = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      responses:\n        \"200\": {{description: ok, schema: {{$ref: '#/definitions/Pets'}}}}\ndefinitions:\n  Pet: {{type: object}}\n  Pets: {{type: object, properties: {{x: {{not: {{type: string}}}}}}}}\n"
    );
    assert_eq!(refusal(&definition), "#/definitions/Pets/properties/x");
}

const V30_HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\n";

#[test]
fn references_into_nodes_become_references_to_components() {
    let spec = load(&format!(
        r##"{V30_HEAD}paths:
  /a/{{id}}:
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Tag%20Set/allOf/0/properties/owner"}}
    delete:
      parameters:
        - $ref: "#/paths/~1a~1%7Bid%7D/get/parameters/0"
      responses:
        "204": {{description: gone}}
components:
  schemas:
    Tag Set:
      allOf:
        - type: object
          properties:
            owner: {{type: object, properties: {{name: {{$ref: "#/components/schemas/Short"}}}}}}
            code: {{type: string, maxLength: 4}}
    Copy:
      type: object
      properties:
        code: {{$ref: "#/components/schemas/Tag Set/allOf/0/properties/code"}}
        again: {{$ref: "#/components/schemas/Copy/properties/owner"}}
        owner: {{$ref: "#/components/schemas/Tag%20Set/allOf/0/properties/owner"}}
    Short: {{type: string}}
"##
    ));
    let doc = document(&spec);
    // The object moved to a component of its own, named after where it was;
    // the place it was written refers to it.
    let owner = json!({"$ref": "#/components/schemas/Tag Set_allOf_0_owner"});
    assert_eq!(
        at(&doc, "/components/schemas/Tag Set/allOf/0/properties/owner"),
        &owner
    );
    assert_eq!(
        at(
            &doc,
            "/components/schemas/Tag Set_allOf_0_owner/properties/name"
        ),
        &json!({"$ref": "#/components/schemas/Short"})
    );
    assert_eq!(
        at(&doc, "/components/schemas/Copy/properties/owner"),
        &owner
    );
    // A reference to a reference is a reference to its target.
    assert_eq!(
        at(&doc, "/components/schemas/Copy/properties/again"),
        &owner
    );
    // A schema that defines no type is copied.
    assert_eq!(
        at(&doc, "/components/schemas/Copy/properties/code"),
        &json!({"type": "string", "maxLength": 4})
    );
    let parameter = json!({"$ref": "#/components/parameters/~1a~1{id}_get_parameters_0"});
    assert_eq!(at(&doc, "/paths/~1a~1{id}/delete/parameters/0"), &parameter);
    assert_eq!(at(&doc, "/paths/~1a~1{id}/get/parameters/0"), &parameter);
    assert_eq!(
        at(
            &doc,
            "/components/parameters/~1a~1{id}_get_parameters_0/name"
        ),
        &json!("id")
    );
    let files = generate_from_str(
        &serde_yaml::to_string(&doc).expect("the document writes"),
        &Options::new(FILE, "out"),
    )
    .expect("the rewritten document generates");
    let types = files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types.rs");
    assert!(types.contents.contains("pub struct TagSetAllOf0Owner"));
}

#[test]
fn a_reference_to_another_file_is_refused_wherever_it_is_written() {
    // A description split over files: a tag's description and an operation
    // refer to other files, places the format gives no `$ref`; an example
    // value that happens to hold a `$ref` is data.
    let text = format!(
        "{V30_HEAD}tags:\n  - name: t\n    description: {{$ref: 'docs/intro.md'}}\npaths:\n  /a:\n    get: {{$ref: 'paths/a.yml'}}\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: object}}\n            example: {{$ref: 'kept.yml'}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let (pointer, message) = refused(&text);
    assert_eq!(pointer, "#/tags/0/description/$ref");
    assert!(
        message.contains("\"docs/intro.md\" refers to another document"),
        "{message}"
    );
    assert!(
        message.contains("bundle the description into one file"),
        "{message}"
    );
    let text = text.replace("description: {$ref: 'docs/intro.md'}", "description: Tag.");
    assert_eq!(refused(&text).0, "#/paths/~1a/get/$ref");
    let text = text.replace("get: {$ref: 'paths/a.yml'}\n    ", "");
    generate_from_str(&text, &Options::new(FILE, "out"))
        .expect("an example holding a $ref is data");
}

#[test]
fn references_that_name_no_node_of_their_kind_are_refused_at_the_reference() {
    let with = |reference: &str| {
        format!(
            "{V30_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '{reference}'}}\n        c: {{$ref: '#/components/schemas/A/properties/b'}}\n        d: {{type: string}}\n  parameters:\n    P: {{name: p, in: query, schema: {{type: string}}}}\n"
        )
    };
    let at_b = "#/components/schemas/A/properties/b/$ref";
    let cases = [
        ("other.yaml#/components/schemas/A", "another document"),
        (
            "#/components/schemas/A/properties/missing",
            "no node the format defines",
        ),
        (
            "#/components/parameters/P/name",
            "no node the format defines",
        ),
        ("#/components/schemas/A/properties/c", "a cycle of $refs"),
        ("#/info", "no node the format defines"),
        ("#/a~2b", "followed by 0 or 1"),
    ];
    for (reference, expected) in cases {
        let (pointer, message) = refused(&with(reference));
        assert!(message.contains(expected), "{reference}: {message}");
        if expected != "a cycle of $refs" {
            assert_eq!(pointer, at_b, "{reference}");
        } else {
            assert!(pointer.ends_with("/$ref"), "{pointer}");
        }
    }
    // A parameter where a schema belongs.
    let text = format!(
        "{V30_HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/paths/~1a/get/parameters/0'}}\n"
    );
    let (pointer, message) = refused(&text);
    assert_eq!(pointer, "#/components/schemas/A/$ref");
    assert!(message.contains("names a parameter"), "{message}");
}

#[test]
fn v31_type_lists_are_one_of_with_each_types_own_keywords() {
    let spec = load(&v31(r##"    S:
      type: object
      properties:
        a:
          type: [string, integer, "null"]
          description: Either.
          maxLength: 4
          minimum: 1
          exclusiveMaximum: 9
          format: int64
        b: {type: [boolean, string, boolean], enum: [x, true, 3]}
        c: {type: [array, object], items: {type: string}, required: [k], maxProperties: 2}
        d: {type: [integer, number], minimum: 0}
        e: {type: [string, integer], const: 5}
        f: {type: [string, integer], maximum: 1.0e30}
"##));
    let doc = document(&spec);
    let property =
        |name: &str| at(&doc, &format!("/components/schemas/S/properties/{name}")).clone();
    assert_eq!(
        property("a"),
        json!({"description": "Either.", "nullable": true, "oneOf": [
            {"type": "string", "maxLength": 4},
            {"type": "integer", "format": "int64", "minimum": 1, "maximum": 9, "exclusiveMaximum": true}
        ]})
    );
    assert_eq!(
        property("b"),
        json!({"oneOf": [{"type": "boolean", "enum": [true]}, {"type": "string", "enum": ["x"]}]})
    );
    assert_eq!(
        property("c"),
        json!({"oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "required": ["k"], "maxProperties": 2}
        ]})
    );
    assert_eq!(property("d"), json!({"type": "number", "minimum": 0.0}));
    // Only one listed type admits the constant: the schema is that type.
    assert_eq!(property("e"), json!({"type": "integer", "enum": [5]}));
    // The integer member's bound is read like any integer bound.
    assert_eq!(
        property("f"),
        json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
    );
    assert_eq!(
        warned(&spec),
        ["#/components/schemas/S/properties/f/maximum"]
    );
}

#[test]
fn a_list_of_items_beside_alternatives_is_refused_where_written() {
    let text = format!(
        "{V30_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    S: {{anyOf: [{{type: string}}], items: [{{type: string}}]}}\n"
    );
    let (pointer, message) = refused(&text);
    assert_eq!(pointer, "#/components/schemas/S/items");
    assert!(message.contains("beside anyOf"), "{message}");
}
