//! Schemas that say what they are without saying `type`, rewritten as the
//! typed schemas they mean before anything is lowered.
//!
//! `openapiv3` reads a schema as a typed one only when its keywords fit one
//! type exactly; anything else (`properties` without `type: object`, `items`
//! without `type: array`, an `enum` without `type`, `type` beside `allOf`,
//! `type: object` with a `format`) stays an untyped [`AnySchema`]. Each
//! rewrite here follows from the keywords alone, so it is exact: a schema
//! whose keywords point at more than one type is left untyped, and the
//! lowering refuses it with its pointer. Every schema keeps its place in the
//! document, so pointers to it and into it stay the same.
//!
//! `null` among an `enum`'s values means the value may be null: the schema
//! becomes `nullable`.

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Header, IntegerType, MediaType,
    NumberType, ObjectType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, StringType, Type,
};
use serde_json::Value;

use crate::error::Warning;
use crate::pointer::Pointer;

/// Rewrites every schema of `document` (components, parameters, bodies,
/// responses and headers, at any depth) that has a typed equivalent; returns
/// a warning for each rewrite that drops a constraint the client cannot
/// check.
pub fn normalize(document: &mut OpenAPI) -> Vec<Warning> {
    let mut walk = Walk::default();
    let root = walk.node(None, Token::Static("#"));
    if let Some(components) = &mut document.components {
        let at = walk.node(Some(root), Token::Static("components"));
        let section = walk.node(Some(at), Token::Static("schemas"));
        for (name, schema) in &mut components.schemas {
            let at = walk.node(Some(section), Token::Key(name));
            walk.push(at, schema);
        }
        let section = walk.node(Some(at), Token::Static("parameters"));
        for (name, parameter) in &mut components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = walk.node(Some(section), Token::Key(name));
                walk.parameter(at, parameter);
            }
        }
        let section = walk.node(Some(at), Token::Static("requestBodies"));
        for (name, body) in &mut components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                let at = walk.node(Some(section), Token::Key(name));
                walk.body(at, body);
            }
        }
        let section = walk.node(Some(at), Token::Static("responses"));
        for (name, response) in &mut components.responses {
            if let ReferenceOr::Item(response) = response {
                let at = walk.node(Some(section), Token::Key(name));
                walk.response(at, response);
            }
        }
        let section = walk.node(Some(at), Token::Static("headers"));
        for (name, header) in &mut components.headers {
            if let ReferenceOr::Item(header) = header {
                let at = walk.node(Some(section), Token::Key(name));
                walk.header(at, header);
            }
        }
    }
    let paths = walk.node(Some(root), Token::Static("paths"));
    for (path, item) in &mut document.paths.paths {
        if let ReferenceOr::Item(item) = item {
            let at = walk.node(Some(paths), Token::Key(path));
            walk.path_item(at, item);
        }
    }
    walk.run()
}

