//! The command-line program's names: per operation it offers, the name of
//! the constant describing its subcommand and the names of its flags, each
//! unique where it must be.

use super::naming::{kebab, reserved};
use super::Scope;
use crate::fast_hash::FastMap;
use crate::model::{Command, Field, Flag, Operation, TypeDef, TypeKind, TypeRef};

/// Sets [`Operation::command`] for every operation the program offers.
pub(super) fn name_commands(operations: &mut [Operation], types: &[TypeDef]) {
    let types = Types::of(types);
    let mut consts = Scope::with_reserved(&["PROGRAM"]);
    // Distinct method names can still meet in kebab case (`n_` from `$$$`
    // and `n`), and the parser refuses a subcommand named twice.
    let mut names = Scope::with_reserved(reserved::SUBCOMMANDS);
    for op in operations.iter_mut() {
        if !in_program(op) {
            continue;
        }
        let const_name = consts.claim(format!("OP_{}", op.fn_name.to_uppercase()));
        op.command = Some(Command {
            name: names.claim(kebab(&op.fn_name)),
            const_name,
            flags: flags(&types, op),
        });
    }
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
fn flags(types: &Types<'_>, op: &Operation) -> Vec<Flag> {
    let mut scope = Scope::with_reserved(reserved::FLAGS);
    let mut flags: Vec<Flag> = op
        .params
        .iter()
        .map(|p| Flag {
            name: scope.claim(kebab(&p.field_name)),
            key: p.field_name.clone(),
            param: true,
            text: types.is_text(&p.ty),
            required: p.required,
            help: p
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name)),
        })
        .collect();
    if let Some(body) = &op.body {
        for f in types.struct_fields(&body.ty).unwrap_or_default() {
            flags.push(Flag {
                name: scope.claim(kebab(&f.wire_name)),
                key: f.wire_name.clone(),
                param: false,
                text: types.is_text(&f.ty),
                required: f.required && !f.nullable && body.required,
                help: f
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("The `{}` body field.", f.wire_name)),
            });
        }
    }
    flags
}

/// The named types by name.
struct Types<'a>(FastMap<&'a str, &'a TypeKind>);

impl<'a> Types<'a> {
    fn of(types: &'a [TypeDef]) -> Self {
        Types(types.iter().map(|t| (t.name.as_str(), &t.kind)).collect())
    }

    fn kind(&self, ty: &TypeRef) -> Option<&'a TypeKind> {
        match ty {
            TypeRef::Named(name) => self.0.get(name.as_str()).copied(),
            _ => None,
        }
    }

    /// The fields of a struct type (through aliases).
    fn struct_fields(&self, ty: &TypeRef) -> Option<&'a [Field]> {
        match self.kind(self.without_alias(ty)?)? {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        }
    }

    /// `ty` with aliases followed (a loop: chains can be long); `None` for
    /// a cycle, which lowering has refused already.
    fn without_alias<'t>(&self, ty: &'t TypeRef) -> Option<&'t TypeRef>
    where
        'a: 't,
    {
        let mut ty = ty;
        for _ in 0..=self.0.len() {
            match self.kind(ty) {
                Some(TypeKind::Alias(inner, _)) => ty = inner,
                _ => return Some(ty),
            }
        }
        None
    }

    /// Whether a flag's text is the value itself (strings and string enums).
    fn is_text(&self, ty: &TypeRef) -> bool {
        let Some(ty) = self.without_alias(ty) else {
            return false;
        };
        *ty == TypeRef::String || matches!(self.kind(ty), Some(TypeKind::StringEnum(_)))
    }
}
