//! The forms API reference pages are saved in, each turned into one flat
//! sequence of [`Block`]s so that a single extractor ([`super::pages`]) reads
//! them all.
//!
//! People keep these pages as they copy or export them, not as a format
//! anyone designed: plain text copied from the rendered page, the HTML
//! export as a code-hosting site shows it (sometimes with a `|` line between
//! every source line), and a Markdown export whose tables are HTML. What the
//! audit needs from any of them is the same: headings, lines of text and
//! tables with an optional caption, in reading order.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// The form a page was saved in, decided by [`detect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Text copied from the rendered page; every table cell on its own line
    /// ending in `|`, rows started by a line holding only `|`, the header
    /// row closed by a `|---|---|` line.
    PlainText,
    /// The page's HTML source, possibly preceded by a code host's header
    /// lines (path, commit, size) before the first tag.
    Html,
    /// HTML source copied from a code view that put a line holding only
    /// `|` between every source line.
    PipedHtml,
    /// Markdown with `#` headings whose tables are HTML `<table>` markup.
    Markdown,
}

impl Form {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Form::PlainText => "plain text",
            Form::Html => "HTML",
            Form::PipedHtml => "HTML with | lines",
            Form::Markdown => "Markdown with HTML tables",
        }
    }
}

/// One piece of a page in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading (HTML `h1`–`h6`, Markdown `#` lines). Plain text has none:
    /// its section titles arrive as [`Block::Text`].
    Heading(String),
    /// A paragraph, list item or line, whitespace collapsed.
    Text(String),
    /// A table.
    Table(Table),
}

/// A table: its caption if the markup has one, its first row, the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The `<caption>` text; a caption written as a line before the table
    /// is attached later by the extractor.
    pub caption: Option<String>,
    /// The header row's cells.
    pub header: Vec<String>,
    /// The body rows' cells.
    pub rows: Vec<Vec<String>>,
}

/// HTML tags whose presence makes a page HTML rather than text; all are
/// ones the reference exports use for their structure.
const STRUCTURE_TAGS: &[&str] = &[
    "<table", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<div", "<p>", "<p ",
];

/// Decides which form `text` is in, or `None` when it is in none of them.
///
/// Markdown is recognised by `#` heading lines, HTML by structural tags,
/// piped HTML by `|` lines making up at least a third of its non-empty
/// lines, and plain text by a request line (`POST /v5/...`) on a line of its
/// own together with a `|---|` table rule or a `URI` title: prose that
/// merely mentions a path is not a page.
pub fn detect(text: &str) -> Option<Form> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    if lines.iter().any(|line| markdown_heading(line).is_some()) {
        return Some(Form::Markdown);
    }
    let lower = text.to_ascii_lowercase();
    if STRUCTURE_TAGS.iter().any(|tag| lower.contains(tag)) {
        let non_empty = lines.iter().filter(|line| !line.is_empty()).count();
        let pipes = lines.iter().filter(|line| **line == "|").count();
        return Some(if pipes * 3 >= non_empty {
            Form::PipedHtml
        } else {
            Form::Html
        });
    }
    let request_line = lines
        .iter()
        .any(|line| super::pages::request_line(line).is_some());
    let structure = lines
        .iter()
        .any(|line| line.eq_ignore_ascii_case("uri") || table_rule(line));
    (request_line && structure).then_some(Form::PlainText)
}

/// How deeply a page's HTML may nest. Reference pages nest a few dozen
/// levels; the HTML parser's work grows with the square of the depth, so a
/// page far deeper is refused rather than parsed for minutes.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that never take a closing tag, or whose closing tag is often
/// left out: they are not counted as nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option",
];

/// An upper estimate of how deeply the tags of `text` nest, from its start
/// and end tags alone (no parsing).
pub fn html_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|b| *b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = text[start..start + len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let end = bytes[start..].iter().position(|b| *b == b'>');
            let self_closing = end.is_some_and(|end| end > 0 && bytes[start + end - 1] == b'/');
            if !self_closing {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

/// Splits `text`, in `form`, into blocks.
pub fn blocks(text: &str, form: Form) -> Vec<Block> {
    match form {
        Form::PlainText => plain_text_blocks(text),
        Form::Html => html_blocks(&strip_code_host_header(text)),
        Form::PipedHtml => {
            let unpiped: Vec<&str> = text.lines().filter(|line| line.trim() != "|").collect();
            html_blocks(&strip_code_host_header(&unpiped.join("\n")))
        }
        Form::Markdown => html_blocks(&markdown_to_html(text)),
    }
}

/// Drops the lines a code host shows above a file (its path, the last
/// commit, line count and size) so that they are not read as page text:
/// everything before the first line that starts with a tag.
fn strip_code_host_header(text: &str) -> String {
    match text
        .lines()
        .position(|line| line.trim_start().starts_with('<'))
    {
        Some(first) => text.lines().skip(first).collect::<Vec<_>>().join("\n"),
        None => text.to_owned(),
    }
}

/// `## Title` → (2, "Title"); `None` for any other line.
fn markdown_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && rest.starts_with([' ', '\t'])).then(|| (level, rest.trim()))
}