/// One step of a pointer.
#[derive(Clone)]
enum Token<'a> {
    Static(&'static str),
    Key(&'a str),
    Owned(String),
    Index(usize),
}

/// The schemas still to rewrite, each with its place: an index into
/// `nodes`, a tree of pointer steps written out only for a warning.
#[derive(Default)]
struct Walk<'a> {
    work: Vec<(usize, &'a mut Schema)>,
    nodes: Vec<(Option<usize>, Token<'a>)>,
    warnings: Vec<(usize, &'static str)>,
}

impl<'a> Walk<'a> {
    fn node(&mut self, parent: Option<usize>, token: Token<'a>) -> usize {
        self.nodes.push((parent, token));
        self.nodes.len() - 1
    }

    fn pointer(&self, mut at: usize) -> String {
        let mut tokens = Vec::new();
        while let Some((parent, token)) = self.nodes.get(at) {
            tokens.push(token);
            match parent {
                Some(parent) => at = *parent,
                None => break,
            }
        }
        let mut pointer = Pointer::root();
        // The last token is the root's own `#`.
        for token in tokens.iter().rev().skip(1) {
            pointer = match token {
                Token::Static(text) => pointer.join(text),
                Token::Key(text) => pointer.join(text),
                Token::Owned(text) => pointer.join(text),
                Token::Index(index) => pointer.join(index.to_string()),
            };
        }
        pointer.to_string()
    }

    fn push<T: std::borrow::BorrowMut<Schema>>(
        &mut self,
        at: usize,
        schema: &'a mut ReferenceOr<T>,
    ) {
        if let ReferenceOr::Item(schema) = schema {
            self.work.push((at, schema.borrow_mut()));
        }
    }

    fn child<T: std::borrow::BorrowMut<Schema>>(
        &mut self,
        parent: usize,
        token: Token<'a>,
        schema: &'a mut ReferenceOr<T>,
    ) {
        if let ReferenceOr::Item(schema) = schema {
            let at = self.node(Some(parent), token);
            self.work.push((at, schema.borrow_mut()));
        }
    }

    /// Rewrites the schemas found, and those inside them; returns the warnings.
    fn run(mut self) -> Vec<Warning> {
        // A work list rather than recursion: schemas may nest as deeply as
        // the loader allows.
        while let Some((at, schema)) = self.work.pop() {
            if let Some(message) = normalize_schema(schema) {
                self.warnings.push((at, message));
            }
            self.children(at, &mut schema.schema_kind);
        }
        // Sorted by pointer: the same order whatever the order of the walk.
        let mut warnings: Vec<(usize, &str)> = std::mem::take(&mut self.warnings);
        warnings.sort_by_key(|&(at, _)| self.pointer(at));
        warnings
            .into_iter()
            .map(|(at, message)| Warning {
                pointer: self.pointer(at),
                message: message.to_owned(),
            })
            .collect()
    }

    fn path_item(&mut self, at: usize, item: &'a mut PathItem) {
        let parameters = self.node(Some(at), Token::Static("parameters"));
        for (index, parameter) in item.parameters.iter_mut().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = self.node(Some(parameters), Token::Index(index));
                self.parameter(at, parameter);
            }
        }
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                let at = self.node(Some(at), Token::Static(method));
                self.operation(at, operation);
            }
        }
    }

    fn operation(&mut self, at: usize, operation: &'a mut Operation) {
        let parameters = self.node(Some(at), Token::Static("parameters"));
        for (index, parameter) in operation.parameters.iter_mut().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = self.node(Some(parameters), Token::Index(index));
                self.parameter(at, parameter);
            }
        }
        if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
            let at = self.node(Some(at), Token::Static("requestBody"));
            self.body(at, body);
        }
        let responses = self.node(Some(at), Token::Static("responses"));
        let operation_responses = &mut operation.responses;
        if let Some(ReferenceOr::Item(response)) = &mut operation_responses.default {
            let at = self.node(Some(responses), Token::Static("default"));
            self.response(at, response);
        }
        for (status, response) in &mut operation_responses.responses {
            if let ReferenceOr::Item(response) = response {
                let at = self.node(Some(responses), Token::Owned(status.to_string()));
                self.response(at, response);
            }
        }
    }

    fn parameter(&mut self, at: usize, parameter: &'a mut Parameter) {
        let data = match parameter {
            Parameter::Query { parameter_data, .. }
            | Parameter::Header { parameter_data, .. }
            | Parameter::Path { parameter_data, .. }
            | Parameter::Cookie { parameter_data, .. } => parameter_data,
        };
        self.format(at, &mut data.format);
    }

    fn format(&mut self, at: usize, format: &'a mut ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.child(at, Token::Static("schema"), schema)
            }
            ParameterSchemaOrContent::Content(content) => self.content(at, content.iter_mut()),
        }
    }

    fn body(&mut self, at: usize, body: &'a mut RequestBody) {
        self.content(at, body.content.iter_mut());
    }

    fn response(&mut self, at: usize, response: &'a mut Response) {
        self.content(at, response.content.iter_mut());
        let headers = self.node(Some(at), Token::Static("headers"));
        for (name, header) in &mut response.headers {
            if let ReferenceOr::Item(header) = header {
                let at = self.node(Some(headers), Token::Key(name));
                self.header(at, header);
            }
        }
    }

    fn header(&mut self, at: usize, header: &'a mut Header) {
        self.format(at, &mut header.format);
    }

    fn content(&mut self, at: usize, media: impl Iterator<Item = (&'a String, &'a mut MediaType)>) {
        let content = self.node(Some(at), Token::Static("content"));
        for (media_type, media) in media {
            if let Some(schema) = &mut media.schema {
                let at = self.node(Some(content), Token::Key(media_type));
                self.child(at, Token::Static("schema"), schema);
            }
        }
    }

    /// The schemas directly inside `kind`.
    fn children(&mut self, at: usize, kind: &'a mut SchemaKind) {
        match kind {
            SchemaKind::Type(Type::Object(object)) => self.object(
                at,
                &mut object.properties,
                &mut object.additional_properties,
            ),
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &mut array.items {
                    self.child(at, Token::Static("items"), items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::AllOf { all_of } => self.members(at, "allOf", all_of),
            SchemaKind::OneOf { one_of } => self.members(at, "oneOf", one_of),
            SchemaKind::AnyOf { any_of } => self.members(at, "anyOf", any_of),
            SchemaKind::Not { not } => self.child(at, Token::Static("not"), not.as_mut()),
            SchemaKind::Any(any) => {
                self.object(at, &mut any.properties, &mut any.additional_properties);
                if let Some(items) = &mut any.items {
                    self.child(at, Token::Static("items"), items);
                }
                self.members(at, "allOf", &mut any.all_of);
                self.members(at, "oneOf", &mut any.one_of);
                self.members(at, "anyOf", &mut any.any_of);
                if let Some(not) = &mut any.not {
                    self.child(at, Token::Static("not"), not.as_mut());
                }
            }
        }
    }

    fn members(&mut self, at: usize, list: &'static str, members: &'a mut [ReferenceOr<Schema>]) {
        if members.is_empty() {
            return;
        }
        let list = self.node(Some(at), Token::Static(list));
        for (index, member) in members.iter_mut().enumerate() {
            if is_own_keywords(member) {
                // Its properties are the owner's.
                self.push(at, member);
            } else {
                self.child(list, Token::Index(index), member);
            }
        }
    }

    fn object(
        &mut self,
        at: usize,
        properties: &'a mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        additional: &'a mut Option<AdditionalProperties>,
    ) {
        if !properties.is_empty() {
            let list = self.node(Some(at), Token::Static("properties"));
            for (name, property) in properties {
                self.child(list, Token::Key(name), property);
            }
        }
        if let Some(AdditionalProperties::Schema(values)) = additional {
            self.child(at, Token::Static("additionalProperties"), values.as_mut());
        }
    }
}

/// Rewrites one schema, not what it holds; returns what the rewrite
/// leaves unchecked, if anything.
fn normalize_schema(schema: &mut Schema) -> Option<&'static str> {
    let null_listed = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.contains(&None),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.contains(&None),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.contains(&None),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.contains(&None),
        SchemaKind::Any(any) => any.enumeration.iter().any(Value::is_null),
        _ => false,
    };
    if null_listed {
        schema.schema_data.nullable = true;
    }
    let SchemaKind::Any(any) = &mut schema.schema_kind else {
        distribute_union(schema);
        return None;
    };
    let mut warning = drop_vacuous(any);
    if any.typ.as_deref() == Some("null")
        && *any
            == (AnySchema {
                typ: any.typ.clone(),
                ..AnySchema::default()
            })
    {
        // A value that is always null (OpenAPI 3.1's `type: "null"`).
        any.typ = None;
        schema.schema_data.nullable = true;
        warning = Some("a value that is always null; read as any JSON value");
    }
    if any.typ.as_deref() == Some("object")
        && !any.enumeration.is_empty()
        && any.enumeration.iter().all(|v| v.is_object() || v.is_null())
    {
        // The value is an object either way; which ones are allowed is
        // left to the server.
        any.enumeration.clear();
        warning =
            Some("an enum of objects; the client does not check that the value is one of them");
    }
    if !any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && !any.enumeration.is_empty()
        && matches!(
            any.typ.as_deref(),
            Some("string" | "integer" | "number" | "boolean")
        )
        && any
            .all_of
            .iter()
            .all(|m| matches!(m, ReferenceOr::Reference { .. }))
    {
        // A list of values beside the `allOf` of the type they come from
        // (the values of a wider enum that this place allows): the list
        // says what may be sent.
        any.all_of.clear();
        warning = Some(
            "the allOf beside this enum is not checked: the value is one of the enum's own values",
        );
    }
    if let Some(message) = enum_values_as_text(any) {
        warning = Some(message);
    }
    if let Some(message) = fold_alternatives(any) {
        warning = Some(message);
    }
    if let Some(kind) = typed(any) {
        schema.schema_kind = kind;
    }
    distribute_union(schema);
    warning
}

