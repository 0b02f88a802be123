//! What an API reference page states about its operation: the
//! [`PageFacts`] extracted from the page's [`Block`]s, in English or
//! Chinese.
//!
//! The pages follow one template whatever their form: a `URI` section with
//! the request line (and query or path parameter tables), a request
//! parameters section (header and body tables), a response parameters
//! section (a `Status code: 400` line before each body table), and a status
//! code table. Sections are found by their titles in either language; a
//! table's meaning comes from its section, its caption and its header cells.

use std::collections::{BTreeMap, BTreeSet};

use super::forms::{self, Block, Form, Table};

/// Where a request parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A top-level field of the JSON request body.
    Body,
}

impl Location {
    /// The word the report uses (`in:` of OpenAPI, or `body`).
    pub fn name(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
        }
    }
}

/// Numeric limits a page states in a field's description, such as
/// "Maximum: 150" or "最大长度：64". Which schema keyword a bare
/// minimum or maximum corresponds to depends on the field's type: a length
/// for strings, a value for numbers, an item count for arrays.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limits {
    /// "Minimum: N" / "最小值：N".
    pub minimum: Option<f64>,
    /// "Maximum: N" / "最大值：N".
    pub maximum: Option<f64>,
    /// "Minimum length: N" / "最小长度：N".
    pub min_length: Option<f64>,
    /// "Maximum length: N" / "最大长度：N".
    pub max_length: Option<f64>,
}

/// One row of a parameter or response field table.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The parameter or field name as the page spells it.
    pub name: String,
    /// The mandatory column: `Some(true)` for Yes/是, `None` when the table
    /// has no such column (response tables) or the cell says something else.
    pub mandatory: Option<bool>,
    /// The type column as written (`String`, `Integer`, `Array of strings`...).
    pub ty: Option<String>,
    /// Limits stated in the description.
    pub limits: Limits,
}

/// A request parameter: a field and where it travels.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Where it travels.
    pub location: Location,
    /// Its row.
    pub field: Field,
}

/// Everything the audit compares, as one page states it.
#[derive(Clone, Debug, PartialEq)]
pub struct PageFacts {
    /// The form the page was in.
    pub form: Form,
    /// The page's title (its first heading or line), for reports.
    pub title: Option<String>,
    /// The HTTP method in upper case.
    pub method: String,
    /// The path without query string, e.g. `/v5/mfa-devices/disable`.
    pub path: String,
    /// Path, query, header and top-level body parameters.
    pub params: Vec<Param>,
    /// Every status code the page documents (status table and response
    /// section together).
    pub statuses: BTreeSet<u16>,
    /// The response body fields the page documents, by status code.
    pub bodies: BTreeMap<u16, Vec<Field>>,
    /// The response parameters section says "None" / "无".
    pub no_response_body: bool,
    /// What the page states that the extractor read but the audit does not
    /// compare (nested object tables, response headers, unreadable cells).
    pub notes: Vec<String>,
}

/// How many notes one page may add to a report.
const MAX_NOTES: usize = 20;

/// HTTP methods a request line may start with.
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// `POST /v5/mfa-devices/disable` → ("POST", "/v5/mfa-devices/disable").
/// The path must start with `/`: example requests name a full URL and are
/// not the operation's request line.
pub fn request_line(line: &str) -> Option<(&'static str, &str)> {
    let line = line.trim();
    let (word, rest) = line.split_once(char::is_whitespace)?;
    let method = METHODS.iter().find(|m| **m == word)?;
    let path = rest.split_whitespace().next()?;
    path.starts_with('/').then_some((*method, path))
}

/// The sections of the page template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    /// Before any known title.
    Start,
    Uri,
    Request,
    Response,
    StatusCodes,
    /// Any other section (function, examples, error codes, feedback...).
    Other,
}

