//! Printed layouts reused as text.
//!
//! prettyplease lays out a unit from its syntax and the widths of its
//! tokens; the spelling of an identifier or the contents of a string
//! literal matter only through their length. So once a unit of some shape
//! has been printed, a later unit of the same shape prints as the same text
//! with its own identifiers and strings in place of the first one's, as
//! long as no layout decision changes. A decision can change only where a
//! width changes, and [`Layout::write`] accepts a unit only when every
//! change is one that provably keeps the layout:
//!
//! - A width may grow but never shrink. A group that was broken over lines
//!   stays broken when what it holds gets wider (its width only grows and
//!   the room left on its first line only shrinks), and so does a line
//!   break taken inside a group broken where needed.
//! - A line whose widths grew must stay within the margin, with a column
//!   to spare. Everything that was kept on one line (a group that
//!   fitted, a break not taken) lies on one printed line, so if that line
//!   still fits, each of those still fits.
//! - Two rules of prettyplease look at widths other than against the
//!   margin: a struct literal wider than a fixed width is broken, and a
//!   receiver of four characters or less keeps its method call on its line.
//!   The holes of a struct literal printed on one line, and holes of four
//!   bytes or less, must keep their exact width (a struct literal broken
//!   over lines stays broken as it gets wider).
//! - A few identifiers steer printing by their spelling (`cfg` predicates,
//!   the standard macros whose arguments prettyplease parses); a unit that
//!   fills a hole with one of them is not copied ([`steers_printing`]).
//!
//! Doc comments are not holes. prettyplease prints a doc attribute whose
//! text has no line break and does not start with `/` as `///` and the
//! text, followed by a forced line break; its width decides nothing. Such
//! doc attributes are replaced by a marker in the shape and their texts
//! are written in its place afterwards ([`splice_docs`]), for layouts and
//! for units printed from the shape's syntax tree alike.

use super::shapes::Word;

/// The text of the marker doc attribute a shape has in place of each doc
/// comment it carries aside.
pub(crate) const DOC_MARKER: &str = "\u{1}";

/// How the marker is printed.
const PRINTED_MARKER: &str = "///\u{1}";

/// The widest a line whose widths grew may get: prettyplease keeps what fits
/// within 89 columns on one line (the test on names of every length finds
/// the layouts wrong from 90 on); one column is kept to spare.
const GROWN_LINE_LIMIT: usize = 88;

/// At most this many bytes, a hole must keep its width (prettyplease keeps a
/// method call on the line of a receiver of four characters or less).
const SHORT: u32 = 4;

/// Texts in order (a unit's fillings, or its doc comments), in one buffer.
#[derive(Default, Debug)]
pub(crate) struct Texts {
    all: String,
    ends: Vec<usize>,
}

impl Texts {
    /// Appends `text`.
    pub(crate) fn push(&mut self, text: &str) {
        self.all.push_str(text);
        self.ends.push(self.all.len());
    }

    /// Appends the text `first` followed by `second`.
    pub(crate) fn push_parts(&mut self, first: &str, second: &str) {
        self.all.push_str(first);
        self.all.push_str(second);
        self.ends.push(self.all.len());
    }

    /// How many texts there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The text at `index`.
    pub(crate) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1],
        };
        self.all.get(start..end)
    }

    /// Forgets every text, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.all.clear();
        self.ends.clear();
    }
}

/// Identifiers whose spelling steers how prettyplease prints: `cfg`
/// predicates, the attributes printed as comments, and the standard macros
/// whose arguments it parses. A unit with one of them in a hole is neither
/// copied from a layout nor made into one.
pub(crate) fn steers_printing(word: &str) -> bool {
    matches!(
        word,
        "all"
            | "any"
            | "not"
            | "doc"
            | "comment"
            | "addr_of"
            | "addr_of_mut"
            | "assert"
            | "assert_eq"
            | "assert_ne"
            | "cfg"
            | "compile_error"
            | "concat"
            | "concat_bytes"
            | "const_format_args"
            | "dbg"
            | "debug_assert"
            | "debug_assert_eq"
            | "debug_assert_ne"
            | "env"
            | "eprint"
            | "eprintln"
            | "format"
            | "format_args"
            | "format_args_nl"
            | "include"
            | "include_bytes"
            | "include_str"
            | "matches"
            | "option_env"
            | "panic"
            | "print"
            | "println"
            | "thread_local"
            | "todo"
            | "unimplemented"
            | "unreachable"
            | "vec"
            | "write"
            | "writeln"
    )
}

/// One printed unit, cut at its holes and doc comments.
pub(crate) struct Layout {
    printed: String,
    segments: Vec<Segment>,
    /// Each hole's width in the printed unit.
    widths: Vec<u32>,
    /// Holes whose width must not change (inside a struct literal printed
    /// on one line).
    fixed: Vec<bool>,
    /// Units copied into this layout since it was made.
    hits: u32,
}

