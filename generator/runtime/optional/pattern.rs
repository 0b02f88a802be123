//! `pattern` checks, through the `regex` crate: matching takes time linear
//! in the input, and each pattern's compiled size is bounded, so a pattern
//! from any spec can neither hang nor exhaust memory.

use std::sync::OnceLock;

use crate::error::ValidationError;
use crate::validate::join;

/// The compiled size allowed to a pattern, in bytes (the generator refused
/// every pattern that does not compile within it).
const SIZE_LIMIT: usize = 1 << 20;

/// A spec's `pattern`, compiled on first use.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// The pattern `source`, not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Fails when `value` has no match of the pattern (a pattern matches
    /// anywhere in the value unless it is anchored with `^` and `$`).
    pub fn check(&self, at: &str, field: &str, value: &str) -> Result<(), ValidationError> {
        let compiled = self.compiled.get_or_init(|| {
            regex::RegexBuilder::new(self.source)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(SIZE_LIMIT)
                .build()
                .ok()
        });
        match compiled {
            Some(regex) if regex.is_match(value) => Ok(()),
            Some(_) => Err(ValidationError::new(
                join(at, field),
                format!("must match the pattern {:?}", self.source),
            )),
            None => Err(ValidationError::new(
                join(at, field),
                format!("the pattern {:?} could not be compiled", self.source),
            )),
        }
    }
}
