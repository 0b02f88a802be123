//! OpenAPI 3.1 read as 3.0: 3.1 adopted JSON Schema 2020-12 for its schemas
//! and added a few document fields. The differences a 3.0 reader cannot
//! type are rewritten here, on the parsed value, into the 3.0 form that
//! means the same; what only loses detail is reported as a warning, and
//! what has no 3.0 meaning is refused. Every pointer names the node as the
//! 3.1 document has it.

use serde_yaml::{Mapping, Value};

use super::{integers, walk, Moved, Refusal};
use crate::error::Warning;
use crate::pointer::Pointer;

/// The version the translated document declares.
const TRANSLATED_VERSION: &str = "3.0.3";
/// The schema dialect 3.1 documents use unless they say otherwise.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Schema keywords that only narrow which values are valid: a client that
/// ignores them accepts more than the spec allows, and is otherwise right.
const VALIDATION_ONLY: [&str; 10] = [
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "dependentRequired",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// Schema keywords that change the shape of the data, which 3.0 cannot say.
const NO_3_0_FORM: [(&str, &str); 4] = [
    ("patternProperties", "properties selected by pattern"),
    (
        "dependentSchemas",
        "schemas that apply when a property is present",
    ),
    ("$dynamicRef", "dynamic references"),
    ("$recursiveRef", "recursive references"),
];

/// Keywords beside a `$ref` that describe without constraining.
const DESCRIPTIVE: [&str; 8] = [
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "deprecated",
    "$comment",
    "externalDocs",
];

/// Rewrites the 3.1 document `document` into 3.0.
pub(super) fn translate(
    document: &mut Value,
    warnings: &mut Vec<Warning>,
    moved: &mut Moved,
) -> Result<(), Refusal> {
    let root = Pointer::root();
    let Value::Mapping(top) = document else {
        return Err((root, "the document is not a mapping".into()));
    };
    top.insert("openapi".into(), TRANSLATED_VERSION.into());
    if let Some(dialect) = top.shift_remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(DEFAULT_DIALECT) {
            warnings.push(Warning {
                pointer: root.join("jsonSchemaDialect").to_string(),
                message:
                    "schemas are read as OpenAPI 3.1's default dialect, not the one named here"
                        .into(),
            });
        }
    }
    if top.shift_remove("webhooks").is_some() {
        warnings.push(Warning {
            pointer: root.join("webhooks").to_string(),
            message: "webhooks are requests the service sends, not ones a client makes; ignored"
                .into(),
        });
    }
    // 3.1 makes `paths` optional; without it there is nothing to call,
    // which the lowering reports.
    if !top.contains_key("paths") {
        top.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    // 3.1 makes an operation's `responses` optional; without any, the
    // lowering decides what the call returns.
    if let Some(Value::Mapping(paths)) = top.get_mut("paths") {
        for item in paths.values_mut() {
            for method in walk::METHODS {
                if let Some(Value::Mapping(operation)) = item.get_mut(method) {
                    if !operation.contains_key("responses") {
                        operation.insert("responses".into(), Value::Mapping(Mapping::new()));
                    }
                }
            }
        }
    }
    if let Some(Value::Mapping(schemas)) = top
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
    {
        for (name, schema) in schemas.iter_mut() {
            if !boolean_schema(schema) {
                let name = walk::key_text(name).unwrap_or_default();
                return Err((
                    root.join("components").join("schemas").join(name),
                    "the schema false admits no value".into(),
                ));
            }
        }
    }
    if let Some(Value::Mapping(schemes)) = top
        .get("components")
        .and_then(|components| components.get("securitySchemes"))
    {
        for (name, scheme) in schemes {
            if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                let name = walk::key_text(name).unwrap_or_default();
                return Err((
                    root.join("components")
                        .join("securitySchemes")
                        .join(name)
                        .join("type"),
                    "mutualTLS (a client certificate) has no OpenAPI 3.0 form".into(),
                ));
            }
        }
    }
    walk::schemas(document, &mut |node, at| schema(node, at, warnings, moved))
}