/// How many layouts a shape keeps: units of one shape come in kinds of
/// different widths (one per kind of operation, and names of every length),
/// and a unit whose widths no layout takes is printed afresh.
const LAYOUTS: usize = 16;

/// The layouts of one shape.
#[derive(Default)]
pub(crate) struct Layouts(Vec<Layout>);

impl Layouts {
    /// Copies the unit into the first layout that takes it (see
    /// [`Layout::write`]); `false` when none does.
    pub(crate) fn write(&mut self, fillings: &Texts, docs: &Texts, out: &mut String) -> bool {
        for layout in &mut self.0 {
            if layout.write(fillings, docs, out) {
                layout.hits += 1;
                return true;
            }
        }
        false
    }

    /// Keeps `layout` (printed because no kept layout took its unit): in
    /// place of a layout whose holes are all at least as wide (the new one
    /// takes what that one took, as far as widths go), in a free place, or
    /// in place of the least used.
    pub(crate) fn add(&mut self, layout: Layout) {
        let wider = self.0.iter().position(|kept| kept.is_at_least(&layout));
        let place = match wider {
            Some(place) => place,
            None if self.0.len() < LAYOUTS => {
                self.0.push(layout);
                return;
            }
            None => {
                let least = self.0.iter().enumerate().min_by_key(|(_, kept)| kept.hits);
                least.map_or(0, |(place, _)| place)
            }
        };
        if let Some(kept) = self.0.get_mut(place) {
            *kept = layout;
        }
    }
}

enum Segment {
    /// Printed text, copied as it is.
    Text { start: u32, end: u32 },
    /// The filling of a hole.
    Hole(u32),
    /// The next doc comment's text, after `///`.
    Doc,
}

impl Layout {
    /// The layout of `printed`, the unit of shape `words` with `fillings`
    /// in its holes and doc markers in place of its doc comments; `None`
    /// when the printed text cannot be matched word for word with the
    /// shape (then the shape is always printed from its syntax tree).
    pub(crate) fn new<'k>(
        printed: String,
        words: impl Iterator<Item = Word<'k>>,
        fillings: &Texts,
        literals: &[Vec<u32>],
    ) -> Option<Layout> {
        let mut segments = Vec::new();
        let mut words = words;
        let mut copied = 0usize;
        let mut holes = 0usize;
        let lexed = lex(&printed)?;
        for token in lexed {
            let text = &printed[token.start..token.end];
            let matched = match (words.next()?, token.kind) {
                (Word::Keyword(word), Kind::Word) | (Word::Literal(word), Kind::Literal) => {
                    word == text.as_bytes()
                }
                (Word::Hole, Kind::Word | Kind::Literal) => {
                    if fillings.get(holes)? != text {
                        return None;
                    }
                    holes += 1;
                    push_text(&mut segments, copied, token.start)?;
                    segments.push(Segment::Hole(u32::try_from(holes - 1).ok()?));
                    copied = token.end;
                    true
                }
                (Word::Doc, Kind::Doc) => {
                    push_text(&mut segments, copied, token.start)?;
                    segments.push(Segment::Doc);
                    copied = token.end;
                    true
                }
                _ => false,
            };
            if !matched {
                return None;
            }
        }
        if words.next().is_some() || holes != fillings.len() {
            return None;
        }
        push_text(&mut segments, copied, printed.len())?;
        let widths = (0..holes)
            .map(|hole| u32::try_from(fillings.get(hole).map_or(0, str::len)).ok())
            .collect::<Option<Vec<u32>>>()?;
        // The line each hole is printed on.
        let mut lines = vec![0u32; holes];
        let mut line = 0u32;
        for segment in &segments {
            match *segment {
                Segment::Text { start, end } => {
                    let text = &printed.as_bytes()[start as usize..end as usize];
                    line += text.iter().filter(|&&b| b == b'\n').count() as u32;
                }
                Segment::Hole(hole) => lines[hole as usize] = line,
                Segment::Doc => {}
            }
        }
        let mut fixed = vec![false; holes];
        for literal in literals {
            let mut on_lines = literal.iter().filter_map(|&hole| lines.get(hole as usize));
            let first = on_lines.next();
            if on_lines.all(|line| Some(line) == first) {
                for &hole in literal {
                    *fixed.get_mut(hole as usize)? = true;
                }
            }
        }
        Some(Layout {
            printed,
            segments,
            widths,
            fixed,
            hits: 0,
        })
    }

    /// Whether no hole of this layout is narrower than in `other`.
    fn is_at_least(&self, other: &Layout) -> bool {
        self.widths.len() == other.widths.len()
            && self.widths.iter().zip(&other.widths).all(|(a, b)| a >= b)
    }

    /// Appends the unit with `fillings` and `docs` printed in this layout
    /// to `out`, or leaves `out` as it was and returns `false` when a width
    /// changed in a way that could change the layout.
    pub(crate) fn write(&self, fillings: &Texts, docs: &Texts, out: &mut String) -> bool {
        if fillings.len() != self.widths.len() {
            return false;
        }
        for (hole, (&width, &fixed)) in self.widths.iter().zip(&self.fixed).enumerate() {
            let Some(new) = fillings.get(hole).map(str::len) else {
                return false;
            };
            let kept = new == width as usize;
            if !kept && (new < width as usize || fixed || width <= SHORT) {
                return false;
            }
        }
        let before = out.len();
        let mut line_start = out.len();
        let mut grown = false;
        let mut doc = 0;
        for segment in &self.segments {
            match *segment {
                Segment::Text { start, end } => {
                    let text = &self.printed[start as usize..end as usize];
                    if let Some(first) = text.find('\n') {
                        if grown && out.len() - line_start + first > GROWN_LINE_LIMIT {
                            out.truncate(before);
                            return false;
                        }
                        grown = false;
                        let last = text.rfind('\n').unwrap_or(first);
                        line_start = out.len() + last + 1;
                    }
                    out.push_str(text);
                }
                Segment::Hole(hole) => {
                    let filling = fillings.get(hole as usize).unwrap_or_default();
                    grown |= filling.len() != self.widths[hole as usize] as usize;
                    out.push_str(filling);
                }
                Segment::Doc => {
                    let Some(text) = docs.get(doc) else {
                        out.truncate(before);
                        return false;
                    };
                    doc += 1;
                    out.push_str("///");
                    out.push_str(text);
                }
            }
        }
        if doc != docs.len() || (grown && out.len() - line_start > GROWN_LINE_LIMIT) {
            out.truncate(before);
            return false;
        }
        true
    }
}

