//! `src/lib.rs`: crate documentation, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, inline_prose, inner_lines, lines, prose};
use super::EmitOptions;
use crate::model::{Api, AuthScheme, KeyLocation};

pub fn emit(api: &Api, options: &EmitOptions) -> TokenStream {
    let mut text = format!(
        "Client for {} (API version {}).\n\n",
        inline_prose(&api.title),
        inline_prose(&api.version)
    );
    if let Some(description) = &api.description {
        text.push_str(&prose(description.trim()));
        text.push('\n');
    }
    text.push_str("Operations:\n\n");
    for op in &api.operations {
        text.push_str(&format!(
            "- [`Client::{}`]: {}{}\n",
            op.fn_name,
            code(&format!("{} {}", op.method.as_str(), op.path)),
            op.summary
                .as_deref()
                .map(|s| format!(" — {}", inline_prose(s)))
                .unwrap_or_default()
        ));
    }
    let krate = options.crate_name.replace('-', "_");
    text.push('\n');
    text.push_str(&super::examples::quick_start(api, &krate));
    text.push_str(
        "\nRequest inputs (`types`) are built with `builder()`; a documented default \
         is what the service assumes when a value is not set, and is not sent. Before \
         sending, the client checks `maxLength`, `minLength`, `pattern`, `minimum`, \
         `maximum` (and their exclusive forms), `minItems`, `maxItems` and `uniqueItems`, \
         and enum values by their types, and names the field at fault. Every operation's \
         error enum has a variant per documented status, plus `Unexpected`.\n",
    );
    let docs = inner_lines(&text);
    let endpoint = match &api.default_endpoint {
        Some(url) => {
            let docs = lines(&format!("The spec's server: {}.", code(url)));
            quote!(#docs pub const DEFAULT_ENDPOINT: &str = #url;)
        }
        None => TokenStream::new(),
    };
    // Every header an apiKey scheme names, once: the runtime redacts them
    // wherever headers are shown, whatever they are called.
    let mut credential_headers: Vec<&str> = Vec::new();
    let headers = api
        .operations
        .iter()
        .flat_map(|op| &op.auth)
        .flat_map(|scheme| match scheme {
            AuthScheme::TokenHeader(name) => vec![name.as_str()],
            AuthScheme::Combined { keys, .. } => keys
                .iter()
                .filter(|key| key.location == KeyLocation::Header)
                .map(|key| key.name.as_str())
                .collect(),
            _ => Vec::new(),
        });
    for name in headers {
        if !credential_headers
            .iter()
            .any(|known| known.eq_ignore_ascii_case(name))
        {
            credential_headers.push(name);
        }
    }
    let pattern = api.has_patterns().then(|| {
        quote!(
            pub mod pattern;
        )
    });
    quote! {
        #docs
        #![warn(missing_docs)]
        #![forbid(unsafe_code)]

        pub mod auth;
        pub mod builders;
        #[cfg(feature = "cli")]
        pub mod cli;
        mod macros;
        pub mod error;
        pub mod http;
        pub mod json;
        pub mod operation_errors;
        mod operations;
        #pattern
        pub mod requests;
        pub mod retry;
        pub mod signer;
        pub mod types;
        pub mod validate;

        pub use auth::{AkSk, ApiKeys, AuthError, Credentials, Secret};
        pub use error::{
            ApiError, Error, ErrorResponse, Response, ResponseDetails, TransportError,
            UnexpectedResponse, ValidationError,
        };
        pub use http::{
            BuildError, Client, ClientBuilder, PrepareError, PreparedRequest, RawResponse, RequestParts,
        };
        pub use retry::RetryPolicy;

        /// What a caller usually needs, in one `use`.
        pub mod prelude {
            pub use crate::{AkSk, ApiKeys, Client, Credentials, Error, RetryPolicy};
        }

        #endpoint

        /// The `User-Agent` sent unless the builder sets another.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// The headers the spec's security schemes carry credentials in;
        /// `http::redact` hides their values wherever headers are shown.
        pub(crate) const CREDENTIAL_HEADERS: &[&str] = &[#(#credential_headers),*];
    }
}
