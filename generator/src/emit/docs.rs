//! Doc comments, and spec text made safe to put in them.
//!
//! Spec text may come from a third party, and rustdoc reads doc comments as
//! Markdown: a fenced or indented block is compiled and run by `cargo test`
//! as a doctest, raw HTML is passed to the rendered page, and some
//! characters (a bare CR, direction-changing controls) stop the crate from
//! compiling. So every text from the spec goes through [`prose`] (a
//! description or summary) or [`code`] (a name, path or value shown as
//! code) before it becomes part of a doc comment, and [`lines`] keeps any
//! character that does not compile out of every doc attribute.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// Link schemes kept as links in spec prose; any other link is shown as text.
const SAFE_SCHEMES: &[&str] = &["https://", "http://", "mailto:"];

/// `#[doc = "..."]` attributes for the spec's `text`, made safe by
/// [`prose`]; `fallback` (the generator's own words) when the spec says
/// nothing.
pub fn doc(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim) {
        Some(text) if !text.is_empty() => lines(&prose(text)),
        _ => lines(fallback),
    }
}

/// Doc attributes for every line of `text`, which is Markdown the generator
/// wrote (spec text in it went through [`prose`] or [`code`]). Trailing
/// blank lines are dropped.
pub fn lines(text: &str) -> TokenStream {
    doc_attributes(text, false)
}

/// Inner doc attributes (`//!`) for every line of `text` (see [`lines`]).
pub fn inner_lines(text: &str) -> TokenStream {
    doc_attributes(text, true)
}

/// `#[doc = ..]` (or `#![doc = ..]` when `inner`) for every line of `text`.
fn doc_attributes(text: &str, inner: bool) -> TokenStream {
    let span = Span::call_site();
    let mut attrs = TokenStream::new();
    for line in doc_lines(text) {
        let value = [
            TokenTree::Ident(Ident::new("doc", span)),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(line),
        ];
        attrs.extend([TokenTree::Punct(Punct::new('#', Spacing::Alone))]);
        if inner {
            attrs.extend([TokenTree::Punct(Punct::new('!', Spacing::Alone))]);
        }
        attrs.extend([TokenTree::Group(Group::new(
            Delimiter::Bracket,
            value.into_iter().collect(),
        ))]);
    }
    attrs
}

/// The string literals of `text`'s doc lines: each line after a space,
/// without trailing blanks, with characters that cannot stand in a doc
/// comment replaced.
fn doc_lines(text: &str) -> impl Iterator<Item = Literal> + '_ {
    doc_line_texts(text).map(|line| Literal::string(&line))
}

