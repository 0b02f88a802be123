//! `src/requests.rs` and `src/operations.rs`: per operation, a function that
//! validates the input and builds the request (this is where a parameter
//! becomes a path piece, a query pair or a header), and the `Client` method
//! that sends it and decodes the answer.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::checks::{Checks, Place};
use super::docs::lines;
use super::rust_type;
use crate::model::{Api, AuthScheme, Operation, ParamLocation, PathPart, RequestBody, TypeRef};

pub fn emit(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(method);
    let errors = api
        .operations
        .iter()
        .map(|op| format_ident!("{}", op.error_type));
    quote! {
        //! One method per operation of the spec.

        use crate::error::{Error, Response};
        use crate::operation_errors::{#(#errors),*};

        impl crate::Client {
            #(#methods)*
        }
    }
}

pub fn emit_requests(api: &Api) -> TokenStream {
    let mut checks = Checks::new(api);
    let builders: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| request_builder(op, &mut checks))
        .collect();
    let imports = request_imports(api, &checks);
    quote! {
        //! One function per operation: validates the input and builds the
        //! request, without sending it. [`crate::Client::prepare`] turns the
        //! result into the exact (signed) request; the `Client` methods send it.

        #imports

        #(#builders)*
    }
}

/// The `use` lines of `requests.rs`: `AuthScheme` when an operation names
/// one, the `validate` module and trait when a check calls them.
fn request_imports(api: &Api, checks: &Checks) -> TokenStream {
    let auth = api
        .operations
        .iter()
        .any(|op| !op.auth.is_empty())
        .then(|| {
            quote!(
                use crate::auth::AuthScheme;
            )
        });
    // Every parameter struct is validated with `Validate::validate`.
    let uses_trait =
        checks.uses_trait() || api.operations.iter().any(|op| op.params_type.is_some());
    let validate = match (checks.uses_functions(), uses_trait) {
        (true, true) => quote!(
            use crate::validate::{self, Validate};
        ),
        (false, true) => quote!(
            use crate::validate::Validate;
        ),
        (true, false) => quote!(
            use crate::validate;
        ),
        (false, false) => TokenStream::new(),
    };
    quote! {
        #auth
        use crate::error::ValidationError;
        use crate::http::RequestParts;
        #validate
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    let success: Vec<String> = op.success.statuses.iter().map(u16::to_string).collect();
    text.push_str(&format!(
        "`{} {}` (operation `{}`). Success: HTTP {}.",
        op.method.as_str(),
        op.path,
        op.id,
        success.join(", ")
    ));
    if !op.errors.is_empty() {
        let errors: Vec<String> = op
            .errors
            .iter()
            .map(|e| {
                format!(
                    "{} ([`{}::{}`](crate::operation_errors::{}::{}))",
                    e.status, op.error_type, e.variant, op.error_type, e.variant
                )
            })
            .collect();
        text.push_str(&format!(" Documented errors: {}.", errors.join(", ")));
    }
    let auth: Vec<String> = op
        .auth
        .iter()
        .map(|a| match a {
            AuthScheme::TokenHeader(header) => format!("a token in `{header}`"),
            AuthScheme::AkSkSigning => "AK/SK signing".to_owned(),
            AuthScheme::Anonymous => "none (credentials are optional)".to_owned(),
        })
        .collect();
    if !auth.is_empty() {
        text.push_str(&format!("\n\nAuthentication: {}.", auth.join(" or ")));
    }
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
        let ty = format_ident!("{}", params_type);
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

fn request_builder(op: &Operation, checks: &mut Checks) -> TokenStream {
    let name = format_ident!("{}", op.fn_name);
    let id = &op.id;
    let method = format_ident!("{}", op.method.as_str());
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
        validation.push(body_checks(body, checks));
        body_setup = if body.required {
            quote!(request.json(#content_type, body)?;)
        } else {
            quote!(if let Some(body) = body { request.json(#content_type, body)?; })
        };
    }

    let path = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(request.path(#text);),
        PathPart::Param(index) => {
            let field = format_ident!("{}", op.params[*index].field_name);
            quote!(request.path(&crate::http::ParamValue::to_param(&params.#field));)
        }
    });
    let query_and_headers = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let field = format_ident!("{}", p.field_name);
            let wire = &p.wire_name;
            let add = |value: TokenStream| match p.location {
                ParamLocation::Header => quote!(request.header(#wire, #value);),
                _ => quote!(request.query(#wire, #value);),
            };
            let push = match checks.resolve(&p.ty) {
                TypeRef::Array(_) if p.explode => {
                    let add = add(quote!(item));
                    quote!(for item in value.iter() { #add })
                }
                TypeRef::Array(_) => add(quote!(crate::http::join_values(value))),
                _ => add(quote!(value)),
            };
            if p.required {
                quote!({ let value = &params.#field; #push })
            } else {
                quote!(if let Some(value) = &params.#field { #push })
            }
        });

    let auth = op.auth.iter().map(|a| match a {
        AuthScheme::TokenHeader(header) => quote!(AuthScheme::TokenHeader(#header)),
        AuthScheme::AkSkSigning => quote!(AuthScheme::AkSkSigning),
        AuthScheme::Anonymous => quote!(AuthScheme::Anonymous),
    });

    quote! {
        #docs
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

fn method(op: &Operation) -> TokenStream {
    let docs = method_docs(op);
    let name = format_ident!("{}", op.fn_name);
    let error = format_ident!("{}", op.error_type);
    let (args, names) = arguments(op);

    let success_ty = match &op.success.body {
        Some(ty) => rust_type(ty, true),
        None => quote!(()),
    };
    let statuses = op
        .success
        .statuses
        .iter()
        .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    let success = match &op.success.body {
        Some(_) => quote! {
            #(#statuses)|* => response.json().map_err(|unexpected| Error::Api(#error::Unexpected(unexpected))),
        },
        None => quote!(#(#statuses)|* => Ok(response.empty()),),
    };
    let errors = op.errors.iter().map(|e| {
        let status = proc_macro2::Literal::u16_unsuffixed(e.status);
        let variant = format_ident!("{}", e.variant);
        match &e.body {
            Some(_) => quote! {
                #status => Err(Error::Api(
                    response.error_json().map_or_else(#error::Unexpected, #error::#variant),
                )),
            },
            None => quote!(#status => Err(Error::Api(#error::#variant(response.error_empty()))),),
        }
    });

    quote! {
        #docs
        pub async fn #name(&self, #(#args),*) -> Result<Response<#success_ty>, Error<#error>> {
            let request = crate::requests::#name(#(#names),*)?;
            let response = self.execute(request).await?;
            match response.status() {
                #success
                #(#errors)*
                _ => Err(Error::Api(#error::Unexpected(response.unexpected()))),
            }
        }
    }
}

/// The checks of the request body `body`: a struct body names its fields
/// alone in errors (`serial_number`), any other body is `body` (`body[2].sku`).
fn body_checks(body: &RequestBody, checks: &mut Checks) -> TokenStream {
    let label = if checks.is_struct(&body.ty) {
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