/// The section a title opens, in English or Chinese; `None` for text that
/// is not a known title. Plain-text pages have no heading markup, so only
/// these exact titles switch sections there.
fn section_title(text: &str) -> Option<Section> {
    let title = text
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_ascii_lowercase();
    let section = match title.as_str() {
        "uri" => Section::Uri,
        "request parameters" | "request parameter" | "request" | "请求参数" => Section::Request,
        "response parameters" | "response parameter" | "response" | "响应参数" => {
            Section::Response
        }
        "status codes" | "status code" | "状态码" => Section::StatusCodes,
        "function"
        | "functions"
        | "功能介绍"
        | "constraints"
        | "约束与限制"
        | "debugging"
        | "调试"
        | "authorization information"
        | "授权信息"
        | "example request"
        | "example requests"
        | "请求示例"
        | "example response"
        | "example responses"
        | "响应示例"
        | "error codes"
        | "错误码"
        | "feedback"
        | "反馈" => Section::Other,
        _ => return None,
    };
    Some(section)
}

/// `Status code: 400` / `状态码：400` → 400.
fn status_line(text: &str) -> Option<u16> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let rest = ["status code", "状态码"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))?;
    let rest = rest.trim_start().strip_prefix([':', '：'])?.trim();
    status_code(rest)
}

/// A three-digit HTTP status code, alone in `text`.
fn status_code(text: &str) -> Option<u16> {
    let text = text.trim();
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|code| (100..600).contains(code))
}

/// A line that stands for "nothing here" in a section.
fn says_none(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches(['.', '。']),
        "None" | "none" | "无" | "N/A"
    )
}

/// A line such as `Table 2 Parameters in the request body` / `表 2 请求Body参数`
/// that captions the table after it.
fn caption_line(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("table")
        .or_else(|| lower.strip_prefix('表'));
    rest.is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

/// Which column of a parameter table holds what.
struct Columns {
    name: usize,
    mandatory: Option<usize>,
    ty: Option<usize>,
    description: Option<usize>,
}

fn columns(header: &[String]) -> Option<Columns> {
    let find = |words: &[&str]| {
        header.iter().position(|cell| {
            let cell = cell.trim().to_ascii_lowercase();
            words.iter().any(|w| cell == *w)
        })
    };
    Some(Columns {
        name: find(&[
            "parameter",
            "name",
            "field",
            "参数",
            "参数名",
            "名称",
            "字段",
        ])?,
        mandatory: find(&["mandatory", "required", "是否必选", "必选"]),
        ty: find(&["type", "参数类型", "类型"]),
        description: find(&["description", "描述", "说明"]),
    })
}

fn mandatory(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "yes" | "mandatory" | "required" | "true" | "是" | "必选" => Some(true),
        "no" | "optional" | "false" | "否" | "可选" => Some(false),
        _ => None,
    }
}

