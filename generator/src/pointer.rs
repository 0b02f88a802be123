//! JSON pointers (RFC 6901) into the spec, used to name the node at fault.

use std::fmt;

/// A JSON pointer in URI-fragment form, such as `#/paths/~1v5~1mfa/post`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local `$ref` such as `#/components/schemas/Foo`.
    pub fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }

    /// This pointer extended by one token, escaped as RFC 6901 requires.
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, token))
    }

    /// This pointer extended by the path a `serde_path_to_error` reader
    /// reached.
    pub fn join_path(self, path: &serde_path_to_error::Path) -> Self {
        let mut pointer = self;
        for segment in path.iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = pointer.join(index.to_string())
                }
                serde_path_to_error::Segment::Map { key } => pointer = pointer.join(key),
                // Not places in the document: an enum's variant, or a step
                // the path tracker could not name.
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        pointer
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_slash_and_tilde() {
        let p = Pointer::root()
            .join("paths")
            .join("/v5/mfa-devices/disable")
            .join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1v5~1mfa-devices~1disable/a~0b");
    }
}
