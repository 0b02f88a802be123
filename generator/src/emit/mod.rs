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
mod serde_derives;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use std::ops::Range;

use crate::format::{rust_part, rust_units, Header, ShapeParser, ShapeStats};
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
}

/// What the items of a file use, so that its prelude imports just that;
/// each emitter gives the bits its own meaning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Uses(u32);

impl Uses {
    /// Records that `bit` is used.
    pub(crate) fn set(&mut self, bit: u32) {
        self.0 |= bit;
    }

    /// Whether `bit` is used.
    pub(crate) fn has(self, bit: u32) -> bool {
        self.0 & bit != 0
    }

    fn merge(self, other: Uses) -> Uses {
        Uses(self.0 | other.0)
    }
}

/// The items built from a range of a file's units (one token stream per
/// unit), and what they use.
type Items<'a> = Box<dyn Fn(Range<usize>) -> (Vec<TokenStream>, Uses) + Send + Sync + 'a>;
/// A prelude built from what the file's items use.
type PreludeFromUses<'a> = dyn Fn(Uses) -> TokenStream + Send + Sync + 'a;

/// A file's inner docs, attributes and imports.
enum Prelude<'a> {
    /// Built from what the file's items use, once they are all built.
    FromUses(Box<PreludeFromUses<'a>>),
    /// Independent of the items, so built alongside them.
    Fixed(Box<dyn Fn() -> TokenStream + Send + Sync + 'a>),
}

/// A Rust file built in parts: its items come from `units` units (such as
/// operations or types), built and formatted a chunk at a time, and its
/// prelude, which comes first in the file, alongside them or after them.
pub(crate) struct RustFile<'a> {
    path: String,
    units: usize,
    items: Items<'a>,
    prelude: Prelude<'a>,
}

impl<'a> RustFile<'a> {
    /// A file whose `units` units become items through `items`, and whose
    /// prelude depends on what they use.
    pub(crate) fn new(
        path: impl Into<String>,
        units: usize,
        items: impl Fn(Range<usize>) -> (Vec<TokenStream>, Uses) + Send + Sync + 'a,
        prelude: impl Fn(Uses) -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        RustFile {
            path: path.into(),
            units,
            items: Box::new(items),
            prelude: Prelude::FromUses(Box::new(prelude)),
        }
    }

    /// A file whose `units` units become items through `items`, and whose
    /// prelude does not depend on them.
    pub(crate) fn with_fixed_prelude(
        path: impl Into<String>,
        units: usize,
        items: impl Fn(Range<usize>) -> (Vec<TokenStream>, Uses) + Send + Sync + 'a,
        prelude: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        RustFile {
            path: path.into(),
            units,
            items: Box::new(items),
            prelude: Prelude::Fixed(Box::new(prelude)),
        }
    }

    /// A small file built in one piece.
    pub(crate) fn whole(
        path: impl Into<String>,
        build: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        RustFile::with_fixed_prelude(path, 0, |_| (Vec::new(), Uses::default()), build)
    }
}

/// Units per formatting job: large enough that per-job overhead does not
/// show, small enough that only a few chunks' syntax trees are alive.
const CHUNK: usize = 32;

/// Emits every file of the crate, in a fixed order.
///
/// The Rust files are built and formatted in chunks on as many threads as
/// there are cores (tokens are not `Send`, so each job builds its own); the
/// output does not depend on the scheduling.
pub fn emit(api: &Api, options: &EmitOptions) -> Result<Vec<OutputFile>> {
    emit_with_stats(api, options).map(|(files, _)| files)
}

/// [`emit`], also telling how often the formatter could reuse the syntax of
/// an item shaped like one it had parsed before.
pub fn emit_with_stats(api: &Api, options: &EmitOptions) -> Result<(Vec<OutputFile>, ShapeStats)> {
    emit_files(api, options, ShapeParser::default)
}

/// [`emit_with_stats`] with the formatting workers' parsers made by `parser`.
fn emit_files(
    api: &Api,
    options: &EmitOptions,
    parser: fn() -> ShapeParser,
) -> Result<(Vec<OutputFile>, ShapeStats)> {
    let header = &options.header;
    let crate_ident = options.crate_name.replace('-', "_");
    let rust_files = vec![
        RustFile::whole("src/lib.rs", || library::emit(api, options)),
        types::file(api),
        operations::file(api),
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
    let (rust, stats) = build(&rust_files, header, parser)?;
    files.extend(rust);
    files.extend(runtime::files(header));
    Ok((files, stats))
}

/// One formatting job: a file's fixed prelude, or a chunk of its items.
enum Job<'f, 'a> {
    Prelude(usize, &'f (dyn Fn() -> TokenStream + Send + Sync + 'a)),
    Chunk(usize, Range<usize>),
}

