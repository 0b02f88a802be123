//! Bounds on what a spec may make the lowering do, so that any document,
//! however hostile, is lowered (or refused, with the pointer of the node at
//! fault) in time and memory near-linear in its size, without running out
//! of stack.
//!
//! Named types are lowered by an explicit work list (`schema.rs`), so a
//! chain of `$ref`s of any length costs no stack; what still recurses is
//! bounded here: the nesting of inline schemas, and the chains of aliases
//! the emitters follow. What `allOf` merging may copy is bounded too, since
//! a chain of `allOf`s copies every ancestor's properties into each type.

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};

/// How deeply inline schemas may nest (an object property whose schema is
/// an object, whose property is an array, ...). The lowering recurses per
/// level; no real spec comes close.
pub(super) const MAX_SCHEMA_DEPTH: usize = 32;

/// How many aliases may follow one another (`A: {$ref: B}`, `B: {type:
/// array, items: {$ref: C}}`, ...): the generated checks expand an alias
/// chain where it is used.
pub(super) const MAX_ALIAS_CHAIN: usize = 32;

/// How many properties one object may have, and how many values one enum:
/// each becomes a field or variant of one item, which is formatted (and
/// compiled) as a whole, so an item far larger than any real API's (200,000
/// properties took 13 s and 1 GB to generate) is refused.
pub(super) const MAX_PROPERTIES: usize = 10_000;

/// See [`MAX_PROPERTIES`].
pub(super) const MAX_ENUM_VALUES: usize = 10_000;

/// `allOf` merging may make this many times as many fields as the spec
/// writes properties ...
pub(super) const MERGE_FACTOR: usize = 8;

/// ... and at least this many, whatever the spec's size.
pub(super) const MIN_MERGE_BUDGET: usize = 10_000;

/// The number of `properties` entries the document writes, in every schema
/// it holds (components, parameters, bodies and responses, inline or not).
/// An explicit stack: schemas may nest as deeply as the loader allows.
pub(super) fn count_properties(spec: &OpenAPI) -> usize {
    let mut stack: Vec<&Schema> = Vec::new();
    fn item<'s>(stack: &mut Vec<&'s Schema>, schema: &'s ReferenceOr<Schema>) {
        if let ReferenceOr::Item(schema) = schema {
            stack.push(schema);
        }
    }
    fn boxed<'s>(stack: &mut Vec<&'s Schema>, schema: &'s ReferenceOr<Box<Schema>>) {
        if let ReferenceOr::Item(schema) = schema {
            stack.push(schema);
        }
    }
    fn content<'s>(
        stack: &mut Vec<&'s Schema>,
        content: &'s indexmap::IndexMap<String, openapiv3::MediaType>,
    ) {
        for media in content.values() {
            if let Some(schema) = &media.schema {
                item(stack, schema);
            }
        }
    }
    fn parameter<'s>(stack: &mut Vec<&'s Schema>, param: &'s ReferenceOr<Parameter>) {
        if let ReferenceOr::Item(param) = param {
            match &param.parameter_data_ref().format {
                ParameterSchemaOrContent::Schema(schema) => item(stack, schema),
                ParameterSchemaOrContent::Content(media) => content(stack, media),
            }
        }
    }
    fn response<'s>(stack: &mut Vec<&'s Schema>, response: &'s ReferenceOr<openapiv3::Response>) {
        if let ReferenceOr::Item(response) = response {
            content(stack, &response.content);
        }
    }

    if let Some(components) = &spec.components {
        components
            .schemas
            .values()
            .for_each(|s| item(&mut stack, s));
        components
            .parameters
            .values()
            .for_each(|p| parameter(&mut stack, p));
        for body in components.request_bodies.values() {
            if let ReferenceOr::Item(body) = body {
                content(&mut stack, &body.content);
            }
        }
        components
            .responses
            .values()
            .for_each(|r| response(&mut stack, r));
    }
    for path in spec.paths.paths.values() {
        let ReferenceOr::Item(path) = path else {
            continue;
        };
        path.parameters
            .iter()
            .for_each(|p| parameter(&mut stack, p));
        for (_, op) in path.iter() {
            op.parameters.iter().for_each(|p| parameter(&mut stack, p));
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                content(&mut stack, &body.content);
            }
            op.responses
                .responses
                .values()
                .chain(&op.responses.default)
                .for_each(|r| response(&mut stack, r));
        }
    }

    let mut count = 0usize;
    while let Some(schema) = stack.pop() {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                count += object.properties.len();
                object
                    .properties
                    .values()
                    .for_each(|p| boxed(&mut stack, p));
                if let Some(openapiv3::AdditionalProperties::Schema(values)) =
                    &object.additional_properties
                {
                    item(&mut stack, values);
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &array.items {
                    boxed(&mut stack, items);
                }
            }
            SchemaKind::AllOf { all_of: members }
            | SchemaKind::OneOf { one_of: members }
            | SchemaKind::AnyOf { any_of: members } => {
                members.iter().for_each(|m| item(&mut stack, m));
            }
            SchemaKind::Not { not } => item(&mut stack, not),
            _ => {}
        }
    }
    count
}