/// The text of `text`'s doc lines, as [`doc_lines`] makes them.
fn doc_line_texts(text: &str) -> impl Iterator<Item = String> + '_ {
    split_lines(text.trim_end()).map(|line| {
        let line = compilable(line.trim_end());
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// One string literal holding all of `text`'s doc lines, joined by line
/// feeds: the value of a single `#[doc = ..]`, for a macro that takes its
/// item's docs as an argument.
pub fn doc_literal(text: &str) -> Literal {
    Literal::string(&doc_line_texts(text).collect::<Vec<_>>().join("\n"))
}

/// `text`'s lines, ended by LF, CR LF or a lone CR (rustc refuses a bare CR
/// in a doc comment).
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
}

/// `line` with every control character (but tab) and every character that
/// changes the direction of text replaced by U+FFFD: rustc refuses the
/// first kind in doc comments, and denies the second by default.
fn compilable(line: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\t') || is_bidi_control(c);
    if line.contains(bad) {
        line.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        line.into()
    }
}

/// `text` on one line, for a manifest field such as the package
/// description: Cargo hands it to rustc in an environment variable, which
/// cannot hold NUL, and a registry shows it as one line. Runs of
/// whitespace (line breaks included) become one space; other control and
/// direction-changing characters become U+FFFD.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|word| !word.is_empty())
        .map(|word| compilable(word).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The characters rustc's `text_direction_codepoint_in_literal` and
/// `..._in_comment` lints deny.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` as an inline code span that shows it exactly (as far as one line
/// can): delimited by one backtick more than its longest run of backticks,
/// and padded when it starts or ends with one. Line breaks become spaces.
pub fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let longest = longest_backtick_run(&text);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Spec text for one line of prose (a summary in a list, a title): its
/// lines joined by spaces, made safe as [`prose`] makes a paragraph.
pub fn inline_prose(text: &str) -> String {
    let joined = split_lines(text.trim())
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(joined.len());
    inline(&joined, &mut out);
    out
}

/// Spec prose as Markdown that rustdoc shows as text and never runs:
///
/// * a fenced block becomes a `text` block (closed at the end if the spec
///   left it open), and a run of lines indented by four or more columns,
///   which Markdown would read as an indented code block, is fenced as
///   `text` too: rustdoc compiles and runs both as doctests otherwise;
/// * outside code, `<` is written `&lt;`, so no raw HTML reaches the page;
///   brackets are escaped unless they form a link to an `http`, `https` or
///   `mailto` address (no `javascript:` links, no intra-doc links that
///   resolve to nothing); a bare web address becomes an autolink, which
///   rustdoc's `bare_urls` lint asks for;
/// * inline code spans are kept as they are.
///
/// Markdown has more ways to start a block than these rules foresee (a
/// fence inside a list item or a quote, say), so the result is read back
/// with the Markdown reader rustdoc uses, with rustdoc's extensions; if it
/// finds anything that could run or render (a code block other than
/// `text`, raw HTML, a link of another scheme), the whole text is shown as
/// one `text` block instead.
pub fn prose(text: &str) -> String {
    let out = markdown(text);
    if is_inert(&out) {
        out
    } else {
        text_block(text)
    }
}

/// Whether rustdoc would find nothing in `markdown` that runs or renders:
/// every code block a `text` block, no raw HTML, and only links to
/// `http`, `https` and `mailto` addresses.
fn is_inert(markdown: &str) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
    // The extensions rustdoc turns on.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(markdown, options).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => &*info == "text",
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            SAFE_SCHEMES
                .iter()
                .any(|scheme| starts_with_ignoring_case(&dest_url, scheme))
        }
        _ => true,
    })
}

/// The length of the longest run of backticks in `text`: a code span or
/// fence one longer cannot be closed by anything inside it.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// `text` as one fenced `text` block, whose fence is longer than any run
/// of backticks in it, so that nothing in it can close the block.
fn text_block(text: &str) -> String {
    let longest = longest_backtick_run(text);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{fence}text\n");
    for line in split_lines(text) {
        push_code_line(&mut out, line);
    }
    out.push_str(&fence);
    out.push('\n');
    out
}

/// Spec prose rendered by the rules [`prose`] lists, before it is checked.
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // The fence that closes the fenced block being copied, if any.
    let mut open_fence: Option<String> = None;
    let mut indented = false;
    // The content column of the list item whose paragraph the lines go on.
    let mut list_item: Option<usize> = None;
    // Whether the line before is a block quote's paragraph line.
    let mut quoted = false;
    for line in split_lines(text) {
        if let Some(fence) = &open_fence {
            if is_closing_fence(line, fence) {
                out.push_str(fence);
                out.push('\n');
                open_fence = None;
            } else {
                push_code_line(&mut out, line);
            }
            continue;
        }
        let blank = line.trim().is_empty();
        if indented && !blank && !is_indented_code(line) {
            out.push_str("```\n");
            indented = false;
        }
        if indented {
            push_code_line(&mut out, line);
            continue;
        }
        if let Some(fence) = opening_fence(line) {
            out.push_str(&fence);
            out.push_str("text\n");
            open_fence = Some(fence);
            list_item = None;
            quoted = false;
            continue;
        }
        if is_indented_code(line) {
            out.push_str("```text\n");
            push_code_line(&mut out, line);
            indented = true;
            list_item = None;
            quoted = false;
            continue;
        }
        let quote_line = line.trim_start_matches(' ').starts_with('>')
            && line.len() - line.trim_start_matches(' ').len() < 4;
        if quoted
            && !blank
            && !quote_line
            && continues_paragraph(line)
            && list_item_content(line).is_none()
        {
            // A line that goes on a quote's paragraph (lazily, without
            // `>`) is marked as the quote's: Markdown reads it the same,
            // and rustdoc's readers (and clippy) expect the marker.
            out.push_str("> ");
            inline(line.trim_start_matches(' '), &mut out);
            out.push('\n');
            continue;
        }
        quoted = quote_line && !line.trim_start_matches(' ')[1..].trim().is_empty();
        if blank {
            list_item = None;
        } else if let Some(column) = list_item_content(line) {
            list_item = Some(column);
        } else if let Some(column) = list_item {
            // A line that goes on a list item's paragraph is indented to
            // exactly the item's text: Markdown reads it the same at any
            // indentation, and rustdoc's readers (and clippy) expect that.
            if continues_paragraph(line) {
                out.push_str(&" ".repeat(column));
                inline(line.trim_start_matches(' '), &mut out);
                out.push('\n');
                continue;
            }
        }
        inline(line, &mut out);
        out.push('\n');
    }
    if indented {
        // Blank lines at the end of an indented block belong after it.
        while out.ends_with("\n\n") {
            out.pop();
        }
        out.push_str("```\n");
    }
    if let Some(fence) = open_fence {
        out.push_str(&fence);
        out.push('\n');
    }
    out
}

