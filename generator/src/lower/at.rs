//! Where the lowering stands in the document, kept as a chain of borrowed
//! tokens so that nothing is allocated per node: the JSON [`Pointer`] text is
//! built only when an error names the node.

use std::borrow::Cow;
use std::fmt;

use crate::model::StatusMatch;
use crate::pointer::Pointer;

/// A node of the document: its parent and the token that leads to it.
///
/// `At` is `Copy` and borrows its parent, so a child is made on the stack
/// (`let at = parent.key("schema");`) and lives as long as the call that
/// needs it. [`At::pointer`] renders it exactly as the equivalent chain of
/// [`Pointer::join`] calls would.
#[derive(Clone, Copy, Debug)]
pub(super) struct At<'p> {
    parent: Option<&'p At<'p>>,
    token: Token<'p>,
}

#[derive(Clone, Copy, Debug)]
enum Token<'p> {
    /// `#`, the document root (no parent).
    Root,
    /// A pointer written out in full, such as the target of a local `$ref`,
    /// used as it is (no parent).
    Absolute(&'p str),
    /// `#/components/<section>/<name>` (no parent).
    Component(&'static str, &'p str),
    /// A key, escaped when rendered.
    Key(&'p str),
    /// An array index.
    Index(usize),
    /// A status under `responses` (`404`, `4XX`, `default`).
    Status(StatusMatch),
}

impl<'p> At<'p> {
    /// The document root, `#`.
    pub fn root() -> Self {
        At {
            parent: None,
            token: Token::Root,
        }
    }

    /// The node a local `$ref` (such as `#/components/parameters/Id`) names,
    /// rendered as the reference is written, like [`Pointer::from_ref`].
    pub fn from_ref(reference: &'p str) -> Self {
        At {
            parent: None,
            token: Token::Absolute(reference),
        }
    }

    /// The component `name` in `#/components/<section>`.
    pub fn component(section: &'static str, name: &'p str) -> Self {
        At {
            parent: None,
            token: Token::Component(section, name),
        }
    }

    /// The child under `key`.
    pub fn key<'q>(&'q self, key: &'q str) -> At<'q> {
        self.child(Token::Key(key))
    }

    /// The array element at `index`.
    pub fn index(&self, index: usize) -> At<'_> {
        self.child(Token::Index(index))
    }

    /// The response documented for `status` (this node being `responses`).
    pub fn status(&self, status: StatusMatch) -> At<'_> {
        self.child(Token::Status(status))
    }

    fn child<'q>(&'q self, token: Token<'q>) -> At<'q> {
        At {
            parent: Some(self),
            token,
        }
    }

    /// The JSON pointer of this node.
    pub fn pointer(&self) -> Pointer {
        let parent = || self.parent.map_or_else(Pointer::root, At::pointer);
        match self.token {
            Token::Root => Pointer::root(),
            Token::Absolute(reference) => Pointer::from_ref(reference),
            Token::Component(section, name) => {
                Pointer::root().join("components").join(section).join(name)
            }
            Token::Key(key) => parent().join(key),
            Token::Index(index) => parent().join(index.to_string()),
            Token::Status(status) => parent().join(status.label()),
        }
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pointer().as_str())
    }
}

/// A reference token with its RFC 6901 escapes (`~1`, `~0`) undone;
/// borrowed when there is nothing to undo.
pub(super) fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_joined_pointers() {
        let root = At::root();
        let paths = root.key("paths");
        let path = paths.key("/v5/{id}~x");
        let op = path.key("post");
        let responses = op.key("responses");
        let status = responses.status(StatusMatch::Range(4));
        let params = op.key("parameters");
        let param = params.index(3);
        assert_eq!(
            status.pointer(),
            Pointer::root()
                .join("paths")
                .join("/v5/{id}~x")
                .join("post")
                .join("responses")
                .join("4XX")
        );
        assert_eq!(
            param.pointer().as_str(),
            "#/paths/~1v5~1{id}~0x/post/parameters/3"
        );
        let reference = At::from_ref("#/components/parameters/Id");
        assert_eq!(
            reference.key("schema").pointer().as_str(),
            "#/components/parameters/Id/schema"
        );
        assert_eq!(
            At::component("schemas", "a/b").key("$ref").to_string(),
            "#/components/schemas/a~1b/$ref"
        );
    }

    #[test]
    fn unescapes_tokens() {
        assert_eq!(unescape("plain"), "plain");
        assert!(matches!(unescape("plain"), Cow::Borrowed(_)));
        assert_eq!(unescape("a~1b~0c~01"), "a/b~c~1");
    }
}