/// How many schema nodes distributing a union over the other members of
/// its `allOf` may copy, all alternatives together.
const MAX_DISTRIBUTED: usize = 20_000;

/// The number of inline schema nodes in `members` (a `$ref` counts one),
/// or `None` past `budget`.
fn size_within(members: &[ReferenceOr<Schema>], budget: usize) -> Option<usize> {
    let mut pending: Vec<&ReferenceOr<Schema>> = members.iter().collect();
    let mut boxed: Vec<&ReferenceOr<Box<Schema>>> = Vec::new();
    let mut count = 0usize;
    loop {
        let schema = if let Some(member) = pending.pop() {
            match member {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { .. } => None,
            }
        } else if let Some(member) = boxed.pop() {
            match member {
                ReferenceOr::Item(schema) => Some(&**schema),
                ReferenceOr::Reference { .. } => None,
            }
        } else {
            return Some(count);
        };
        count += 1;
        if count > budget {
            return None;
        }
        let Some(schema) = schema else { continue };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                boxed.extend(object.properties.values());
                if let Some(AdditionalProperties::Schema(values)) = &object.additional_properties {
                    pending.push(values);
                }
            }
            SchemaKind::Type(Type::Array(array)) => boxed.extend(array.items.as_ref()),
            SchemaKind::Type(_) => {}
            SchemaKind::AllOf { all_of: list }
            | SchemaKind::OneOf { one_of: list }
            | SchemaKind::AnyOf { any_of: list } => pending.extend(list),
            SchemaKind::Not { not } => pending.push(not),
            SchemaKind::Any(any) => {
                boxed.extend(any.properties.values());
                boxed.extend(any.items.as_ref());
                pending.extend(&any.all_of);
                pending.extend(&any.one_of);
                pending.extend(&any.any_of);
                if let Some(not) = &any.not {
                    pending.push(not);
                }
                if let Some(AdditionalProperties::Schema(values)) = &any.additional_properties {
                    pending.push(values);
                }
            }
        }
    }
}

