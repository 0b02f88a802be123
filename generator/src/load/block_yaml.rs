//! Block-style YAML, the way specs are usually written, turned straight into
//! JSON text, so that `serde_json` (several times faster than the YAML
//! reader) can deserialize it.
//!
//! Only a subset is read: block mappings and sequences; plain, quoted and
//! block (`|`, `>`, clipped or stripped) scalars on their own lines; flow
//! sequences of scalars on one line; the empty `{}`. Anything else is
//! declined (`None`), and so is anything whose meaning might differ from
//! what the YAML reader gives: anchors, aliases, tags, directives, tabs,
//! carriage returns, multi-line plain or quoted scalars, plain scalars the
//! YAML reader takes for numbers other than plain decimal integers, keys
//! that are not strings. The caller then uses the YAML reader.
//!
//! Plain scalars resolve as the YAML reader resolves them for a value of any
//! type: null (`~`, `null`, nothing), booleans, integers, floats, and
//! otherwise text. Where the YAML reader would rather keep the text (a
//! string field given `true`), the JSON value does not deserialize, and the
//! caller again falls back to the YAML reader: what this gives is either
//! the YAML reader's document or nothing.

use std::borrow::Cow;

/// The JSON text of `yaml`, or `None` when it is outside the subset.
pub(super) fn to_json(yaml: &str) -> Option<String> {
    if has_unsupported_characters(yaml) {
        return None;
    }
    let lines: Vec<Line<'_>> = yaml.split('\n').map(Line::new).collect();
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
        out: String::with_capacity(yaml.len() + yaml.len() / 4),
        ends_with_newline: yaml.ends_with('\n'),
    };
    let first = reader.next_content()?;
    if reader.lines[first].indent == 0 && strip_comment(reader.lines[first].text) == "---" {
        reader.at = first + 1;
        reader.next_content()?;
    }
    reader.node(-1)?;
    match reader.next_content() {
        None => Some(reader.out),
        Some(_) => None,
    }
}

/// Characters YAML refuses or treats specially, which the subset leaves to
/// the YAML reader: control characters (tab and carriage return included),
/// DEL, C1 controls (NEL among them), the byte order mark, the
/// non-characters U+FFFE and U+FFFF, and every other kind of whitespace
/// (no-break spaces, the line and paragraph separators, ...), which the
/// subset's line handling and the YAML reader could tell apart differently.
fn has_unsupported_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b' ' => false,
        0..=0x1F | 0x7F => true,
        0x80..=0xBF => false,
        0xC0.. => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
            }),
        _ => false,
    })
}

/// One line: its indentation (spaces) and the rest.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Line<'a> {
        let text = raw.trim_start_matches(' ');
        Line {
            indent: raw.len() - text.len(),
            text,
        }
    }

    /// Blank, or only a comment.
    fn is_skippable(&self) -> bool {
        self.text.is_empty() || self.text.starts_with('#')
    }

    /// `- item` or a lone `-`.
    fn is_sequence_entry(&self) -> bool {
        self.text == "-" || self.text.starts_with("- ")
    }
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// The next line to read.
    at: usize,
    /// Collections open around the current one.
    depth: usize,
    out: String,
    ends_with_newline: bool,
}

impl<'a> Reader<'a> {
    /// The index of the next line that is not blank or a comment (without
    /// consuming it).
    fn next_content(&mut self) -> Option<usize> {
        while let Some(line) = self.lines.get(self.at) {
            if !line.is_skippable() {
                return Some(self.at);
            }
            self.at += 1;
        }
        None
    }

    /// A collection starting at the next content line, indented deeper
    /// than `parent`.
    fn node(&mut self, parent: isize) -> Option<()> {
        let i = self.next_content()?;
        let line = self.lines[i];
        if isize::try_from(line.indent).ok()? <= parent {
            return None;
        }
        if line.is_sequence_entry() {
            self.sequence(line.indent)
        } else if split_key(line.text).is_some() {
            self.mapping(line.indent)
        } else {
            None
        }
    }

