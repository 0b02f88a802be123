//! The spec's side of the audit: its operations, parameters, bodies and
//! responses with every `$ref` resolved, each fact paired with the JSON
//! pointer of the node that states it, so that a disagreement can say where
//! to look.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, Components, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent,
    ReferenceOr, Schema, SchemaKind, SecurityScheme, StatusCode, Type,
};

use super::pages::Location;
use crate::pointer::Pointer;

/// How many `$ref` hops or nested `allOf` levels are followed before the
/// spec is taken to be cyclic.
const MAX_DEPTH: usize = 32;

/// One operation of the spec.
pub struct Operation<'a> {
    /// Lower-case method as the spec keys it (`post`).
    pub method: &'a str,
    /// The path template as the spec keys it.
    pub path: &'a str,
    /// `#/paths/~1v5~1.../post`.
    pub pointer: Pointer,
    operation: &'a openapiv3::Operation,
    path_item: &'a openapiv3::PathItem,
    /// The request body, unresolved.
    pub request_body: Option<&'a ReferenceOr<openapiv3::RequestBody>>,
}

/// A schema and where it is.
#[derive(Clone)]
pub struct Located<'a> {
    pub schema: &'a Schema,
    pub pointer: Pointer,
}

/// A parameter with its `$ref` resolved.
pub struct SpecParam<'a> {
    pub name: String,
    pub location: Location,
    pub required: bool,
    /// Where the parameter is (its component when it is a `$ref`).
    pub pointer: Pointer,
    /// Where its `required` flag is (or would be).
    pub required_pointer: Pointer,
    pub schema: Option<Located<'a>>,
}

/// A property of an object schema.
pub struct Property<'a> {
    pub name: String,
    pub required: bool,
    /// The `required` list of the object that declares it.
    pub required_pointer: Pointer,
    /// Where the property is declared.
    pub pointer: Pointer,
    /// The property's schema, resolved.
    pub schema: Located<'a>,
}

/// A response with a numeric status code.
pub struct SpecResponse<'a> {
    pub code: u16,
    pub pointer: Pointer,
    /// The schema of its JSON (or only) media type, if it has one.
    pub body: Option<Located<'a>>,
}

/// A security scheme sent as a header.
pub struct HeaderScheme {
    pub name: String,
    pub pointer: Pointer,
    /// How many security requirements the operation accepts; any one suffices.
    pub alternatives: usize,
}

/// The type and limits of a schema, as the audit compares them.
#[derive(Default)]
pub struct SchemaFacts {
    pub ty: Option<&'static str>,
    limits: Vec<(&'static str, f64)>,
}

impl SchemaFacts {
    /// The value of a limit keyword (`maxLength`...), if the schema has it.
    pub fn limit(&self, keyword: &str) -> Option<f64> {
        self.limits
            .iter()
            .find(|(k, _)| *k == keyword)
            .map(|(_, v)| *v)
    }
}

/// Read access to a loaded spec.
pub struct SpecView<'a> {
    document: &'a OpenAPI,
}

/// Normalises a path for matching: no query string, no trailing slash,
/// every `{placeholder}` alike (pages and spec may name them differently;
/// the names are compared as parameters).
pub fn path_key(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Two paths with as many segments that differ in exactly one: worth
/// naming when a page's path is not in the spec.
pub fn similar_paths(a: &str, b: &str) -> bool {
    let a = path_key(a);
    let b = path_key(b);
    let a: Vec<&str> = a.split('/').collect();
    let b: Vec<&str> = b.split('/').collect();
    a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

/// Unescapes one RFC 6901 token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Follows a chain of `$ref`s within one kind of component.
fn resolve<'a, T>(
    components: Option<&'a Components>,
    item: &'a ReferenceOr<T>,
    at: Pointer,
    kind: &str,
    map: impl Fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
) -> Result<(&'a T, Pointer), String> {
    let mut current = item;
    let mut pointer = at;
    for _ in 0..MAX_DEPTH {
        match current {
            ReferenceOr::Item(item) => return Ok((item, pointer)),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{kind}/");
                let target = reference
                    .strip_prefix(&prefix)
                    .and_then(|name| components.and_then(|c| map(c).get(&unescape(name))));
                let Some(target) = target else {
                    return Err(format!("{pointer}: $ref {reference:?} does not resolve"));
                };
                current = target;
                pointer = Pointer::from_ref(reference);
            }
        }
    }
    Err(format!(
        "{pointer}: $ref chain longer than {MAX_DEPTH} (a cycle?)"
    ))
}

