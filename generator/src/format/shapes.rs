//! Parsing by shape. A generated file repeats a few item shapes (one per
//! kind of operation or type) that differ only in names, docs and strings,
//! and parsing tokens into a syntax tree is the costliest step of
//! formatting. So each unit's tokens are split into a *shape* (the token
//! structure, with every identifier that is not a keyword and every string
//! literal replaced by a numbered hole) and its *fillings* (those
//! identifiers and strings, in order). The first unit of a shape is parsed
//! from its own tokens; at the second, the shape's template (holes written
//! `_0`, `_1`, … and `"0"`, `"1"`, …) is parsed once and walked once to
//! record where each hole sits. From then on every unit of that shape is
//! printed from the template itself, after a walk in the same order has put
//! the unit's fillings in the holes (over the previous unit's).
//!
//! The syntax tree of a unit is the same whichever way it is built: syn's
//! parse depends on the tokens' kinds and on keywords, never on the spelling
//! of other identifiers or on the contents of a string, and printing (which
//! does depend on spelling and lengths) happens after the holes are filled.
//! A template whose items do not account for every hole is not used; the
//! units of its shape are parsed from their own tokens.
//!
//! Doc comments are carried aside (a marker stands in the shape) and a
//! shape's printed text is kept as a layout that later units are copied
//! into when their widths allow (module `layout`).

use std::str::FromStr;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};

use super::layout::{splice_docs, steers_printing, Layout, Layouts, Texts, DOC_MARKER};
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
    /// The current unit, split (its buffers reused from unit to unit).
    unit: Unit,
    /// Never reuse a shape: parse every unit from its own tokens.
    direct_only: bool,
}

/// One unit taken apart by [`split`].
#[derive(Default)]
struct Unit {
    /// Its shape.
    key: Vec<u8>,
    /// Its identifiers and strings, in order.
    fillings: Vec<Option<TokenTree>>,
    /// The text of each filling.
    texts: Texts,
    /// The text of each doc comment carried aside (after `///`).
    docs: Texts,
    /// Whether a filling is an identifier that steers printing.
    steers: bool,
    /// Whether a doc attribute referred to a text that was not set aside.
    missing_doc: bool,
    /// A token's text (reused from token to token).
    text: String,
}

impl Unit {
    fn clear(&mut self) {
        self.key.clear();
        self.fillings.clear();
        self.texts.clear();
        self.docs.clear();
        self.steers = false;
        self.missing_doc = false;
    }
}

/// A shape seen before and how often it was seen again since the last
/// eviction.
struct Shape {
    template: Template,
    reused: u32,
    /// Printed units to copy later units into.
    layouts: Layouts,
    /// A printed unit could not be matched with the shape: no layouts.
    no_layout: bool,
}

/// A shape's template, parsed the second time the shape is seen.
enum Template {
    /// Seen once; its unit was parsed directly.
    Seen,
    /// The template's syntax tree, holding the last unit's fillings.
    Parsed {
        items: Vec<syn::Item>,
        /// Every place a filling could go (identifiers, string literals,
        /// and the identifiers and literals of macro and attribute
        /// arguments), in the order a walk over the tree meets them: the
        /// hole it is, or `None` for a keyword or another literal.
        sites: Vec<Option<u32>>,
        /// How many sites each hole has.
        occurrences: Vec<u32>,
        /// The holes of each struct literal (whose width steers the layout
        /// beyond the margin).
        literals: Vec<Vec<u32>>,
    },
    /// The template does not parse on its own, or some hole does not occur
    /// in its items: units of this shape are parsed directly.
    Unusable,
}

/// How units were parsed, for benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShapeStats {
    /// Units copied into the printed layout of an earlier unit of their
    /// shape, without a syntax tree.
    pub copied: u64,
    /// Units printed from their shape's template, filled with their own
    /// identifiers and strings.
    pub reused: u64,
    /// Templates parsed (on a shape's second unit).
    pub parsed: u64,
    /// Units parsed from their own tokens: the first of their shape, or
    /// one whose shape's template is not usable.
    pub direct: u64,
}

