//! Stage 1: read a spec file (YAML or JSON) into `openapiv3` types.
//!
//! The text is parsed once, by its format's own reader, into a generic
//! value: `serde_json` for a document that starts with `{` (JSON is YAML,
//! but the JSON reader is several times faster), `serde_yaml` otherwise.
//! Both build `serde_yaml`'s value, which keeps the order of keys and
//! refuses a key written twice. The value is then read into `openapiv3`
//! types; a node that does not fit is named by its JSON pointer.
//!
//! OpenAPI 3.1 (`v31`) and Swagger 2.0 (`swagger2`) documents are
//! rewritten into 3.0 on the generic value first, integer bounds beyond
//! 64 bits (`integers`) are replaced by the bounds they mean, lists of
//! `items` (`tuples`) by the nearest 3.0 form, and
//! references into nodes other than components are made references to
//! components (`refs`); what that
//! can only approximate becomes a warning with the pointer of the node as
//! the document has it.

mod integers;
mod refs;
mod swagger2;
mod tuples;
mod v31;
mod walk;
mod wide;

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
    /// Where the nodes the loader moved are written in the document.
    pub moved: Moved,
}

/// The nodes the loader moved when it rewrote a document (a Swagger 2.0
/// definition under `#/components/schemas`, say): each place in the
/// rewritten document with the place the node is written at, so that a
/// later stage's pointer names the node as its author wrote it.
#[derive(Clone, Debug, Default)]
pub struct Moved(Vec<(String, String)>);

impl Moved {
    fn record(&mut self, to: &Pointer, from: &Pointer) {
        self.0.push((to.to_string(), from.to_string()));
    }

    /// `pointer`, into the rewritten document, as a pointer into the
    /// document as written: its longest moved prefix replaced by where
    /// that node is written, or unchanged when nothing above it moved.
    pub fn original(&self, pointer: &str) -> String {
        let within = |to: &str| {
            pointer
                .strip_prefix(to)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        let best = self
            .0
            .iter()
            .filter_map(|(to, from)| within(to).map(|rest| (to.len(), from, rest)))
            .max_by_key(|(length, ..)| *length);
        match best {
            Some((_, from, rest)) => format!("{from}{rest}"),
            None => pointer.to_owned(),
        }
    }

    /// `error` with its pointer (if any) named as written.
    pub fn error(&self, error: Error) -> Error {
        match error {
            Error::Unsupported {
                file,
                pointer,
                message,
            } => Error::Unsupported {
                file,
                pointer: self.original(&pointer),
                message,
            },
            Error::Invalid {
                file,
                pointer,
                message,
            } => Error::Invalid {
                file,
                pointer: self.original(&pointer),
                message,
            },
            other => other,
        }
    }
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<LoadedSpec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    load_str(&text, path)
}

/// A node the loader refuses, and why.
type Refusal = (Pointer, String);

/// Parses spec text; `file` is only used to name the source in errors.
pub fn load_str(text: &str, file: &Path) -> Result<LoadedSpec> {
    let parse_error = |message: String| Error::Parse {
        file: file.to_owned(),
        message,
    };
    let value = parse(text).map_err(parse_error)?;
    let version = check_version(&value).map_err(parse_error)?;
    refs::refuse_other_documents(&value).map_err(|(pointer, message)| Error::Unsupported {
        file: file.to_owned(),
        pointer: pointer.to_string(),
        message,
    })?;
    let mut warnings = Vec::new();
    let mut moved = Moved::default();
    let value =
        as_3_0(value, version, &mut warnings, &mut moved).map_err(|(pointer, message)| {
            Error::Unsupported {
                file: file.to_owned(),
                pointer: pointer.to_string(),
                message,
            }
        })?;
    let mut document =
        typed(value, text, version).map_err(|(pointer, message)| Error::Invalid {
            file: file.to_owned(),
            pointer: moved.original(&pointer),
            message,
        })?;
    // Schemas rewritten after any translation: their warnings name the
    // places in the document as written.
    warnings.extend(
        crate::lower::normalize(&mut document)
            .into_iter()
            .map(|warning| Warning {
                pointer: moved.original(&warning.pointer),
                message: warning.message,
            }),
    );
    Ok(LoadedSpec {
        file: file.to_owned(),
        document,
        warnings,
        moved,
    })
}

/// The format a document is written in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Version {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// The document rewritten into OpenAPI 3.0, as far as it needs to be.
fn as_3_0(
    mut value: Value,
    version: Version,
    warnings: &mut Vec<Warning>,
    moved: &mut Moved,
) -> std::result::Result<Value, Refusal> {
    let mut value = match version {
        Version::Swagger2 => swagger2::convert(value, warnings, moved)?,
        Version::OpenApi31 => {
            v31::translate(&mut value, warnings, moved)?;
            value
        }
        Version::OpenApi30 => {
            walk::schemas(&mut value, &mut |node, at| {
                integers::bounds(node, at, warnings)
            })?;
            value
        }
    };
    walk::schemas(&mut value, &mut |node, at| {
        if version != Version::OpenApi31 {
            draft4_types(node, at, warnings, moved)?;
        }
        tuples::items_list(node, at, warnings, moved)
    })?;
    refs::body_for_response(&mut value, warnings, moved)?;
    refs::resolve(&mut value, moved)?;
    Ok(value)
}

/// A list of types (`type: [string, "null"]`, JSON Schema's form, which
/// OpenAPI 3.0 and Swagger 2.0 do not allow but documents converted from
/// JSON Schema carry) means what it means in 3.1, and is rewritten the
/// same way, with a warning.
fn draft4_types(
    node: &mut serde_yaml::Mapping,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
    moved: &Moved,
) -> std::result::Result<(), Refusal> {
    if !matches!(node.get("type"), Some(Value::Sequence(_))) {
        return Ok(());
    }
    let mut own = vec![Warning {
        pointer: at.join("type").to_string(),
        message: "a list of types, which this version of the format does not allow, read as OpenAPI 3.1 reads it".into(),
    }];
    v31::types(node, at, &mut own)?;
    warnings.extend(own.into_iter().map(|warning| Warning {
        pointer: moved.original(&warning.pointer),
        message: warning.message,
    }));
    Ok(())
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
    if let Some((line, column)) = too_deep(text) {
        return Err(format!(
            "more than {MAX_BRACKET_DEPTH} brackets (`[` or `{{`) are open at line {line} \
             column {column}; the YAML reader accepts {YAML_DEPTH} levels of nesting, and \
             reading deeper text would take time quadratic in its depth"
        ));
    }
    // A document that only looks like JSON may still be YAML (a flow
    // mapping with plain keys, say); if it is neither, the JSON reader's
    // complaint is the one that fits what the author meant.
    serde_yaml::from_str(text)
        .map(|wide::Wide(value)| value)
        .map_err(|yaml_error| match json_error {
            Some(json_error) => format!("not valid JSON: {json_error}"),
            None => format!("not valid YAML or JSON: {yaml_error}"),
        })
}

/// How many levels of nesting `serde_yaml` reads before it refuses a document.
const YAML_DEPTH: usize = 128;

/// How many brackets may be open at once in text handed to the YAML reader.
///
/// libyaml's scanner, under `serde_yaml`, reads the whole document before
/// the nesting limit is applied, and for every token it checks every flow
/// level open: 50,000 nested `[` took 16 s to be refused. A document
/// nested deeper than [`YAML_DEPTH`] is refused anyway, so it is refused
/// here first. The count is of bracket characters, wherever they are: a
/// quoted or block scalar may hold brackets too, but more than this many
/// unclosed ones at a time is far from any real description.
const MAX_BRACKET_DEPTH: usize = 2 * YAML_DEPTH;

/// The line and column (1-based) where more than [`MAX_BRACKET_DEPTH`]
/// brackets are open, if they ever are.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1, 0);
    for c in text.chars() {
        column += 1;
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => {
                line += 1;
                column = 0;
            }
            _ => {}
        }
    }
    None
}