/// An `allOf` of one inline `oneOf`/`anyOf` and other members (a union of
/// events, each with the same extra property) is the union of each
/// alternative with the other members: `allOf [oneOf [A, B], X]` holds
/// exactly when `oneOf [allOf [A, X], allOf [B, X]]` does. The union is
/// then what the value is, and each alternative an object the lowering
/// merges as usual.
fn distribute_union(schema: &mut Schema) {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
        return;
    };
    let union_of = |member: &ReferenceOr<Schema>| match member {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::OneOf { one_of: list },
            schema_data,
        }) => Some((true, list.clone(), schema_data.clone())),
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::AnyOf { any_of: list },
            schema_data,
        }) => Some((false, list.clone(), schema_data.clone())),
        _ => None,
    };
    let mut unions = all_of
        .iter()
        .enumerate()
        .filter_map(|(index, member)| union_of(member).map(|union| (index, union)));
    let (Some((index, (one_of, alternatives, union_data))), None) = (unions.next(), unions.next())
    else {
        return;
    };
    // What the union says of the value holds for the distributed one.
    let nullable = union_data.nullable;
    let discriminator = union_data.discriminator;
    let others: Vec<ReferenceOr<Schema>> = all_of
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, member)| member.clone())
        .collect();
    // Each alternative gets a copy of the other members: past a bound (a
    // hostile spec's thousand alternatives beside a thousand properties),
    // the `allOf` stays as written, and the lowering refuses it.
    let budget = MAX_DISTRIBUTED / alternatives.len().max(1);
    if others.is_empty() || size_within(&others, budget).is_none() {
        return;
    }
    let members = alternatives
        .into_iter()
        .map(|alternative| {
            let mut parts = Vec::with_capacity(others.len() + 1);
            parts.push(alternative);
            parts.extend(others.iter().cloned());
            ReferenceOr::Item(Schema {
                schema_data: openapiv3::SchemaData::default(),
                schema_kind: SchemaKind::AllOf { all_of: parts },
            })
        })
        .collect();
    schema.schema_kind = if one_of {
        SchemaKind::OneOf { one_of: members }
    } else {
        SchemaKind::AnyOf { any_of: members }
    };
    schema.schema_data.nullable |= nullable;
    if schema.schema_data.discriminator.is_none() {
        schema.schema_data.discriminator = discriminator;
    }
}