/// Appends the printed text from `start` to `end` (if any) as a segment;
/// `None` for a text too long to address, which no layout is made of.
fn push_text(segments: &mut Vec<Segment>, start: usize, end: usize) -> Option<()> {
    if start < end {
        let (start, end) = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
        segments.push(Segment::Text { start, end });
    }
    Some(())
}

/// Appends `printed` to `out` with each doc marker replaced by the next of
/// `docs`; `false` (and `out` as it was) when the markers and the docs do
/// not pair up.
pub(crate) fn splice_docs(printed: &str, docs: &Texts, out: &mut String) -> bool {
    let before = out.len();
    let mut copied = 0;
    let mut doc = 0;
    for (at, _) in printed.match_indices(PRINTED_MARKER) {
        let Some(text) = docs.get(doc) else {
            out.truncate(before);
            return false;
        };
        doc += 1;
        out.push_str(&printed[copied..at]);
        out.push_str("///");
        out.push_str(text);
        copied = at + PRINTED_MARKER.len();
    }
    if doc != docs.len() {
        out.truncate(before);
        return false;
    }
    out.push_str(&printed[copied..]);
    true
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An identifier or keyword (also the name of a lifetime).
    Word,
    /// A string, character or number literal.
    Literal,
    /// A doc marker.
    Doc,
}

struct Lexed {
    kind: Kind,
    start: usize,
    end: usize,
}

/// The words, literals and doc markers of printed Rust, in order, with
/// where they are; `None` for anything it does not expect in printed
/// units (other comments, unfinished literals).
fn lex(text: &str) -> Option<Vec<Lexed>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let start = at;
        let kind = match byte {
            b' ' | b'\n' | b'\t' | b'\r' => {
                at += 1;
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                if !text[at..].starts_with(PRINTED_MARKER) {
                    return None;
                }
                at += PRINTED_MARKER.len();
                Kind::Doc
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => return None,
            b'"' => {
                at = string_end(bytes, at + 1)?;
                at = word_end(bytes, at);
                Kind::Literal
            }
            b'r' | b'b' if starts_raw_or_byte_literal(&bytes[at..]) => {
                at = raw_or_byte_literal(bytes, at)?;
                Kind::Literal
            }
            b'\'' => match char_literal_end(bytes, at) {
                Some(end) => {
                    at = end;
                    Kind::Literal
                }
                None => {
                    // A lifetime: the quote is punctuation, its name a word.
                    at += 1;
                    continue;
                }
            },
            b'0'..=b'9' => {
                at = word_end(bytes, at);
                if bytes.get(at) == Some(&b'.') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
                {
                    at = word_end(bytes, at + 1);
                }
                Kind::Literal
            }
            _ if is_word_byte(byte) => {
                if byte == b'r' && bytes.get(at + 1) == Some(&b'#') {
                    at += 2;
                }
                at = word_end(bytes, at);
                Kind::Word
            }
            _ => {
                at += 1;
                continue;
            }
        };
        tokens.push(Lexed {
            kind,
            start,
            end: at,
        });
    }
    Some(tokens)
}

