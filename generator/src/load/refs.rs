//! Local references to any node of the document, made references to
//! components.
//!
//! The lowering follows a `$ref` only to an entry of `#/components/<section>`.
//! A description may point anywhere in itself (`#/components/schemas/Tag/allOf/0`,
//! `#/paths/~1pets/get/parameters/0`, a response's schema): each such
//! target is moved here, on the parsed value, to a new component named
//! after its pointer, and left behind as a `$ref` to it, so that the node
//! is lowered once, as one type, wherever it is used. A schema that would
//! define no type of its own (a string with a length limit, say) is copied
//! to each reference instead, which keeps the set of named types as the
//! document has it.
//!
//! A reference is a JSON pointer in a URI fragment (RFC 6901, sections 5
//! and 6): percent-encoding is decoded first, then `~1` and `~0`. Every
//! local reference is rewritten in that canonical form. A reference to
//! another document is refused: there is no other document to read.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_yaml::{Mapping, Value};

use super::walk::{self, Kind};
use super::{Moved, Refusal};
use crate::lower::pascal;
use crate::pointer::Pointer;

/// A `$ref` found in the document: where, what kind of node belongs
/// there, and what it says.
struct Site {
    at: Pointer,
    kind: Kind,
    reference: String,
}

/// What a reference to a node inside another one becomes.
#[derive(Clone)]
enum Replacement {
    /// A reference to this (canonical) pointer.
    Reference(String),
    /// A copy of this schema.
    Copy(Value),
}

/// Keys whose values are data, not the document's structure: a `$ref`
/// inside them is a value like any other.
const DATA_KEYS: [&str; 5] = ["example", "examples", "default", "enum", "const"];

/// Refuses the first `$ref` (in document order) that names another
/// document, wherever it is
/// (a description split over files puts them in places the format gives
/// no `$ref`, a tag's description or an operation, which would otherwise
/// be refused as a node of the wrong type, without saying why). Example
/// and default values and `x-` extensions are data, and are not looked
/// into.
pub(super) fn refuse_other_documents(document: &Value) -> Result<(), Refusal> {
    // Children are pushed last first, so that they are taken in order.
    let mut pending = vec![(document, Pointer::root())];
    while let Some((node, at)) = pending.pop() {
        let start = pending.len();
        match node {
            Value::Mapping(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if !reference.starts_with('#') {
                        let message = target(reference).err().unwrap_or_default();
                        return Err((at.join("$ref"), message));
                    }
                }
                for (key, value) in map {
                    let Some(key) = walk::key_text(key) else {
                        continue;
                    };
                    if key.starts_with("x-") || DATA_KEYS.contains(&key.as_str()) {
                        continue;
                    }
                    pending.push((value, at.join(&key)));
                }
            }
            Value::Sequence(list) => {
                for (index, value) in list.iter().enumerate() {
                    pending.push((value, at.join(index.to_string())));
                }
            }
            _ => {}
        }
        pending[start..].reverse();
    }
    Ok(())
}

/// A request body and a response are both a `content` map with a
/// `description`: a response `$ref` to a request body component (or the
/// other way round) means that content. Each such reference is replaced by
/// a copy of the component's `content` and `description`, with a warning.
pub(super) fn body_for_response(
    document: &mut Value,
    warnings: &mut Vec<crate::error::Warning>,
    moved: &mut Moved,
) -> Result<(), Refusal> {
    let mut sites = Vec::new();
    walk::nodes(document, &mut |node, at, kind| {
        if let (Some(Value::String(reference)), Kind::Response | Kind::RequestBody) =
            (node.get("$ref"), kind)
        {
            sites.push(Site {
                at: at.clone(),
                kind,
                reference: reference.clone(),
            });
        }
        Ok(())
    })?;
    for site in sites {
        let Ok(tokens) = target(&site.reference) else {
            continue;
        };
        let other = match site.kind {
            Kind::Response => Kind::RequestBody,
            _ => Kind::Response,
        };
        if !is_component(&tokens) || tokens[1] != other.section() {
            continue;
        }
        let Some(Value::Mapping(component)) = node_mut(document, &tokens) else {
            continue;
        };
        let mut copy = Mapping::new();
        let description = component
            .get("description")
            .cloned()
            .unwrap_or_else(|| Value::String(String::new()));
        copy.insert("description".into(), description);
        if let Some(content) = component.get("content") {
            copy.insert("content".into(), content.clone());
        }
        let Some(node @ Value::Mapping(_)) = node_mut(document, &site_tokens(&site.at)) else {
            continue;
        };
        *node = Value::Mapping(copy);
        let written = moved.original(site.at.as_str());
        warnings.push(crate::error::Warning {
            pointer: format!("{written}/$ref"),
            message: format!(
                "a {} belongs here, but the reference names a {}; its content is used",
                site.kind.noun(),
                other.noun()
            ),
        });
        moved.record(
            &site.at,
            &Pointer::from_ref(&moved.original(&pointer(&tokens))),
        );
    }
    Ok(())
}

