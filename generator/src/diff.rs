//! What a regeneration changes for the crate's users: the committed
//! [`Surface`] against the new one, each change classified, and the
//! version semver then requires.
//!
//! The rules follow what code written against the previous release does:
//! it builds what is sent (parameters and request bodies, with `new` taking
//! the required fields), reads what is received, and matches exhaustively
//! on enums, error enums included. So a new required field of a sent type,
//! a new error status, a new enum variant, a lowered `maxLength` (a value
//! accepted before is now refused) or a removed operation breaks it; a new
//! optional field, a new operation or a raised `maxLength` does not.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::surface::{
    BodySurface, Committed, FieldSurface, KindSurface, OperationSurface, Outcome, Release, Surface,
    TypeSurface,
};

/// How a change affects code written against the previous release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Only the documentation changes.
    Documentation,
    /// Something is added; existing code keeps compiling and working.
    Additive,
    /// Existing code may stop compiling or behave differently.
    Breaking,
}

impl Impact {
    /// `breaking`, `additive` or `documentation only`.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::Documentation => "documentation only",
        }
    }
}

/// One change of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Its classification.
    pub impact: Impact,
    /// What changes, naming the Rust item.
    pub text: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.impact.label(), self.text)
    }
}

/// What a regeneration does to the API and the version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The version of the committed crate; `None` for a new crate.
    pub previous: Option<String>,
    /// The version written.
    pub version: String,
    /// The version semver requires, when it differs from the one written
    /// (the spec pins the version with `info.x-rust-crate-version`).
    pub required: Option<String>,
    /// Every change, breaking ones first, each group in a fixed order.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether there is nothing to tell: the crate exists, its API and
    /// version stay as they are.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty() && self.previous.as_ref() == Some(&self.version)
    }

    /// The strongest impact among the changes.
    pub fn impact(&self) -> Option<Impact> {
        self.changes.iter().map(|c| c.impact).max()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(previous) = &self.previous else {
            return writeln!(f, "new crate at version {}", self.version);
        };
        if self.changes.is_empty() {
            writeln!(f, "no API changes since {previous}")?;
        } else {
            writeln!(f, "API changes since {previous}:")?;
            for change in &self.changes {
                writeln!(f, "  {change}")?;
            }
        }
        if *previous != self.version || !self.changes.is_empty() {
            let why = match (self.impact(), semver::Version::parse(previous)) {
                _ if self.required.is_some() => "set by info.x-rust-crate-version",
                (Some(Impact::Breaking), Ok(v)) if v.major == 0 => {
                    "a breaking change of a 0.x crate bumps the minor version"
                }
                (Some(Impact::Breaking), _) => "a breaking change bumps the major version",
                (Some(Impact::Additive), Ok(v)) if v.major == 0 => {
                    "an addition to a 0.x crate bumps the patch version"
                }
                (Some(Impact::Additive), _) => "an addition bumps the minor version",
                (Some(Impact::Documentation), _) => {
                    "a documentation change bumps the patch version"
                }
                (None, _) => "set by the spec",
            };
            writeln!(f, "version: {previous} -> {} ({why})", self.version)?;
        }
        if let Some(required) = &self.required {
            writeln!(
                f,
                "note: info.x-rust-crate-version sets {}, where semver requires {required}",
                self.version
            )?;
        }
        Ok(())
    }
}

