//! Parsing by shape. A generated file repeats a few item shapes (one per
//! kind of operation or type) that differ only in names, docs and strings,
//! and parsing tokens into a syntax tree is the costliest step of
//! formatting. So each unit's tokens are split into a *shape* (the token
//! structure, with every identifier that is not a keyword and every string
//! literal replaced by a numbered hole) and its *fillings* (those
//! identifiers and strings, in order). A shape is parsed once; every unit of
//! that shape clones the parsed items and puts its fillings into the holes.
//!
//! The syntax tree of a unit is the same whichever way it is built: syn's
//! parse depends on the tokens' kinds and on keywords, never on the spelling
//! of other identifiers or on the contents of a string, and printing (which
//! does depend on spelling and lengths) happens after the holes are filled.
//! When a filled tree does not account for every hole, the unit is parsed
//! directly instead.

use std::str::FromStr;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};

use crate::fast_hash::FastMap;

/// Most shapes one parser keeps; past it, shapes that were never reused
/// are dropped (and all of them if every one was), so memory stays bounded
/// on specs with little repetition.
const CAPACITY: usize = 128;

/// A parser that remembers the shapes it has parsed. Not `Send` (syntax
/// trees hold `proc_macro2` tokens): each formatting worker has its own.
#[derive(Default)]
pub(crate) struct ShapeParser {
    shapes: FastMap<Vec<u8>, Shape>,
    stats: ShapeStats,
}

/// A parsed shape and how often it was reused since the last eviction.
struct Shape {
    /// The template's items; `None` when the template does not parse on
    /// its own or its holes cannot all be filled.
    items: Option<Vec<syn::Item>>,
    reused: u32,
}

/// How units were parsed, for benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShapeStats {
    /// Units whose shape was already parsed.
    pub reused: u64,
    /// Units whose shape was parsed for them.
    pub parsed: u64,
    /// Units parsed from their own tokens, their shape's template not
    /// parsing or not accounting for every hole (also counted above).
    pub direct: u64,
}

impl ShapeStats {
    /// The counts of both.
    pub fn plus(self, other: ShapeStats) -> ShapeStats {
        ShapeStats {
            reused: self.reused + other.reused,
            parsed: self.parsed + other.parsed,
            direct: self.direct + other.direct,
        }
    }
}

impl ShapeParser {
    /// The items of one unit's tokens.
    pub(crate) fn items(&mut self, tokens: TokenStream) -> syn::Result<Vec<syn::Item>> {
        let mut key = Vec::new();
        let mut fillings = Vec::new();
        split(tokens, &mut key, &mut fillings);
        let template = match self.shapes.get_mut(&key) {
            Some(shape) => {
                shape.reused += 1;
                self.stats.reused += 1;
                shape.items.clone()
            }
            None => {
                if self.shapes.len() >= CAPACITY {
                    self.evict();
                }
                self.stats.parsed += 1;
                let items = rebuild(&key, None)
                    .and_then(|template| syn::parse2::<syn::File>(template).ok())
                    .filter(|file| file.attrs.is_empty() && file.shebang.is_none())
                    .map(|file| file.items);
                let template = items.clone();
                self.shapes.insert(key.clone(), Shape { items, reused: 0 });
                template
            }
        };
        if let Some(mut items) = template {
            let mut fill = Fill::new(&fillings);
            for item in &mut items {
                fill.visit_item_mut(item);
            }
            if fill.complete() {
                return Ok(items);
            }
            // This shape cannot be filled; its units are parsed directly.
            if let Some(shape) = self.shapes.get_mut(&key) {
                shape.items = None;
            }
        }
        self.stats.direct += 1;
        let tokens = rebuild(&key, Some(&fillings))
            .ok_or_else(|| syn::Error::new(Span::call_site(), "tokens could not be rebuilt"))?;
        syn::parse2::<syn::File>(tokens).map(|file| file.items)
    }

    /// How units were parsed so far.
    pub(crate) fn stats(&self) -> ShapeStats {
        self.stats
    }

    fn evict(&mut self) {
        self.shapes.retain(|_, shape| shape.reused > 0);
        if self.shapes.len() >= CAPACITY {
            self.shapes.clear();
        }
        for shape in self.shapes.values_mut() {
            shape.reused = 0;
        }
    }
}

// The shape's encoding: one tag byte per token, texts length-prefixed.
const OPEN_PARENTHESIS: u8 = 1;
const OPEN_BRACE: u8 = 2;
const OPEN_BRACKET: u8 = 3;
const OPEN_NONE: u8 = 4;
const CLOSE: u8 = 5;
const KEYWORD: u8 = 6;
const IDENT_HOLE: u8 = 7;
const STRING_HOLE: u8 = 8;
const LITERAL: u8 = 9;
const PUNCT_JOINT: u8 = 10;
const PUNCT_ALONE: u8 = 11;

