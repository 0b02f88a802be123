//! The command-line program's names: per operation it offers, the name of
//! the constant describing its subcommand and the names of its flags, each
//! unique where it must be.

use super::naming::{kebab, reserved};
use super::Scope;
use std::collections::HashMap;

use crate::model::{
    AuthScheme, Bound, Command, Constraints, Field, Flag, FlagTarget, FlagValue, KeyOption,
    Operation, TypeDef, TypeFacts, TypeKind, TypeRef,
};

/// The variables, after the program's prefix, that the credential options
/// other than Huawei's are read from.
const CREDENTIAL_VARIABLES: &[&str] = &["TOKEN", "BEARER_TOKEN", "USERNAME", "PASSWORD"];

/// The prefix of the program's own environment variables: its name in
/// upper case, other characters as `_` (`my-api` reads `MY_API_TOKEN`).
pub(super) fn env_prefix(cli_name: &str) -> String {
    screaming(cli_name)
}

fn screaming(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// One option and variable per API key that a combined security
/// requirement names, in the order the operations first name them.
pub(super) fn key_options(operations: &[Operation], env_prefix: &str) -> Vec<KeyOption> {
    let mut names = Scope::with_reserved(reserved::FLAGS);
    let mut variables = Scope::default();
    for taken in CREDENTIAL_VARIABLES {
        variables.claim(format!("{env_prefix}_{taken}"));
    }
    let mut options: Vec<KeyOption> = Vec::new();
    let keys = operations
        .iter()
        .flat_map(|op| &op.auth)
        .flat_map(|auth| match auth {
            AuthScheme::Combined { keys, .. } => keys.as_slice(),
            _ => &[],
        });
    for key in keys {
        if options.iter().any(|known| known.scheme == key.scheme) {
            continue;
        }
        let wanted = kebab(&key.scheme);
        let option = names.claim(if wanted.is_empty() {
            "api-key".to_owned()
        } else {
            wanted
        });
        let env = variables.claim(format!("{env_prefix}_{}", screaming(&option)));
        let described = key
            .description
            .as_deref()
            .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|text| !text.is_empty());
        let help = match described {
            Some(text) => format!(
                "{} (API key of the scheme {}, sent in {})",
                text.strip_suffix('.').unwrap_or(&text),
                key.scheme,
                key.place()
            ),
            None => format!(
                "API key of the scheme {}, sent in {}",
                key.scheme,
                key.place()
            ),
        };
        options.push(KeyOption {
            scheme: key.scheme.clone(),
            option,
            env,
            help,
        });
    }
    options
}

/// The program's subcommands: one per operation it offers, in order.
pub(super) fn commands(
    operations: &[Operation],
    types: &[TypeDef],
    facts: &[TypeFacts],
    index: &HashMap<String, usize>,
    key_options: &[KeyOption],
) -> Vec<Command> {
    let types = Types {
        types,
        facts,
        index,
    };
    let mut consts = Scope::with_reserved(&["PROGRAM"]);
    // Distinct method names can still meet in kebab case (`n_` from `$$$`
    // and `n`), and the parser refuses a subcommand named twice.
    let mut names = Scope::with_reserved(reserved::SUBCOMMANDS);
    operations
        .iter()
        .enumerate()
        .filter(|(_, op)| in_program(op))
        .map(|(operation, op)| Command {
            operation,
            name: names.claim(kebab(&op.fn_name)),
            const_name: consts.claim(format!("OP_{}", op.fn_name.to_uppercase())),
            flags: flags(&types, op, key_options),
        })
        .collect()
}

/// Whether the program offers `op`: not when its request or success body is
/// raw bytes, which have no JSON form to read from flags or print.
fn in_program(op: &Operation) -> bool {
    let bytes = Some(&TypeRef::Bytes);
    let success_bytes = op.success.body.as_ref() == bytes
        || op
            .success
            .variants
            .as_ref()
            .is_some_and(|(_, variants)| variants.iter().any(|v| v.body.as_ref() == bytes));
    op.body.as_ref().map(|b| &b.ty) != bytes && !success_bytes
}