impl ShapeStats {
    /// The counts of both.
    pub fn plus(self, other: ShapeStats) -> ShapeStats {
        ShapeStats {
            copied: self.copied + other.copied,
            reused: self.reused + other.reused,
            parsed: self.parsed + other.parsed,
            direct: self.direct + other.direct,
        }
    }
}

impl ShapeParser {
    /// A parser that parses every unit from its own tokens, to compare with.
    #[cfg(test)]
    pub(crate) fn direct_only() -> Self {
        ShapeParser {
            direct_only: true,
            ..ShapeParser::default()
        }
    }

    /// Appends the printed items of one unit's tokens to `out`.
    /// `aside` holds the doc texts that doc attributes of the form
    /// `#[doc = 3]` refer to.
    pub(crate) fn print(
        &mut self,
        tokens: TokenStream,
        aside: &Texts,
        out: &mut String,
    ) -> syn::Result<()> {
        let mut unit = std::mem::take(&mut self.unit);
        unit.clear();
        split(tokens, &mut unit, aside);
        if unit.missing_doc {
            self.unit = unit;
            return Err(syn::Error::new(
                Span::call_site(),
                "a doc comment set aside is missing",
            ));
        }
        let printed = !self.direct_only && self.print_by_shape(&mut unit, out);
        let result = if printed {
            Ok(())
        } else {
            self.stats.direct += 1;
            print_direct(&mut unit, out)
        };
        self.unit = unit;
        result
    }

    /// Prints the unit from its shape: copied into the shape's layout when
    /// its widths allow, else filled into the shape's template. `false`
    /// when the unit is to be parsed from its own tokens: the first time a
    /// shape is seen (most shapes of a small spec are seen once, and a
    /// direct parse is cheaper than parsing a template), or when the
    /// shape's template does not parse or does not account for every hole.
    /// The template is filled in place, each unit over the last, its
    /// fillings moved in (cloned only for a hole with several sites).
    fn print_by_shape(&mut self, unit: &mut Unit, out: &mut String) -> bool {
        let Some(shape) = self.shapes.get_mut(&unit.key) else {
            if self.shapes.len() >= CAPACITY {
                self.evict();
            }
            self.shapes.insert(
                unit.key.clone(),
                Shape {
                    template: Template::Seen,
                    reused: 0,
                    layouts: Layouts::default(),
                    no_layout: false,
                },
            );
            return false;
        };
        shape.reused += 1;
        if !unit.steers && shape.layouts.write(&unit.texts, &unit.docs, out) {
            self.stats.copied += 1;
            return true;
        }
        if let Template::Seen = shape.template {
            self.stats.parsed += 1;
            shape.template = parse_template(&unit.key, unit.fillings.len(), &mut unit.text);
        }
        let Template::Parsed {
            items,
            sites,
            occurrences,
            literals,
        } = &mut shape.template
        else {
            return false;
        };
        let mut fill = Fill {
            sites,
            at: 0,
            left: occurrences.clone(),
            fillings: &mut unit.fillings,
            wrong: false,
        };
        for item in items.iter_mut() {
            fill.visit_item_mut(item);
        }
        if !fill.complete() {
            // Not reached: the walk meets the sites it counted. Kept so that
            // a miscount can only cost speed.
            shape.template = Template::Unusable;
            return false;
        }
        let file = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: std::mem::take(items),
        };
        let printed = prettyplease::unparse(&file);
        *items = file.items;
        if !splice_docs(&printed, &unit.docs, out) {
            // Not reached: every marker is printed as such, and nothing
            // else prints like one. Were it reached, the fillings are in the
            // template by now, so the direct parse that follows reports an
            // error rather than printing a wrong text.
            shape.template = Template::Unusable;
            return false;
        }
        self.stats.reused += 1;
        if !shape.no_layout && !unit.steers {
            match Layout::new(printed, Words::new(&unit.key), &unit.texts, literals) {
                Some(layout) => shape.layouts.add(layout),
                None => shape.no_layout = true,
            }
        }
        true
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
const DOC: u8 = 12;

/// Parses the template of shape `key` (with `holes` holes) and records
/// where its holes sit; `text` is scratch space.
fn parse_template(key: &[u8], holes: usize, text: &mut String) -> Template {
    rebuild(key, None, None)
        .and_then(|template| syn::parse2::<syn::File>(template).ok())
        .filter(|file| file.attrs.is_empty() && file.shebang.is_none())
        .map_or(Template::Unusable, |mut file| {
            let mut count = Count::new(holes, text);
            for item in &mut file.items {
                count.visit_item_mut(item);
            }
            if count.complete() {
                Template::Parsed {
                    items: file.items,
                    sites: count.sites,
                    occurrences: count.occurrences,
                    literals: count.literals,
                }
            } else {
                Template::Unusable
            }
        })
}

/// Parses a unit from its own tokens (rebuilt from its shape, fillings and
/// doc comments) and appends it printed to `out`.
fn print_direct(unit: &mut Unit, out: &mut String) -> syn::Result<()> {
    let fillings: Option<Vec<TokenTree>> = std::mem::take(&mut unit.fillings).into_iter().collect();
    let tokens =
        fillings.and_then(|fillings| rebuild(&unit.key, Some(&fillings), Some(&unit.docs)));
    match tokens {
        Some(tokens) => {
            let file = syn::parse2::<syn::File>(tokens)?;
            out.push_str(&prettyplease::unparse(&file));
            Ok(())
        }
        None => Err(syn::Error::new(
            Span::call_site(),
            "tokens could not be rebuilt",
        )),
    }
}

/// The words of a shape in order: what printing it shows of each token
/// other than punctuation and delimiters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Word<'a> {
    /// A keyword, spelled so.
    Keyword(&'a [u8]),
    /// A literal other than a string, spelled so.
    Literal(&'a [u8]),
    /// An identifier or string hole.
    Hole,
    /// A doc comment carried aside.
    Doc,
}

/// Iterates over the [`Word`]s of a shape.
pub(crate) struct Words<'a> {
    key: &'a [u8],
    at: usize,
}

impl<'a> Words<'a> {
    fn new(key: &'a [u8]) -> Self {
        Words { key, at: 0 }
    }

