//! Which serde traits each generated type derives: `Serialize` for what the
//! client sends, `Deserialize` for what it receives. The other half is
//! derived only with the `cli` feature, whose program reads request bodies
//! from JSON and prints responses as JSON. Deriving no more than the client
//! needs keeps the generated crate quick to compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Derive, TypeFacts};

/// The serde derives of one type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Derives {
    serialize: Derive,
    deserialize: Derive,
}

impl Derives {
    /// The derives lowering decided for a named type.
    pub(crate) fn of(facts: &TypeFacts) -> Self {
        Derives {
            serialize: facts.serialize,
            deserialize: facts.deserialize,
        }
    }

    /// An operation's parameters: the client never serializes them; the
    /// program reads them from flags, so `Deserialize` with the `cli` feature.
    pub(crate) fn params() -> Self {
        Derives {
            serialize: Derive::Never,
            deserialize: Derive::WithCli,
        }
    }

    /// When the type needs `Serialize`.
    pub(crate) fn serialize(self) -> Derive {
        self.serialize
    }

    /// When the type needs `Deserialize`.
    pub(crate) fn deserialize(self) -> Derive {
        self.deserialize
    }

    fn traits(self, feature: Derive) -> Vec<TokenStream> {
        let mut traits = Vec::new();
        if self.serialize == feature {
            traits.push(quote!(serde::Serialize));
        }
        if self.deserialize == feature {
            traits.push(quote!(serde::Deserialize));
        }
        traits
    }

    /// The traits to list in the type's `#[derive(..)]`, each followed by a comma.
    pub(crate) fn always(self) -> TokenStream {
        let traits = self.traits(Derive::Always);
        quote!(#(#traits,)*)
    }

    /// `#[cfg_attr(feature = "cli", derive(..))]` for the rest, if any.
    pub(crate) fn with_cli(self) -> TokenStream {
        let traits = self.traits(Derive::WithCli);
        if traits.is_empty() {
            TokenStream::new()
        } else {
            quote!(#[cfg_attr(feature = "cli", derive(#(#traits),*))])
        }
    }

    /// A `#[serde(..)]` attribute with `args`, made conditional like the
    /// derives when no serde trait is derived without the `cli` feature.
    pub(crate) fn attr(self, args: TokenStream) -> TokenStream {
        if self.serialize == Derive::Always || self.deserialize == Derive::Always {
            quote!(#[serde(#args)])
        } else {
            quote!(#[cfg_attr(feature = "cli", serde(#args))])
        }
    }
}
