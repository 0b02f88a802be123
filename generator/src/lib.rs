//! `huaweicloud-codegen` turns a hand-written OpenAPI 3.0 description of a
//! Huawei Cloud API into a self-contained Rust client crate.
//!
//! The pipeline has one module per stage, each consuming only the previous
//! stage's output:
//!
//! 1. [`load`]: YAML (`serde_yaml`) or JSON (`serde_json`) text → a
//!    generic value → `openapiv3` document;
//! 2. [`lower`]: document → [`model::Api`], where all validation, naming
//!    and every fact the emitters need (aliases resolved, which types carry
//!    checks or derive which serde traits, the program's names) are decided;
//! 3. [`emit`]: model → Rust tokens per concern (types, requests,
//!    operations, errors, program, manifest), rendering the model only,
//!    plus the spec-independent runtime modules;
//! 4. [`format`](mod@format): tokens → `prettyplease::unparse` of their
//!    `syn` syntax, with a do-not-edit header (a large file is formatted in
//!    chunks of items on several threads; the text does not depend on how);
//! 5. [`output`]: files → disk (atomic, only changed files) or a diff (`--check`).
//!
//! A query parameter, for example, is read by `load` as part of the
//! document, becomes a [`model::Param`] in `lower`, is turned into a
//! `query` pair by the requests emitter (`emit/operations.rs`), printed by
//! `format`, and written to `src/requests.rs` by `output`.
//!
//! Beside the pipeline, [`audit`] compares saved API reference pages with a
//! spec (`huaweicloud-codegen audit`), so that documentation changes are found.
//!
//! ```no_run
//! use huaweicloud_codegen::{generate, output, Options};
//!
//! let options = Options::new("spec/iam-mfa.yaml", "generated");
//! let files = generate(&options)?;
//! let report = output::write(&files, &options.out)?;
//! println!("{} written, {} unchanged", report.written.len(), report.unchanged.len());
//! # Ok::<(), huaweicloud_codegen::Error>(())
//! ```

pub mod audit;
pub mod diff;
pub mod emit;
pub mod error;
mod fast_hash;
pub mod format;
pub mod load;
pub mod lower;
pub mod model;
pub mod output;
mod parallel;
pub mod pointer;
pub mod surface;

use std::path::{Path, PathBuf};

pub use emit::OutputFile;
pub use error::{Error, Result, Warning};

/// Everything a generation produces, in memory.
#[derive(Debug)]
pub struct Generation {
    /// Every file of the crate.
    pub files: Vec<OutputFile>,
    /// What the spec holds that the client only approximates, each with its
    /// JSON pointer, in the order met.
    pub warnings: Vec<Warning>,
    /// What changes for the crate's users against the committed crate, and
    /// the version that follows.
    pub report: diff::Report,
}

/// The spec the repository's client is generated from, relative to its root.
pub const DEFAULT_SPEC: &str = "spec/iam-mfa.yaml";
/// Where the repository's client crate lives, relative to its root.
pub const DEFAULT_OUT: &str = "generated";
/// The command that regenerates the repository's client.
pub const REGENERATE_COMMAND: &str = "cargo run -p huaweicloud-codegen";

/// What to generate from where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The spec file (YAML or JSON).
    pub spec: PathBuf,
    /// The crate folder to write or check.
    pub out: PathBuf,
    /// The crate name; by default `info.x-rust-crate-name`, else the title in kebab case.
    pub crate_name: Option<String>,
    /// How many threads format the output; by default one per core. The
    /// output is the same for any number.
    pub workers: Option<usize>,
    /// Refuse the spec when anything in it could only be approximated
    /// (`--deny-warnings`), instead of generating and reporting it.
    pub deny_warnings: bool,
}

