//! Checks over the graph of named types once every component is lowered:
//! aliases that contain themselves, alias chains too long to expand, and
//! unions that contain themselves by value. Each is a walk with an explicit
//! stack, linear in the number of types.

use openapiv3::{ReferenceOr, SchemaKind};

use super::at::At;
use super::limits::MAX_ALIAS_CHAIN;
use super::Lowerer;
use crate::error::Result;
use crate::fast_hash::FastMap;
use crate::model::{TypeKind, TypeRef};

/// Not visited yet, on the path being followed, or finished.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    OnPath,
    Done,
}

impl<'a> Lowerer<'a> {
    /// The index in `types` of the named type `ty` mentions, through
    /// arrays and maps when `through_containers`.
    fn named_index(&self, ty: &TypeRef, through_containers: bool) -> Option<usize> {
        let mut ty = ty;
        loop {
            match ty {
                TypeRef::Named(name) => return self.type_index.get(name).copied(),
                TypeRef::Array(inner) | TypeRef::Map(inner) if through_containers => ty = inner,
                _ => return None,
            }
        }
    }

    /// The type an alias stands for, through arrays and maps: an alias has
    /// at most one, so the aliases form a graph of one edge per node.
    fn alias_target(&self, index: usize) -> Option<usize> {
        match &self.types[index].kind {
            TypeKind::Alias(ty, _) => self.named_index(ty, true),
            _ => None,
        }
    }

