//! A large YAML spec is read with its `paths` entries cut into pieces on
//! several cores; whatever the text, the loader must give exactly what one
//! `serde_yaml` pass gives: the same document, or a refusal.

use std::path::Path;

use huaweicloud_codegen::load::load_str;
use proptest::prelude::*;

/// The real spec with its three paths repeated under `copies` prefixes and
/// its schemas under `copies` suffixes: about 500 KiB at 100 copies, above
/// the size where reading is split.
fn large_spec(copies: usize) -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/iam-mfa.yaml"))
            .expect("the real spec");
    let paths = text.find("\npaths:\n").expect("paths") + "\npaths:\n".len();
    let components = text.find("\ncomponents:").expect("components") + 1;
    let block = &text[paths..components];
    let mut out = text[..paths].to_owned();
    for copy in 0..copies {
        out.push_str(
            &block
                .replace("\n  /", &format!("\n  /copy{copy}/"))
                .replacen("  /", &format!("  /copy{copy}/"), 1),
        );
    }
    let schemas = text.find("\n  schemas:\n").expect("schemas") + "\n  schemas:\n".len();
    out.push_str(&text[components..schemas]);
    let mut block = text[schemas..].to_owned();
    for copy in 0..copies {
        for line in text[schemas..].lines() {
            let entry = line.starts_with("    ") && !line.starts_with("     ");
            match line.strip_suffix(':').filter(|_| entry) {
                Some(name) => block.push_str(&format!("{name}Copy{copy}:\n")),
                None => {
                    block.push_str(line);
                    block.push('\n');
                }
            }
        }
    }
    out.push_str(&block);
    out
}

/// The document as one `serde_yaml` pass reads it; `None` where that pass
/// fails or panics inside `openapiv3` (a key written twice inside a
/// `$ref`-or-value object), the panic kept quiet.
fn one_pass(text: &str) -> Option<openapiv3::OpenAPI> {
    thread_local! {
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let read = std::panic::catch_unwind(|| serde_yaml::from_str(text).ok());
    QUIET.with(|quiet| quiet.set(false));
    read.ok().flatten()
}

fn loaded(text: &str) -> Option<openapiv3::OpenAPI> {
    load_str(text, Path::new("large.yaml"))
        .ok()
        .map(|spec| spec.document)
}

#[test]
fn a_large_spec_loads_as_one_pass_reads_it() {
    let text = large_spec(100);
    assert!(text.len() > 256 * 1024, "{} bytes", text.len());
    let document = loaded(&text).expect("loads");
    assert_eq!(document.paths.paths.len(), 300);
    let schemas = &document.components.as_ref().expect("components").schemas;
    assert!(schemas.len() > 100, "{} schemas", schemas.len());
    assert_eq!(Some(document), one_pass(&text));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Lines deleted, duplicated or re-indented anywhere (splitting a scalar,
    /// moving an entry, breaking the block) never make the two readings differ.
    #[test]
    fn edited_lines_load_as_one_pass_reads_them(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4), 1..4)
    ) {
        let text = large_spec(100);
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for (at, edit) in edits {
            let i = at.index(lines.len());
            match edit {
                0 => { lines.remove(i); }
                1 => { let line = lines[i].clone(); lines.insert(i, line); }
                2 => lines[i] = lines[i].trim_start().to_owned(),
                _ => lines[i] = format!("  {}", lines[i].trim_start()),
            }
        }
        let edited = lines.join("\n");
        let ours = loaded(&edited);
        let reference = one_pass(&edited);
        prop_assert_eq!(ours, reference);
    }
}
