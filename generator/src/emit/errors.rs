//! `src/operation_errors.rs`: one error enum per operation, a variant per
//! documented status plus `Unexpected` for everything else.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, inline_prose, lines};
use super::{rust_type, RustFile};
use crate::model::{Api, Operation, StatusMatch};

/// `src/operation_errors.rs`, an operation's enum at a time.
pub(super) fn file(api: &Api) -> RustFile<'_> {
    RustFile::new(
        "src/operation_errors.rs",
        api.operations.len(),
        |range| api.operations[range].iter().map(error_enum).collect(),
        || prelude(api),
    )
}

fn prelude(api: &Api) -> TokenStream {
    // `ErrorResponse` only carries documented error statuses.
    let documented = api.operations.iter().any(|op| !op.errors.is_empty());
    let imports = if documented {
        quote!(
            use crate::error::{ErrorResponse, UnexpectedResponse};
        )
    } else {
        quote!(
            use crate::error::UnexpectedResponse;
        )
    };
    quote! {
        //! Error enums of the operations: one variant per documented error
        //! status, carrying that status's documented body. `api_error!`
        //! implements `Debug`, `ApiError`, `Display` and `std::error::Error`
        //! for each, compiled only where they are used.
        // A documented error body can be much larger than the others; boxing
        // it would change every variant's type for the rare caller that
        // keeps many errors around.
        #![allow(clippy::large_enum_variant)]

        #imports
    }
}

fn error_enum(op: &Operation) -> TokenStream {
    let name = super::ident(&op.error_type);
    let id = &op.id;
    let docs = lines(&format!(
        "An error status answered to {} ([`Client::{}`](crate::Client::{})).",
        code(&op.id),
        op.fn_name,
        op.fn_name
    ));
    let variants: Vec<_> = op.errors.iter().map(|e| super::ident(&e.variant)).collect();
    let members = op.errors.iter().zip(&variants).map(|(e, variant)| {
        let body = match &e.body {
            Some(ty) => rust_type(ty, true),
            None => quote!(()),
        };
        let docs = lines(&format!(
            "{}: {}",
            status_doc(e.status),
            // One line: a block (a fence, say) would not open after the prefix.
            inline_prose(&e.description)
        ));
        quote!(#docs #variant(ErrorResponse<#body>),)
    });
    // New documented statuses become new variants: callers match with a
    // catch-all arm, so that a new variant does not break them.
    quote! {
        #docs
        #[non_exhaustive]
        pub enum #name {
            #(#members)*
            /// A status the spec does not document, or a documented one whose
            /// body could not be decoded; keeps the status, headers and raw body.
            Unexpected(UnexpectedResponse),
        }

        crate::error::api_error!(#name, #id, [#(#variants),*]);
    }
}

/// How an error variant's documentation names the statuses it covers.
fn status_doc(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("HTTP {code}"),
        StatusMatch::Range(digit) => {
            format!("HTTP {digit}XX (a status in this range not documented by its own code)")
        }
        StatusMatch::Default => {
            "Any other status outside 2xx (the spec's `default` response)".to_owned()
        }
    }
}