    /// Enters a collection; `None` past [`MAX_DEPTH`]. (A collection that
    /// fails ends the whole reading, so only a finished one leaves.)
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose keys are indented `indent`.
    fn mapping(&mut self, indent: usize) -> Option<()> {
        self.enter()?;
        self.out.push('{');
        let mut first = true;
        while let Some(i) = self.next_content() {
            let line = self.lines[i];
            if line.indent < indent {
                break;
            }
            if line.indent > indent || line.is_sequence_entry() {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            if !first {
                self.out.push(',');
            }
            first = false;
            push_json_string(&mut self.out, &key);
            self.out.push(':');
            self.at = i + 1;
            self.value(rest, indent)?;
        }
        self.out.push('}');
        self.depth -= 1;
        Some(())
    }

    /// A block sequence whose entries are indented `indent`.
    fn sequence(&mut self, indent: usize) -> Option<()> {
        self.enter()?;
        self.out.push('[');
        let mut first = true;
        while let Some(i) = self.next_content() {
            let line = self.lines[i];
            if line.indent < indent || (line.indent == indent && !line.is_sequence_entry()) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            if !first {
                self.out.push(',');
            }
            first = false;
            let after_dash = &line.text[1..];
            let rest = after_dash.trim_start_matches(' ');
            let column = indent + 1 + (after_dash.len() - rest.len());
            if rest.is_empty() || rest.starts_with('#') {
                self.at = i + 1;
                self.block_value(indent, false)?;
            } else if rest == "-" || rest.starts_with("- ") || split_key(rest).is_some() {
                // A compact collection: read it as if it started its own
                // line at the column it starts at.
                self.lines[i] = Line {
                    indent: column,
                    text: rest,
                };
                self.at = i;
                self.node(isize::try_from(indent).ok()?)?;
            } else {
                self.at = i + 1;
                self.inline(rest, indent)?;
            }
        }
        self.out.push(']');
        self.depth -= 1;
        Some(())
    }

    /// The value after `key:` (`rest`, the text after the colon) of a
    /// mapping indented `indent`.
    fn value(&mut self, rest: &'a str, indent: usize) -> Option<()> {
        if rest.is_empty() || rest.starts_with('#') {
            return self.block_value(indent, true);
        }
        self.inline(rest, indent)
    }

    /// A value on the lines below its key or dash (indented `indent`): a
    /// deeper collection, a sequence as indented as a key (`after_key`), or
    /// null.
    fn block_value(&mut self, indent: usize, after_key: bool) -> Option<()> {
        match self.next_content() {
            Some(i) if self.lines[i].indent > indent => self.node(isize::try_from(indent).ok()?),
            Some(i)
                if after_key
                    && self.lines[i].indent == indent
                    && self.lines[i].is_sequence_entry() =>
            {
                self.sequence(indent)
            }
            _ => {
                self.out.push_str("null");
                Some(())
            }
        }
    }

    /// A scalar or flow collection starting on the current line, inside a
    /// collection indented `indent`.
    fn inline(&mut self, text: &'a str, indent: usize) -> Option<()> {
        match text.as_bytes()[0] {
            b'"' | b'\'' => {
                let (value, rest) = quoted(text)?;
                if !strip_comment(rest).is_empty() {
                    return None;
                }
                push_json_string(&mut self.out, &value);
            }
            b'|' | b'>' => return self.block_scalar(text, indent),
            b'[' => flow_sequence(text, &mut self.out)?,
            b'{' => {
                if strip_comment(&text[1..]).trim_start_matches(' ') != "}" {
                    return None;
                }
                self.out.push_str("{}");
            }
            first => {
                if b",]}#&*!%@`?:".contains(&first) || text == "-" || text.starts_with("- ") {
                    return None;
                }
                let value = strip_comment(text);
                if value.contains(": ") || value.ends_with(':') {
                    return None;
                }
                push_plain(&mut self.out, value)?;
            }
        }
        self.nothing_deeper(indent)
    }

    /// After a one-line value: the next content line must not be indented
    /// deeper than its collection (which would continue the scalar).
    fn nothing_deeper(&mut self, indent: usize) -> Option<()> {
        let mut i = self.at;
        while let Some(line) = self.lines.get(i) {
            if line.text.is_empty() {
                i += 1;
                continue;
            }
            if line.indent > indent && !line.text.starts_with('#') {
                return None;
            }
            break;
        }
        Some(())
    }

    /// A `|` or `>` scalar whose header is `header`, its lines below,
    /// indented deeper than `indent`.
    fn block_scalar(&mut self, header: &str, indent: usize) -> Option<()> {
        let folded = header.starts_with('>');
        let mut chars = header[1..].chars();
        let strip = match chars.clone().next() {
            Some('-') => {
                chars.next();
                true
            }
            Some(' ') | None => false,
            // Keep chomping (`+`) and explicit indentation are left out.
            _ => return None,
        };
        if !strip_comment(chars.as_str()).is_empty() {
            return None;
        }
        let mut content: Vec<Option<Cow<'_, str>>> = Vec::new();
        let mut block_indent = None;
        let mut last_content_line = None;
        let mut i = self.at;
        while let Some(line) = self.lines.get(i) {
            if line.text.is_empty() {
                // Only spaces: with more than the block's indentation they
                // would be content; leading blank lines are left out too.
                match block_indent {
                    Some(b) if line.indent <= b => {}
                    _ => return None,
                }
                content.push(None);
                i += 1;
                continue;
            }
            let b = *block_indent.get_or_insert(line.indent);
            if line.indent < b || line.indent <= indent {
                break;
            }
            // More-indented lines keep their breaks in folded scalars.
            if folded && line.indent > b {
                return None;
            }
            content.push(Some(line.text_from(b)));
            last_content_line = Some(i);
            i += 1;
        }
        let last = last_content_line?;
        if last + 1 == self.lines.len() && !self.ends_with_newline {
            return None;
        }
        while matches!(content.last(), Some(None)) {
            content.pop();
        }
        self.at = last + 1;
        let mut value = String::new();
        let mut blanks = 0;
        let mut previous = false;
        for line in content {
            match line {
                None => blanks += 1,
                Some(text) => {
                    if previous {
                        if folded && blanks == 0 {
                            value.push(' ');
                        } else {
                            let breaks = if folded { blanks } else { blanks + 1 };
                            for _ in 0..breaks {
                                value.push('\n');
                            }
                        }
                    }
                    value.push_str(&text);
                    blanks = 0;
                    previous = true;
                }
            }
        }
        if !strip {
            value.push('\n');
        }
        push_json_string(&mut self.out, &value);
        Some(())
    }
}

impl<'a> Line<'a> {
    /// The line's text from column `column` (at most its indentation).
    fn text_from(&self, column: usize) -> Cow<'a, str> {
        if self.indent == column {
            return Cow::Borrowed(self.text);
        }
        let mut text = " ".repeat(self.indent - column);
        text.push_str(self.text);
        Cow::Owned(text)
    }
}