/// The flags of `op`: one per parameter, then one per top-level field of
/// a struct body; names that clash get a suffix.
fn flags(types: &Types<'_>, op: &Operation, key_options: &[KeyOption]) -> Vec<Flag> {
    let mut scope = Scope::with_reserved(reserved::FLAGS);
    // The keys' options are global: every subcommand has them.
    for key in key_options {
        scope.claim(key.option.clone());
    }
    let mut flags: Vec<Flag> = op
        .params
        .iter()
        .map(|p| {
            let (value, repeated) = types.value(&p.ty, &p.constraints);
            Flag {
                name: scope.claim(kebab(&p.field_name)),
                key: p.field_name.clone(),
                target: FlagTarget::Param,
                value,
                repeated,
                default: p.default_doc.as_deref().map(shown_default),
                required: p.required,
                help: p
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("The {} parameter.", p.wire_name)),
            }
        })
        .collect();
    if let Some(body) = &op.body {
        // The map of other properties has no name of its own to be a flag
        // by; `--body` sets it.
        let fields = types.struct_fields(&body.ty).unwrap_or_default();
        for f in fields.iter().filter(|f| !f.flatten) {
            let (value, repeated) = types.value(&f.ty, &f.constraints);
            flags.push(Flag {
                name: scope.claim(kebab(&f.wire_name)),
                key: f.wire_name.clone(),
                target: FlagTarget::BodyField,
                value,
                repeated,
                default: f.default_doc.as_deref().map(shown_default),
                required: f.required && !f.nullable && body.required,
                help: f
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("The {} body field.", f.wire_name)),
            });
        }
    }
    flags
}

/// The named types, and what lowering knows of them.
struct Types<'a> {
    types: &'a [TypeDef],
    facts: &'a [TypeFacts],
    index: &'a HashMap<String, usize>,
}

impl<'a> Types<'a> {
    /// The kind of the type `ty` names, through aliases.
    fn kind(&self, ty: &'a TypeRef) -> Option<&'a TypeKind> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let i = *self.index.get(name)?;
        match &self.facts[i].alias_of {
            Some(target) if target != ty => self.kind_here(target),
            _ => Some(&self.types[i].kind),
        }
    }

    /// The kind of the type `ty` names, without following aliases.
    fn kind_here(&self, ty: &TypeRef) -> Option<&'a TypeKind> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        Some(&self.types[*self.index.get(name)?].kind)
    }

    /// The fields of a struct type (through aliases).
    fn struct_fields(&self, ty: &'a TypeRef) -> Option<&'a [Field]> {
        match self.kind(ty)? {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        }
    }

    /// What a flag's text must be for a value of `ty` with `constraints`,
    /// and whether the flag is repeated: an array of scalars is given one
    /// item per use; other arrays, objects and unions are JSON.
    fn value(&self, ty: &TypeRef, constraints: &Constraints) -> (FlagValue, bool) {
        let (ty, constraints) = self.unalias(ty, constraints.clone());
        if let TypeRef::Array(item) = &ty {
            let items = constraints.items.as_deref().cloned().unwrap_or_default();
            return match self.scalar(item, items) {
                Some(value) => (value, true),
                None => (FlagValue::Json, false),
            };
        }
        (
            self.scalar(&ty, constraints).unwrap_or(FlagValue::Json),
            false,
        )
    }

    /// `ty` through its aliases, with the constraints of each alias added
    /// to `constraints`.
    fn unalias(&self, ty: &TypeRef, mut constraints: Constraints) -> (TypeRef, Constraints) {
        let mut ty = ty.clone();
        // A chain of aliases is finite, but a bound keeps a malformed
        // model from looping.
        for _ in 0..=self.types.len() {
            match self.kind_here(&ty) {
                Some(TypeKind::Alias(target, more)) => {
                    constraints = tighter(constraints, more);
                    ty = target.clone();
                }
                _ => break,
            }
        }
        (ty, constraints)
    }

    /// The flag value of a scalar type, `None` for the others.
    fn scalar(&self, ty: &TypeRef, constraints: Constraints) -> Option<FlagValue> {
        let (ty, constraints) = self.unalias(ty, constraints);
        Some(match &ty {
            TypeRef::String => FlagValue::Text,
            TypeRef::Boolean => FlagValue::Bool,
            TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => FlagValue::Integer {
                min: constraints
                    .minimum
                    .as_ref()
                    .and_then(|b| integer_limit(b, true))
                    .map(|min| if ty == TypeRef::U64 { min.max(0) } else { min })
                    .or((ty == TypeRef::U64).then_some(0)),
                max: constraints
                    .maximum
                    .as_ref()
                    .and_then(|b| integer_limit(b, false)),
                wide: ty != TypeRef::I32,
            },
            TypeRef::F32 | TypeRef::F64 => FlagValue::Number {
                min: constraints.minimum,
                max: constraints.maximum,
            },
            TypeRef::Named(_) => match self.kind_here(&ty)? {
                TypeKind::StringEnum(variants) => {
                    FlagValue::Choice(variants.iter().map(|v| v.wire_value.clone()).collect())
                }
                TypeKind::IntEnum(variants) => {
                    FlagValue::IntegerChoice(variants.iter().map(|v| v.value).collect())
                }
                _ => return None,
            },
            _ => return None,
        })
    }
}