/// Rewrites every local `$ref` of `document` into a reference to a
/// component (or, for a schema that defines no type, a copy of it).
pub(super) fn resolve(document: &mut Value, moved: &mut Moved) -> Result<(), Refusal> {
    let mut sites = Vec::new();
    walk::nodes(document, &mut |node, at, kind| {
        if let Some(Value::String(reference)) = node.get("$ref") {
            sites.push(Site {
                at: at.clone(),
                kind,
                reference: reference.clone(),
            });
        }
        Ok(())
    })?;
    // Each site's target, canonical; the targets inside components'
    // entries, with the sites that name them.
    let refusal = |site: &Site, message: String| {
        (
            Pointer::from_ref(&moved.original(site.at.join("$ref").as_str())),
            message,
        )
    };
    let mut canonical = Vec::with_capacity(sites.len());
    let mut deep: BTreeMap<Vec<String>, Kind> = BTreeMap::new();
    for site in &sites {
        let tokens = target(&site.reference).map_err(|message| refusal(site, message))?;
        if !is_component(&tokens) {
            if let Some(kind) = deep.insert(tokens.clone(), site.kind) {
                if kind != site.kind {
                    return Err(refusal(
                        site,
                        format!(
                            "$ref {:?}: used here for a {}, elsewhere for a {}",
                            site.reference,
                            site.kind.noun(),
                            kind.noun()
                        ),
                    ));
                }
            }
        }
        canonical.push(tokens);
    }
    let replacements = if deep.is_empty() {
        HashMap::new()
    } else {
        let kinds = node_kinds(document)?;
        for (site, tokens) in sites.iter().zip(&canonical) {
            if is_component(tokens) {
                continue;
            }
            let found = kinds.get(pointer(tokens).as_str()).copied();
            if found != Some(site.kind) {
                let what = match found {
                    Some(other) => format!("a {}", other.noun()),
                    None => "no node the format defines".to_owned(),
                };
                return Err(refusal(
                    site,
                    format!(
                        "$ref {:?}: a {} belongs here, but the reference names {what}",
                        site.reference,
                        site.kind.noun()
                    ),
                ));
            }
        }
        replacements(document, &deep, &sites, &canonical)?
    };
    for (site, tokens) in sites.iter().zip(&canonical) {
        let replacement = match replacements.get(tokens) {
            Some(replacement) => replacement.clone(),
            None => Replacement::Reference(pointer(tokens)),
        };
        if matches!(&replacement, Replacement::Reference(reference) if *reference == site.reference)
        {
            continue;
        }
        let Some(Value::Mapping(node)) = node_mut(document, &site_tokens(&site.at)) else {
            continue;
        };
        match replacement {
            Replacement::Reference(reference) => {
                node.insert("$ref".into(), reference.into());
            }
            Replacement::Copy(Value::Mapping(copy)) => {
                *node = copy;
                moved.record(
                    &site.at,
                    &Pointer::from_ref(&moved.original(&pointer(tokens))),
                );
            }
            Replacement::Copy(_) => {}
        }
    }
    hoist(document, &deep, &replacements, moved);
    Ok(())
}

/// The tokens of the local pointer `reference` names, or why it names none.
fn target(reference: &str) -> Result<Vec<String>, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!(
            "$ref {reference:?} refers to another document; only references within this one \
             (`#/...`) are followed: bundle the description into one file"
        ));
    };
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| format!("$ref {reference:?}: its percent-encoding is not UTF-8"))?;
    if decoded.is_empty() {
        return Err(format!(
            "$ref {reference:?} names the whole document, not a node in it"
        ));
    }
    let Some(path) = decoded.strip_prefix('/') else {
        return Err(format!(
            "$ref {reference:?}: a reference within the document is a JSON pointer, `#/...`"
        ));
    };
    path.split('/')
        .map(|token| {
            unescape(token).ok_or_else(|| {
                format!("$ref {reference:?}: `~` in a JSON pointer must be followed by 0 or 1")
            })
        })
        .collect()
}

