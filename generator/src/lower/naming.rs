//! Rust identifiers from spec names: `heck`-style case conversions, invalid
//! characters dropped, keywords escaped, collisions resolved deterministically.

use crate::fast_hash::{FastMap, FastSet};

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

/// Calls `with_word` on each word of `name`, in order.
///
/// Only ASCII letters and digits count; every other character is a word
/// break. Within a run of them, words split exactly where `heck` 0.5 splits
/// them: before an uppercase letter that follows a lowercase one (`userId`
/// → `user`, `Id`), and before the last capital of a run of capitals followed
/// by a lowercase letter (`HTTPServer` → `HTTP`, `Server`); digits take the
/// case of what precedes them. (`heck` itself works through `fmt` one
/// character at a time, which made naming the bulk of the lowering's time;
/// the tests check that the results agree.)
fn for_each_word(name: &str, mut with_word: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// No letter since the last word boundary.
        Boundary,
        /// The last letter is lowercase.
        Lowercase,
        /// The last letter is uppercase.
        Uppercase,
    }
    for run in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = run.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                with_word(&run[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                with_word(&run[start..=i]);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                with_word(&run[start..i]);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

/// `name`'s words in lower case, joined by `_`.
fn snake_words(name: &str) -> String {
    lower_words(name, '_')
}

/// `name`'s words in lower case, joined by `separator`.
fn lower_words(name: &str, separator: char) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for_each_word(name, |word| {
        if !out.is_empty() {
            out.push(separator);
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `name`'s words capitalized (first letter upper case, the rest lower
/// case), joined.
fn pascal_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for_each_word(name, |word| {
        let mut bytes = word.bytes();
        out.extend(bytes.next().map(|b| char::from(b.to_ascii_uppercase())));
        out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `name` in `kebab-case`, as `heck`'s `to_kebab_case` writes it (words
/// lower case, joined by `-`), for command-line names. ASCII names take the
/// word splitting above; others (where `heck` keeps non-ASCII letters) go
/// through `heck`.
pub fn kebab(name: &str) -> String {
    if !name.is_ascii() {
        return heck::ToKebabCase::to_kebab_case(name);
    }
    lower_words(name, '-')
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
    let ident = fix_start(snake_words(name), "n_");
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A `PascalCase` identifier for a type or variant.
pub fn pascal(name: &str) -> String {
    let ident = fix_start(pascal_words(name), "N");
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
    /// Names taken from the start (kept as they are: a scope is made per
    /// operation, and most never see a clash).
    reserved: &'static [&'static str],
    taken: FastSet<String>,
    /// For each name claimed more than once: the suffix to try first next
    /// time. Names are never released, so every smaller suffix is still
    /// taken, and a run of `k` requests for one name costs `O(k)`, not `O(k²)`.
    next_suffix: FastMap<String, u32>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &'static [&'static str]) -> Self {
        Scope {
            reserved,
            ..Scope::default()
        }
    }

    fn is_taken(&self, name: &str) -> bool {
        self.reserved.contains(&name) || self.taken.contains(name)
    }

    /// Claims `wanted`, or the first free suffixed form of it.
    pub fn claim(&mut self, wanted: String) -> String {
        // One lookup when the name is free (the common case).
        if !self.reserved.contains(&wanted.as_str()) && self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let first = self.next_suffix.get(&wanted).copied().unwrap_or(2);
        let Some((n, name)) = (first..)
            .map(|n| (n, format!("{wanted}{separator}{n}")))
            .find(|(_, candidate)| !self.is_taken(candidate))
        else {
            return wanted;
        };
        self.taken.insert(name.clone());
        self.next_suffix.insert(wanted, n + 1);
        name
    }
}

/// The name an inline type gets if a schema defines one (`<Owner><Field>`,
/// `<Stem>Request`, ...), described rather than built: most schemas define
/// none, so the text is only put together by [`Hint::render`] when needed.
#[derive(Clone, Copy, Debug)]
pub(super) enum Hint<'h> {
    /// A name, as it is.
    Name(&'h str),
    /// A hint followed by literal text.
    Suffix(&'h Hint<'h>, &'h str),
    /// A hint followed by a word in `PascalCase` (see [`pascal`]).
    Pascal(&'h Hint<'h>, &'h str),
}

impl Hint<'_> {
    /// This hint followed by `suffix`: `format!("{hint}{suffix}")`.
    pub fn suffix<'q>(&'q self, suffix: &'q str) -> Hint<'q> {
        Hint::Suffix(self, suffix)
    }

    /// This hint followed by `word` in `PascalCase`: `format!("{hint}{}", pascal(word))`.
    pub fn pascal<'q>(&'q self, word: &'q str) -> Hint<'q> {
        Hint::Pascal(self, word)
    }

    /// The hint's text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match *self {
            Hint::Name(name) => out.push_str(name),
            Hint::Suffix(base, suffix) => {
                base.write(out);
                out.push_str(suffix);
            }
            Hint::Pascal(base, word) => {
                base.write(out);
                out.push_str(&pascal(word));
            }
        }
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
    use heck::{ToKebabCase, ToPascalCase, ToSnakeCase};

    /// The conversions as they were written on top of `heck`.
    fn heck_snake(name: &str) -> String {
        let ident = fix_start(heck_words(name).to_snake_case(), "n_");
        if KEYWORDS.contains(&ident.as_str()) {
            format!("{ident}_")
        } else {
            ident
        }
    }

    fn heck_pascal(name: &str) -> String {
        let ident = fix_start(heck_words(name).to_pascal_case(), "N");
        if ident == "Self" {
            "Self_".to_owned()
        } else {
            ident
        }
    }

    fn heck_words(name: &str) -> String {
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect()
    }

    #[test]
    fn agrees_with_heck() {
        let samples = [
            "",
            "a",
            "A",
            "_",
            "9",
            "HTTPServer",
            "userID",
            "user_id",
            "X-Auth-Token",
            "ABCdefGHI",
            "v5Api",
            "V5API",
            "a1B2c3",
            "1a",
            "ÀbcDéf",
            "naïve",
            "Σσ",
            "type",
            "Self",
            "self",
            "__init__",
            "get /v3.0/users/{user_id}",
            "IPv4Address",
            "aBC",
            "ABc",
            "AbC",
            "x2Y",
            "X2y",
            "XX2y",
            "2fa",
            "$$$",
            "  spaced  out  ",
        ];
        for name in samples {
            assert_eq!(snake(name), heck_snake(name), "snake({name:?})");
            assert_eq!(pascal(name), heck_pascal(name), "pascal({name:?})");
            assert_eq!(kebab(name), name.to_kebab_case(), "kebab({name:?})");
        }
        // Every string of up to five characters over an alphabet that
        // exercises each rule.
        let alphabet = ['a', 'B', '7', '-', 'é', 'Z'];
        let mut names = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            for name in &longer {
                assert_eq!(snake(name), heck_snake(name), "snake({name:?})");
                assert_eq!(pascal(name), heck_pascal(name), "pascal({name:?})");
                assert_eq!(kebab(name), name.to_kebab_case(), "kebab({name:?})");
            }
            names = longer;
        }
    }

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

    #[test]
    fn suffixes_skip_names_taken_meanwhile() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Item".into()), "Item");
        assert_eq!(scope.claim("Item".into()), "Item2");
        assert_eq!(scope.claim("Item3".into()), "Item3");
        assert_eq!(scope.claim("Item".into()), "Item4");
        assert_eq!(scope.claim("Item2".into()), "Item2_2");
        assert_eq!(scope.claim("Item".into()), "Item5");
    }

    #[test]
    fn hints_render_like_format() {
        let stem = Hint::Name("GetUser");
        let field = stem.pascal("home-address");
        let item = field.suffix("Item");
        assert_eq!(item.render(), "GetUserHomeAddressItem");
        assert_eq!(stem.suffix("Not").suffix("Body").render(), "GetUserNotBody");
    }
}