/// Rewrites one schema; its children have been rewritten already.
fn schema(
    node: &mut Mapping,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
    moved: &mut Moved,
) -> Result<(), Refusal> {
    recursive_reference(node, at, warnings);
    prefix_items(node, at, moved);
    for (key, what) in NO_3_0_FORM {
        if node.contains_key(key) {
            return Err((at.join(key), format!("{what} have no OpenAPI 3.0 form")));
        }
    }
    for key in VALIDATION_ONLY {
        if node.shift_remove(key).is_some() {
            warnings.push(Warning {
                pointer: at.join(key).to_string(),
                message: format!(
                    "{key} only narrows which values are valid, which OpenAPI 3.0 cannot say; the client does not check it"
                ),
            });
        }
    }
    constant(node, at)?;
    examples(node, at, warnings);
    exclusive_bounds(node);
    content_encoding(node, at, warnings);
    boolean_children(node, at, warnings)?;
    types(node, at, warnings)?;
    integers::bounds(node, at, warnings)?;
    null_members(node);
    reference_siblings(node);
    Ok(())
}

/// `$recursiveRef: "#"` (or `$dynamicRef: "#"`) inside a component schema
/// is, as tools read it, a
/// reference to that component: a tree of filters whose members may be
/// filters. It becomes a `$ref` to the component. Strictly the target is
/// the enclosing schema resource, which an OpenAPI document does not make
/// plain, hence the warning. Anything else stays, and is refused.
fn recursive_reference(node: &mut Mapping, at: &Pointer, warnings: &mut Vec<Warning>) {
    for key in ["$recursiveRef", "$dynamicRef"] {
        if node.get(key).and_then(Value::as_str) != Some("#") {
            continue;
        }
        let Some(component) = enclosing_component(at) else {
            continue;
        };
        node.shift_remove(key);
        node.insert("$ref".into(), component.clone().into());
        warnings.push(Warning {
            pointer: at.join(key).to_string(),
            message: format!("a recursive reference to the document's root, read as a reference to the component it is in, {component}"),
        });
    }
}

/// A tuple (`prefixItems`, one schema per position, and `items` for the
/// positions after them) is written as the list of `items` that JSON
/// Schema's draft 4 used, which the loader then reads as an array whose
/// items may be any of the listed schemas (see `tuples`), with a warning
/// at `prefixItems`. `items: false` (no more positions) adds nothing.
fn prefix_items(node: &mut Mapping, at: &Pointer, moved: &mut Moved) {
    if !matches!(node.get("prefixItems"), Some(Value::Sequence(_))) {
        return;
    }
    let Some(Value::Sequence(mut entries)) = node.shift_remove("prefixItems") else {
        return;
    };
    match node.shift_remove("items") {
        Some(Value::Bool(false)) | None => {}
        Some(Value::Bool(true)) => entries.push(Value::Mapping(Mapping::new())),
        Some(rest) => entries.push(rest),
    }
    node.insert("items".into(), Value::Sequence(entries));
    // `prefixItems` applies to arrays alone; without `type`, a list of
    // `items` would read as alternatives for the value itself.
    if !node.contains_key("type") {
        node.insert("type".into(), "array".into());
    }
    moved.record(&at.join("items"), &at.join("prefixItems"));
}

/// The `$ref` of the component schema that the node at `at` is inside.
fn enclosing_component(at: &Pointer) -> Option<String> {
    let mut tokens = at.as_str().split('/');
    let prefix: Vec<&str> = tokens.by_ref().take(4).collect();
    match prefix.as_slice() {
        ["#", "components", "schemas", name] => Some(format!("#/components/schemas/{name}")),
        _ => None,
    }
}