/// `text` up to a comment (` #`), without trailing spaces.
fn strip_comment(text: &str) -> &str {
    let text = if text.starts_with('#') {
        ""
    } else {
        text.find(" #").map_or(text, |at| &text[..at])
    };
    text.trim_end_matches(' ')
}

/// `key: rest` (or `key:` at the end of the line): the key, and what
/// follows the colon without its leading spaces. `None` when the line is not
/// a mapping entry the subset reads, or the key is not a string.
fn split_key(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let (key, after) = match text.as_bytes().first()? {
        b'"' | b'\'' => {
            let (key, after) = quoted(text)?;
            (key, after.trim_start_matches(' ').strip_prefix(':')?)
        }
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
        _ => {
            let colon = colon_of(text)?;
            let key = &text[..colon];
            if key.contains(" #") {
                return None;
            }
            let key = key.trim_end_matches(' ');
            if plain_kind(key)? != Plain::Text {
                return None;
            }
            (Cow::Borrowed(key), &text[colon + 1..])
        }
    };
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    // The YAML reader takes a key of at most 1,024 bytes up to its colon.
    if text.len() - after.len() > MAX_KEY_BYTES {
        return None;
    }
    Some((key, after.trim_start_matches(' ')))
}

/// Longer keys are left to the YAML reader (which refuses them past 1,024).
const MAX_KEY_BYTES: usize = 1000;

/// Collections nested deeper are left to the YAML reader (which refuses
/// them past 128 levels); this also bounds the recursion here.
const MAX_DEPTH: usize = 100;

/// The first `:` followed by a space or the end of the line.
fn colon_of(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| b == b':' && matches!(bytes.get(i + 1), None | Some(b' ')))
}