/// A pointer token unescaped (RFC 6901: `~1` is `/`, then `~0` is `~`).
fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The canonical pointer text of `tokens`.
fn pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold(Pointer::root(), |at, token| at.join(token))
        .to_string()
}

/// Whether `tokens` name an entry of a `components` section.
fn is_component(tokens: &[String]) -> bool {
    tokens.len() == 3 && tokens[0] == "components"
}

/// The tokens of a pointer this module built (from `walk`).
fn site_tokens(at: &Pointer) -> Vec<String> {
    let text = at.as_str().strip_prefix("#/").unwrap_or_default();
    if text.is_empty() {
        return Vec::new();
    }
    text.split('/').filter_map(unescape).collect()
}

/// Every node the format defines, by canonical pointer, with its kind.
fn node_kinds(document: &mut Value) -> Result<HashMap<String, Kind>, Refusal> {
    let mut kinds = HashMap::new();
    walk::nodes(document, &mut |_, at, kind| {
        kinds.insert(at.to_string(), kind);
        Ok(())
    })?;
    Ok(kinds)
}

/// The node at `tokens`, if there is one.
fn node<'v>(document: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens
        .iter()
        .try_fold(document, |node, token| child(node, token))
}

fn node_mut<'v>(document: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    let mut node = document;
    for token in tokens {
        node = match node {
            Value::Mapping(map) => map.iter_mut().find(|(key, _)| key_is(key, token))?.1,
            Value::Sequence(list) => list.get_mut(index(token)?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn child<'v>(node: &'v Value, token: &str) -> Option<&'v Value> {
    match node {
        Value::Mapping(map) => map.iter().find(|(key, _)| key_is(key, token)).map(|e| e.1),
        Value::Sequence(list) => list.get(index(token)?),
        _ => None,
    }
}

/// Whether a mapping key is the pointer token `token` (a status code may
/// be written as a number).
fn key_is(key: &Value, token: &str) -> bool {
    walk::key_text(key).is_some_and(|text| text == token)
}

/// An array index as RFC 6901 writes it: digits, without leading zeros.
fn index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if digits && (token == "0" || !token.starts_with('0')) {
        token.parse().ok()
    } else {
        None
    }
}

/// What each target inside another node becomes: a reference to the
/// component it moves to, a copy of it, or (for a target that is itself a
/// reference) what the reference it holds becomes.
fn replacements(
    document: &Value,
    deep: &BTreeMap<Vec<String>, Kind>,
    sites: &[Site],
    canonical: &[Vec<String>],
) -> Result<HashMap<Vec<String>, Replacement>, Refusal> {
    let mut out = HashMap::new();
    let mut taken: HashMap<&'static str, Taken> = HashMap::new();
    // Targets that hold a reference, with the target of that reference.
    // In pointer order, so that the first cycle reported is always the same.
    let mut forwards: BTreeMap<&Vec<String>, &Vec<String>> = BTreeMap::new();
    let site_at: HashMap<Vec<String>, usize> = sites
        .iter()
        .enumerate()
        .map(|(index, site)| (site_tokens(&site.at), index))
        .collect();
    for (tokens, &kind) in deep {
        let Some(found) = node(document, tokens) else {
            continue;
        };
        if let Some(&index) = site_at.get(tokens) {
            forwards.insert(tokens, &canonical[index]);
            continue;
        }
        let replacement = if kind == Kind::Schema && !defines_type(found) {
            Replacement::Copy(found.clone())
        } else {
            let section = kind.section();
            let name = taken
                .entry(section)
                .or_insert_with(|| Taken::of(document, section))
                .claim(crate::lower::pointer_name(tokens));
            Replacement::Reference(pointer(&[
                "components".to_owned(),
                section.to_owned(),
                name,
            ]))
        };
        out.insert(tokens.clone(), replacement);
    }
    for &start in forwards.keys() {
        let mut seen = vec![start];
        let mut next = forwards[start];
        let replacement = loop {
            if let Some(replacement) = out.get(next) {
                break replacement.clone();
            }
            match forwards.get(next) {
                Some(_) if seen.contains(&next) => {
                    return Err((
                        Pointer::from_ref(&pointer(start)).join("$ref"),
                        "a cycle of $refs: none of them names a node with content".into(),
                    ));
                }
                Some(&further) => {
                    seen.push(next);
                    next = further;
                }
                None => break Replacement::Reference(pointer(next)),
            }
        };
        out.insert(start.clone(), replacement);
    }
    Ok(out)
}

