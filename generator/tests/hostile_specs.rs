//! Specs written to take the generator down: long chains of references,
//! aliases and `allOf`s, unions that contain themselves, deep nesting and
//! huge names. Each is generated (on a test thread's small stack, in a
//! debug build) and must either give a bounded crate or be refused with
//! the pointer of the node at fault; never a panic or a stack overflow.
//! Sizes are large enough that the recursive or quadratic code these
//! replace failed on them, and small enough to run quickly.

mod support;

use std::panic::AssertUnwindSafe;

use huaweicloud_codegen::{generate_from_str, Error, Options, OutputFile};

const FILE: &str = "hostile.yaml";

fn outcome(spec: &str) -> Result<Vec<OutputFile>, Error> {
    let options = Options::new(FILE, "out");
    std::panic::catch_unwind(AssertUnwindSafe(|| generate_from_str(spec, &options)))
        .unwrap_or_else(|_| panic!("the generator panicked"))
}

fn generate(spec: &str) -> Vec<OutputFile> {
    outcome(spec).unwrap_or_else(|e| panic!("the spec should generate, but: {e}"))
}

/// The pointer and message of a refusal.
fn refusal(spec: &str) -> (String, String) {
    match outcome(spec) {
        Ok(files) => panic!("the spec was accepted ({} files)", files.len()),
        Err(Error::Unsupported {
            pointer, message, ..
        })
        | Err(Error::Invalid {
            pointer, message, ..
        }) => (pointer, message),
        Err(other) => panic!("expected a refusal naming a pointer, got {other}"),
    }
}

/// One operation returning `#/components/schemas/{root}`, then `schemas`
/// (component entries, indented by four spaces).
fn spec(root: &str, schemas: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info: {{title: Hostile, version: 1.0.0}}
paths:
  /v1/thing:
    get:
      operationId: GetThing
      responses:
        "200":
          description: The thing.
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/{root}"}}
components:
  schemas:
{schemas}"##
    )
}

fn types_rs(files: &[OutputFile]) -> &str {
    support::file(files, "src/types.rs")
}

/// `C0` has a property referring to `C1`, and so on; the last one carries
/// a check, which every struct of the chain must then run.
fn property_chain(length: usize) -> String {
    let mut schemas = String::new();
    for i in 0..length {
        schemas.push_str(&format!(
            "    C{i}:\n      type: object\n      properties:\n        next: {{$ref: \"#/components/schemas/C{}\"}}\n",
            i + 1
        ));
    }
    schemas.push_str(&format!(
        "    C{length}:\n      type: object\n      properties:\n        end: {{type: string, maxLength: 5}}\n"
    ));
    spec("C0", &schemas)
}

