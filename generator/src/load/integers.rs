//! Bounds of integer schemas that a 64-bit integer cannot hold.
//!
//! The readers turn a number written beyond the 64-bit range into a float
//! (and a number written as `5.0` or `1e3` stays one), which an integer
//! schema's `minimum`, `maximum` and `multipleOf` cannot hold. Each is
//! replaced here, on the parsed value, by the bound it means for 64-bit
//! integers: the same integer, the nearest one inside the bound, or no
//! bound at all when every 64-bit integer satisfies it.

use serde_yaml::{Mapping, Number, Value};

use super::Refusal;
use crate::error::Warning;
use crate::pointer::Pointer;

/// 2^63 as a float: the first value above `i64::MAX` (exactly representable).
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// Rewrites the bounds of `schema` (found at `at`) when it is an integer schema.
pub(super) fn bounds(
    schema: &mut Mapping,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Result<(), Refusal> {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return Ok(());
    }
    for (key, lower) in [("minimum", true), ("maximum", false)] {
        let Some(Value::Number(number)) = schema.get(key) else {
            continue;
        };
        let exclusive_key = if lower {
            "exclusiveMinimum"
        } else {
            "exclusiveMaximum"
        };
        match bound(number, lower) {
            Bound::Keep => {}
            Bound::Exact(value) => {
                schema.insert(key.into(), Value::Number(value.into()));
            }
            Bound::Rounded(value) => {
                // Between two integers: the nearest one inside is the bound,
                // and reaching it is allowed.
                schema.insert(key.into(), Value::Number(value.into()));
                schema.remove(exclusive_key);
            }
            Bound::None => {
                let written = number.to_string();
                schema.remove(key);
                schema.remove(exclusive_key);
                warnings.push(Warning {
                    pointer: at.join(key).to_string(),
                    message: format!(
                        "{key} {written} lies beyond the 64-bit integer range, so every value satisfies it; dropped"
                    ),
                });
            }
            Bound::Unsatisfiable => {
                return Err((
                    at.join(key),
                    format!(
                        "{key} {number} lies beyond the 64-bit integer range, so no integer value satisfies it"
                    ),
                ));
            }
        }
    }
    if let Some(Value::Number(number)) = schema.get("multipleOf") {
        if number.as_i64().is_none() {
            let written = number.to_string();
            match number.as_f64() {
                Some(value) if value.fract() == 0.0 && value > 0.0 && value < TWO_POW_63 => {
                    schema.insert("multipleOf".into(), Value::Number((value as i64).into()));
                }
                _ => {
                    schema.remove("multipleOf");
                    warnings.push(Warning {
                        pointer: at.join("multipleOf").to_string(),
                        message: format!(
                            "multipleOf {written} is not a 64-bit integer, which an integer schema needs; dropped"
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

/// What a bound becomes for 64-bit integers.
#[derive(Debug, PartialEq)]
enum Bound {
    /// Already a 64-bit integer.
    Keep,
    /// A float holding an integer in range: the same value.
    Exact(i64),
    /// A float between two integers: the nearest integer inside the bound.
    Rounded(i64),
    /// Every 64-bit integer satisfies it.
    None,
    /// No 64-bit integer satisfies it.
    Unsatisfiable,
}

/// `number` as a lower (`lower`) or upper bound on 64-bit integers.
fn bound(number: &Number, lower: bool) -> Bound {
    if number.as_i64().is_some() {
        return Bound::Keep;
    }
    if number.as_u64().is_some() {
        // Above i64::MAX.
        return if lower {
            Bound::Unsatisfiable
        } else {
            Bound::None
        };
    }
    let Some(value) = number.as_f64().filter(|value| !value.is_nan()) else {
        return Bound::Keep;
    };
    // A float at or beyond -2^63 came from a number written below every
    // 64-bit integer (one that fits is read as an integer), and likewise
    // at or beyond 2^63.
    let below = value <= -TWO_POW_63;
    let above = value >= TWO_POW_63;
    match (lower, below, above) {
        (true, true, _) | (false, _, true) => Bound::None,
        (true, _, true) | (false, true, _) => Bound::Unsatisfiable,
        _ if value.fract() == 0.0 => Bound::Exact(value as i64),
        _ => Bound::Rounded(if lower { value.ceil() } else { value.floor() } as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as the YAML reader of the loader reads it.
    fn number(text: &str) -> Number {
        match super::super::parse(text).expect("a number") {
            Value::Number(number) => number,
            other => panic!("not a number: {other:?}"),
        }
    }

    #[test]
    fn bounds_beyond_the_range_admit_everything_or_nothing() {
        assert_eq!(bound(&number("-9223372036854776000"), true), Bound::None);
        assert_eq!(
            bound(&number("-9223372036854776000"), false),
            Bound::Unsatisfiable
        );
        assert_eq!(bound(&number("18446744073709551615"), false), Bound::None);
        assert_eq!(
            bound(&number("18446744073709551615"), true),
            Bound::Unsatisfiable
        );
        assert_eq!(bound(&number("-9223372036854775808"), true), Bound::Keep);
    }

    #[test]
    fn floats_inside_the_range_become_the_integer_bound_they_mean() {
        assert_eq!(bound(&number("5.0"), true), Bound::Exact(5));
        assert_eq!(bound(&number("2.5"), true), Bound::Rounded(3));
        assert_eq!(bound(&number("2.5"), false), Bound::Rounded(2));
        assert_eq!(bound(&number("-2.5"), true), Bound::Rounded(-2));
    }
}
