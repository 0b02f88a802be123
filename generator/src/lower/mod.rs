//! Stage 2: lower an `openapiv3` document into the [`crate::model`].
//!
//! All validation and naming happen here: anything the emitters cannot
//! express is refused with the JSON pointer of the node at fault.
//!
//! The walk is linear in the size of the document and allocates little
//! beyond the model it returns: the document is borrowed, never cloned;
//! positions are `At` chains on the stack, turned into pointer text only
//! for an error; the names of inline types are `naming::Hint`s, written
//! out only when a schema defines one; named types, components and the
//! names handed out are found through hash tables, not scans.

mod at;
mod cli;
mod facts;
mod graph;
mod limits;
pub(crate) mod naming;
mod normalize;
mod operation;
mod schema;

pub use naming::{is_keyword, pascal, pointer_name, snake, Scope};
pub use normalize::normalize;

use std::path::PathBuf;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::{Error, Result, Warning};
use crate::fast_hash::{BuildFast, FastMap, FastSet};
use crate::load::LoadedSpec;
use crate::model::{Api, TypeDef, TypeKind};
use at::At;

/// Lowers a loaded spec into the model.
pub fn lower(spec: &LoadedSpec) -> Result<Api> {
    let mut lowerer = Lowerer {
        file: spec.file.clone(),
        spec: &spec.document,
        type_scope: Scope::with_reserved(naming::reserved::TYPE_NAMES),
        components: IndexMap::default(),
        active: FastSet::default(),
        trees: Vec::new(),
        depth: 0,
        merged_fields: 0,
        merge_budget: None,
        merged_structs: FastMap::default(),
        types: Vec::new(),
        type_index: FastMap::default(),
        warnings: spec.warnings.clone(),
        warned: FastSet::default(),
    };
    lowerer.lower_component_schemas()?;
    let operations = lowerer.lower_operations()?;
    if operations.is_empty() {
        return Err(lowerer.invalid(
            &At::root().key("paths"),
            "no operations: there is no client to generate (a client calls the paths' \
             operations; webhooks and schemas alone give it nothing to call)"
                .into(),
        ));
    }
    let types = std::mem::take(&mut lowerer.types);
    let type_index: std::collections::HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect();
    let type_facts = facts::type_facts(&types, &type_index, &operations);
    let info = &spec.document.info;
    let crate_name = lowerer
        .name_extension(info, CRATE_NAME_EXTENSION, check_crate_name)?
        .unwrap_or_else(|| crate_name_from_title(&info.title));
    let cli_name = lowerer
        .name_extension(info, CLI_NAME_EXTENSION, check_program_name)?
        .unwrap_or_else(|| crate_name.clone());
    let env_prefix = cli::env_prefix(&cli_name);
    let key_options = cli::key_options(&operations, &env_prefix);
    let commands = cli::commands(&operations, &types, &type_facts, &type_index, &key_options);
    let pinned_version = lowerer.name_extension(info, CRATE_VERSION_EXTENSION, check_version)?;
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        crate_name,
        cli_name,
        env_prefix,
        crate_version: if is_semver(&info.version) {
            info.version.clone()
        } else {
            "0.1.0".to_owned()
        },
        pinned_version,
        description: info.description.clone(),
        default_endpoint: spec.document.servers.first().map(|s| s.url.clone()),
        operations,
        types,
        type_facts,
        type_index,
        commands,
        key_options,
        warnings: std::mem::take(&mut lowerer.warnings),
    })
}

/// Whether `version` is `MAJOR.MINOR.PATCH` as Cargo accepts it: three
/// decimal numbers without leading zeros.
fn is_semver(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

/// The `info` extension that names the generated crate.
pub const CRATE_NAME_EXTENSION: &str = "x-rust-crate-name";

/// The `info` extension that sets the crate version, instead of the
/// version semver requires after the committed one.
pub const CRATE_VERSION_EXTENSION: &str = "x-rust-crate-version";

fn check_version(version: &str) -> std::result::Result<(), String> {
    if is_semver(version) {
        Ok(())
    } else {
        Err(format!(
            "{version:?} is not a crate version: MAJOR.MINOR.PATCH, without leading zeros"
        ))
    }
}

/// The `info` extension that names the generated command-line program.
pub const CLI_NAME_EXTENSION: &str = "x-rust-cli-name";

/// Checks a crate name: a Cargo package name (see [`check_program_name`])
/// whose library name (`-` as `_`) is not a Rust keyword, since the
/// command-line program refers to the library by it, nor the name of a
/// standard crate or of a dependency, which it would shadow there.
pub fn check_crate_name(name: &str) -> std::result::Result<(), String> {
    check_program_name(name)?;
    let library = name.replace('-', "_");
    if naming::is_keyword(&library) {
        return Err(format!(
            "{name:?} is not a valid crate name: it is a Rust keyword"
        ));
    }
    if naming::reserved::CRATE_NAMES.contains(&library.as_str()) {
        return Err(format!(
            "{name:?} is not a valid crate name: it is the name of a crate the generated code uses"
        ));
    }
    Ok(())
}

/// Checks a Cargo package or program name: ASCII letters, digits, `-` and
/// `_`, starting with a letter.
pub fn check_program_name(name: &str) -> std::result::Result<(), String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if naming::reserved::PROGRAM_NAMES.contains(&name) {
        return Err(format!(
            "{name:?} is not a valid crate or program name: Cargo reserves it"
        ));
    }
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid crate name (ASCII letters, digits, `-`, `_`, starting with a letter)"
        ))
    }
}

