//! Paths and operations become [`Operation`]s: parameters, bodies,
//! responses and authentication.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SecurityScheme,
    StatusCode,
};

use super::at::{unescape, At};
use super::naming::{pascal, reserved, snake, status_variant, Hint, Scope};
use super::Lowerer;
use crate::error::Result;
use crate::fast_hash::FastMap;
use crate::model::{
    AuthScheme, ErrorResponse, HttpMethod, Operation, Param, ParamLocation, PathPart, RequestBody,
    StatusMatch, Success, SuccessVariant, TypeKind, TypeRef,
};

/// The extension that marks an `apiKey` scheme as Huawei Cloud AK/SK signing.
const SIGNING_EXTENSION: &str = "x-huaweicloud-signing";

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>> {
        let spec = self.spec;
        let mut operations = Vec::new();
        // Operation id → the path and method that first used it.
        let mut ids: FastMap<Cow<str>, (&str, &str)> = FastMap::default();
        let mut fn_scope = Scope::with_reserved(reserved::CLIENT_METHODS);
        let mut stem_scope = Scope::default();
        let root = At::root();
        let paths = root.key("paths");
        for (path, item) in spec.paths.iter() {
            let at_path = paths.key(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    return Err(self.unsupported(&at_path, "a $ref to a path item".into()))
                }
            };
            for (method, op) in item.iter() {
                let at = at_path.key(method);
                if !op.callbacks.is_empty() {
                    // Callbacks are requests the server makes; a client has nothing to send.
                    self.warn(
                        &at.key("callbacks"),
                        "callbacks are requests the server sends; the client ignores them",
                    );
                }
                let id: Cow<str> = match &op.operation_id {
                    Some(id) if !id.trim().is_empty() => Cow::Borrowed(id),
                    _ => Cow::Owned(format!("{method} {path}")),
                };
                if let Some(&(first_path, first_method)) = ids.get(&id) {
                    let first = paths.key(first_path);
                    let first = first.key(first_method);
                    return Err(self.invalid(
                        &at.key("operationId"),
                        format!("duplicate operation id {id:?}, first used at {first}"),
                    ));
                }
                ids.insert(id.clone(), (path, method));
                let fn_name = fn_scope.claim(snake(&id));
                let type_stem = stem_scope.claim(pascal(&id));
                let method = parse_method(method);
                let mut params = Vec::new();
                let mut param_scope = Scope::with_reserved(reserved::FIELDS);
                // Operation-level parameters override path-level ones with the same name and place.
                let at_path_params = at_path.key("parameters");
                let at_op_params = at.key("parameters");
                let merged =
                    merge_parameters(&item.parameters, &op.parameters, |p| self.parameter_key(p));
                for (param, level, index) in merged {
                    let pointer = match level {
                        Level::Path => at_path_params.index(index),
                        Level::Operation => at_op_params.index(index),
                    };
                    let param =
                        self.lower_parameter(param, &pointer, &type_stem, &mut param_scope)?;
                    if params.iter().any(|p: &Param| {
                        p.wire_name == param.wire_name && p.location == param.location
                    }) {
                        return Err(self.invalid(
                            &pointer,
                            format!("parameter {:?} is declared twice", param.wire_name),
                        ));
                    }
                    params.push(param);
                }
                let path_parts = self.path_parts(path, &params, &at)?;
                let body = match &op.request_body {
                    None => None,
                    Some(body) => {
                        Some(self.lower_request_body(body, &at.key("requestBody"), &type_stem)?)
                    }
                };
                let (success, errors) =
                    self.lower_responses(&op.responses, &at.key("responses"), &type_stem)?;
                let auth = match (&op.security, &spec.security) {
                    (Some(requirements), _) => {
                        self.lower_security(requirements, &at.key("security"))?
                    }
                    (None, Some(requirements)) => {
                        self.lower_security(requirements, &root.key("security"))?
                    }
                    (None, None) => Vec::new(),
                };
                let params_type = (!params.is_empty())
                    .then(|| self.type_scope.claim(format!("{type_stem}Params")));
                let error_type = self.type_scope.claim(format!("{type_stem}Error"));
                operations.push(Operation {
                    id: id.into_owned(),
                    fn_name,
                    type_stem,
                    params_type,
                    error_type,
                    method,
                    path: path.clone(),
                    path_parts,
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    deprecated: op.deprecated,
                    tags: op.tags.clone(),
                    params,
                    body,
                    success,
                    errors,
                    auth,
                });
            }
        }
        Ok(operations)
    }

    fn lower_parameter(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &At<'_>,
        stem: &str,
        scope: &mut Scope,
    ) -> Result<Param> {
        let (param, pointer) =
            self.resolve_component(param, pointer, "parameters", |c| &c.parameters)?;
        let (location, explode) = match param {
            Parameter::Query {
                style,
                parameter_data,
                ..
            } => {
                if *style != QueryStyle::Form {
                    return Err(self.unsupported(
                        &pointer.key("style"),
                        "query parameter styles other than `form`".into(),
                    ));
                }
                (ParamLocation::Query, parameter_data.explode.unwrap_or(true))
            }
            Parameter::Header { .. } => (ParamLocation::Header, false),
            Parameter::Path { .. } => (ParamLocation::Path, false),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, false),
        };
        let data = param.parameter_data_ref();
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                return Err(self.unsupported(
                    &pointer.key("content"),
                    "parameters described by `content` instead of `schema`".into(),
                ))
            }
        };
        let at_schema = pointer.key("schema");
        let lowered =
            self.lower_schema_ref(schema, &at_schema, &Hint::Name(stem).pascal(&data.name))?;
        let fits = match (self.without_alias(&lowered.ty), location) {
            (TypeRef::Array(item), ParamLocation::Query) => self.is_scalar(item),
            (ty, _) => self.is_scalar(ty),
        };
        if !fits {
            return Err(self.unsupported(
                &at_schema,
                format!(
                    "{} parameter {:?} of this type; scalars and string enums are supported, and arrays of them in the query",
                    location_name(location),
                    data.name
                ),
            ));
        }
        if location == ParamLocation::Path && !data.required {
            return Err(self.invalid(
                &pointer.key("required"),
                format!("path parameter {:?} must be required", data.name),
            ));
        }
        let default = match lowered.default {
            Some(value) if !data.required => self.default_value(&lowered.ty, value),
            _ => None,
        };
        Ok(Param {
            wire_name: data.name.clone(),
            field_name: scope.claim(snake(&data.name)),
            location,
            required: data.required,
            ty: lowered.ty,
            explode,
            description: data.description.clone(),
            constraints: lowered.constraints,
            default,
            default_doc: lowered.default.map(|v| v.to_string()),
        })
    }

    /// Whether `ty` can travel as one parameter value: a scalar or a string
    /// enum, possibly through an alias.
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match self.without_alias(ty) {
            TypeRef::String
            | TypeRef::Boolean
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Named(name) => matches!(
                self.type_kind(name),
                Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
            ),
            TypeRef::Json | TypeRef::Bytes | TypeRef::Array(_) | TypeRef::Map(_) => false,
        }
    }

    /// What identifies a parameter: its name and location, with a `$ref`
    /// resolved; `None` for a `$ref` that does not resolve (reported when
    /// the parameter is lowered).
    fn parameter_key(&self, param: &'a ReferenceOr<Parameter>) -> Option<ParameterKey<'a>> {
        let root = At::root();
        let (param, _) = self
            .resolve_component(param, &root, "parameters", |c| &c.parameters)
            .ok()?;
        Some((
            param.parameter_data_ref().name.as_str(),
            std::mem::discriminant(param),
        ))
    }

    /// `item` itself at `pointer`, or the component its `$ref` names in
    /// `#/components/<section>` (which `pick` selects) at the component's
    /// pointer. Serves parameters, request bodies and responses alike.
    fn resolve_component<'p, T>(
        &self,
        item: &'a ReferenceOr<T>,
        pointer: &At<'p>,
        section: &str,
        pick: impl Fn(&'a openapiv3::Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, At<'p>)>
    where
        'a: 'p,
    {
        let reference = match item {
            ReferenceOr::Item(item) => return Ok((item, *pointer)),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = self.component_ref_name(reference, section, pointer)?;
        match self
            .spec
            .components
            .as_ref()
            .and_then(|c| pick(c).get(name.as_ref()))
        {
            Some(ReferenceOr::Item(item)) => Ok((item, At::from_ref(reference))),
            Some(ReferenceOr::Reference { .. }) => {
                Err(self.unsupported(&At::from_ref(reference), "a $ref to a $ref".into()))
            }
            None => Err(self.invalid(
                &pointer.key("$ref"),
                format!("$ref to {reference}, which does not exist"),
            )),
        }
    }

    /// The component name in `#/components/<section>/<name>`.
    fn component_ref_name<'r>(
        &self,
        reference: &'r str,
        section: &str,
        pointer: &At<'_>,
    ) -> Result<Cow<'r, str>> {
        let name = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section))
            .and_then(|rest| rest.strip_prefix('/'));
        match name {
            Some(name) if !name.contains('/') => Ok(unescape(name)),
            _ => Err(self.unsupported(
                &pointer.key("$ref"),
                format!(
                    "$ref {reference:?}: expected a reference to #/components/{section}/<name>"
                ),
            )),
        }
    }

    fn path_parts(&self, path: &str, params: &[Param], pointer: &At<'_>) -> Result<Vec<PathPart>> {
        if !path.starts_with('/') {
            return Err(self.invalid(pointer, format!("path {path:?} must start with `/`")));
        }
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return Err(self.invalid(pointer, format!("path {path:?} has an unclosed `{{`")));
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..open + close];
            let Some(index) = params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            else {
                return Err(self.invalid(
                    pointer,
                    format!("path template names {{{name}}}, but no path parameter {name:?} is declared"),
                ));
            };
            parts.push(PathPart::Param(index));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !path.contains(&format!("{{{}}}", p.wire_name)) {
                return Err(self.invalid(
                    pointer,
                    format!(
                        "path parameter {:?} does not appear in the path {path:?}",
                        p.wire_name
                    ),
                ));
            }
        }
        Ok(parts)
    }

    fn lower_request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &At<'_>,
        stem: &str,
    ) -> Result<RequestBody> {
        let (body, pointer) =
            self.resolve_component(body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let Some((content_type, media)) = self.pick_content(&body.content, &pointer, "request")?
        else {
            return Err(self.invalid(
                &pointer.key("content"),
                "the request body has no content".into(),
            ));
        };
        if !is_json(content_type) {
            return Ok(RequestBody {
                content_type: content_type.clone(),
                ty: TypeRef::Bytes,
                required: body.required,
                description: body.description.clone(),
                constraints: Default::default(),
            });
        }
        let content = pointer.key("content");
        let media_at = content.key(content_type);
        let at = media_at.key("schema");
        let Some(schema) = &media.schema else {
            return Err(self.invalid(&at, "the request body has no schema".into()));
        };
        let lowered = self.lower_schema_ref(schema, &at, &Hint::Name(stem).suffix("Request"))?;
        Ok(RequestBody {
            content_type: content_type.clone(),
            ty: lowered.ty,
            required: body.required,
            description: body.description.clone(),
            constraints: lowered.constraints,
        })
    }

    fn lower_responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &At<'_>,
        stem: &str,
    ) -> Result<(Success, Vec<ErrorResponse>)> {
        let documented = self.documented_statuses(responses, pointer)?;
        let stem_hint = Hint::Name(stem);
        let mut errors = Vec::new();
        let mut error_names = Scope::with_reserved(&["Unexpected"]);
        let mut successes: Vec<(StatusMatch, Option<TypeRef>)> = Vec::new();
        for (status, response) in documented {
            let at = pointer.status(status);
            let (response, at) =
                self.resolve_component(response, &at, "responses", |c| &c.responses)?;
            if is_success(status) {
                let body = self.response_body(response, &at, &stem_hint.suffix("Response"))?;
                successes.push((status, body));
                continue;
            }
            let variant = error_names.claim(error_variant(status));
            let variant_hint = stem_hint.suffix(&variant);
            let body = self.response_body(response, &at, &variant_hint.suffix("Body"))?;
            errors.push(ErrorResponse {
                status,
                variant,
                description: response.description.clone(),
                body,
            });
        }
        if successes.is_empty() {
            return Err(self.invalid(pointer, "no success (2xx) response is documented".into()));
        }
        Ok((self.success(stem, successes), errors))
    }

    /// The documented statuses in matching order: codes ascending, then
    /// ranges (`2XX`, `4XX`, ...), then `default`.
    fn documented_statuses(
        &self,
        responses: &'a openapiv3::Responses,
        pointer: &At<'_>,
    ) -> Result<Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>)>> {
        let mut documented = Vec::with_capacity(responses.responses.len() + 1);
        for (status, response) in &responses.responses {
            let status = match status {
                StatusCode::Code(code) if (100..=599).contains(code) => StatusMatch::Code(*code),
                StatusCode::Code(code) => {
                    return Err(self.invalid(
                        &pointer.key(&code.to_string()),
                        format!("{code} is not an HTTP status code"),
                    ))
                }
                StatusCode::Range(digit) if (1..=5).contains(digit) => StatusMatch::Range(*digit),
                StatusCode::Range(digit) => {
                    return Err(self.invalid(
                        &pointer.key(&format!("{digit}XX")),
                        format!("{digit}XX is not an HTTP status range"),
                    ))
                }
            };
            documented.push((status, response));
        }
        if let Some(response) = &responses.default {
            documented.push((StatusMatch::Default, response));
        }
        documented.sort_by_key(|(status, _)| match status {
            StatusMatch::Code(code) => (0, *code),
            StatusMatch::Range(digit) => (1, *digit),
            StatusMatch::Default => (2, 0),
        });
        Ok(documented)
    }

    /// The success outcome: one body type when all statuses share it, else
    /// a per-operation enum `<Stem>Success` with a variant per status.
    fn success(&mut self, stem: &str, successes: Vec<(StatusMatch, Option<TypeRef>)>) -> Success {
        let statuses: Vec<StatusMatch> = successes.iter().map(|(s, _)| *s).collect();
        let shared = successes.windows(2).all(|pair| pair[0].1 == pair[1].1);
        if shared {
            return Success {
                statuses,
                body: successes.into_iter().next().and_then(|(_, body)| body),
                variants: None,
            };
        }
        let name = self.type_scope.claim(format!("{stem}Success"));
        let mut scope = Scope::default();
        let variants = successes
            .into_iter()
            .map(|(status, body)| SuccessVariant {
                status,
                variant: scope.claim(success_variant(status)),
                body,
            })
            .collect();
        Success {
            statuses,
            body: None,
            variants: Some((name, variants)),
        }
    }

    /// The content to use from a body's `content` map: the JSON media type
    /// if there is one, else the first one (sent and read as raw bytes);
    /// forms and multipart bodies are refused.
    fn pick_content<'c>(
        &self,
        content: &'c IndexMap<String, openapiv3::MediaType>,
        pointer: &At<'_>,
        what: &str,
    ) -> Result<Option<(&'c String, &'c openapiv3::MediaType)>> {
        if let Some(json) = content.iter().find(|(t, _)| is_json(t)) {
            return Ok(Some(json));
        }
        let Some((content_type, media)) = content.iter().next() else {
            return Ok(None);
        };
        let essence = content_type.to_ascii_lowercase();
        if essence.starts_with("multipart/")
            || essence.starts_with("application/x-www-form-urlencoded")
        {
            return Err(self.unsupported(
                &pointer.key("content").key(content_type),
                format!("{what} bodies of type {content_type} (JSON, and other types as raw bytes, are supported)"),
            ));
        }
        Ok(Some((content_type, media)))
    }

    fn response_body(
        &mut self,
        response: &'a openapiv3::Response,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Option<TypeRef>> {
        let Some((content_type, media)) =
            self.pick_content(&response.content, pointer, "response")?
        else {
            return Ok(None);
        };
        if !is_json(content_type) {
            return Ok(Some(TypeRef::Bytes));
        }
        match &media.schema {
            None => Ok(Some(TypeRef::Json)),
            Some(schema) => {
                let content = pointer.key("content");
                let media_at = content.key(content_type);
                let at = media_at.key("schema");
                Ok(Some(self.lower_schema_ref(schema, &at, hint)?.ty))
            }
        }
    }

    fn lower_security(
        &self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &At<'_>,
    ) -> Result<Vec<AuthScheme>> {
        let mut schemes = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = pointer.index(index);
            if requirement.len() > 1 {
                return Err(self.unsupported(
                    &at,
                    "a security requirement that combines several schemes".into(),
                ));
            }
            let Some(name) = requirement.keys().next() else {
                // `{}` makes authentication optional.
                if !schemes.contains(&AuthScheme::Anonymous) {
                    schemes.push(AuthScheme::Anonymous);
                }
                continue;
            };
            let scheme_at = At::component("securitySchemes", name);
            let scheme = match self
                .spec
                .components
                .as_ref()
                .and_then(|c| c.security_schemes.get(name))
            {
                Some(ReferenceOr::Item(scheme)) => scheme,
                Some(ReferenceOr::Reference { .. }) => {
                    return Err(self.unsupported(&scheme_at, "a $ref to a security scheme".into()))
                }
                None => {
                    return Err(self.invalid(
                        &at.key(name),
                        format!(
                        "security scheme {name:?} is not defined in #/components/securitySchemes"
                    ),
                    ))
                }
            };
            let lowered = match scheme {
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    extensions,
                    ..
                } => {
                    if extensions.contains_key(SIGNING_EXTENSION) {
                        AuthScheme::AkSkSigning
                    } else {
                        AuthScheme::TokenHeader(name.clone())
                    }
                }
                _ => {
                    return Err(self.unsupported(
                        &scheme_at,
                        format!("security schemes other than an apiKey header (a token, or AK/SK signing marked with {SIGNING_EXTENSION})"),
                    ))
                }
            };
            if !schemes.contains(&lowered) {
                schemes.push(lowered);
            }
        }
        Ok(schemes)
    }
}

