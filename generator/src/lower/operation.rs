//! Paths and operations become [`Operation`]s: parameters, bodies,
//! responses and authentication.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, HeaderStyle, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, Schema, SchemaKind, SecurityScheme, StatusCode, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};

use super::at::{unescape, At};
use super::naming::{pascal, reserved, snake, status_variant, Hint, Scope};
use super::Lowerer;
use crate::error::Result;
use crate::fast_hash::{FastMap, FastSet};
use crate::model::{
    ApiKey, AuthScheme, BodyEncoding, ErrorResponse, FieldEncoding, HttpMethod, Joint, KeyLocation,
    MultipartFile, Operation, Param, ParamLocation, ParamStyle, PathPart, RequestBody, StatusMatch,
    Success, SuccessVariant, TypeKind, TypeRef,
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
        let combined = self.combined_schemes();
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
                        self.lower_security(requirements, &at.key("security"), &combined)?
                    }
                    (None, Some(requirements)) => {
                        self.lower_security(requirements, &root.key("security"), &combined)?
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
        let data = param.parameter_data_ref();
        let (location, style, explode) = match param {
            Parameter::Query { style, .. } => {
                let style = match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                };
                // `form` explodes unless told otherwise; the other styles
                // have one spelling each.
                let explode = data.explode.unwrap_or(style == ParamStyle::Form);
                (ParamLocation::Query, style, explode)
            }
            Parameter::Header { style, .. } => {
                let HeaderStyle::Simple = style;
                (
                    ParamLocation::Header,
                    ParamStyle::Simple,
                    data.explode.unwrap_or(false),
                )
            }
            Parameter::Path { style, .. } => {
                if *style != PathStyle::Simple {
                    return Err(self.unsupported(
                        &pointer.key("style"),
                        "path parameter styles other than `simple`".into(),
                    ));
                }
                (
                    ParamLocation::Path,
                    ParamStyle::Simple,
                    data.explode.unwrap_or(false),
                )
            }
            Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, false),
        };
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
        if location == ParamLocation::Cookie && !self.is_scalar(&lowered.ty) {
            return Err(self.unsupported(
                &at_schema,
                format!(
                    "{} parameter {:?} of this type; scalars and enums are supported",
                    location_name(location),
                    data.name
                ),
            ));
        }
        if style == ParamStyle::DeepObject && !self.is_object(&lowered.ty) {
            // Any other value would be sent as plain `name=value`, which
            // is not what `deepObject` promises the server.
            self.warn(
                &pointer.key("style"),
                "`deepObject` describes objects; this value is sent in `form` style",
            );
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
            style,
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
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Named(name) => matches!(
                self.type_kind(name),
                Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
            ),
            TypeRef::Json | TypeRef::Bytes | TypeRef::Array(_) | TypeRef::Map(_) => false,
        }
    }

    /// Whether values of `ty` are JSON objects: structs and maps.
    pub(super) fn is_object(&self, ty: &TypeRef) -> bool {
        match self.without_alias(ty) {
            TypeRef::Map(_) => true,
            TypeRef::Named(name) => matches!(self.type_kind(name), Some(TypeKind::Struct(_))),
            _ => false,
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
        let Some((content_type, media)) = self.pick_content(&body.content, &pointer, true) else {
            return Err(self.invalid(
                &pointer.key("content"),
                "the request body has no content".into(),
            ));
        };
        let kind = media_kind(content_type);
        if kind == MediaKind::Other {
            return Ok(RequestBody {
                content_type: content_type.clone(),
                encoding: BodyEncoding::Raw,
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
        let encoding = match kind {
            MediaKind::Form | MediaKind::Multipart if !self.is_object(&lowered.ty) => {
                return Err(self.unsupported(
                    &at,
                    format!("a {content_type} body that is not an object of named fields"),
                ))
            }
            MediaKind::Form => BodyEncoding::Form(
                media
                    .encoding
                    .iter()
                    .filter(|(_, e)| e.style.is_some() || e.explode)
                    .map(|(name, e)| FieldEncoding {
                        wire_name: name.clone(),
                        style: match e.style {
                            None | Some(QueryStyle::Form) => ParamStyle::Form,
                            Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                            Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                            Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                        },
                        explode: e.explode,
                    })
                    .collect(),
            ),
            MediaKind::Multipart => {
                let files = self.file_fields(&lowered.ty, schema);
                BodyEncoding::Multipart(
                    files
                        .into_iter()
                        .map(|wire_name| MultipartFile {
                            content_type: media
                                .encoding
                                .get(&wire_name)
                                .and_then(|e| e.content_type.clone())
                                .unwrap_or_else(|| "application/octet-stream".to_owned()),
                            wire_name,
                        })
                        .collect(),
                )
            }
            MediaKind::Json | MediaKind::Other => BodyEncoding::Json,
        };
        Ok(RequestBody {
            content_type: content_type.clone(),
            encoding,
            ty: lowered.ty,
            required: body.required,
            description: body.description.clone(),
            constraints: lowered.constraints,
        })
    }

    /// The properties of a multipart body's schema that hold a file
    /// (`type: string, format: binary`); their fields become bytes.
    fn file_fields(&mut self, ty: &TypeRef, schema: &'a ReferenceOr<Schema>) -> Vec<String> {
        let schema = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .map(unescape)
                .and_then(|name| {
                    self.spec
                        .components
                        .as_ref()
                        .and_then(|c| c.schemas.get(name.as_ref()))
                })
                .and_then(|s| s.as_item()),
        };
        let Some(SchemaKind::Type(Type::Object(object))) = schema.map(|s| &s.schema_kind) else {
            return Vec::new();
        };
        let files: Vec<String> = object
            .properties
            .iter()
            .filter(|(_, property)| {
                matches!(
                    property.as_item().map(|p| &p.schema_kind),
                    Some(SchemaKind::Type(Type::String(StringType {
                        format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
                        ..
                    })))
                )
            })
            .map(|(name, _)| name.clone())
            .collect();
        let TypeRef::Named(name) = self.without_alias(ty).clone() else {
            return Vec::new();
        };
        let Some(&index) = self.type_index.get(&name) else {
            return Vec::new();
        };
        if let TypeKind::Struct(fields) = &mut self.types[index].kind {
            for field in fields.iter_mut().filter(|f| files.contains(&f.wire_name)) {
                field.ty = TypeRef::Bytes;
                field.constraints = Default::default();
                field.default = None;
            }
        }
        files
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
            if !response.links.is_empty() {
                self.warn(
                    &at.key("links"),
                    "links describe requests that may follow this response; the client does not make them",
                );
            }
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
            // Redirects are not followed: a documented 3xx (a download's
            // 302) is the answer the caller wants, headers and all.
            let redirects: Vec<StatusMatch> = errors
                .iter()
                .map(|e| e.status)
                .filter(|s| matches!(s, StatusMatch::Code(300..=399) | StatusMatch::Range(3)))
                .collect();
            if redirects.is_empty() {
                self.warn(
                    pointer,
                    "no success (2xx or 3xx) response is documented; any 2xx is a success, its body returned as bytes",
                );
                successes.push((StatusMatch::Range(2), Some(TypeRef::Bytes)));
            } else {
                self.warn(
                    pointer,
                    "no 2xx response is documented; the documented redirects are the success, without a body",
                );
                errors.retain(|e| !redirects.contains(&e.status));
                successes.extend(redirects.into_iter().map(|s| (s, None)));
            }
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

    /// The content to use from a body's `content` map: JSON if there is
    /// one; for a request, else a form, else multipart; else the first one
    /// (sent and read as raw bytes). The others are reported as dropped.
    fn pick_content<'c>(
        &mut self,
        content: &'c IndexMap<String, openapiv3::MediaType>,
        pointer: &At<'_>,
        request: bool,
    ) -> Option<(&'c String, &'c openapiv3::MediaType)> {
        let preference: &[MediaKind] = if request {
            &[MediaKind::Json, MediaKind::Form, MediaKind::Multipart]
        } else {
            &[MediaKind::Json]
        };
        let picked = preference
            .iter()
            .find_map(|kind| content.iter().find(|(t, _)| media_kind(t) == *kind))
            .or_else(|| content.iter().next())?;
        if content.len() > 1 {
            let others: Vec<&str> = content
                .keys()
                .filter(|t| *t != picked.0)
                .map(String::as_str)
                .collect();
            self.warn(
                &pointer.key("content"),
                format!(
                    "the client {} only {}; not {}",
                    if request { "sends" } else { "reads" },
                    picked.0,
                    others.join(", ")
                ),
            );
        }
        Some(picked)
    }

    fn response_body(
        &mut self,
        response: &'a openapiv3::Response,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Option<TypeRef>> {
        let Some((content_type, media)) = self.pick_content(&response.content, pointer, false)
        else {
            return Ok(None);
        };
        if media_kind(content_type) != MediaKind::Json {
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

    /// The `apiKey` schemes that some security requirement of the spec
    /// combines with others: their values are configured by scheme name
    /// wherever they are used, alone or not.
    fn combined_schemes(&self) -> FastSet<&'a str> {
        let spec = self.spec;
        let operations = spec
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .flat_map(|item| item.iter())
            .filter_map(|(_, op)| op.security.as_ref());
        spec.security
            .iter()
            .chain(operations)
            .flatten()
            .filter(|requirement| requirement.len() > 1)
            .flat_map(|requirement| requirement.keys().map(String::as_str))
            .collect()
    }

    fn lower_security(
        &mut self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &At<'_>,
        combined: &FastSet<&str>,
    ) -> Result<Vec<AuthScheme>> {
        let mut schemes = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = pointer.index(index);
            let lowered = match requirement.keys().next() {
                // `{}` makes authentication optional.
                None => AuthScheme::Anonymous,
                Some(name) if requirement.len() == 1 => {
                    self.lower_single_scheme(name, &at, combined)?
                }
                Some(_) => self.lower_combined(requirement, &at)?,
            };
            if !schemes.contains(&lowered) {
                schemes.push(lowered);
            }
        }
        Ok(schemes)
    }

    /// The scheme a requirement at `at` names, from `components/securitySchemes`.
    fn security_scheme(&self, name: &str, at: &At<'_>) -> Result<&'a SecurityScheme> {
        let spec = self.spec;
        match spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name))
        {
            Some(ReferenceOr::Item(scheme)) => Ok(scheme),
            Some(ReferenceOr::Reference { .. }) => Err(self.unsupported(
                &At::component("securitySchemes", name),
                "a $ref to a security scheme".into(),
            )),
            None => Err(self.invalid(
                &at.key(name),
                format!("security scheme {name:?} is not defined in #/components/securitySchemes"),
            )),
        }
    }

    /// A requirement naming one scheme.
    fn lower_single_scheme(
        &mut self,
        name: &str,
        at: &At<'_>,
        combined: &FastSet<&str>,
    ) -> Result<AuthScheme> {
        let scheme = self.security_scheme(name, at)?;
        Ok(match self.scheme_kind(name, scheme)? {
            SchemeKind::Signing => AuthScheme::AkSkSigning,
            SchemeKind::Key(key) if combined.contains(name) => AuthScheme::Combined {
                keys: vec![key],
                with: None,
            },
            SchemeKind::Key(key) => match key.location {
                KeyLocation::Header => AuthScheme::TokenHeader(key.name),
                KeyLocation::Query => AuthScheme::ApiKeyQuery(key.name),
                KeyLocation::Cookie => AuthScheme::ApiKeyCookie(key.name),
            },
            SchemeKind::Joint(Joint::Bearer) => AuthScheme::Bearer,
            SchemeKind::Joint(Joint::Basic) => AuthScheme::Basic,
        })
    }

    /// A requirement naming several schemes, all of which a request
    /// satisfies at once: API keys, and at most one scheme that uses the
    /// `Authorization` header.
    fn lower_combined(
        &mut self,
        requirement: &openapiv3::SecurityRequirement,
        at: &At<'_>,
    ) -> Result<AuthScheme> {
        let mut keys: Vec<ApiKey> = Vec::new();
        let mut with: Option<(Joint, &str)> = None;
        for name in requirement.keys() {
            let scheme = self.security_scheme(name, at)?;
            let joint = match self.scheme_kind(name, scheme)? {
                SchemeKind::Key(key) => {
                    // Two values in one place: one would overwrite the other.
                    let clash = keys.iter().find(|known| {
                        known.location == key.location
                            && match key.location {
                                KeyLocation::Header => known.name.eq_ignore_ascii_case(&key.name),
                                KeyLocation::Query | KeyLocation::Cookie => known.name == key.name,
                            }
                    });
                    if let Some(known) = clash {
                        return Err(self.invalid(
                        &at.key(name),
                        format!(
                            "schemes {:?} and {name:?}, required together, both send their value as {}",
                            known.scheme,
                            key.place()
                        ),
                    ));
                    }
                    keys.push(key);
                    continue;
                }
                SchemeKind::Joint(joint) => joint,
                SchemeKind::Signing => {
                    return Err(self.unsupported(
                        &at.key(name),
                        format!(
                            "AK/SK signing ({name:?}) combined with other schemes in one security \
                         requirement: a signed request carries no other credentials"
                        ),
                    ))
                }
            };
            if let Some((_, first)) = with {
                return Err(self.unsupported(
                    &at.key(name),
                    format!(
                        "schemes {first:?} and {name:?} required together: both send the \
                         Authorization header, which carries one"
                    ),
                ));
            }
            with = Some((joint, name));
        }
        if with.is_some() {
            if let Some(key) = keys.iter().find(|k| {
                k.location == KeyLocation::Header && k.name.eq_ignore_ascii_case("authorization")
            }) {
                return Err(self.unsupported(
                    &at.key(&key.scheme),
                    format!(
                        "API key {:?} in the Authorization header, required together with \
                         a scheme that sends that header too",
                        key.scheme
                    ),
                ));
            }
        }
        Ok(AuthScheme::Combined {
            keys,
            with: with.map(|(joint, _)| joint),
        })
    }

    /// What kind of credentials the scheme `name` takes.
    fn scheme_kind(&self, name: &str, scheme: &SecurityScheme) -> Result<SchemeKind> {
        match scheme {
            SecurityScheme::APIKey {
                location,
                name: wire_name,
                description,
                extensions,
            } => {
                let location = match location {
                    APIKeyLocation::Header if extensions.contains_key(SIGNING_EXTENSION) => {
                        return Ok(SchemeKind::Signing)
                    }
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                Ok(SchemeKind::Key(ApiKey {
                    scheme: name.to_owned(),
                    location,
                    name: wire_name.clone(),
                    description: description.clone(),
                }))
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                Ok(SchemeKind::Joint(Joint::Bearer))
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                Ok(SchemeKind::Joint(Joint::Basic))
            }
            SecurityScheme::HTTP { scheme, .. } => Err(self.unsupported(
                &At::component("securitySchemes", name).key("scheme"),
                format!(
                    "the HTTP authentication scheme {scheme:?} (bearer and basic are supported)"
                ),
            )),
            // The caller obtains the access token; the client sends it.
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                Ok(SchemeKind::Joint(Joint::Bearer))
            }
        }
    }
}

/// What a security scheme asks of the caller.
enum SchemeKind {
    /// Huawei Cloud AK/SK signing.
    Signing,
    /// A value of its own, in a header, query parameter or cookie.
    Key(ApiKey),
    /// A scheme of the `Authorization` header.
    Joint(Joint),
}

/// How a body of some media type is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaKind {
    /// `application/json` or `<anything>+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Anything else: raw bytes.
    Other,
}

/// The kind of a media type, ignoring parameters (`;charset=utf-8`) and
/// ASCII case.
fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_type.split(';').next().unwrap_or("").trim().as_bytes();
    if essence.eq_ignore_ascii_case(b"application/json")
        || essence.len() >= 5 && essence[essence.len() - 5..].eq_ignore_ascii_case(b"+json")
    {
        MediaKind::Json
    } else if essence.eq_ignore_ascii_case(b"application/x-www-form-urlencoded") {
        MediaKind::Form
    } else if essence.eq_ignore_ascii_case(b"multipart/form-data") {
        MediaKind::Multipart
    } else {
        MediaKind::Other
    }
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