/// Whether a schema defines a type of its own (an object, an enum, a
/// union, ...), rather than only narrowing a scalar or listing such ones.
fn defines_type(schema: &Value) -> bool {
    let Value::Mapping(map) = schema else {
        return false;
    };
    let own = [
        "$ref",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "enum",
        "discriminator",
    ];
    own.iter().any(|key| map.contains_key(*key))
        || matches!(map.get("additionalProperties"), Some(Value::Mapping(_)))
        || map.get("items").is_some_and(defines_type)
}

/// The names of a `components` section, as written and as Rust names, so
/// that a new entry takes neither.
struct Taken {
    keys: HashSet<String>,
    rust: HashSet<String>,
}

impl Taken {
    fn of(document: &Value, section: &str) -> Self {
        let keys: HashSet<String> = match document.get("components").and_then(|c| c.get(section)) {
            Some(Value::Mapping(map)) => map.keys().filter_map(walk::key_text).collect(),
            _ => HashSet::new(),
        };
        let rust = keys.iter().map(|key| pascal(key)).collect();
        Taken { keys, rust }
    }

    /// `wanted`, or the first of `wanted_2`, `wanted_3`, ... that is free.
    fn claim(&mut self, wanted: String) -> String {
        let name = (1..)
            .map(|n| match n {
                1 => wanted.clone(),
                n => format!("{wanted}_{n}"),
            })
            .find(|name| !self.keys.contains(name) && !self.rust.contains(&pascal(name)))
            .unwrap_or(wanted);
        self.rust.insert(pascal(&name));
        self.keys.insert(name.clone());
        name
    }
}

/// Moves each target that becomes a component to its place, deepest first
/// (a target inside another moves with it otherwise), leaving a reference.
fn hoist(
    document: &mut Value,
    deep: &BTreeMap<Vec<String>, Kind>,
    replacements: &HashMap<Vec<String>, Replacement>,
    moved: &mut Moved,
) {
    let mut order: Vec<(&Vec<String>, &Kind)> = deep.iter().collect();
    order.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(b.0)));
    for (tokens, &kind) in order {
        let Some(Replacement::Reference(reference)) = replacements.get(tokens) else {
            continue;
        };
        let Some(slot) = node_mut(document, tokens) else {
            continue;
        };
        // A target that is itself a reference stays where it is.
        if slot.get("$ref").is_some() {
            continue;
        }
        let mut stub = Mapping::new();
        stub.insert("$ref".into(), reference.clone().into());
        let node = std::mem::replace(slot, Value::Mapping(stub));
        let name = site_tokens(&Pointer::from_ref(reference))
            .pop()
            .unwrap_or_default();
        let Value::Mapping(top) = document else {
            return;
        };
        let components = top
            .entry("components".into())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(components) = components else {
            return;
        };
        let section = components
            .entry(kind.section().into())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if let Value::Mapping(section) = section {
            section.insert(name.into(), node);
        }
        moved.record(
            &Pointer::from_ref(reference),
            &Pointer::from_ref(&moved.original(&pointer(tokens))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_percent_decoded_then_unescaped() {
        assert_eq!(
            target("#/paths/~1a%7Bb%7D/get").unwrap(),
            ["paths", "/a{b}", "get"]
        );
        assert_eq!(target("#/x/~01").unwrap(), ["x", "~1"]);
        assert!(target("other.yaml#/x")
            .unwrap_err()
            .contains("another document"));
        assert!(target("#").is_err());
        assert!(target("#x").is_err());
        assert!(target("#/a~2").unwrap_err().contains("followed by 0 or 1"));
        assert!(target("#/%FF").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn array_indices_are_written_without_leading_zeros() {
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("12"), Some(12));
        assert_eq!(index("012"), None);
        assert_eq!(index("-1"), None);
        assert_eq!(index(""), None);
    }
}
