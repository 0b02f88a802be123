//! `items` written as a list of schemas, which OpenAPI 3.0 and Swagger 2.0
//! do not allow but documents generated from JSON Schema draft 4 carry.
//! In draft 4 a list of `items` is a tuple, one schema per position; some
//! documents also put such a list on a schema without `type` to mean "one
//! of these". OpenAPI 3.1's `prefixItems` tuples reach this module as such a
//! list, on an array. Each is rewritten into the nearest 3.0 form, with a
//! warning:
//!
//! - beside `type: array`, the items may be any of the listed schemas (the
//!   positions are not kept);
//! - without `type`, the value is any of the listed schemas (`anyOf`);
//! - beside another type, the list does not apply and is dropped.
//!
//! Entries that only say the value is null make the result `nullable`.

use serde_yaml::{Mapping, Value};

use super::{Moved, Refusal};
use crate::error::Warning;
use crate::pointer::Pointer;

/// Rewrites the `items` list of the schema `node` at `at`, if it has one.
/// Its entries have been visited already, at their places in the list.
pub(super) fn items_list(
    node: &mut Mapping,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
    moved: &mut Moved,
) -> Result<(), Refusal> {
    if !matches!(node.get("items"), Some(Value::Sequence(_))) {
        return Ok(());
    }
    let Some(Value::Sequence(entries)) = node.shift_remove("items") else {
        return Ok(());
    };
    let items_at = at.join("items");
    let type_name = node.get("type").and_then(Value::as_str).map(str::to_owned);
    let (entries, null_listed) = without_null(entries, &items_at);
    let message = match type_name.as_deref() {
        Some("array") => {
            let mut items = Mapping::new();
            put_alternatives(&mut items, entries, &items_at, null_listed, moved);
            node.insert("items".into(), Value::Mapping(items));
            "a list of items (a tuple) is read as an array whose items may be any of the listed schemas, in any position"
        }
        None => {
            if ["anyOf", "oneOf", "allOf"]
                .iter()
                .any(|key| node.contains_key(*key))
            {
                return Err((
                    Pointer::from_ref(&moved.original(items_at.as_str())),
                    "a list of items beside anyOf, oneOf or allOf has no OpenAPI 3.0 form".into(),
                ));
            }
            put_alternatives(node, entries, at, null_listed, moved);
            "a list of items on a schema without type is read as anyOf: the value may be any of the listed schemas"
        }
        Some(other) => {
            warnings.push(Warning {
                pointer: moved.original(items_at.as_str()),
                message: format!(
                    "a list of items does not apply to a value of type {other}; ignored"
                ),
            });
            return Ok(());
        }
    };
    warnings.push(Warning {
        pointer: moved.original(items_at.as_str()),
        message: message.into(),
    });
    Ok(())
}

/// The entries that describe a value, each with its index in the list,
/// and whether an entry said the value may be null (`type: "null"`).
fn without_null(entries: Vec<Value>, items_at: &Pointer) -> (Vec<(Pointer, Value)>, bool) {
    let mut null_listed = false;
    let kept = entries
        .into_iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            if only_null(&entry) {
                null_listed = true;
                None
            } else {
                Some((items_at.join(index.to_string()), entry))
            }
        })
        .collect();
    (kept, null_listed)
}

/// Whether `entry` is `type: "null"` with at most annotations beside it.
fn only_null(entry: &Value) -> bool {
    let Value::Mapping(map) = entry else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("null")
        && map.keys().all(|key| {
            matches!(
                key.as_str(),
                Some("type" | "title" | "description" | "example")
            )
        })
}

/// Makes `target` (at `target_at`) the schema that is any of `entries`:
/// the one entry through a single-member `allOf` (so that the target keeps
/// its own keywords), several through `anyOf`. Records where each entry
/// moved from.
fn put_alternatives(
    target: &mut Mapping,
    entries: Vec<(Pointer, Value)>,
    target_at: &Pointer,
    null_listed: bool,
    moved: &mut Moved,
) {
    if null_listed {
        target.insert("nullable".into(), true.into());
    }
    if entries.is_empty() {
        // Only null was listed: any value, which may be null.
        return;
    }
    let key = if entries.len() == 1 { "allOf" } else { "anyOf" };
    let list_at = target_at.join(key);
    let mut list = Vec::with_capacity(entries.len());
    for (index, (from, entry)) in entries.into_iter().enumerate() {
        // Named as written, through any earlier move of this node.
        let written = Pointer::from_ref(&moved.original(from.as_str()));
        moved.record(&list_at.join(index.to_string()), &written);
        list.push(entry);
    }
    target.insert(key.into(), Value::Sequence(list));
}
