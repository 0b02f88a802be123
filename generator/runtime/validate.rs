//! Client-side checks made before a request is sent.

use crate::error::ValidationError;

/// A value that can be checked against the spec's constraints.
pub trait Validate {
    /// Checks the value; `at` is the path of the value itself (empty at the
    /// top). Types whose values carry no checks keep this default.
    fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        let _ = at;
        Ok(())
    }

    /// Checks the value as a whole.
    fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at("")
    }
}

/// An optional value checks as the value it holds, when there is one.
impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        match self {
            Some(value) => value.validate_at(at),
            None => Ok(()),
        }
    }
}

/// Checks `value`, the field `field` of the value at `at`: a struct, union
/// or enum, optional or boxed or not, checks itself.
pub fn field<T: Validate + ?Sized>(
    at: &str,
    field: &str,
    value: &T,
) -> Result<(), ValidationError> {
    value.validate_at(&join(at, field))
}

/// A boxed value (a recursive type's field) checks as the value it holds.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        (**self).validate_at(at)
    }
}

/// A builder's required field: its value, or the error naming it when it
/// was left unset.
pub fn required<T>(value: Option<T>, field: &str) -> Result<T, ValidationError> {
    value.ok_or_else(|| ValidationError::new(field, "is required but was not set"))
}

/// `at.field`, or `field` at the top, or `at` itself when `field` is empty
/// (checks of an array item or a map value, which `at` already names).
pub fn join(at: &str, field: &str) -> String {
    if at.is_empty() {
        field.to_owned()
    } else if field.is_empty() {
        at.to_owned()
    } else {
        format!("{at}.{field}")
    }
}

/// `at[index]`.
pub fn index(at: &str, index: usize) -> String {
    format!("{at}[{index}]")
}

/// Fails when an enum holds a value the spec does not list (`unknown`):
/// such a value is kept when a response carries it, but the API would not
/// accept it in a request.
pub fn listed<T: std::fmt::Debug>(
    at: &str,
    field: &str,
    unknown: Option<T>,
) -> Result<(), ValidationError> {
    match unknown {
        Some(value) => Err(ValidationError::new(
            join(at, field),
            format!("{value:?} is not one of the values the API lists"),
        )),
        None => Ok(()),
    }
}

/// Fails when `value` is longer than `max` characters.
pub fn max_length(at: &str, field: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    let length = value.chars().count();
    if length > max {
        return Err(ValidationError::new(
            join(at, field),
            format!("must be at most {max} characters long, but is {length}"),
        ));
    }
    Ok(())
}

/// Fails when `value` is shorter than `min` characters.
pub fn min_length(at: &str, field: &str, value: &str, min: usize) -> Result<(), ValidationError> {
    let length = value.chars().count();
    if length < min {
        return Err(ValidationError::new(
            join(at, field),
            format!("must be at least {min} characters long, but is {length}"),
        ));
    }
    Ok(())
}

/// Fails when `items` has more than `max` entries.
pub fn max_items<T>(at: &str, field: &str, items: &[T], max: usize) -> Result<(), ValidationError> {
    if items.len() > max {
        return Err(ValidationError::new(
            join(at, field),
            format!("must have at most {max} items, but has {}", items.len()),
        ));
    }
    Ok(())
}

/// Fails when `items` has fewer than `min` entries.
pub fn min_items<T>(at: &str, field: &str, items: &[T], min: usize) -> Result<(), ValidationError> {
    if items.len() < min {
        return Err(ValidationError::new(
            join(at, field),
            format!("must have at least {min} items, but has {}", items.len()),
        ));
    }
    Ok(())
}

/// Fails when a path parameter is empty, `.` or `..`, or holds `/`, any of
/// which would change the path the request goes to (`.` and `..` are dot
/// segments, which URL parsing removes).
pub fn path_segment(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(
            field,
            "must not be empty (it is a path segment)",
        ));
    }
    if value == "." || value == ".." {
        return Err(ValidationError::new(
            field,
            format!("must not be {value:?} (a dot segment would change the path)"),
        ));
    }
    if value.contains('/') {
        return Err(ValidationError::new(
            field,
            "must not contain `/` (it is a path segment)",
        ));
    }
    Ok(())
}

/// Fails when two items of `items` are equal (`uniqueItems`).
pub fn unique_items<T: PartialEq>(
    at: &str,
    field: &str,
    items: &[T],
) -> Result<(), ValidationError> {
    for (later, item) in items.iter().enumerate().skip(1) {
        if let Some(earlier) = items[..later].iter().position(|e| e == item) {
            return Err(ValidationError::new(
                join(at, field),
                format!("must have unique items, but items {earlier} and {later} are equal"),
            ));
        }
    }
    Ok(())
}

/// Fails when `value` is below `min` (or equal to it, when `exclusive`).
pub fn minimum<T: PartialOrd + std::fmt::Display>(
    at: &str,
    field: &str,
    value: T,
    min: T,
    exclusive: bool,
) -> Result<(), ValidationError> {
    let fits = if exclusive { value > min } else { value >= min };
    if !fits {
        let relation = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        return Err(ValidationError::new(
            join(at, field),
            format!("must be {relation} {min}, but is {value}"),
        ));
    }
    Ok(())
}

/// Fails when `value` is above `max` (or equal to it, when `exclusive`).
pub fn maximum<T: PartialOrd + std::fmt::Display>(
    at: &str,
    field: &str,
    value: T,
    max: T,
    exclusive: bool,
) -> Result<(), ValidationError> {
    let fits = if exclusive { value < max } else { value <= max };
    if !fits {
        let relation = if exclusive { "less than" } else { "at most" };
        return Err(ValidationError::new(
            join(at, field),
            format!("must be {relation} {max}, but is {value}"),
        ));
    }
    Ok(())
}