/// A string enum that lists numbers or booleans (`enum: [3, 4.1]`, written
/// without quotes in YAML) means their text, the only form a string value
/// can take; each becomes its text.
fn enum_values_as_text(any: &mut AnySchema) -> Option<&'static str> {
    if any.typ.as_deref() != Some("string")
        || !any
            .enumeration
            .iter()
            .any(|v| matches!(v, Value::Number(_) | Value::Bool(_)))
    {
        return None;
    }
    for value in &mut any.enumeration {
        let text = match value {
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => continue,
        };
        *value = Value::String(text);
    }
    Some("a string enum lists values that are not strings; each is read as its text")
}

/// An object with its own properties beside a `oneOf` or `anyOf` of inline
/// objects (a polymorphic object whose variants add properties) becomes one
/// object with the properties of every member, none of them required by a
/// member: any variant decodes into it, and nothing it carries is lost. A
/// property that two members describe differently is any JSON value.
fn fold_alternatives(any: &mut AnySchema) -> Option<&'static str> {
    if any.properties.is_empty()
        || !matches!(any.typ.as_deref(), None | Some("object"))
        || !any.all_of.is_empty()
        || any.not.is_some()
        || any.one_of.is_empty() == any.any_of.is_empty()
        || any.items.is_some()
        || !any.enumeration.is_empty()
    {
        return None;
    }
    let list = if any.one_of.is_empty() {
        &any.any_of
    } else {
        &any.one_of
    };
    let member_properties = |member: &ReferenceOr<Schema>| match member {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Object(object)),
            ..
        }) => Some(object.properties.clone()),
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(member),
            ..
        }) if matches!(member.typ.as_deref(), None | Some("object"))
            && member.all_of.is_empty()
            && member.one_of.is_empty()
            && member.any_of.is_empty()
            && member.items.is_none()
            && member.enumeration.is_empty() =>
        {
            Some(member.properties.clone())
        }
        _ => None,
    };
    let members: Vec<_> = list.iter().map(member_properties).collect::<Option<_>>()?;
    let own: Vec<String> = any.properties.keys().cloned().collect();
    let mut conflicting: Vec<String> = Vec::new();
    for properties in members {
        for (name, property) in properties {
            if own.contains(&name) {
                continue;
            }
            match any.properties.get(&name) {
                None => {
                    any.properties.insert(name, property);
                }
                Some(existing) if *existing == property => {}
                Some(_) => conflicting.push(name),
            }
        }
    }
    for name in conflicting {
        any.properties.insert(
            name,
            ReferenceOr::Item(Box::new(Schema {
                schema_data: openapiv3::SchemaData::default(),
                schema_kind: SchemaKind::Any(AnySchema::default()),
            })),
        );
    }
    any.one_of.clear();
    any.any_of.clear();
    Some("the alternatives beside this object's properties are read as one object with the properties of every alternative, none required by them; the client does not check which alternative the value is")
}

