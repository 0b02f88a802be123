//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

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
pub fn lines(text: &str) -> TokenStream {
    let attrs = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Inner doc attributes (`//!`) for every line of `text`.
pub fn inner_lines(text: &str) -> TokenStream {
    let attrs = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote!(#![doc = #line])
    });
    quote!(#(#attrs)*)
}
