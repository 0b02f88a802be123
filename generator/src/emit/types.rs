//! `src/types.rs`: schema types, operation parameter structs, and their
//! client-side validation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::checks::{Checks, Place};
use super::docs::{code, doc, lines, prose};
use super::serde_derives::Derives;
use super::{rust_type, RustFile};
use crate::model::{
    Api, DefaultValue, Field, IntVariant, Operation, ParamLocation, StatusMatch, TypeKind, TypeRef,
    UnionVariant,
};

/// `src/types.rs`: the schema types, then the operations' parameter
/// structs, then their success enums; one unit per type or operation.
pub(super) fn file(api: &Api) -> RustFile<'_> {
    let checks = Checks::new(api);
    let types = api.types.len();
    let operations = api.operations.len();
    RustFile::new(
        "src/types.rs",
        types + 2 * operations,
        move |range| {
            range
                .filter_map(|unit| {
                    if unit < types {
                        Some(type_def(api, unit, &checks))
                    } else if unit < types + operations {
                        params_struct(&api.operations[unit - types], &checks)
                    } else {
                        success_enum(&api.operations[unit - types - operations])
                    }
                })
                .collect()
        },
        || {
            let imports = imports(api);
            quote! {
                //! Request and response types from the spec's schemas, and one
                //! parameter struct per operation that takes parameters.
                #![allow(clippy::large_enum_variant)]

                #imports
            }
        },
    )
}

/// The `use` lines the emitted types need, and no more (serde traits,
/// `ValidationError` and the check functions are named in full): the
/// `Validate` trait, which structs and unions implement.
fn imports(api: &Api) -> TokenStream {
    let structs = api
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)))
        || api.operations.iter().any(|op| op.params_type.is_some());
    if structs {
        quote!(
            use crate::validate::Validate;
        )
    } else {
        TokenStream::new()
    }
}

fn type_def(api: &Api, index: usize, checks: &Checks) -> TokenStream {
    let def = &api.types[index];
    let derives = Derives::of(&api.type_facts[index]);
    let name = super::ident(&def.name);
    let docs = doc(
        def.description.as_deref(),
        &format!("The `{}` schema.", def.name),
    );
    match &def.kind {
        TypeKind::Alias(ty, _) => {
            let ty = rust_type(ty, false);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::StringEnum(variants) => string_enum_def(&name, &docs, variants),
        TypeKind::Struct(fields) => struct_def(&name, &docs, fields, checks, derives),
        TypeKind::IntEnum(variants) => int_enum_def(&name, &docs, variants),
        TypeKind::Union(variants) => union_def(&name, &docs, variants, checks, derives),
    }
}

/// A string enum that keeps values the spec does not list (`Unknown`); its
/// methods and trait impls come from the runtime's `macros::string_enum!`,
/// given each variant with its wire value.
fn string_enum_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[crate::model::EnumVariant],
) -> TokenStream {
    let idents: Vec<_> = variants
        .iter()
        .map(|v| super::ident(&v.variant_name))
        .collect();
    let wires: Vec<_> = variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = wires.iter().map(|w| lines(&code(w)));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #idents, )*
            /// A value the spec does not list, as received. Requests refuse
            /// it before sending.
            Unknown(String),
        }

        crate::macros::string_enum!(#name { #( #idents = #wires ),* });
    }
}

/// An integer enum that, like a string enum, keeps values the spec does
/// not list (`Unknown`, refused in requests); its methods and trait impls
/// come from the runtime's `macros::int_enum!`.
fn int_enum_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[IntVariant],
) -> TokenStream {
    let idents: Vec<_> = variants
        .iter()
        .map(|v| super::ident(&v.variant_name))
        .collect();
    let values: Vec<TokenStream> = variants.iter().map(|v| int_literal(v.value)).collect();
    let variant_docs = variants.iter().map(|v| format!(" `{}`", v.value));
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value the spec does not list, as received. Requests refuse
            /// it before sending.
            Unknown(i64),
        }

        crate::macros::int_enum!(#name { #( #idents = #values ),* });
    }
}