/// Removes alternatives that say nothing the rest of the schema does not:
/// an `anyOf` with a member that accepts anything, a `oneOf` of one such
/// member, and, beside `properties`, a `oneOf`/`anyOf` whose members only
/// narrow the object: which properties must be present or how many
/// (`required`, `minProperties`, `maxProperties`), or a narrower schema for
/// properties the object already describes. The client does not check
/// those combinations, hence the warning.
fn drop_vacuous(any: &mut AnySchema) -> Option<&'static str> {
    if any.any_of.iter().any(accepts_anything) {
        any.any_of.clear();
    }
    if matches!(any.one_of.as_slice(), [member] if accepts_anything(member)) {
        any.one_of.clear();
    }
    let properties = &any.properties;
    let mut warning = None;
    if !properties.is_empty() && matches!(&any.not, Some(not) if only_narrows(not, properties)) {
        // `not: {required: [a, b]}`: the two must not both be present.
        any.not = None;
        warning = Some(
            "the not beside this object's properties only says which of them may not be present together; the client does not check that",
        );
    }
    for list in [&mut any.one_of, &mut any.any_of] {
        let narrows = |member: &ReferenceOr<Schema>| only_narrows(member, properties);
        if !properties.is_empty() && !list.is_empty() && list.iter().all(narrows) {
            list.clear();
            warning = Some(
                "the alternatives here only narrow the properties of this object (which must be present, or their values); the client does not check that",
            );
        }
    }
    warning
}

/// Whether a member schema accepts any value (`{}`, or only annotations).
fn accepts_anything(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema) if matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default()))
}

/// Whether a member schema only narrows an object whose properties are
/// `own`: `required`, `minProperties`, `maxProperties`, schemas for
/// properties among `own`, and other properties allowed.
fn only_narrows(
    member: &ReferenceOr<Schema>,
    own: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let (properties, additional) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            (&object.properties, &object.additional_properties)
        }
        SchemaKind::Any(any) => {
            let narrowing = AnySchema {
                typ: any.typ.clone().filter(|t| t == "object"),
                properties: any.properties.clone(),
                required: any.required.clone(),
                additional_properties: any.additional_properties.clone(),
                min_properties: any.min_properties,
                max_properties: any.max_properties,
                ..AnySchema::default()
            };
            if *any != narrowing || *any == AnySchema::default() {
                return false;
            }
            (&any.properties, &any.additional_properties)
        }
        _ => return false,
    };
    properties.keys().all(|name| own.contains_key(name))
        && matches!(additional, None | Some(AdditionalProperties::Any(true)))
}