/// Builds and formats the files on a pool of one worker per core: first
/// the preludes that do not depend on the items (the largest jobs, so they
/// go first) and every chunk of items, then the preludes that need to know
/// what the items use; then joins the pieces in order.
fn build(
    files: &[RustFile<'_>],
    header: &Header,
    parser: fn() -> ShapeParser,
) -> Result<(Vec<OutputFile>, ShapeStats)> {
    let fixed = files
        .iter()
        .enumerate()
        .filter_map(|(index, file)| match &file.prelude {
            Prelude::Fixed(prelude) => Some(Job::Prelude(index, prelude.as_ref())),
            Prelude::FromUses(_) => None,
        });
    let chunks = files.iter().enumerate().flat_map(|(index, file)| {
        (0..file.units)
            .step_by(CHUNK)
            .map(move |start| Job::Chunk(index, start..(start + CHUNK).min(file.units)))
    });
    let jobs: Vec<Job> = fixed.chain(chunks).collect();
    let (results, worker_stats) = in_parallel(
        jobs.len(),
        parser,
        |parser, job| match &jobs[job] {
            Job::Prelude(index, prelude) => {
                Ok((rust_part(&files[*index].path, prelude())?, Uses::default()))
            }
            Job::Chunk(index, range) => {
                let file = &files[*index];
                let ((units, uses), aside) = docs::set_aside(|| (file.items)(range.clone()));
                Ok((rust_units(&file.path, parser, units, &aside)?, uses))
            }
        },
        |parser| parser.stats(),
    );
    let stats = worker_stats
        .into_iter()
        .fold(ShapeStats::default(), ShapeStats::plus);
    let unfinished = || crate::error::Error::Emit {
        file: String::new(),
        message: "a formatting job did not finish".into(),
    };
    let mut uses = vec![Uses::default(); files.len()];
    let mut preludes: Vec<Option<String>> = vec![None; files.len()];
    // Each file's chunks, printed, in order.
    let mut bodies: Vec<Vec<String>> = vec![Vec::new(); files.len()];
    for (job, result) in jobs.iter().zip(results) {
        let (text, used) = result.ok_or_else(unfinished)??;
        match job {
            Job::Prelude(index, _) => preludes[*index] = Some(text),
            Job::Chunk(index, _) => {
                uses[*index] = uses[*index].merge(used);
                bodies[*index].push(text);
            }
        }
    }
    let waiting: Vec<(usize, &PreludeFromUses<'_>)> = files
        .iter()
        .enumerate()
        .filter_map(|(index, file)| match &file.prelude {
            Prelude::FromUses(prelude) => Some((index, prelude.as_ref())),
            Prelude::Fixed(_) => None,
        })
        .collect();
    let (late, _) = in_parallel(
        waiting.len(),
        || (),
        |(), job| {
            let (index, prelude) = waiting[job];
            rust_part(&files[index].path, prelude(uses[index]))
        },
        |()| (),
    );
    for ((index, _), text) in waiting.into_iter().zip(late) {
        preludes[index] = Some(text.ok_or_else(unfinished)??);
    }
    let files = files
        .iter()
        .zip(preludes)
        .zip(bodies)
        .map(|((file, prelude), chunks)| {
            let header = header.render("//");
            let prelude = prelude.ok_or_else(unfinished)?;
            let length =
                header.len() + prelude.len() + chunks.iter().map(String::len).sum::<usize>();
            let mut contents = String::with_capacity(length);
            contents.push_str(&header);
            contents.push_str(&prelude);
            for chunk in chunks {
                contents.push_str(&chunk);
            }
            Ok(OutputFile {
                path: file.path.clone(),
                contents,
            })
        })
        .collect::<Result<_>>()?;
    Ok((files, stats))
}

/// A string literal for `text`, interpolated into `quote!` like a `&str`:
/// the same token, made several times faster for text that needs no escape
/// (printable ASCII without quotes or backslashes), which most of a spec's
/// names, paths and help texts are.
#[derive(Clone, Copy)]
pub(crate) struct Str<'a>(pub(crate) &'a str);

impl quote::ToTokens for Str<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(std::iter::once(proc_macro2::TokenTree::Literal(
            string_literal(self.0),
        )));
    }
}

