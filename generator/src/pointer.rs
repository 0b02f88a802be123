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