/// Reads the limits a description states. Each label must be followed by
/// a colon and a number, so prose such as "the maximum number of" is not
/// taken for a limit.
pub fn limits(description: &str) -> Limits {
    /// Picks the limit a label sets.
    type Slot = fn(&mut Limits) -> &mut Option<f64>;
    // Longest labels first, so "Maximum length" is not read as "Maximum".
    const LABELS: &[(&str, Slot)] = &[
        ("maximum length", |l| &mut l.max_length),
        ("minimum length", |l| &mut l.min_length),
        ("max. length", |l| &mut l.max_length),
        ("min. length", |l| &mut l.min_length),
        ("最大长度", |l| &mut l.max_length),
        ("最小长度", |l| &mut l.min_length),
        ("maximum", |l| &mut l.maximum),
        ("minimum", |l| &mut l.minimum),
        ("最大值", |l| &mut l.maximum),
        ("最小值", |l| &mut l.minimum),
    ];
    let mut found = Limits::default();
    // ASCII lower-casing keeps byte offsets, so slices of `lower` line up.
    let lower = description.to_ascii_lowercase();
    let mut at = 0;
    'scan: while at < lower.len() {
        for (label, slot) in LABELS {
            if lower[at..].starts_with(label) {
                let after = &lower[at + label.len()..];
                if let Some((value, used)) = labelled_number(after) {
                    let slot = slot(&mut found);
                    if slot.is_none() {
                        *slot = Some(value);
                    }
                    at += label.len() + used;
                    continue 'scan;
                }
            }
        }
        at += lower[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// `: 150` / `：150` → (150, bytes used).
fn labelled_number(text: &str) -> Option<(f64, usize)> {
    let trimmed = text.trim_start();
    let skipped = text.len() - trimmed.len();
    let (after_colon, colon) = if let Some(rest) = trimmed.strip_prefix(':') {
        (rest, 1)
    } else {
        (trimmed.strip_prefix('：')?, '：'.len_utf8())
    };
    let number_text = after_colon.trim_start();
    let gap = after_colon.len() - number_text.len();
    let len = number_text
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || (*c == '-' && *i == 0) || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let number = number_text[..len].trim_end_matches('.');
    let value: f64 = number.parse().ok()?;
    Some((value, skipped + colon + gap + len))
}

fn read_fields(table: &Table, notes: &mut Vec<String>, what: &str) -> Vec<Field> {
    let Some(columns) = columns(&table.header) else {
        // A few header cells are enough to recognise the table.
        let shown: Vec<&str> = table.header.iter().take(6).map(String::as_str).collect();
        notes.push(format!(
            "a table in {what} has no parameter column (its header starts {shown:?}); it was not compared"
        ));
        return Vec::new();
    };
    let mut fields = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|c| c.trim().to_owned());
        let Some(name) = cell(Some(columns.name)).filter(|n| !n.is_empty()) else {
            continue;
        };
        let mandatory_cell = cell(columns.mandatory);
        let field_mandatory = mandatory_cell.as_deref().and_then(mandatory);
        if let (Some(text), None) = (&mandatory_cell, field_mandatory) {
            notes.push(format!(
                "{name}: mandatory column says {text:?}, read as unknown"
            ));
        }
        let mut field_limits = cell(columns.description)
            .map(|d| limits(&d))
            .unwrap_or_default();
        if let Some(ty) = cell(columns.ty) {
            // Some pages put the limit next to the type ("String (64)" is not
            // read, but "Maximum: 64" in the type cell is).
            let from_type = limits(&ty);
            field_limits.minimum = field_limits.minimum.or(from_type.minimum);
            field_limits.maximum = field_limits.maximum.or(from_type.maximum);
        }
        fields.push(Field {
            name: name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned(),
            mandatory: field_mandatory,
            ty: cell(columns.ty).filter(|t| !t.is_empty()),
            limits: field_limits,
        });
    }
    fields
}

/// Where a request-section table's parameters travel, from its caption
/// ("Parameters in the request header" / "请求Header参数") or, without one,
/// from its names: a table of `X-...` or `Content-Type` names is headers,
/// anything else the body.
fn request_table_location(caption: Option<&str>, fields: &[Field]) -> Location {
    if let Some(caption) = caption.map(str::to_ascii_lowercase) {
        if caption.contains("header") {
            return Location::Header;
        }
        if caption.contains("body") {
            return Location::Body;
        }
        if caption.contains("query") || caption.contains("查询") {
            return Location::Query;
        }
        if caption.contains("path") || caption.contains("路径") {
            return Location::Path;
        }
    }
    let header_like = |name: &str| {
        let lower = name.to_ascii_lowercase();
        lower.starts_with("x-") || lower == "content-type" || lower == "authorization"
    };
    if !fields.is_empty() && fields.iter().all(|f| header_like(&f.name)) {
        Location::Header
    } else {
        Location::Body
    }
}

/// Where a URI-section table's parameters travel: the caption's word, else
/// path when every name is a `{name}` of the path, else query.
fn uri_table_location(caption: Option<&str>, fields: &[Field], path: &str) -> Location {
    if let Some(caption) = caption.map(str::to_ascii_lowercase) {
        if caption.contains("path") || caption.contains("路径") {
            return Location::Path;
        }
        if caption.contains("query") || caption.contains("查询") {
            return Location::Query;
        }
    }
    if !fields.is_empty()
        && fields
            .iter()
            .all(|f| path.contains(&format!("{{{}}}", f.name)))
    {
        Location::Path
    } else {
        Location::Query
    }
}

