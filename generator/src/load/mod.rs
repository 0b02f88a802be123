//! Stage 1: read a spec file (YAML or JSON) into `openapiv3` types.
//!
//! The text is parsed once, by its format's own reader, into a generic
//! value: `serde_json` for a document that starts with `{` (JSON is YAML,
//! but the JSON reader is several times faster), `serde_yaml` otherwise.
//! Both build `serde_yaml`'s value, which keeps the order of keys and
//! refuses a key written twice. The value is then read into `openapiv3`
//! types; a node that does not fit is named by its JSON pointer.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::Value;

use crate::error::{Error, Result, Warning};
use crate::pointer::Pointer;

/// A parsed spec and the file it came from.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The file the spec was read from, used in every error message.
    pub file: PathBuf,
    /// The parsed document.
    pub document: openapiv3::OpenAPI,
    /// What reading the document could only approximate.
    pub warnings: Vec<Warning>,
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
pub fn load_str(text: &str, file: &Path) -> Result<LoadedSpec> {
    let parse_error = |message: String| Error::Parse {
        file: file.to_owned(),
        message,
    };
    let value = parse(text).map_err(parse_error)?;
    check_version(&value).map_err(parse_error)?;
    let document = typed(value, text).map_err(|(pointer, message)| Error::Invalid {
        file: file.to_owned(),
        pointer,
        message,
    })?;
    Ok(LoadedSpec {
        file: file.to_owned(),
        document,
        warnings: Vec::new(),
    })
}

/// The document as a generic value.
fn parse(text: &str) -> std::result::Result<Value, String> {
    let json_error = if text.trim_start().starts_with('{') {
        let mut reader = serde_json::Deserializer::from_str(text);
        match Value::deserialize(&mut reader).and_then(|value| reader.end().map(|()| value)) {
            Ok(value) => return Ok(value),
            Err(error) => Some(error),
        }
    } else {
        None
    };
    // A document that only looks like JSON may still be YAML (a flow
    // mapping with plain keys, say); if it is neither, the JSON reader's
    // complaint is the one that fits what the author meant.
    serde_yaml::from_str(text).map_err(|yaml_error| match json_error {
        Some(json_error) => format!("not valid JSON: {json_error}"),
        None => format!("not valid YAML or JSON: {yaml_error}"),
    })
}

/// The document as `openapiv3` types, or the JSON pointer of the first node
/// that does not fit and why (`text` is the document's text).
fn typed(value: Value, text: &str) -> std::result::Result<openapiv3::OpenAPI, (String, String)> {
    match read::<openapiv3::OpenAPI>(value, Pointer::root()) {
        Ok(document) => Ok(document),
        // Only a failed read parses the text a second time, to locate the
        // error more closely; it parsed once, so it parses again.
        Err((pointer, message)) => match parse(text) {
            Ok(value) => Err(narrow(&value, pointer, message)),
            Err(_) => Err((
                pointer.to_string(),
                format!("not a valid OpenAPI 3.0 document: {message}"),
            )),
        },
    }
}

/// `value` (the node at `at`) as a `T`, or the pointer of the deepest node
/// the reader could name and its complaint.
fn read<T: serde::de::DeserializeOwned>(
    value: Value,
    at: Pointer,
) -> std::result::Result<T, (Pointer, String)> {
    serde_path_to_error::deserialize(value)
        .map_err(|error| (at.join_path(error.path()), error.inner().to_string()))
}

/// A closer location for an error the reader could only place at a whole
/// map of paths or of components: `openapiv3` reads their entries through
/// untagged enums and flattened maps, which hide the path inside them, so
/// each entry is read on its own to find the one at fault.
fn narrow(value: &Value, pointer: Pointer, message: String) -> (String, String) {
    let entries = |node: &Value| -> Vec<(String, Value)> {
        node.as_mapping()
            .map(|map| {
                map.iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.clone())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let located = match pointer.as_str() {
        "#/paths" => value.get("paths").and_then(|paths| {
            entries(paths).into_iter().find_map(|(key, item)| {
                let at = pointer.join(&key);
                if item.get("$ref").is_some() {
                    read::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item, at).err()
                } else {
                    read::<openapiv3::PathItem>(item, at).err()
                }
            })
        }),
        "#/components" | "#/components/schemas" => value
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|schemas| {
                let at = Pointer::root().join("components").join("schemas");
                entries(schemas).into_iter().find_map(|(key, schema)| {
                    let at = at.join(&key);
                    if schema.get("$ref").is_some() {
                        read::<openapiv3::ReferenceOr<openapiv3::Schema>>(schema, at).err()
                    } else {
                        read::<openapiv3::Schema>(schema, at).err()
                    }
                })
            }),
        _ => None,
    };
    let (pointer, message) = located.unwrap_or((pointer, message));
    (
        pointer.to_string(),
        format!("not a valid OpenAPI 3.0 document: {message}"),
    )
}

/// Only 3.0.x is supported: 3.1 changed the schema dialect, and Swagger 2.0
/// is a different format.
fn check_version(document: &Value) -> std::result::Result<(), String> {
    match document.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => Ok(()),
        Some(Value::String(version)) => Err(format!(
            "#/openapi: version {version} is not supported; expected 3.0.x"
        )),
        None | Some(Value::Null) => match document.get("swagger") {
            Some(_) => Err(
                "#/swagger: Swagger 2.0 is not supported; expected an OpenAPI 3.0.x document"
                    .into(),
            ),
            None => Err("#/openapi: missing; expected an OpenAPI 3.0.x document".into()),
        },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_give_the_same_document() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /b: {}\n  /a: {}\n";
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/b": {}, "/a": {}}}"#;
        let from_yaml = load_str(yaml, Path::new("a.yaml")).expect("YAML loads");
        let from_json = load_str(json, Path::new("a.json")).expect("JSON loads");
        assert_eq!(from_yaml.document, from_json.document);
        // The order of keys is the document's.
        let paths: Vec<&String> = from_json.document.paths.paths.keys().collect();
        assert_eq!(paths, ["/b", "/a"]);
    }

    #[test]
    fn a_node_that_does_not_fit_is_named_by_its_pointer() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a~b/c:\n    get:\n      responses: 7\n";
        let error = load_str(yaml, Path::new("a.yaml")).expect_err("refused");
        match error {
            Error::Invalid { pointer, .. } => {
                assert_eq!(pointer, "#/paths/~1a~0b~1c/get/responses")
            }
            other => panic!("got {other:?}"),
        }
    }
}
