//! Rust identifiers from spec names: `heck`-style case conversions, invalid
//! characters dropped, keywords escaped, collisions resolved deterministically.

use crate::fast_hash::{FastMap, FastSet};

/// Every name the generated code cannot give to something of the spec's,
/// by namespace. Each list is the one place its names are reserved.
pub mod reserved {
    /// Words Rust reserves (strict, reserved and edition keywords): a field,
    /// method or crate with one of these names gets a trailing underscore or
    /// is refused (raw identifiers are avoided for readability).
    pub const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
        "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while",
        "yield",
    ];

    /// Type names the generated code defines or uses unqualified where spec
    /// types live (`types.rs`, `operation_errors.rs`, `operations.rs`,
    /// `requests.rs`): a schema or operation must not shadow them.
    pub const TYPE_NAMES: &[&str] = &[
        // The crate's own types, some imported into those modules.
        "Client",
        "ClientBuilder",
        "Credentials",
        "Error",
        "Response",
        "ErrorResponse",
        "UnexpectedResponse",
        "ValidationError",
        "Validate",
        "ApiError",
        "ResponseDetails",
        "RequestParts",
        "AuthScheme",
        "PrepareError",
        "PreparedRequest",
        "RawResponse",
        "RetryPolicy",
        "BuildError",
        "AkSk",
        "Secret",
        "AuthError",
        "TransportError",
        "FromUnexpected",
        "ParamValue",
        // The prelude (types, traits and their derives, variants), which the
        // generated code names unqualified (`impl Into<String>`, `Option<T>`,
        // `#[derive(Clone, Debug)]`, ...).
        "Self",
        "Result",
        "Option",
        "String",
        "ToString",
        "Vec",
        "Box",
        "Default",
        "Some",
        "None",
        "Ok",
        "Err",
        "Into",
        "From",
        "TryInto",
        "TryFrom",
        "AsRef",
        "AsMut",
        "Clone",
        "Copy",
        "Debug",
        "PartialEq",
        "Eq",
        "PartialOrd",
        "Ord",
        "Hash",
        "Send",
        "Sync",
        "Sized",
        "Unpin",
        "Drop",
        "Fn",
        "FnMut",
        "FnOnce",
        "ToOwned",
        "Iterator",
        "IntoIterator",
        "FromIterator",
        "Extend",
        "DoubleEndedIterator",
        "ExactSizeIterator",
        // serde.
        "Serialize",
        "Deserialize",
    ];

    /// Method names the generated `Client` already has: every method of the
    /// runtime's `http.rs` on `Client`, and the methods of the traits it
    /// implements or gets from blanket impls (`client.into(..)` would call
    /// `Into::into`, which takes the client by value and is found first).
    pub const CLIENT_METHODS: &[&str] = &[
        "new",
        "builder",
        "endpoint",
        "prepare",
        "send",
        "execute",
        "execute_any",
        "execute_with_retries",
        "from_env",
        "clone",
        "clone_from",
        "clone_into",
        "fmt",
        "into",
        "try_into",
        "from",
        "try_from",
        "borrow",
        "borrow_mut",
        "to_owned",
        "type_id",
    ];

    /// Subcommand names the command-line program's parser takes for itself.
    pub const SUBCOMMANDS: &[&str] = &["help"];

    /// Field names a struct's builder already uses for its own methods: a
    /// field's setter must not be its finishing `build`.
    pub const FIELDS: &[&str] = &["build"];

    /// Flags every subcommand already has (global options and `--body`).
    pub const FLAGS: &[&str] = &[
        "body",
        "endpoint",
        "ak",
        "sk",
        "security-token",
        "domain-id",
        "token",
        "bearer-token",
        "username",
        "password",
        "timeout",
        "verbose",
        "dry-run",
        "help",
        "version",
    ];

    /// Crate names that would shadow what the generated code refers to by
    /// its crate name: the standard crates and every dependency of the
    /// generated crate (`emit/cargo.rs`).
    pub const CRATE_NAMES: &[&str] = &[
        "std",
        "core",
        "alloc",
        "proc_macro",
        "test",
        "bytes",
        "clap",
        "hmac",
        "reqwest",
        "serde",
        "serde_json",
        "sha2",
        "tokio",
        "tracing",
    ];

    /// Binary target names Cargo refuses (they name folders of its output).
    pub const PROGRAM_NAMES: &[&str] = &["build", "deps", "examples", "incremental"];
}

use reserved::KEYWORDS;

/// Whether `word` is a Rust keyword (strict or reserved), which cannot name
/// a field, method or crate as it is.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The longest identifier made from a spec name. Longer names are shortened
/// (see [`shorten`]): a name of many kilobytes would otherwise go into every
/// identifier, derive and error message made from it, and the compiler's
/// memory grows with it.
pub const MAX_IDENT_LEN: usize = 64;

