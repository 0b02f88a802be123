//! The command-line program's names: per operation it offers, the name of
//! the constant describing its subcommand and the names of its flags, each
//! unique where it must be.

use super::naming::{kebab, reserved};
use super::Scope;
use std::collections::HashMap;

use crate::model::{
    Command, Field, Flag, FlagTarget, FlagValue, Operation, TypeDef, TypeFacts, TypeKind, TypeRef,
};

/// The program's subcommands: one per operation it offers, in order.
pub(super) fn commands(
    operations: &[Operation],
    types: &[TypeDef],
    facts: &[TypeFacts],
    index: &HashMap<String, usize>,
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
            flags: flags(&types, op),
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
fn flags(types: &Types<'_>, op: &Operation) -> Vec<Flag> {
    let mut scope = Scope::with_reserved(reserved::FLAGS);
    let mut flags: Vec<Flag> = op
        .params
        .iter()
        .map(|p| Flag {
            name: scope.claim(kebab(&p.field_name)),
            key: p.field_name.clone(),
            target: FlagTarget::Param,
            value: types.value(&p.ty),
            required: p.required,
            help: p
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name)),
        })
        .collect();
    if let Some(body) = &op.body {
        // The map of other properties has no name of its own to be a flag
        // by; `--body` sets it.
        let fields = types.struct_fields(&body.ty).unwrap_or_default();
        for f in fields.iter().filter(|f| !f.flatten) {
            flags.push(Flag {
                name: scope.claim(kebab(&f.wire_name)),
                key: f.wire_name.clone(),
                target: FlagTarget::BodyField,
                value: types.value(&f.ty),
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

    /// How a flag's text becomes a value of `ty`: as it is for strings and
    /// string enums, as JSON otherwise.
    fn value(&self, ty: &'a TypeRef) -> FlagValue {
        let text = *ty == TypeRef::String
            || matches!(self.kind(ty), Some(TypeKind::StringEnum(_)))
            || matches!(
                ty,
                TypeRef::Named(name) if self.index.get(name).and_then(|&i| self.facts[i].alias_of.as_ref()) == Some(&TypeRef::String)
            );
        if text {
            FlagValue::Text
        } else {
            FlagValue::Json
        }
    }
}