/// The column where the text of the list item `line` starts (after `*`,
/// `-`, `+`, `1.` or `1)` and the spaces that follow), when `line` starts
/// one.
fn list_item_content(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits)? {
        b'*' | b'-' | b'+' if digits == 0 => 1,
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 || after.trim().is_empty() {
        return None;
    }
    // Five spaces or more after the marker: the text is indented code
    // inside the item, whose own paragraph starts one space after it.
    let spaces = if spaces > 4 { 1 } else { spaces };
    Some(indent + marker + spaces)
}

/// Whether `line`, right after a paragraph's line, goes on that paragraph
/// rather than starting a heading, quote, table or thematic break.
fn continues_paragraph(line: &str) -> bool {
    let text = line.trim_start();
    !(text.starts_with(['#', '>', '|', '=', '_'])
        || text.starts_with("---")
        || text.starts_with("***"))
}

/// A line of a code block, with its characters kept (a code block shows
/// them as text).
fn push_code_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// Whether `line` is indented by four columns or more (a tab counts four),
/// which outside a fenced block starts an indented code block.
fn is_indented_code(line: &str) -> bool {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4,
            _ => return columns >= 4,
        }
        if columns >= 4 {
            return !line.trim().is_empty();
        }
    }
    false
}

/// The fence (three or more backticks or tildes) that `line` opens a fenced
/// block with, indented by at most three spaces; the info string after it,
/// which would choose the block's language, is dropped.
fn opening_fence(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = rest.chars().take_while(|c| *c == marker).count();
    if length < 3 {
        return None;
    }
    // A backtick fence's info string cannot hold a backtick; such a line is
    // inline code, not a fence.
    if marker == '`' && rest[length..].contains('`') {
        return None;
    }
    Some(marker.to_string().repeat(length))
}

/// Whether `line` closes a block opened by `fence`: the same marker, at
/// least as many, and nothing else on the line.
fn is_closing_fence(line: &str, fence: &str) -> bool {
    let trimmed = line.trim();
    let indent = line.len() - line.trim_start_matches(' ').len();
    let Some(marker) = fence.chars().next() else {
        return false;
    };
    indent <= 3 && trimmed.len() >= fence.len() && trimmed.chars().all(|c| c == marker)
}