#[test]
fn a_long_chain_of_referenced_properties_generates() {
    let length = 1_500;
    let files = generate(&property_chain(length));
    let types = types_rs(&files);
    assert!(types.contains(&format!("pub struct C{length} {{")));
    assert!(
        types.contains("pub next: Option<C1>,"),
        "C0 should refer to C1 unboxed (no cycle)"
    );
    // Every link validates the next one.
    assert_eq!(
        types
            .matches(r#"crate::validate::field(at, "next", &self.next)?;"#)
            .count(),
        length,
        "each struct of the chain checks the next"
    );
}

#[test]
fn control_a_short_cycle_of_properties_is_boxed() {
    let files = generate(&spec(
        "A",
        "    A:\n      type: object\n      properties:\n        b: {$ref: \"#/components/schemas/B\"}\n    B:\n      type: object\n      properties:\n        a: {$ref: \"#/components/schemas/A\"}\n",
    ));
    let types = types_rs(&files);
    assert!(types.contains("pub b: Option<B>,"), "{types}");
    assert!(types.contains("pub a: Option<Box<A>>,"), "{types}");
}

fn alias_chain(length: usize) -> String {
    let mut schemas = String::new();
    for i in 0..length {
        schemas.push_str(&format!(
            "    A{i}: {{$ref: \"#/components/schemas/A{}\"}}\n",
            i + 1
        ));
    }
    schemas.push_str(&format!(
        "    A{length}: {{type: object, properties: {{end: {{type: string}}}}}}\n"
    ));
    spec("A0", &schemas)
}

#[test]
fn a_long_alias_chain_is_refused_at_its_start() {
    let (pointer, message) = refusal(&alias_chain(5_000));
    assert_eq!(pointer, "#/components/schemas/A0");
    assert!(message.contains("chain of more than"), "{message}");
}

#[test]
fn control_a_short_alias_chain_generates() {
    let files = generate(&alias_chain(5));
    let types = types_rs(&files);
    assert!(types.contains("pub type A0 = A1;"), "{types}");
    assert!(types.contains("pub struct A5 {"), "{types}");
}

/// `B{i}` is `allOf: [B{i+1}, {its own property}]`: each type holds every
/// property after it, quadratic in the chain's length.
fn all_of_chain(length: usize) -> String {
    let mut schemas = String::new();
    for i in 0..length {
        schemas.push_str(&format!(
            "    B{i}:\n      allOf:\n        - $ref: \"#/components/schemas/B{}\"\n        - {{type: object, properties: {{p{i}: {{type: string}}}}}}\n",
            i + 1
        ));
    }
    schemas.push_str(&format!(
        "    B{length}: {{type: object, properties: {{end: {{type: string}}}}}}\n"
    ));
    spec("B0", &schemas)
}

#[test]
fn a_long_all_of_chain_is_refused_at_an_all_of() {
    let (pointer, message) = refusal(&all_of_chain(1_000));
    assert!(
        pointer.starts_with("#/components/schemas/B") && pointer.ends_with("/allOf"),
        "{pointer}"
    );
    assert!(message.contains("allOf merging"), "{message}");
}

#[test]
fn control_a_short_all_of_chain_generates_every_property() {
    let length = 30;
    let files = generate(&all_of_chain(length));
    let types = types_rs(&files);
    let b0 = &types[types.find("pub struct B0 {").expect("B0")..];
    let b0 = &b0[..b0.find("\n}").expect("the end of B0")];
    for i in 0..length {
        assert!(b0.contains(&format!("pub p{i}: Option<String>,")), "{b0}");
    }
}

#[test]
fn a_long_chain_of_single_ref_all_ofs_is_refused() {
    let mut schemas = String::new();
    let length = 5_000;
    for i in 0..length {
        schemas.push_str(&format!(
            "    B{i}: {{allOf: [{{$ref: \"#/components/schemas/B{}\"}}]}}\n",
            i + 1
        ));
    }
    schemas.push_str(&format!("    B{length}: {{type: string}}\n"));
    let (pointer, message) = refusal(&spec("B0", &schemas));
    assert_eq!(pointer, "#/components/schemas/B0");
    assert!(message.contains("chain of more than"), "{message}");
}

#[test]
fn a_union_that_is_its_own_variant_is_refused() {
    let (pointer, message) = refusal(&spec(
        "Loop",
        "    Loop:\n      oneOf:\n        - $ref: \"#/components/schemas/Loop\"\n        - {type: string}\n",
    ));
    assert_eq!(pointer, "#/components/schemas/Loop/oneOf/0");
    assert!(message.contains("leads back to its own union"), "{message}");
}

#[test]
fn a_union_that_reaches_itself_through_an_alias_is_refused() {
    let (pointer, _) = refusal(&spec(
        "Loop",
        "    Loop:\n      anyOf:\n        - {type: string}\n        - $ref: \"#/components/schemas/Again\"\n    Again: {$ref: \"#/components/schemas/Loop\"}\n",
    ));
    assert_eq!(pointer, "#/components/schemas/Loop/anyOf/1");
}

#[test]
fn control_a_union_that_contains_itself_in_an_array_or_object_generates() {
    let files = generate(&spec(
        "Tree",
        "    Tree:\n      oneOf:\n        - {type: string}\n        - {type: array, items: {$ref: \"#/components/schemas/Tree\"}}\n        - $ref: \"#/components/schemas/Node\"\n    Node:\n      type: object\n      properties:\n        child: {$ref: \"#/components/schemas/Tree\"}\n",
    ));
    assert!(types_rs(&files).contains("pub enum Tree {"));
}

/// A response schema of `depth` arrays nested inline, in block style.
fn nested_arrays(depth: usize) -> String {
    let mut schema = String::from("    Nested:\n");
    for level in 0..depth {
        let indent = " ".repeat(6 + 2 * level);
        schema.push_str(&format!("{indent}type: array\n{indent}items:\n"));
    }
    schema.push_str(&format!("{}type: string\n", " ".repeat(6 + 2 * depth)));
    spec("Nested", &schema)
}

#[test]
fn schemas_nested_too_deeply_are_refused_with_the_pointer() {
    let (pointer, message) = refusal(&nested_arrays(40));
    assert!(
        pointer.starts_with("#/components/schemas/Nested/items/items/"),
        "{pointer}"
    );
    assert!(message.contains("nested more than"), "{message}");
}

#[test]
fn control_schemas_nested_a_little_generate() {
    let depth = 30;
    let files = generate(&nested_arrays(depth));
    let types: String = types_rs(&files).split_whitespace().collect();
    let vecs = "Vec<".repeat(depth);
    assert!(
        types.contains(&format!("pubtypeNested={vecs}String")),
        "{types}"
    );
}

#[test]
fn a_huge_property_name_gives_a_short_field_and_keeps_the_wire_name() {
    let name = "a".repeat(20_000);
    // JSON: YAML limits implicit keys to 1024 characters.
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1.0.0"},
        "paths": {"/v1/thing": {"get": {
            "operationId": "GetThing",
            "responses": {"200": {
                "description": "The thing.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Long"}}}
            }}
        }}},
        "components": {"schemas": {"Long": {
            "type": "object",
            "required": [name],
            "properties": {
                name.as_str(): {"type": "string"},
                format!("{name}b"): {"type": "string"}
            }
        }}}
    });
    let files = generate(&spec.to_string());
    let types = types_rs(&files);
    assert!(
        types.contains(&format!("rename = \"{name}\"")),
        "the wire name is kept"
    );
    let fields: Vec<&str> = types
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split(':').next())
        .filter(|ident| ident.starts_with("aaa"))
        .collect();
    assert_eq!(fields.len(), 2, "two fields: {fields:?}");
    assert_ne!(fields[0], fields[1]);
    assert!(fields.iter().all(|f| f.len() <= 64), "{fields:?}");
    // The name appears a bounded number of times (serde names, docs),
    // not once per identifier made from it.
    assert!(
        spec_size(&files) < 12 * name.len() + 200_000,
        "{} bytes",
        spec_size(&files)
    );
}