/// Splits `tokens` into their shape (appended to `key`) and fillings.
fn split(tokens: TokenStream, key: &mut Vec<u8>, fillings: &mut Vec<TokenTree>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => {
                key.push(match group.delimiter() {
                    Delimiter::Parenthesis => OPEN_PARENTHESIS,
                    Delimiter::Brace => OPEN_BRACE,
                    Delimiter::Bracket => OPEN_BRACKET,
                    Delimiter::None => OPEN_NONE,
                });
                let inner = group.stream();
                // The group gone, `inner` is the only owner of its tokens and
                // is taken apart without copying them.
                drop(group);
                split(inner, key, fillings);
                key.push(CLOSE);
            }
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                if is_keyword(&text) {
                    key.push(KEYWORD);
                    push_text(key, &text);
                } else {
                    key.push(IDENT_HOLE);
                    fillings.push(TokenTree::Ident(ident));
                }
            }
            TokenTree::Punct(punct) => {
                key.push(match punct.spacing() {
                    Spacing::Joint => PUNCT_JOINT,
                    Spacing::Alone => PUNCT_ALONE,
                });
                let mut buffer = [0; 4];
                push_text(key, punct.as_char().encode_utf8(&mut buffer));
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if is_string(&text) {
                    key.push(STRING_HOLE);
                    fillings.push(TokenTree::Literal(literal));
                } else {
                    key.push(LITERAL);
                    push_text(key, &text);
                }
            }
        }
    }
}

fn push_text(key: &mut Vec<u8>, text: &str) {
    let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
    key.extend_from_slice(&length.to_le_bytes());
    key.extend_from_slice(&text.as_bytes()[..length as usize]);
}

/// A plain or raw string literal (what `syn::LitStr` parses).
fn is_string(text: &str) -> bool {
    text.starts_with('"') || text.starts_with("r\"") || text.starts_with("r#")
}

/// Words whose spelling steers syn's parser: Rust's strict, reserved and
/// weak keywords, `_`, and the literals `true` and `false`.
fn is_keyword(text: &str) -> bool {
    matches!(
        text,
        "_" | "as"
            | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "gen"
            | "macro"
            | "override"
            | "priv"
            | "try"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "auto"
            | "builtin"
            | "default"
            | "macro_rules"
            | "raw"
            | "safe"
            | "union"
    )
}

/// Rebuilds tokens from a shape: with `fillings`, the unit's own tokens;
/// without, the shape's template, whose holes are identifiers `_0`, `_1`, …
/// and string literals `"0"`, `"1"`, … numbered in order.
fn rebuild(key: &[u8], fillings: Option<&[TokenTree]>) -> Option<TokenStream> {
    let mut reader = Reader {
        key,
        at: 0,
        holes: 0,
        fillings,
    };
    let tokens = reader.stream()?;
    (reader.at == key.len()).then_some(tokens)
}

struct Reader<'a> {
    key: &'a [u8],
    at: usize,
    holes: usize,
    fillings: Option<&'a [TokenTree]>,
}

impl Reader<'_> {
    /// Tokens up to the end of the current group (or of the key).
    fn stream(&mut self) -> Option<TokenStream> {
        let mut tokens = Vec::new();
        while let Some(&tag) = self.key.get(self.at) {
            self.at += 1;
            let tree = match tag {
                CLOSE => break,
                OPEN_PARENTHESIS | OPEN_BRACE | OPEN_BRACKET | OPEN_NONE => {
                    let delimiter = match tag {
                        OPEN_PARENTHESIS => Delimiter::Parenthesis,
                        OPEN_BRACE => Delimiter::Brace,
                        OPEN_BRACKET => Delimiter::Bracket,
                        _ => Delimiter::None,
                    };
                    TokenTree::Group(Group::new(delimiter, self.stream()?))
                }
                KEYWORD => TokenTree::Ident(Ident::new(self.text()?, Span::call_site())),
                LITERAL => TokenTree::Literal(Literal::from_str(self.text()?).ok()?),
                PUNCT_JOINT | PUNCT_ALONE => {
                    let spacing = if tag == PUNCT_JOINT {
                        Spacing::Joint
                    } else {
                        Spacing::Alone
                    };
                    let ch = self.text()?.chars().next()?;
                    TokenTree::Punct(Punct::new(ch, spacing))
                }
                IDENT_HOLE | STRING_HOLE => {
                    let hole = self.holes;
                    self.holes += 1;
                    match (self.fillings, tag) {
                        (Some(fillings), _) => fillings.get(hole)?.clone(),
                        (None, IDENT_HOLE) => {
                            TokenTree::Ident(Ident::new(&format!("_{hole}"), Span::call_site()))
                        }
                        (None, _) => TokenTree::Literal(Literal::string(&hole.to_string())),
                    }
                }
                _ => return None,
            };
            tokens.push(tree);
        }
        Some(tokens.into_iter().collect())
    }

    fn text(&mut self) -> Option<&str> {
        let length = self.key.get(self.at..self.at + 4)?;
        let length = u32::from_le_bytes(length.try_into().ok()?) as usize;
        let start = self.at + 4;
        let text = self.key.get(start..start + length)?;
        self.at = start + length;
        std::str::from_utf8(text).ok()
    }
}

