//! What the whole API says of each named type, worked out once the types
//! and operations are known: what an alias stands for, which types carry
//! checks, and which serde traits each derives.

use std::collections::HashMap;

use crate::model::{Derive, Operation, TypeDef, TypeFacts, TypeKind, TypeRef};

/// The facts of `types`, in their order; `index` finds a type by name.
pub(super) fn type_facts(
    types: &[TypeDef],
    index: &HashMap<String, usize>,
    operations: &[Operation],
) -> Vec<TypeFacts> {
    let lookup = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => index.get(name).copied(),
        _ => None,
    };
    let alias_of: Vec<Option<TypeRef>> = (0..types.len())
        .map(|start| alias_target(types, &lookup, start))
        .collect();
    let checked = checked(types, &lookup);
    // Parameters that are not scalars travel through their JSON form.
    let structured_params = operations.iter().flat_map(|op| {
        op.params
            .iter()
            .map(|p| &p.ty)
            .filter(|ty| !is_scalar(types, &lookup, ty))
    });
    let bodies_sent: Vec<&TypeRef> = operations
        .iter()
        .filter_map(|op| op.body.as_ref().map(|b| &b.ty))
        .chain(structured_params)
        .collect();
    let bodies_received: Vec<&TypeRef> = operations
        .iter()
        .flat_map(|op| {
            let success = op.success.body.iter();
            let variants = op
                .success
                .variants
                .iter()
                .flat_map(|(_, variants)| variants.iter().filter_map(|v| v.body.as_ref()));
            let errors = op.errors.iter().filter_map(|e| e.body.as_ref());
            success.chain(variants).chain(errors)
        })
        .collect();
    let sent = reachable(types, &lookup, bodies_sent.iter().copied(), &[]);
    let received = reachable(types, &lookup, bodies_received.iter().copied(), &[]);
    // A type the operations never use derives both traits, and so must
    // everything it holds.
    let unused: Vec<usize> = (0..types.len())
        .filter(|&i| !sent[i] && !received[i])
        .collect();
    let sent = reachable(types, &lookup, bodies_sent.iter().copied(), &unused);
    let received = reachable(types, &lookup, bodies_received.iter().copied(), &unused);
    (0..types.len())
        .map(|i| {
            // What the client uses, always; the other half with the `cli`
            // feature (the program reads bodies from and prints them as
            // JSON).
            let when = |used: bool| {
                if used {
                    Derive::Always
                } else {
                    Derive::WithCli
                }
            };
            TypeFacts {
                alias_of: alias_of[i].clone(),
                checked: checked[i],
                serialize: when(sent[i]),
                deserialize: when(received[i]),
            }
        })
        .collect()
}

/// Whether `ty` is a scalar or an enum (through aliases), which travels as
/// text without serde.
fn is_scalar(types: &[TypeDef], lookup: &impl Fn(&TypeRef) -> Option<usize>, ty: &TypeRef) -> bool {
    let mut ty = ty;
    for _ in 0..=types.len() {
        match lookup(ty).map(|i| &types[i].kind) {
            Some(TypeKind::Alias(next, _)) => ty = next,
            Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_)) => return true,
            Some(_) => return false,
            None => break,
        }
    }
    !matches!(
        ty,
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Bytes | TypeRef::Named(_)
    )
}

/// For an alias, the first type along its chain that is not an alias.
/// Lowering refuses alias cycles; a chain longer than the number of types
/// would be one, and ends where it is.
fn alias_target(
    types: &[TypeDef],
    lookup: &impl Fn(&TypeRef) -> Option<usize>,
    start: usize,
) -> Option<TypeRef> {
    let TypeKind::Alias(first, _) = &types[start].kind else {
        return None;
    };
    let mut target = first;
    for _ in 0..types.len() {
        match lookup(target).map(|i| &types[i].kind) {
            Some(TypeKind::Alias(next, _)) => target = next,
            _ => break,
        }
    }
    Some(target.clone())
}

/// Which types carry checks, directly or through what they hold: a fixed
/// point over the type graph, found with a work list of the types that
/// refer to each type (types may refer to each other in any order, and to
/// themselves).
fn checked(types: &[TypeDef], lookup: &impl Fn(&TypeRef) -> Option<usize>) -> Vec<bool> {
    let mut checked = vec![false; types.len()];
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut work = Vec::new();
    for (i, def) in types.iter().enumerate() {
        // An enum may hold a value the spec does not list (decoded from a
        // response), which a request must refuse.
        // Enums and tagged unions keep values the spec does not list, which
        // requests refuse.
        let mut own = matches!(def.kind, TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
            || matches!(&def.kind, TypeKind::Union(variants) if variants.iter().any(|v| v.tag.is_some()));
        for_each_member(&def.kind, |ty, constraints| {
            own |= constraints.is_some_and(|c| !c.is_empty());
            for_each_named(ty, &mut |name| {
                if let Some(j) = lookup(name) {
                    referrers[j].push(i);
                }
            });
        });
        if own {
            checked[i] = true;
            work.push(i);
        }
    }
    while let Some(j) = work.pop() {
        for &i in &referrers[j] {
            if !checked[i] {
                checked[i] = true;
                work.push(i);
            }
        }
    }
    checked
}

/// Which types values of the `roots` types and of the `root_types` can
/// hold, the roots included.
fn reachable<'a>(
    types: &'a [TypeDef],
    lookup: &impl Fn(&TypeRef) -> Option<usize>,
    roots: impl Iterator<Item = &'a TypeRef>,
    root_types: &[usize],
) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut work = Vec::new();
    for &i in root_types {
        if !seen[i] {
            seen[i] = true;
            work.push(i);
        }
    }
    let visit = |ty: &TypeRef, seen: &mut Vec<bool>, work: &mut Vec<usize>| {
        for_each_named(ty, &mut |name| {
            if let Some(i) = lookup(name) {
                if !seen[i] {
                    seen[i] = true;
                    work.push(i);
                }
            }
        });
    };
    for ty in roots {
        visit(ty, &mut seen, &mut work);
    }
    while let Some(i) = work.pop() {
        for_each_member(&types[i].kind, |ty, _| visit(ty, &mut seen, &mut work));
    }
    seen
}

/// Calls `f` with the type of each member of `kind` (fields, variants, the
/// aliased type) and the member's own constraints.
fn for_each_member(
    kind: &TypeKind,
    mut f: impl FnMut(&TypeRef, Option<&crate::model::Constraints>),
) {
    match kind {
        TypeKind::Struct(fields) => fields
            .iter()
            .for_each(|field| f(&field.ty, Some(&field.constraints))),
        TypeKind::Alias(ty, constraints) => f(ty, Some(constraints)),
        TypeKind::Union(variants) => variants.iter().for_each(|v| f(&v.ty, Some(&v.constraints))),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// Calls `f` with every named type `ty` mentions (in arrays and maps too).
fn for_each_named(ty: &TypeRef, f: &mut impl FnMut(&TypeRef)) {
    let mut ty = ty;
    loop {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
            TypeRef::Named(_) => return f(ty),
            _ => return,
        }
    }
}
