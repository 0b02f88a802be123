//! `src/types.rs`: schema types, operation parameter structs, and their
//! client-side validation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::checks::{Checks, Place};
use super::docs::doc;
use super::rust_type;
use crate::model::{Api, Field, Operation, ParamLocation, TypeDef, TypeKind, TypeRef};

pub fn emit(api: &Api) -> TokenStream {
    let mut checks = Checks::new(api);
    let types: Vec<TokenStream> = api
        .types
        .iter()
        .map(|def| type_def(def, &mut checks))
        .collect();
    let params: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| params_struct(op, &mut checks))
        .collect();
    let imports = imports(api, &checks);
    quote! {
        //! Request and response types from the spec's schemas, and one
        //! parameter struct per operation that takes parameters.
        #![allow(clippy::large_enum_variant)]

        #imports

        #(#types)*
        #(#params)*
    }
}

/// The `use` lines the emitted types need, and no more: serde for structs
/// and enums, `Validate` and `ValidationError` for the `Validate` impls of
/// structs, the `validate` module for the checks in them.
fn imports(api: &Api, checks: &Checks) -> TokenStream {
    let structs = api
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Struct(_)))
        || api.operations.iter().any(|op| op.params_type.is_some());
    let enums = api
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::StringEnum(_)));
    let serde = (structs || enums).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let error = structs.then(|| {
        quote!(
            use crate::error::ValidationError;
        )
    });
    let validate = match (checks.uses_functions(), structs) {
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
        #serde

        #error
        #validate
    }
}

fn type_def(def: &TypeDef, checks: &mut Checks) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc(
        def.description.as_deref(),
        &format!("The `{}` schema.", def.name),
    );
    match &def.kind {
        TypeKind::Alias(ty, _) => {
            let ty = rust_type(ty, false);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::StringEnum(variants) => {
            let idents: Vec<_> = variants
                .iter()
                .map(|v| format_ident!("{}", v.variant_name))
                .collect();
            let wires: Vec<_> = variants.iter().map(|v| v.wire_value.as_str()).collect();
            let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
            quote! {
                #docs
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
                pub enum #name {
                    #( #[doc = #variant_docs] #[serde(rename = #wires)] #idents, )*
                }

                impl #name {
                    /// The value as it appears on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self { #( Self::#idents => #wires, )* }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl crate::http::ParamValue for #name {
                    fn to_param(&self) -> std::borrow::Cow<'_, str> {
                        std::borrow::Cow::Borrowed(self.as_str())
                    }
                }
            }
        }
        TypeKind::Struct(fields) => struct_def(&name, &docs, fields, checks),
    }
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty, false);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if !field.required || field.nullable {
        ty = quote!(Option<#ty>);
    }
    ty
}

fn struct_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    fields: &[Field],
    checks: &mut Checks,
) -> TokenStream {
    let members = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.field_name);
        let ty = field_type(f);
        let docs = doc(
            f.description.as_deref(),
            &format!("The `{}` field.", f.wire_name),
        );
        let wire = &f.wire_name;
        let rename = (f.field_name != f.wire_name).then(|| quote!(#[serde(rename = #wire)]));
        let optional = (!f.required)
            .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
        quote! { #docs #rename #optional pub #ident: #ty, }
    });
    let constructor = constructor(name, fields);
    let field_checks = field_checks(fields, checks);
    let uses_at = field_checks.iter().any(|c| !c.is_empty());
    let validate = validate_impl(name, &field_checks, uses_at);
    let default = (!fields.iter().any(|f| f.required)).then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
        pub struct #name { #(#members)* }

        #constructor
        #validate
    }
}