/// Puts a unit's fillings into the holes of a cloned template.
struct Fill<'a> {
    fillings: &'a [TokenTree],
    filled: Vec<bool>,
    wrong: bool,
}

impl<'a> Fill<'a> {
    fn new(fillings: &'a [TokenTree]) -> Self {
        Fill {
            fillings,
            filled: vec![false; fillings.len()],
            wrong: false,
        }
    }

    /// Whether every hole was filled, each with a token of its kind.
    fn complete(&self) -> bool {
        !self.wrong && self.filled.iter().all(|&filled| filled)
    }

    /// The filling of the hole `text` names, marked as used.
    fn take(&mut self, text: &str, ident: bool) -> Option<&'a TokenTree> {
        let hole: usize = if ident {
            text.strip_prefix('_')?.parse().ok()?
        } else {
            text.strip_prefix('"')?.strip_suffix('"')?.parse().ok()?
        };
        let filling = self.fillings.get(hole);
        match (filling, ident) {
            (Some(TokenTree::Ident(_)), true) | (Some(TokenTree::Literal(_)), false) => {
                self.filled[hole] = true;
            }
            _ => self.wrong = true,
        }
        filling
    }

    /// Fills the holes of a token stream (a macro's or attribute's arguments).
    fn stream(&mut self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|tree| match tree {
                TokenTree::Group(group) => {
                    let mut filled = Group::new(group.delimiter(), self.stream(group.stream()));
                    filled.set_span(group.span());
                    TokenTree::Group(filled)
                }
                TokenTree::Ident(ident) => match self.take(&ident.to_string(), true) {
                    Some(filling) => filling.clone(),
                    None => TokenTree::Ident(ident),
                },
                TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    if is_string(&text) {
                        match self.take(&text, false) {
                            Some(filling) => filling.clone(),
                            None => TokenTree::Literal(literal),
                        }
                    } else {
                        TokenTree::Literal(literal)
                    }
                }
                punct => punct,
            })
            .collect()
    }
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(TokenTree::Ident(filling)) = self.take(&ident.to_string(), true) {
            *ident = filling.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        let text = lit.token().to_string();
        if let Some(TokenTree::Literal(filling)) = self.take(&text, false) {
            match syn::Lit::new(filling.clone()) {
                syn::Lit::Str(filled) => *lit = filled,
                _ => self.wrong = true,
            }
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        visit_mut::visit_macro_mut(self, mac);
        mac.tokens = self.stream(std::mem::take(&mut mac.tokens));
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        visit_mut::visit_meta_list_mut(self, list);
        list.tokens = self.stream(std::mem::take(&mut list.tokens));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn print(items: Vec<syn::Item>) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items,
        })
    }

    fn direct_print(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn a_reused_shape_prints_like_a_direct_parse() {
        let units = [
            quote! {
                #[doc = "Disables a device."]
                #[serde(rename = "user_id", default)]
                pub fn disable(user_id: &str) -> Result<(), Error> {
                    api_error!(DisableError, "Disable", [BadRequest]);
                    let body = Body { user_id, serial: r"x" };
                    Ok(())
                }
            },
            quote! {
                #[doc = "Deletes a device, and a much longer line so that the layout changes."]
                #[serde(rename = "serial_number_of_the_device", default)]
                pub fn delete_a_virtual_mfa_device(identifier_of_the_user: &str) -> Result<(), AnotherError> {
                    api_error!(DeleteError, "Delete", [NotFound]);
                    let body = Body { identifier_of_the_user, serial: r"y" };
                    Ok(())
                }
            },
        ];
        let mut parser = ShapeParser::default();
        for unit in units.iter() {
            let items = parser.items(unit.clone()).expect("parses");
            assert_eq!(print(items), direct_print(unit.clone()));
        }
        assert_eq!(
            parser.stats(),
            ShapeStats {
                reused: 1,
                parsed: 1,
                direct: 0
            }
        );
    }

    #[test]
    fn keywords_and_other_literals_are_part_of_the_shape() {
        let mut parser = ShapeParser::default();
        for unit in [
            quote!(
                pub struct A(u8);
            ),
            quote!(
                struct A(u8);
            ),
            quote!(
                const A: u8 = 1;
            ),
            quote!(
                const A: u8 = 2;
            ),
        ] {
            let items = parser.items(unit.clone()).expect("parses");
            assert_eq!(print(items), direct_print(unit));
        }
        assert_eq!(parser.stats().parsed, 4);
    }

    #[test]
    fn a_syntax_error_is_reported() {
        let mut parser = ShapeParser::default();
        assert!(parser.items(quote!(fn broken(,) {})).is_err());
    }

    #[test]
    fn memory_stays_bounded() {
        let mut parser = ShapeParser::default();
        for n in 0..(3 * CAPACITY) {
            let fields = (0..n).map(|i| quote::format_ident!("f{}", i));
            parser
                .items(quote!(struct S { #(#fields: u8,)* }))
                .expect("parses");
            assert!(parser.shapes.len() <= CAPACITY);
        }
    }
}
