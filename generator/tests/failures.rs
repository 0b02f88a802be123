//! Refusals: every spec the generator cannot or must not handle gives an
//! error (never a panic) of the right kind that names the file and the JSON
//! pointer of the node at fault; the binary reports it on stderr, exits 1 and
//! leaves existing output untouched.

mod support;

use std::panic::AssertUnwindSafe;
use std::process::Command;

use huaweicloud_codegen::{generate_from_str, Error, Options};

/// The label every refused spec is generated under.
const FILE: &str = "refusals/bad-spec.yaml";

/// What kind of error is expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Parse,
    Unsupported,
    Invalid,
}

/// Generates `spec`, which must fail; returns the error (a panic fails the test).
fn refuse(spec: &str) -> Error {
    let options = Options::new(FILE, "out");
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| generate_from_str(spec, &options)));
    match outcome {
        Err(_) => panic!("the generator panicked instead of refusing the spec:\n{spec}"),
        Ok(Ok(files)) => panic!(
            "the spec was accepted ({} files) but should be refused:\n{spec}",
            files.len()
        ),
        Ok(Err(error)) => error,
    }
}

/// Asserts the variant, the exact pointer, and that the message starts with
/// `<file>: <pointer>: ` and mentions `topic`.
fn assert_refusal(spec: &str, kind: Kind, expected_pointer: &str, topic: &str) {
    let error = refuse(spec);
    let text = error.to_string();
    let (actual_kind, file, pointer) = match &error {
        Error::Parse { file, .. } => (Kind::Parse, file, None),
        Error::Unsupported { file, pointer, .. } => (Kind::Unsupported, file, Some(pointer)),
        Error::Invalid { file, pointer, .. } => (Kind::Invalid, file, Some(pointer)),
        other => panic!("expected a {kind:?} error, got {other:?}"),
    };
    assert_eq!(actual_kind, kind, "wrong error variant: {error:?}");
    assert_eq!(file.to_string_lossy(), FILE, "wrong file in {error:?}");
    if let Some(pointer) = pointer {
        assert_eq!(pointer, expected_pointer, "wrong pointer in {error:?}");
    }
    assert!(
        text.starts_with(&format!("{FILE}: {expected_pointer}: ")),
        "the message should start with `{FILE}: {expected_pointer}: `, got: {text}"
    );
    assert!(
        text.to_lowercase().contains(&topic.to_lowercase()),
        "the message should mention {topic:?}, got: {text}"
    );
}

/// A valid spec with `extra` spliced in at the end of the single operation
/// (`GET /v1/things`), and `components` appended.
fn spec_with(operation_extra: &str, components: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info:
  title: Refusals
  version: 1.0.0
paths:
  /v1/things:
    get:
      operationId: ListThings
      responses:
        "200":
          description: The things.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Thing"
{operation_extra}
components:
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
{components}
"##
    )
}

#[test]
fn control_the_base_spec_is_accepted() {
    let spec = spec_with("", "");
    generate_from_str(&spec, &Options::new(FILE, "out")).expect("the base spec is valid");
}

#[test]
fn malformed_yaml() {
    let spec = "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1.0.0\npaths: {}\n";
    let error = refuse(spec);
    let text = error.to_string();
    assert!(matches!(error, Error::Parse { .. }), "got {error:?}");
    assert!(text.starts_with(&format!("{FILE}: ")), "got: {text}");
    assert!(
        text.contains("line "),
        "a YAML error should say where: {text}"
    );
}

#[test]
fn a_key_written_twice_inside_a_response() {
    // openapiv3's reader panics on this one; the loader must refuse it.
    let spec = spec_with("", "").replacen(
        "          description: The things.\n",
        "          description: The things.\n          description: Twice.\n",
        1,
    );
    let error = refuse(&spec);
    let text = error.to_string();
    assert!(matches!(error, Error::Parse { .. }), "got {error:?}");
    assert!(text.starts_with(&format!("{FILE}: ")), "got: {text}");
    assert!(
        text.contains("duplicate entry")
            && text.contains("description")
            && text.contains("line 11"),
        "the error should name the repeated key and its line: {text}"
    );
    // The same document as JSON, where the JSON reader meets it first.
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/v1/things": {"get": {"responses": {"200":
        {"description": "a", "description": "b"}}}}}}"#;
    let error = refuse(json);
    assert!(matches!(error, Error::Parse { .. }), "got {error:?}");
    assert!(
        error.to_string().contains("duplicate entry"),
        "got: {error}"
    );
}

#[test]
fn malformed_json() {
    let spec = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"x\",, }";
    let error = refuse(spec);
    assert!(matches!(error, Error::Parse { .. }), "got {error:?}");
    let text = error.to_string();
    assert!(text.starts_with(&format!("{FILE}: ")), "got: {text}");
    assert!(
        text.contains("line "),
        "a JSON error should say where: {text}"
    );
}