/// `ident` (ASCII, made from `source`) shortened to [`MAX_IDENT_LEN`]
/// characters when longer: a prefix, then `separator` and a hash of the
/// whole `source`, so that two long names sharing a prefix stay apart and
/// the result depends on the name alone.
fn shorten(ident: String, source: &str, separator: &str) -> String {
    if ident.len() <= MAX_IDENT_LEN {
        return ident;
    }
    let hash = format!("{:08x}", stable_hash(source));
    let keep = MAX_IDENT_LEN - separator.len() - hash.len();
    // Identifiers are ASCII, so every index is a character boundary.
    let prefix = ident[..keep].trim_end_matches(['_', '-']);
    format!("{prefix}{separator}{hash}")
}

/// FNV-1a over `text`, folded to 32 bits: stable across runs, platforms and
/// versions, unlike the standard library's hashers.
fn stable_hash(text: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
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
        return shorten_chars(heck::ToKebabCase::to_kebab_case(name), name);
    }
    shorten(lower_words(name, '-'), name, "-")
}

/// A non-ASCII `ident` (a command-line name, where `heck` keeps non-ASCII
/// letters) cut to [`MAX_IDENT_LEN`] characters, with a hash of `source`,
/// when longer.
fn shorten_chars(ident: String, source: &str) -> String {
    if ident.chars().count() <= MAX_IDENT_LEN {
        return ident;
    }
    let prefix: String = ident.chars().take(MAX_IDENT_LEN - 9).collect();
    let prefix = prefix.trim_end_matches('-');
    format!("{prefix}-{:08x}", stable_hash(source))
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
    let ident = shorten(fix_start(snake_words(name), "n_"), name, "_");
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A `PascalCase` identifier for a type or variant.
pub fn pascal(name: &str) -> String {
    let ident = shorten(fix_start(pascal_words(name), "N"), name, "X");
    if ident == "Self" {
        "Self_".to_owned()
    } else {
        ident
    }
}

/// The name of a component made of a node inside another part of the
/// document, from the node's pointer tokens: the tokens that say where it
/// is, joined by `_` (`Tag_allOf_0` for `#/components/schemas/Tag/allOf/0`,
/// `Pet_owner` for `.../Pet/properties/owner`), without the ones that only
/// lead there (`components` and its section, `paths`, `properties`,
/// `responses`, `schema`, `content` and its media type), so that its Rust
/// name reads like the names of inline types (`TagAllOf0`, `PetOwner`).
pub fn pointer_name(tokens: &[String]) -> String {
    let skip = match tokens.first().map(String::as_str) {
        Some("components") => 2,
        Some("paths") => 1,
        _ => 0,
    };
    let mut words: Vec<&str> = Vec::with_capacity(tokens.len());
    let mut previous = "";
    for token in tokens.iter().skip(skip).map(String::as_str) {
        // A property's name and a media type are names, whatever they say.
        let keep = match previous {
            "properties" => true,
            "content" => false,
            _ => !matches!(token, "properties" | "responses" | "schema" | "content"),
        };
        if keep {
            words.push(token);
        }
        previous = if previous == "properties" { "" } else { token };
    }
    let name = words.join("_");
    if pascal_words(&name).is_empty() {
        "Node".to_owned()
    } else {
        name
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
    fn long_names_are_shortened_with_a_stable_hash() {
        let long = "very_long_name_".repeat(10);
        for ident in [snake(&long), pascal(&long), kebab(&long)] {
            // A separator the cut left at the end is dropped.
            assert!(ident.len() <= MAX_IDENT_LEN && ident.len() > 50, "{ident}");
        }
        assert_eq!(snake(&long), snake(&long));
        // Names that differ only past the cut still differ.
        assert_ne!(snake(&long), snake(&format!("{long}x")));
        assert_ne!(pascal(&long), pascal(&format!("{long}x")));
        assert!(snake(&long).starts_with("very_long_name_very"));
        assert!(pascal(&long).starts_with("VeryLongNameVery"));
        // Names up to the cap are left alone.
        let exact = "a".repeat(MAX_IDENT_LEN);
        assert_eq!(snake(&exact), exact);
        let non_ascii = "é".repeat(100);
        assert!(kebab(&non_ascii).chars().count() <= MAX_IDENT_LEN);
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
    fn pointer_names_keep_the_tokens_that_say_where() {
        let name = |tokens: &[&str]| {
            let tokens: Vec<String> = tokens.iter().map(|t| (*t).to_owned()).collect();
            pointer_name(&tokens)
        };
        assert_eq!(
            name(&["components", "schemas", "Tag", "allOf", "0"]),
            "Tag_allOf_0"
        );
        assert_eq!(
            pascal(&name(&[
                "components",
                "schemas",
                "Pet",
                "properties",
                "owner"
            ])),
            "PetOwner"
        );
        assert_eq!(
            pascal(&name(&[
                "paths",
                "/pets/{id}",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema"
            ])),
            "PetsIdGet200"
        );
        assert_eq!(name(&["paths", "/", "$$"]), "Node");
        // A property named like a keyword of the format is kept.
        assert_eq!(
            name(&["components", "schemas", "A", "properties", "schema"]),
            "A_schema"
        );
        assert_eq!(
            name(&[
                "components",
                "responses",
                "Failure",
                "content",
                "text/plain",
                "schema"
            ]),
            "Failure"
        );
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
