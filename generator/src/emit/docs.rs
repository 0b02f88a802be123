//! Doc comments from spec text.

use std::cell::RefCell;
use std::str::FromStr;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use crate::format::Texts;

thread_local! {
    /// The doc lines set aside on this thread, while [`set_aside`] runs.
    static ASIDE: RefCell<Option<Texts>> = const { RefCell::new(None) };
}

/// Runs `build` with the doc lines it makes set aside: each doc attribute
/// carries the index of its text in the returned table (`#[doc = 3]`)
/// instead of a string literal, which the formatter resolves
/// ([`crate::format::rust_units`]). Building a string literal for every doc
/// line costs more than the rest of a doc comment's way to the output.
pub(crate) fn set_aside<T>(build: impl FnOnce() -> T) -> (T, Texts) {
    let outer = ASIDE.with(|aside| aside.borrow_mut().replace(Texts::default()));
    let built = build();
    let texts = ASIDE.with(|aside| std::mem::replace(&mut *aside.borrow_mut(), outer));
    (built, texts.unwrap_or_default())
}

/// The index of `line`'s doc text in the table being set aside, if one is
/// and the text can be printed from it (no control characters).
fn aside(line: &str) -> Option<usize> {
    if line.chars().any(char::is_control) {
        return None;
    }
    ASIDE.with(|aside| {
        let mut aside = aside.borrow_mut();
        let texts = aside.as_mut()?;
        let index = texts.len();
        if line.is_empty() {
            texts.push("");
        } else {
            texts.push_parts(" ", line);
        }
        Some(index)
    })
}

/// `#[doc = "..."]` attributes, one per line of `text` (trailing blank lines
/// dropped); `fallback` is used when the spec says nothing.
pub fn doc(text: Option<&str>, fallback: &str) -> TokenStream {
    let text = match text.map(str::trim) {
        Some(t) if !t.is_empty() => t,
        _ => fallback,
    };
    lines(text)
}

/// Doc attributes for every line of `text`.
///
/// Built token by token rather than with `quote!`: doc comments are a good
/// part of every unit, and this skips the intermediate streams.
pub fn lines(text: &str) -> TokenStream {
    let span = Span::call_site();
    let mut attrs = Vec::new();
    for line in text.trim_end().lines() {
        let line = line.trim_end();
        let value = match aside(line) {
            Some(index) => Literal::usize_unsuffixed(index),
            None => doc_literal(line),
        };
        let inner = [
            TokenTree::Ident(Ident::new("doc", span)),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(value),
        ];
        attrs.push(TokenTree::Punct(Punct::new('#', Spacing::Alone)));
        attrs.push(TokenTree::Group(Group::new(
            Delimiter::Bracket,
            inner.into_iter().collect(),
        )));
    }
    attrs.into_iter().collect()
}

/// Inner doc attributes (`//!`) for every line of `text`.
pub fn inner_lines(text: &str) -> TokenStream {
    let attrs = text.trim_end().lines().map(|line| {
        let line = doc_literal(line);
        quote!(#![doc = #line])
    });
    quote!(#(#attrs)*)
}

/// The string literal of one doc line: a space, then the line without
/// trailing blanks (nothing for an empty line).
///
/// A raw string (`r"..."`, with as many `#` as the text needs) whenever the
/// text allows: the printed comment is the same (prettyplease prints a doc
/// attribute from its value), and a raw literal is several times cheaper
/// both to build (no escaping) and to read back.
fn doc_literal(line: &str) -> Literal {
    let line = line.trim_end();
    if line.is_empty() {
        return Literal::string("");
    }
    if line.contains('\r') {
        return Literal::string(&format!(" {line}"));
    }
    // One `#` more than the longest run of `#` after a quote in the text.
    let hashes = line
        .match_indices('"')
        .map(|(at, _)| line[at + 1..].bytes().take_while(|&b| b == b'#').count() + 1)
        .max()
        .unwrap_or(0);
    let fence = "#".repeat(hashes);
    Literal::from_str(&format!("r{fence}\" {line}\"{fence}"))
        .unwrap_or_else(|_| Literal::string(&format!(" {line}")))
}

#[cfg(test)]
mod tests {
    use super::{doc_literal, lines, set_aside};

    #[test]
    fn doc_lines_set_aside_are_referred_to_by_index() {
        let (tokens, aside) = set_aside(|| lines("First line.\n\nThird, with a \u{7} bell."));
        assert_eq!(
            tokens.to_string(),
            "# [doc = 0] # [doc = 1] # [doc = r\" Third, with a \u{7} bell.\"]"
        );
        assert_eq!(aside.len(), 2);
        assert_eq!(aside.get(0), Some(" First line."));
        assert_eq!(aside.get(1), Some(""));
        // Outside, and after: string literals again.
        assert_eq!(lines("Plain.").to_string(), "# [doc = r\" Plain.\"]");
    }

    #[test]
    fn doc_literals_keep_the_text() {
        for (line, expected) in [
            ("", ""),
            ("plain text  ", " plain text"),
            ("a \"quoted\" word", " a \"quoted\" word"),
            ("tricky \"# and \"## runs", " tricky \"# and \"## runs"),
            ("back\\slash and \t tab", " back\\slash and \t tab"),
            ("carriage\rreturn", " carriage\rreturn"),
        ] {
            let literal: syn::LitStr =
                syn::parse_str(&doc_literal(line).to_string()).expect("a string literal");
            assert_eq!(literal.value(), expected, "{line:?}");
        }
    }
}
