//! `src/requests.rs` and `src/operations.rs`: per operation, a function that
//! validates the input and builds the request (this is where a parameter
//! becomes a path piece, a query pair or a header), and the `Client` method
//! that sends it and decodes the answer.

use proc_macro2::TokenStream;
use quote::quote;

use super::checks::{Checks, Place};
use super::docs::{code, lines, prose};
use super::{rust_type, RustFile};
use crate::model::{
    Api, AuthScheme, BodyEncoding, Joint, KeyLocation, Operation, ParamLocation, ParamStyle,
    PathPart, RequestBody, StatusMatch, TypeKind, TypeRef,
};

/// `src/operations.rs`: one `impl Client` block per operation, holding its method.
pub(super) fn file<'a>(api: &'a Api, krate: &'a str) -> RustFile<'a> {
    RustFile::new(
        "src/operations.rs",
        api.operations.len(),
        move |range| {
            api.operations[range]
                .iter()
                .map(|op| method(api, krate, op))
                .collect()
        },
        || {
            let errors = api.operations.iter().map(|op| super::ident(&op.error_type));
            quote! {
                //! One method per operation of the spec.

                use crate::error::{Error, Response};
                use crate::operation_errors::{#(#errors),*};
            }
        },
    )
}

/// `src/requests.rs`: one request builder per operation.
pub(super) fn requests_file(api: &Api) -> RustFile<'_> {
    let checks = Checks::new(api);
    RustFile::new(
        "src/requests.rs",
        api.operations.len(),
        move |range| {
            api.operations[range]
                .iter()
                .map(|op| request_builder(api, op, checks))
                .collect()
        },
        || {
            let imports = request_imports(api);
            quote! {
                //! One function per operation: validates the input and builds the
                //! request, without sending it. [`crate::Client::prepare`] turns the
                //! result into the exact (signed) request; the `Client` methods send it.

                #imports
            }
        },
    )
}

/// The `use` lines of `requests.rs`: `AuthScheme` when an operation names
/// one, the `Validate` trait when an operation has parameters (checks of
/// bodies name it in full).
fn request_imports(api: &Api) -> TokenStream {
    let auth = api
        .operations
        .iter()
        .any(|op| !op.auth.is_empty())
        .then(|| {
            quote!(
                use crate::auth::AuthScheme;
            )
        });
    let validate = api
        .operations
        .iter()
        .any(|op| op.params_type.is_some())
        .then(|| {
            quote!(
                use crate::validate::Validate;
            )
        });
    quote! {
        #auth
        use crate::error::ValidationError;
        use crate::http::RequestParts;
        #validate
    }
}

