//! `src/types.rs`: schema types, operation parameter structs, and their
//! client-side validation.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use super::rust_type;
use crate::model::{Api, Constraints, Field, Operation, ParamLocation, TypeDef, TypeKind, TypeRef};

pub fn emit(api: &Api) -> TokenStream {
    let needs = needs_validation(api);
    let types = api.types.iter().map(|def| type_def(def, &needs));
    let params = api
        .operations
        .iter()
        .filter_map(|op| params_struct(op, &needs));
    quote! {
        //! Request and response types from the spec's schemas, and one
        //! parameter struct per operation that takes parameters.
        #![allow(clippy::large_enum_variant)]

        use serde::{Deserialize, Serialize};

        use crate::error::ValidationError;
        use crate::validate::{self, Validate};

        #(#types)*
        #(#params)*
    }
}

/// Names of the struct types whose values carry checks, directly or nested.
pub(crate) fn needs_validation(api: &Api) -> BTreeSet<String> {
    let mut needs = BTreeSet::new();
    loop {
        let before = needs.len();
        for def in &api.types {
            if let TypeKind::Struct(fields) = &def.kind {
                if fields
                    .iter()
                    .any(|f| !f.constraints.is_empty() || type_needs(&f.ty, &needs))
                {
                    needs.insert(def.name.clone());
                }
            }
        }
        if needs.len() == before {
            return needs;
        }
    }
}

pub(crate) fn type_needs(ty: &TypeRef, needs: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => needs.contains(name),
        TypeRef::Array(item) | TypeRef::Map(item) => type_needs(item, needs),
        _ => false,
    }
}

fn type_def(def: &TypeDef, needs: &BTreeSet<String>) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc(
        def.description.as_deref(),
        &format!("The `{}` schema.", def.name),
    );
    match &def.kind {
        TypeKind::Alias(ty) => {
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
        TypeKind::Struct(fields) => struct_def(&name, &docs, fields, needs),
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
    needs: &BTreeSet<String>,
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
    let checks: Vec<_> = fields
        .iter()
        .map(|f| {
            let ident = format_ident!("{}", f.field_name);
            let optional = !f.required || f.nullable;
            value_checks(
                quote!(self.#ident),
                optional,
                &f.ty,
                &f.constraints,
                &f.wire_name,
                needs,
            )
        })
        .collect();
    let uses_at = checks.iter().any(|c| !c.is_empty());
    let validate = validate_impl(name, &checks, uses_at);
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

/// The checks for one value: constraints first, then nested values.
fn value_checks(
    value: TokenStream,
    optional: bool,
    ty: &TypeRef,
    constraints: &Constraints,
    label: &str,
    needs: &BTreeSet<String>,
) -> TokenStream {
    let mut checks = Vec::new();
    let v = quote!(value);
    let lit = proc_macro2::Literal::usize_unsuffixed;
    if let Some(max) = constraints.max_length.map(lit) {
        checks.push(quote!(validate::max_length(at, #label, #v, #max)?;));
    }
    if let Some(min) = constraints.min_length.map(lit) {
        checks.push(quote!(validate::min_length(at, #label, #v, #min)?;));
    }
    if let Some(max) = constraints.max_items.map(lit) {
        checks.push(quote!(validate::max_items(at, #label, #v, #max)?;));
    }
    if let Some(min) = constraints.min_items.map(lit) {
        checks.push(quote!(validate::min_items(at, #label, #v, #min)?;));
    }
    match ty {
        TypeRef::Named(_) if type_needs(ty, needs) => {
            checks.push(quote!(#v.validate_at(&validate::join(at, #label))?;));
        }
        TypeRef::Array(item) if type_needs(item, needs) => {
            checks.push(quote! {
                for (index, item) in #v.iter().enumerate() {
                    item.validate_at(&validate::index(&validate::join(at, #label), index))?;
                }
            });
        }
        TypeRef::Map(item) if type_needs(item, needs) => {
            checks.push(quote! {
                for (key, item) in #v.iter() {
                    item.validate_at(&validate::join(&validate::join(at, #label), key))?;
                }
            });
        }
        _ => {}
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    if optional {
        quote! { if let Some(value) = &#value { #(#checks)* } }
    } else {
        quote! { { let value = &#value; #(#checks)* } }
    }
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

/// `<Stem>Params`: the operation's path, query and header parameters.
fn params_struct(op: &Operation, needs: &BTreeSet<String>) -> Option<TokenStream> {
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
    let mut checks: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && p.ty == TypeRef::String)
        .map(|p| {
            let ident = format_ident!("{}", p.field_name);
            let label = &p.wire_name;
            quote!(validate::path_segment(#label, &self.#ident)?;)
        })
        .collect();
    let value_checks: Vec<TokenStream> = as_fields
        .iter()
        .map(|f| {
            let ident = format_ident!("{}", f.field_name);
            value_checks(
                quote!(self.#ident),
                !f.required,
                &f.ty,
                &f.constraints,
                &f.wire_name,
                needs,
            )
        })
        .collect();
    let uses_at = value_checks.iter().any(|c| !c.is_empty());
    checks.extend(value_checks);
    let validate = validate_impl(&name, &checks, uses_at);
    let default = (!as_fields.iter().any(|f| f.required)).then(|| quote!(Default,));
    Some(quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
        pub struct #name { #(#members)* }

        #constructor
        #validate
    })
}