/// The next release after `committed` for `surface`: the committed state
/// to write and the report. `pinned` is the spec's
/// `info.x-rust-crate-version`; `first` the version of a new crate.
pub fn release(
    committed: Option<&Committed>,
    crate_name: &str,
    surface: Surface,
    pinned: Option<&str>,
    first: &str,
) -> Result<(Committed, Report), String> {
    let Some(committed) = committed else {
        let version = pinned.unwrap_or(first).to_owned();
        let release = Release {
            version: version.clone(),
            breaking: Vec::new(),
            additive: vec![format!(
                "first release recorded: {} operation(s), {} named type(s)",
                surface.operations.len(),
                surface.types.len()
            )],
            documentation: Vec::new(),
        };
        let report = Report {
            previous: None,
            version: version.clone(),
            required: None,
            changes: Vec::new(),
        };
        let state = Committed {
            generated: String::new(),
            format: crate::surface::SURFACE_FORMAT,
            crate_name: crate_name.to_owned(),
            version,
            surface,
            releases: vec![release],
        };
        return Ok((state, report));
    };
    let changes = diff(&committed.surface, &surface);
    let impact = changes.iter().map(|c| c.impact).max();
    let required = match impact {
        Some(impact) => bump(&committed.version, impact)?,
        None => committed.version.clone(),
    };
    let version = pinned.map_or_else(|| required.clone(), str::to_owned);
    let mut releases = committed.releases.clone();
    if !changes.is_empty() || version != committed.version {
        let mut entry = Release {
            version: version.clone(),
            breaking: Vec::new(),
            additive: Vec::new(),
            documentation: Vec::new(),
        };
        // A pinned version that does not move gathers every change made
        // under it into one entry.
        if releases.first().is_some_and(|r| r.version == version) {
            entry = releases.remove(0);
        }
        for change in &changes {
            let list = match change.impact {
                Impact::Breaking => &mut entry.breaking,
                Impact::Additive => &mut entry.additive,
                Impact::Documentation => &mut entry.documentation,
            };
            if !list.contains(&change.text) {
                list.push(change.text.clone());
            }
        }
        releases.insert(0, entry);
    }
    let report = Report {
        previous: Some(committed.version.clone()),
        required: (required != version).then_some(required),
        version: version.clone(),
        changes,
    };
    let state = Committed {
        generated: String::new(),
        format: crate::surface::SURFACE_FORMAT,
        crate_name: crate_name.to_owned(),
        version,
        surface,
        releases,
    };
    Ok((state, report))
}

/// `version` bumped as semver requires for a change of `impact`: for 0.x
/// a breaking change bumps the minor version and anything else the patch
/// version; from 1.0 on major, minor and patch respectively.
pub fn bump(version: &str, impact: Impact) -> Result<String, String> {
    let mut v = semver::Version::parse(version)
        .map_err(|e| format!("the committed version {version:?} is not a semver version: {e}"))?;
    v.pre = semver::Prerelease::EMPTY;
    v.build = semver::BuildMetadata::EMPTY;
    match (impact, v.major) {
        (Impact::Breaking, 0) => {
            v.minor += 1;
            v.patch = 0;
        }
        (Impact::Breaking, _) => {
            v.major += 1;
            v.minor = 0;
            v.patch = 0;
        }
        (Impact::Additive, major) if major > 0 => {
            v.minor += 1;
            v.patch = 0;
        }
        _ => v.patch += 1,
    }
    Ok(v.to_string())
}

/// Every change from `old` to `new`, breaking ones first; within an
/// impact, in the order of the surface (operations, then types, by name).
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut out = Changes::default();
    for (key, (a, b)) in pairs(&old.docs, &new.docs) {
        if a != b {
            out.doc(format!("the API's {key} changes"));
        }
    }
    match (&old.default_endpoint, &new.default_endpoint) {
        (a, b) if a == b => {}
        (None, Some(url)) => out.add(format!("DEFAULT_ENDPOINT is added ({url:?})")),
        (Some(_), None) => out.breaking("DEFAULT_ENDPOINT is removed".to_owned()),
        (Some(a), Some(b)) => out.breaking(format!("DEFAULT_ENDPOINT changes from {a:?} to {b:?}")),
        (None, None) => {}
    }
    for (name, (a, b)) in pairs(&old.operations, &new.operations) {
        match (a, b) {
            (Some(a), None) => {
                out.breaking(format!("operation {} (`Client::{name}`) is removed", a.id))
            }
            (None, Some(b)) => out.add(format!("new operation {} (`Client::{name}`)", b.id)),
            (Some(a), Some(b)) => operation(&mut out, name, a, b),
            (None, None) => {}
        }
    }
    for (name, (a, b)) in pairs(&old.types, &new.types) {
        match (a, b) {
            (Some(_), None) => out.breaking(format!("type {name} is removed")),
            (None, Some(_)) => out.add(format!("new type {name}")),
            (Some(a), Some(b)) => named_type(&mut out, name, a, b),
            (None, None) => {}
        }
    }
    out.into_changes()
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, text: String) {
        self.0.push(Change { impact, text });
    }
    fn breaking(&mut self, text: String) {
        self.push(Impact::Breaking, text);
    }
    fn add(&mut self, text: String) {
        self.push(Impact::Additive, text);
    }
    fn doc(&mut self, text: String) {
        self.push(Impact::Documentation, text);
    }
    fn into_changes(mut self) -> Vec<Change> {
        // Stable: keeps the surface order within each impact.
        self.0.sort_by_key(|c| std::cmp::Reverse(c.impact));
        self.0
    }
}

