//! `Cargo.toml` of the generated crate: standalone, no workspace inheritance.

use super::EmitOptions;
use crate::model::Api;

pub fn manifest(api: &Api, options: &EmitOptions) -> String {
    let mut out = options.header.render("#");
    let description = format!("Generated Rust client for {}.", api.title.trim());
    out.push_str(&format!(
        r#"[package]
name = {name:?}
version = {version:?}
edition = "2021"
rust-version = "1.75"
license = "MIT OR Apache-2.0"
description = {description:?}
publish = false

[features]
default = ["cli"]
# The command-line program `{cli}`; turn off default features for the library alone.
cli = ["dep:clap", "tokio/rt-multi-thread", "tokio/macros"]

[[bin]]
name = "{cli}"
path = "src/bin/{cli}.rs"
required-features = ["cli"]

[dependencies]
bytes = "1"
clap = {{ version = "4", features = ["derive", "env"], optional = true }}
hmac = "0.12"
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
sha2 = "0.10"
tokio = {{ version = "1", features = ["time"] }}
tracing = "0.1"
"#,
        name = options.crate_name,
        version = options.crate_version,
        cli = api.cli_name,
    ));
    out
}