/// Extracts the facts of a page whose form is known.
///
/// Fails, with the reason, when the page has no request line: without its
/// method and path it cannot be matched with any operation.
pub fn extract(blocks: &[Block], form: Form) -> Result<PageFacts, String> {
    let mut section = Section::Start;
    let mut title = None;
    let mut method_path: Option<(&'static str, String)> = None;
    let mut params = Vec::new();
    let mut statuses = BTreeSet::new();
    let mut bodies: BTreeMap<u16, Vec<Field>> = BTreeMap::new();
    let mut unassigned_body: Option<Vec<Field>> = None;
    let mut no_response_body = false;
    let mut notes = Vec::new();
    let mut current_status: Option<u16> = None;
    let mut pending_caption: Option<String> = None;

    for block in blocks {
        match block {
            Block::Heading(text) | Block::Text(text) => {
                if title.is_none() {
                    title = Some(text.clone());
                }
                let is_heading = matches!(block, Block::Heading(_));
                if let Some(code) = status_line(text) {
                    if section == Section::Response {
                        statuses.insert(code);
                        current_status = Some(code);
                    }
                    pending_caption = None;
                    continue;
                }
                if let Some(next) = section_title(text) {
                    section = next;
                    current_status = None;
                    pending_caption = None;
                    continue;
                }
                if is_heading {
                    if section != Section::Start {
                        section = Section::Other;
                    }
                    continue;
                }
                if caption_line(text) {
                    pending_caption = Some(text.clone());
                    continue;
                }
                pending_caption = None;
                match section {
                    Section::Uri | Section::Start if method_path.is_none() => {
                        if let Some((method, path)) = request_line(text) {
                            method_path = Some((method, path.to_owned()));
                        }
                    }
                    Section::Response if says_none(text) && current_status.is_none() => {
                        no_response_body = true;
                    }
                    _ => {}
                }
            }
            Block::Table(table) => {
                let caption = table.caption.clone().or(pending_caption.take());
                let caption = caption.as_deref();
                match section {
                    Section::Uri => {
                        let fields = read_fields(table, &mut notes, "the URI section");
                        let path = method_path.as_ref().map_or("", |(_, p)| p.as_str());
                        let location = uri_table_location(caption, &fields, path);
                        params.extend(fields.into_iter().map(|field| Param { location, field }));
                    }
                    Section::Request => {
                        let fields = read_fields(table, &mut notes, "the request parameters");
                        let location = request_table_location(caption, &fields);
                        if location == Location::Body
                            && params.iter().any(|p: &Param| p.location == Location::Body)
                        {
                            notes.push(format!(
                                "request body table {:?} describes a nested object; nested objects are not compared",
                                caption.unwrap_or("(no caption)")
                            ));
                            continue;
                        }
                        params.extend(fields.into_iter().map(|field| Param { location, field }));
                    }
                    Section::Response => {
                        let lower = caption.map(str::to_ascii_lowercase).unwrap_or_default();
                        if lower.contains("header") {
                            notes.push(format!(
                                "response header table {:?} is not compared",
                                caption.unwrap_or_default()
                            ));
                            continue;
                        }
                        let fields = read_fields(table, &mut notes, "the response parameters");
                        match current_status {
                            Some(code) => match bodies.get(&code) {
                                Some(_) => notes.push(format!(
                                    "a further table for status {code} ({:?}) describes a nested object; nested objects are not compared",
                                    caption.unwrap_or("(no caption)")
                                )),
                                None => {
                                    bodies.insert(code, fields);
                                }
                            },
                            None if unassigned_body.is_none() => unassigned_body = Some(fields),
                            None => notes.push(format!(
                                "a further response table ({:?}) describes a nested object; nested objects are not compared",
                                caption.unwrap_or("(no caption)")
                            )),
                        }
                    }
                    Section::StatusCodes => {
                        for row in std::iter::once(&table.header).chain(&table.rows) {
                            if let Some(code) = row.first().and_then(|c| status_code(c)) {
                                statuses.insert(code);
                            }
                        }
                    }
                    Section::Start | Section::Other => {}
                }
            }
        }
    }

    let Some((method, raw_path)) = method_path else {
        return Err("no request line (such as `POST /v5/...`) in a URI section".to_owned());
    };
    // A body table with no status line before it belongs to the success
    // response: the first 2xx the page lists.
    if let Some(fields) = unassigned_body {
        match statuses.iter().find(|c| (200..300).contains(*c)) {
            Some(&code) => {
                bodies.entry(code).or_insert(fields);
            }
            None => notes.push(
                "a response body table without a status code, and no 2xx status to give it to; not compared"
                    .to_owned(),
            ),
        }
    }
    // A malformed page can repeat the same oddity thousands of times; a
    // report stays readable with the first few.
    if notes.len() > MAX_NOTES {
        let more = notes.len() - MAX_NOTES;
        notes.truncate(MAX_NOTES);
        notes.push(format!("and {more} more notes like these"));
    }
    let path = raw_path.split('?').next().unwrap_or_default().to_owned();
    // A path placeholder the page has no table for is still a mandatory
    // path parameter.
    for name in placeholders(&path) {
        if !params
            .iter()
            .any(|p| p.location == Location::Path && p.field.name == name)
        {
            params.push(Param {
                location: Location::Path,
                field: Field {
                    name: name.to_owned(),
                    mandatory: Some(true),
                    ty: None,
                    limits: Limits::default(),
                },
            });
        }
    }
    Ok(PageFacts {
        form,
        title,
        method: method.to_owned(),
        path,
        params,
        statuses,
        bodies,
        no_response_body,
        notes,
    })
}

/// The `{name}` placeholders of a path, in order.
pub fn placeholders(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// Why a page could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFailure(pub String);

/// Detects the form of `text` and extracts its facts.
pub fn parse_page(text: &str) -> Result<PageFacts, ParseFailure> {
    // Editors on Windows save UTF-8 with a byte order mark, which would hide
    // a first-line heading.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let form = forms::detect(text).ok_or_else(|| {
        ParseFailure(
            "not in a known form (plain text with `|` tables, HTML, or Markdown with HTML tables)"
                .to_owned(),
        )
    })?;
    if form != Form::PlainText {
        let depth = forms::html_depth(text);
        if depth > forms::MAX_HTML_DEPTH {
            return Err(ParseFailure(format!(
                "{}: tags nest {depth} deep, more than the {} a reference page may",
                form.name(),
                forms::MAX_HTML_DEPTH
            )));
        }
    }
    let blocks = forms::blocks(text, form);
    extract(&blocks, form).map_err(|why| ParseFailure(format!("{}: {why}", form.name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_in_both_languages() {
        let l = limits("Name. Minimum: 2 Maximum: 40.");
        assert_eq!((l.minimum, l.maximum), (Some(2.0), Some(40.0)));
        let l = limits("名称。最小长度：1 最大长度：64。");
        assert_eq!((l.min_length, l.max_length), (Some(1.0), Some(64.0)));
        let l = limits("The maximum number of items. Maximum length: 9");
        assert_eq!((l.maximum, l.max_length), (None, Some(9.0)));
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_line("Status code: 403"), Some(403));
        assert_eq!(status_line("状态码：201"), Some(201));
        assert_eq!(status_line("Status Codes"), None);
        assert_eq!(status_line("Status code: 4000"), None);
    }

    #[test]
    fn request_lines() {
        assert_eq!(request_line("PUT /v3/x?y=1"), Some(("PUT", "/v3/x?y=1")));
        assert_eq!(request_line("PUT https://host/v3/x"), None);
        assert_eq!(request_line("PUTTING /x"), None);
    }
}