/// A value on the old side and on the new side, either possibly missing.
type Sides<'a, V> = (Option<&'a V>, Option<&'a V>);

/// The union of two maps' keys, in key order, with each side's value.
fn pairs<'a, K: Ord, V>(
    old: &'a BTreeMap<K, V>,
    new: &'a BTreeMap<K, V>,
) -> Vec<(&'a K, Sides<'a, V>)> {
    let keys: BTreeSet<&K> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .map(|k| (k, (old.get(k), new.get(k))))
        .collect()
}

fn operation(out: &mut Changes, name: &str, a: &OperationSurface, b: &OperationSurface) {
    let method = format!("`Client::{name}`");
    if a.request != b.request {
        out.breaking(format!(
            "{method} now sends {:?} instead of {:?}",
            b.request, a.request
        ));
    }
    if a.params != b.params {
        out.breaking(format!(
            "{method} takes {} instead of {}",
            b.params.as_deref().unwrap_or("no parameters"),
            a.params.as_deref().unwrap_or("no parameters")
        ));
    }
    body(out, &method, a.body.as_ref(), b.body.as_ref());
    for (status, (x, y)) in pairs(&a.success, &b.success) {
        match (x, y) {
            (Some(x), Some(y)) if x != y => out.breaking(format!(
                "{method} returns {} for status {status} instead of {}",
                outcome(y),
                outcome(x)
            )),
            // A further status answered with the same value changes no type.
            (None, Some(y)) if y.variant.is_none() => {
                out.add(format!("{method} also succeeds with status {status}"))
            }
            (None, Some(y)) => out.breaking(format!(
                "{method} gains success status {status} ({})",
                outcome(y)
            )),
            (Some(_), None) => out.breaking(format!(
                "{method} no longer treats status {status} as a success"
            )),
            _ => {}
        }
    }
    if a.error_type != b.error_type {
        out.breaking(format!(
            "the error enum of {method} is renamed from {} to {}",
            a.error_type, b.error_type
        ));
    }
    let errors = &b.error_type;
    for (status, (x, y)) in pairs(&a.errors, &b.errors) {
        match (x, y) {
            (None, Some(y)) => out.breaking(format!(
                "{errors} gains variant {} ({status})",
                y.variant.as_deref().unwrap_or("?")
            )),
            (Some(x), None) => out.breaking(format!(
                "{errors} loses variant {} ({status})",
                x.variant.as_deref().unwrap_or("?")
            )),
            (Some(x), Some(y)) => {
                if (&x.variant, &x.body) != (&y.variant, &y.body) {
                    out.breaking(format!(
                        "{errors}: status {status} becomes {} instead of {}",
                        outcome(y),
                        outcome(x)
                    ));
                }
                if x.doc != y.doc {
                    out.doc(format!(
                        "{errors}: the description of status {status} changes"
                    ));
                }
            }
            (None, None) => {}
        }
    }
    let old_auth: BTreeSet<&String> = a.auth.iter().collect();
    let new_auth: BTreeSet<&String> = b.auth.iter().collect();
    for scheme in old_auth.difference(&new_auth) {
        out.breaking(format!("{method} no longer accepts {scheme}"));
    }
    for scheme in new_auth.difference(&old_auth) {
        out.add(format!("{method} also accepts {scheme}"));
    }
    match (a.deprecated, b.deprecated) {
        (false, true) => out.add(format!("{method} is deprecated")),
        (true, false) => out.doc(format!("{method} is no longer deprecated")),
        _ => {}
    }
    if a.id != b.id {
        out.doc(format!(
            "{method} documents operation {} instead of {}",
            b.id, a.id
        ));
    }
    for (key, (x, y)) in pairs(&a.docs, &b.docs) {
        if x != y {
            out.doc(format!("the {key} of {method} changes"));
        }
    }
}