/// `type: [T, "null"]` is `type: T, nullable: true`; a list of several
/// types is a `oneOf` of one schema per type, each with the keywords that
/// apply to its type (the others stay on the node: they describe the value
/// whatever its type).
pub(super) fn types(
    node: &mut Mapping,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Result<(), Refusal> {
    let Some(Value::Sequence(list)) = node.get("type") else {
        return Ok(());
    };
    let mut names = Vec::with_capacity(list.len());
    for (index, item) in list.iter().enumerate() {
        match item.as_str() {
            Some(name) => names.push(name.to_owned()),
            None => {
                return Err((
                    at.join("type").join(index.to_string()),
                    "a type name must be a string".into(),
                ))
            }
        }
    }
    let nullable = names.iter().any(|name| name == "null");
    names.retain(|name| name != "null");
    let mut seen = Vec::with_capacity(names.len());
    names.retain(|name| {
        let first = !seen.contains(name);
        seen.push(name.clone());
        first
    });
    // Every integer is a number: with both, the wider type is the one.
    if names.iter().any(|name| name == "number") {
        names.retain(|name| name != "integer");
    }
    if nullable && !names.is_empty() {
        node.insert("nullable".into(), true.into());
    }
    match names.as_slice() {
        [] => {
            node.insert("type".into(), "null".into());
            Ok(())
        }
        [name] => {
            node.insert("type".into(), name.as_str().into());
            Ok(())
        }
        several => {
            let several = several.to_vec();
            one_of_types(node, at, &several, warnings)
        }
    }
}

/// The keywords that apply to values of one JSON type, by type name.
fn own_keywords(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "string" => &["minLength", "maxLength", "pattern"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
        _ => &[],
    }
}

/// Whether an `enum` value is of the JSON type `type_name`.
fn of_type(value: &Value, type_name: &str) -> bool {
    match type_name {
        "string" => value.is_string(),
        "integer" => value.as_i64().is_some() || value.as_u64().is_some(),
        "number" => value.is_number(),
        "boolean" => value.is_bool(),
        "array" => value.is_sequence(),
        "object" => value.is_mapping(),
        _ => false,
    }
}

/// Whether `format` describes values of the JSON type `type_name`: the
/// numeric formats numbers, any other one strings.
fn format_fits(format: &str, type_name: &str) -> bool {
    match format {
        "int32" | "int64" => type_name == "integer",
        "float" | "double" => matches!(type_name, "number" | "integer"),
        _ => type_name == "string",
    }
}

/// Rewrites a node whose `type` lists several types as a `oneOf` of one
/// schema per type.
fn one_of_types(
    node: &mut Mapping,
    at: &Pointer,
    names: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<(), Refusal> {
    if node.contains_key("oneOf") {
        return Err((
            at.join("type"),
            format!(
                "a value of several types ({}) beside oneOf has no OpenAPI 3.0 form",
                names.join(", ")
            ),
        ));
    }
    node.shift_remove("type");
    let values = match node.shift_remove("enum") {
        Some(Value::Sequence(values)) => Some(values),
        Some(other) => {
            node.insert("enum".into(), other);
            None
        }
        None => None,
    };
    let format = node
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut members: Vec<Mapping> = names
        .iter()
        .map(|name| {
            let mut member = Mapping::new();
            member.insert("type".into(), name.as_str().into());
            member
        })
        .collect();
    for (member, name) in members.iter_mut().zip(names) {
        for key in own_keywords(name) {
            if let Some(value) = node.get(*key) {
                member.insert((*key).into(), value.clone());
            }
        }
        if let Some(format) = &format {
            if format_fits(format, name) {
                member.insert("format".into(), format.as_str().into());
            }
        }
        if let Some(values) = &values {
            let own: Vec<Value> = values
                .iter()
                .filter(|v| of_type(v, name))
                .cloned()
                .collect();
            member.insert("enum".into(), Value::Sequence(own));
        }
        integers::bounds(member, at, warnings)?;
    }
    for name in names {
        for key in own_keywords(name) {
            node.shift_remove(*key);
        }
    }
    if format.is_some() {
        node.shift_remove("format");
    }
    // A type none of whose listed values is of it admits no value.
    members.retain(
        |member| !matches!(member.get("enum"), Some(Value::Sequence(own)) if own.is_empty()),
    );
    if members.is_empty() {
        return Err((
            at.join("enum"),
            "no value of the enum is of one of the listed types, so no value is valid".into(),
        ));
    }
    let members: Vec<Value> = members.into_iter().map(Value::Mapping).collect();
    if let [single] = members.as_slice() {
        for (key, value) in single.as_mapping().into_iter().flatten() {
            node.insert(key.clone(), value.clone());
        }
    } else {
        node.insert("oneOf".into(), Value::Sequence(members));
    }
    Ok(())
}

/// `const: v` is `enum: [v]`.
fn constant(node: &mut Mapping, at: &Pointer) -> Result<(), Refusal> {
    let Some(value) = node.shift_remove("const") else {
        return Ok(());
    };
    if let Some(Value::Sequence(allowed)) = node.get("enum") {
        if !allowed.contains(&value) {
            return Err((
                at.join("const"),
                "the constant is not one of the enum's values, so no value is valid".into(),
            ));
        }
    }
    if value.is_null() {
        node.insert("nullable".into(), true.into());
    }
    node.insert("enum".into(), Value::Sequence(vec![value]));
    Ok(())
}

/// A schema's `examples` list: 3.0 has one `example`.
fn examples(node: &mut Mapping, at: &Pointer, warnings: &mut Vec<Warning>) {
    if !matches!(node.get("examples"), Some(Value::Sequence(_))) {
        return;
    }
    let Some(Value::Sequence(list)) = node.shift_remove("examples") else {
        return;
    };
    if list.len() > 1 {
        warnings.push(Warning {
            pointer: at.join("examples").to_string(),
            message: format!("{} examples; OpenAPI 3.0 keeps one, the first", list.len()),
        });
    }
    if !node.contains_key("example") {
        if let Some(first) = list.into_iter().next() {
            node.insert("example".into(), first);
        }
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` are 3.0's bound plus a flag.
fn exclusive_bounds(node: &mut Mapping) {
    for (exclusive, inclusive, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(limit)) = node.get(exclusive).cloned() else {
            continue;
        };
        node.shift_remove(exclusive);
        // With both, the tighter bound applies; at a tie, the exclusive one.
        let inclusive_wins = match node.get(inclusive).and_then(Value::as_f64) {
            Some(other) => {
                let limit = limit.as_f64().unwrap_or(other);
                if lower {
                    other > limit
                } else {
                    other < limit
                }
            }
            None => false,
        };
        if !inclusive_wins {
            node.insert(inclusive.into(), Value::Number(limit));
            node.insert(exclusive.into(), true.into());
        }
    }
}

/// `contentEncoding`/`contentMediaType` of a string: 3.0's `format`.
fn content_encoding(node: &mut Mapping, at: &Pointer, warnings: &mut Vec<Warning>) {
    let encoding = node.shift_remove("contentEncoding");
    let media = node.shift_remove("contentMediaType");
    let format = match (encoding.as_ref().and_then(Value::as_str), media.as_ref()) {
        (Some("base64"), _) => Some("byte"),
        // RFC 2045's `binary`: the octets as they are, 3.0's binary string
        // (a file part of a multipart body).
        (Some("binary"), _) => Some("binary"),
        (Some(other), _) => {
            warnings.push(Warning {
                pointer: at.join("contentEncoding").to_string(),
                message: format!("the {other} content encoding is read as a plain string"),
            });
            None
        }
        (None, Some(media)) if media.as_str() == Some("application/octet-stream") => Some("binary"),
        (None, Some(_)) => {
            warnings.push(Warning {
                pointer: at.join("contentMediaType").to_string(),
                message:
                    "the media type of a string's content is not kept; it is read as a plain string"
                        .into(),
            });
            None
        }
        (None, None) => None,
    };
    if let Some(format) = format {
        if !node.contains_key("format") {
            node.insert("format".into(), format.into());
        }
    }
}

/// Boolean schemas where 3.0 wants a schema: `true` allows anything (`{}`);
/// a property whose schema is `false` can never be present, so it is
/// dropped; any other `false` admits no value and is refused.
fn boolean_children(
    node: &mut Mapping,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Result<(), Refusal> {
    for key in ["items", "not"] {
        if let Some(child) = node.get_mut(key) {
            if !boolean_schema(child) {
                return Err((at.join(key), "the schema false admits no value".into()));
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Sequence(members)) = node.get_mut(key) {
            for (index, member) in members.iter_mut().enumerate() {
                if !boolean_schema(member) {
                    return Err((
                        at.join(key).join(index.to_string()),
                        "the schema false admits no value".into(),
                    ));
                }
            }
        }
    }
    let Some(Value::Mapping(properties)) = node.get_mut("properties") else {
        return Ok(());
    };
    let mut dropped = Vec::new();
    properties.retain(|name, schema| {
        let keep = boolean_schema(schema);
        if !keep {
            dropped.push(walk::key_text(name).unwrap_or_default());
        }
        keep
    });
    for name in dropped {
        warnings.push(Warning {
            pointer: at.join("properties").join(name).to_string(),
            message: "a property whose schema is false can never be present; dropped".into(),
        });
    }
    Ok(())
}

/// Replaces the schema `true` by `{}`; false for the schema `false`.
fn boolean_schema(schema: &mut Value) -> bool {
    match schema {
        Value::Bool(true) => {
            *schema = Value::Mapping(Mapping::new());
            true
        }
        Value::Bool(false) => false,
        _ => true,
    }
}

/// `anyOf`/`oneOf` with a `{type: "null"}` member is 3.0's `nullable`; with
/// one other member left, that member (a reference, through `allOf`).
fn null_members(node: &mut Mapping) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Sequence(members)) = node.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|member| !is_null_schema(member));
        if members.len() == before || members.is_empty() {
            continue;
        }
        node.insert("nullable".into(), true.into());
        let Some(Value::Sequence(members)) = node.get(key) else {
            continue;
        };
        if members.len() == 1 && !node.contains_key("allOf") {
            let Some(Value::Sequence(mut members)) = node.shift_remove(key) else {
                continue;
            };
            node.insert("allOf".into(), Value::Sequence(vec![members.remove(0)]));
        }
    }
}

/// `{type: "null"}`, perhaps with descriptive keywords.
fn is_null_schema(member: &Value) -> bool {
    let Value::Mapping(map) = member else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        && map.keys().all(|key| {
            key.as_str() == Some("type")
                || key
                    .as_str()
                    .is_some_and(|k| DESCRIPTIVE.contains(&k) || k == "nullable")
        })
}

/// 3.1 lets a `$ref` have siblings, which 3.0 ignores: descriptive ones
/// are dropped, and a reference with constraining ones becomes the only
/// member of an `allOf` that carries them.
fn reference_siblings(node: &mut Mapping) {
    if !node.contains_key("$ref") || node.len() == 1 {
        return;
    }
    node.retain(|key, _| {
        key.as_str().is_some_and(|key| {
            key == "$ref" || !(DESCRIPTIVE.contains(&key) || key.starts_with("x-"))
        })
    });
    if node.len() == 1 {
        return;
    }
    let Some(reference) = node.shift_remove("$ref") else {
        return;
    };
    let mut member = Mapping::new();
    member.insert("$ref".into(), reference);
    node.insert(
        "allOf".into(),
        Value::Sequence(vec![Value::Mapping(member)]),
    );
}