/// A quoted scalar at the start of `text`: its value and the text after
/// the closing quote. `None` when it does not close on this line or uses an
/// escape the subset leaves out.
fn quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let quote = text.as_bytes()[0];
    let body = &text[1..];
    if quote == b'\'' {
        let mut value = String::new();
        let mut rest = body;
        loop {
            let end = rest.find('\'')?;
            value.push_str(&rest[..end]);
            rest = &rest[end + 1..];
            match rest.strip_prefix('\'') {
                Some(after) => {
                    value.push('\'');
                    rest = after;
                }
                None => return Some((value.into(), rest)),
            }
        }
    }
    let end = body.find(['"', '\\'])?;
    if body.as_bytes()[end] == b'"' {
        return Some((Cow::Borrowed(&body[..end]), &body[end + 1..]));
    }
    let mut value = String::from(&body[..end]);
    let mut chars = body[end..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value.into(), &body[end + at + 1..])),
            '\\' => {
                let escaped = match chars.next()?.1 {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex_char(&mut chars, 2)?,
                    'u' => hex_char(&mut chars, 4)?,
                    'U' => hex_char(&mut chars, 8)?,
                    _ => return None,
                };
                value.push(escaped);
            }
            c => value.push(c),
        }
    }
    None
}

/// The character of the next `digits` hexadecimal digits.
fn hex_char(chars: &mut std::str::CharIndices<'_>, digits: usize) -> Option<char> {
    let mut code = 0u32;
    for _ in 0..digits {
        code = code * 16 + chars.next()?.1.to_digit(16)?;
    }
    char::from_u32(code)
}

/// `[a, 'b', "c"]` on one line, its items scalars.
fn flow_sequence(text: &str, out: &mut String) -> Option<()> {
    out.push('[');
    let mut rest = text[1..].trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        out.push(']');
        return strip_comment(after).is_empty().then_some(());
    }
    loop {
        let after = match rest.as_bytes().first()? {
            b'"' | b'\'' => {
                let (value, after) = quoted(rest)?;
                push_json_string(out, &value);
                after
            }
            _ => {
                let end = rest.find([',', ']'])?;
                let item = rest[..end].trim_end_matches(' ');
                if item.is_empty()
                    || item.contains([':', '#', '[', '{', '}', '"', '\''])
                    || b"-?&*!|>%@`".contains(&item.as_bytes()[0])
                {
                    return None;
                }
                push_plain(out, item)?;
                &rest[end..]
            }
        };
        let after = after.trim_start_matches(' ');
        if let Some(next) = after.strip_prefix(',') {
            out.push(',');
            rest = next.trim_start_matches(' ');
            if rest.starts_with(']') {
                return None;
            }
        } else {
            let after = after.strip_prefix(']')?;
            out.push(']');
            return strip_comment(after).is_empty().then_some(());
        }
    }
}

/// What the YAML reader takes a plain scalar for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plain {
    Null,
    True,
    False,
    /// A decimal integer written the way JSON writes it.
    Integer,
    Text,
}

/// How the YAML reader resolves the plain scalar `v`; `None` for numbers
/// JSON would read differently (other radixes, signs, leading zeros, floats).
fn plain_kind(v: &str) -> Option<Plain> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Plain::Null),
        "true" | "True" | "TRUE" => return Some(Plain::True),
        "false" | "False" | "FALSE" => return Some(Plain::False),
        _ => {}
    }
    // Only a digit, sign or dot can start a number: `inf` and `nan` are
    // text, since the YAML reader only takes finite floats unless dotted.
    if !matches!(v.as_bytes()[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
        return Some(Plain::Text);
    }
    if is_json_integer(v) {
        return Some(Plain::Integer);
    }
    if is_integer(v) {
        return None;
    }
    if leading_zero_digits(v) {
        return Some(Plain::Text);
    }
    if is_float(v) {
        return None;
    }
    Some(Plain::Text)
}

/// `0`, or a decimal integer without a leading zero that fits in 64 bits.
fn is_json_integer(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let decimal = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !decimal || v == "-0" {
        return false;
    }
    if v.starts_with('-') {
        v.parse::<i64>().is_ok()
    } else {
        v.parse::<u64>().is_ok()
    }
}

/// Whether the YAML reader reads `v` as an integer: an optional sign, then
/// `0x`, `0o` or `0b` and digits of that radix, or decimal digits that do
/// not start with a redundant zero.
fn is_integer(v: &str) -> bool {
    let body = v.strip_prefix(['+', '-']).unwrap_or(v);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = body.strip_prefix(prefix) {
            if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
                return true;
            }
        }
    }
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) && !leading_zero_digits(v)
}