/// `constraints` with the numeric limits of `more` where they are tighter:
/// the flag's range is what both allow.
fn tighter(mut constraints: Constraints, more: &Constraints) -> Constraints {
    let pick = |a: Option<Bound>, b: &Option<Bound>, lower: bool| match (a, b) {
        (Some(a), Some(b)) => {
            let (x, y) = (a.value.as_f64(), b.value.as_f64());
            let b_tighter = match (x, y) {
                (Some(x), Some(y)) if x == y => b.exclusive && !a.exclusive,
                (Some(x), Some(y)) => (y > x) == lower,
                _ => false,
            };
            Some(if b_tighter { b.clone() } else { a })
        }
        (a, b) => a.or_else(|| b.clone()),
    };
    constraints.minimum = pick(constraints.minimum.take(), &more.minimum, true);
    constraints.maximum = pick(constraints.maximum.take(), &more.maximum, false);
    if constraints.items.is_none() {
        constraints.items.clone_from(&more.items);
    }
    constraints
}

/// An integer's inclusive limit from `bound`: a fractional limit rounds
/// inwards, an exclusive one moves by one; `None` beyond `i64`.
fn integer_limit(bound: &Bound, lower: bool) -> Option<i64> {
    if let Some(whole) = bound.value.as_i64() {
        let step = i64::from(bound.exclusive);
        return if lower {
            whole.checked_add(step)
        } else {
            whole.checked_sub(step)
        };
    }
    let value = bound.value.as_f64()?;
    let step = if bound.exclusive && value.fract() == 0.0 {
        1.0
    } else {
        0.0
    };
    let limit = if lower {
        value.ceil() + step
    } else {
        value.floor() - step
    };
    // Beyond `i64` (a large `u64` or float) the type's own limit holds.
    (limit >= i64::MIN as f64 && limit < i64::MAX as f64).then_some(limit as i64)
}

/// A default as `--help` shows it: a string without its quotes, any other
/// JSON as it is written.
fn shown_default(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(text)) => text,
        _ => json.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FlagValue;
    use std::path::Path;

    fn bound(value: serde_json::Number, exclusive: bool) -> Bound {
        Bound { value, exclusive }
    }

    #[test]
    fn integer_limits_round_inwards_and_exclusive_ones_move_by_one() {
        let int = |v: i64| serde_json::Number::from(v);
        let float = |v: f64| serde_json::Number::from_f64(v).unwrap();
        assert_eq!(integer_limit(&bound(int(5), false), true), Some(5));
        assert_eq!(integer_limit(&bound(int(5), true), true), Some(6));
        assert_eq!(integer_limit(&bound(int(5), true), false), Some(4));
        assert_eq!(integer_limit(&bound(float(0.5), false), true), Some(1));
        assert_eq!(integer_limit(&bound(float(0.5), true), false), Some(0));
        assert_eq!(integer_limit(&bound(float(2.0), true), true), Some(3));
        assert_eq!(integer_limit(&bound(int(i64::MAX), true), true), None);
        assert_eq!(integer_limit(&bound(float(1e300), false), false), None);
    }

    #[test]
    fn the_tighter_of_two_limits_is_kept() {
        let int = |v: i64| serde_json::Number::from(v);
        let here = Constraints {
            minimum: Some(bound(int(3), false)),
            maximum: Some(bound(int(10), false)),
            ..Constraints::default()
        };
        let alias = Constraints {
            minimum: Some(bound(int(1), false)),
            maximum: Some(bound(int(10), true)),
            ..Constraints::default()
        };
        let both = tighter(here, &alias);
        assert_eq!(both.minimum, Some(bound(int(3), false)));
        assert_eq!(both.maximum, Some(bound(int(10), true)));
        let only_alias = tighter(Constraints::default(), &alias);
        assert_eq!(only_alias.minimum, alias.minimum);
    }

    #[test]
    fn defaults_are_shown_without_quotes() {
        assert_eq!(shown_default("\"asc\""), "asc");
        assert_eq!(shown_default("20"), "20");
        assert_eq!(shown_default("[1,2]"), "[1,2]");
    }

    /// The options of combined keys avoid the global options and their
    /// variables; subcommand flags avoid the options; a single scheme that
    /// a combined requirement also names is configured by the same option.
    #[test]
    fn key_options_take_free_names() {
        let spec = r##"
openapi: 3.0.3
info: {title: Keys, version: 1.0.0, x-rust-cli-name: my-api}
security:
  - token: []
    bearerToken: []
    partner: []
    "$$": []
paths:
  /things:
    get:
      operationId: ListThings
      parameters:
        - name: partner
          in: query
          schema: {type: string}
      responses:
        "204": {description: Done.}
  /other:
    get:
      operationId: Other
      security:
        - partner: []
      responses:
        "204": {description: Done.}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-A}
    bearerToken: {type: apiKey, in: header, name: X-B}
    partner: {type: apiKey, in: query, name: p}
    "$$": {type: apiKey, in: cookie, name: c}