#[test]
fn openapi_3_2_is_refused() {
    let spec = spec_with("", "").replace("openapi: 3.0.3", "openapi: 3.2.0");
    assert_refusal(&spec, Kind::Parse, "#/openapi", "3.2.0");
}

#[test]
fn swagger_version_other_than_2_0_is_refused() {
    let spec = "swagger: 2.0\ninfo: {title: Old, version: 1.0.0}\npaths: {}\n";
    assert_refusal(spec, Kind::Parse, "#/swagger", "expected \"2.0\"");
}

/// `openapi: 3.0` unquoted is a YAML number: the message says to write a
/// string, rather than that the field is missing.
#[test]
fn openapi_version_written_as_a_number() {
    let spec = spec_with("", "").replace("openapi: 3.0.3", "openapi: 3.0");
    assert_refusal(&spec, Kind::Parse, "#/openapi", "must be a string");
    let text = refuse(&spec).to_string();
    assert!(
        text.contains("\"3.0.3\""),
        "the message should show the form: {text}"
    );
    assert!(!text.contains("missing"), "the field is there: {text}");
}

#[test]
fn openapi_version_missing() {
    let spec = spec_with("", "").replace("openapi: 3.0.3\n", "");
    assert_refusal(&spec, Kind::Parse, "#/openapi", "missing");
}

#[test]
fn not_an_openapi_document() {
    // Well-formed YAML with the right version, but `paths` is a list.
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: [1, 2]\n";
    let error = refuse(spec);
    assert!(
        matches!(&error, Error::Invalid { pointer, .. } if pointer == "#/paths"),
        "got {error:?}"
    );
    let text = error.to_string();
    assert!(text.starts_with(&format!("{FILE}: ")), "got: {text}");
    assert!(
        text.contains("paths"),
        "the message should name `paths`: {text}"
    );
}

#[test]
fn dangling_schema_ref_in_a_component() {
    let spec = spec_with(
        "",
        "        owner:\n          $ref: \"#/components/schemas/Person\"",
    );
    assert_refusal(
        &spec,
        Kind::Invalid,
        "#/components/schemas/Thing/properties/owner/$ref",
        "#/components/schemas/Person",
    );
}

#[test]
fn dangling_schema_ref_in_a_request_body() {
    let spec = r##"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /v1/things:
    post:
      operationId: CreateThing
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Missing"
      responses:
        "204": {description: Done.}
"##;
    assert_refusal(
        spec,
        Kind::Invalid,
        "#/paths/~1v1~1things/post/requestBody/content/application~1json/schema/$ref",
        "#/components/schemas/Missing",
    );
}

#[test]
fn dangling_parameter_ref() {
    let spec = spec_with(
        "      parameters:\n        - $ref: \"#/components/parameters/Limit\"",
        "",
    );
    assert_refusal(
        &spec,
        Kind::Invalid,
        "#/paths/~1v1~1things/get/parameters/0/$ref",
        "#/components/parameters/Limit",
    );
}

#[test]
fn dangling_response_ref() {
    let spec = spec_with(
        "        \"404\":\n          $ref: \"#/components/responses/NotFound\"",
        "",
    );
    assert_refusal(
        &spec,
        Kind::Invalid,
        "#/paths/~1v1~1things/get/responses/404/$ref",
        "#/components/responses/NotFound",
    );
}

#[test]
fn duplicate_operation_id() {
    let spec = r##"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /v1/a:
    get:
      operationId: GetThing
      responses:
        "204": {description: Done.}
  /v1/b:
    get:
      operationId: GetThing
      responses:
        "204": {description: Done.}
"##;
    assert_refusal(
        spec,
        Kind::Invalid,
        "#/paths/~1v1~1b/get/operationId",
        "GetThing",
    );
    // The message also says where the id was first used.
    assert!(refuse(spec).to_string().contains("#/paths/~1v1~1a/get"));
}

#[test]
fn not_in_a_component() {
    let spec = spec_with("", "    Pet:\n      not:\n        type: string");
    assert_refusal(&spec, Kind::Unsupported, "#/components/schemas/Pet", "not");
}

/// Two `allOf` members give the same property different types.
#[test]
fn all_of_with_conflicting_property_types() {
    let spec = spec_with(
        "",
        "    Pet:\n      allOf:\n        - $ref: \"#/components/schemas/Thing\"\n        - type: object\n          properties:\n            name:\n              type: integer",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/schemas/Pet/allOf/1/properties/name",
        "different type",
    );
}

#[test]
fn all_of_member_that_is_not_an_object() {
    let spec = spec_with(
        "",
        "    Pet:\n      type: object\n      properties:\n        owner:\n          allOf:\n            - $ref: \"#/components/schemas/Thing\"\n            - type: string",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/schemas/Pet/properties/owner/allOf/1",
        "allOf",
    );
}

