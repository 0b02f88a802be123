//! Swagger 2.0 converted to OpenAPI 3.0 on the parsed value.
//!
//! The mapping is the one the OpenAPI 3.0 specification draws: `host`,
//! `basePath` and `schemes` become `servers`; `definitions`, `parameters`,
//! `responses` and `securityDefinitions` move under `components` (and every
//! `$ref` with them); `body` and `formData` parameters become the
//! operation's `requestBody`, in the media types `consumes` names; a
//! response's `schema` becomes its `content`, in the media types `produces`
//! names; `collectionFormat` becomes `style`/`explode`. What the 3.0
//! document can only approximate is a warning naming the 2.0 node; what it
//! cannot say is refused with that node's pointer.

use serde_yaml::{Mapping, Value};

use super::{integers, walk, Moved, Refusal};
use crate::error::Warning;
use crate::pointer::Pointer;

const TRANSLATED_VERSION: &str = "3.0.3";
/// The media type of bodies when neither the operation nor the document says.
const DEFAULT_MEDIA_TYPE: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Keys of a 2.0 parameter or header that describe its value: in 3.0 they
/// belong to its `schema`.
const VALUE_KEYS: [&str; 16] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// The 2.0 document `document` as 3.0.
/// Also records, in `moved`, where the nodes that moved were in the 2.0 document.
pub(super) fn convert(
    document: Value,
    warnings: &mut Vec<Warning>,
    moved: &mut Moved,
) -> Result<Value, Refusal> {
    let root = Pointer::root();
    let Value::Mapping(source) = document else {
        return Err((root, "the document is not a mapping".into()));
    };
    match source.get("swagger") {
        Some(Value::String(version)) if version == "2.0" => {}
        _ => {
            return Err((
                root.join("swagger"),
                "expected \"2.0\" (quoted: YAML reads an unquoted 2.0 as a number)".into(),
            ))
        }
    }
    let mut converter = Converter {
        source: &source,
        warnings,
        moved,
        guessed_media_type: false,
    };
    let mut out = Mapping::new();
    out.insert("openapi".into(), TRANSLATED_VERSION.into());
    if let Some(info) = source.get("info") {
        out.insert("info".into(), info.clone());
    }
    let servers = converter.servers();
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Sequence(servers));
    }
    out.insert("paths".into(), Value::Mapping(converter.paths()?));
    let components = converter.components()?;
    if !components.is_empty() {
        out.insert("components".into(), Value::Mapping(components));
    }
    for key in ["security", "tags", "externalDocs"] {
        if let Some(value) = source.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    copy_extensions(&source, &mut out);
    if converter.guessed_media_type {
        converter.warnings.push(Warning {
            pointer: root.join("produces").to_string(),
            message: format!(
                "no media type is given for some bodies (consumes/produces); they are taken as {DEFAULT_MEDIA_TYPE}"
            ),
        });
    }
    Ok(Value::Mapping(out))
}

struct Converter<'s, 'w> {
    source: &'s Mapping,
    warnings: &'w mut Vec<Warning>,
    moved: &'w mut Moved,
    /// Whether some body's media type had to be assumed.
    guessed_media_type: bool,
}