fn spec_size(files: &[OutputFile]) -> usize {
    let runtime = support::runtime_files();
    files
        .iter()
        .filter(|f| !runtime.contains(&f.path))
        .map(|f| f.contents.len())
        .sum()
}

/// An info block with `title`, and the crate name it gives.
fn crate_name(info: &str) -> Result<String, Error> {
    let spec = format!(
        "openapi: 3.0.3\ninfo: {info}\npaths:\n  /v1/ping:\n    get:\n      operationId: Ping\n      responses:\n        \"204\": {{description: Alive.}}\n"
    );
    let options = Options::new(FILE, "out");
    let files = generate_from_str(&spec, &options)?;
    let manifest = support::file(&files, "Cargo.toml");
    let line = manifest
        .lines()
        .find(|l| l.starts_with("name = "))
        .expect("a name");
    Ok(line
        .trim_start_matches("name = ")
        .trim_matches('"')
        .to_owned())
}

#[test]
fn titles_naming_std_or_a_dependency_give_another_crate_name() {
    for (title, expected) in [
        ("std", "std-client"),
        ("serde", "serde-client"),
        ("tokio", "tokio-client"),
        ("core", "core-client"),
        ("Serde JSON", "serde-json-client"),
        ("Plain", "plain"),
    ] {
        let name = crate_name(&format!("{{title: \"{title}\", version: 1.0.0}}"))
            .unwrap_or_else(|e| panic!("{title}: {e}"));
        assert_eq!(name, expected, "title {title:?}");
    }
}

#[test]
fn a_crate_name_extension_naming_a_dependency_is_refused() {
    let error = crate_name("{title: T, version: 1.0.0, x-rust-crate-name: serde}")
        .expect_err("serde is refused");
    match error {
        Error::Invalid { pointer, .. } => assert_eq!(pointer, "#/info/x-rust-crate-name"),
        other => panic!("{other}"),
    }
}

/// The program's subcommands, from the generated `src/bin/*.rs`.
fn subcommands(files: &[OutputFile]) -> Vec<String> {
    let bin = files
        .iter()
        .find(|f| f.path.starts_with("src/bin/"))
        .expect("a program");
    bin.contents
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name: \""))
        .map(|l| l.trim_end_matches("\",").to_owned())
        .collect()
}

