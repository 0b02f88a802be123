//! Spec text is data, whatever it holds: arbitrary Unicode (quotes, `"#`,
//! CR, NUL, direction controls, Markdown fences and indentation, HTML,
//! link schemes) in every text field of a spec gives Rust that parses, a
//! manifest Cargo can read, and docs in which nothing from the spec is a
//! doctest, raw HTML or a link of another scheme than http, https or mailto.

use proptest::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use serde_json::json;
use syn::visit::Visit;

use huaweicloud_codegen::{generate_from_str, Options, OutputFile};

/// Pieces that have broken generated crates or their docs somewhere.
const NASTY: &[&str] = &[
    "\"",
    "\"#",
    "\"##",
    "'",
    "\\",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\0",
    "\u{7}",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{2066}",
    "\u{200f}",
    "\u{2028}",
    "\u{feff}",
    "```",
    "```rust\n",
    "~~~\n",
    "\n    ",
    "\n\t",
    "    let x = 1;",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "</p>",
    "<!--",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[y]: data:text/html,hi",
    "*/",
    "/*",
    "//",
    "#![",
    "#[doc = \"",
    "{",
    "}",
    "$",
    "%s",
    "`",
    "``",
    "|a|b|\n|-|-|",
    "- ",
    "> ",
    "# ",
    "___",
    "&lt;",
    "&#x60;",
    "é",
    "☃",
    "𝕏",
    "中文",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// A spec whose every text field (titles, descriptions, summaries,
/// examples, defaults, server and tag text) is `t(i)`.
fn spec(t: &dyn Fn(usize) -> String) -> String {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": t(0), "version": t(1), "description": t(2)},
        "servers": [{"url": "https://api.example.com", "description": t(3)}],
        "tags": [{"name": "things", "description": t(4)}],
        "paths": {
            "/things/{id}": {
                "summary": t(5),
                "description": t(6),
                "put": {
                    "operationId": "PutThing",
                    "tags": ["things"],
                    "summary": t(7),
                    "description": t(8),
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "description": t(9),
                         "schema": {"type": "string", "description": t(10), "example": t(11)}},
                        {"name": "mode", "in": "query", "description": t(12),
                         "schema": {"type": "string", "default": t(13)}}
                    ],
                    "requestBody": {
                        "required": true,
                        "description": t(14),
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                    },
                    "responses": {
                        "200": {"description": t(15),
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                        "404": {"description": t(16),
                                "content": {"application/json": {"schema": {
                                    "type": "object", "description": t(17),
                                    "properties": {"error_msg": {"type": "string", "description": t(18)}}}}}}
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": t(19),
                    "description": t(20),
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": t(21), "example": t(22), "maxLength": 8},
                        "kind": {"type": "string", "description": t(23), "enum": ["a", "b"]},
                        "tags": {"type": "array", "description": t(24), "items": {"type": "string", "description": t(25)}}
                    },
                    "example": {"name": t(26)}
                }
            },
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token", "description": t(27)}
            }
        },
        "security": [{"token": []}]
    });
    serde_json::to_string(&doc).expect("a JSON value serializes")
}

/// Doc text of every documented node, one string per node (its doc lines
/// joined), as rustdoc reads them.
#[derive(Default)]
struct Docs(Vec<String>);

impl Docs {
    fn take(&mut self, attrs: &[syn::Attribute]) {
        let lines: Vec<String> = attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if !lines.is_empty() {
            self.0.push(unindent(&lines.join("\n")));
        }
    }
}