/// A Markdown table rule such as `|---|---|` or `| :--- | ---: |`.
fn table_rule(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('|')
        && line.contains("---")
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Rewrites the Markdown export as HTML so that one walker reads both:
/// headings become `<hN>`, other lines paragraphs, fenced code `<pre>`, and
/// the HTML tables pass through unchanged. Only the inline Markdown the
/// exports use is undone: `**bold**` and `[text](link)`.
fn markdown_to_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let mut in_fence = false;
    let mut table_depth = 0usize;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            html.push_str(if in_fence { "</pre>\n" } else { "<pre>" });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            html.push_str(&escape(line));
            html.push('\n');
            continue;
        }
        let lower = trimmed.to_ascii_lowercase();
        let opens = lower.matches("<table").count();
        let closes = lower.matches("</table").count();
        if table_depth > 0 || opens > 0 {
            html.push_str(line);
            html.push('\n');
            table_depth = (table_depth + opens).saturating_sub(closes);
            continue;
        }
        if let Some((level, title)) = markdown_heading(trimmed) {
            html.push_str(&format!(
                "<h{level}>{}</h{level}>\n",
                inline_markdown(title)
            ));
        } else if !trimmed.is_empty() {
            html.push_str(&format!("<p>{}</p>\n", inline_markdown(trimmed)));
        }
    }
    html
}

/// Removes `**` and turns `[text](target)` into `text`; inline HTML such
/// as anchors is left for the HTML parser.
fn inline_markdown(text: &str) -> String {
    let text = text.replace("**", "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            target.find(')').map(|end| (close, close + 2 + end + 1))
        });
        match link {
            Some((close, consumed)) => {
                out.push_str(&after[..close]);
                rest = &after[consumed..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Collapses runs of whitespace (including non-breaking spaces) to one
/// space and trims.
pub(crate) fn squash(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Elements that separate words when their text is joined; inline ones
/// (`strong`, `a`, `span`) do not.
fn separates_words(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "br"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "caption"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dd"
            | "dt"
            | "dl"
    )
}

/// The text under `node`, whitespace collapsed. Walks with the tree's
/// open/close iterator rather than recursion: a page of deeply nested tags
/// must not exhaust the stack.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut text = String::new();
    for edge in node.traverse() {
        let (Edge::Open(node) | Edge::Close(node)) = edge;
        match node.value() {
            Node::Text(t) if matches!(edge, Edge::Open(_)) => text.push_str(t),
            Node::Element(e) if separates_words(e.name()) => text.push(' '),
            _ => {}
        }
    }
    squash(&text)
}

fn element_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// Reads one `<table>`: its caption and rows, leaving out those of tables
/// nested inside its cells. The walk does not enter nested tables, so each
/// node is visited once however deep the markup.
fn read_table(table: NodeRef<'_, Node>) -> Table {
    let mut caption = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut stack: Vec<_> = table.children().collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        match element_name(&node) {
            Some("table") => continue,
            Some("caption") if caption.is_none() => {
                caption = Some(text_of(node));
                continue;
            }
            Some("tr") => {
                rows.push(
                    node.children()
                        .filter(|cell| matches!(element_name(cell), Some("td" | "th")))
                        .map(text_of)
                        .collect(),
                );
                continue;
            }
            _ => {}
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
    let header = if rows.is_empty() {
        Vec::new()
    } else {
        rows.remove(0)
    };
    Table {
        caption: caption.filter(|c| !c.is_empty()),
        header,
        rows,
    }
}

/// Parses HTML (leniently, as browsers do) and lists its headings,
/// paragraphs, list items, preformatted text, bare text and tables in
/// document order. An explicit stack replaces recursion for the same
/// reason as in [`text_of`].
fn html_blocks(html: &str) -> Vec<Block> {
    let document = Html::parse_document(html);
    let mut blocks = Vec::new();
    let mut stack = vec![document.tree.root()];
    while let Some(node) = stack.pop() {
        let descend = match node.value() {
            Node::Text(text) => {
                let text = squash(text);
                if !text.is_empty() {
                    blocks.push(Block::Text(text));
                }
                false
            }
            Node::Element(element) => match element.name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    blocks.push(Block::Heading(text_of(node)));
                    false
                }
                "p" | "li" | "pre" | "dt" | "dd" => {
                    let text = text_of(node);
                    if !text.is_empty() {
                        blocks.push(Block::Text(text));
                    }
                    false
                }
                "table" => {
                    blocks.push(Block::Table(read_table(node)));
                    false
                }
                "script" | "style" | "template" | "title" => false,
                _ => true,
            },
            _ => true,
        };
        if descend {
            let children: Vec<_> = node.children().collect();
            stack.extend(children.into_iter().rev());
        }
    }
    blocks
}

/// Reads the plain-text form line by line. A table starts at a line
/// holding only `|` that is followed by header cells and a `|---|` rule;
/// each row then starts with such a line and has as many cells as the
/// header. A cell ends with a line ending in `|`, so a cell wrapped over
/// several lines is joined. A one-line row such as `| a | b |` is read too.
fn plain_text_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((table, next)) = plain_table(&lines, i) {
            blocks.push(Block::Table(table));
            i = next;
            continue;
        }
        if !lines[i].is_empty() {
            blocks.push(Block::Text(squash(lines[i])));
        }
        i += 1;
    }
    blocks
}