/// `new(...)` taking the required, non-nullable fields.
fn constructor(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    if !fields.iter().any(|f| f.required) {
        // Everything is optional: `Default` is the constructor.
        return TokenStream::new();
    }
    let args = fields.iter().filter(|f| f.required).map(|f| {
        let ident = format_ident!("{}", f.field_name);
        let ty = if f.nullable {
            let inner = rust_type(&f.ty, false);
            quote!(Option<#inner>)
        } else if f.ty == TypeRef::String {
            quote!(impl Into<String>)
        } else {
            rust_type(&f.ty, false)
        };
        quote!(#ident: #ty)
    });
    let inits = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.field_name);
        if !f.required {
            quote!(#ident: None)
        } else if f.nullable && f.boxed {
            quote!(#ident: #ident.map(Box::new))
        } else if f.nullable {
            quote!(#ident)
        } else if f.boxed {
            quote!(#ident: Box::new(#ident))
        } else if f.ty == TypeRef::String {
            quote!(#ident: #ident.into())
        } else {
            quote!(#ident)
        }
    });
    quote! {
        impl #name {
            /// A value with the required fields set and the optional ones empty.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// The checks of each field of a struct (`self`), in field order.
fn field_checks(fields: &[Field], checks: &mut Checks) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let ident = format_ident!("{}", f.field_name);
            let optional = !f.required || f.nullable;
            checks.bound(
                quote!(&self.#ident),
                optional,
                &Place::field(&f.wire_name),
                &f.ty,
                &f.constraints,
            )
        })
        .collect()
}

fn validate_impl(name: &proc_macro2::Ident, checks: &[TokenStream], uses_at: bool) -> TokenStream {
    let at = if uses_at { quote!(at) } else { quote!(_at) };
    quote! {
        impl Validate for #name {
            fn validate_at(&self, #at: &str) -> Result<(), ValidationError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// Path parameters that are strings (or aliases of `String`) must each stay
/// one path segment.
fn path_segment_checks(op: &Operation, checks: &mut Checks) -> Vec<TokenStream> {
    let segments: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && *checks.resolve(&p.ty) == TypeRef::String)
        .map(|p| {
            let ident = format_ident!("{}", p.field_name);
            let label = &p.wire_name;
            quote!(validate::path_segment(#label, &self.#ident)?;)
        })
        .collect();
    if !segments.is_empty() {
        checks.note_function_use();
    }
    segments
}

/// `<Stem>Params`: the operation's path, query and header parameters.
fn params_struct(op: &Operation, checks: &mut Checks) -> Option<TokenStream> {
    let name = format_ident!("{}", op.params_type.as_ref()?);
    let docs = doc(
        None,
        &format!("Parameters of `{}` (`Client::{}`).", op.id, op.fn_name),
    );
    let as_fields: Vec<Field> = op
        .params
        .iter()
        .map(|p| Field {
            wire_name: p.wire_name.clone(),
            field_name: p.field_name.clone(),
            ty: p.ty.clone(),
            required: p.required,
            nullable: false,
            boxed: false,
            description: Some(
                format!(
                    "{}\n\nSent as the {} parameter `{}`.",
                    p.description.as_deref().unwrap_or("").trim(),
                    match p.location {
                        ParamLocation::Path => "path",
                        ParamLocation::Query => "query",
                        ParamLocation::Header => "header",
                    },
                    p.wire_name
                )
                .trim_start()
                .to_owned(),
            ),
            constraints: p.constraints.clone(),
        })
        .collect();
    let members = as_fields.iter().map(|f| {
        let ident = format_ident!("{}", f.field_name);
        let ty = field_type(f);
        let docs = doc(f.description.as_deref(), "");
        quote! { #docs pub #ident: #ty, }
    });
    let constructor = constructor(&name, &as_fields);
    let mut param_checks = path_segment_checks(op, checks);
    let value_checks = field_checks(&as_fields, checks);
    let uses_at = value_checks.iter().any(|c| !c.is_empty());
    param_checks.extend(value_checks);
    let validate = validate_impl(&name, &param_checks, uses_at);
    let default = (!as_fields.iter().any(|f| f.required)).then(|| quote!(Default,));
    Some(quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
        pub struct #name { #(#members)* }

        #constructor
        #validate
    })
}