fn method_docs(api: &Api, krate: &str, op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&prose(summary.trim()));
        text.push('\n');
    }
    if let Some(description) = &op.description {
        text.push_str(&prose(description.trim()));
        text.push('\n');
    }
    let success: Vec<String> = op.success.statuses.iter().map(|s| s.label()).collect();
    text.push_str(&format!(
        "{} (operation {}). Success: HTTP {}.",
        code(&format!("{} {}", op.method.as_str(), op.path)),
        code(&op.id),
        success.join(", ")
    ));
    if !op.errors.is_empty() {
        let errors: Vec<String> = op
            .errors
            .iter()
            .map(|e| {
                // The error enums are imported here, so the path resolves.
                format!(
                    "{} ([`{}::{}`])",
                    e.status.label(),
                    op.error_type,
                    e.variant
                )
            })
            .collect();
        text.push_str(&format!(" Documented errors: {}.", errors.join(", ")));
    }
    if !op.tags.is_empty() {
        let tags: Vec<String> = op.tags.iter().map(|t| code(t)).collect();
        text.push_str(&format!("\n\nTags: {}.", tags.join(", ")));
    }
    let auth: Vec<String> = op
        .auth
        .iter()
        .map(|a| match a {
            AuthScheme::TokenHeader(header) => format!("a token in {}", code(header)),
            AuthScheme::ApiKeyQuery(name) => {
                format!("an API key in the query parameter {}", code(name))
            }
            AuthScheme::ApiKeyCookie(name) => format!("an API key in the cookie {}", code(name)),
            AuthScheme::Bearer => "a bearer token".to_owned(),
            AuthScheme::Basic => "a user name and password (Basic)".to_owned(),
            AuthScheme::AkSkSigning => "AK/SK signing".to_owned(),
            AuthScheme::Anonymous => "none (credentials are optional)".to_owned(),
            AuthScheme::Combined { keys, with } => {
                let keys: Vec<String> = keys
                    .iter()
                    .map(|key| {
                        let place = match key.location {
                            KeyLocation::Header => "header",
                            KeyLocation::Query => "query parameter",
                            KeyLocation::Cookie => "cookie",
                        };
                        format!("{} ({place} {})", code(&key.scheme), code(&key.name))
                    })
                    .collect();
                let mut text = match keys.as_slice() {
                    [one] => format!("the API key {one}"),
                    [rest @ .., last] => format!("the API keys {} and {last}", rest.join(", ")),
                    [] => String::new(),
                };
                if keys.len() > 1 || with.is_some() {
                    text.push_str(" together");
                }
                match with {
                    Some(Joint::Bearer) => text.push_str(" with a bearer token"),
                    Some(Joint::Basic) => text.push_str(" with a user name and password (Basic)"),
                    None => {}
                }
                text.push_str(", given with `ClientBuilder::api_keys`");
                text
            }
        })
        .collect();
    if !auth.is_empty() {
        text.push_str(&format!("\n\nAuthentication: {}.", auth.join(" or ")));
    }
    text.push_str("\n\n");
    text.push_str(&super::examples::operation(api, krate, op));
    let mut docs = lines(&text);
    if op.deprecated {
        docs.extend(quote!(#[deprecated(note = "deprecated in the spec")]));
    }
    docs
}

/// The operation's arguments: `params` and/or `body`.
fn arguments(op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    if let Some(params_type) = &op.params_type {
        let ty = super::ident(params_type);
        args.push(quote!(params: &crate::types::#ty));
        names.push(quote!(params));
    }
    if let Some(body) = &op.body {
        let ty = rust_type(&body.ty, true);
        if body.required {
            args.push(quote!(body: &#ty));
        } else {
            args.push(quote!(body: Option<&#ty>));
        }
        names.push(quote!(body));
    }
    (args, names)
}

fn request_builder(api: &Api, op: &Operation, checks: Checks) -> TokenStream {
    let name = super::ident(&op.fn_name);
    let id = &op.id;
    let method = super::ident(op.method.as_str());
    let docs = lines(&format!(
        "Validates the input of `{}` and builds its request ([`Client::{}`](crate::Client::{}) sends it).",
        op.id, op.fn_name, op.fn_name
    ));
    let (args, _) = arguments(op);

    let mut validation = Vec::new();
    if op.params_type.is_some() {
        validation.push(quote!(params.validate()?;));
    }
    let mut body_setup = TokenStream::new();
    if let Some(body) = &op.body {
        let content_type = &body.content_type;
        validation.push(body_checks(api, body, &checks));
        let set = match &body.encoding {
            BodyEncoding::Raw => quote!(request.bytes(#content_type, body.clone());),
            BodyEncoding::Json => quote!(request.json(#content_type, body)?;),
            BodyEncoding::Form(fields) => {
                let styles = fields.iter().map(|f| {
                    let (name, style, explode) = (&f.wire_name, style_tokens(f.style), f.explode);
                    quote!((#name, #style, #explode))
                });
                quote!(request.form(#content_type, body, &[#(#styles),*])?;)
            }
            BodyEncoding::Multipart(files) => {
                let files = files.iter().map(|f| {
                    let (name, content_type) = (&f.wire_name, &f.content_type);
                    quote!((#name, #content_type))
                });
                quote!(request.multipart(body, &[#(#files),*])?;)
            }
        };
        body_setup = if body.required {
            set
        } else {
            quote!(if let Some(body) = body { #set })
        };
    }

    let path = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(request.path(#text);),
        PathPart::Param(index) => {
            let p = &op.params[*index];
            let field = super::ident(&p.field_name);
            match param_shape(api, &p.ty) {
                Shape::Scalar => {
                    quote!(request.path(&crate::http::ParamValue::to_param(&params.#field));)
                }
                // Joined values are checked as one segment once they are text.
                Shape::ScalarArray | Shape::Structured => {
                    let (wire, explode) = (&p.wire_name, p.explode);
                    quote! {{
                        let value = crate::http::to_json_value(#wire, &params.#field)?;
                        let value = crate::http::joined_value(&value, crate::http::Style::Simple, #explode);
                        crate::validate::path_segment(#wire, &value)?;
                        request.path(&value);
                    }}
                }
            }
        }
    });
    let query_and_headers = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let field = super::ident(&p.field_name);
            let wire = &p.wire_name;
            let add = |value: TokenStream| match p.location {
                ParamLocation::Header => quote!(request.header(#wire, #value);),
                ParamLocation::Cookie => quote!(request.cookie(#wire, #value);),
                _ => quote!(request.query(#wire, #value);),
            };
            let style = if p.location == ParamLocation::Query {
                p.style
            } else {
                ParamStyle::Simple
            };
            let shape = param_shape(api, &p.ty);
            let push = match shape {
                Shape::Scalar => add(quote!(value)),
                Shape::ScalarArray if p.explode && style == ParamStyle::Form => {
                    let add = add(quote!(item));
                    quote!(for item in value.iter() { #add })
                }
                Shape::ScalarArray if style == ParamStyle::DeepObject => {
                    let style = style_tokens(style);
                    quote!(request.query_value(#wire, #style, true, value)?;)
                }
                Shape::ScalarArray => {
                    let delimiter = match style {
                        ParamStyle::SpaceDelimited => " ",
                        ParamStyle::PipeDelimited => "|",
                        _ => ",",
                    };
                    add(quote!(crate::http::join_values(value, #delimiter)))
                }
                Shape::Structured if p.location == ParamLocation::Query => {
                    let (style, explode) = (style_tokens(style), p.explode);
                    quote!(request.query_value(#wire, #style, #explode, value)?;)
                }
                Shape::Structured => {
                    let explode = p.explode;
                    let add = add(quote!(crate::http::joined_value(&value, crate::http::Style::Simple, #explode)));
                    quote! {
                        let value = crate::http::to_json_value(#wire, value)?;
                        #add
                    }
                }
            };
            if p.required {
                quote!({ let value = &params.#field; #push })
            } else if shape == Shape::Scalar && p.location == ParamLocation::Query {
                quote!(request.optional_query(#wire, params.#field.as_ref());)
            } else {
                quote!(if let Some(value) = &params.#field { #push })
            }
        });

    let auth = op.auth.iter().map(|a| match a {
        AuthScheme::TokenHeader(header) => quote!(AuthScheme::TokenHeader(#header)),
        AuthScheme::ApiKeyQuery(name) => quote!(AuthScheme::ApiKeyQuery(#name)),
        AuthScheme::ApiKeyCookie(name) => quote!(AuthScheme::ApiKeyCookie(#name)),
        AuthScheme::Bearer => quote!(AuthScheme::Bearer),
        AuthScheme::Basic => quote!(AuthScheme::Basic),
        AuthScheme::AkSkSigning => quote!(AuthScheme::AkSkSigning),
        AuthScheme::Anonymous => quote!(AuthScheme::Anonymous),
        AuthScheme::Combined { keys, with } => {
            let keys = keys.iter().map(|key| {
                let scheme = &key.scheme;
                let name = &key.name;
                let location = match key.location {
                    KeyLocation::Header => quote!(Header),
                    KeyLocation::Query => quote!(Query),
                    KeyLocation::Cookie => quote!(Cookie),
                };
                quote!(crate::auth::ApiKey {
                    scheme: #scheme,
                    location: crate::auth::KeyLocation::#location(#name),
                })
            });
            let with = match with {
                None => quote!(None),
                Some(Joint::Bearer) => quote!(Some(crate::auth::Joint::Bearer)),
                Some(Joint::Basic) => quote!(Some(crate::auth::Joint::Basic)),
            };
            quote!(AuthScheme::Combined { keys: &[#(#keys),*], with: #with })
        }
    });

    // `#[inline]`: compiled in the crate that calls it, and only if it does.
    quote! {
        #docs
        #[inline]
        pub fn #name(#(#args),*) -> Result<RequestParts, ValidationError> {
            #(#validation)*
            let mut request = RequestParts::new(#id, reqwest::Method::#method, &[#(#auth),*]);
            #(#path)*
            #(#query_and_headers)*
            #body_setup
            Ok(request)
        }
    }
}

fn method(api: &Api, krate: &str, op: &Operation) -> TokenStream {
    let docs = method_docs(api, krate, op);
    let name = super::ident(&op.fn_name);
    let error = super::ident(&op.error_type);
    let (args, names) = arguments(op);
    let success_ty = success_type(op);
    let arms = response_arms(op, &error);
    quote! {
        impl crate::Client {
            #docs
            pub async fn #name(&self, #(#args),*) -> Result<Response<#success_ty>, Error<#error>> {
                let request = crate::requests::#name(#(#names),*)?;
                let response = self.execute(request).await?;
                match response.status() {
                    #(#arms)*
                    _ => response.fail(),
                }
            }
        }
    }
}

/// The body type of a successful call: the shared body, `()`, or the
/// operation's success enum.
fn success_type(op: &Operation) -> TokenStream {
    match (&op.success.variants, &op.success.body) {
        (Some((name, _)), _) => {
            let ident = super::ident(name);
            quote!(crate::types::#ident)
        }
        (None, Some(ty)) => rust_type(ty, true),
        (None, None) => quote!(()),
    }
}

/// The `match` arms on the status, in matching order: explicit codes
/// (success first), then ranges, then the `default` response.
fn response_arms(op: &Operation, error: &proc_macro2::Ident) -> Vec<TokenStream> {
    let mut arms: Vec<(u8, TokenStream)> = Vec::new();
    match &op.success.variants {
        None => {
            let decode = success_decode(op.success.body.as_ref(), None);
            let codes: Vec<TokenStream> = op
                .success
                .statuses
                .iter()
                .filter(|s| matches!(s, StatusMatch::Code(_)))
                .map(|s| status_pattern(*s))
                .collect();
            if !codes.is_empty() {
                arms.push((0, quote!(#(#codes)|* => #decode,)));
            }
            for status in op
                .success
                .statuses
                .iter()
                .filter(|s| !matches!(s, StatusMatch::Code(_)))
            {
                let pattern = status_pattern(*status);
                arms.push((rank(*status), quote!(#pattern => #decode,)));
            }
        }
        Some((enum_name, variants)) => {
            let enum_ident = super::ident(enum_name);
            for v in variants {
                let variant = super::ident(&v.variant);
                let decode = success_decode(
                    v.body.as_ref(),
                    Some(quote!(crate::types::#enum_ident::#variant)),
                );
                let pattern = status_pattern(v.status);
                arms.push((rank(v.status), quote!(#pattern => #decode,)));
            }
        }
    }
    for e in &op.errors {
        let pattern = status_pattern(e.status);
        let variant = super::ident(&e.variant);
        let decode = match &e.body {
            Some(TypeRef::Bytes) => quote!(response.fail_bytes(#error::#variant)),
            Some(_) => quote!(response.fail_json(#error::#variant)),
            None => quote!(response.fail_empty(#error::#variant)),
        };
        arms.push((rank(e.status), quote!(#pattern => #decode,)));
    }
    // Stable: within a rank, success arms stay first and codes ascending.
    arms.sort_by_key(|(rank, _)| *rank);
    arms.into_iter().map(|(_, arm)| arm).collect()
}

/// Where a status's arm goes: codes, then ranges, then `default`.
fn rank(status: StatusMatch) -> u8 {
    match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    }
}

/// The pattern matching a documented status.
fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(digit) => {
            let low = proc_macro2::Literal::u16_unsuffixed(digit * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(status if !(200..=299).contains(&status)),
    }
}

/// Decodes a success body of type `body`, wrapped in the success enum
/// variant `wrap` when given.
fn success_decode(body: Option<&TypeRef>, wrap: Option<TokenStream>) -> TokenStream {
    match (body, wrap) {
        (None, None) => quote!(Ok(response.empty())),
        (None, Some(variant)) => quote!(Ok(response.empty().map(|()| #variant))),
        (Some(TypeRef::Bytes), None) => quote!(response.ok_bytes()),
        (Some(TypeRef::Bytes), Some(variant)) => {
            quote!(response.ok_bytes().map(|r| r.map(#variant)))
        }
        (Some(_), None) => quote!(response.ok_json()),
        (Some(_), Some(variant)) => quote!(response.ok_json().map(|r| r.map(#variant))),
    }
}

/// The checks of the request body `body`: a struct body names its fields
/// alone in errors (`serial_number`), any other body is `body` (`body[2].sku`).
fn body_checks(api: &Api, body: &RequestBody, checks: &Checks) -> TokenStream {
    let label = if api.struct_fields(&body.ty).is_some() {
        ""
    } else {
        "body"
    };
    checks.bound(
        quote!(body),
        !body.required,
        &Place::body(label),
        &body.ty,
        &body.constraints,
    )
}

/// How a parameter's value is spelled: as it is, as a joined list of
/// scalars, or through its JSON form (objects, maps, unions, nested arrays).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar,
    ScalarArray,
    Structured,
}

fn param_shape(api: &Api, ty: &TypeRef) -> Shape {
    let scalar = |ty: &TypeRef| match api.resolve(ty) {
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Named(name) => matches!(
            api.named(name).map(|(def, _)| &def.kind),
            Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
        ),
        _ => false,
    };
    match api.resolve(ty) {
        ty if scalar(ty) => Shape::Scalar,
        TypeRef::Array(item) if scalar(item) => Shape::ScalarArray,
        _ => Shape::Structured,
    }
}

/// The runtime's `Style` for a model style.
fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form => quote!(crate::http::Style::Form),
        ParamStyle::Simple => quote!(crate::http::Style::Simple),
        ParamStyle::SpaceDelimited => quote!(crate::http::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(crate::http::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(crate::http::Style::DeepObject),
    }
}