fn outcome(outcome: &Outcome) -> String {
    match (&outcome.variant, &outcome.body) {
        (Some(v), Some(body)) => format!("{v}({body})"),
        (Some(v), None) => v.clone(),
        (None, Some(body)) => body.clone(),
        (None, None) => "no body".to_owned(),
    }
}

fn body(out: &mut Changes, method: &str, a: Option<&BodySurface>, b: Option<&BodySurface>) {
    match (a, b) {
        (None, Some(b)) => out.breaking(format!("{method} takes a body of type {}", b.ty)),
        (Some(_), None) => out.breaking(format!("{method} no longer takes a body")),
        (Some(a), Some(b)) => {
            if a.ty != b.ty {
                out.breaking(format!(
                    "the body of {method} changes from {} to {}",
                    a.ty, b.ty
                ));
            }
            if a.content_type != b.content_type {
                out.breaking(format!(
                    "{method} sends its body as {:?} instead of {:?}",
                    b.content_type, a.content_type
                ));
            }
            constraints(
                out,
                &format!("the body of {method}"),
                &a.constraints,
                &b.constraints,
            );
            if a.doc != b.doc {
                out.doc(format!("the description of the body of {method} changes"));
            }
        }
        (None, None) => {}
    }
}

/// A value checked before sending: a lower maximum or a higher minimum
/// refuses values accepted before.
fn constraints(
    out: &mut Changes,
    subject: &str,
    a: &BTreeMap<String, usize>,
    b: &BTreeMap<String, usize>,
) {
    for (keyword, (x, y)) in pairs(a, b) {
        let is_max = keyword
            .rsplit('.')
            .next()
            .is_some_and(|k| k.starts_with("max"));
        match (x, y) {
            (Some(x), Some(y)) if x != y => {
                let (verb, breaking) = match (y > x, is_max) {
                    (true, true) => ("raised", false),
                    (false, true) => ("lowered", true),
                    (true, false) => ("raised", true),
                    (false, false) => ("lowered", false),
                };
                out.push(
                    if breaking {
                        Impact::Breaking
                    } else {
                        Impact::Additive
                    },
                    format!("{keyword} of {subject} {verb} from {x} to {y}"),
                );
            }
            (None, Some(y)) => out.breaking(format!("{subject} gains {keyword} {y}")),
            (Some(x), None) => out.add(format!("{subject} loses {keyword} {x}")),
            _ => {}
        }
    }
}

fn named_type(out: &mut Changes, name: &str, a: &TypeSurface, b: &TypeSurface) {
    // What users of the previous release did with its values.
    let sent = a.direction.is_sent();
    match (&a.kind, &b.kind) {
        (KindSurface::Struct(x), KindSurface::Struct(y)) => fields(out, name, sent, x, y),
        (KindSurface::StringEnum(x), KindSurface::StringEnum(y)) => variants(out, name, x, y),
        (KindSurface::IntEnum(x), KindSurface::IntEnum(y)) => variants(out, name, x, y),
        (KindSurface::Union(x), KindSurface::Union(y)) => {
            if x != y {
                out.breaking(format!("the variants of {name} change"));
            }
        }
        (KindSurface::Alias(x, cx), KindSurface::Alias(y, cy)) => {
            if x != y {
                out.breaking(format!("{name} stands for {y} instead of {x}"));
            }
            if sent {
                constraints(out, name, cx, cy);
            } else if cx != cy {
                out.doc(format!("the documented limits of {name} change"));
            }
        }
        (x, y) => out.breaking(format!(
            "{name} changes from {} to {}",
            kind_name(x),
            kind_name(y)
        )),
    }
    if a.doc != b.doc {
        out.doc(format!("the description of {name} changes"));
    }
}

