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

/// A boxed value (a recursive type's field) checks as the value it holds.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        (**self).validate_at(at)
    }
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