/// The document as `openapiv3` types, or the JSON pointer of the first node
/// that does not fit and why (`text` is the document's text).
fn typed(
    value: Value,
    text: &str,
    version: Version,
) -> std::result::Result<openapiv3::OpenAPI, (String, String)> {
    match read::<openapiv3::OpenAPI>(value, Pointer::root()) {
        Ok(document) => Ok(document),
        // Only a failed read parses (and rewrites) the text a second time,
        // to locate the error more closely; it did both once, so it does
        // them again.
        Err((pointer, message)) => match parse(text)
            .ok()
            .and_then(|value| as_3_0(value, version, &mut Vec::new(), &mut Moved::default()).ok())
        {
            Some(value) => Err(narrow(&value, pointer, message)),
            None => Err((
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

/// The document's format: OpenAPI 3.0.x or 3.1.x, or Swagger 2.0.
fn check_version(document: &Value) -> std::result::Result<Version, String> {
    match document.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => Ok(Version::OpenApi30),
        Some(Value::String(version)) if version.starts_with("3.1.") => Ok(Version::OpenApi31),
        Some(Value::String(version)) => Err(format!(
            "#/openapi: version {version} is not supported; expected 3.0.x or 3.1.x"
        )),
        None | Some(Value::Null) => match document.get("swagger") {
            Some(Value::String(version)) if version == "2.0" => Ok(Version::Swagger2),
            Some(other) => Err(format!(
                "#/swagger: version {} is not supported; expected \"2.0\" (quoted: YAML reads an unquoted 2.0 as a number)",
                written(other)
            )),
            None => Err(
                "#/openapi: missing; expected an OpenAPI 3.0.x or 3.1.x (or Swagger 2.0) document"
                    .into(),
            ),
        },
        Some(other) => Err(format!(
            "#/openapi: must be a string such as \"3.0.3\", not {} (YAML reads an unquoted 3.0 as a number; quote it)",
            written(other)
        )),
    }
}

/// A value as YAML writes it, on one line.
fn written(value: &Value) -> String {
    serde_yaml::to_string(value)
        .map(|text| text.trim().to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_nesting_past_the_readers_limit_is_refused_before_reading() {
        let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: ";
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let text = format!("{head}{}1{}", open.repeat(50_000), close.repeat(50_000));
            let error = parse(&text).unwrap_err();
            assert!(error.contains("more than 256 brackets"), "{error}");
            assert!(error.contains("line 4 column"), "{error}");
        }
        let json = format!("{{\"x\": {}{}}}", "[".repeat(50_000), "]".repeat(50_000));
        assert!(parse(&json).unwrap_err().contains("more than 256 brackets"));
        // Brackets that close stay below the bound however many there are,
        // and so do a few hundred in a scalar.
        let wide = format!("{head}[{}]", vec!["[1]"; 5_000].join(", "));
        assert!(parse(&wide).is_ok());
        let scalar = format!("{head}'{}'", "[".repeat(200));
        assert!(parse(&scalar).is_ok());
    }

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
