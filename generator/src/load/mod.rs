//! Stage 1: read a spec file (YAML or JSON) into `openapiv3` types.

mod block_yaml;
mod in_pieces;
mod no_panic;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A parsed spec and the file it came from.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The file the spec was read from, used in every error message.
    pub file: PathBuf,
    /// The parsed document.
    pub document: openapiv3::OpenAPI,
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<LoadedSpec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    load_str(&text, path)
}

/// Parses spec text; `file` is only used to name the source in errors.
///
/// A document that starts with `{` is read by `serde_json` (several times
/// faster than a YAML parser on large specs); anything else, or JSON the
/// JSON reader rejects, as YAML (JSON is a subset of YAML): block-style YAML
/// turned into JSON text when it stays within the subset `block_yaml`
/// reads, `serde_yaml` otherwise, a large document with its `paths` and
/// `components.schemas` entries cut into pieces read on several cores. All deserialize straight into `openapiv3` types; only a document
/// that fails is read a second time, into a generic value, to explain what
/// is wrong.
pub fn load_str(text: &str, file: &Path) -> Result<LoadedSpec> {
    let parsed = no_panic::read(|| {
        if text.trim_start().starts_with('{') {
            serde_json::from_str::<openapiv3::OpenAPI>(text)
                .ok()
                .map_or_else(|| serde_yaml::from_str(text), Ok)
        } else {
            in_pieces::read(text).map_or_else(|| read_yaml(text), Ok)
        }
    });
    let Some(parsed) = parsed else {
        return Err(Error::Parse {
            file: file.to_owned(),
            // Usually a key written twice, which the generic reader locates.
            message: diagnose(text, "the OpenAPI reader could not read it"),
        });
    };
    match parsed {
        Ok(document) => {
            if let Err(message) = check_version(&document.openapi) {
                // The typed reader turns an unquoted `3.0` into the string
                // "3.0"; the generic value still knows it was a number.
                let message = serde_yaml::from_str::<serde_yaml::Value>(text)
                    .ok()
                    .and_then(|value| version_problem(&value))
                    .unwrap_or(message);
                return Err(Error::Parse {
                    file: file.to_owned(),
                    message,
                });
            }
            Ok(LoadedSpec {
                file: file.to_owned(),
                document,
            })
        }
        Err(located) => Err(Error::Parse {
            file: file.to_owned(),
            message: diagnose(text, located),
        }),
    }
}

/// YAML `text` as a `T`: through the block-YAML subset and `serde_json`
/// when the subset takes the text and the JSON deserializes (a panic of the
/// typed reader included), otherwise through `serde_yaml`, whose error then
/// is the answer.
fn read_yaml<T: serde::de::DeserializeOwned>(text: &str) -> serde_yaml::Result<T> {
    let fast = no_panic::read(|| {
        block_yaml::to_json(text).and_then(|json| serde_json::from_str(&json).ok())
    });
    match fast.flatten() {
        Some(value) => Ok(value),
        None => serde_yaml::from_str(text),
    }
}

/// Only 3.0.x is supported: 3.1 changed the schema dialect.
fn check_version(version: &str) -> std::result::Result<(), String> {
    if version.starts_with("3.0.") {
        Ok(())
    } else {
        Err(format!(
            "#/openapi: version {version} is not supported; expected 3.0.x"
        ))
    }
}

/// Why a document is not an OpenAPI 3.0 spec, most basic problem first:
/// not YAML at all, then a missing or mistyped `openapi` version, then what
/// the typed reader said (its located error, or that it gave up).
fn diagnose(text: &str, typed_reader: impl std::fmt::Display) -> String {
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(e) => return format!("not valid YAML or JSON: {e}"),
    };
    version_problem(&value)
        .unwrap_or_else(|| format!("not a valid OpenAPI 3.0 document: {typed_reader}"))
}

/// What is wrong with the document's `openapi` version, if anything.
fn version_problem(document: &serde_yaml::Value) -> Option<String> {
    openapi_version(document).and_then(check_version).err()
}

/// The `openapi` field, which must be a string: YAML reads `openapi: 3.0`
/// unquoted as a number, and says nothing of the patch version.
fn openapi_version(document: &serde_yaml::Value) -> std::result::Result<&str, String> {
    match document.get("openapi") {
        Some(serde_yaml::Value::String(version)) => Ok(version),
        None | Some(serde_yaml::Value::Null) => {
            Err("#/openapi: missing; expected an OpenAPI 3.0.x document".into())
        }
        Some(other) => {
            let written = serde_yaml::to_string(other)
                .map(|text| text.trim().to_owned())
                .unwrap_or_default();
            Err(format!(
                "#/openapi: must be a string such as \"3.0.3\", not {written} (YAML reads an unquoted 3.0 as a number; quote it)"
            ))
        }
    }
}