/// Whether a media type is JSON: `application/json` or `<anything>+json`,
/// ignoring parameters (`;charset=utf-8`) and ASCII case.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().as_bytes();
    essence.eq_ignore_ascii_case(b"application/json")
        || essence.len() >= 5 && essence[essence.len() - 5..].eq_ignore_ascii_case(b"+json")
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// Whether a documented status is a success: a 2xx code or `2XX`.
fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(digit) => digit == 2,
        StatusMatch::Default => false,
    }
}

/// The error enum variant for a documented error status.
fn error_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => status_variant(code),
        StatusMatch::Range(4) => "ClientError".to_owned(),
        StatusMatch::Range(5) => "ServerError".to_owned(),
        StatusMatch::Range(digit) => format!("Status{digit}XX"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// The success enum variant for a success status.
fn success_variant(status: StatusMatch) -> String {
    let name = match status {
        StatusMatch::Code(200) => "Ok",
        StatusMatch::Code(201) => "Created",
        StatusMatch::Code(202) => "Accepted",
        StatusMatch::Code(203) => "NonAuthoritativeInformation",
        StatusMatch::Code(204) => "NoContent",
        StatusMatch::Code(205) => "ResetContent",
        StatusMatch::Code(206) => "PartialContent",
        StatusMatch::Code(code) => return format!("Status{code}"),
        StatusMatch::Range(_) | StatusMatch::Default => "OtherSuccess",
    };
    name.to_owned()
}

fn parse_method(method: &str) -> HttpMethod {
    match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        _ => HttpMethod::Trace,
    }
}

