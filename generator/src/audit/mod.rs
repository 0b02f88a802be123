//! `huaweicloud-codegen audit`: compares saved API reference pages with the
//! spec, so that a change in the documentation (or a slip in the spec) is
//! found by a command rather than by rereading every page.
//!
//! Each page is read into [`PageFacts`] ([`pages`], whatever its
//! [`forms::Form`]), matched with the spec operation of the same method and
//! path, and compared fact by fact: parameters (location, name, mandatory
//! flag, type, limits), the request body's top-level fields, the documented
//! status codes and the fields of each documented response body. Every
//! disagreement names the page's file and the spec's JSON pointer. What a
//! page states but the spec has no place for (a token header that the spec
//! expresses as a security scheme, a nested object table) is a note, not a
//! disagreement.

pub mod forms;
pub mod pages;
mod spec;

use std::fmt;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

pub use pages::{parse_page, Field, Limits, Location, PageFacts, Param, ParseFailure};

use crate::error::Error;
use crate::pointer::Pointer;
use spec::{Operation, SpecView};

/// The outcome of an audit.
#[derive(Debug, Default)]
pub struct Report {
    /// How many files were audited as pages (all but the skipped ones).
    pub pages: usize,
    /// Pages matched with an operation: (file, `METHOD /path`, operation pointer).
    pub matched: Vec<(String, String, String)>,
    /// Facts on which a page and the spec differ.
    pub disagreements: Vec<String>,
    /// Facts a page states that the spec cannot hold or the audit does not compare.
    pub notes: Vec<String>,
    /// Pages in no known form, or without a request line: (file, why).
    pub unparsed: Vec<(String, String)>,
    /// Pages that could not be read at all: (file, why).
    pub unreadable: Vec<(String, String)>,
    /// Files in the folder that are positively not pages: (file, why).
    pub skipped: Vec<(String, String)>,
}

impl Report {
    /// 2 when a page could not be read, 1 when a page could not be parsed
    /// or disagrees with the spec, 0 when every page agrees.
    pub fn exit_code(&self) -> u8 {
        if !self.unreadable.is_empty() {
            2
        } else if !self.disagreements.is_empty() || !self.unparsed.is_empty() {
            1
        } else {
            0
        }
    }

    /// Whether every page was read, parsed and agrees with the spec.
    pub fn agrees(&self) -> bool {
        self.exit_code() == 0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (file, why) in &self.skipped {
            writeln!(f, "skipped {file}: {why}")?;
        }
        for (file, why) in &self.unreadable {
            writeln!(f, "could not read {file}: {why}")?;
        }
        for (file, why) in &self.unparsed {
            writeln!(f, "could not parse {file}: {why}")?;
        }
        for (file, operation, pointer) in &self.matched {
            writeln!(f, "{file}: {operation} is {pointer}")?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        for disagreement in &self.disagreements {
            writeln!(f, "disagreement: {disagreement}")?;
        }
        let pages = self.pages;
        let verdict = match self.exit_code() {
            0 => "the pages agree with the spec",
            1 => "the pages and the spec do not agree",
            _ => "not every page could be read",
        };
        write!(
            f,
            "{pages} page(s), {} disagreement(s), {} unparsed, {} unreadable, {} note(s): {verdict}",
            self.disagreements.len(),
            self.unparsed.len(),
            self.unreadable.len(),
            self.notes.len()
        )
    }
}

/// Why a file in the docs folder is not a page, or `None` when it must be
/// read as one. Only a folder description (`README`) and hidden files are
/// positively not pages; every other file is audited, so a page in a new
/// form is reported as unparsed rather than passed over.
fn not_a_page(name: &str) -> Option<&'static str> {
    let stem = name.split('.').next().unwrap_or_default();
    if name.starts_with('.') {
        Some("a hidden file, not a page")
    } else if stem.eq_ignore_ascii_case("readme") {
        Some("a README describes the folder; it is not a page")
    } else {
        None
    }
}