/// The string literal `quote!` makes of `text` (see [`Str`]).
pub(crate) fn string_literal(text: &str) -> proc_macro2::Literal {
    let plain = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if plain {
        let mut quoted = String::with_capacity(text.len() + 2);
        quoted.push('"');
        quoted.push_str(text);
        quoted.push('"');
        if let Ok(literal) = quoted.parse() {
            return literal;
        }
    }
    proc_macro2::Literal::string(text)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::ShapeParser;

    /// The real spec with its operations repeated under new paths and ids
    /// (`suffix` of the copy's number), so that every shape occurs many times.
    fn repeated_spec(copies: usize, suffix: impl Fn(usize) -> String) -> String {
        let text = include_str!("../../../spec/iam-mfa.yaml");
        let paths = text.find("\npaths:\n").expect("paths") + "\npaths:\n".len();
        let components = text.find("\ncomponents:").expect("components") + 1;
        let block = &text[paths..components];
        let mut out = text[..paths].to_owned();
        for copy in 0..copies {
            let mut renamed = String::new();
            let suffix = suffix(copy);
            for line in block.lines() {
                if let Some(id) = line.strip_prefix("      operationId: ") {
                    renamed.push_str(&format!("      operationId: {id}{suffix}\n"));
                } else if line.starts_with("  /") {
                    renamed.push_str(&format!("  /{}{}\n", suffix.to_lowercase(), &line[2..]));
                } else {
                    renamed.push_str(line);
                    renamed.push('\n');
                }
            }
            out.push_str(&renamed);
        }
        out.push_str(&text[components..]);
        out
    }

    /// Emits `text` by shape (layouts, templates) and parsing every item,
    /// checks that both print the same, and returns the counts of the first.
    fn by_shape_and_directly(text: &str) -> ShapeStats {
        let spec =
            crate::load::load_str(text, std::path::Path::new("repeated.yaml")).expect("loads");
        let api = crate::lower::lower(&spec).expect("lowers");
        let options = EmitOptions {
            crate_name: api.crate_name.clone(),
            crate_version: api.crate_version.clone(),
            header: Header {
                spec_label: "repeated.yaml".into(),
                command: "test".into(),
            },
        };
        let (by_shape, stats) = emit_files(&api, &options, ShapeParser::default).expect("emits");
        let (direct, direct_stats) =
            emit_files(&api, &options, ShapeParser::direct_only).expect("emits");
        assert_eq!(direct_stats.reused + direct_stats.copied, 0);
        assert_eq!(by_shape.len(), direct.len());
        for (shaped, plain) in by_shape.iter().zip(&direct) {
            assert_eq!(shaped.path, plain.path);
            assert!(shaped.contents == plain.contents, "{} differs", shaped.path);
        }
        stats
    }

    #[test]
    fn fast_string_literals_are_the_literals_quote_makes() {
        for text in [
            "",
            "plain text with 'quotes' and `ticks`",
            "a \"quoted\" word",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "non-ASCII: é, 中, \u{200b}",
            "\u{7f} and \u{0}",
        ] {
            assert_eq!(
                string_literal(text).to_string(),
                proc_macro2::Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn parsing_by_shape_prints_what_parsing_every_item_prints() {
        let stats = by_shape_and_directly(&repeated_spec(40, |copy| format!("Copy{copy}")));
        assert!(
            stats.reused + stats.copied > 400,
            "shapes were reused: {stats:?}"
        );
        assert!(stats.copied > 100, "layouts were copied: {stats:?}");
    }

    #[test]
    fn layouts_print_what_parsing_prints_for_names_of_every_length() {
        // Names from one to about seventy characters longer, in an order
        // that makes units both wider and narrower than the layouts kept,
        // some so long that lines break differently.
        let stats = by_shape_and_directly(&repeated_spec(60, |copy| {
            let length = (copy * 37) % 71;
            let letters: String = (0..length)
                .map(|i| char::from(b'a' + ((copy + i) % 26) as u8))
                .collect();
            format!("C{letters}{copy}")
        }));
        assert!(stats.copied > 50, "layouts were copied: {stats:?}");
        assert!(stats.reused > 50, "units were printed afresh: {stats:?}");
    }
}
