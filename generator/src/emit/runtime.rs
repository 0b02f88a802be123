//! The spec-independent modules of the generated crate. Their sources live
//! in `generator/runtime/` as ordinary Rust files (compiled and tested there;
//! those in `optional/` only for the specs that need them)
//! and are emitted verbatim behind the header.

use super::OutputFile;
use crate::format::Header;

/// (path in the generated crate, source)
const RUNTIME: &[(&str, &str)] = &[
    ("src/auth.rs", include_str!("../../runtime/auth.rs")),
    ("src/cli.rs", include_str!("../../runtime/cli.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/http.rs", include_str!("../../runtime/http.rs")),
    ("src/json.rs", include_str!("../../runtime/json.rs")),
    ("src/macros.rs", include_str!("../../runtime/macros.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
    ("src/signer.rs", include_str!("../../runtime/signer.rs")),
    ("src/validate.rs", include_str!("../../runtime/validate.rs")),
];

/// The module of `pattern` checks, emitted only for specs with patterns.
const PATTERN: (&str, &str) = (
    "src/pattern.rs",
    include_str!("../../runtime/optional/pattern.rs"),
);

pub fn files(header: &Header, patterns: bool) -> Vec<OutputFile> {
    RUNTIME
        .iter()
        .chain(patterns.then_some(&PATTERN))
        .map(|(path, source)| {
            let mut contents = header.render("//");
            contents.push_str(source);
            OutputFile {
                path: (*path).to_owned(),
                contents,
            }
        })
        .collect()
}
