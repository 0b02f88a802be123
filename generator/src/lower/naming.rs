//! Rust identifiers from spec names: `heck` case conversions, invalid
//! characters dropped, keywords escaped, collisions resolved deterministically.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Words Rust reserves; a field or method with one of these names gets a
/// trailing underscore (raw identifiers are avoided for readability).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword (strict or reserved), which cannot name
/// a field, method or crate as it is.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keeps ASCII letters and digits; every other run of characters becomes a word break.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn fix_start(ident: String, fallback: &str) -> String {
    match ident.chars().next() {
        None => fallback.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{fallback}{ident}"),
        Some(_) => ident,
    }
}

/// A `snake_case` identifier for a field, parameter or method.
pub fn snake(name: &str) -> String {
    let ident = fix_start(words(name).to_snake_case(), "n_");
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A `PascalCase` identifier for a type or variant.
pub fn pascal(name: &str) -> String {
    let ident = fix_start(words(name).to_pascal_case(), "N");
    if ident == "Self" {
        "Self_".to_owned()
    } else {
        ident
    }
}

/// Hands out unique names within one scope, in the order asked.
///
/// A name already taken gets the smallest numeric suffix (`2`, `3`, ...) that
/// makes it unique, so the result depends only on the order of requests.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `wanted`, or the first free suffixed form of it.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2u32..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }
}

/// The variant name for a documented status code.
pub fn status_variant(status: u16) -> String {
    let name = match status {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        304 => "NotModified",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_keywords() {
        assert_eq!(snake("DisableMfaDeviceV5"), "disable_mfa_device_v5");
        assert_eq!(snake("user_id"), "user_id");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(snake("$$$"), "n_");
        assert_eq!(pascal("unbind-mfa device"), "UnbindMfaDevice");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("404"), "N404");
        assert_eq!(pascal("naïve"), "NaVe");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut scope = Scope::with_reserved(&["client"]);
        assert_eq!(scope.claim("client".into()), "client2");
        assert_eq!(scope.claim("user_id".into()), "user_id");
        assert_eq!(scope.claim("user_id".into()), "user_id2");
        assert_eq!(scope.claim("v5".into()), "v5");
        assert_eq!(scope.claim("v5".into()), "v5_2");
    }
}
