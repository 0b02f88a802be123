//! Stage 3: emit the generated crate's files from the model, one emitter per
//! concern. Rust code is built with `quote` and formatted by [`crate::format`].

mod builders;
mod cargo;
mod checks;
mod cli;
pub(crate) mod docs;
mod errors;
mod examples;
mod library;
mod operations;
mod runtime;
mod serde_derives;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use std::ops::Range;

use crate::error::Error;
use crate::format::{rust_part, Header};
use crate::model::{Api, TypeRef};
use crate::parallel::in_parallel;

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
    /// How many threads format the files (at least one).
    pub workers: usize,
}

/// The items built from a range of a file's units (one token stream per unit).
type Items<'a> = Box<dyn Fn(Range<usize>) -> Vec<TokenStream> + Send + Sync + 'a>;
/// A file's inner docs, attributes and imports.
type Prelude<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// A Rust file built in parts: its prelude, then the items of `units` units
/// (such as operations or types), built and formatted a chunk at a time.
pub(crate) struct RustFile<'a> {
    path: String,
    units: usize,
    items: Items<'a>,
    prelude: Prelude<'a>,
}

impl<'a> RustFile<'a> {
    /// A file whose `units` units become items through `items`, after `prelude`.
    pub(crate) fn new(
        path: impl Into<String>,
        units: usize,
        items: impl Fn(Range<usize>) -> Vec<TokenStream> + Send + Sync + 'a,
        prelude: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        RustFile {
            path: path.into(),
            units,
            items: Box::new(items),
            prelude: Box::new(prelude),
        }
    }

    /// A small file built in one piece.
    pub(crate) fn whole(
        path: impl Into<String>,
        build: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        RustFile::new(path, 0, |_| Vec::new(), build)
    }
}

/// Units per formatting job: large enough that per-job overhead does not
/// show, small enough that only a few chunks' syntax trees are alive.
const CHUNK: usize = 32;

/// Emits every file of the crate, in a fixed order.
///
/// The Rust files are built and formatted in pieces (a file's prelude, runs
/// of `CHUNK` of its units) on `options.workers` threads; each piece's
/// text is a function of that piece alone, so the output does not depend
/// on the number of workers or on which of them printed what.
pub fn emit(api: &Api, options: &EmitOptions) -> Result<Vec<OutputFile>> {
    let header = &options.header;
    let crate_ident = options.crate_name.replace('-', "_");
    let rust_files = vec![
        RustFile::whole("src/lib.rs", || library::emit(api, options)),
        types::file(api),
        builders::file(api),
        operations::file(api, &crate_ident),
        operations::requests_file(api),
        errors::file(api),
        cli::file(api, &crate_ident),
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
    files.extend(build(&rust_files, header, options.workers)?);
    files.extend(runtime::files(header, api.has_patterns()));
    Ok(files)
}

/// One formatting job: a file's prelude, or a chunk of its items.
enum Job {
    Prelude(usize),
    Chunk(usize, Range<usize>),
}

impl Job {
    fn file(&self) -> usize {
        match self {
            Job::Prelude(file) | Job::Chunk(file, _) => *file,
        }
    }
}

/// Builds and formats the files' pieces on `workers` threads, then joins
/// each file's pieces in order behind the header.
fn build(files: &[RustFile<'_>], header: &Header, workers: usize) -> Result<Vec<OutputFile>> {
    let mut jobs = Vec::new();
    for (index, file) in files.iter().enumerate() {
        jobs.push(Job::Prelude(index));
        for start in (0..file.units).step_by(CHUNK) {
            jobs.push(Job::Chunk(index, start..(start + CHUNK).min(file.units)));
        }
    }
    let results = in_parallel(jobs.len(), workers, |job| {
        let file = &files[jobs[job].file()];
        let tokens = match &jobs[job] {
            Job::Prelude(_) => (file.prelude)(),
            Job::Chunk(_, range) => (file.items)(range.clone()).into_iter().collect(),
        };
        rust_part(&file.path, tokens)
    });
    let header = header.render("//");
    let mut texts: Vec<String> = files.iter().map(|_| header.clone()).collect();
    for (job, result) in jobs.iter().zip(results) {
        let file = job.file();
        let text = result.map_err(|panic| Error::Emit {
            file: files[file].path.clone(),
            message: format!("the generator failed: {panic}"),
        })??;
        texts[file].push_str(&text);
    }
    Ok(files
        .iter()
        .zip(texts)
        .map(|(file, contents)| OutputFile {
            path: file.path.clone(),
            contents,
        })
        .collect())
}

/// The identifier `name` (a raw identifier when written `r#name`); the
/// lowering hands out only valid names. Cheaper than `format_ident!`, which
/// formats its argument first.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, span),
        None => proc_macro2::Ident::new(name, span),
    }
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
        TypeRef::U64 => quote!(u64),
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
            let ident = ident(name);
            match module {
                Some(module) => quote!(#module::#ident),
                None => quote!(#ident),
            }
        }
    }
}
