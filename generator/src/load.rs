//! Stage 1: read a spec file (YAML or JSON) into `openapiv3` types.

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
/// JSON is a subset of YAML, so one parser reads both.
pub fn load_str(text: &str, file: &Path) -> Result<LoadedSpec> {
    let parse_error = |message: String| Error::Parse {
        file: file.to_owned(),
        message,
    };
    let value: serde_yaml::Value = serde_yaml::from_str(text)
        .map_err(|e| parse_error(format!("not valid YAML or JSON: {e}")))?;
    let version = openapi_version(&value).map_err(parse_error)?;
    if !version.starts_with("3.0.") {
        return Err(parse_error(format!(
            "#/openapi: version {version} is not supported; expected 3.0.x"
        )));
    }
    let document: openapiv3::OpenAPI = match serde_yaml::from_value(value) {
        Ok(document) => document,
        // Parse the text again only on failure: that run reports line and column.
        Err(e) => {
            let located = serde_yaml::from_str::<openapiv3::OpenAPI>(text)
                .err()
                .map_or_else(|| e.to_string(), |e| e.to_string());
            return Err(parse_error(format!(
                "not a valid OpenAPI 3.0 document: {located}"
            )));
        }
    };
    Ok(LoadedSpec {
        file: file.to_owned(),
        document,
    })
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