/// The one type the keywords of `any` describe, if there is exactly one.
fn typed(any: &mut AnySchema) -> Option<SchemaKind> {
    let object_keywords = !any.properties.is_empty()
        || !any.required.is_empty()
        || any.additional_properties.is_some()
        || any.min_properties.is_some()
        || any.max_properties.is_some();
    let array_keywords = any.items.is_some()
        || any.min_items.is_some()
        || any.max_items.is_some()
        || any.unique_items.is_some();
    let combinators = [
        !any.all_of.is_empty(),
        !any.one_of.is_empty(),
        !any.any_of.is_empty(),
        any.not.is_some(),
    ];
    let combinator_count = combinators.iter().filter(|&&c| c).count();
    if combinator_count == 1
        && combinators[0]
        && object_keywords
        && !array_keywords
        && any.enumeration.is_empty()
        && matches!(any.typ.as_deref(), None | Some("object"))
    {
        // An object's own keywords beside its `allOf` apply to the same
        // value as every member: they are one more member.
        let mut all_of = std::mem::take(&mut any.all_of);
        all_of.push(ReferenceOr::Item(own_keywords(any)));
        return Some(SchemaKind::AllOf { all_of });
    }
    if combinator_count > 0 {
        // `type` (and its format and limits) beside a single `allOf`,
        // `oneOf` or `anyOf`: the members say what the value is, and
        // nothing else is there to merge with them.
        if combinator_count > 1 || object_keywords || array_keywords || !any.enumeration.is_empty()
        {
            return None;
        }
        let members = |list: &mut Vec<ReferenceOr<Schema>>| std::mem::take(list);
        return if combinators[0] {
            Some(SchemaKind::AllOf {
                all_of: members(&mut any.all_of),
            })
        } else if combinators[1] {
            Some(SchemaKind::OneOf {
                one_of: members(&mut any.one_of),
            })
        } else if combinators[2] {
            Some(SchemaKind::AnyOf {
                any_of: members(&mut any.any_of),
            })
        } else {
            None
        };
    }
    let typ = match any.typ.clone() {
        Some(typ) => typ,
        None if object_keywords && !array_keywords && any.enumeration.is_empty() => {
            "object".to_owned()
        }
        None if array_keywords && !object_keywords && any.enumeration.is_empty() => {
            "array".to_owned()
        }
        None if !object_keywords && !array_keywords => enum_type(&any.enumeration)?.to_owned(),
        None => return None,
    };
    Some(SchemaKind::Type(match typ.as_str() {
        // Keywords of other types do not apply to a value of this one.
        "object" if any.enumeration.is_empty() => Type::Object(ObjectType {
            properties: std::mem::take(&mut any.properties),
            required: std::mem::take(&mut any.required),
            additional_properties: any.additional_properties.take(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        }),
        "array" if any.enumeration.is_empty() => Type::Array(ArrayType {
            items: any.items.take(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or(false),
        }),
        "string" => Type::String(StringType {
            format: any.format.take().into(),
            pattern: any.pattern.take(),
            enumeration: values(&any.enumeration, |v| v.as_str().map(str::to_owned))?,
            min_length: any.min_length,
            max_length: any.max_length,
        }),
        "integer" => Type::Integer(IntegerType {
            format: any.format.take().into(),
            multiple_of: None,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            minimum: whole(any.minimum),
            maximum: whole(any.maximum),
            enumeration: values(&any.enumeration, Value::as_i64)?,
        }),
        "number" => Type::Number(NumberType {
            format: any.format.take().into(),
            multiple_of: any.multiple_of,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            minimum: any.minimum,
            maximum: any.maximum,
            enumeration: values(&any.enumeration, Value::as_f64)?,
        }),
        "boolean" => Type::Boolean(BooleanType {
            enumeration: values(&any.enumeration, Value::as_bool)?,
        }),
        _ => return None,
    }))
}

/// The mark of the `allOf` member that [`typed`] makes of a schema's own
/// object keywords. Documents cannot carry it: only keys that start with
/// `x-` are read into a schema's extensions.
pub(super) const OWN_KEYWORDS: &str = "own keywords";

/// Whether `member` holds the object keywords of the schema whose `allOf`
/// it is in (it has no place of its own in the document).
pub(super) fn is_own_keywords(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema) if schema.schema_data.extensions.contains_key(OWN_KEYWORDS))
}

/// The object keywords of `any`, taken out of it, as a schema of their own.
fn own_keywords(any: &mut AnySchema) -> Schema {
    let mut schema = Schema {
        schema_data: openapiv3::SchemaData::default(),
        schema_kind: SchemaKind::Type(Type::Object(ObjectType {
            properties: std::mem::take(&mut any.properties),
            required: std::mem::take(&mut any.required),
            additional_properties: any.additional_properties.take(),
            min_properties: any.min_properties,
            max_properties: any.max_properties,
        })),
    };
    schema
        .schema_data
        .extensions
        .insert(OWN_KEYWORDS.to_owned(), Value::Bool(true));
    schema
}

/// The type every value of an `enum` without `type` has (`null` aside).
fn enum_type(values: &[Value]) -> Option<&'static str> {
    let mut kinds = values.iter().filter(|v| !v.is_null()).map(|v| match v {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    });
    let first = kinds.next()??;
    let mut kind = first;
    for next in kinds {
        kind = match (kind, next?) {
            (a, b) if a == b => a,
            ("integer", "number") | ("number", "integer") => "number",
            _ => return None,
        };
    }
    Some(kind)
}

/// The enum `values` as `T`s (`null` as `None`), or `None` when one is not a `T`.
fn values<T>(values: &[Value], read: impl Fn(&Value) -> Option<T>) -> Option<Vec<Option<T>>> {
    values
        .iter()
        .map(|value| match value {
            Value::Null => Some(None),
            value => read(value).map(Some),
        })
        .collect()
}

/// An integer bound given as a number; `None` when it is not a whole number
/// within `i64` (the client does not check bounds).
fn whole(bound: Option<f64>) -> Option<i64> {
    let bound = bound?;
    let fits = bound.fract() == 0.0 && bound >= i64::MIN as f64 && bound < i64::MAX as f64;
    fits.then_some(bound as i64)
}