    fn text(&mut self) -> Option<&'a [u8]> {
        read_text(self.key, &mut self.at)
    }
}

/// The length-prefixed text at `*at` in a shape's key (see [`push_text`]),
/// moving `*at` past it.
fn read_text<'k>(key: &'k [u8], at: &mut usize) -> Option<&'k [u8]> {
    let length = key.get(*at..*at + 4)?;
    let length = u32::from_le_bytes(length.try_into().ok()?) as usize;
    let start = *at + 4;
    let text = key.get(start..start + length)?;
    *at = start + length;
    Some(text)
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        loop {
            let tag = *self.key.get(self.at)?;
            self.at += 1;
            match tag {
                KEYWORD => return self.text().map(Word::Keyword),
                LITERAL => return self.text().map(Word::Literal),
                IDENT_HOLE | STRING_HOLE => return Some(Word::Hole),
                DOC => return Some(Word::Doc),
                PUNCT_JOINT | PUNCT_ALONE => self.at += 1,
                _ => {}
            }
        }
    }
}

/// Splits `tokens` into their shape (appended to `unit.key`), fillings (and
/// their texts) and the doc comments carried aside.
fn split(tokens: TokenStream, unit: &mut Unit, aside: &Texts) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(tree) = tokens.next() {
        match tree {
            TokenTree::Group(group) => split_group(group, unit, aside),
            TokenTree::Ident(ident) => {
                write_text(&mut unit.text, &ident);
                if is_keyword(&unit.text) {
                    unit.key.push(KEYWORD);
                    push_text(&mut unit.key, &unit.text);
                } else {
                    unit.key.push(IDENT_HOLE);
                    unit.steers |= steers_printing(&unit.text);
                    unit.texts.push(&unit.text);
                    unit.fillings.push(Some(TokenTree::Ident(ident)));
                }
            }
            TokenTree::Punct(punct) => {
                if punct.as_char() == '#' && punct.spacing() == Spacing::Alone {
                    if let Some(TokenTree::Group(group)) = tokens.peek() {
                        if group.delimiter() == Delimiter::Bracket {
                            let Some(TokenTree::Group(group)) = tokens.next() else {
                                continue;
                            };
                            split_attribute(group, unit, aside);
                            continue;
                        }
                    }
                }
                push_punct(&punct, &mut unit.key);
            }
            TokenTree::Literal(literal) => {
                write_text(&mut unit.text, &literal);
                if is_string(&unit.text) {
                    unit.key.push(STRING_HOLE);
                    unit.texts.push(&unit.text);
                    unit.fillings.push(Some(TokenTree::Literal(literal)));
                } else {
                    unit.key.push(LITERAL);
                    push_text(&mut unit.key, &unit.text);
                }
            }
        }
    }
}

