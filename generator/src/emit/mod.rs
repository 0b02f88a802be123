//! Stage 3: emit the generated crate's files from the model, one emitter per
//! concern. Rust code is built with `quote` and formatted by [`crate::format`].

mod cargo;
mod checks;
mod cli;
mod docs;
mod errors;
mod library;
mod operations;
mod runtime;
mod types;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Result;
use crate::format::{rust_file, Header};
use crate::model::{Api, TypeRef};

/// One file of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// What the emitted crate is called and how its files introduce themselves.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// The crate (package) name.
    pub crate_name: String,
    /// The crate version.
    pub crate_version: String,
    /// The do-not-edit header.
    pub header: Header,
}

/// Builds the tokens of one Rust file.
type Emitter<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// Emits every file of the crate, in a fixed order.
///
/// The Rust files are built and formatted on separate threads (tokens are
/// not `Send`, so each thread builds its own); the output does not depend on
/// the scheduling.
pub fn emit(api: &Api, options: &EmitOptions) -> Result<Vec<OutputFile>> {
    let header = &options.header;
    let crate_ident = options.crate_name.replace('-', "_");
    let rust_files: Vec<(String, Emitter<'_>)> = vec![
        (
            "src/lib.rs".into(),
            Box::new(|| library::emit(api, options)),
        ),
        ("src/types.rs".into(), Box::new(|| types::emit(api))),
        (
            "src/operations.rs".into(),
            Box::new(|| operations::emit(api)),
        ),
        (
            "src/requests.rs".into(),
            Box::new(|| operations::emit_requests(api)),
        ),
        (
            "src/operation_errors.rs".into(),
            Box::new(|| errors::emit(api)),
        ),
        (
            format!("src/bin/{}.rs", api.cli_name),
            Box::new(|| cli::emit(api, &format_ident!("{}", crate_ident))),
        ),
    ];
    let mut files = vec![
        OutputFile {
            path: "Cargo.toml".into(),
            contents: cargo::manifest(api, options),
        },
        OutputFile {
            // The output is formatted by prettyplease; rustfmt must leave it be.
            path: "rustfmt.toml".into(),
            contents: format!("{}disable_all_formatting = true\n", header.render("#")),
        },
    ];
    let formatted = format_in_parallel(&rust_files, header);
    for file in formatted {
        files.push(file?);
    }
    files.extend(runtime::files(header));
    Ok(files)
}

/// Builds and formats the files on at most as many threads as there are
/// cores, each taking the next file when done, so that only a few files'
/// tokens and syntax trees are alive at once. Results keep the input order.
fn format_in_parallel(jobs: &[(String, Emitter<'_>)], header: &Header) -> Vec<Result<OutputFile>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<OutputFile>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((path, emitter)) = jobs.get(index) else {
                    break;
                };
                let file = rust(path, emitter(), header);
                if let Ok(mut slots) = results.lock() {
                    slots[index] = Some(file);
                }
            });
        }
    });
    let slots = results.into_inner().unwrap_or_default();
    slots
        .into_iter()
        .zip(jobs)
        .map(|(slot, (path, _))| {
            slot.unwrap_or_else(|| {
                Err(crate::error::Error::Emit {
                    file: path.clone(),
                    message: "the emitter did not finish".into(),
                })
            })
        })
        .collect()
}

fn rust(path: &str, tokens: TokenStream, header: &Header) -> Result<OutputFile> {
    Ok(OutputFile {
        path: path.into(),
        contents: rust_file(path, tokens, header)?,
    })
}

/// The Rust type for a model type; `qualified` prefixes named types with
/// `crate::types::` for use outside the types module.
pub(crate) fn rust_type(ty: &TypeRef, qualified: bool) -> TokenStream {
    let module = qualified.then(|| quote!(crate::types));
    rust_type_in(ty, module.as_ref())
}

/// The Rust type for a model type, with named types prefixed by `module`
/// (such as `my_crate::types` in the command-line program) when given.
pub(crate) fn rust_type_in(ty: &TypeRef, module: Option<&TokenStream>) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(bytes::Bytes),
        TypeRef::Array(item) => {
            let item = rust_type_in(item, module);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type_in(value, module);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Named(name) => {
            let ident = format_ident!("{}", name);
            match module {
                Some(module) => quote!(#module::#ident),
                None => quote!(#ident),
            }
        }
    }
}
