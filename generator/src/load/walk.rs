//! Every schema of an OpenAPI 3.x document, found by where the format puts
//! schemas (never by what a node happens to contain), so that the loader
//! can rewrite them before the document is typed; and, the same way, every
//! parameter, header, request body and response, which a `$ref` may stand
//! for too.

use serde_yaml::{Mapping, Value};

use super::Refusal;
use crate::pointer::Pointer;

/// What is done to one schema node (a mapping) found at a pointer.
pub(super) type Visit<'v> = dyn FnMut(&mut Mapping, &Pointer) -> Result<(), Refusal> + 'v;

/// What kind of object the format puts at a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Schema,
    Parameter,
    Header,
    RequestBody,
    Response,
}

impl Kind {
    /// The `components` section that holds objects of this kind.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
        }
    }

    /// The kind's name in prose.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Parameter => "parameter",
            Kind::Header => "header",
            Kind::RequestBody => "request body",
            Kind::Response => "response",
        }
    }
}

/// What is done to one node (a mapping) of any [`Kind`] found at a pointer.
pub(super) type VisitNode<'v> = dyn FnMut(&mut Mapping, &Pointer, Kind) -> Result<(), Refusal> + 'v;

/// The operations' keys of a path item.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema of `document`: children before their
/// parent, so that a parent's rewrite never moves a node before it has
/// been visited at its place in the document as written.
pub(super) fn schemas(document: &mut Value, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    nodes(document, &mut |node, at, kind| match kind {
        Kind::Schema => visit(node, at),
        _ => Ok(()),
    })
}

/// Calls `visit` on every schema, parameter, header, request body and
/// response of `document`, children before their parent.
pub(super) fn nodes(document: &mut Value, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
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
        |node, at| schema_node(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("parameters"),
        &at.join("parameters"),
        |node, at| parameter(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("headers"),
        &at.join("headers"),
        |node, at| header(node, at, visit),
    )?;
    for_each_entry(
        components.get_mut("requestBodies"),
        &at.join("requestBodies"),
        |node, at| request_body(node, at, visit),
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
fn path_items(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
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
                    request_body(body, &at.join("requestBody"), visit)?;
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
    visit: &mut VisitNode<'_>,
) -> Result<(), Refusal> {
    let Some(Value::Sequence(list)) = node else {
        return Ok(());
    };
    for (index, item) in list.iter_mut().enumerate() {
        parameter(item, &at.join(index.to_string()), visit)?;
    }
    Ok(())
}

fn parameter(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
    parameter_like(node, at, Kind::Parameter, visit)
}

fn header(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
    parameter_like(node, at, Kind::Header, visit)
}

/// A parameter or a header: a `schema`, or a `content` map.
fn parameter_like(
    node: &mut Value,
    at: &Pointer,
    kind: Kind,
    visit: &mut VisitNode<'_>,
) -> Result<(), Refusal> {
    if let Some(child) = node.get_mut("schema") {
        schema_node(child, &at.join("schema"), visit)?;
    }
    content(node, at, visit)?;
    visit_mapping(node, at, kind, visit)
}

fn request_body(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
    content(node, at, visit)?;
    visit_mapping(node, at, Kind::RequestBody, visit)
}

/// `visit` on `node` if it is a mapping.
fn visit_mapping(
    node: &mut Value,
    at: &Pointer,
    kind: Kind,
    visit: &mut VisitNode<'_>,
) -> Result<(), Refusal> {
    match node {
        Value::Mapping(map) => visit(map, at, kind),
        _ => Ok(()),
    }
}

/// The `content` map of a request body, response, parameter or header.
fn content(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
    for_each_entry(
        node.get_mut("content"),
        &at.join("content"),
        |media, at| match media.get_mut("schema") {
            Some(child) => schema_node(child, &at.join("schema"), visit),
            None => Ok(()),
        },
    )
}

fn response(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
    for_each_entry(node.get_mut("headers"), &at.join("headers"), |node, at| {
        header(node, at, visit)
    })?;
    content(node, at, visit)?;
    visit_mapping(node, at, Kind::Response, visit)
}

/// A schema and, first, the schemas it holds.
pub(super) fn schema(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) -> Result<(), Refusal> {
    schema_node(node, at, &mut |node, at, _| visit(node, at))
}

/// A schema and, first, the schemas it holds, as nodes of [`Kind::Schema`].
fn schema_node(node: &mut Value, at: &Pointer, visit: &mut VisitNode<'_>) -> Result<(), Refusal> {
    let Value::Mapping(map) = node else {
        return Ok(());
    };
    for key in ["items", "not", "additionalProperties"] {
        if let Some(child) = map.get_mut(key) {
            schema_node(child, &at.join(key), visit)?;
        }
    }
    // A list of `items` (a draft-4 tuple) or `prefixItems` (3.1's), which
    // the loader rewrites.
    for key in ["items", "prefixItems"] {
        if let Some(Value::Sequence(entries)) = map.get_mut(key) {
            let at = at.join(key);
            for (index, entry) in entries.iter_mut().enumerate() {
                schema_node(entry, &at.join(index.to_string()), visit)?;
            }
        }
    }
    for_each_entry(
        map.get_mut("properties"),
        &at.join("properties"),
        |child, at| schema_node(child, at, visit),
    )?;
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Sequence(members)) = map.get_mut(key) {
            let at = at.join(key);
            for (index, member) in members.iter_mut().enumerate() {
                schema_node(member, &at.join(index.to_string()), visit)?;
            }
        }
    }
    visit(map, at, Kind::Schema)
}