fn split_group(group: Group, unit: &mut Unit, aside: &Texts) {
    unit.key.push(match group.delimiter() {
        Delimiter::Parenthesis => OPEN_PARENTHESIS,
        Delimiter::Brace => OPEN_BRACE,
        Delimiter::Bracket => OPEN_BRACKET,
        Delimiter::None => OPEN_NONE,
    });
    let inner = group.stream();
    // The group gone, `inner` is the only owner of its tokens and is taken
    // apart without copying them.
    drop(group);
    split(inner, unit, aside);
    unit.key.push(CLOSE);
}

fn push_punct(punct: &Punct, key: &mut Vec<u8>) {
    key.push(match punct.spacing() {
        Spacing::Joint => PUNCT_JOINT,
        Spacing::Alone => PUNCT_ALONE,
    });
    // Punctuation is ASCII; anything else fails to rebuild.
    key.push(u8::try_from(u32::from(punct.as_char())).unwrap_or(0));
}

/// An outer attribute (`#` and its bracketed group): a doc comment that
/// prints as `///` and its text is carried aside (a text set aside is
/// referred to by its index, `#[doc = 3]`), anything else is split like
/// other tokens.
fn split_attribute(group: Group, unit: &mut Unit, aside: &Texts) {
    let inner = group.stream();
    drop(group);
    let tokens: Vec<TokenTree> = inner.into_iter().collect();
    if let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(literal)] =
        tokens.as_slice()
    {
        if eq.as_char() == '=' && name == "doc" {
            write_text(&mut unit.text, literal);
            if unit.text.bytes().all(|b| b.is_ascii_digit()) {
                let text = unit.text.parse().ok().and_then(|index| aside.get(index));
                match text {
                    Some(text) => {
                        unit.key.push(DOC);
                        unit.docs.push(text);
                    }
                    None => unit.missing_doc = true,
                }
                return;
            }
            if let Some(text) = doc_text(&unit.text) {
                unit.key.push(DOC);
                unit.docs.push(text);
                return;
            }
        }
    }
    unit.key.push(PUNCT_ALONE);
    unit.key.push(b'#');
    unit.key.push(OPEN_BRACKET);
    split(tokens.into_iter().collect(), unit, aside);
    unit.key.push(CLOSE);
}

/// The text of a doc comment printed as `///` and the text (trailing spaces
/// dropped, as printing drops them), from its literal: a plain string
/// without escapes or a raw string, whose text has no control character
/// and does not start with `/`. `None` for any other literal.
fn doc_text(literal: &str) -> Option<&str> {
    let text = if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|&b| b == b'#').count();
        let quoted = raw.get(hashes..raw.len().checked_sub(hashes)?)?;
        quoted.strip_prefix('"')?.strip_suffix('"')?
    } else {
        let text = literal.strip_prefix('"')?.strip_suffix('"')?;
        if text.contains('\\') {
            return None;
        }
        text
    };
    if text.starts_with('/') || text.chars().any(char::is_control) {
        return None;
    }
    Some(text.trim_end_matches(' '))
}