/// The media type the audit compares: JSON if there is one, else the first.
fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(key, _)| key.contains("json"))
        .or_else(|| content.iter().next())
}

impl<'a> SpecView<'a> {
    /// A view of `document`.
    pub fn new(document: &'a OpenAPI) -> Self {
        SpecView { document }
    }

    fn components(&self) -> Option<&'a Components> {
        self.document.components.as_ref()
    }

    /// Every operation, in the spec's order.
    pub fn operations(&self) -> Vec<Operation<'a>> {
        let mut operations = Vec::new();
        for (path, item) in self.document.paths.iter() {
            let ReferenceOr::Item(path_item) = item else {
                continue;
            };
            for (method, operation) in path_item.iter() {
                operations.push(Operation {
                    method,
                    path,
                    pointer: Pointer::root().join("paths").join(path).join(method),
                    operation,
                    path_item,
                    request_body: operation.request_body.as_ref(),
                });
            }
        }
        operations
    }

    /// Resolves a schema reference found at `at`.
    pub fn schema(
        &self,
        item: &'a ReferenceOr<Schema>,
        at: Pointer,
    ) -> Result<Located<'a>, String> {
        resolve(self.components(), item, at, "schemas", |c| &c.schemas)
            .map(|(schema, pointer)| Located { schema, pointer })
    }

    fn boxed_schema(
        &self,
        item: &'a ReferenceOr<Box<Schema>>,
        at: Pointer,
    ) -> Result<Located<'a>, String> {
        match item {
            ReferenceOr::Item(schema) => Ok(Located {
                schema,
                pointer: at,
            }),
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .map(unescape);
                let target =
                    name.and_then(|name| self.components().and_then(|c| c.schemas.get(&name)));
                match target {
                    Some(target) => self.schema(target, Pointer::from_ref(reference)),
                    None => Err(format!("{at}: $ref {reference:?} does not resolve")),
                }
            }
        }
    }

    /// The operation's parameters (the path item's, overridden by the
    /// operation's own), resolved. Cookie parameters are left out: pages
    /// have no cookie tables. Dangling references go to `errors`.
    pub fn parameters(&self, op: &Operation<'a>, errors: &mut Vec<String>) -> Vec<SpecParam<'a>> {
        let path_pointer = Pointer::root()
            .join("paths")
            .join(op.path)
            .join("parameters");
        let op_pointer = op.pointer.join("parameters");
        let listed = op
            .path_item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_pointer.join(i.to_string())))
            .chain(
                op.operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, op_pointer.join(i.to_string()))),
            );
        let mut params: Vec<SpecParam<'a>> = Vec::new();
        for (item, at) in listed {
            let (parameter, pointer) =
                match resolve(self.components(), item, at, "parameters", |c| &c.parameters) {
                    Ok(found) => found,
                    Err(message) => {
                        errors.push(message);
                        continue;
                    }
                };
            let location = match parameter {
                Parameter::Query { .. } => Location::Query,
                Parameter::Header { .. } => Location::Header,
                Parameter::Path { .. } => Location::Path,
                Parameter::Cookie { .. } => continue,
            };
            let data = parameter.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    Some(self.schema(schema, pointer.join("schema")))
                }
                ParameterSchemaOrContent::Content(content) => {
                    json_media(content).and_then(|(key, media)| {
                        let at = pointer.join("content").join(key).join("schema");
                        media.schema.as_ref().map(|schema| self.schema(schema, at))
                    })
                }
            };
            let schema = match schema.transpose() {
                Ok(schema) => schema,
                Err(message) => {
                    errors.push(message);
                    None
                }
            };
            // An operation's parameter replaces the path item's of the same name and place.
            params.retain(|p| !(p.name == data.name && p.location == location));
            params.push(SpecParam {
                name: data.name.clone(),
                location,
                required: data.required,
                required_pointer: pointer.join("required"),
                pointer,
                schema,
            });
        }
        params
    }

    /// The security scheme, among those the operation accepts, that is an
    /// API key sent in header `name` (compared without regard to case, as
    /// HTTP does).
    pub fn header_scheme(&self, op: &Operation<'a>, name: &str) -> Option<HeaderScheme> {
        let requirements = op
            .operation
            .security
            .as_ref()
            .or(self.document.security.as_ref())?;
        let schemes = &self.components()?.security_schemes;
        for requirement in requirements {
            for scheme_name in requirement.keys() {
                let at = Pointer::root()
                    .join("components")
                    .join("securitySchemes")
                    .join(scheme_name);
                let Some(item) = schemes.get(scheme_name) else {
                    continue;
                };
                let Ok((scheme, pointer)) =
                    resolve(self.components(), item, at, "securitySchemes", |c| {
                        &c.security_schemes
                    })
                else {
                    continue;
                };
                if let SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header,
                    ..
                } = scheme
                {
                    if header.eq_ignore_ascii_case(name) {
                        return Some(HeaderScheme {
                            name: scheme_name.clone(),
                            pointer,
                            alternatives: requirements.len(),
                        });
                    }
                }
            }
        }
        None
    }

    /// The schema of the operation's request body, resolved.
    pub fn request_body_schema(
        &self,
        op: &Operation<'a>,
        errors: &mut Vec<String>,
    ) -> Option<Located<'a>> {
        let item = op.request_body?;
        let at = op.pointer.join("requestBody");
        let (body, pointer) = match resolve(self.components(), item, at, "requestBodies", |c| {
            &c.request_bodies
        }) {
            Ok(found) => found,
            Err(message) => {
                errors.push(message);
                return None;
            }
        };
        let (key, media) = json_media(&body.content)?;
        let at = pointer.join("content").join(key).join("schema");
        match self.schema(media.schema.as_ref()?, at) {
            Ok(located) => Some(located),
            Err(message) => {
                errors.push(message);
                None
            }
        }
    }

    /// The properties of an object schema, those of `allOf` parts merged.
    pub fn properties(&self, object: &Located<'a>, errors: &mut Vec<String>) -> Vec<Property<'a>> {
        let mut properties = Vec::new();
        self.collect_properties(object, errors, &mut properties, 0);
        properties
    }

    fn collect_properties(
        &self,
        object: &Located<'a>,
        errors: &mut Vec<String>,
        out: &mut Vec<Property<'a>>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            errors.push(format!(
                "{}: allOf nested deeper than {MAX_DEPTH}",
                object.pointer
            ));
            return;
        }
        let (map, required, all_of) = match &object.schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, None),
            SchemaKind::AllOf { all_of } => {
                for (i, part) in all_of.iter().enumerate() {
                    match self.schema(part, object.pointer.join("allOf").join(i.to_string())) {
                        Ok(part) => self.collect_properties(&part, errors, out, depth + 1),
                        Err(message) => errors.push(message),
                    }
                }
                return;
            }
            SchemaKind::Any(any) => (&any.properties, &any.required, Some(&any.all_of)),
            _ => return,
        };
        for (name, item) in map {
            let at = object.pointer.join("properties").join(name);
            match self.boxed_schema(item, at.clone()) {
                Ok(schema) => {
                    out.retain(|p: &Property<'_>| p.name != *name);
                    out.push(Property {
                        name: name.clone(),
                        required: required.contains(name),
                        required_pointer: object.pointer.join("required"),
                        pointer: at,
                        schema,
                    });
                }
                Err(message) => errors.push(message),
            }
        }
        for (i, part) in all_of.into_iter().flatten().enumerate() {
            match self.schema(part, object.pointer.join("allOf").join(i.to_string())) {
                Ok(part) => self.collect_properties(&part, errors, out, depth + 1),
                Err(message) => errors.push(message),
            }
        }
    }

    /// The operation's responses with a numeric status code, resolved.
    /// Ranges (`4XX`) and `default` name no code a page could list.
    pub fn responses(&self, op: &Operation<'a>, errors: &mut Vec<String>) -> Vec<SpecResponse<'a>> {
        let mut responses = Vec::new();
        for (code, item) in &op.operation.responses.responses {
            let StatusCode::Code(code) = code else {
                continue;
            };
            let at = op.pointer.join("responses").join(code.to_string());
            let (response, pointer) =
                match resolve(self.components(), item, at, "responses", |c| &c.responses) {
                    Ok(found) => found,
                    Err(message) => {
                        errors.push(message);
                        continue;
                    }
                };
            let body = json_media(&response.content).and_then(|(key, media)| {
                let at = pointer.join("content").join(key).join("schema");
                match self.schema(media.schema.as_ref()?, at) {
                    Ok(located) => Some(located),
                    Err(message) => {
                        errors.push(message);
                        None
                    }
                }
            });
            responses.push(SpecResponse {
                code: *code,
                pointer,
                body,
            });
        }
        responses
    }

    /// The pointers of the operation's range responses (`4XX`), by their
    /// first digit.
    pub fn response_ranges(&self, op: &Operation<'a>) -> Vec<(u16, Pointer)> {
        op.operation
            .responses
            .responses
            .keys()
            .filter_map(|code| match code {
                StatusCode::Range(digit) => {
                    Some((*digit, op.pointer.join("responses").join(code.to_string())))
                }
                StatusCode::Code(_) => None,
            })
            .collect()
    }

    /// The type and limits of a schema.
    pub fn schema_facts(&self, located: &Located<'a>) -> SchemaFacts {
        let mut facts = SchemaFacts::default();
        let mut limit = |keyword, value: Option<f64>| {
            if let Some(value) = value {
                facts.limits.push((keyword, value));
            }
        };
        let as_f64 = |v: Option<usize>| v.map(|v| v as f64);
        let ty = match &located.schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                limit("minLength", as_f64(s.min_length));
                limit("maxLength", as_f64(s.max_length));
                Some("string")
            }
            SchemaKind::Type(Type::Number(n)) => {
                limit("minimum", n.minimum);
                limit("maximum", n.maximum);
                Some("number")
            }
            SchemaKind::Type(Type::Integer(i)) => {
                limit("minimum", i.minimum.map(|v| v as f64));
                limit("maximum", i.maximum.map(|v| v as f64));
                Some("integer")
            }
            SchemaKind::Type(Type::Array(a)) => {
                limit("minItems", as_f64(a.min_items));
                limit("maxItems", as_f64(a.max_items));
                Some("array")
            }
            SchemaKind::Type(Type::Object(_)) => Some("object"),
            SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
            SchemaKind::Any(any) => {
                limit("minLength", as_f64(any.min_length));
                limit("maxLength", as_f64(any.max_length));
                limit("minimum", any.minimum);
                limit("maximum", any.maximum);
                limit("minItems", as_f64(any.min_items));
                limit("maxItems", as_f64(any.max_items));
                match any.typ.as_deref() {
                    Some("string") => Some("string"),
                    Some("number") => Some("number"),
                    Some("integer") => Some("integer"),
                    Some("array") => Some("array"),
                    Some("object") => Some("object"),
                    Some("boolean") => Some("boolean"),
                    _ if !any.properties.is_empty() => Some("object"),
                    _ => None,
                }
            }
            _ => None,
        };
        facts.ty = ty;
        facts
    }
}
