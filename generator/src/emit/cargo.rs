//! `Cargo.toml` of the generated crate: standalone, no workspace inheritance.

use super::EmitOptions;
use crate::model::Api;

/// The oldest Rust the generated crate builds with: what the newest of its
/// dependencies, as the repository's lock file pins them, declares
/// (`rust-version` of the ICU crates under `url`, 1.88).
pub const MSRV: &str = "1.88";

pub fn manifest(api: &Api, options: &EmitOptions) -> String {
    let mut out = options.header.render("#");
    let description = format!(
        "Generated Rust client for {}.",
        super::docs::one_line(&api.title)
    );
    out.push_str(&format!(
        r#"[package]
name = {name}
version = {version}
edition = "2021"
rust-version = "{MSRV}"
license = "MIT OR Apache-2.0"
description = {description}
publish = false

[features]
default = []
# The command-line program `{cli}` (`cargo install --features cli`); the
# library alone compiles faster without it.
cli = ["dep:clap", "dep:serde_ignored", "tokio/rt-multi-thread"]

# Cargo finds the program at its default place, `src/bin/{cli}.rs`.
[[bin]]
name = {cli_string}
required-features = ["cli"]

[dependencies]
base64 = "0.22"
bytes = {{ version = "1", features = ["serde"] }}
clap = {{ version = "4", features = ["derive", "env", "string"], optional = true }}
hmac = "0.12"
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_ignored = {{ version = "0.1", optional = true }}
sha2 = "0.10"
tokio = {{ version = "1", features = ["net", "time"] }}
tracing = "0.1"
{regex}"#,
        name = toml_string(&options.crate_name),
        version = toml_string(&options.crate_version),
        description = toml_string(&description),
        cli = api.cli_name,
        cli_string = toml_string(&api.cli_name),
        MSRV = MSRV,
        // Only a spec with a `pattern` needs regular expressions.
        regex = if api.has_patterns() {
            "regex = { version = \"1\", default-features = false, features = [\"std\", \"unicode\", \"perf\"] }\n"
        } else {
            ""
        },
    ));
    out
}

/// `text` as a TOML basic string: `\` and `"` escaped, control characters
/// as `\uXXXX`, every other character (combining marks included) as it is.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_basic_strings() {
        assert_eq!(toml_string("Plain API"), r#""Plain API""#);
        assert_eq!(toml_string(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(toml_string("tab\there\n"), r#""tab\u0009here\u000A""#);
        assert_eq!(toml_string("Cafe\u{301} ✓"), "\"Cafe\u{301} ✓\"");
    }
}