/// Replaces `text` with `token`'s text, reusing its allocation.
fn write_text(text: &mut String, token: &impl std::fmt::Display) {
    use std::fmt::Write;
    text.clear();
    // Writing to a `String` does not fail.
    let _ = write!(text, "{token}");
}

fn push_text(key: &mut Vec<u8>, text: &str) {
    let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
    key.extend_from_slice(&length.to_le_bytes());
    key.extend_from_slice(&text.as_bytes()[..length as usize]);
}

/// The characters `proc_macro2` accepts as punctuation.
fn is_punct(ch: char) -> bool {
    "!#$%&'*+,-./:;<=>?@^|~".contains(ch)
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
///
/// Doc comments carried aside become doc attributes with the texts of
/// `docs` when given, with the marker text when not.
fn rebuild(
    key: &[u8],
    fillings: Option<&[TokenTree]>,
    docs: Option<&Texts>,
) -> Option<TokenStream> {
    let mut reader = Reader {
        key,
        at: 0,
        holes: 0,
        fillings,
        docs,
        doc: 0,
    };
    let tokens = reader.stream()?;
    (reader.at == key.len()).then_some(tokens)
}

struct Reader<'a> {
    key: &'a [u8],
    at: usize,
    holes: usize,
    fillings: Option<&'a [TokenTree]>,
    docs: Option<&'a Texts>,
    doc: usize,
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
                    let ch = char::from(*self.key.get(self.at)?);
                    self.at += 1;
                    if !is_punct(ch) {
                        return None;
                    }
                    TokenTree::Punct(Punct::new(ch, spacing))
                }
                DOC => {
                    let text = match self.docs {
                        Some(docs) => docs.get(self.doc)?,
                        None => DOC_MARKER,
                    };
                    self.doc += 1;
                    tokens.push(TokenTree::Punct(Punct::new('#', Spacing::Alone)));
                    let attribute = [
                        TokenTree::Ident(Ident::new("doc", Span::call_site())),
                        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
                        TokenTree::Literal(Literal::string(text)),
                    ];
                    TokenTree::Group(Group::new(
                        Delimiter::Bracket,
                        attribute.into_iter().collect(),
                    ))
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
        std::str::from_utf8(read_text(self.key, &mut self.at)?).ok()
    }
}

/// The first walk over a freshly parsed template: its sites in order, and
/// how many each hole has (holes are spelled `_N` and `"N"` there).
struct Count<'a> {
    sites: Vec<Option<u32>>,
    occurrences: Vec<u32>,
    /// The holes of each struct literal met, once it is left.
    literals: Vec<Vec<u32>>,
    /// The holes of the struct literals the walk is in, innermost last.
    open: Vec<Vec<u32>>,
    wrong: bool,
    text: &'a mut String,
}

impl<'a> Count<'a> {
    fn new(holes: usize, text: &'a mut String) -> Self {
        Count {
            sites: Vec::new(),
            occurrences: vec![0; holes],
            literals: Vec::new(),
            open: Vec::new(),
            wrong: false,
            text,
        }
    }

    /// Whether every hole has a site (and no site names a hole that is not).
    fn complete(&self) -> bool {
        !self.wrong && self.occurrences.iter().all(|&n| n > 0)
    }

    /// Records the site whose text is in `self.text`.
    fn site(&mut self, ident: bool) {
        let text = self.text.as_str();
        let hole: Option<usize> = if ident {
            text.strip_prefix('_').and_then(|n| n.parse().ok())
        } else {
            text.strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .and_then(|n| n.parse().ok())
        };
        let site = match hole {
            Some(hole) if hole < self.occurrences.len() => {
                self.occurrences[hole] += 1;
                if let Some(literal) = self.open.last_mut() {
                    literal.push(hole as u32);
                }
                u32::try_from(hole).ok()
            }
            Some(_) => {
                self.wrong = true;
                None
            }
            None => None,
        };
        self.sites.push(site);
    }

