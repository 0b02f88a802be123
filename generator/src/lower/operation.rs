//! Paths and operations become [`Operation`]s: parameters, bodies,
//! responses and authentication.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SecurityScheme,
    StatusCode,
};

use super::naming::{pascal, snake, status_variant, Scope};
use super::Lowerer;
use crate::error::Result;
use crate::model::{
    AuthScheme, ErrorResponse, HttpMethod, Operation, Param, ParamLocation, PathPart, RequestBody,
    StatusMatch, Success, SuccessVariant, TypeKind, TypeRef,
};
use crate::pointer::Pointer;

/// Method names the generated `Client` already has (the runtime's
/// `http.rs`, and the traits it implements).
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "endpoint",
    "from_env",
    "clone",
    "fmt",
    "prepare",
    "send",
    "execute",
    "execute_with_retries",
];

/// The extension that marks an `apiKey` scheme as Huawei Cloud AK/SK signing.
const SIGNING_EXTENSION: &str = "x-huaweicloud-signing";

impl Lowerer<'_> {
    pub(super) fn lower_operations(&mut self) -> Result<Vec<Operation>> {
        let mut operations = Vec::new();
        let mut ids: IndexMap<String, Pointer> = IndexMap::new();
        let mut fn_scope = Scope::with_reserved(CLIENT_METHODS);
        let mut stem_scope = Scope::default();
        let paths = Pointer::root().join("paths");
        for (path, item) in self.spec.paths.iter() {
            let at_path = paths.join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    return Err(self.unsupported(&at_path, "a $ref to a path item".into()))
                }
            };
            for (method, op) in item.iter() {
                let at = at_path.join(method);
                let id = match &op.operation_id {
                    Some(id) if !id.trim().is_empty() => id.clone(),
                    _ => format!("{method} {path}"),
                };
                if let Some(first) = ids.get(&id) {
                    return Err(self.invalid(
                        &at.join("operationId"),
                        format!("duplicate operation id {id:?}, first used at {first}"),
                    ));
                }
                ids.insert(id.clone(), at.clone());
                let fn_name = fn_scope.claim(snake(&id));
                let type_stem = stem_scope.claim(pascal(&id));
                let method = parse_method(method);
                let mut params = Vec::new();
                let mut param_scope = Scope::default();
                // Operation-level parameters override path-level ones with the same name and place.
                let merged =
                    merge_parameters(&item.parameters, &op.parameters, &at_path, &at, |p| {
                        self.parameter_key(p)
                    });
                for (param, pointer) in merged {
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
                        Some(self.lower_request_body(body, &at.join("requestBody"), &type_stem)?)
                    }
                };
                let (success, errors) =
                    self.lower_responses(&op.responses, &at.join("responses"), &type_stem)?;
                let security = op.security.as_ref().or(self.spec.security.as_ref());
                let security_at = if op.security.is_some() {
                    at.join("security")
                } else {
                    Pointer::root().join("security")
                };
                let auth = match security {
                    None => Vec::new(),
                    Some(requirements) => self.lower_security(requirements, &security_at)?,
                };
                let params_type = (!params.is_empty())
                    .then(|| self.type_scope.claim(format!("{type_stem}Params")));
                let error_type = self.type_scope.claim(format!("{type_stem}Error"));
                operations.push(Operation {
                    id,
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
        param: &ReferenceOr<Parameter>,
        pointer: &Pointer,
        stem: &str,
        scope: &mut Scope,
    ) -> Result<Param> {
        let (param, pointer) =
            self.resolve_component(param, pointer, "parameters", |c| &c.parameters)?;
        let (location, explode) = match &param {
            Parameter::Query {
                style,
                parameter_data,
                ..
            } => {
                if *style != QueryStyle::Form {
                    return Err(self.unsupported(
                        &pointer.join("style"),
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
                    &pointer.join("content"),
                    "parameters described by `content` instead of `schema`".into(),
                ))
            }
        };
        let at_schema = pointer.join("schema");
        let lowered =
            self.lower_schema_ref(schema, &at_schema, &format!("{stem}{}", pascal(&data.name)))?;
        let fits = match (self.without_alias(&lowered.ty), location) {
            (TypeRef::Array(item), ParamLocation::Query) => self.is_scalar(&item),
            (ty, _) => self.is_scalar(&ty),
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
                &pointer.join("required"),
                format!("path parameter {:?} must be required", data.name),
            ));
        }
        let default = match &lowered.default {
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
            default_doc: lowered.default.as_ref().map(|v| v.to_string()),
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
                self.type_kind(&name),
                Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
            ),
            TypeRef::Json | TypeRef::Bytes | TypeRef::Array(_) | TypeRef::Map(_) => false,
        }
    }

    /// What identifies a parameter: its name and location, with a `$ref`
    /// resolved; `None` for a `$ref` that does not resolve (reported when
    /// the parameter is lowered).
    fn parameter_key(&self, param: &ReferenceOr<Parameter>) -> Option<ParameterKey> {
        let key = |p: &Parameter| {
            (
                p.parameter_data_ref().name.clone(),
                std::mem::discriminant(p),
            )
        };
        match param {
            ReferenceOr::Item(p) => Some(key(p)),
            ReferenceOr::Reference { .. } => self
                .resolve_component(param, &Pointer::root(), "parameters", |c| &c.parameters)
                .ok()
                .map(|(p, _)| key(&p)),
        }
    }

    /// `item` itself at `pointer`, or the component its `$ref` names in
    /// `#/components/<section>` (which `pick` selects) at the component's
    /// pointer. Serves parameters, request bodies and responses alike.
    fn resolve_component<T: Clone>(
        &self,
        item: &ReferenceOr<T>,
        pointer: &Pointer,
        section: &str,
        pick: impl Fn(&openapiv3::Components) -> &IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(T, Pointer)> {
        let reference = match item {
            ReferenceOr::Item(item) => return Ok((item.clone(), pointer.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = self.component_ref_name(reference, section, pointer)?;
        match self
            .spec
            .components
            .as_ref()
            .and_then(|c| pick(c).get(&name))
        {
            Some(ReferenceOr::Item(item)) => Ok((item.clone(), Pointer::from_ref(reference))),
            Some(ReferenceOr::Reference { .. }) => {
                Err(self.unsupported(&Pointer::from_ref(reference), "a $ref to a $ref".into()))
            }
            None => Err(self.invalid(
                &pointer.join("$ref"),
                format!("$ref to {reference}, which does not exist"),
            )),
        }
    }

    /// The component name in `#/components/<section>/<name>`.
    fn component_ref_name(
        &self,
        reference: &str,
        section: &str,
        pointer: &Pointer,
    ) -> Result<String> {
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) if !name.contains('/') => Ok(name.replace("~1", "/").replace("~0", "~")),
            _ => Err(self.unsupported(
                &pointer.join("$ref"),
                format!("$ref {reference:?}: expected a reference to {prefix}<name>"),
            )),
        }
    }

    fn path_parts(&self, path: &str, params: &[Param], pointer: &Pointer) -> Result<Vec<PathPart>> {
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
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &Pointer,
        stem: &str,
    ) -> Result<RequestBody> {
        let (body, pointer) =
            self.resolve_component(body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let Some((content_type, media)) = self.pick_content(&body.content, &pointer, "request")?
        else {
            return Err(self.invalid(
                &pointer.join("content"),
                "the request body has no content".into(),
            ));
        };
        let at = pointer.join("content").join(content_type).join("schema");
        if !is_json(content_type) {
            return Ok(RequestBody {
                content_type: content_type.clone(),
                ty: TypeRef::Bytes,
                required: body.required,
                description: body.description.clone(),
                constraints: Default::default(),
            });
        }
        let Some(schema) = &media.schema else {
            return Err(self.invalid(&at, "the request body has no schema".into()));
        };
        let lowered = self.lower_schema_ref(schema, &at, &format!("{stem}Request"))?;
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
        responses: &openapiv3::Responses,
        pointer: &Pointer,
        stem: &str,
    ) -> Result<(Success, Vec<ErrorResponse>)> {
        let documented = self.documented_statuses(responses, pointer)?;
        let mut errors = Vec::new();
        let mut error_names = Scope::with_reserved(&["Unexpected"]);
        let mut successes: Vec<(StatusMatch, Option<TypeRef>)> = Vec::new();
        for (status, response, at) in documented {
            let (response, at) =
                self.resolve_component(response, &at, "responses", |c| &c.responses)?;
            if is_success(status) {
                let body = self.response_body(&response, &at, &format!("{stem}Response"))?;
                successes.push((status, body));
                continue;
            }
            let variant = error_names.claim(error_variant(status));
            let body = self.response_body(&response, &at, &format!("{stem}{variant}Body"))?;
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
    fn documented_statuses<'r>(
        &self,
        responses: &'r openapiv3::Responses,
        pointer: &Pointer,
    ) -> Result<Vec<(StatusMatch, &'r ReferenceOr<openapiv3::Response>, Pointer)>> {
        let mut documented = Vec::new();
        for (status, response) in &responses.responses {
            let status = match status {
                StatusCode::Code(code) if (100..=599).contains(code) => StatusMatch::Code(*code),
                StatusCode::Code(code) => {
                    return Err(self.invalid(
                        &pointer.join(code.to_string()),
                        format!("{code} is not an HTTP status code"),
                    ))
                }
                StatusCode::Range(digit) if (1..=5).contains(digit) => StatusMatch::Range(*digit),
                StatusCode::Range(digit) => {
                    return Err(self.invalid(
                        &pointer.join(format!("{digit}XX")),
                        format!("{digit}XX is not an HTTP status range"),
                    ))
                }
            };
            documented.push((status, response, pointer.join(status.label())));
        }
        if let Some(response) = &responses.default {
            documented.push((StatusMatch::Default, response, pointer.join("default")));
        }
        documented.sort_by_key(|(status, _, _)| match status {
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
        pointer: &Pointer,
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
                &pointer.join("content").join(content_type),
                format!("{what} bodies of type {content_type} (JSON, and other types as raw bytes, are supported)"),
            ));
        }
        Ok(Some((content_type, media)))
    }

    fn response_body(
        &mut self,
        response: &openapiv3::Response,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Option<TypeRef>> {
        let Some((content_type, media)) =
            self.pick_content(&response.content, pointer, "response")?
        else {
            return Ok(None);
        };
        if !is_json(content_type) {
            return Ok(Some(TypeRef::Bytes));
        }
        let at = pointer.join("content").join(content_type).join("schema");
        match &media.schema {
            None => Ok(Some(TypeRef::Json)),
            Some(schema) => Ok(Some(self.lower_schema_ref(schema, &at, hint)?.ty)),
        }
    }

    fn lower_security(
        &self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &Pointer,
    ) -> Result<Vec<AuthScheme>> {
        let mut schemes = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = pointer.join(index.to_string());
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
            let scheme_at = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
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
                        &at.join(name),
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

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
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
type ParameterKey = (String, std::mem::Discriminant<Parameter>);

/// Path-level parameters followed by operation-level ones; an operation-level
/// parameter replaces a path-level one with the same name and location, as
/// `key` (which resolves `$ref`s) tells them.
fn merge_parameters<'p>(
    path_level: &'p [ReferenceOr<Parameter>],
    op_level: &'p [ReferenceOr<Parameter>],
    path_at: &Pointer,
    op_at: &Pointer,
    key: impl Fn(&ReferenceOr<Parameter>) -> Option<ParameterKey>,
) -> Vec<(&'p ReferenceOr<Parameter>, Pointer)> {
    let op_keys: Vec<ParameterKey> = op_level.iter().filter_map(&key).collect();
    let mut merged: Vec<(&ReferenceOr<Parameter>, Pointer)> = path_level
        .iter()
        .enumerate()
        .filter(|(_, p)| !key(p).is_some_and(|k| op_keys.contains(&k)))
        .map(|(i, p)| (p, path_at.join("parameters").join(i.to_string())))
        .collect();
    merged.extend(
        op_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, op_at.join("parameters").join(i.to_string()))),
    );
    merged
}