/// One line of prose outside code blocks, written to `out` (see [`prose`]).
fn inline(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        match c {
            '`' => {
                let run = rest.chars().take_while(|c| *c == '`').count();
                let fence = &rest[..run];
                match rest[run..].find(fence) {
                    // A code span: up to the next run of exactly as many backticks.
                    Some(end)
                        if !rest[run + end + run..].starts_with('`')
                            && !rest[run..run + end].ends_with('`') =>
                    {
                        out.push_str(&rest[..run + end + run]);
                        rest = &rest[run + end + run..];
                    }
                    _ => {
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        rest = &rest[run..];
                    }
                }
            }
            '[' => match safe_link(rest) {
                Some(length) => {
                    let (label, target) = rest[1..length].split_once("](").unwrap_or(("", ""));
                    out.push('[');
                    inline(label, out);
                    out.push_str("](");
                    out.push_str(target);
                    rest = &rest[length..];
                }
                None => {
                    out.push_str("\\[");
                    rest = &rest[1..];
                }
            },
            ']' => {
                out.push_str("\\]");
                rest = &rest[1..];
            }
            '<' => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
            '\\' => match rest[1..].chars().next() {
                // An escape of the spec's own, kept unless it would escape
                // one of ours.
                Some(next) if !matches!(next, '<' | '[' | ']' | '`') => {
                    out.push('\\');
                    out.push(next);
                    rest = &rest[1 + next.len_utf8()..];
                }
                _ => {
                    out.push_str("\\\\");
                    rest = &rest[1..];
                }
            },
            _ => match bare_url(rest) {
                Some(length) if starts_word(line, rest) => {
                    out.push('<');
                    out.push_str(&rest[..length]);
                    out.push('>');
                    rest = &rest[length..];
                }
                _ => {
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            },
        }
    }
}

/// The length of a link `[label](target)` at the start of `text` whose
/// target is an address with a safe scheme and whose label holds no
/// brackets, else `None`.
fn safe_link(text: &str) -> Option<usize> {
    let close = text.find(']')?;
    let label = &text[1..close];
    if label.contains('[') || !text[close..].starts_with("](") {
        return None;
    }
    let target_start = close + 2;
    let target_end = target_start + text[target_start..].find(')')?;
    let target = &text[target_start..target_end];
    let safe = SAFE_SCHEMES.iter().any(|scheme| {
        target.len() > scheme.len()
            && starts_with_ignoring_case(target, scheme)
            && !target.contains(|c: char| {
                c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '(' | '`' | '"')
            })
    });
    safe.then_some(target_end + 1)
}

/// The length of a web address at the start of `text`, up to the first
/// character that cannot be part of one, trailing punctuation left out.
fn bare_url(text: &str) -> Option<usize> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| text.len() > scheme.len() && starts_with_ignoring_case(text, scheme))?;
    let end = text
        .find(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '\\')
        })
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '*', '_']);
    (url.len() > scheme.len()).then_some(url.len())
}