/// An integer literal, negative ones as `-` and the magnitude.
fn int_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// A `oneOf`/`anyOf`: an untagged enum (serde tries the variants in
/// order); validation delegates to the variant held.
fn union_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[UnionVariant],
    checks: &Checks,
    derives: Derives,
) -> TokenStream {
    if let Some(tag) = variants.first().and_then(|v| v.tag.as_ref()) {
        return tagged_union_def(name, docs, variants, &tag.property, checks, derives);
    }
    let serde_always = derives.always();
    let serde_cli = derives.with_cli();
    let untagged = derives.attr(quote!(untagged));
    let members = variants.iter().map(|v| {
        let ident = super::ident(&v.variant_name);
        let mut ty = rust_type(&v.ty, false);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        let text = format!(" The `{}` variant.", v.variant_name);
        quote!(#[doc = #text] #ident(#ty),)
    });
    let arms: Vec<(proc_macro2::Ident, TokenStream)> = variants
        .iter()
        .map(|v| {
            let place = Place::field("");
            let ident = super::ident(&v.variant_name);
            let checks = checks.bound(quote!(inner), false, &place, &v.ty, &v.constraints);
            (ident, checks)
        })
        .collect();
    let uses_at = arms.iter().any(|(_, c)| !c.is_empty());
    let body = if uses_at {
        let arms = arms.iter().map(|(ident, checks)| {
            if checks.is_empty() {
                quote!(Self::#ident(_) => {})
            } else {
                quote!(Self::#ident(inner) => { #checks })
            }
        });
        vec![quote!(match self { #(#arms)* })]
    } else {
        Vec::new()
    };
    let validate = validate_impl(name, &body, uses_at);
    quote! {
        #docs
        ///
        /// Untagged: a value is decoded as the first variant that accepts it.
        #[derive(Clone, Debug, PartialEq, #serde_always)]
        #serde_cli
        #untagged
        pub enum #name { #(#members)* }

        #validate
    }
}

/// A `oneOf`/`anyOf` with a `discriminator`: the variant is the one the
/// tag property names. The serde impls are written out, since the members
/// hold the tag property themselves (serde's internally tagged enums take
/// it out before the member sees it, and would write it twice): decoding
/// reads the tag and decodes the whole object as that variant's type;
/// encoding writes the variant's type and sets the tag. A tag the spec
/// does not list decodes as `Unknown` with the value as received, which
/// requests refuse, as for enums.
fn tagged_union_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[UnionVariant],
    property: &str,
    checks: &Checks,
    derives: Derives,
) -> TokenStream {
    let idents: Vec<_> = variants
        .iter()
        .map(|v| super::ident(&v.variant_name))
        .collect();
    let tags: Vec<&str> = variants
        .iter()
        .map(|v| v.tag.as_ref().map_or("", |t| t.value.as_str()))
        .collect();
    let members = variants.iter().zip(&tags).map(|(v, tag)| {
        let ident = super::ident(&v.variant_name);
        let mut ty = rust_type(&v.ty, false);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        let text = lines(&format!("{} is {}.", code(property), code(tag)));
        quote!(#text #ident(#ty),)
    });
    let decoded = variants.iter().zip(&idents).map(|(v, ident)| {
        if v.boxed {
            quote!(serde_json::from_value(value).map(|inner| Self::#ident(Box::new(inner))))
        } else {
            quote!(serde_json::from_value(value).map(Self::#ident))
        }
    });
    let gate = |derive: crate::model::Derive| match derive {
        crate::model::Derive::Always => Some(TokenStream::new()),
        crate::model::Derive::WithCli => Some(quote!(#[cfg(feature = "cli")])),
        crate::model::Derive::Never => None,
    };
    let serialize = gate(derives.serialize()).map(|cfg| {
        quote! {
            #cfg
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let (tag, value) = match self {
                        #( Self::#idents(inner) => (#tags, serde_json::to_value(inner)), )*
                        Self::Unknown(value) => return serde::Serialize::serialize(value, serializer),
                    };
                    let mut value = value.map_err(serde::ser::Error::custom)?;
                    if let serde_json::Value::Object(object) = &mut value {
                        object.insert(#property.to_owned(), serde_json::Value::String(tag.to_owned()));
                    }
                    serde::Serialize::serialize(&value, serializer)
                }
            }
        }
    });
    let deserialize = gate(derives.deserialize()).map(|cfg| {
        quote! {
            #cfg
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    if !value.is_object() {
                        return Err(serde::de::Error::custom("expected an object"));
                    }
                    let decoded = match value.get(#property).and_then(serde_json::Value::as_str) {
                        #( Some(#tags) => #decoded, )*
                        _ => return Ok(Self::Unknown(value)),
                    };
                    decoded.map_err(serde::de::Error::custom)
                }
            }
        }
    });
    let mut arms: Vec<TokenStream> = Vec::with_capacity(variants.len() + 1);
    for (v, ident) in variants.iter().zip(&idents) {
        let place = Place::field("");
        let checks = checks.bound(quote!(inner), false, &place, &v.ty, &v.constraints);
        if checks.is_empty() {
            arms.push(quote!(Self::#ident(_) => {}));
        } else {
            arms.push(quote!(Self::#ident(inner) => { #checks }));
        }
    }
    let unknown = format!("the value of {property} is not one the spec lists");
    arms.push(quote!(Self::Unknown(_) => {
        return Err(crate::error::ValidationError::new(crate::validate::join(at, #property), #unknown));
    }));
    let validate = validate_impl(name, &[quote!(match self { #(#arms)* })], true);
    let unknown_doc = lines(&format!(
        "An object whose {} the spec does not list (or that has none), as received. Requests refuse it before sending.",
        code(property)
    ));
    let tagged_doc = lines(&format!(
        "Tagged: the variant is the one the {} property names.",
        code(property)
    ));
    quote! {
        #docs
        ///
        #tagged_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#members)*
            #unknown_doc
            Unknown(serde_json::Value),
        }

        #serialize
        #deserialize
        #validate
    }
}

/// `<Stem>Success`: one variant per success status of an operation whose
/// success statuses have different bodies.
fn success_enum(op: &Operation) -> Option<TokenStream> {
    let (name, variants) = op.success.variants.as_ref()?;
    let name = super::ident(name);
    let docs = lines(&format!(
        "The successful outcomes of {} ([`Client::{}`](crate::Client::{})), one per documented success status.",
        code(&op.id), op.fn_name, op.fn_name
    ));
    let members = variants.iter().map(|v| {
        let ident = super::ident(&v.variant);
        let text = match v.status {
            StatusMatch::Code(code) => format!(" HTTP {code}."),
            other => format!(" Any other HTTP {} status.", other.label()),
        };
        match &v.body {
            Some(ty) => {
                let ty = rust_type(ty, false);
                quote!(#[doc = #text] #ident(#ty),)
            }
            None => quote!(#[doc = #text] #ident,),
        }
    });
    // Byte bodies have no JSON form, so the command-line program (which
    // prints bodies as JSON) leaves such operations out.
    let serialize = (!variants.iter().any(|v| v.body == Some(TypeRef::Bytes)))
        .then(|| quote!(#[cfg_attr(feature = "cli", derive(serde::Serialize), serde(untagged))]));
    Some(quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #serialize
        pub enum #name { #(#members)* }
    })
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty, false);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.is_option() {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// The name of the getter that gives a field's value or, when unset, the
/// spec's default.
fn default_getter(field: &Field) -> proc_macro2::Ident {
    let name = field
        .field_name
        .strip_prefix("r#")
        .unwrap_or(&field.field_name);
    // A keyword field is spelled with a trailing `_` (`type_`); its getter
    // is `type_or_default`, not the non-snake-case `type__or_default`.
    let name = match name.strip_suffix('_') {
        Some(word) if crate::lower::naming::is_keyword(word) => word,
        _ => name,
    };
    format_ident!("{}_or_default", name)
}

/// Getters for the fields with a spec default. The default describes what
/// the service assumes when the value is absent, so the field itself stays
/// an `Option` and is sent only when set; the getter answers what the
/// service will use.
fn default_getters(owner: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let fns: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let default = f.default.as_ref()?;
            let ident = super::ident(&f.field_name);
            let getter = default_getter(f);
            let docs = lines(&format!(
                "The {} value, or the spec's default {} when it is not set (the default is not sent).",
                code(&f.wire_name),
                code(f.default_doc.as_deref().unwrap_or_default())
            ));
            Some(match default {
                DefaultValue::String(text) => quote! {
                    #docs
                    pub fn #getter(&self) -> &str { self.#ident.as_deref().unwrap_or(#text) }
                },
                other => {
                    let ty = rust_type(&f.ty, false);
                    let value = default_expr(other);
                    quote! {
                        #docs
                        pub fn #getter(&self) -> #ty { self.#ident.as_ref().cloned().unwrap_or(#value) }
                    }
                }
            })
        })
        .collect();
    if fns.is_empty() {
        return TokenStream::new();
    }
    quote!(impl #owner { #(#fns)* })
}

/// An expression for a default value.
fn default_expr(value: &DefaultValue) -> TokenStream {
    match value {
        DefaultValue::Bool(flag) => quote!(#flag),
        DefaultValue::Int(n) => int_literal(*n),
        DefaultValue::Float(x) => {
            let magnitude = proc_macro2::Literal::f64_unsuffixed(x.abs());
            if *x < 0.0 {
                quote!(-#magnitude)
            } else {
                quote!(#magnitude)
            }
        }
        DefaultValue::String(text) => quote!(#text.to_owned()),
        DefaultValue::Variant {
            enum_name,
            variant_name,
        } => {
            let ty = super::ident(enum_name);
            let variant = super::ident(variant_name);
            quote!(#ty::#variant)
        }
    }
}

/// A field's description with its `default` recorded.
fn field_description(field: &Field, fallback: &str) -> String {
    let text = match field.description.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => prose(t),
        _ => fallback.to_owned(),
    };
    match &field.default_doc {
        Some(default) => format!("{}\n\nDefault: {}.", text.trim_end(), code(default)),
        None => text,
    }
}

fn struct_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    fields: &[Field],
    checks: &Checks,
    derives: Derives,
) -> TokenStream {
    let serde_always = derives.always();
    let serde_cli = derives.with_cli();
    let members = fields.iter().map(|f| {
        let ident = super::ident(&f.field_name);
        let ty = field_type(f);
        let docs = lines(&field_description(
            f,
            &format!("The {} field.", code(&f.wire_name)),
        ));
        if f.flatten {
            let docs = lines(&field_description(f, "The properties not listed above."));
            let flatten = derives.attr(quote!(flatten));
            return quote! { #docs #flatten pub #ident: #ty, };
        }
        let wire = &f.wire_name;
        let rename = (f.field_name != f.wire_name).then(|| derives.attr(quote!(rename = #wire)));
        let optional = (!f.required)
            .then(|| derives.attr(quote!(default, skip_serializing_if = "Option::is_none")));
        quote! { #docs #rename #optional pub #ident: #ty, }
    });
    let field_checks = field_checks(fields, checks);
    let uses_at = field_checks.iter().any(|c| !c.is_empty());
    let validate = validate_impl(name, &field_checks, uses_at);
    let derived_default = derived_default(fields);
    let getters = default_getters(name, fields);
    quote! {
        #docs
        #[derive(Clone, Debug, #derived_default PartialEq, #serde_always)]
        #[non_exhaustive]
        #serde_cli
        pub struct #name { #(#members)* }

        #getters
        #validate
    }
}

/// `Default` for a struct without required fields: every field empty.
fn derived_default(fields: &[Field]) -> TokenStream {
    if fields.iter().any(|f| f.required) {
        TokenStream::new()
    } else {
        quote!(Default,)
    }
}

/// The checks of each field of a struct (`self`), in field order.
fn field_checks(fields: &[Field], checks: &Checks) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let ident = super::ident(&f.field_name);
            let optional = f.is_option();
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
    if checks.iter().all(TokenStream::is_empty) {
        // Nothing to check: the trait's default accepts every value.
        return quote!(impl Validate for #name {});
    }
    let at = if uses_at { quote!(at) } else { quote!(_at) };
    quote! {
        impl Validate for #name {
            #[inline]
            fn validate_at(&self, #at: &str) -> Result<(), crate::error::ValidationError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// Path parameters that are strings (or aliases of `String`) must each stay
/// one path segment.
fn path_segment_checks(op: &Operation, checks: &Checks) -> Vec<TokenStream> {
    let segments: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && *checks.resolve(&p.ty) == TypeRef::String)
        .map(|p| {
            let ident = super::ident(&p.field_name);
            let label = &p.wire_name;
            quote!(crate::validate::path_segment(#label, &self.#ident)?;)
        })
        .collect();
    segments
}

/// `<Stem>Params`: the operation's path, query and header parameters.
fn params_struct(op: &Operation, checks: &Checks) -> Option<TokenStream> {
    let name = super::ident(op.params_type.as_ref()?);
    let docs = doc(
        None,
        &format!("Parameters of {} (`Client::{}`).", code(&op.id), op.fn_name),
    );
    let as_fields = param_fields(op);
    let members = as_fields.iter().map(|f| {
        let ident = super::ident(&f.field_name);
        let ty = field_type(f);
        let docs = lines(&field_description(f, ""));
        quote! { #docs pub #ident: #ty, }
    });
    let mut param_checks = path_segment_checks(op, checks);
    let value_checks = field_checks(&as_fields, checks);
    let uses_at = value_checks.iter().any(|c| !c.is_empty());
    param_checks.extend(value_checks);
    let validate = validate_impl(&name, &param_checks, uses_at);
    let serde_cli = Derives::params().with_cli();
    let derived_default = derived_default(&as_fields);
    let getters = default_getters(&name, &as_fields);
    Some(quote! {
        #docs
        #[derive(Clone, Debug, #derived_default PartialEq)]
        #[non_exhaustive]
        #serde_cli
        pub struct #name { #(#members)* }

        #getters
        #validate
    })
}

/// An operation's parameters as the fields of its parameter struct.
pub(super) fn param_fields(op: &Operation) -> Vec<Field> {
    op.params
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
                    "{}\n\nSent as the {} parameter {}.",
                    p.description.as_deref().unwrap_or("").trim(),
                    match p.location {
                        ParamLocation::Path => "path",
                        ParamLocation::Query => "query",
                        ParamLocation::Header => "header",
                        ParamLocation::Cookie => "cookie",
                    },
                    code(&p.wire_name)
                )
                .trim_start()
                .to_owned(),
            ),
            constraints: p.constraints.clone(),
            default: p.default.clone(),
            default_doc: p.default_doc.clone(),
            flatten: false,
        })
        .collect()
}