"##;
        let loaded = crate::load::load_str(spec, Path::new("keys.yaml")).unwrap();
        let api = crate::lower::lower(&loaded).unwrap();
        let options: Vec<(&str, &str, &str)> = api
            .key_options
            .iter()
            .map(|k| (k.scheme.as_str(), k.option.as_str(), k.env.as_str()))
            .collect();
        assert_eq!(
            options,
            [
                ("token", "token2", "MY_API_TOKEN2"),
                ("bearerToken", "bearer-token2", "MY_API_BEARER_TOKEN2"),
                ("partner", "partner", "MY_API_PARTNER"),
                ("$$", "api-key", "MY_API_API_KEY"),
            ]
        );
        let flags: Vec<&str> = api.commands[0]
            .flags
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(flags, ["partner2"]);
        assert_eq!(
            api.operations[1].auth,
            [AuthScheme::Combined {
                keys: vec![crate::model::ApiKey {
                    scheme: "partner".into(),
                    location: crate::model::KeyLocation::Query,
                    name: "p".into(),
                    description: None,
                }],
                with: None,
            }]
        );
    }

    /// Fields named like the global Basic and bearer options get other
    /// flag names: the parser panics on an option defined twice.
    #[test]
    fn flags_avoid_every_global_credential_option() {
        let spec = r##"
openapi: 3.0.3
info: {title: Login, version: 1.0.0}
paths:
  /login:
    post:
      operationId: Login
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                username: {type: string}
                password: {type: string}
                bearer_token: {type: string}
      responses:
        "204": {description: Done.}
"##;
        let loaded = crate::load::load_str(spec, Path::new("login.yaml")).unwrap();
        let api = crate::lower::lower(&loaded).unwrap();
        let flags: Vec<&str> = api.commands[0]
            .flags
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(flags, ["username2", "password2", "bearer-token2"]);
    }

    /// An array of an alias is repeated with the alias's kind and limits;
    /// an alias of a number keeps its exclusive limit.
    #[test]
    fn flags_see_through_aliases() {
        let spec = r##"
openapi: 3.0.3
info: {title: Aliases, version: 1.0.0}
paths:
  /things:
    get:
      operationId: ListThings
      parameters:
        - name: sizes
          in: query
          schema: {type: array, items: {$ref: "#/components/schemas/Size"}}
        - name: ratio
          in: query
          schema: {$ref: "#/components/schemas/Ratio"}
      responses:
        "204": {description: Done.}
components:
  schemas:
    Size: {type: integer, format: int32, minimum: 1, maximum: 10}
    Ratio: {type: number, minimum: 0, exclusiveMinimum: true}
"##;
        let loaded = crate::load::load_str(spec, Path::new("aliases.yaml")).unwrap();
        let api = crate::lower::lower(&loaded).unwrap();
        let flags = &api.commands[0].flags;
        let value = |name: &str| {
            let flag = flags.iter().find(|f| f.name == name).unwrap();
            (flag.value.clone(), flag.repeated)
        };
        assert_eq!(
            value("sizes"),
            (
                FlagValue::Integer {
                    min: Some(1),
                    max: Some(10),
                    wide: false
                },
                true
            )
        );
        let (ratio, repeated) = value("ratio");
        assert!(!repeated);
        assert!(
            matches!(&ratio, FlagValue::Number { min: Some(b), max: None } if b.exclusive),
            "{ratio:?}"
        );
    }
}