/// Whether `text` starts with the ASCII `prefix`, in any case.
fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `rest` (a suffix of `line`) starts a word: an address glued to
/// other text is left as text.
fn starts_word(line: &str, rest: &str) -> bool {
    let before = &line[..line.len() - rest.len()];
    match before.chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '"' | '\''),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_go_on_a_list_item_are_indented_to_its_text() {
        let text = "Notes:\n*   first item\ngoes on here.\n- second\n  already indented\n   over-indented\n1. third\nlazy\n\nAfter the list.\n# Heading";
        assert_eq!(
            prose(text),
            "Notes:\n*   first item\n    goes on here.\n- second\n  already indented\n  over-indented\n1. third\n   lazy\n\nAfter the list.\n# Heading\n"
        );
    }

    #[test]
    fn lines_that_go_on_a_quote_are_marked_as_the_quote() {
        assert_eq!(
            prose("> A note\n<!-- aside -->\n> More\nlazy\n\nAfter.\n>\nnot quoted"),
            "> A note\n> &lt;!-- aside -->\n> More\n> lazy\n\nAfter.\n>\nnot quoted\n"
        );
        assert_eq!(prose("> quote\n# Heading"), "> quote\n# Heading\n");
    }

    #[test]
    fn a_heading_after_a_list_item_is_not_indented() {
        assert_eq!(prose("* item\n## Next"), "* item\n## Next\n");
    }

    fn doc_values(tokens: TokenStream) -> Vec<String> {
        let attrs: Vec<syn::Attribute> =
            syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens)
                .expect("doc attributes");
        attrs
            .iter()
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(meta) => match &meta.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => s.value(),
                    _ => panic!("not a string"),
                },
                _ => panic!("not a doc attribute"),
            })
            .collect()
    }

    #[test]
    fn lines_are_doc_attributes_without_what_rustc_refuses() {
        let values = doc_values(lines(
            "First  \r\nsecond\rthird\n\nNUL\u{0} and \u{202E}bidi\ttab\n\n",
        ));
        assert_eq!(
            values,
            [
                " First",
                " second",
                " third",
                "",
                " NUL\u{FFFD} and \u{FFFD}bidi\ttab"
            ]
        );
    }

    #[test]
    fn one_line_text_has_no_line_break_or_control_character() {
        assert_eq!(
            one_line("  An\r\nAPI\u{2028}for\t\0NUL \u{202E}here "),
            "An API for \u{FFFD}NUL \u{FFFD}here"
        );
    }

    #[test]
    fn blocks_the_rules_miss_are_caught_by_reading_the_markdown_back() {
        // A fence in a list item, a quote or a footnote opens a code block too.
        assert!(!is_inert(&markdown("- ~~~\nrun()")));
        assert_eq!(prose("- ~~~\nrun()"), "```text\n- ~~~\nrun()\n```\n");
        for text in [
            "> ~~~\nrun()",
            "1. ~~~rust\nrun()",
            "[^a]: ~~~\nx",
            "- ```\nx",
        ] {
            let out = prose(text);
            assert!(is_inert(&out), "{text:?} gave {out:?}");
        }
        assert_eq!(
            text_block("a ```` b\n```"),
            "`````text\na ```` b\n```\n`````\n"
        );
        // Lists and quotes without blocks in them stay as they are.
        assert_eq!(prose("- one\n- two"), "- one\n- two\n");
    }

    #[test]
    fn fenced_blocks_become_text_blocks() {
        let text =
            "Example:\n```rust\nstd::fs::write(\"x\", \"\").unwrap();\n```\nAfter.\n~~~~\nx\n~~~~";
        assert_eq!(
            prose(text),
            "Example:\n```text\nstd::fs::write(\"x\", \"\").unwrap();\n```\nAfter.\n~~~~text\nx\n~~~~\n"
        );
        // Left open by the spec: closed, so the generator's own docs that
        // follow stay outside it.
        assert_eq!(prose("```\nfn main() {}"), "```text\nfn main() {}\n```\n");
    }

    #[test]
    fn indented_blocks_are_fenced_as_text() {
        let text = "A body:\n\n    {\"user_id\": 1}\n\n\tsecond\nBack to prose.";
        assert_eq!(
            prose(text),
            "A body:\n\n```text\n    {\"user_id\": 1}\n\n\tsecond\n```\nBack to prose.\n"
        );
        assert_eq!(prose("    tail"), "```text\n    tail\n```\n");
    }

    #[test]
    fn html_and_unsafe_links_are_shown_as_text() {
        assert_eq!(
            prose("<img src=x onerror=alert(1)> and <script>"),
            "&lt;img src=x onerror=alert(1)> and &lt;script>\n"
        );
        assert_eq!(
            prose("[click](javascript:alert(1)) [ok](https://example.com/a) [Vec]"),
            "\\[click\\](javascript:alert(1)) [ok](https://example.com/a) \\[Vec\\]\n"
        );
        assert_eq!(
            prose("[x](JAVASCRIPT:alert(1))"),
            "\\[x\\](JAVASCRIPT:alert(1))\n"
        );
        assert_eq!(prose("[a]: javascript:x"), "\\[a\\]: javascript:x\n");
    }

    #[test]
    fn code_spans_are_kept_and_addresses_become_autolinks() {
        assert_eq!(prose("Use `Vec<u8>` here."), "Use `Vec<u8>` here.\n");
        assert_eq!(prose("odd ` tick"), "odd \\` tick\n");
        assert_eq!(
            prose("See https://example.com/x, or (http://a.b)."),
            "See <https://example.com/x>, or (<http://a.b>).\n"
        );
        assert_eq!(
            prose("escaped \\<b> \\* star"),
            "escaped \\\\&lt;b> \\* star\n"
        );
    }

    #[test]
    fn code_shows_any_text() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("two\nlines"), "`two lines`");
    }
}
