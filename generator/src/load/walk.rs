//! Every schema of an OpenAPI 3.x document, found by where the format puts
//! schemas (never by what a node happens to contain), so that the loader
//! can rewrite them before the document is typed.

use serde_yaml::{Mapping, Value};

use super::Refusal;
use crate::pointer::Pointer;

/// What is done to one schema node (a mapping) found at a pointer.
pub(super) type Visit<'v> = dyn FnMut(&mut Mapping, &Pointer) -> Result<(), Refusal> + 'v;

/// The operations' keys of a path item.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema of `document`: children before their
/// parent, so that a parent's rewrite never moves a node before it has
/// been visited at its place in the document as written.
pub(super) fn schemas(document: &mut Value, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    let root = Pointer::root();
    if let Some(paths) = document.get_mut("paths") {
        path_items(paths, &root.join("paths"), visit)?;
    }
    let Some(components) = document.get_mut("components") else {
        return Ok(());
    };
    let at = root.join("components");
    for_each_entry(
        components.get_mut("schemas"),
        &at.join("schemas"),
        |node, at| schema(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("parameters"),
        &at.join("parameters"),
        |node, at| parameter(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("headers"),
        &at.join("headers"),
        |node, at| parameter(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("requestBodies"),
        &at.join("requestBodies"),
        |node, at| content(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("responses"),
        &at.join("responses"),
        |node, at| response(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("callbacks"),
        &at.join("callbacks"),
        |node, at| path_items(node, at, visit),
    )
}

/// `f` on every value of the mapping `node` (if it is one), at its key.
fn for_each_entry(
    node: Option<&mut Value>,
    at: &Pointer,
    mut f: impl FnMut(&mut Value, &Pointer) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    let Some(Value::Mapping(map)) = node else {
        return Ok(());
    };
    for (key, value) in map.iter_mut() {
        if let Some(key) = key_text(key) {
            f(value, &at.join(key))?;
        }
    }
    Ok(())
}

/// A mapping key as pointer text: strings as written, numbers (a status
/// code written without quotes) as YAML writes them.
pub(super) fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A map of path items (`paths`, or a callback).
fn path_items(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    for_each_entry(Some(node), at, |item, at| {
        parameters(item.get_mut("parameters"), &at.join("parameters"), visit)?;
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                let at = at.join(method);
                parameters(
                    operation.get_mut("parameters"),
                    &at.join("parameters"),
                    visit,
                )?;
                if let Some(body) = operation.get_mut("requestBody") {
                    content(body, &at.join("requestBody"), visit)?;
                }
                for_each_entry(
                    operation.get_mut("responses"),
                    &at.join("responses"),
                    |node, at| response(node, at, visit),
                )?;
                for_each_entry(
                    operation.get_mut("callbacks"),
                    &at.join("callbacks"),
                    |node, at| path_items(node, at, visit),
                )?;
            }
        }
        Ok(())
    })
}

fn parameters(
    node: Option<&mut Value>,
    at: &Pointer,
    visit: &mut Visit<'_>,
) -> Result<(), Refusal> {
    let Some(Value::Sequence(list)) = node else {
        return Ok(());
    };
    for (index, item) in list.iter_mut().enumerate() {
        parameter(item, &at.join(index.to_string()), visit)?;
    }
    Ok(())
}

/// A parameter or a header: a `schema`, or a `content` map.
fn parameter(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    if let Some(child) = node.get_mut("schema") {
        schema(child, &at.join("schema"), visit)?;
    }
    content(node, at, visit)
}

/// The `content` map of a request body, response, parameter or header.
fn content(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    for_each_entry(
        node.get_mut("content"),
        &at.join("content"),
        |media, at| match media.get_mut("schema") {
            Some(child) => schema(child, &at.join("schema"), visit),
            None => Ok(()),
        },
    )
}

fn response(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    for_each_entry(
        node.get_mut("headers"),
        &at.join("headers"),
        |header, at| parameter(header, at, visit),
    )?;
    content(node, at, visit)
}

/// A schema and, first, the schemas it holds.
pub(super) fn schema(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    let Value::Mapping(map) = node else {
        return Ok(());
    };
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child) = map.get_mut(key) {
            schema(child, &at.join(key), visit)?;
        }
    }
    for_each_entry(
        map.get_mut("properties"),
        &at.join("properties"),
        |child, at| schema(child, at, visit),
    )?;
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Sequence(members)) = map.get_mut(key) {
            let at = at.join(key);
            for (index, member) in members.iter_mut().enumerate() {
                schema(member, &at.join(index.to_string()), visit)?;
            }
        }
    }
    visit(map, at)
}