impl Converter<'_, '_> {
    fn warn(&mut self, at: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: at.to_string(),
            message: message.into(),
        });
    }

    /// Notes that the node at `to` in the 3.0 document is written at `from`.
    fn record(&mut self, to: &Pointer, from: &Pointer) {
        self.moved.record(to, from);
    }

    /// One server per scheme, at `host` and `basePath`.
    fn servers(&mut self) -> Vec<Value> {
        let host = self.source.get("host").and_then(Value::as_str);
        let base_path = self
            .source
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let Some(host) = host else {
            // Without a host, requests go to the host serving the document.
            return if base_path.is_empty() {
                Vec::new()
            } else {
                vec![server(base_path.to_owned())]
            };
        };
        let schemes: Vec<&str> = match self.source.get("schemes") {
            Some(Value::Sequence(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if schemes.is_empty() {
            self.warn(
                &Pointer::root().join("host"),
                "no schemes are given (2.0 means the scheme the document was fetched with); https is assumed",
            );
            return vec![server(format!("https://{host}{base_path}"))];
        }
        schemes
            .into_iter()
            .map(|scheme| server(format!("{scheme}://{host}{base_path}")))
            .collect()
    }

    fn paths(&mut self) -> Result<Mapping, Refusal> {
        let mut out = Mapping::new();
        let Some(Value::Mapping(paths)) = self.source.get("paths") else {
            return Ok(out);
        };
        let at = Pointer::root().join("paths");
        for (key, item) in paths {
            let Some(name) = walk::key_text(key) else {
                continue;
            };
            let at = at.join(&name);
            let converted = if name.starts_with("x-") {
                item.clone()
            } else {
                Value::Mapping(self.path_item(item, &at)?)
            };
            out.insert(key.clone(), converted);
        }
        Ok(out)
    }

    fn path_item(&mut self, item: &Value, at: &Pointer) -> Result<Mapping, Refusal> {
        let mut out = Mapping::new();
        let Value::Mapping(item) = item else {
            return Ok(out);
        };
        if item.contains_key("$ref") {
            return Err((
                at.join("$ref"),
                "a path item kept in another file is not supported".into(),
            ));
        }
        // Body and form parameters of the path item apply to each of its
        // operations, as their request body.
        let shared = self.parameter_list(item.get("parameters"), &at.join("parameters"))?;
        if !shared.parameters.is_empty() {
            out.insert(
                "parameters".into(),
                Value::Sequence(shared.parameters.clone()),
            );
        }
        for (key, value) in item {
            let Some(name) = key.as_str() else { continue };
            if walk::METHODS.contains(&name) {
                let operation = self.operation(value, &at.join(name), &shared)?;
                out.insert(key.clone(), Value::Mapping(operation));
            } else if name.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(out)
    }

    fn operation(
        &mut self,
        operation: &Value,
        at: &Pointer,
        shared: &Parameters,
    ) -> Result<Mapping, Refusal> {
        let mut out = Mapping::new();
        let Value::Mapping(operation) = operation else {
            return Ok(out);
        };
        let own = self.parameter_list(operation.get("parameters"), &at.join("parameters"))?;
        for (key, value) in operation {
            let Some(name) = key.as_str() else { continue };
            match name {
                "tags" | "summary" | "description" | "externalDocs" | "operationId"
                | "deprecated" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                "schemes" => self.warn(
                    &at.join("schemes"),
                    "schemes of one operation are not kept; it uses the document's servers",
                ),
                _ if name.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if !own.parameters.is_empty() {
            out.insert("parameters".into(), Value::Sequence(own.parameters));
        }
        let consumes = self.media_types(operation, "consumes");
        // The operation's own body or form fields replace the path item's.
        let (body, form) = if own.body.is_some() || !own.form.is_empty() {
            (own.body, own.form)
        } else {
            (shared.body.clone(), shared.form.clone())
        };
        if let Some((body_at, body)) = body {
            if !form.is_empty() {
                return Err((
                    body_at,
                    "an operation cannot have both a body parameter and formData parameters".into(),
                ));
            }
            let body = self.body(&body, &body_at, &at.join("requestBody"), consumes)?;
            out.insert("requestBody".into(), Value::Mapping(body));
        } else if !form.is_empty() {
            let body = self.form(&form, &at.join("requestBody"), consumes)?;
            out.insert("requestBody".into(), Value::Mapping(body));
        }
        let produces = self.media_types(operation, "produces");
        let mut responses = Mapping::new();
        if let Some(Value::Mapping(source)) = operation.get("responses") {
            let at = at.join("responses");
            for (code, response) in source {
                let Some(name) = walk::key_text(code) else {
                    continue;
                };
                let converted = if name.starts_with("x-") {
                    response.clone()
                } else {
                    let at = at.join(&name);
                    self.response(response, &at, &at, produces.as_deref())?
                };
                // Status codes are strings in 3.0 (`200`, not 200).
                responses.insert(Value::String(name), converted);
            }
        }
        out.insert("responses".into(), Value::Mapping(responses));
        Ok(out)
    }

    /// The media types of `key` (`consumes` or `produces`) for `operation`:
    /// its own, else the document's.
    fn media_types(&self, operation: &Mapping, key: &str) -> Option<Vec<String>> {
        let list = operation.get(key).or_else(|| self.source.get(key))?;
        let Value::Sequence(list) = list else {
            return None;
        };
        let types: Vec<String> = list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        (!types.is_empty()).then_some(types)
    }

    /// `types`, or the default media type (noted, to be warned about once).
    fn or_default(&mut self, types: Option<Vec<String>>) -> Vec<String> {
        types.unwrap_or_else(|| {
            self.guessed_media_type = true;
            vec![DEFAULT_MEDIA_TYPE.to_owned()]
        })
    }

    /// A list of parameters, split into 3.0 parameters, the body and form fields.
    fn parameter_list(
        &mut self,
        list: Option<&Value>,
        at: &Pointer,
    ) -> Result<Parameters, Refusal> {
        let list_at = at.clone();
        let mut out = Parameters::default();
        let Some(Value::Sequence(list)) = list else {
            return Ok(out);
        };
        for (index, parameter) in list.iter().enumerate() {
            let at = at.join(index.to_string());
            // A reference to a body or form parameter is inlined: 3.0 has
            // no reusable parameter for a body.
            let (parameter, at) = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = reference.strip_prefix("#/parameters/").ok_or_else(|| {
                        (
                            at.join("$ref"),
                            format!("{reference} does not name an entry of #/parameters"),
                        )
                    })?;
                    let target = self
                        .source
                        .get("parameters")
                        .and_then(|parameters| parameters.get(name))
                        .ok_or_else(|| (at.join("$ref"), format!("{reference} does not exist")))?;
                    if !is_body_or_form(target) {
                        self.record(&list_at.join(out.parameters.len().to_string()), &at);
                        out.parameters
                            .push(reference_to(&format!("#/components/parameters/{name}")));
                        continue;
                    }
                    (
                        target,
                        Pointer::root().join("parameters").join(unescape(name)),
                    )
                }
                None => (parameter, at),
            };
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if out.body.is_some() {
                        return Err((at.join("in"), "a second body parameter".into()));
                    }
                    out.body = Some((at, parameter.clone()));
                }
                Some("formData") => out.form.push((at, parameter.clone())),
                _ => {
                    let to = list_at.join(out.parameters.len().to_string());
                    self.record(&to, &at);
                    self.record(&to.join("schema"), &at);
                    out.parameters
                        .push(Value::Mapping(self.parameter(parameter, &at)?));
                }
            }
        }
        Ok(out)
    }

    /// A path, query, header or cookie parameter, its value under `schema`.
    fn parameter(&mut self, parameter: &Value, at: &Pointer) -> Result<Mapping, Refusal> {
        let Value::Mapping(parameter) = parameter else {
            return Err((at.clone(), "a parameter must be a mapping".into()));
        };
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
        let mut out = Mapping::new();
        let mut schema = Mapping::new();
        for (key, value) in parameter {
            let Some(name) = key.as_str() else { continue };
            if VALUE_KEYS.contains(&name) {
                schema.insert(key.clone(), value.clone());
            } else if name != "collectionFormat" {
                out.insert(key.clone(), value.clone());
            }
        }
        let schema = self.value_schema(schema, parameter, at)?;
        if let Some((style, explode)) = self.style(parameter, location, at)? {
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
        out.insert("schema".into(), Value::Mapping(schema));
        Ok(out)
    }

    /// The schema of a parameter's, header's or item's value.
    fn value_schema(
        &mut self,
        mut schema: Mapping,
        source: &Mapping,
        at: &Pointer,
    ) -> Result<Mapping, Refusal> {
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
        }
        if let Some(Value::Mapping(items)) = source.get("items") {
            let at = at.join("items");
            if items.contains_key("collectionFormat") {
                return Err((
                    at.join("collectionFormat"),
                    "arrays of arrays in one parameter have no OpenAPI 3.0 form".into(),
                ));
            }
            let mut inner = Mapping::new();
            for (key, value) in items {
                if key.as_str().is_some_and(|key| VALUE_KEYS.contains(&key)) {
                    inner.insert(key.clone(), value.clone());
                }
            }
            let inner = self.value_schema(inner, items, &at)?;
            schema.insert("items".into(), Value::Mapping(inner));
        }
        integers::bounds(&mut schema, at, self.warnings)?;
        Ok(schema)
    }

    /// The 3.0 `style` and `explode` of an array parameter's `collectionFormat`
    /// (2.0's default is `csv`), or nothing for a single value.
    fn style(
        &mut self,
        parameter: &Mapping,
        location: &str,
        at: &Pointer,
    ) -> Result<Option<(&'static str, bool)>, Refusal> {
        if parameter.get("type").and_then(Value::as_str) != Some("array") {
            return Ok(None);
        }
        let format = parameter
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let in_query_or_form = matches!(location, "query" | "formData");
        let style = match (format, in_query_or_form) {
            ("csv", true) => ("form", false),
            ("csv", false) => ("simple", false),
            ("multi", true) => ("form", true),
            ("ssv", true) => ("spaceDelimited", false),
            ("pipes", true) => ("pipeDelimited", false),
            (other, _) => {
                return Err((
                    at.join("collectionFormat"),
                    format!(
                    "collectionFormat {other} in a {location} parameter has no OpenAPI 3.0 form"
                ),
                ))
            }
        };
        Ok(Some(style))
    }

    /// A `body` parameter as a request body.
    fn body(
        &mut self,
        parameter: &Value,
        at: &Pointer,
        to: &Pointer,
        consumes: Option<Vec<String>>,
    ) -> Result<Mapping, Refusal> {
        self.record(to, at);
        let mut out = Mapping::new();
        if let Some(description) = parameter.get("description") {
            out.insert("description".into(), description.clone());
        }
        if let Some(required) = parameter.get("required") {
            out.insert("required".into(), required.clone());
        }
        let schema = match parameter.get("schema") {
            Some(schema) => self.schema(schema, &at.join("schema"))?,
            None => return Err((at.clone(), "a body parameter needs a schema".into())),
        };
        let mut content = Mapping::new();
        for media_type in self.or_default(consumes) {
            let media_at = to.join("content").join(&media_type);
            self.record(&media_at.join("schema"), &at.join("schema"));
            let mut media = Mapping::new();
            media.insert("schema".into(), schema.clone());
            content.insert(media_type.into(), Value::Mapping(media));
        }
        out.insert("content".into(), Value::Mapping(content));
        copy_extensions(parameter.as_mapping().unwrap_or(&Mapping::new()), &mut out);
        Ok(out)
    }

    /// `formData` parameters as one form body: multipart when a field is a
    /// file or the operation consumes only multipart, else URL-encoded.
    fn form(
        &mut self,
        fields: &[(Pointer, Value)],
        to: &Pointer,
        consumes: Option<Vec<String>>,
    ) -> Result<Mapping, Refusal> {
        let has_file = fields
            .iter()
            .any(|(_, field)| field.get("type").and_then(Value::as_str) == Some("file"));
        let consumes = consumes.unwrap_or_default();
        let media_type = if has_file
            || (consumes.iter().any(|t| t == MULTIPART) && !consumes.iter().any(|t| t == FORM))
        {
            MULTIPART
        } else {
            FORM
        };
        let mut properties = Mapping::new();
        let mut required = Vec::new();
        let mut encoding = Mapping::new();
        for (at, field) in fields {
            let Value::Mapping(field) = field else {
                continue;
            };
            let Some(name) = field.get("name").and_then(Value::as_str) else {
                return Err((at.join("name"), "a form field needs a name".into()));
            };
            let mut schema = Mapping::new();
            for (key, value) in field {
                if key
                    .as_str()
                    .is_some_and(|key| VALUE_KEYS.contains(&key) || key == "description")
                {
                    schema.insert(key.clone(), value.clone());
                }
            }
            let schema = self.value_schema(schema, field, at)?;
            let property = to
                .join("content")
                .join(media_type)
                .join("schema")
                .join("properties")
                .join(name);
            self.record(&property, at);
            if let Some((style, explode)) = self.style(field, "formData", at)? {
                let mut how = Mapping::new();
                how.insert("style".into(), style.into());
                how.insert("explode".into(), explode.into());
                encoding.insert(name.into(), Value::Mapping(how));
            }
            if field.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::from(name));
            }
            if field.contains_key("allowEmptyValue") {
                self.warn(
                    &at.join("allowEmptyValue"),
                    "allowEmptyValue of a form field has no OpenAPI 3.0 form; ignored",
                );
            }
            properties.insert(name.into(), Value::Mapping(schema));
        }
        let mut schema = Mapping::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Mapping(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Sequence(required));
        }
        let mut media = Mapping::new();
        media.insert("schema".into(), Value::Mapping(schema));
        if !encoding.is_empty() {
            media.insert("encoding".into(), Value::Mapping(encoding));
        }
        let mut content = Mapping::new();
        content.insert(media_type.into(), Value::Mapping(media));
        let mut out = Mapping::new();
        out.insert("required".into(), any_required.into());
        out.insert("content".into(), Value::Mapping(content));
        Ok(out)
    }

    /// A response: its schema under `content`, its headers' values under `schema`.
    fn response(
        &mut self,
        response: &Value,
        at: &Pointer,
        to: &Pointer,
        produces: Option<&[String]>,
    ) -> Result<Value, Refusal> {
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            return Ok(reference_to(&rewrite_reference(reference)));
        }
        let Value::Mapping(response) = response else {
            return Err((at.clone(), "a response must be a mapping".into()));
        };
        let mut out = Mapping::new();
        let description = response
            .get("description")
            .cloned()
            .unwrap_or_else(|| Value::from(""));
        out.insert("description".into(), description);
        if let Some(Value::Mapping(headers)) = response.get("headers") {
            let mut converted = Mapping::new();
            let headers_at = at.join("headers");
            for (key, header) in headers {
                let Some(name) = walk::key_text(key) else {
                    continue;
                };
                let at = headers_at.join(&name);
                let Value::Mapping(header) = header else {
                    continue;
                };
                let mut out_header = Mapping::new();
                let mut schema = Mapping::new();
                for (key, value) in header {
                    let Some(name) = key.as_str() else { continue };
                    if VALUE_KEYS.contains(&name) {
                        schema.insert(key.clone(), value.clone());
                    } else if name == "description" || name.starts_with("x-") {
                        out_header.insert(key.clone(), value.clone());
                    }
                }
                let schema = self.value_schema(schema, header, &at)?;
                self.record(&to.join("headers").join(&name).join("schema"), &at);
                if let Some((style, explode)) = self.style(header, "header", &at)? {
                    out_header.insert("style".into(), style.into());
                    out_header.insert("explode".into(), explode.into());
                }
                out_header.insert("schema".into(), Value::Mapping(schema));
                converted.insert(key.clone(), Value::Mapping(out_header));
            }
            out.insert("headers".into(), Value::Mapping(converted));
        }
        if let Some(schema) = response.get("schema") {
            let schema = self.schema(schema, &at.join("schema"))?;
            let examples = response.get("examples").and_then(Value::as_mapping);
            let mut content = Mapping::new();
            let media_types = self.or_default(produces.map(<[String]>::to_vec));
            for media_type in media_types {
                let media_at = to.join("content").join(&media_type);
                self.record(&media_at.join("schema"), &at.join("schema"));
                let mut media = Mapping::new();
                media.insert("schema".into(), schema.clone());
                if let Some(example) =
                    examples.and_then(|examples| examples.get(media_type.as_str()))
                {
                    media.insert("example".into(), example.clone());
                }
                content.insert(media_type.into(), Value::Mapping(media));
            }
            out.insert("content".into(), Value::Mapping(content));
        }
        copy_extensions(response, &mut out);
        Ok(Value::Mapping(out))
    }

    /// A 2.0 schema as 3.0: references moved, `type: file` a binary
    /// string, a discriminator's property name its `propertyName`.
    fn schema(&mut self, schema: &Value, at: &Pointer) -> Result<Value, Refusal> {
        let mut schema = schema.clone();
        walk::schema(&mut schema, at, &mut |node, at| {
            if let Some(Value::String(reference)) = node.get("$ref") {
                let moved = rewrite_reference(reference);
                node.insert("$ref".into(), moved.into());
            }
            if node.get("type").and_then(Value::as_str) == Some("file") {
                node.insert("type".into(), "string".into());
                node.insert("format".into(), "binary".into());
            }
            if let Some(Value::String(property)) = node.get("discriminator") {
                let mut discriminator = Mapping::new();
                discriminator.insert("propertyName".into(), property.clone().into());
                node.insert("discriminator".into(), Value::Mapping(discriminator));
            }
            // The common 2.0 extension for what 3.0 calls `nullable`.
            if node.get("x-nullable").and_then(Value::as_bool) == Some(true) {
                node.insert("nullable".into(), true.into());
            }
            integers::bounds(node, at, self.warnings)
        })?;
        Ok(schema)
    }

    /// `components`: definitions, reusable parameters and responses, and
    /// security schemes.
    fn components(&mut self) -> Result<Mapping, Refusal> {
        let root = Pointer::root();
        let mut out = Mapping::new();
        if let Some(Value::Mapping(definitions)) = self.source.get("definitions") {
            let at = root.join("definitions");
            let mut schemas = Mapping::new();
            for (key, schema) in definitions {
                let Some(name) = walk::key_text(key) else {
                    continue;
                };
                let from = at.join(&name);
                self.record(&root.join("components").join("schemas").join(name), &from);
                schemas.insert(key.clone(), self.schema(schema, &from)?);
            }
            out.insert("schemas".into(), Value::Mapping(schemas));
        }
        if let Some(Value::Mapping(parameters)) = self.source.get("parameters") {
            let at = root.join("parameters");
            let mut converted = Mapping::new();
            for (key, parameter) in parameters {
                let Some(name) = walk::key_text(key) else {
                    continue;
                };
                // Body and form parameters are inlined where they are used.
                if !is_body_or_form(parameter) {
                    let from = at.join(&name);
                    let to = root.join("components").join("parameters").join(name);
                    self.record(&to, &from);
                    self.record(&to.join("schema"), &from);
                    let parameter = self.parameter(parameter, &from)?;
                    converted.insert(key.clone(), Value::Mapping(parameter));
                }
            }
            if !converted.is_empty() {
                out.insert("parameters".into(), Value::Mapping(converted));
            }
        }
        if let Some(Value::Mapping(responses)) = self.source.get("responses") {
            let at = root.join("responses");
            let produces = self.media_types(&Mapping::new(), "produces");
            let mut converted = Mapping::new();
            for (key, response) in responses {
                let Some(name) = walk::key_text(key) else {
                    continue;
                };
                let from = at.join(&name);
                let to = root.join("components").join("responses").join(name);
                self.record(&to, &from);
                let response = self.response(response, &from, &to, produces.as_deref())?;
                converted.insert(key.clone(), response);
            }
            out.insert("responses".into(), Value::Mapping(converted));
        }
        if let Some(Value::Mapping(definitions)) = self.source.get("securityDefinitions") {
            let at = root.join("securityDefinitions");
            let mut schemes = Mapping::new();
            for (key, definition) in definitions {
                let Some(name) = walk::key_text(key) else {
                    continue;
                };
                let from = at.join(&name);
                self.record(
                    &root.join("components").join("securitySchemes").join(name),
                    &from,
                );
                let scheme = security_scheme(definition, &from)?;
                schemes.insert(key.clone(), Value::Mapping(scheme));
            }
            out.insert("securitySchemes".into(), Value::Mapping(schemes));
        }
        Ok(out)
    }
}