/// Letters, digits, `_`, and every byte of a non-ASCII character.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

fn word_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).copied().is_some_and(is_word_byte) {
        at += 1;
    }
    at
}

/// The end of a quoted string whose contents start at `at`.
fn string_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        match *bytes.get(at)? {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
}

/// Whether `bytes` start with a raw string, byte string, raw byte string
/// or byte character (rather than a word such as `r#type` or `br`).
fn starts_raw_or_byte_literal(bytes: &[u8]) -> bool {
    let rest = match bytes {
        [b'b', b'"' | b'\'', ..] => return true,
        [b'b', b'r', rest @ ..] | [b'r', rest @ ..] => rest,
        _ => return false,
    };
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    rest.get(hashes) == Some(&b'"')
}

/// The end of a raw string (`r"…"`, `r#"…"#`), byte string, raw byte
/// string or byte character starting at `at`, with its suffix.
fn raw_or_byte_literal(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = at;
    if bytes[at] == b'b' {
        at += 1;
        match bytes.get(at)? {
            b'"' => return Some(word_end(bytes, string_end(bytes, at + 1)?)),
            b'\'' => return char_literal_end(bytes, at),
            b'r' => {}
            _ => return None,
        }
    }
    // `r`, then hashes and a quote (a raw identifier has no quote).
    at += 1;
    let hashes = bytes[at..].iter().take_while(|&&b| b == b'#').count();
    at += hashes;
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    at += 1;
    loop {
        if bytes.get(at)? == &b'"' && bytes[at + 1..].iter().take(hashes).all(|&b| b == b'#') {
            let end = at + 1 + hashes;
            if end > bytes.len() {
                return None;
            }
            return Some(word_end(bytes, end));
        }
        at += 1;
    }
}

/// The end of a character literal starting at the quote at `at`, or `None`
/// when the quote starts a lifetime.
fn char_literal_end(bytes: &[u8], at: usize) -> Option<usize> {
    let next = *bytes.get(at + 1)?;
    if next == b'\\' {
        let mut end = at + 2;
        while *bytes.get(end)? != b'\'' {
            end += 1;
        }
        return Some(end + 1);
    }
    // One character (of one to four bytes), then the closing quote.
    let width = match next {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    (bytes.get(at + 1 + width) == Some(&b'\'')).then_some(at + 2 + width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        lex(text)
            .expect("lexes")
            .into_iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn the_lexer_finds_words_literals_and_doc_markers() {
        let text = "///\u{1}\npub fn r#type<'a>(x: &'a str) -> u8 {\n    let c = 'c';\n    g(b\"x\", r#\"q\"\"#, \"e\\\"s\", 1.5, 0..=9)\n}\n";
        assert_eq!(
            kinds(text),
            vec![
                (Kind::Doc, "///\u{1}"),
                (Kind::Word, "pub"),
                (Kind::Word, "fn"),
                (Kind::Word, "r#type"),
                (Kind::Word, "a"),
                (Kind::Word, "x"),
                (Kind::Word, "a"),
                (Kind::Word, "str"),
                (Kind::Word, "u8"),
                (Kind::Word, "let"),
                (Kind::Word, "c"),
                (Kind::Literal, "'c'"),
                (Kind::Word, "g"),
                (Kind::Literal, "b\"x\""),
                (Kind::Literal, "r#\"q\"\"#"),
                (Kind::Literal, "\"e\\\"s\""),
                (Kind::Literal, "1.5"),
                (Kind::Literal, "0"),
                (Kind::Literal, "9"),
            ]
        );
    }

    #[test]
    fn other_comments_and_open_literals_are_not_lexed() {
        assert!(lex("// a comment\n").is_none());
        assert!(lex("/// a doc\n").is_none());
        assert!(lex("/* block */").is_none());
        assert!(lex("\"open").is_none());
        assert!(lex("r#\"open\"").is_none());
    }

    #[test]
    fn docs_are_spliced_in_order_and_must_pair_up() {
        let mut docs = Texts::default();
        docs.push(" first");
        docs.push("");
        let mut out = String::from("x");
        assert!(splice_docs(
            "///\u{1}\n    ///\u{1}\nfn f() {}\n",
            &docs,
            &mut out
        ));
        assert_eq!(out, "x/// first\n    ///\nfn f() {}\n");
        let mut out = String::from("x");
        assert!(!splice_docs("///\u{1}\nfn f() {}\n", &docs, &mut out));
        assert_eq!(out, "x");
    }
}
