//! Helpers shared by the generator's integration tests: where the test specs
//! live, how they are generated, and small file-tree utilities.
#![allow(dead_code)] // each test crate uses a different subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use huaweicloud_codegen::{generate, Options, OutputFile};

/// Runtime files the brief names; [`runtime_files`] must include them all.
pub const KNOWN_RUNTIME_FILES: &[&str] = &[
    "src/auth.rs",
    "src/error.rs",
    "src/http.rs",
    "src/json.rs",
    "src/signer.rs",
    "src/validate.rs",
];

/// The generated files that do not depend on the spec: one `src/<name>.rs`
/// per source in `generator/runtime/`, emitted verbatim behind the header.
pub fn runtime_files() -> Vec<String> {
    let dir = manifest_dir().join("runtime");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .map(|name| format!("src/{name}"))
        .collect();
    files.sort();
    for known in KNOWN_RUNTIME_FILES {
        assert!(
            files.iter().any(|f| f == known),
            "{known} is expected among the runtime files, found {files:?}"
        );
    }
    files
}

/// The generator crate's folder (`generator/`); integration tests run here.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root (the workspace holding `spec/` and `generated/`).
pub fn repo_root() -> PathBuf {
    manifest_dir()
        .parent()
        .expect("the generator crate lives inside the repository")
        .to_owned()
}

/// File names of the test specs in `tests/specs/`, sorted.
pub fn spec_file_names() -> Vec<String> {
    let dir = manifest_dir().join("tests/specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// `models.yaml` → `models`.
pub fn spec_stem(file_name: &str) -> &str {
    file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
}

/// The options every test uses for a test spec: a fixed, relative label so
/// headers do not depend on the machine.
pub fn spec_options(file_name: &str) -> Options {
    Options::new(format!("tests/specs/{file_name}"), "out")
}

/// Generates a test spec from its file (the working directory of an
/// integration test is the generator crate, so the relative label resolves).
pub fn generate_spec(file_name: &str) -> Vec<OutputFile> {
    generate(&spec_options(file_name))
        .unwrap_or_else(|e| panic!("generating tests/specs/{file_name} failed: {e}"))
}

/// The text after the do-not-edit header (two comment lines and a blank line).
pub fn strip_header(text: &str) -> &str {
    match text.find("\n\n") {
        Some(end) if text.starts_with("// @generated") || text.starts_with("# @generated") => {
            &text[end + 2..]
        }
        _ => panic!(
            "no @generated header at the start of:\n{}",
            &text[..text.len().min(200)]
        ),
    }
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .expect("inside the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.insert(relative, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in read_tree(from) {
        let target = to.join(&relative);
        std::fs::create_dir_all(target.parent().expect("a file has a parent"))
            .unwrap_or_else(|e| panic!("cannot create the folder of {}: {e}", target.display()));
        std::fs::write(&target, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
    }
}

/// Writes `text` to `path`, creating its folder.
pub fn write_file(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// A unified diff from `expected` to `actual`, for failure messages.
pub fn diff(expected_label: &str, actual_label: &str, expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header(expected_label, actual_label)
        .to_string()
}

/// The file at `path` among `files`, or a panic naming what there is.
pub fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    match files.iter().find(|f| f.path == path) {
        Some(f) => &f.contents,
        None => panic!(
            "no {path} among the generated files: {:?}",
            files.iter().map(|f| &f.path).collect::<Vec<_>>()
        ),
    }
}
