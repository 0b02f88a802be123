//! `src/builders.rs`: a builder per struct and parameter struct, so that
//! values are constructed by field name (`.user_id(..)`), required fields
//! are checked when built, and a new optional field breaks no caller.
//! Builders live in their own module, where no schema's name can collide
//! with theirs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_literal, lines};
use super::{rust_type, RustFile};
use crate::model::{Api, Field, TypeKind, TypeRef};

/// `src/builders.rs`: one unit per named type, then one per operation.
pub(super) fn file(api: &Api) -> RustFile<'_> {
    let types = api.types.len();
    RustFile::new(
        "src/builders.rs",
        types + api.operations.len(),
        move |range| {
            range
                .filter_map(|unit| {
                    if unit < types {
                        let def = &api.types[unit];
                        match &def.kind {
                            TypeKind::Struct(fields) => Some(builder(&def.name, fields)),
                            _ => None,
                        }
                    } else {
                        let op = &api.operations[unit - types];
                        let name = op.params_type.as_ref()?;
                        Some(builder(name, &super::types::param_fields(op)))
                    }
                })
                .collect()
        },
        move || {
            // The setters are macro invocations, named without their path.
            let any_setter = api
                .types
                .iter()
                .any(|def| matches!(&def.kind, TypeKind::Struct(fields) if !fields.is_empty()))
                || api
                    .operations
                    .iter()
                    .any(|op| op.params_type.is_some() && !op.params.is_empty());
            let import = any_setter.then(|| {
                quote!(
                    use crate::macros::setter;
                )
            });
            quote! {
                //! Builders of the request and response types: set fields by
                //! name, then `build`, which names a required field left unset.

                // A setter is named after its field, which may be the name
                // of an operator trait's method (`sub`, `not`, `next`).
                #![allow(clippy::should_implement_trait)]

                #import
            }
        },
    )
}

/// The name of the builder of the type `name`.
pub(super) fn builder_name(name: &str) -> proc_macro2::Ident {
    format_ident!("{}Builder", name.strip_prefix("r#").unwrap_or(name))
}

/// `<Name>Builder`, its setters and `build`, and `<Name>::builder()`.
pub(super) fn builder(name: &str, fields: &[Field]) -> TokenStream {
    let target = super::ident(name);
    let builder = builder_name(name);
    let docs = lines(&format!(
        "Builds a [`{name}`](crate::types::{name}): a setter per field, then [`build`]({builder}::build)."
    ));
    let slots = fields.iter().map(|f| {
        let ident = super::ident(&f.field_name);
        let inner = rust_type(&f.ty, true);
        if f.nullable && f.required {
            quote!(#ident: Option<Option<#inner>>,)
        } else {
            quote!(#ident: Option<#inner>,)
        }
    });
    let setters = fields.iter().map(|f| {
        let ident = super::ident(&f.field_name);
        let inner = rust_type(&f.ty, true);
        let need = if f.required { "Required" } else { "Optional" };
        let doc = doc_literal(&format!("Sets {} ({need}).", code(&f.wire_name)));
        let kind = match (f.nullable, f.required) {
            (false, _) if f.ty == TypeRef::U64 => quote!(exact),
            (false, _) => quote!(into),
            (true, true) => quote!(nullable),
            (true, false) => quote!(optional_nullable),
        };
        quote!(setter!(#kind #ident: #inner, #doc);)
    });
    let inits = fields.iter().map(|f| {
        let ident = super::ident(&f.field_name);
        let wire = &f.wire_name;
        let mut value = if f.flatten {
            // The map of other properties: empty when none was set.
            quote!(self.#ident.unwrap_or_default())
        } else if f.required {
            quote!(crate::validate::required(self.#ident, #wire)?)
        } else {
            quote!(self.#ident)
        };
        if f.boxed {
            value = if f.is_option() {
                quote!(#value.map(Box::new))
            } else {
                quote!(Box::new(#value))
            };
        }
        quote!(#ident: #value,)
    });
    let build_docs = lines(&format!(
        "The [`{name}`](crate::types::{name}); fails naming the first required field not set."
    ));
    let start_docs = lines(&format!(
        "Starts a [`{builder}`]: set the fields by name, then `build`."
    ));
    quote! {
        #docs
        #[derive(Clone, Debug, Default)]
        #[must_use]
        pub struct #builder { #(#slots)* }

        impl #builder {
            #(#setters)*

            #build_docs
            pub fn build(self) -> Result<crate::types::#target, crate::error::ValidationError> {
                Ok(crate::types::#target { #(#inits)* })
            }
        }

        impl crate::types::#target {
            #start_docs
            pub fn builder() -> #builder {
                <#builder as Default>::default()
            }
        }
    }
}