/// Digits with a redundant leading zero (`007`, `-01`): text to YAML 1.2.
fn leading_zero_digits(v: &str) -> bool {
    let body = v.strip_prefix(['+', '-']).unwrap_or(v);
    body.len() > 1 && body.starts_with('0') && body[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether the YAML reader reads `v` as a float: the dotted infinities and
/// not-a-number, or anything Rust parses as a finite `f64`.
fn is_float(v: &str) -> bool {
    let unsigned = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => v,
    };
    let special = [
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
    ];
    special.contains(&unsigned) || unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The JSON of the plain scalar `v`; `None` if the subset leaves it out.
fn push_plain(out: &mut String, v: &str) -> Option<()> {
    match plain_kind(v)? {
        Plain::Null => out.push_str("null"),
        Plain::True => out.push_str("true"),
        Plain::False => out.push_str("false"),
        Plain::Integer => out.push_str(v),
        Plain::Text => push_json_string(out, v),
    }
    Some(())
}

/// `text` as a JSON string.
fn push_json_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::to_json;
    use serde_json::Value;

    /// The subset's JSON, read back, next to the YAML reader's value.
    fn both(yaml: &str) -> Option<(Value, Value)> {
        let json = to_json(yaml)?;
        let ours: Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("invalid JSON {json:?} from {yaml:?}: {e}"));
        let reference: Value = serde_yaml::from_str(yaml)
            .unwrap_or_else(|e| panic!("accepted {yaml:?}, which YAML refuses: {e}"));
        Some((ours, reference))
    }

    #[track_caller]
    fn same(yaml: &str) {
        let (ours, reference) = both(yaml).unwrap_or_else(|| panic!("declined {yaml:?}"));
        assert_eq!(ours, reference, "{yaml:?}");
    }

    #[track_caller]
    fn declined(yaml: &str) {
        assert_eq!(to_json(yaml), None, "{yaml:?}");
    }

    #[test]
    fn collections_read_like_yaml() {
        same("a: 1\nb:\n  c: x\n  d: [p, 'q', \"r\"]\ne:\n- 1\n- k: v\n  l: w\n-\n  - z\n");
        same(
            "---\nseq:\n  - - a\n    - b\n  - []\n  - {}\nempty:\n# comment\nlast: end # comment\n",
        );
        same("  indented: true\n  other:\n    - x\n");
        same("a:\n  - k: v\n    list:\n    - 1\n    - 2\n  - plain\nb: c\n");
    }

    #[test]
    fn scalars_resolve_like_yaml() {
        for plain in [
            "x",
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "False",
            "TRUE",
            "0",
            "7",
            "-12",
            "18446744073709551615",
            "-9223372036854775808",
            "007",
            "-01",
            "1.0.0",
            "2fa code",
            "inf",
            "nan",
            "Infinity",
            "e5",
            "a#b",
            "url://x:y",
            "it's",
            "/v5/path/{id}",
            "-",
            "-x",
            "x: y",
            "#/components/schemas/A",
        ] {
            if let Some((ours, reference)) = both(&format!("k: {plain}\n")) {
                assert_eq!(ours, reference, "{plain:?}");
            }
        }
        for number in [
            "0x1F",
            "+5",
            "1.5",
            "1e3",
            ".inf",
            "-.5",
            "-0",
            "18446744073709551616",
        ] {
            declined(&format!("k: {number}\n"));
        }
        same("k: \"a \\\"b\\\" \\u00e9 \\x41 \\n \\\\ \\/\"\n");
        same("k: 'it''s'\n");
        same("'quoted key': 1\n\"other\": 2\n");
    }

    #[test]
    fn block_scalars_keep_yamls_lines() {
        same("k: |\n  one\n  two\n\n  four\n    indented\nnext: 1\n");
        same("k: |-\n  one\n  two\n\n\nnext: 1\n");
        same("k: >\n  one\n  two\n\n  three\nl: >-\n  a\n  b\n");
        same("- |\n  in a sequence\n- k: |\n    in a compact mapping\n  l: 2\n");
        declined("k: |+\n  keep\n\n");
        declined("k: >\n  one\n    more indented\n");
        declined("k: |2\n   explicit\n");
        declined("k: |\n  no final newline");
    }

    #[test]
    fn the_projects_spec_is_within_the_subset_and_reads_the_same() {
        let yaml = include_str!("../../../spec/iam-mfa.yaml");
        same(yaml);
        let json = to_json(yaml).expect("within the subset");
        let ours: openapiv3::OpenAPI = serde_json::from_str(&json).expect("an OpenAPI document");
        let reference: openapiv3::OpenAPI =
            serde_yaml::from_str(yaml).expect("an OpenAPI document");
        assert_eq!(ours, reference);
    }

    /// One line of a random document: indentation and text.
    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scalar = prop::sample::select(vec![
            "x",
            "a b",
            "1",
            "-1",
            "0",
            "007",
            "0x1F",
            "1.5",
            "1e3",
            ".inf",
            "inf",
            "true",
            "False",
            "null",
            "~",
            "",
            "yes",
            "1.0.0",
            "a#b",
            "a #b",
            "-",
            "-x",
            "x: y",
            "'q''s'",
            "\"d\\n\"",
            "\"a",
            "'b",
            "[a, 1]",
            "[]",
            "{}",
            "{a: b}",
            "&a x",
            "*a",
            "!t x",
            "|",
            "|-",
            ">",
            ">-",
            "|+",
            "|2",
            "? x",
            "@x",
            "`x`",
            "%x",
            ":x",
            "[a,",
            "x:",
            "a:b",
            "x, y",
            "[a, [b]]",
            "[a, ]",
            "['a', \"b\"]",
            "x  ",
            "'a # b'",
            "\"\\x41\\u00e9\\t\"",
            "\"\\q\"",
            "[~, 1, -2]",
            "'",
            "\"\"",
            "''",
            "- |",
            "> # c",
            "|- # c",
        ]);
        let key = prop::sample::select(vec![
            "k", "key", "/v1/{id}", "'quoted'", "\"dq\"", "200", "true", "~", "a b", "-k", "k#",
            "a:b", "k ", "'a: b'", "[k]", "k[0]", "x-ext",
        ]);
        let shape = prop::sample::select(vec![
            "{key}: {scalar}",
            "{key}:",
            "- {scalar}",
            "- {key}: {scalar}",
            "-",
            "- - {scalar}",
            "{scalar}",
            "# note",
            "",
            "{key}: {scalar} # note",
            "---",
        ]);
        (0usize..7, shape, key, scalar).prop_map(|(indent, shape, key, scalar)| {
            let text = shape.replace("{key}", key).replace("{scalar}", scalar);
            format!("{}{text}", " ".repeat(indent))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4000))]

        /// Whatever the subset takes, YAML takes too, with the same value.
        #[test]
        fn a_document_taken_is_the_document_yaml_reads(lines in proptest::collection::vec(line(), 1..12)) {
            let yaml = lines.join("\n") + "\n";
            if let Some(json) = to_json(&yaml) {
                let ours: Value = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("invalid JSON {json:?} from {yaml:?}: {e}"));
                let reference: Value = serde_yaml::from_str(&yaml)
                    .unwrap_or_else(|e| panic!("took {yaml:?}, which YAML refuses: {e}"));
                proptest::prop_assert_eq!(ours, reference, "{:?}", yaml);
            }
        }
    }

    #[test]
    fn lines_of_other_whitespace_are_declined() {
        // A no-break space is content to YAML: this line continues the
        // scalar (or is an error), it is not a blank line.
        for yaml in [
            "a: x\n  \u{a0}\n",
            "- x\n  \u{3000}\n",
            "a: 1\n\u{a0}\n",
            "a: |\n  x\n\u{a0}\n",
            "a: x\u{2028}y\n",
        ] {
            declined(yaml);
        }
        same("a: café ✓\n");
    }

    #[test]
    fn keys_longer_than_yaml_takes_are_declined() {
        declined(&format!("{}: 1\n", "k".repeat(1025)));
        declined(&format!("a: 1\n- '{}': 1\n", "k".repeat(1023)));
        declined(&format!("{}: 1\n", "é".repeat(513)));
        same(&format!("{}: 1\n", "k".repeat(900)));
    }

    #[test]
    fn deep_nesting_is_declined_without_overflowing_the_stack() {
        declined(&format!("{}a\n", "- ".repeat(100_000)));
        declined(&format!("{}a\n", "- ".repeat(129)));
        same(&format!("{}a\n", "- ".repeat(90)));
        let mut deep = String::new();
        for level in 0..150 {
            deep.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        declined(&deep);
    }

    #[test]
    fn what_the_subset_leaves_out_is_declined() {
        for yaml in [
            "a: &anchor 1\nb: *anchor\n",
            "a: !tag x\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a:\tb\n",
            "a: 1\r\n",
            "a: multi\n  line\n",
            "a: \"multi\n  line\"\n",
            "a: [x,\n  y]\n",
            "a: {b: c}\n",
            "200: ok\n",
            "true: yes\n",
            "? complex\n: key\n",
            "a: b: c\n",
            "plain text\n",
            "",
        ] {
            declined(yaml);
        }
    }
}