#[test]
fn all_of_that_includes_itself() {
    let spec = spec_with(
        "",
        "    Loop:\n      allOf:\n        - $ref: \"#/components/schemas/Loop\"\n        - type: object\n          properties:\n            a:\n              type: string",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/schemas/Loop/allOf/0",
        "allOf",
    );
}

#[test]
fn empty_any_of_in_a_request_body() {
    let spec = r##"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /v1/things:
    post:
      operationId: CreateThing
      requestBody:
        content:
          application/json:
            schema:
              anyOf: []
      responses:
        "204": {description: Done.}
"##;
    assert_refusal(
        spec,
        Kind::Invalid,
        "#/paths/~1v1~1things/post/requestBody/content/application~1json/schema/anyOf",
        "empty",
    );
}

#[test]
fn schema_whose_keywords_describe_two_types() {
    let spec = spec_with(
        "",
        "        both:\n          properties:\n            a:\n              type: string\n          items:\n            type: string",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/schemas/Thing/properties/both",
        "properties, items",
    );
}

#[test]
fn integer_enum_value_twice() {
    let spec = spec_with(
        "",
        "        level:\n          type: integer\n          enum: [1, 2, 1]",
    );
    assert_refusal(
        &spec,
        Kind::Invalid,
        "#/components/schemas/Thing/properties/level/enum/2",
        "twice",
    );
}

#[test]
fn cookie_parameter_of_an_array_type() {
    let spec = spec_with(
        "      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: array\n            items:\n              type: string",
        "",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/paths/~1v1~1things/get/parameters/0/schema",
        "cookie",
    );
}

#[test]
fn cookie_parameter_of_an_object_type_through_a_ref() {
    let spec = spec_with(
        "      parameters:\n        - $ref: \"#/components/parameters/Session\"",
        "  parameters:\n    Session:\n      name: session\n      in: cookie\n      schema:\n        type: object",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/parameters/Session/schema",
        "cookie",
    );
}

#[test]
fn multipart_request_body_that_is_not_an_object() {
    let spec = r##"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /v5/things:
    post:
      operationId: UploadThing
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: array
              items: {type: string}
      responses:
        "204": {description: Done.}
"##;
    assert_refusal(
        spec,
        Kind::Unsupported,
        "#/paths/~1v5~1things/post/requestBody/content/multipart~1form-data/schema",
        "not an object",
    );
}

#[test]
fn path_template_names_an_undeclared_parameter() {
    let spec = r##"openapi: 3.0.3
info: {title: T, version: 1.0.0}
paths:
  /v1/things/{thing_id}:
    get:
      operationId: GetThing
      responses:
        "204": {description: Done.}
"##;
    assert_refusal(
        spec,
        Kind::Invalid,
        "#/paths/~1v1~1things~1{thing_id}/get",
        "thing_id",
    );
}

#[test]
fn http_digest_security_scheme() {
    let spec = spec_with(
        "      security:\n        - digest: []",
        "  securitySchemes:\n    digest:\n      type: http\n      scheme: digest",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/securitySchemes/digest/scheme",
        "bearer and basic",
    );
}

/// A requirement naming AK/SK signing and another scheme: a signed request
/// carries no other credentials.
#[test]
fn signing_combined_with_another_scheme() {
    let spec = spec_with(
        "      security:\n        - key: []\n          signed: []",
        "  securitySchemes:\n    key:\n      type: apiKey\n      in: header\n      name: X-Key\n    \
         signed:\n      type: apiKey\n      in: header\n      name: Authorization\n      \
         x-huaweicloud-signing: sdk-hmac-sha256",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/paths/~1v1~1things/get/security/0/signed",
        "AK/SK signing",
    );
}

/// Bearer and Basic required together: both are the `Authorization` header.
#[test]
fn two_authorization_schemes_combined() {
    let spec = spec_with(
        "      security:\n        - session: []\n          login: []",
        "  securitySchemes:\n    session:\n      type: http\n      scheme: bearer\n    \
         login:\n      type: http\n      scheme: basic",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/paths/~1v1~1things/get/security/0/login",
        "both send the Authorization header",
    );
}

/// An API key in the `Authorization` header beside a bearer token.
#[test]
fn api_key_in_authorization_combined_with_bearer() {
    let spec = spec_with(
        "      security:\n        - raw: []\n          session: []",
        "  securitySchemes:\n    raw:\n      type: apiKey\n      in: header\n      name: authorization\n    \
         session:\n      type: http\n      scheme: bearer",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/paths/~1v1~1things/get/security/0/raw",
        "Authorization header",
    );
}

