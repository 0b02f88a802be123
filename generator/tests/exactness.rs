//! The generator reads a spec exactly as the YAML and JSON readers do, and
//! prints the same bytes whatever the machine: each emitted Rust file is
//! what prettyplease prints of it, and the number of formatting workers
//! changes nothing.

mod support;

#[path = "../../bench-compare/src/synth.rs"]
#[allow(dead_code, clippy::manual_is_multiple_of, clippy::unnecessary_map_or)]
mod synth;

use std::path::Path;

use huaweicloud_codegen::load::load_str;
use huaweicloud_codegen::{generate_from_str, Options, OutputFile};

fn generate_with(text: &str, workers: usize) -> Vec<OutputFile> {
    let mut options = Options::new("synthetic.yaml", "out");
    options.workers = Some(workers);
    generate_from_str(text, &options).expect("the synthetic spec generates")
}

#[test]
fn one_worker_and_four_write_the_same_bytes() {
    // 162 operations: every file with units is cut into at least five
    // chunks, more than there are workers, so the workers interleave.
    let text = synth::irregular_names(&synth::spec(162, synth::ErrorBodies::PerStatus));
    let one = generate_with(&text, 1);
    let four = generate_with(&text, 4);
    assert_eq!(one.len(), four.len());
    for (a, b) in one.iter().zip(&four) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between 1 and 4 workers",
            a.path
        );
    }
    // The spec is large enough that the files with units are cut into many chunks.
    let operations = one
        .iter()
        .find(|f| f.path == "src/operations.rs")
        .expect("operations.rs");
    assert!(
        operations.contents.matches("pub async fn ").count() >= 162,
        "{} bytes",
        operations.contents.len()
    );
}

/// Every emitted Rust file (the runtime's hand-written files aside, which
/// are copied as they are) is exactly prettyplease's print of its syntax.
#[test]
fn every_emitted_rust_file_is_what_prettyplease_prints() {
    let runtime = support::runtime_files();
    let specs = [
        std::fs::read_to_string(support::repo_root().join("spec/iam-mfa.yaml")).expect("spec"),
        synth::irregular_names(&synth::spec(99, synth::ErrorBodies::PerStatus)),
    ];
    let mut checked = 0;
    for text in &specs {
        for file in generate_with(text, 2) {
            if !file.path.ends_with(".rs") || runtime.contains(&file.path) {
                continue;
            }
            let body = support::strip_header(&file.contents);
            let syntax = syn::parse_file(body)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
            let printed = prettyplease::unparse(&syntax);
            assert!(printed == body, "{} is not prettyplease's print", file.path);
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} files checked");
}

/// A spec larger than 256 KiB whose description holds, in a multi-line
/// double-quoted string, a line `paths:` followed by indented operations:
/// the document's `paths` are the real ones, as serde_yaml reads them.
#[test]
fn a_quoted_paths_block_in_a_large_spec_is_text() {
    let filler = "x".repeat(300 * 1024);
    let text = format!(
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n  description: \"{filler}\n\npaths:\n  /injected:\n    get:\n      operationId: injected\n      responses:\n        '200': {{description: ok}}\n\"\npaths:\n  /real:\n    get:\n      operationId: real\n      responses:\n        '200': {{description: ok}}\n"
    );
    assert!(text.len() > 256 * 1024);
    let loaded = load_str(&text, Path::new("large.yaml")).expect("loads");
    let expected: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("serde_yaml reads it");
    assert_eq!(loaded.document, expected);
    let paths: Vec<&String> = loaded.document.paths.paths.keys().collect();
    assert_eq!(paths, ["/real"]);
    for workers in [1, 4] {
        let mut options = Options::new("large.yaml", "out");
        options.workers = Some(workers);
        let files = generate_from_str(&text, &options).expect("generates");
        let operations = files
            .iter()
            .find(|f| f.path == "src/operations.rs")
            .expect("operations.rs");
        assert!(operations.contents.contains("pub async fn real("));
        assert!(!operations.contents.contains("injected"));
    }
}

/// A top-level `... : x` line is a document-end marker followed by text
/// that is not YAML: serde_yaml refuses it, and so does the loader.
#[test]
fn a_document_end_marker_used_as_a_key_is_refused() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n... : x\n";
    assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_err());
    let error = load_str(text, Path::new("marker.yaml")).expect_err("refused");
    assert!(error.to_string().starts_with("marker.yaml: "), "{error}");
}