/// Parameters of a path item or operation, sorted by what 3.0 makes of them.
#[derive(Default)]
struct Parameters {
    /// Path, query, header and cookie parameters, converted.
    parameters: Vec<Value>,
    /// The `in: body` parameter and where it is.
    body: Option<(Pointer, Value)>,
    /// The `in: formData` parameters and where they are.
    form: Vec<(Pointer, Value)>,
}

fn is_body_or_form(parameter: &Value) -> bool {
    matches!(
        parameter.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// A 2.0 security definition as a 3.0 security scheme.
fn security_scheme(definition: &Value, at: &Pointer) -> Result<Mapping, Refusal> {
    let Value::Mapping(definition) = definition else {
        return Err((at.clone(), "a security definition must be a mapping".into()));
    };
    let mut out = Mapping::new();
    let kind = definition.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "basic" => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        "apiKey" => {
            out.insert("type".into(), "apiKey".into());
            for key in ["name", "in"] {
                if let Some(value) = definition.get(key) {
                    out.insert(key.into(), value.clone());
                }
            }
        }
        "oauth2" => {
            let flow_name = match definition.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                _ => {
                    return Err((
                        at.join("flow"),
                        "expected implicit, password, application or accessCode".into(),
                    ))
                }
            };
            let mut flow = Mapping::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(value) = definition.get(key) {
                    flow.insert(key.into(), value.clone());
                }
            }
            let scopes = definition
                .get("scopes")
                .cloned()
                .unwrap_or_else(|| Value::Mapping(Mapping::new()));
            flow.insert("scopes".into(), scopes);
            let mut flows = Mapping::new();
            flows.insert(flow_name.into(), Value::Mapping(flow));
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), Value::Mapping(flows));
        }
        _ => return Err((at.join("type"), "expected basic, apiKey or oauth2".into())),
    }
    if let Some(description) = definition.get("description") {
        out.insert("description".into(), description.clone());
    }
    copy_extensions(definition, &mut out);
    Ok(out)
}

fn server(url: String) -> Value {
    let mut server = Mapping::new();
    server.insert("url".into(), url.into());
    Value::Mapping(server)
}

fn reference_to(target: &str) -> Value {
    let mut reference = Mapping::new();
    reference.insert("$ref".into(), target.into());
    Value::Mapping(reference)
}

/// A local 2.0 reference at its 3.0 place; any other reference is kept as
/// written (the lowering names what it cannot follow).
fn rewrite_reference(reference: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

/// A pointer token as written in a reference, unescaped (RFC 6901).
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The `x-` extensions of `from`, added to `to`.
fn copy_extensions(from: &Mapping, to: &mut Mapping) {
    for (key, value) in from {
        if key.as_str().is_some_and(|key| key.starts_with("x-")) {
            to.insert(key.clone(), value.clone());
        }
    }
}