#[test]
fn operation_ids_never_give_the_help_subcommand_or_a_duplicate() {
    let spec =
        std::fs::read_to_string(support::manifest_dir().join("tests/specs/hostile_names.yaml"))
            .expect("the spec");
    let files = generate(&spec);
    let names = subcommands(&files);
    assert!(names.len() >= 7, "{names:?}");
    assert!(!names.iter().any(|n| n == "help"), "{names:?}");
    let unique: std::collections::BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    // Methods that blanket traits or the runtime already give `Client`.
    let operations = support::file(&files, "src/operations.rs");
    for taken in ["fn into(", "fn execute_any(", "fn borrow("] {
        assert!(!operations.contains(taken), "{taken} in:\n{operations}");
    }
    let types = types_rs(&files);
    for taken in [
        "struct Into ",
        "struct From ",
        "struct Box ",
        "struct Default ",
    ] {
        assert!(!types.contains(taken), "{taken} in:\n{types}");
    }
}

fn wide_object(properties: usize) -> String {
    let mut schemas = String::from("    Wide:\n      type: object\n      properties:\n");
    for i in 0..properties {
        schemas.push_str(&format!("        p{i}: {{type: string}}\n"));
    }
    spec("Wide", &schemas)
}

fn wide_enum(values: usize) -> String {
    let mut schemas = String::from("    Wide:\n      type: string\n      enum:\n");
    for i in 0..values {
        schemas.push_str(&format!("        - v{i}\n"));
    }
    spec("Wide", &schemas)
}

#[test]
fn an_object_or_enum_past_ten_thousand_members_is_refused_at_it() {
    let (pointer, message) = refusal(&wide_object(10_001));
    assert_eq!(pointer, "#/components/schemas/Wide/properties");
    assert!(message.contains("10001 properties"), "{message}");
    let (pointer, message) = refusal(&wide_enum(10_001));
    assert_eq!(pointer, "#/components/schemas/Wide/enum");
    assert!(message.contains("10001 enum values"), "{message}");
}

#[test]
fn control_an_object_and_enum_of_ten_thousand_members_generate() {
    assert!(types_rs(&generate(&wide_object(10_000))).contains("pub p9999: Option<String>"));
    assert!(types_rs(&generate(&wide_enum(10_000))).contains("\"v9999\""));
}

/// A root whose `allOf` is a union of `alternatives` objects beside an
/// object of `properties` properties.
fn union_beside_object(alternatives: usize, properties: usize) -> String {
    let mut schemas = String::from("    Root:\n      allOf:\n        - oneOf:\n");
    for index in 0..alternatives {
        schemas.push_str(&format!(
            "            - {{type: object, properties: {{a{index}: {{type: string}}}}}}\n"
        ));
    }
    schemas.push_str("        - type: object\n          properties:\n");
    for index in 0..properties {
        schemas.push_str(&format!("            p{index}: {{type: string}}\n"));
    }
    spec("Root", &schemas)
}

#[test]
fn a_union_too_large_to_distribute_over_its_all_of_is_refused_there() {
    let (pointer, message) = refusal(&union_beside_object(1_000, 40));
    assert_eq!(pointer, "#/components/schemas/Root/allOf/0", "{message}");
}

#[test]
fn control_a_small_union_beside_an_object_is_distributed() {
    let files = generate(&union_beside_object(3, 2));
    let types = types_rs(&files);
    assert_eq!(
        types.matches("pub p1: Option<String>").count(),
        3,
        "{types}"
    );
}

#[test]
fn two_recursive_objects_given_for_one_property_merge_once() {
    let schemas = "    A:\n      type: object\n      properties:\n        p: {$ref: \"#/components/schemas/A\"}\n        a: {type: string}\n    B:\n      type: object\n      properties:\n        p: {$ref: \"#/components/schemas/B\"}\n        b: {type: string}\n    Root:\n      allOf:\n        - $ref: \"#/components/schemas/A\"\n        - $ref: \"#/components/schemas/B\"\n";
    let files = generate(&spec("Root", schemas));
    let types = types_rs(&files);
    assert_eq!(types.matches("pub struct AAndB").count(), 1, "{types}");
    assert_eq!(
        types.matches("pub p: Option<Box<AAndB>>").count(),
        2,
        "{types}"
    );
}