/// Two keys required together in one header (names differ only in case):
/// one value would replace the other.
#[test]
fn combined_keys_in_the_same_header() {
    let spec = spec_with(
        "      security:\n        - first: []\n          second: []",
        "  securitySchemes:\n    first:\n      type: apiKey\n      in: header\n      name: X-Key\n    \
         second:\n      type: apiKey\n      in: header\n      name: x-key",
    );
    assert_refusal(
        &spec,
        Kind::Invalid,
        "#/paths/~1v1~1things/get/security/0/second",
        "the header x-key",
    );
}

/// An unsupported HTTP scheme inside a combined requirement is refused at
/// the scheme, as alone.
#[test]
fn http_digest_combined_with_a_key() {
    let spec = spec_with(
        "      security:\n        - key: []\n          digest: []",
        "  securitySchemes:\n    key:\n      type: apiKey\n      in: query\n      name: key\n    \
         digest:\n      type: http\n      scheme: digest",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/securitySchemes/digest/scheme",
        "bearer and basic",
    );
}

#[test]
fn undefined_security_scheme() {
    let spec = spec_with("      security:\n        - nowhere: []", "");
    assert_refusal(
        &spec,
        Kind::Invalid,
        "#/paths/~1v1~1things/get/security/0/nowhere",
        "nowhere",
    );
}

/// `null` among the values of an enum that is not `nullable` (the accepted
/// form, with `nullable: true`, is in regressions.rs).
/// Rust type aliases cannot be recursive.
#[test]
fn schema_that_contains_itself_only_through_an_array() {
    let spec = spec_with(
        "",
        "    Tree:\n      type: array\n      items:\n        $ref: \"#/components/schemas/Tree\"",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/schemas/Tree",
        "itself",
    );
}

#[test]
fn schemas_that_are_references_to_each_other() {
    let spec = spec_with(
        "",
        "    Left:\n      $ref: \"#/components/schemas/Right\"\n    Right:\n      $ref: \"#/components/schemas/Left\"",
    );
    assert_refusal(
        &spec,
        Kind::Unsupported,
        "#/components/schemas/Left",
        "itself",
    );
}

/// The command-line program refers to the library by its crate name.
#[test]
fn crate_name_that_is_a_keyword() {
    let spec = spec_with("", "").replace(
        "  version: 1.0.0\n",
        "  version: 1.0.0\n  x-rust-crate-name: type\n",
    );
    assert_refusal(&spec, Kind::Invalid, "#/info/x-rust-crate-name", "keyword");
}

#[test]
fn spec_without_operations() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths: {}\n";
    assert_refusal(spec, Kind::Invalid, "#/paths", "no operations");
}

// ---- the binary ----

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"))
}

/// Given a spec that is refused and an `--out` folder holding an earlier
/// generation, the binary exits 1, names the file and pointer on stderr, and
/// leaves every file byte-identical (nothing added, nothing removed).
#[test]
fn binary_refuses_without_touching_existing_output() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let good = spec_with("", "");
    support::write_file(&dir.path().join("spec.yaml"), &good);
    let first = bin()
        .args(["--spec", "spec.yaml", "--out", "client"])
        .current_dir(dir.path())
        .output()
        .expect("run the generator");
    assert!(
        first.status.success(),
        "the good spec should generate: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = support::read_tree(&dir.path().join("client"));
    assert!(
        before.contains_key("src/lib.rs"),
        "files: {:?}",
        before.keys()
    );

    // A refused spec: the same one with a `not` schema.
    let bad = spec_with("", "    Bad:\n      not:\n        type: string");
    support::write_file(&dir.path().join("bad.yaml"), &bad);
    for check in [false, true] {
        let mut command = bin();
        command
            .args(["--spec", "bad.yaml", "--out", "client"])
            .current_dir(dir.path());
        if check {
            command.arg("--check");
        }
        let output = command.output().expect("run the generator");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "exit code (check: {check}); stderr: {stderr}"
        );
        assert!(
            stderr.contains("bad.yaml: #/components/schemas/Bad: "),
            "stderr should name the file and the pointer (check: {check}): {stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "nothing on stdout (check: {check}): {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let after = support::read_tree(&dir.path().join("client"));
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "the set of files changed (check: {check})"
        );
        for (path, bytes) in &before {
            assert!(
                after[path] == *bytes,
                "{path} changed although generation failed (check: {check})"
            );
        }
    }
}

/// A spec that does not exist is an I/O error naming it, exit code 1.
#[test]
fn binary_reports_a_missing_spec() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = bin()
        .args(["--spec", "nowhere.yaml", "--out", "client"])
        .current_dir(dir.path())
        .output()
        .expect("run the generator");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("nowhere.yaml"), "stderr: {stderr}");
    assert!(
        !dir.path().join("client").exists(),
        "nothing should be written"
    );
}