/// Audits every page in `docs` against the spec at `spec`.
///
/// Errs only when the spec cannot be loaded or the folder cannot be
/// listed; pages that cannot be read or parsed are part of the report.
pub fn audit_dir(docs: &Path, spec: &Path) -> Result<Report, Error> {
    let loaded = crate::load::load_file(spec)?;
    let io = |source| Error::Io {
        path: docs.to_owned(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(docs)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    let mut pages = Vec::new();
    let mut report = Report::default();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            report.skipped.push((
                name,
                "a folder; pages are read from the top level only".to_owned(),
            ));
            continue;
        }
        if let Some(why) = not_a_page(&name) {
            report.skipped.push((name, why.to_owned()));
            continue;
        }
        let text = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e})"))
            });
        pages.push((name, text));
    }
    if pages.is_empty() {
        // An empty folder would otherwise "agree" with any spec.
        return Err(Error::Io {
            path: docs.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no pages to audit"),
        });
    }
    Ok(audit_pages(&pages, &loaded.document, report))
}

/// Audits pages already read: each is `(file name, text or why it could
/// not be read)`. `report` may carry entries found earlier (skipped files).
pub fn audit_pages(
    pages: &[(String, Result<String, String>)],
    document: &OpenAPI,
    mut report: Report,
) -> Report {
    let view = SpecView::new(document);
    let operations = view.operations();
    let mut covered = vec![false; operations.len()];
    for (file, text) in pages {
        report.pages += 1;
        let text = match text {
            Ok(text) => text,
            Err(why) => {
                report.unreadable.push((file.clone(), why.clone()));
                continue;
            }
        };
        let facts = match parse_page(text) {
            Ok(facts) => facts,
            Err(ParseFailure(why)) => {
                report.unparsed.push((file.clone(), why));
                continue;
            }
        };
        let label = format!("{} {}", facts.method, facts.path);
        for note in &facts.notes {
            report.notes.push(format!("{file}: {label}: {note}"));
        }
        let key = spec::path_key(&facts.path);
        let found = operations.iter().position(|op| {
            op.method.eq_ignore_ascii_case(&facts.method) && spec::path_key(op.path) == key
        });
        let Some(index) = found else {
            let mut message =
                format!("{label}: documented in {file}, no such operation in #/paths");
            let near: Vec<String> = operations
                .iter()
                .filter(|op| {
                    op.method.eq_ignore_ascii_case(&facts.method)
                        && spec::similar_paths(op.path, &facts.path)
                })
                .map(|op| {
                    format!(
                        "{} {} ({})",
                        op.method.to_ascii_uppercase(),
                        op.path,
                        op.pointer
                    )
                })
                .collect();
            if !near.is_empty() {
                message.push_str(&format!("; the spec has {}", near.join(", ")));
            }
            report.disagreements.push(message);
            continue;
        };
        covered[index] = true;
        let operation = &operations[index];
        report
            .matched
            .push((file.clone(), label.clone(), operation.pointer.to_string()));
        let mut audit = PageAudit {
            file,
            label: &label,
            view: &view,
            operation,
            report: &mut report,
        };
        audit.compare(&facts);
    }
    for (op, covered) in operations.iter().zip(&covered) {
        if !covered {
            report.notes.push(format!(
                "{} {} ({}) is documented by no page in the folder",
                op.method.to_ascii_uppercase(),
                op.path,
                op.pointer
            ));
        }
    }
    report
}

/// The comparison of one page with its operation.
struct PageAudit<'a, 'r> {
    file: &'a str,
    label: &'a str,
    view: &'a SpecView<'a>,
    operation: &'a Operation<'a>,
    report: &'r mut Report,
}

impl PageAudit<'_, '_> {
    fn disagree(&mut self, message: String) {
        self.report
            .disagreements
            .push(format!("{}: {message}", self.label));
    }

    fn note(&mut self, message: String) {
        self.report
            .notes
            .push(format!("{}: {}: {message}", self.file, self.label));
    }

