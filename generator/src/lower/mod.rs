//! Stage 2: lower an `openapiv3` document into the [`crate::model`].
//!
//! All validation and naming happen here: anything the emitters cannot
//! express is refused with the JSON pointer of the node at fault.

mod naming;
mod operation;
mod schema;

pub use naming::{pascal, snake, Scope};

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use openapiv3::OpenAPI;

use crate::error::{Error, Result};
use crate::load::LoadedSpec;
use crate::model::{Api, TypeDef};
use crate::pointer::Pointer;

/// Lowers a loaded spec into the model.
pub fn lower(spec: &LoadedSpec) -> Result<Api> {
    let mut lowerer = Lowerer {
        file: spec.file.clone(),
        spec: &spec.document,
        // Names the generated crate defines itself.
        type_scope: Scope::with_reserved(&[
            "Client",
            "ClientBuilder",
            "Credentials",
            "Error",
            "Response",
            "ErrorResponse",
            "UnexpectedResponse",
            "ValidationError",
            "Validate",
        ]),
        component_names: BTreeMap::new(),
        done_components: BTreeSet::new(),
        active_components: Vec::new(),
        types: Vec::new(),
    };
    lowerer.lower_component_schemas()?;
    let operations = lowerer.lower_operations()?;
    let info = &spec.document.info;
    let crate_name = match info.extensions.get(CRATE_NAME_EXTENSION) {
        Some(serde_json::Value::String(name)) => {
            check_crate_name(name).map_err(|message| {
                lowerer.invalid(
                    &Pointer::root().join("info").join(CRATE_NAME_EXTENSION),
                    message,
                )
            })?;
            name.clone()
        }
        Some(_) => {
            return Err(lowerer.invalid(
                &Pointer::root().join("info").join(CRATE_NAME_EXTENSION),
                "must be a string".into(),
            ))
        }
        None => {
            let name = heck::ToKebabCase::to_kebab_case(naming_words(&info.title).as_str());
            if check_crate_name(&name).is_ok() {
                name
            } else {
                "generated-client".to_owned()
            }
        }
    };
    let cli_name = match info.extensions.get(CLI_NAME_EXTENSION) {
        Some(serde_json::Value::String(name)) => {
            check_crate_name(name).map_err(|message| {
                lowerer.invalid(&Pointer::root().join("info").join(CLI_NAME_EXTENSION), message)
            })?;
            name.clone()
        }
        Some(_) => {
            return Err(lowerer.invalid(
                &Pointer::root().join("info").join(CLI_NAME_EXTENSION),
                "must be a string".into(),
            ))
        }
        None => crate_name.clone(),
    };
    let is_semver = {
        let parts: Vec<&str> = info.version.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        crate_name,
        cli_name,
        crate_version: if is_semver {
            info.version.clone()
        } else {
            "0.1.0".to_owned()
        },
        description: info.description.clone(),
        default_endpoint: spec.document.servers.first().map(|s| s.url.clone()),
        operations,
        types: lowerer.types,
    })
}

/// The `info` extension that names the generated crate.
pub const CRATE_NAME_EXTENSION: &str = "x-rust-crate-name";

/// The `info` extension that names the generated command-line program.
pub const CLI_NAME_EXTENSION: &str = "x-rust-cli-name";

/// Checks a Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter.
pub fn check_crate_name(name: &str) -> std::result::Result<(), String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid crate name (ASCII letters, digits, `-`, `_`, starting with a letter)"
        ))
    }
}

fn naming_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// State carried while lowering one document.
pub(crate) struct Lowerer<'a> {
    file: PathBuf,
    spec: &'a OpenAPI,
    /// Type names handed out so far.
    type_scope: Scope,
    /// Component schema name → Rust type name.
    component_names: BTreeMap<String, String>,
    /// Component schemas already lowered.
    done_components: BTreeSet<String>,
    /// Named types being lowered right now (to detect recursion).
    active_components: Vec<String>,
    /// Named types, in the order they were finished.
    types: Vec<TypeDef>,
}

impl Lowerer<'_> {
    fn unsupported(&self, pointer: &Pointer, message: String) -> Error {
        Error::Unsupported {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            message,
        }
    }

    fn invalid(&self, pointer: &Pointer, message: String) -> Error {
        Error::Invalid {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            message,
        }
    }
}