    fn stream(&mut self, tokens: &TokenStream) {
        for tree in tokens.clone() {
            match tree {
                TokenTree::Group(group) => self.stream(&group.stream()),
                TokenTree::Ident(ident) => {
                    write_text(self.text, &ident);
                    self.site(true);
                }
                TokenTree::Literal(literal) => {
                    write_text(self.text, &literal);
                    if is_string(self.text) {
                        self.site(false);
                    } else {
                        self.sites.push(None);
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
}

impl VisitMut for Count<'_> {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        // prettyplease breaks a struct literal wider than a fixed width.
        self.open.push(Vec::new());
        visit_mut::visit_expr_struct_mut(self, expr);
        if let Some(holes) = self.open.pop() {
            if let Some(outer) = self.open.last_mut() {
                outer.extend_from_slice(&holes);
            }
            self.literals.push(holes);
        }
    }

    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        write_text(self.text, ident);
        self.site(true);
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        write_text(self.text, &lit.token());
        self.site(false);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        visit_mut::visit_macro_mut(self, mac);
        self.stream(&mac.tokens);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        visit_mut::visit_meta_list_mut(self, list);
        self.stream(&list.tokens);
    }
}

/// A walk over a template, in the order [`Count`] recorded its sites,
/// putting one unit's fillings in the holes.
struct Fill<'a> {
    sites: &'a [Option<u32>],
    at: usize,
    /// Per hole, sites still to fill.
    left: Vec<u32>,
    fillings: &'a mut [Option<TokenTree>],
    wrong: bool,
}

impl Fill<'_> {
    /// Whether every site was met and every hole filled.
    fn complete(&self) -> bool {
        !self.wrong && self.at == self.sites.len() && self.left.iter().all(|&n| n == 0)
    }