fn kind_name(kind: &KindSurface) -> &'static str {
    match kind {
        KindSurface::Struct(_) => "a struct",
        KindSurface::StringEnum(_) => "a string enum",
        KindSurface::IntEnum(_) => "an integer enum",
        KindSurface::Union(_) => "a union",
        KindSurface::Alias(..) => "an alias",
    }
}

fn variants<V: PartialEq + fmt::Debug>(
    out: &mut Changes,
    name: &str,
    a: &BTreeMap<String, V>,
    b: &BTreeMap<String, V>,
) {
    for (variant, (x, y)) in pairs(a, b) {
        match (x, y) {
            (None, Some(y)) => out.breaking(format!("{name} gains variant {variant} ({y:?})")),
            (Some(x), None) => out.breaking(format!("{name} loses variant {variant} ({x:?})")),
            (Some(x), Some(y)) if x != y => out.breaking(format!(
                "{name}::{variant} is sent as {y:?} instead of {x:?}"
            )),
            _ => {}
        }
    }
}

fn fields(out: &mut Changes, name: &str, sent: bool, a: &[FieldSurface], b: &[FieldSurface]) {
    let a: BTreeMap<&String, &FieldSurface> = a.iter().map(|f| (&f.name, f)).collect();
    let b: BTreeMap<&String, &FieldSurface> = b.iter().map(|f| (&f.name, f)).collect();
    for (field, (x, y)) in pairs(&a, &b) {
        let subject = format!("{name}.{field}");
        match (x, y) {
            (None, Some(y)) => {
                let which = if y.required { "required" } else { "optional" };
                let text = format!("{name} gains {which} field {field}");
                if sent && y.required {
                    out.breaking(text);
                } else {
                    out.add(text);
                }
            }
            (Some(_), None) => out.breaking(format!("{name} loses field {field}")),
            (Some(x), Some(y)) => {
                if x.ty != y.ty {
                    out.breaking(format!("{subject} changes type from {} to {}", x.ty, y.ty));
                }
                if x.required != y.required && sent {
                    let now = if y.required { "required" } else { "optional" };
                    out.breaking(format!("{subject} becomes {now}"));
                }
                if x.wire != y.wire {
                    out.breaking(format!(
                        "{subject} travels as {:?} instead of {:?}",
                        y.wire, x.wire
                    ));
                }
                if x.default != y.default {
                    out.breaking(format!(
                        "the default of {subject} changes from {} to {}",
                        x.default.as_deref().unwrap_or("none"),
                        y.default.as_deref().unwrap_or("none")
                    ));
                }
                if sent {
                    constraints(out, &subject, &x.constraints, &y.constraints);
                } else if x.constraints != y.constraints {
                    out.doc(format!("the documented limits of {subject} change"));
                }
                if x.doc != y.doc {
                    out.doc(format!("the description of {subject} changes"));
                }
            }
            (None, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{bump, Impact};

    #[test]
    fn semver_bumps() {
        assert_eq!(bump("0.3.1", Impact::Breaking).unwrap(), "0.4.0");
        assert_eq!(bump("0.3.1", Impact::Additive).unwrap(), "0.3.2");
        assert_eq!(bump("0.3.1", Impact::Documentation).unwrap(), "0.3.2");
        assert_eq!(bump("2026.11.3", Impact::Breaking).unwrap(), "2027.0.0");
        assert_eq!(bump("2026.11.3", Impact::Additive).unwrap(), "2026.12.0");
        assert_eq!(
            bump("2026.11.3", Impact::Documentation).unwrap(),
            "2026.11.4"
        );
        assert_eq!(bump("1.0.0-rc.1", Impact::Documentation).unwrap(), "1.0.1");
        assert!(bump("one", Impact::Breaking).is_err());
    }
}