/// Splits a one-line row `| a | b |` into its cells.
fn one_line_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    if inner.trim().is_empty() {
        return None;
    }
    Some(inner.split('|').map(squash).collect())
}

/// Reads cells from `lines[i..]` until `count` cells are read (or, with
/// `count` `None`, until the `|---|` rule). Returns the cells and the index
/// after them.
fn plain_cells(lines: &[&str], mut i: usize, count: Option<usize>) -> (Vec<String>, usize) {
    let mut cells = Vec::new();
    let mut pending = String::new();
    while i < lines.len() {
        if count.is_some_and(|n| cells.len() >= n) {
            break;
        }
        let line = lines[i];
        if count.is_none() && table_rule(line) {
            break;
        }
        i += 1;
        if let Some(cell) = line.strip_suffix('|') {
            pending.push(' ');
            pending.push_str(cell);
            cells.push(squash(&pending));
            pending.clear();
        } else {
            pending.push(' ');
            pending.push_str(line);
        }
    }
    (cells, i)
}

/// Reads a plain-text table starting at `lines[start]`, if one starts there.
fn plain_table(lines: &[&str], start: usize) -> Option<(Table, usize)> {
    let first = lines[start];
    let (header, mut i) = if first == "|" {
        // The header's cells lie between this line and the rule, which must
        // come soon: a lone `|` elsewhere is just text.
        let rule = (start + 1..lines.len().min(start + 64)).find(|&j| table_rule(lines[j]))?;
        let (cells, _) = plain_cells(&lines[..rule], start + 1, None);
        (cells, rule + 1)
    } else {
        let cells = one_line_cells(first)?;
        if !lines.get(start + 1).is_some_and(|line| table_rule(line)) {
            return None;
        }
        (cells, start + 2)
    };
    if header.is_empty() {
        return None;
    }
    let mut rows = Vec::new();
    while i < lines.len() {
        if lines[i] == "|" {
            let (cells, next) = plain_cells(lines, i + 1, Some(header.len()));
            rows.push(cells);
            i = next;
        } else if let Some(cells) = one_line_cells(lines[i]) {
            rows.push(cells);
            i += 1;
        } else {
            break;
        }
    }
    Some((
        Table {
            caption: None,
            header,
            rows,
        },
        i,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_table_with_wrapped_cell() {
        let text =
            "Intro\n|\nName |\nKind |\n|---|---|\n|\nalpha |\nfirst\nline |\n|\nbeta |\n- |\nAfter";
        let blocks = blocks(text, Form::PlainText);
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        let Block::Table(table) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.header, ["Name", "Kind"]);
        assert_eq!(table.rows, [["alpha", "first line"], ["beta", "-"]]);
        assert_eq!(blocks[2], Block::Text("After".into()));
    }

    #[test]
    fn html_depth_counts_nesting_not_siblings() {
        assert_eq!(
            html_depth("<div><p>a<br>b</p><div x='1'><span/></div></div>"),
            2
        );
        assert_eq!(html_depth(&"<table></table>".repeat(1000)), 1);
        assert_eq!(html_depth(&"<div>".repeat(300)), 300);
        assert_eq!(html_depth("< a <1 </ <"), 0);
    }

    #[test]
    fn markdown_inline_is_undone() {
        assert_eq!(
            inline_markdown("**Table 1** see [the list](x.md) ["),
            "Table 1 see the list ["
        );
    }

    #[test]
    fn nested_tables_keep_their_own_rows() {
        let html = "<table><tr><th>A</th></tr><tr><td>x<table><tr><td>inner</td></tr></table></td></tr></table>";
        let blocks = html_blocks(html);
        let Block::Table(table) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.header, ["A"]);
    }
}