/// A parameter's name and location (`in`).
type ParameterKey<'a> = (&'a str, std::mem::Discriminant<Parameter>);

/// Which list a parameter comes from.
#[derive(Clone, Copy)]
enum Level {
    /// The path item's `parameters`.
    Path,
    /// The operation's `parameters`.
    Operation,
}

/// Path-level parameters followed by operation-level ones, each with its
/// list and index there; an operation-level parameter replaces a path-level
/// one with the same name and location, as `key` (which resolves `$ref`s)
/// tells them.
fn merge_parameters<'p>(
    path_level: &'p [ReferenceOr<Parameter>],
    op_level: &'p [ReferenceOr<Parameter>],
    key: impl Fn(&'p ReferenceOr<Parameter>) -> Option<ParameterKey<'p>>,
) -> Vec<(&'p ReferenceOr<Parameter>, Level, usize)> {
    let mut merged = Vec::with_capacity(path_level.len() + op_level.len());
    if !path_level.is_empty() {
        let op_keys: Vec<ParameterKey> = op_level.iter().filter_map(&key).collect();
        merged.extend(
            path_level
                .iter()
                .enumerate()
                .filter(|(_, p)| !key(p).is_some_and(|k| op_keys.contains(&k)))
                .map(|(i, p)| (p, Level::Path, i)),
        );
    }
    merged.extend(
        op_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, Level::Operation, i)),
    );
    merged
}