    fn compare(&mut self, facts: &PageFacts) {
        self.compare_parameters(facts);
        self.compare_request_body(facts);
        self.compare_responses(facts);
    }

    fn compare_parameters(&mut self, facts: &PageFacts) {
        let file = self.file;
        let spec_params = self
            .view
            .parameters(self.operation, &mut self.report.disagreements);
        let page_params: Vec<&Param> = facts
            .params
            .iter()
            .filter(|p| p.location != Location::Body)
            .collect();
        for param in &page_params {
            let name = &param.field.name;
            let location = param.location;
            let same = |p: &&spec::SpecParam| {
                p.location == location
                    && if location == Location::Header {
                        p.name.eq_ignore_ascii_case(name)
                    } else {
                        p.name == *name
                    }
            };
            if let Some(spec_param) = spec_params.iter().find(same) {
                let subject = format!("{name} ({})", location.name());
                self.compare_field(
                    &param.field,
                    &subject,
                    spec_param.required,
                    &spec_param.required_pointer,
                    spec_param.schema.as_ref(),
                );
                continue;
            }
            if location == Location::Header {
                if let Some(scheme) = self.view.header_scheme(self.operation, name) {
                    let mandatory = match param.field.mandatory {
                        Some(true) => "mandatory",
                        Some(false) => "optional",
                        None => "documented",
                    };
                    let role = match scheme.alternatives {
                        1 => "the operation's only way to authenticate".to_owned(),
                        n => format!("one of {n} ways to authenticate the operation"),
                    };
                    self.note(format!(
                        "header {name} ({mandatory} in {file}) is the spec's security scheme {} ({}), {role}; a security scheme has no mandatory flag or type to compare",
                        scheme.name, scheme.pointer
                    ));
                    continue;
                }
                if name.eq_ignore_ascii_case("content-type")
                    && self.operation.request_body.is_some()
                {
                    self.note(format!(
                        "header {name} in {file} is expressed by the media type of the request body"
                    ));
                    continue;
                }
            }
            let elsewhere = spec_params.iter().find(|p| p.name == *name);
            match elsewhere {
                Some(other) => self.disagree(format!(
                    "{name}: {} parameter in {file}, {} parameter in {}",
                    location.name(),
                    other.location.name(),
                    other.pointer
                )),
                None => self.disagree(format!(
                    "{name}: {} parameter in {file}, missing in {}",
                    location.name(),
                    self.operation.pointer
                )),
            }
        }
        for spec_param in &spec_params {
            let on_page = page_params.iter().any(|p| {
                p.location == spec_param.location
                    && if p.location == Location::Header {
                        p.field.name.eq_ignore_ascii_case(&spec_param.name)
                    } else {
                        p.field.name == spec_param.name
                    }
            });
            let named_elsewhere = page_params.iter().any(|p| p.field.name == spec_param.name);
            if !on_page && !named_elsewhere {
                self.disagree(format!(
                    "{}: {} parameter in {}, not documented in {file}",
                    spec_param.name,
                    spec_param.location.name(),
                    spec_param.pointer
                ));
            }
        }
    }