/// The crate name when the spec names none: the title in kebab case, with
/// `-client` after a Rust keyword or the name of a crate the generated code
/// uses (`override-client`, `serde-client`), or `generated-client` when the
/// title gives no usable name.
fn crate_name_from_title(title: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(naming_words(title).as_str());
    [name.clone(), format!("{name}-client")]
        .into_iter()
        .find(|candidate| check_crate_name(candidate).is_ok())
        .unwrap_or_else(|| "generated-client".to_owned())
}

fn naming_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// State carried while lowering one document.
///
/// Everything borrowed from the document lives for `'a`; nothing of it is
/// cloned unless the model keeps it.
pub(crate) struct Lowerer<'a> {
    file: PathBuf,
    spec: &'a OpenAPI,
    /// Type names handed out so far.
    type_scope: Scope,
    /// The component schemas, by spec name, in document order.
    components: IndexMap<&'a str, Component<'a>, BuildFast>,
    /// Named types being lowered right now (to detect recursion).
    active: FastSet<String>,
    /// The component trees being lowered (more than one only when a
    /// component's lowering meets a reference `component_refs` missed).
    trees: Vec<schema::Tree>,
    /// How many inline schemas enclose the one being lowered (bounded by
    /// [`limits::MAX_SCHEMA_DEPTH`], so that the recursion is).
    depth: usize,
    /// Fields made by `allOf` merging so far, across the spec.
    merged_fields: usize,
    /// How many fields `allOf` merging may make across the spec, counted
    /// when the first `allOf` is merged.
    merge_budget: Option<usize>,
    /// The structs made by merging two others (both members of an `allOf`
    /// giving one property an object), by the names of the two: each pair
    /// is merged once, and a pair met again while it is being merged (two
    /// recursive structs) refers to the merge.
    merged_structs: FastMap<(String, String), String>,
    /// Named types, in the order they were finished.
    types: Vec<TypeDef>,
    /// Type name → its index in `types`.
    type_index: FastMap<String, usize>,
    /// What the lowering could only approximate, in the order met.
    warnings: Vec<Warning>,
    /// The warnings recorded so far, by pointer and message.
    warned: FastSet<(String, String)>,
}

/// A component schema: its Rust name and how far its lowering is.
struct Component<'a> {
    rust: String,
    schema: &'a ReferenceOr<Schema>,
    state: ComponentState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ComponentState {
    /// Not reached yet.
    Pending,
    /// Being lowered (a `$ref` to it now is a recursion).
    Active,
    /// Lowered; its type is in `types`.
    Done,
}

impl<'a> Lowerer<'a> {
    /// The `info` extension `extension` (a crate or program name) checked
    /// with `check`; `None` when the spec does not set it.
    fn name_extension(
        &self,
        info: &openapiv3::Info,
        extension: &str,
        check: fn(&str) -> std::result::Result<(), String>,
    ) -> Result<Option<String>> {
        let root = At::root();
        let info_at = root.key("info");
        let at = info_at.key(extension);
        match info.extensions.get(extension) {
            None => Ok(None),
            Some(serde_json::Value::String(name)) => {
                check(name).map_err(|message| self.invalid(&at, message))?;
                Ok(Some(name.clone()))
            }
            Some(_) => Err(self.invalid(&at, "must be a string".into())),
        }
    }

    /// Records a finished named type.
    fn push_type(&mut self, def: TypeDef) {
        // Names come from `type_scope` and are unique; should one repeat,
        // the first type of that name is the one found, as before.
        self.type_index
            .entry(def.name.clone())
            .or_insert(self.types.len());
        self.types.push(def);
    }

    /// The kind of the named type `name`, once it is lowered.
    pub(super) fn type_kind(&self, name: &str) -> Option<&TypeKind> {
        self.type_index
            .get(name)
            .map(|&index| &self.types[index].kind)
    }

    /// An error for what the generator does not support, at `at` (whose
    /// pointer is rendered only now).
    fn unsupported(&self, at: &At<'_>, message: String) -> Error {
        Error::Unsupported {
            file: self.file.clone(),
            pointer: at.pointer().to_string(),
            message,
        }
    }

    /// Records that the construct at `at` is only approximated, once: a
    /// node reached from several places (a component response, say) is
    /// one site.
    fn warn(&mut self, at: &At<'_>, message: impl Into<String>) {
        let warning = Warning {
            pointer: at.pointer().to_string(),
            message: message.into(),
        };
        if self
            .warned
            .insert((warning.pointer.clone(), warning.message.clone()))
        {
            self.warnings.push(warning);
        }
    }

    /// Refuses `count` things of a kind (`what`) at `at` when more than `limit`.
    fn within(&self, count: usize, limit: usize, at: &At<'_>, what: &str) -> Result<()> {
        if count > limit {
            return Err(self.unsupported(
                at,
                format!("{count} {what}; the generator accepts at most {limit} in one place"),
            ));
        }
        Ok(())
    }

    /// An error for what the spec gets wrong, at `at`.
    fn invalid(&self, at: &At<'_>, message: String) -> Error {
        Error::Invalid {
            file: self.file.clone(),
            pointer: at.pointer().to_string(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_semver;

    #[test]
    fn semver_without_leading_zeros() {
        assert!(is_semver("1.0.0"));
        assert!(is_semver("2026.10.0"));
        assert!(!is_semver("2026.01.0"));
        assert!(!is_semver("01.1.1"));
        assert!(!is_semver("1.0"));
        assert!(!is_semver("1.0.0-beta"));
        assert!(!is_semver("v2"));
    }
}