impl Options {
    /// Options for `spec` and `out` with the crate name taken from the spec.
    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Options {
            spec: spec.into(),
            out: out.into(),
            crate_name: None,
            workers: None,
            deny_warnings: false,
        }
    }

    /// The spec path as headers name it: relative and `/`-separated, so
    /// output does not depend on where the repository is checked out.
    pub fn spec_label(&self) -> String {
        label(&self.spec)
    }

    /// The command that reproduces this generation, each value quoted for
    /// a POSIX shell where it needs to be.
    pub fn command(&self) -> String {
        let spec = self.spec_label();
        let out = label(&self.out);
        let mut command = REGENERATE_COMMAND.to_owned();
        if spec != DEFAULT_SPEC || out != DEFAULT_OUT || self.crate_name.is_some() {
            command.push_str(&format!(
                " -- --spec {} --out {}",
                shell_quote(&spec),
                shell_quote(&out)
            ));
            if let Some(name) = &self.crate_name {
                command.push_str(&format!(" --name {}", shell_quote(name)));
            }
        }
        command
    }

    /// Refuses values that cannot be written into the generated files'
    /// header lines: a line break in `--out` would end the comment the
    /// header is, and the rest of the path would become code or manifest
    /// text (a `[patch]` table in `Cargo.toml`, say). The error names the flag.
    pub fn validate(&self) -> Result<()> {
        let values = [
            ("--spec", self.spec.to_string_lossy()),
            ("--out", self.out.to_string_lossy()),
            (
                "--name",
                std::borrow::Cow::Borrowed(self.crate_name.as_deref().unwrap_or("")),
            ),
        ];
        for (flag, value) in values {
            if let Some(c) = value.chars().find(|&c| is_forbidden_in_header(c)) {
                return Err(Error::Argument {
                    flag,
                    message: format!(
                        "{value:?} contains the control character {:?}; \
                         generated files name it in their header, so it is refused",
                        c
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Control characters, and the line separators and text-direction controls
/// that can end a comment or make it read differently from what it is.
fn is_forbidden_in_header(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || emit::docs::is_bidi_control(c)
}

/// `value` as one POSIX shell word: unchanged when it holds only characters
/// no shell treats specially, else in single quotes.
fn shell_quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

fn label(path: &Path) -> String {
    let relative = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => path.strip_prefix(&cwd).unwrap_or(path),
        _ => path,
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./").trim_end_matches('/');
    if relative.is_absolute() {
        // Outside the working directory: name the file alone, never a machine-specific path.
        relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        text.to_owned()
    }
}

/// Loads, lowers and emits: every file of the crate, in memory. Nothing is
/// written, so a failure leaves any existing output as it was. Warnings are
/// dropped (unless [`Options::deny_warnings`] refuses them); use
/// [`generate_with_warnings`] to report them.
pub fn generate(options: &Options) -> Result<Vec<OutputFile>> {
    generate_with_warnings(options).map(|generation| generation.files)
}

/// Like [`generate`], also returning the warnings.
pub fn generate_with_warnings(options: &Options) -> Result<Generation> {
    options.validate()?;
    let spec = load::load_file(&options.spec)?;
    without_panics(options, || generate_loaded(spec, options))
}

/// Like [`generate`], for a spec already read into memory.
pub fn generate_from_str(text: &str, options: &Options) -> Result<Vec<OutputFile>> {
    generate_from_str_with_warnings(text, options).map(|generation| generation.files)
}

/// Like [`generate_with_warnings`], for a spec already read into memory.
pub fn generate_from_str_with_warnings(text: &str, options: &Options) -> Result<Generation> {
    options.validate()?;
    without_panics(options, || {
        let spec = load::load_str(text, &options.spec)?;
        generate_loaded(spec, options)
    })
}

/// Runs `generate`, turning a panic (a generator bug: no input should
/// cause one) into an error naming the spec. The process's panic hook is
/// left alone, so the panic's own report still reaches stderr.
fn without_panics<T>(options: &Options, generate: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(generate)).unwrap_or_else(|panic| {
        Err(Error::Emit {
            file: options.spec_label(),
            message: format!("the generator failed: {}", parallel::panic_message(panic)),
        })
    })
}

fn generate_loaded(spec: load::LoadedSpec, options: &Options) -> Result<Generation> {
    let mut api = lower::lower(&spec).map_err(|error| spec.moved.error(error))?;
    let mut warnings = std::mem::take(&mut api.warnings);
    // The loader's own warnings name the document as written already.
    for warning in warnings.iter_mut().skip(spec.warnings.len()) {
        warning.pointer = spec.moved.original(&warning.pointer);
    }
    if options.deny_warnings && !warnings.is_empty() {
        return Err(Error::Warnings {
            file: options.spec.clone(),
            warnings,
        });
    }
    // The document is about fifty times the size of the model; free it before emitting.
    drop(spec);
    let api_surface = surface::surface(&api);
    let crate_name = match &options.crate_name {
        Some(name) => {
            lower::check_crate_name(name).map_err(|message| Error::Invalid {
                file: options.spec.clone(),
                pointer: "--name".into(),
                message,
            })?;
            name.clone()
        }
        None => api.crate_name.clone(),
    };
    let committed = read_committed(&options.out)?;
    let (state, report) = diff::release(
        committed.as_ref(),
        &crate_name,
        api_surface,
        api.pinned_version.as_deref(),
        &api.crate_version,
    )
    .map_err(|message| Error::Invalid {
        file: options.out.join(surface::SURFACE_FILE),
        pointer: "#/version".into(),
        message,
    })?;
    let emit_options = emit::EmitOptions {
        crate_name,
        crate_version: state.version.clone(),
        header: format::Header {
            spec_label: options.spec_label(),
            command: options.command(),
        },
        workers: options.workers.unwrap_or_else(parallel::cores).max(1),
    };
    let mut files = emit::emit(&api, &emit_options)?;
    files.extend(surface::files(&state, &emit_options.header)?);
    Ok(Generation {
        files,
        warnings,
        report,
    })
}

/// The `api.json` of the crate under `out`, if it has one.
fn read_committed(out: &Path) -> Result<Option<surface::Committed>> {
    let Some(text) = output::read_committed(out, surface::SURFACE_FILE)? else {
        return Ok(None);
    };
    let file = out.join(surface::SURFACE_FILE);
    let deserializer = &mut serde_json::Deserializer::from_str(&text);
    let committed: surface::Committed =
        serde_path_to_error::deserialize(deserializer).map_err(|e| Error::Invalid {
            file: file.clone(),
            pointer: pointer::Pointer::root().join_path(e.path()).to_string(),
            message: e.inner().to_string(),
        })?;
    if committed.format != surface::SURFACE_FORMAT {
        return Err(Error::Invalid {
            file,
            pointer: "#/format".into(),
            message: format!(
                "format {} is not the one this generator reads ({})",
                committed.format,
                surface::SURFACE_FORMAT
            ),
        });
    }
    Ok(Some(committed))
}