    /// The filling for the next site; `None` for a site that is no hole.
    fn next(&mut self) -> Option<TokenTree> {
        let site = self.sites.get(self.at).copied();
        self.at += 1;
        let hole = match site {
            Some(Some(hole)) => hole as usize,
            Some(None) => return None,
            None => {
                self.wrong = true;
                return None;
            }
        };
        match self.left.get_mut(hole) {
            Some(left) if *left > 0 => {
                *left -= 1;
                let slot = &mut self.fillings[hole];
                if *left == 0 {
                    slot.take()
                } else {
                    slot.clone()
                }
            }
            _ => {
                self.wrong = true;
                None
            }
        }
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
                TokenTree::Ident(ident) => match self.next() {
                    Some(filling @ TokenTree::Ident(_)) => filling,
                    Some(_) => {
                        self.wrong = true;
                        TokenTree::Ident(ident)
                    }
                    None => TokenTree::Ident(ident),
                },
                TokenTree::Literal(literal) => match self.next() {
                    Some(filling @ TokenTree::Literal(_)) => filling,
                    Some(_) => {
                        self.wrong = true;
                        TokenTree::Literal(literal)
                    }
                    None => TokenTree::Literal(literal),
                },
                punct => punct,
            })
            .collect()
    }
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        match self.next() {
            Some(TokenTree::Ident(filling)) => *ident = filling,
            Some(_) => self.wrong = true,
            None => {}
        }
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        match self.next() {
            Some(TokenTree::Literal(filling)) => match syn::Lit::new(filling) {
                syn::Lit::Str(filled) => *lit = filled,
                _ => self.wrong = true,
            },
            Some(_) => self.wrong = true,
            None => {}
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

    fn print(parser: &mut ShapeParser, tokens: TokenStream) -> String {
        let mut out = String::new();
        parser
            .print(tokens, &Texts::default(), &mut out)
            .expect("parses");
        out
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
        // The first unit is parsed directly, the second parses the template
        // and is filled from it, the third is filled from it.
        for unit in units.iter().chain(&units[..1]) {
            assert_eq!(print(&mut parser, unit.clone()), direct_print(unit.clone()));
        }
        assert_eq!(
            parser.stats(),
            ShapeStats {
                copied: 0,
                reused: 2,
                parsed: 1,
                direct: 1
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
            for _ in 0..2 {
                assert_eq!(print(&mut parser, unit.clone()), direct_print(unit.clone()));
            }
        }
        // Four shapes, each parsed directly once and as a template once.
        assert_eq!(
            parser.stats(),
            ShapeStats {
                copied: 0,
                reused: 4,
                parsed: 4,
                direct: 4
            }
        );
    }

    /// A unit of one shape, with `name` in several places (one of them in
    /// a struct literal, which must keep its width) and `doc` as its doc.
    fn named(name: &str, field: &str, doc: &str) -> TokenStream {
        let name = Ident::new(name, Span::call_site());
        let field = Ident::new(field, Span::call_site());
        let error = quote::format_ident!("{}Error", name);
        let id = name.to_string();
        quote! {
            #[doc = #doc]
            pub fn #name(body: &Body) -> Result<(), #error> {
                let request = crate::requests::#name(body, #id)?;
                let value = Input { #field: 1 };
                match request.status() {
                    200 => Ok(response.empty()),
                    _ => response.fail_json(#error::BadRequest),
                }
            }
        }
    }

    /// Prints `units` through one parser, checks each against a direct
    /// parse, and returns the parser's counts.
    fn print_all(units: &[TokenStream]) -> ShapeStats {
        let mut parser = ShapeParser::default();
        for unit in units {
            assert_eq!(print(&mut parser, unit.clone()), direct_print(unit.clone()));
        }
        parser.stats()
    }

    #[test]
    fn units_of_the_same_widths_are_copied_into_the_layout() {
        let units: Vec<TokenStream> = (0..6)
            .map(|i| {
                named(
                    &format!("disable_{i}"),
                    "abcde",
                    &format!(" Doc {i} of any length{}.", "x".repeat(i)),
                )
            })
            .collect();
        let stats = print_all(&units);
        // The first is parsed directly, the second fills the template and
        // becomes the layout, the other four are copied.
        assert_eq!((stats.direct, stats.reused, stats.copied), (1, 1, 4));
    }

    #[test]
    fn a_wider_unit_is_copied_while_its_lines_fit() {
        let units = [
            named("disable", "abcde", " One."),
            named("disable", "abcde", " Two."),
            // Wider names, lines still well inside the margin.
            named("disable_device", "abcde", " Three."),
            // So wide that the signature breaks over lines: printed afresh.
            named(&format!("disable_{}", "d".repeat(60)), "abcde", " Four."),
        ];
        let stats = print_all(&units);
        assert_eq!((stats.direct, stats.reused, stats.copied), (1, 2, 1));
    }

    #[test]
    fn narrower_units_fixed_holes_and_steering_words_are_not_copied() {
        let units = [
            named("disable_device", "abcde", " One."),
            named("disable_device", "abcde", " Two."),
            // Narrower than the layout.
            named("disable", "abcde", " Three."),
            // A field in a struct literal of another width.
            named("disable", "abcdefgh", " Four."),
            // The same widths as the third: copied.
            named("disable", "abcde", " Five."),
            // A name of three bytes, narrower than every layout.
            named("dis", "abcde", " Six."),
            // That hole of four bytes or less grows by one.
            named("disa", "abcde", " Seven."),
            // A word whose spelling steers printing.
            named("vec", "abcde", " Eight."),
        ];
        let stats = print_all(&units);
        assert_eq!(stats.copied, 1, "{stats:?}");
    }

    #[test]
    fn a_syntax_error_is_reported() {
        let mut parser = ShapeParser::default();
        assert!(parser
            .print(
                quote!(fn broken(,) {}),
                &Texts::default(),
                &mut String::new()
            )
            .is_err());
    }

    #[test]
    fn memory_stays_bounded() {
        let mut parser = ShapeParser::default();
        for n in 0..(3 * CAPACITY) {
            let fields = (0..n).map(|i| quote::format_ident!("f{}", i));
            print(&mut parser, quote!(struct S { #(#fields: u8,)* }));
            assert!(parser.shapes.len() <= CAPACITY);
        }
    }
}