    fn compare_request_body(&mut self, facts: &PageFacts) {
        let file = self.file;
        let page_fields: Vec<&Field> = facts
            .params
            .iter()
            .filter(|p| p.location == Location::Body)
            .map(|p| &p.field)
            .collect();
        let body = self
            .view
            .request_body_schema(self.operation, &mut self.report.disagreements);
        match body {
            None if page_fields.is_empty() => {}
            None => self.disagree(format!(
                "request body with {} in {file}, no request body in {}",
                names(&page_fields),
                self.operation.pointer
            )),
            Some(schema) => {
                let properties = self
                    .view
                    .properties(&schema, &mut self.report.disagreements);
                if page_fields.is_empty() {
                    if !properties.is_empty() {
                        self.disagree(format!(
                            "no request body in {file}, a body with {} in {}",
                            properties
                                .iter()
                                .map(|p| p.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            schema.pointer
                        ));
                    }
                    return;
                }
                self.compare_fields(&page_fields, &properties, &schema.pointer, "request body");
            }
        }
    }

    fn compare_responses(&mut self, facts: &PageFacts) {
        let file = self.file;
        let responses = self
            .view
            .responses(self.operation, &mut self.report.disagreements);
        let responses_pointer = self.operation.pointer.join("responses");
        let ranges = self.view.response_ranges(self.operation);
        for code in &facts.statuses {
            if !responses.iter().any(|r| r.code == *code) {
                // A range response (`4XX`) covers the code, but says nothing
                // about it in particular that could be compared.
                if let Some((_, range)) = ranges.iter().find(|(digit, _)| *digit == code / 100) {
                    self.note(format!(
                        "status {code} in {file} is covered by the range response {range}; not compared"
                    ));
                    continue;
                }
                self.disagree(format!(
                    "status {code}: documented in {file}, missing in {responses_pointer}"
                ));
            }
        }
        for response in &responses {
            if !facts.statuses.contains(&response.code) {
                self.disagree(format!(
                    "status {}: in {}, not documented in {file}",
                    response.code, response.pointer
                ));
                continue;
            }
            let page_fields: Option<Vec<&Field>> =
                facts.bodies.get(&response.code).map(|f| f.iter().collect());
            match (page_fields, &response.body) {
                (Some(fields), Some(schema)) => {
                    let properties = self.view.properties(schema, &mut self.report.disagreements);
                    let what = format!("{} body", response.code);
                    self.compare_fields(&fields, &properties, &schema.pointer, &what);
                }
                (Some(fields), None) if !fields.is_empty() => self.disagree(format!(
                    "the {} body has {} in {file}; {} has no body",
                    response.code,
                    names(&fields),
                    response.pointer
                )),
                (Some(_), None) => {}
                (None, Some(schema)) => {
                    if facts.no_response_body && (200..300).contains(&response.code) {
                        self.disagree(format!(
                            "status {}: no response body in {file}, a body in {}",
                            response.code, schema.pointer
                        ));
                    } else {
                        self.note(format!(
                            "{} describes a {} body that {file} does not",
                            schema.pointer, response.code
                        ));
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// Compares the fields of a page table with an object's properties,
    /// both ways.
    fn compare_fields(
        &mut self,
        page: &[&Field],
        spec: &[spec::Property],
        object: &Pointer,
        what: &str,
    ) {
        let file = self.file;
        for field in page {
            match spec.iter().find(|p| p.name == field.name) {
                Some(property) => {
                    let subject = format!("{} ({what})", field.name);
                    self.compare_field(
                        field,
                        &subject,
                        property.required,
                        &property.required_pointer,
                        Some(&property.schema),
                    );
                }
                None => self.disagree(format!(
                    "{}: field of the {what} in {file}, missing in {object}",
                    field.name
                )),
            }
        }
        for property in spec {
            if !page.iter().any(|f| f.name == property.name) {
                self.disagree(format!(
                    "{}: field of the {what} in {}, not documented in {file}",
                    property.name, property.pointer
                ));
            }
        }
    }

    /// Compares one field's mandatory flag, type and limits.
    fn compare_field(
        &mut self,
        field: &Field,
        subject: &str,
        spec_required: bool,
        required_pointer: &Pointer,
        schema: Option<&spec::Located<'_>>,
    ) {
        let file = self.file;
        if let Some(mandatory) = field.mandatory {
            if mandatory != spec_required {
                let word = |b: bool| if b { "mandatory" } else { "optional" };
                self.disagree(format!(
                    "{subject}: {} in {file}, {} in {required_pointer}",
                    word(mandatory),
                    word(spec_required)
                ));
            }
        }
        let Some(schema) = schema else {
            return;
        };
        let facts = self.view.schema_facts(schema);
        let page_type = field.ty.as_deref().map(page_type);
        match (page_type, facts.ty) {
            (Some(Some(page)), Some(spec)) if page != spec => self.disagree(format!(
                "{subject}: type {page} in {file}, {spec} in {}",
                schema.pointer
            )),
            (Some(None), _) => self.note(format!(
                "{subject}: type {:?} is not one the audit can compare",
                field.ty.as_deref().unwrap_or_default()
            )),
            _ => {}
        }
        let ty = page_type.flatten().or(facts.ty);
        let limits = &field.limits;
        // A bare minimum or maximum bounds a string's length, an array's
        // size or a number's value, as the pages use them.
        let (min_keyword, max_keyword) = match ty {
            Some("string") => ("minLength", "maxLength"),
            Some("array") => ("minItems", "maxItems"),
            _ => ("minimum", "maximum"),
        };
        let mut page_limits: Vec<(&str, Option<f64>)> =
            vec![(min_keyword, limits.minimum), (max_keyword, limits.maximum)];
        for (keyword, value) in [
            ("minLength", limits.min_length),
            ("maxLength", limits.max_length),
        ] {
            match page_limits.iter_mut().find(|(k, _)| *k == keyword) {
                Some((_, slot)) => *slot = slot.or(value),
                None => page_limits.push((keyword, value)),
            }
        }
        for keyword in [
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "minItems",
            "maxItems",
        ] {
            let page_value = page_limits
                .iter()
                .find(|(k, _)| *k == keyword)
                .and_then(|(_, v)| *v);
            let spec_value = facts.limit(keyword);
            if page_value != spec_value {
                let show = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
                self.disagree(format!(
                    "{subject}: {keyword} {} in {file}, {} in {}",
                    show(page_value),
                    show(spec_value),
                    schema.pointer
                ));
            }
        }
    }
}

fn names(fields: &[&Field]) -> String {
    fields
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The JSON Schema type a page's type column stands for, `None` when the
/// word is not one of the pages' types.
fn page_type(ty: &str) -> Option<&'static str> {
    let lower = ty.trim().to_ascii_lowercase();
    if lower.starts_with("array") || lower.starts_with("list") || lower.ends_with("[]") {
        return Some("array");
    }
    Some(match lower.as_str() {
        "string" | "str" | "字符串" => "string",
        "integer" | "int" | "int32" | "int64" | "long" | "整数" => "integer",
        "number" | "float" | "double" | "bigdecimal" | "数字" => "number",
        "boolean" | "bool" | "布尔" => "boolean",
        "object" | "map" | "对象" => "object",
        _ if lower.ends_with(" object") => "object",
        _ => return None,
    })
}

/// `huaweicloud-codegen audit --docs DIR [--spec FILE]`: parses the
/// arguments after `audit`, prints the report and returns the exit code
/// (0 agreement, 1 disagreement or unparsed page, 2 unreadable page, spec
/// or folder, or a bad command line).
pub fn cli(args: impl Iterator<Item = String>) -> u8 {
    const USAGE: &str = "Usage: huaweicloud-codegen audit --docs DIR [--spec FILE]";
    let mut docs = None;
    let mut spec = PathBuf::from(crate::DEFAULT_SPEC);
    let mut args = args;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" | "--spec" => {
                let Some(value) = args.next() else {
                    eprintln!("error: {arg} needs a value\n{USAGE}");
                    return 2;
                };
                if arg == "--docs" {
                    docs = Some(PathBuf::from(value));
                } else {
                    spec = PathBuf::from(value);
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            other => {
                eprintln!("error: unknown argument {other:?}\n{USAGE}");
                return 2;
            }
        }
    }
    let Some(docs) = docs else {
        eprintln!("error: --docs is required\n{USAGE}");
        return 2;
    };
    match audit_dir(&docs, &spec) {
        Ok(report) => {
            println!("{report}");
            report.exit_code()
        }
        Err(error) => {
            eprintln!("error: {error}");
            2
        }
    }
}
