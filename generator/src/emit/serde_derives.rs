//! Which serde traits each generated type derives: `Serialize` for what the
//! client sends, `Deserialize` for what it receives. The other half is
//! derived only with the `cli` feature, whose program reads request bodies
//! from JSON and prints responses as JSON. Deriving no more than the client
//! needs keeps the generated crate quick to compile.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, TypeKind, TypeRef};

/// The serde traits every named type needs, from where it is used.
pub(crate) struct SerdeNeeds<'a> {
    kinds: BTreeMap<&'a str, &'a TypeKind>,
    sent: BTreeSet<&'a str>,
    received: BTreeSet<&'a str>,
}

/// The serde derives of one type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Derives {
    serialize: Feature,
    deserialize: Feature,
}

/// When a trait is derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Feature {
    Always,
    Cli,
    Never,
}

impl<'a> SerdeNeeds<'a> {
    /// Walks every request body (sent) and every success and error body
    /// (received) through the types they contain.
    pub(crate) fn new(api: &'a Api) -> Self {
        let mut needs = SerdeNeeds {
            kinds: api
                .types
                .iter()
                .map(|d| (d.name.as_str(), &d.kind))
                .collect(),
            sent: BTreeSet::new(),
            received: BTreeSet::new(),
        };
        for op in &api.operations {
            if let Some(body) = &op.body {
                needs.mark(&body.ty, true);
            }
            let success = op.success.body.iter();
            let variants = op.success.variants.iter().flat_map(|(_, v)| v.iter());
            let errors = op.errors.iter().filter_map(|e| e.body.as_ref());
            for ty in success
                .chain(variants.filter_map(|v| v.body.as_ref()))
                .chain(errors)
            {
                needs.mark(ty, false);
            }
        }
        needs
    }

    /// Marks the named types `ty` contains, transitively. A work list, not
    /// recursion: a chain of types referring to the next can be as long as
    /// the spec.
    fn mark(&mut self, ty: &'a TypeRef, sent: bool) {
        let mut work = vec![ty];
        while let Some(ty) = work.pop() {
            match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => work.push(inner),
                TypeRef::Named(name) => {
                    let set = if sent {
                        &mut self.sent
                    } else {
                        &mut self.received
                    };
                    if !set.insert(name.as_str()) {
                        continue;
                    }
                    let Some(kind) = self.kinds.get(name.as_str()).copied() else {
                        continue;
                    };
                    match kind {
                        TypeKind::Struct(fields) => work.extend(fields.iter().map(|f| &f.ty)),
                        TypeKind::Alias(target, _) => work.push(target),
                        TypeKind::Union(variants) => work.extend(variants.iter().map(|v| &v.ty)),
                        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                    }
                }
                _ => {}
            }
        }
    }

    /// The derives of the named type: what it is used for, always; the rest
    /// with the `cli` feature. A type the operations never use gets both.
    pub(crate) fn of(&self, name: &str) -> Derives {
        let sent = self.sent.contains(name);
        let received = self.received.contains(name);
        let when = |used: bool| {
            if used || (!sent && !received) {
                Feature::Always
            } else {
                Feature::Cli
            }
        };
        Derives {
            serialize: when(sent),
            deserialize: when(received),
        }
    }
}

impl Derives {
    /// An operation's parameters: the client never serializes them; the
    /// program reads them from flags, so `Deserialize` with the `cli` feature.
    pub(crate) fn params() -> Self {
        Derives {
            serialize: Feature::Never,
            deserialize: Feature::Cli,
        }
    }

    fn traits(self, feature: Feature) -> Vec<TokenStream> {
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
        let traits = self.traits(Feature::Always);
        quote!(#(#traits,)*)
    }

    /// `#[cfg_attr(feature = "cli", derive(..))]` for the rest, if any.
    pub(crate) fn with_cli(self) -> TokenStream {
        let traits = self.traits(Feature::Cli);
        if traits.is_empty() {
            TokenStream::new()
        } else {
            quote!(#[cfg_attr(feature = "cli", derive(#(#traits),*))])
        }
    }

    /// A `#[serde(..)]` attribute with `args`, made conditional like the
    /// derives when no serde trait is derived without the `cli` feature.
    pub(crate) fn attr(self, args: TokenStream) -> TokenStream {
        if self.serialize == Feature::Always || self.deserialize == Feature::Always {
            quote!(#[serde(#args)])
        } else {
            quote!(#[cfg_attr(feature = "cli", serde(#args))])
        }
    }
}