    /// The spec names of the component schemas, by Rust name.
    fn components_by_rust(&self) -> FastMap<&str, &'a str> {
        self.components
            .iter()
            .map(|(&spec_name, c)| (c.rust.as_str(), spec_name))
            .collect()
    }

    /// Refuses a component that is an alias of itself through other aliases,
    /// arrays or maps (`A: {type: array, items: {$ref: A}}`): Rust type
    /// aliases cannot be recursive. The first such component by spec name
    /// is reported.
    pub(super) fn check_alias_cycles(&self) -> Result<()> {
        let count = self.types.len();
        let mut marks = vec![Mark::New; count];
        let mut on_cycle = vec![false; count];
        let mut path = Vec::new();
        for start in 0..count {
            let mut node = Some(start);
            while let Some(index) = node {
                match marks[index] {
                    Mark::Done => break,
                    Mark::OnPath => {
                        // The path from `index` on is a cycle.
                        let from = path.iter().rposition(|&p| p == index).unwrap_or(0);
                        for &p in &path[from..] {
                            on_cycle[p] = true;
                        }
                        break;
                    }
                    Mark::New => {
                        marks[index] = Mark::OnPath;
                        path.push(index);
                        node = self.alias_target(index);
                    }
                }
            }
            for p in path.drain(..) {
                marks[p] = Mark::Done;
            }
        }
        let by_rust = self.components_by_rust();
        let first = (0..count)
            .filter(|&i| on_cycle[i])
            .filter_map(|i| by_rust.get(self.types[i].name.as_str()).copied())
            .min();
        match first {
            Some(spec_name) => Err(self.unsupported(
                &At::component("schemas", spec_name),
                "a schema that contains itself only through $refs, arrays or maps (wrap it in an object)".into(),
            )),
            None => Ok(()),
        }
    }

    /// Refuses a chain of more than [`MAX_ALIAS_CHAIN`] aliases, reported
    /// at the first component in document order that starts one: the
    /// generated checks expand an alias where it is used, recursively.
    /// Runs after [`Self::check_alias_cycles`].
    pub(super) fn check_alias_chains(&self) -> Result<()> {
        let count = self.types.len();
        // Aliases from each type to the end of its chain; `None` until known.
        let mut length: Vec<Option<usize>> = vec![None; count];
        let mut path = Vec::new();
        for start in 0..count {
            let mut node = start;
            let mut tail = loop {
                if let Some(known) = length[node] {
                    break known;
                }
                path.push(node);
                match self.alias_target(node) {
                    // No cycles are left; the bound is a safeguard.
                    Some(next) if path.len() <= count => node = next,
                    _ => break 0,
                }
            };
            while let Some(p) = path.pop() {
                if matches!(self.types[p].kind, TypeKind::Alias(..)) {
                    tail += 1;
                }
                length[p] = Some(tail);
            }
        }
        let first = self.components.iter().find(|(_, c)| {
            self.type_index
                .get(&c.rust)
                .and_then(|&i| length[i])
                .is_some_and(|l| l > MAX_ALIAS_CHAIN)
        });
        match first {
            Some((&spec_name, _)) => Err(self.unsupported(
                &At::component("schemas", spec_name),
                format!(
                    "a chain of more than {MAX_ALIAS_CHAIN} aliases ($refs to $refs, arrays or maps) starts here; refer to the type at its end"
                ),
            )),
            None => Ok(()),
        }
    }

    /// The types a value of type `index` may be decoded as without reading
    /// into a JSON array or object: a union's variants and an alias's target.
    fn by_value(&self, index: usize) -> Vec<usize> {
        match &self.types[index].kind {
            TypeKind::Union(variants) => variants
                .iter()
                .filter_map(|v| self.named_index(&v.ty, false))
                .collect(),
            TypeKind::Alias(ty, _) => self.named_index(ty, false).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Refuses a `oneOf`/`anyOf` that leads back to itself through union
    /// variants and aliases alone (`Loop: {oneOf: [{$ref: Loop}, ...]}`):
    /// its decoder would try the variant, which tries the union again on
    /// the same value, without end. Through an array, a map or an object
    /// the input gets shallower at each step, so those cycles are fine.
    /// The first cycle found from the components in document order is
    /// reported at the variant of its first union component.
    pub(super) fn check_union_cycles(&self) -> Result<()> {
        let count = self.types.len();
        let mut marks = vec![Mark::New; count];
        for (_, component) in &self.components {
            let Some(&start) = self.type_index.get(&component.rust) else {
                continue;
            };
            if marks[start] != Mark::New {
                continue;
            }
            // Depth first; each frame is a type and its next edge.
            let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(start, self.by_value(start), 0)];
            marks[start] = Mark::OnPath;
            while let Some((_, edges, next)) = stack.last_mut() {
                let Some(&target) = edges.get(*next) else {
                    let (index, ..) = stack.pop().expect("a frame");
                    marks[index] = Mark::Done;
                    continue;
                };
                *next += 1;
                match marks[target] {
                    Mark::Done => {}
                    Mark::OnPath => {
                        let from = stack
                            .iter()
                            .position(|(index, ..)| *index == target)
                            .unwrap_or(0);
                        let cycle: Vec<(usize, usize)> = stack[from..]
                            .iter()
                            .map(|(index, edges, next)| (*index, edges[*next - 1]))
                            .collect();
                        return Err(self.union_cycle_error(&cycle));
                    }
                    Mark::New => {
                        marks[target] = Mark::OnPath;
                        stack.push((target, self.by_value(target), 0));
                    }
                }
            }
        }
        Ok(())
    }

    /// The error for a cycle of (type, the type it leads to) pairs.
    fn union_cycle_error(&self, cycle: &[(usize, usize)]) -> crate::error::Error {
        let message = "a oneOf/anyOf variant that leads back to its own union without passing through an array, a map or an object: decoding it would never end".to_owned();
        let by_rust = self.components_by_rust();
        // The union components on the cycle, first in document order.
        let union_at = cycle
            .iter()
            .filter_map(|&(index, target)| {
                let spec_name = *by_rust.get(self.types[index].name.as_str())?;
                let TypeKind::Union(variants) = &self.types[index].kind else {
                    return None;
                };
                let variant = variants
                    .iter()
                    .position(|v| self.named_index(&v.ty, false) == Some(target))?;
                let position = self.components.get_index_of(spec_name)?;
                Some((position, spec_name, variant))
            })
            .min();
        if let Some((_, spec_name, variant)) = union_at {
            let component = At::component("schemas", spec_name);
            let list = match self.components.get(spec_name).map(|c| c.schema) {
                Some(ReferenceOr::Item(schema))
                    if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) =>
                {
                    "anyOf"
                }
                _ => "oneOf",
            };
            let list_at = component.key(list);
            return self.unsupported(&list_at.index(variant), message);
        }
        // Every such cycle passes through a union component; the fallback
        // names any component on it.
        let spec_name = cycle
            .iter()
            .find_map(|&(index, _)| by_rust.get(self.types[index].name.as_str()).copied());
        match spec_name {
            Some(spec_name) => self.unsupported(&At::component("schemas", spec_name), message),
            None => self.unsupported(&At::root().key("components"), message),
        }
    }
}