/// The doc text as rustdoc reads it: without the indentation all its
/// non-blank lines share (the space after `///`, usually).
fn unindent(text: &str) -> String {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(common.min(indent(l))..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! documented {
    ($($method:ident: $ty:ty),* $(,)?) => {
        impl<'ast> Visit<'ast> for Docs {
            fn visit_file(&mut self, node: &'ast syn::File) {
                self.take(&node.attrs);
                syn::visit::visit_file(self, node);
            }
            $(
                fn $method(&mut self, node: &'ast $ty) {
                    self.take(&node.attrs);
                    syn::visit::$method(self, node);
                }
            )*
        }
    };
}

documented! {
    visit_item_const: syn::ItemConst,
    visit_item_enum: syn::ItemEnum,
    visit_item_fn: syn::ItemFn,
    visit_item_impl: syn::ItemImpl,
    visit_item_mod: syn::ItemMod,
    visit_item_static: syn::ItemStatic,
    visit_item_struct: syn::ItemStruct,
    visit_item_trait: syn::ItemTrait,
    visit_item_type: syn::ItemType,
    visit_item_use: syn::ItemUse,
    visit_item_macro: syn::ItemMacro,
    visit_field: syn::Field,
    visit_variant: syn::Variant,
    visit_impl_item_fn: syn::ImplItemFn,
    visit_impl_item_const: syn::ImplItemConst,
    visit_impl_item_type: syn::ImplItemType,
    visit_trait_item_fn: syn::TraitItemFn,
}

/// What in the docs could act: code blocks rustdoc would run, raw HTML,
/// and the schemes of links other than intra-doc links.
#[derive(Debug, Default, PartialEq)]
struct Active {
    doctests: usize,
    html: usize,
    schemes: Vec<String>,
}

/// Whether a fenced block with this info string is a Rust doctest to
/// rustdoc: no info, or only Rust attributes (`ignore`, `no_run`, ...).
fn is_doctest(info: &str) -> bool {
    const RUST: &[&str] = &[
        "rust",
        "ignore",
        "no_run",
        "should_panic",
        "compile_fail",
        "test_harness",
        "standalone_crate",
    ];
    info.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .all(|t| RUST.contains(&t) || t.starts_with("edition"))
}

fn scheme(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once(':')?;
    let valid = scheme.chars().next()?.is_ascii_alphabetic()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    // `crate::Client` is an intra-doc path, not a scheme.
    (valid && !rest.starts_with(':')).then_some(scheme)
}

fn active(files: &[OutputFile]) -> Active {
    let mut found = Active::default();
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        let syntax = syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        let mut docs = Docs::default();
        docs.visit_file(&syntax);
        for doc in &docs.0 {
            for event in Parser::new(doc) {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => found.doctests += 1,
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                        found.doctests += usize::from(is_doctest(&info))
                    }
                    Event::Html(_) | Event::InlineHtml(_) => found.html += 1,
                    Event::Start(Tag::Link { dest_url, .. })
                    | Event::Start(Tag::Image { dest_url, .. }) => {
                        if let Some(s) = scheme(&dest_url) {
                            found.schemes.push(s.to_ascii_lowercase());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    found.schemes.sort();
    found.schemes.dedup();
    found
}

fn generate(spec: &str) -> Vec<OutputFile> {
    generate_from_str(spec, &Options::new("spec-text.json", "out"))
        .unwrap_or_else(|e| panic!("refused: {e}\n{spec}"))
}

fn manifest_description(files: &[OutputFile]) -> String {
    let manifest = files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("a Cargo.toml");
    let value: toml::Table = toml::from_str(&manifest.contents)
        .unwrap_or_else(|e| panic!("Cargo.toml does not parse: {e}\n{}", manifest.contents));
    value["package"]["description"]
        .as_str()
        .expect("a description")
        .to_owned()
}

/// What the generator's own words contribute: the same spec with plain text.
fn baseline() -> Active {
    active(&generate(&spec(&|i| format!("Plain text {i}."))))
}

#[test]
fn the_checks_see_what_they_look_for() {
    let docs = "Run:\n\n```\nstd::fs::write(\"x\", \"\").unwrap();\n```\n\n    indented();\n\n\
                ```text\nnot a test\n```\n<img src=x> [a](javascript:alert(1)) [b](crate::Client)";
    let found = {
        let file = OutputFile {
            path: "src/lib.rs".into(),
            contents: format!(
                "{}\npub struct A;\n",
                docs.lines()
                    .map(|l| format!("#[doc = {:?}]", l))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        active(&[file])
    };
    assert_eq!(found.doctests, 2);
    assert_eq!(unindent(" a\n\n     b"), "a\n\n    b");
    assert_eq!(found.html, 1);
    assert_eq!(found.schemes, ["javascript"]);
}

#[test]
fn nasty_text_in_every_field_at_once_is_inert() {
    let expected = baseline();
    let all = NASTY.concat();
    let files = generate(&spec(&|_| all.clone()));
    assert_eq!(active(&files), expected);
    let description = manifest_description(&files);
    assert!(
        !description.chars().any(char::is_control),
        "the manifest's description reaches rustc's environment: {description:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_in_every_field_is_inert(texts in proptest::collection::vec(text(), 28)) {
        let expected = baseline();
        let files = generate(&spec(&|i| texts[i].clone()));
        let shown: Vec<(usize, String)> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .map(|(i, t)| (i, t.escape_default().to_string()))
            .collect();
        prop_assert_eq!(active(&files), expected, "fields: {:?}", shown);
        let description = manifest_description(&files);
        prop_assert!(!description.chars().any(char::is_control), "{:?}", description);
    }
}
