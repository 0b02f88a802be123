//! `huaweicloud-codegen` turns a hand-written OpenAPI 3.0 description of a
//! Huawei Cloud API into a self-contained Rust client crate.
//!
//! The pipeline has one module per stage, each consuming only the previous
//! stage's output:
//!
//! 1. [`load`]: YAML or JSON text → `openapiv3` document (a large YAML spec
//!    is read in pieces on every core);
//! 2. [`lower`]: document → [`model::Api`], where all validation and naming happen;
//! 3. [`emit`]: model → Rust tokens per concern (types, operations, errors,
//!    manifest) plus the spec-independent runtime modules, built in chunks
//!    on every core;
//! 4. [`format`](mod@format): tokens → syntax (parsed once per item shape)
//!    → `prettyplease`-formatted source with a do-not-edit header, later
//!    items of a shape copied into its printed layouts;
//! 5. [`output`]: files → disk (atomic, only changed files) or a diff (`--check`).
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

use std::path::{Path, PathBuf};

pub use emit::OutputFile;
pub use error::{Error, Result};

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
}

impl Options {
    /// Options for `spec` and `out` with the crate name taken from the spec.
    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Options {
            spec: spec.into(),
            out: out.into(),
            crate_name: None,
        }
    }

    /// The spec path as headers name it: relative and `/`-separated, so
    /// output does not depend on where the repository is checked out.
    pub fn spec_label(&self) -> String {
        label(&self.spec)
    }

    /// The command that reproduces this generation.
    pub fn command(&self) -> String {
        let spec = self.spec_label();
        let out = label(&self.out);
        let mut command = REGENERATE_COMMAND.to_owned();
        if spec != DEFAULT_SPEC || out != DEFAULT_OUT || self.crate_name.is_some() {
            command.push_str(&format!(" -- --spec {spec} --out {out}"));
            if let Some(name) = &self.crate_name {
                command.push_str(&format!(" --name {name}"));
            }
        }
        command
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
/// written, so a failure leaves any existing output as it was.
pub fn generate(options: &Options) -> Result<Vec<OutputFile>> {
    let spec = load::load_file(&options.spec)?;
    generate_loaded(spec, options)
}

/// Like [`generate`], for a spec already read into memory.
pub fn generate_from_str(text: &str, options: &Options) -> Result<Vec<OutputFile>> {
    let spec = load::load_str(text, &options.spec)?;
    generate_loaded(spec, options)
}

fn generate_loaded(spec: load::LoadedSpec, options: &Options) -> Result<Vec<OutputFile>> {
    let api = lower::lower(&spec)?;
    // The document is about fifty times the size of the model; free it before emitting.
    drop(spec);
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
    let emit_options = emit::EmitOptions {
        crate_name,
        crate_version: api.crate_version.clone(),
        header: format::Header {
            spec_label: options.spec_label(),
            command: options.command(),
        },
    };
    emit::emit(&api, &emit_options)
}
