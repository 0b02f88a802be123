//! Schemas become [`TypeRef`]s and named [`TypeDef`]s.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ObjectType, ReferenceOr, Schema, SchemaKind,
    Type, VariantOrUnknownOrEmpty,
};

use std::borrow::Cow;

use super::at::{unescape, At};
use super::limits::{self, count_properties, MAX_SCHEMA_DEPTH, MERGE_FACTOR, MIN_MERGE_BUDGET};
use super::naming::{pascal, snake, Hint, Scope};
use super::normalize::is_own_keywords;
use super::{Component, ComponentState, Lowerer};
use crate::error::Result;
use crate::fast_hash::{FastMap, FastSet};
use crate::model::{
    Bound, Constraints, DefaultValue, EnumVariant, Field, IntVariant, Tag, TypeDef, TypeKind,
    TypeRef, UnionVariant, PATTERN_SIZE_LIMIT,
};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Integer formats (beyond OpenAPI's `int32` and `int64`) whose values a
/// 64-bit signed integer holds exactly (`unix-time`: seconds since 1970;
/// `sf-integer`: an HTTP structured-field integer, at most 15 digits); any
/// other format of an integer or number is read as `i64` or `f64` with a
/// warning. A string's format only annotates a string, which the client
/// keeps as it is: it needs none.
const INTEGER_FORMATS_WITHIN_I64: [&str; 9] = [
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "unix-time",
    "sf-integer",
];

/// The integer formats whose values are read as `u64`: every one of them
/// fits, and none is negative (`uint` is a machine word, as Rust's `usize`
/// describes itself in generated descriptions).
const UNSIGNED_64: [&str; 2] = ["uint64", "uint"];

/// A lowered schema: its type, constraints and nullability, and what the
/// document says about it (borrowed; cloned only where the model keeps it).
pub(super) struct Lowered<'a> {
    pub ty: TypeRef,
    pub constraints: Constraints,
    pub nullable: bool,
    pub description: Option<&'a String>,
    /// The schema's `default`, if any.
    pub default: Option<&'a serde_json::Value>,
}

/// Where a field merged by an `allOf` comes from, to name it in errors: the
/// member (by index), and whether it is one of that member's own
/// `properties` (else the member as a whole, a `$ref` or a nested `allOf`,
/// is named).
#[derive(Clone, Copy)]
struct Origin {
    member: usize,
    own_property: bool,
    /// Whether the member is the schema's own keywords beside its `allOf`
    /// (see [`is_own_keywords`]), whose place is the schema itself.
    own_keywords: bool,
}

impl<'a> Lowerer<'a> {
    /// Lowers every component schema, in document order, so that named types
    /// keep their spec names and appear in a stable order.
    pub(super) fn lower_component_schemas(&mut self) -> Result<()> {
        let spec = self.spec;
        let Some(components) = &spec.components else {
            return Ok(());
        };
        self.name_components(&components.schemas);
        for index in 0..self.components.len() {
            let (&name, _) = self
                .components
                .get_index(index)
                .expect("one entry per component schema");
            self.ensure_component(name, &At::root())?;
        }
        self.check_alias_cycles()?;
        self.check_alias_chains()?;
        self.check_union_cycles()
    }

    /// Gives every component schema its Rust name, in two passes: names that
    /// already are exact `PascalCase` identifiers first, so that `MyThing`
    /// stays `MyThing` even when a `my-thing` listed before it would also
    /// become `MyThing`; then the others, in document order.
    fn name_components(&mut self, schemas: &'a IndexMap<String, ReferenceOr<Schema>>) {
        let mut names: Vec<String> = schemas.keys().map(|name| pascal(name)).collect();
        let exact: Vec<bool> = schemas.keys().zip(&names).map(|(n, p)| n == p).collect();
        let order = (0..names.len())
            .filter(|&i| exact[i])
            .chain((0..names.len()).filter(|&i| !exact[i]));
        for index in order {
            let wanted = std::mem::take(&mut names[index]);
            names[index] = self.type_scope.claim(wanted);
        }
        self.components = schemas
            .iter()
            .zip(names)
            .map(|((name, schema), rust)| {
                let component = Component {
                    rust,
                    schema,
                    state: ComponentState::Pending,
                };
                (name.as_str(), component)
            })
            .collect();
    }

    /// `ty` with named aliases replaced by what they alias, at the top level
    /// (`Tags` → `Vec<Tag>`, not `Vec<String>`).
    pub(super) fn without_alias<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        // Cycles are refused before operations are lowered; the bound is a safeguard.
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Named(name) => match self.type_kind(name) {
                    Some(TypeKind::Alias(target, _)) => ty = target,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// Makes sure the component schema `name` is lowered; returns its Rust name.
    fn ensure_component(&mut self, name: &str, from: &At<'_>) -> Result<String> {
        let Some((index, _, component)) = self.components.get_full(name) else {
            return Err(self.invalid(
                from,
                format!("$ref to {SCHEMA_PREFIX}{name}, which does not exist"),
            ));
        };
        let rust = component.rust.clone();
        if component.state == ComponentState::Pending {
            self.lower_component_tree(index)?;
        } else if let Some(tree) = self.trees.last_mut() {
            tree.met(index, self.types.len());
        }
        // Done, or being lowered: a recursive reference.
        Ok(rust)
    }

    /// Lowers the component at `root` and, first, every pending component
    /// it refers to, depth first in the order its lowering meets them: the
    /// order (and so the boxing of references back to a component being
    /// lowered) of a recursive descent, on a work list instead of the stack,
    /// so that a chain of references of any length costs no stack.
    ///
    /// A component is lowered once everything it refers to is done or is
    /// one of its ancestors here (`Active`, as it was on the recursion's
    /// stack); its types are then put back in the order the recursive
    /// descent would have finished them (see [`Lowerer::finish_tree`]).
    fn lower_component_tree(&mut self, root: usize) -> Result<()> {
        struct Frame<'a> {
            index: usize,
            refs: Vec<Cow<'a, str>>,
            next: usize,
        }
        self.trees.push(Tree::new(self.types.len(), root));
        self.enter_component(root);
        let mut stack = vec![Frame {
            index: root,
            refs: self.component_refs(root),
            next: 0,
        }];
        while let Some(frame) = stack.last_mut() {
            if let Some(name) = frame.refs.get(frame.next) {
                frame.next += 1;
                let child = match self.components.get_full(name.as_ref()) {
                    Some((child, _, c)) if c.state == ComponentState::Pending => child,
                    // Done, an ancestor, or missing (reported by the lowering).
                    _ => continue,
                };
                self.enter_component(child);
                self.trees
                    .last_mut()
                    .expect("the tree being lowered")
                    .add(frame.index, child);
                stack.push(Frame {
                    index: child,
                    refs: self.component_refs(child),
                    next: 0,
                });
                continue;
            }
            let index = frame.index;
            stack.pop();
            self.finish_component(index)?;
        }
        let tree = self.trees.pop().expect("the tree being lowered");
        self.reorder(tree);
        Ok(())
    }

    /// Puts the types of `tree`, pushed each component after the ones it
    /// refers to, in the order a recursive descent would have pushed them:
    /// a component's subtree where its lowering first met the reference.
    fn reorder(&mut self, tree: Tree) {
        let first = tree.first;
        let mut pending: Vec<Option<TypeDef>> = self.types.drain(first..).map(Some).collect();
        let mut order = Vec::with_capacity(pending.len());
        tree.walk(|position| order.push(position - first));
        // Every type the tree pushed is some component's own, once.
        debug_assert_eq!(order.len(), pending.len());
        for position in order {
            if let Some(def) = pending[position].take() {
                self.types.push(def);
            }
        }
        // Whatever the walk missed (nothing, if the tree is consistent).
        self.types.extend(pending.into_iter().flatten());
        for (index, def) in self.types.iter().enumerate().skip(first) {
            self.type_index.insert(def.name.clone(), index);
        }
    }

    fn enter_component(&mut self, index: usize) {
        let component = &mut self.components[index];
        component.state = ComponentState::Active;
        self.active.insert(component.rust.clone());
    }

    /// Lowers the component at `index`, whose references are all done or
    /// being lowered.
    fn finish_component(&mut self, index: usize) -> Result<()> {
        let (&spec_name, component) = self
            .components
            .get_index(index)
            .expect("a component being lowered");
        let rust = component.rust.clone();
        let schema = component.schema;
        let at = At::component("schemas", spec_name);
        let start = self.types.len();
        if let Some(tree) = self.trees.last_mut() {
            tree.start(index, start);
        }
        let result = match schema {
            ReferenceOr::Reference { reference } => {
                self.schema_ref(reference, &at).map(|target| TypeDef {
                    name: rust.clone(),
                    description: None,
                    kind: TypeKind::Alias(TypeRef::Named(target), Constraints::default()),
                })
            }
            ReferenceOr::Item(schema) => self.named_type(&rust, schema, &at),
        };
        self.active.remove(&rust);
        let def = result?;
        self.components[index].state = ComponentState::Done;
        self.push_type(def);
        if let Some(tree) = self.trees.last_mut() {
            tree.end(index, self.types.len());
        }
        Ok(())
    }

    /// The names of the components the lowering of component `index` refers
    /// to, in the order it meets them (a `$ref` may repeat). An explicit
    /// stack: inline schemas may nest as deeply as the loader allows (the
    /// lowering itself refuses past [`MAX_SCHEMA_DEPTH`]).
    fn component_refs(&self, index: usize) -> Vec<Cow<'a, str>> {
        enum Node<'a> {
            Ref(&'a str),
            Schema(&'a Schema),
        }
        fn node<'a, T: std::borrow::Borrow<Schema>>(schema: &'a ReferenceOr<T>) -> Node<'a> {
            match schema {
                ReferenceOr::Reference { reference } => Node::Ref(reference),
                ReferenceOr::Item(schema) => Node::Schema(schema.borrow()),
            }
        }
        let schema = self.components[index].schema;
        let mut refs = Vec::new();
        let mut stack = vec![node(schema)];
        let mut children = Vec::new();
        while let Some(next) = stack.pop() {
            let schema = match next {
                Node::Ref(reference) => {
                    if let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) {
                        if !name.contains('/') {
                            refs.push(unescape(name));
                        }
                    }
                    continue;
                }
                Node::Schema(schema) => schema,
            };
            // What `named_type` and `lower_schema` follow, in their order.
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    children.extend(object.properties.values().map(node));
                    if let Some(AdditionalProperties::Schema(values)) =
                        &object.additional_properties
                    {
                        children.push(node(values));
                    }
                }
                SchemaKind::Type(Type::Array(array)) => {
                    children.extend(array.items.iter().map(node))
                }
                SchemaKind::AllOf { all_of: members }
                | SchemaKind::OneOf { one_of: members }
                | SchemaKind::AnyOf { any_of: members } => {
                    children.extend(members.iter().map(node))
                }
                _ => {}
            }
            stack.extend(children.drain(..).rev());
        }
        refs
    }

    /// Resolves a schema `$ref` (found at `pointer`) to the Rust name of its component.
    fn schema_ref(&mut self, reference: &str, pointer: &At<'_>) -> Result<String> {
        let at = pointer.key("$ref");
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(name) if !name.contains('/') => self.ensure_component(&unescape(name), &at),
            _ => Err(self.unsupported(
                &at,
                format!("$ref {reference:?}: only references to {SCHEMA_PREFIX}<name> are supported here"),
            )),
        }
    }

    /// A named type for a schema that defines one (object or enum); other
    /// schemas become aliases.
    fn named_type(&mut self, rust: &str, schema: &'a Schema, pointer: &At<'_>) -> Result<TypeDef> {
        let description = schema.schema_data.description.clone();
        let mut discriminated = false;
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            // An inline schema wrapped in a one-member `allOf` defines the
            // type itself, under this name.
            if let Some(index) = self.all_of_single(all_of) {
                if let ReferenceOr::Item(member) = &all_of[index] {
                    let all_of_at = pointer.key("allOf");
                    self.enter_schema(pointer)?;
                    let member_at = member_at(pointer, &all_of_at, all_of, index);
                    let def = self.named_type(rust, member, &member_at);
                    self.depth -= 1;
                    let mut def = def?;
                    def.description = description.or(def.description);
                    return Ok(def);
                }
            }
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object))
                if !object.properties.is_empty()
                    || matches!(
                        object.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    ) =>
            {
                let mut fields = self.object_fields(rust, object, pointer)?;
                let required = object.required.iter().map(String::as_str).enumerate();
                self.add_undeclared(&mut fields, required, &pointer.key("required"));
                claim_field_names(&mut fields);
                TypeKind::Struct(fields)
            }
            SchemaKind::AllOf { all_of }
                if self.all_of_single(all_of).is_none() && !all_of.iter().all(annotates) =>
            {
                TypeKind::Struct(self.merge_all_of(rust, all_of, pointer)?)
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
                if string_enum_members(members).is_some() =>
            {
                // Alternatives that are each a list of strings (often one
                // string each, with its own description) are one list.
                let values = string_enum_members(members).unwrap_or_default();
                TypeKind::StringEnum(self.enum_variants(&values, true, pointer)?)
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                let variants = self.union_variants(rust, members, &pointer.key(key))?;
                match &schema.schema_data.discriminator {
                    Some(discriminator) => {
                        discriminated = true;
                        TypeKind::Union(self.tag_variants(
                            variants,
                            members,
                            discriminator,
                            pointer,
                        ))
                    }
                    None => TypeKind::Union(variants),
                }
            }
            SchemaKind::Type(Type::Integer(integer)) if lists_values(&integer.enumeration) => {
                TypeKind::IntEnum(self.int_variants(
                    &integer.enumeration,
                    schema.schema_data.nullable,
                    pointer,
                )?)
            }
            SchemaKind::Type(Type::Number(number))
                if lists_values(&number.enumeration)
                    && whole_values(&number.enumeration).is_some() =>
            {
                let values = whole_values(&number.enumeration).unwrap_or_default();
                TypeKind::IntEnum(self.int_variants(
                    &values,
                    schema.schema_data.nullable,
                    pointer,
                )?)
            }
            SchemaKind::Type(Type::String(string)) if lists_values(&string.enumeration) => {
                TypeKind::StringEnum(self.enum_variants(
                    &string.enumeration,
                    schema.schema_data.nullable,
                    pointer,
                )?)
            }
            _ => {
                let lowered = self.lower_schema(schema, pointer, &Hint::Name(rust))?;
                TypeKind::Alias(lowered.ty, lowered.constraints)
            }
        };
        if schema.schema_data.discriminator.is_some() && !discriminated {
            let message = match &schema.schema_kind {
                SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                    "the discriminator is not used (the alternatives are strings, not objects)"
                }
                _ => {
                    "a discriminator beside no oneOf/anyOf (a base schema its subtypes extend \
                     with allOf) picks no type: the value decodes as this schema"
                }
            };
            self.warn(&pointer.key("discriminator"), message);
        }
        Ok(TypeDef {
            name: rust.to_owned(),
            description,
            kind,
        })
    }

    /// The fields of an object: one per property, then, when
    /// `additionalProperties` gives the schema of the properties it does not
    /// name, the map of those (flattened into the object on the wire).
    /// `additionalProperties: true` beside `properties` adds nothing: other
    /// properties are ignored when decoding, as the spec allows them.
    fn object_fields(
        &mut self,
        owner: &str,
        object: &'a ObjectType,
        pointer: &At<'_>,
    ) -> Result<Vec<Field>> {
        let mut fields = self.fields(owner, object, pointer)?;
        if let Some(AdditionalProperties::Schema(values)) = &object.additional_properties {
            let value = self.lower_schema_ref(
                values,
                &pointer.key("additionalProperties"),
                &Hint::Name(owner).suffix("Value"),
            )?;
            fields.push(Field {
                wire_name: String::new(),
                field_name: String::new(),
                ty: TypeRef::Map(Box::new(value.ty)),
                required: false,
                nullable: false,
                boxed: false,
                description: Some("The properties not listed above, by name.".to_owned()),
                constraints: Constraints::default().with_items(value.constraints),
                default: None,
                default_doc: None,
                flatten: true,
            });
        }
        Ok(fields)
    }

    /// Adds a field for each name in `required` (with its index in the
    /// list at `required_at`) that no field has: an optional field of any
    /// JSON value, with a warning. The spec says the property is there but
    /// not what it holds; an optional field lets a request carry it and
    /// lets a response decode whether or not the server sends it.
    fn add_undeclared<'r>(
        &mut self,
        fields: &mut Vec<Field>,
        required: impl Iterator<Item = (usize, &'r str)>,
        required_at: &At<'_>,
    ) {
        let mut known: FastSet<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
        for (index, name) in required {
            if !known.insert(name.to_owned()) {
                continue;
            }
            self.warn(
                &required_at.index(index),
                format!(
                    "required property {name:?} is not among the properties; it becomes an optional field of any JSON value"
                ),
            );
            fields.push(Field {
                wire_name: name.to_owned(),
                field_name: String::new(),
                ty: TypeRef::Json,
                required: false,
                nullable: false,
                boxed: false,
                description: None,
                constraints: Constraints::default(),
                default: None,
                default_doc: None,
                flatten: false,
            });
        }
    }

    /// The fields of the object at `pointer`, one per property, in order;
    /// `owner` names the inline types they define.
    fn fields(
        &mut self,
        owner: &str,
        object: &'a ObjectType,
        pointer: &At<'_>,
    ) -> Result<Vec<Field>> {
        let properties = pointer.key("properties");
        self.within(
            object.properties.len(),
            limits::MAX_PROPERTIES,
            &properties,
            "properties",
        )?;
        let owner = Hint::Name(owner);
        let mut scope = Scope::with_reserved(super::naming::reserved::FIELDS);
        let mut fields = Vec::with_capacity(object.properties.len());
        // A set only when a scan per property could cost much.
        let required_set: Option<FastSet<&str>> = (object.required.len() > 16)
            .then(|| object.required.iter().map(String::as_str).collect());
        for (wire_name, schema) in &object.properties {
            let at = properties.key(wire_name);
            let lowered = self.lower_boxed(schema, &at, &owner.pascal(wire_name))?;
            let boxed = matches!(&lowered.ty, TypeRef::Named(n) if self.active.contains(n));
            let required = match &required_set {
                Some(set) => set.contains(wire_name.as_str()),
                None => object.required.contains(wire_name),
            };
            let default = match lowered.default {
                Some(value) if !required && !lowered.nullable && !boxed => {
                    self.default_value(&lowered.ty, value)
                }
                _ => None,
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                field_name: scope.claim(snake(wire_name)),
                ty: lowered.ty,
                required,
                nullable: lowered.nullable,
                boxed,
                description: lowered.description.cloned(),
                constraints: lowered.constraints,
                default,
                default_doc: lowered.default.map(|v| v.to_string()),
                flatten: false,
            });
        }
        Ok(fields)
    }

    /// Refuses a `pattern` the generated crate could not compile: a syntax
    /// the `regex` crate does not have (look-around, backreferences), or one
    /// whose compiled form exceeds [`PATTERN_SIZE_LIMIT`].
    /// Whether the client can check `pattern` before sending. One the
    /// regex crate cannot compile within its limits (look-around, say) is
    /// left to the server, with a warning: the client is still right, it
    /// only checks less.
    fn check_pattern(&mut self, at: &At<'_>, pattern: &str) -> bool {
        match regex::RegexBuilder::new(pattern)
            .size_limit(PATTERN_SIZE_LIMIT)
            .dfa_size_limit(PATTERN_SIZE_LIMIT)
            .build()
        {
            Ok(_) => true,
            Err(error) => {
                let error = error.to_string();
                let reason = error.lines().last().unwrap_or_default().trim();
                self.warn(
                    at,
                    format!("the client does not check this pattern (the regex crate cannot compile it within its limits: {reason}); the server still does"),
                );
                false
            }
        }
    }

    /// The `default` `value` as the generated code can set it on a `ty`:
    /// a scalar of that type or a variant of that enum; `None` otherwise
    /// (the default is then only documented).
    pub(super) fn default_value(
        &self,
        ty: &TypeRef,
        value: &serde_json::Value,
    ) -> Option<DefaultValue> {
        use serde_json::Value;
        match (ty, value) {
            (TypeRef::String, Value::String(text)) => Some(DefaultValue::String(text.clone())),
            (TypeRef::Boolean, Value::Bool(flag)) => Some(DefaultValue::Bool(*flag)),
            (TypeRef::I64, Value::Number(n)) => n.as_i64().map(DefaultValue::Int),
            (TypeRef::U64, Value::Number(n)) => {
                n.as_i64().filter(|v| *v >= 0).map(DefaultValue::Int)
            }
            (TypeRef::I32, Value::Number(n)) => n
                .as_i64()
                .filter(|v| i32::try_from(*v).is_ok())
                .map(DefaultValue::Int),
            (TypeRef::F64, Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
            (TypeRef::F32, Value::Number(n)) => n
                .as_f64()
                .filter(|v| v.abs() <= f64::from(f32::MAX))
                .map(DefaultValue::Float),
            (TypeRef::Named(name), value) => {
                let variant = match (self.type_kind(name)?, value) {
                    (TypeKind::StringEnum(variants), Value::String(text)) => variants
                        .iter()
                        .find(|v| &v.wire_value == text)
                        .map(|v| v.variant_name.clone()),
                    (TypeKind::IntEnum(variants), Value::Number(n)) => variants
                        .iter()
                        .find(|v| Some(v.value) == n.as_i64())
                        .map(|v| v.variant_name.clone()),
                    _ => None,
                }?;
                Some(DefaultValue::Variant {
                    enum_name: name.clone(),
                    variant_name: variant,
                })
            }
            _ => None,
        }
    }

    /// The fields of the objects an `allOf` lists (inline, `$ref`, or
    /// nested `allOf`), merged in order: the union of the properties, a
    /// property required if any member requires it. A property that two
    /// members give different types is refused. Referenced components are
    /// lowered once and their fields reused, so their inline types are too.
    fn merge_all_of(
        &mut self,
        owner: &str,
        members: &'a [ReferenceOr<Schema>],
        pointer: &At<'_>,
    ) -> Result<Vec<Field>> {
        let all_of = pointer.key("allOf");
        let mut merged: Vec<(Field, Origin)> = Vec::new();
        let mut by_name: FastMap<String, usize> = FastMap::default();
        // The `required` lists of inline members apply to the merged object:
        // a member may require what another one describes.
        let mut required: Vec<(usize, usize, &'a str)> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if annotates(member) {
                // A `description` or `nullable` of its own adds no field.
                continue;
            }
            if let ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(Type::Object(object)),
                ..
            }) = member
            {
                required.extend(
                    object
                        .required
                        .iter()
                        .enumerate()
                        .map(|(i, name)| (index, i, name.as_str())),
                );
            }
            let at = member_at(pointer, &all_of, members, index);
            for (field, own_property) in self.all_of_member(owner, member, &at)? {
                let origin = Origin {
                    member: index,
                    own_property,
                    own_keywords: is_own_keywords(member),
                };
                self.merge_field(&mut merged, &mut by_name, field, origin, pointer)?;
            }
        }
        self.spend_merge_budget(merged.len(), &all_of)?;
        let mut fields: Vec<Field> = merged.into_iter().map(|(field, _)| field).collect();
        for &(_, _, name) in &required {
            if let Some(&index) = by_name.get(name) {
                fields[index].required = true;
                fields[index].default = None;
            }
        }
        for (member, index, name) in required {
            let member_at = member_at(pointer, &all_of, members, member);
            let required_at = member_at.key("required");
            self.add_undeclared(&mut fields, std::iter::once((index, name)), &required_at);
        }
        claim_field_names(&mut fields);
        Ok(fields)
    }

    /// Counts `fields` more fields made by merging the `allOf` at `all_of`;
    /// refuses the merge past the spec's budget. A chain of `allOf`s, each
    /// adding a property to the previous one, makes a number of fields (and
    /// of generated lines) quadratic in the chain's length.
    fn spend_merge_budget(&mut self, fields: usize, all_of: &At<'_>) -> Result<()> {
        let spec = self.spec;
        let budget = *self.merge_budget.get_or_insert_with(|| {
            (MERGE_FACTOR.saturating_mul(count_properties(spec))).max(MIN_MERGE_BUDGET)
        });
        self.merged_fields = self.merged_fields.saturating_add(fields);
        if self.merged_fields > budget {
            return Err(self.unsupported(
                all_of,
                format!(
                    "allOf merging makes more than {budget} fields across the spec \
                     ({MERGE_FACTOR} times the properties it writes, at least {MIN_MERGE_BUDGET}); \
                     this allOf goes past that"
                ),
            ));
        }
        Ok(())
    }

    /// Adds `field` to `merged`, or merges it into the field of the same
    /// name (found through `by_name`); `schema` is the schema whose `allOf`
    /// is merged, for errors.
    fn merge_field(
        &mut self,
        merged: &mut Vec<(Field, Origin)>,
        by_name: &mut FastMap<String, usize>,
        field: Field,
        origin: Origin,
        schema: &At<'_>,
    ) -> Result<()> {
        let Some(&index) = by_name.get(&field.wire_name) else {
            by_name.insert(field.wire_name.clone(), merged.len());
            merged.push((field, origin));
            return Ok(());
        };
        // When the two members each describe an object (or a list of
        // objects), the value is both: one type with the fields of each.
        let first_ty = merged[index].0.ty.clone();
        if let Some(ty) = self.both_objects(&first_ty, &field.ty, schema)? {
            let (first, _) = &mut merged[index];
            first.ty = ty;
            first.required |= field.required;
            first.nullable |= field.nullable;
            first.boxed |= field.boxed;
            if first.required {
                first.default = None;
            }
            if first.description.is_none() {
                first.description = field.description;
            }
            return Ok(());
        }
        // Two enums of strings with values in neither's list (a typo, or
        // an enum of the later member's own states): values are read
        // whatever they are (enums keep unknown values), and the later
        // member's enum names them.
        let disjoint_enums = first_ty != field.ty
            && self.string_enum(&first_ty)
            && self.string_enum(&field.ty)
            && !self.narrows(&field.ty, &first_ty)
            && !self.narrows(&first_ty, &field.ty);
        if disjoint_enums {
            let wire_name = field.wire_name.clone();
            let first_at = with_origin(schema, merged[index].1, &wire_name, |at| at.to_string());
            with_origin(schema, origin, &wire_name, |at| {
                self.warn(
                    at,
                    format!(
                        "allOf gives property {wire_name:?} an enum that differs from the one at {first_at}; this one is used, and other values decode as unknown"
                    ),
                )
            });
        }
        let (first, first_origin) = &mut merged[index];
        // When one member's type is narrower than the other's (every value
        // of it is one of the other), the merged property has that type.
        // It may be null when a member allows null, so that a response
        // never fails to decode on a null that a member documents.
        let narrower = if disjoint_enums {
            Some(true)
        } else if first.ty == field.ty {
            (first.nullable != field.nullable).then_some(false)
        } else if self.narrows(&field.ty, &first.ty) {
            Some(true)
        } else if self.narrows(&first.ty, &field.ty) {
            Some(false)
        } else {
            None
        };
        if let Some(take_new) = narrower {
            let required = first.required || field.required;
            let nullable = first.nullable || field.nullable;
            if take_new {
                let description = first.description.take();
                *first = Field {
                    description: description.or(field.description),
                    ..field
                };
                *first_origin = origin;
            } else if first.description.is_none() {
                first.description = field.description;
            }
            first.required = required;
            first.nullable = nullable;
            if required {
                first.default = None;
            }
            return Ok(());
        }
        if first.ty != field.ty || first.nullable != field.nullable {
            let wire_name = &field.wire_name;
            let first_at = with_origin(schema, *first_origin, wire_name, |at| at.to_string());
            return Err(with_origin(schema, origin, wire_name, |at| {
                self.unsupported(
                    at,
                    format!(
                        "allOf gives property {wire_name:?} a different type than at {first_at}"
                    ),
                )
            }));
        }
        if field.required && !first.required {
            first.required = true;
            first.default = None;
        }
        if first.description.is_none() {
            first.description = field.description;
        }
        Ok(())
    }

    /// Whether `ty` is a string enum.
    fn string_enum(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name) if matches!(self.type_kind(name), Some(TypeKind::StringEnum(_))))
    }

    /// When `one` and `other` are two different structs (or lists of
    /// them), the struct that has the fields of both, merged as an
    /// `allOf` merges its members' (lists of it for lists); `None` when
    /// they are not. `schema` is the schema whose `allOf` is merged.
    fn both_objects(
        &mut self,
        one: &TypeRef,
        other: &TypeRef,
        schema: &At<'_>,
    ) -> Result<Option<TypeRef>> {
        let (one, other) = match (one, other) {
            (TypeRef::Array(one), TypeRef::Array(other)) => {
                return Ok(self
                    .both_objects(one, other, schema)?
                    .map(|ty| TypeRef::Array(Box::new(ty))));
            }
            (TypeRef::Named(one), TypeRef::Named(other)) if one != other => (one, other),
            _ => return Ok(None),
        };
        let pair = (one.clone(), other.clone());
        if let Some(name) = self.merged_structs.get(&pair) {
            return Ok(Some(TypeRef::Named(name.clone())));
        }
        let (Some(TypeKind::Struct(one_fields)), Some(TypeKind::Struct(other_fields))) =
            (self.type_kind(one), self.type_kind(other))
        else {
            return Ok(None);
        };
        if self.narrows(&TypeRef::Named(one.clone()), &TypeRef::Named(other.clone()))
            || self.narrows(&TypeRef::Named(other.clone()), &TypeRef::Named(one.clone()))
        {
            return Ok(None);
        }
        let lists = [one_fields.clone(), other_fields.clone()];
        let name = self.type_scope.claim(format!("{one}And{other}"));
        self.merged_structs.insert(pair, name.clone());
        let mut merged: Vec<(Field, Origin)> = Vec::new();
        let mut by_name: FastMap<String, usize> = FastMap::default();
        for (member, fields) in lists.into_iter().enumerate() {
            let origin = Origin {
                member,
                own_property: false,
                own_keywords: false,
            };
            for field in fields {
                self.merge_field(&mut merged, &mut by_name, field, origin, schema)?;
            }
        }
        self.spend_merge_budget(merged.len(), &schema.key("allOf"))?;
        let mut fields: Vec<Field> = merged.into_iter().map(|(field, _)| field).collect();
        claim_field_names(&mut fields);
        let description = self
            .types
            .get(self.type_index[one.as_str()])
            .and_then(|def| def.description.clone());
        self.push_type(TypeDef {
            name: name.clone(),
            description,
            kind: TypeKind::Struct(fields),
        });
        Ok(Some(TypeRef::Named(name)))
    }

    /// Whether every value of type `narrow` is one of type `wide`: `wide`
    /// is any JSON value; or a string and `narrow` a list of strings; or a
    /// map of any JSON values and `narrow` an object; or `narrow` lists
    /// some of the strings `wide` lists; or both are objects with the same
    /// fields; or `narrow` is a component built on the component `wide`
    /// (see [`Self::extends`]); or both are arrays of such items.
    fn narrows(&self, narrow: &TypeRef, wide: &TypeRef) -> bool {
        match (narrow, wide) {
            (_, TypeRef::Json) => true,
            (TypeRef::Named(name), TypeRef::String) => {
                matches!(self.type_kind(name), Some(TypeKind::StringEnum(_)))
            }
            (TypeRef::Named(name), TypeRef::Map(values)) if **values == TypeRef::Json => {
                matches!(self.type_kind(name), Some(TypeKind::Struct(_)))
            }
            (TypeRef::Array(narrow), TypeRef::Array(wide)) => {
                narrow == wide || self.narrows(narrow, wide)
            }
            (TypeRef::Named(narrow), TypeRef::Named(wide)) => {
                match (self.type_kind(narrow), self.type_kind(wide)) {
                    (Some(TypeKind::StringEnum(some)), Some(TypeKind::StringEnum(all))) => some
                        .iter()
                        .all(|value| all.iter().any(|v| v.wire_value == value.wire_value)),
                    // The same inline object written out in both members.
                    (Some(TypeKind::Struct(one)), Some(TypeKind::Struct(other))) => {
                        let shape =
                            |f: &Field| (f.wire_name.clone(), f.ty.clone(), f.required, f.nullable);
                        one.iter().map(shape).eq(other.iter().map(shape))
                            || self.extends(narrow, wide)
                    }
                    _ => self.extends(narrow, wide),
                }
            }
            _ => false,
        }
    }

    /// The index of the one member of an `allOf` that says what the value
    /// is, when every other member only annotates it (`description`,
    /// `nullable`) or, beside a `$ref` to a string component (an enum, say),
    /// only says that the value is a string: the `allOf` is then that member.
    fn all_of_single(&self, members: &[ReferenceOr<Schema>]) -> Option<usize> {
        let mut meaningful = members.iter().enumerate().filter(|(_, m)| !annotates(m));
        match (meaningful.next(), meaningful.next()) {
            (Some((index, _)), None) => return Some(index),
            (None, _) => return None,
            _ => {}
        }
        let is_string_component = |member: &ReferenceOr<Schema>| {
            let ReferenceOr::Reference { reference } = member else {
                return false;
            };
            let component = reference
                .strip_prefix(SCHEMA_PREFIX)
                .and_then(|name| self.components.get(unescape(name).as_ref()));
            matches!(
                component.map(|c| c.schema),
                Some(ReferenceOr::Item(Schema {
                    schema_kind: SchemaKind::Type(Type::String(_)),
                    ..
                }))
            )
        };
        let mut references = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !annotates(m) && !plain_string(m));
        match (references.next(), references.next()) {
            (Some((index, member)), None) if is_string_component(member) => Some(index),
            _ => None,
        }
    }

    /// Whether the component type `derived` is built on the component type
    /// `base`: its schema is an `allOf` one of whose members refers to
    /// `base`, or to a component built on it.
    fn extends(&self, derived: &str, base: &str) -> bool {
        let schema_of = |rust: &str| {
            self.components
                .values()
                .find(|component| component.rust == rust)
                .map(|component| component.schema)
        };
        let mut pending = vec![derived];
        // Each component is looked into once, so cycles end.
        let mut seen: FastSet<&str> = FastSet::default();
        while let Some(name) = pending.pop() {
            if !seen.insert(name) {
                continue;
            }
            let Some(ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::AllOf { all_of },
                ..
            })) = schema_of(name)
            else {
                continue;
            };
            for member in all_of {
                let ReferenceOr::Reference { reference } = member else {
                    continue;
                };
                let Some(target) = reference
                    .strip_prefix(SCHEMA_PREFIX)
                    .and_then(|spec_name| self.components.get(unescape(spec_name).as_ref()))
                else {
                    continue;
                };
                if target.rust == base {
                    return true;
                }
                pending.push(&target.rust);
            }
        }
        false
    }

    /// The fields one `allOf` member (at `pointer`) contributes, each with
    /// whether it is one of the member's own `properties`.
    fn all_of_member(
        &mut self,
        owner: &str,
        member: &'a ReferenceOr<Schema>,
        pointer: &At<'_>,
    ) -> Result<Vec<(Field, bool)>> {
        let schema = match member {
            ReferenceOr::Reference { reference } => {
                let mut name = self.schema_ref(reference, pointer)?;
                // A component that is another one under a second name
                // (`$ref` alone) merges as that one; the walk is bounded by
                // the number of types, so a cycle of names cannot hold it.
                for _ in 0..self.types.len() {
                    match self.type_kind(&name) {
                        Some(TypeKind::Alias(TypeRef::Named(target), _)) => name = target.clone(),
                        _ => break,
                    }
                }
                let Some(TypeKind::Struct(fields)) = self.type_kind(&name) else {
                    let problem = if self.active.contains(&name) {
                        "includes the schema being merged (an allOf cannot contain itself)"
                    } else {
                        "is not an object (only objects are merged)"
                    };
                    return Err(
                        self.unsupported(pointer, format!("this allOf member ({name}) {problem}"))
                    );
                };
                return Ok(fields.iter().map(|f| (f.clone(), false)).collect());
            }
            ReferenceOr::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                self.enter_schema(pointer)?;
                let fields = self.merge_all_of(owner, all_of, pointer);
                self.depth -= 1;
                Ok(fields?.into_iter().map(|f| (f, false)).collect())
            }
            SchemaKind::Type(Type::Object(object)) => {
                let fields = self.object_fields(owner, object, pointer)?;
                Ok(fields.into_iter().map(|f| (f, true)).collect())
            }
            _ => Err(self.unsupported(
                pointer,
                "an allOf member that is not an object (only objects are merged)".into(),
            )),
        }
    }

    /// The variants of a `oneOf`/`anyOf` (at `pointer`): a referenced
    /// schema gives its type name, an inline one a name after its type
    /// (`String`, `I64`, `Object`, ...), made unique in order.
    fn union_variants(
        &mut self,
        owner: &str,
        members: &'a [ReferenceOr<Schema>],
        pointer: &At<'_>,
    ) -> Result<Vec<UnionVariant>> {
        if members.is_empty() {
            return Err(self.invalid(pointer, "an empty list of alternatives".into()));
        }
        let owner = Hint::Name(owner);
        let mut scope = Scope::default();
        let mut variants = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let word = match member {
                ReferenceOr::Reference { .. } => None,
                ReferenceOr::Item(schema) => Some(
                    extended_component(schema)
                        .or_else(|| short_title(schema))
                        .map(|name| pascal(&name))
                        .filter(|name| !name.is_empty())
                        .unwrap_or_else(|| variant_word(schema).to_owned()),
                ),
            };
            let hint = owner.suffix(word.as_deref().unwrap_or("Variant"));
            let lowered = self.lower_schema_ref(member, &pointer.index(index), &hint)?;
            let name = match (word, &lowered.ty) {
                (None, TypeRef::Named(name)) => name.clone(),
                (Some(word), ty) => type_word(ty).map_or(word, str::to_owned),
                (None, _) => "Variant".to_owned(),
            };
            let boxed = matches!(&lowered.ty, TypeRef::Named(n) if self.active.contains(n));
            variants.push(UnionVariant {
                variant_name: scope.claim(name),
                ty: lowered.ty,
                boxed,
                constraints: lowered.constraints,
                tag: None,
            });
        }
        Ok(variants)
    }

    /// The variants of a union with a `discriminator`, each with its tag:
    /// one per mapping key that names a member, or the member's component
    /// name when no key does (as OpenAPI says). Where the discriminator
    /// cannot be honoured, the variants as they are, and a warning.
    fn tag_variants(
        &mut self,
        variants: Vec<UnionVariant>,
        members: &'a [ReferenceOr<Schema>],
        discriminator: &'a openapiv3::Discriminator,
        pointer: &At<'_>,
    ) -> Vec<UnionVariant> {
        match self.tags(&variants, members, discriminator) {
            Ok(tags) => {
                let mut scope = Scope::with_reserved(&["Unknown"]);
                let mut tagged = Vec::with_capacity(tags.len());
                for (variant, member_tags) in variants.iter().zip(tags) {
                    let several = member_tags.len() > 1;
                    for value in member_tags {
                        // A member several values select: a variant per value,
                        // named after it.
                        let name = if several {
                            pascal(&value)
                        } else {
                            variant.variant_name.clone()
                        };
                        tagged.push(UnionVariant {
                            variant_name: scope.claim(name),
                            tag: Some(Tag {
                                property: discriminator.property_name.clone(),
                                value,
                            }),
                            ..variant.clone()
                        });
                    }
                }
                tagged
            }
            Err(reason) => {
                self.warn(
                    &pointer.key("discriminator"),
                    format!(
                        "the discriminator is not used ({reason}); a value decodes as the first alternative that accepts it"
                    ),
                );
                variants
            }
        }
    }

    /// Each member's tags, or why the discriminator cannot pick members:
    /// every member must be a reference to an object component whose
    /// property, if it declares it, is a string.
    fn tags(
        &self,
        variants: &[UnionVariant],
        members: &'a [ReferenceOr<Schema>],
        discriminator: &'a openapiv3::Discriminator,
    ) -> std::result::Result<Vec<Vec<String>>, String> {
        let property = discriminator.property_name.as_str();
        let mut names = Vec::with_capacity(members.len());
        for (index, (member, variant)) in members.iter().zip(variants).enumerate() {
            let name = match member {
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix(SCHEMA_PREFIX)
                    .filter(|name| !name.contains('/'))
                    .map(unescape),
                ReferenceOr::Item(_) => None,
            };
            let Some(name) = name else {
                return Err(format!(
                    "alternative {index} is not a reference to a component schema"
                ));
            };
            let fields = match self.without_alias(&variant.ty) {
                TypeRef::Named(rust) => match self.type_kind(rust) {
                    Some(TypeKind::Struct(fields)) => fields,
                    // A member being lowered (it refers back to the union):
                    // its schema says what it will be.
                    None if self.active.contains(rust) => {
                        self.pending_member_is_tagged(&name, property)?;
                        names.push(name);
                        continue;
                    }
                    _ => return Err(format!("{name} is not an object")),
                },
                _ => return Err(format!("{name} is not an object")),
            };
            if let Some(field) = fields
                .iter()
                .find(|f| !f.flatten && f.wire_name == property)
            {
                let string = match self.without_alias(&field.ty) {
                    TypeRef::String => true,
                    TypeRef::Named(rust) => {
                        matches!(self.type_kind(rust), Some(TypeKind::StringEnum(_)))
                    }
                    _ => false,
                };
                if !string {
                    return Err(format!("property {property:?} of {name} is not a string"));
                }
            }
            names.push(name);
        }
        let mut tags: Vec<Vec<String>> = vec![Vec::new(); members.len()];
        for (value, target) in &discriminator.mapping {
            let named = match target.strip_prefix(SCHEMA_PREFIX) {
                Some(name) => unescape(name),
                None if !target.contains(['#', '/']) => Cow::Borrowed(target.as_str()),
                None => return Err(format!("mapping {value:?} is not a component schema")),
            };
            let Some(index) = names.iter().position(|name| *name == named) else {
                return Err(format!(
                    "mapping {value:?} names {named}, which is not one of the alternatives"
                ));
            };
            tags[index].push(value.clone());
        }
        for (member_tags, name) in tags.iter_mut().zip(&names) {
            if member_tags.is_empty() {
                member_tags.push(name.to_string());
            }
        }
        let mut seen = FastSet::default();
        for value in tags.iter().flatten() {
            if !seen.insert(value.as_str()) {
                return Err(format!("the value {value:?} would select two alternatives"));
            }
        }
        Ok(tags)
    }

    /// Whether the component `name`, still being lowered, is an object
    /// whose `property`, if it declares it, is an inline string.
    fn pending_member_is_tagged(
        &self,
        name: &str,
        property: &str,
    ) -> std::result::Result<(), String> {
        let schema = match self.components.get(name).map(|c| c.schema) {
            Some(ReferenceOr::Item(schema)) => schema,
            _ => return Err(format!("{name} is not an object")),
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Err(format!("{name} is not an object"));
        };
        match object.properties.get(property) {
            None => Ok(()),
            Some(ReferenceOr::Item(schema))
                if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) =>
            {
                Ok(())
            }
            Some(_) => Err(format!("property {property:?} of {name} is not a string")),
        }
    }

    /// The variants of an integer enum: `V1`, `V2`, `Minus1`.
    fn int_variants(
        &self,
        values: &[Option<i64>],
        nullable: bool,
        pointer: &At<'_>,
    ) -> Result<Vec<IntVariant>> {
        let enum_at = pointer.key("enum");
        self.within(
            values.len(),
            limits::MAX_ENUM_VALUES,
            &enum_at,
            "enum values",
        )?;
        let mut scope = Scope::default();
        let mut seen = FastSet::default();
        let mut variants: Vec<IntVariant> = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            let Some(value) = *value else {
                if nullable {
                    continue;
                }
                return Err(self.unsupported(
                    &enum_at.index(index),
                    "null as an enum value without `nullable: true`".into(),
                ));
            };
            if !seen.insert(value) {
                return Err(self.invalid(
                    &enum_at.index(index),
                    format!("enum value {value} appears twice"),
                ));
            }
            let name = if value < 0 {
                format!("Minus{}", value.unsigned_abs())
            } else {
                format!("V{value}")
            };
            variants.push(IntVariant {
                value,
                variant_name: scope.claim(name),
            });
        }
        if variants.is_empty() {
            return Err(
                self.unsupported(&enum_at, "an enum without any value other than null".into())
            );
        }
        Ok(variants)
    }

    /// The variants of a string enum. `null` among the values is the
    /// OpenAPI 3.0 way to allow null in a `nullable` enum: it gets no variant
    /// (a nullable value is an `Option` already).
    fn enum_variants(
        &self,
        values: &[Option<String>],
        nullable: bool,
        pointer: &At<'_>,
    ) -> Result<Vec<EnumVariant>> {
        let enum_at = pointer.key("enum");
        self.within(
            values.len(),
            limits::MAX_ENUM_VALUES,
            &enum_at,
            "enum values",
        )?;
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = FastSet::default();
        let mut variants = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            let Some(value) = value else {
                if nullable {
                    continue;
                }
                return Err(self.unsupported(
                    &enum_at.index(index),
                    "null as an enum value without `nullable: true`".into(),
                ));
            };
            if !seen.insert(value.as_str()) {
                return Err(self.invalid(
                    &enum_at.index(index),
                    format!("enum value {value:?} appears twice"),
                ));
            }
            variants.push(EnumVariant {
                wire_value: value.clone(),
                variant_name: scope.claim(pascal(value)),
            });
        }
        if variants.is_empty() {
            return Err(
                self.unsupported(&enum_at, "an enum without any value other than null".into())
            );
        }
        Ok(variants)
    }

    fn lower_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Lowered<'a>> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_schema(schema, pointer, hint),
        }
    }

    /// Lowers a schema or reference; `hint` names any inline type it defines.
    pub(super) fn lower_schema_ref(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Lowered<'a>> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_schema(schema, pointer, hint),
        }
    }

    fn lower_reference(&mut self, reference: &str, pointer: &At<'_>) -> Result<Lowered<'a>> {
        let name = self.schema_ref(reference, pointer)?;
        // A component that allows null allows it wherever it is used.
        let nullable = reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|name| self.components.get(unescape(name).as_ref()))
            .is_some_and(|c| matches!(c.schema, ReferenceOr::Item(s) if s.schema_data.nullable));
        Ok(Lowered {
            ty: TypeRef::Named(name),
            constraints: Constraints::default(),
            nullable,
            description: None,
            default: None,
        })
    }

    /// Lowers an inline schema, one level deeper than its parent.
    fn lower_schema(
        &mut self,
        schema: &'a Schema,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Lowered<'a>> {
        self.enter_schema(pointer)?;
        let lowered = self.lower_schema_here(schema, pointer, hint);
        self.depth -= 1;
        lowered
    }

    /// Counts one more level of inline schemas; refuses one level too many,
    /// since the lowering recurses per level.
    fn enter_schema(&mut self, pointer: &At<'_>) -> Result<()> {
        if self.depth >= MAX_SCHEMA_DEPTH {
            return Err(self.unsupported(
                pointer,
                format!("schemas nested more than {MAX_SCHEMA_DEPTH} deep"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn lower_schema_here(
        &mut self,
        schema: &'a Schema,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Lowered<'a>> {
        let mut constraints = Constraints::default();
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if only_null(&string.enumeration) {
                    TypeRef::Json
                } else if string.enumeration.is_empty() {
                    constraints.max_length = string.max_length;
                    constraints.min_length = string.min_length;
                    if let Some(pattern) = &string.pattern {
                        if self.check_pattern(&pointer.key("pattern"), pattern) {
                            constraints.pattern = Some(pattern.clone());
                        }
                    }
                    TypeRef::String
                } else {
                    // The listed values are all a value can be: length and
                    // pattern add nothing to check.
                    self.inline_type(schema, pointer, hint)?
                }
            }
            SchemaKind::Type(Type::Boolean(boolean)) if only_null(&boolean.enumeration) => {
                TypeRef::Json
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Integer(integer)) if only_null(&integer.enumeration) => {
                TypeRef::Json
            }
            SchemaKind::Type(Type::Number(number)) if only_null(&number.enumeration) => {
                TypeRef::Json
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                if !integer.enumeration.is_empty() {
                    return self.inline_lowered(schema, pointer, hint);
                }
                constraints.minimum = integer.minimum.map(|value| Bound {
                    value: value.into(),
                    exclusive: integer.exclusive_minimum,
                });
                constraints.maximum = integer.maximum.map(|value| Bound {
                    value: value.into(),
                    exclusive: integer.exclusive_maximum,
                });
                if let VariantOrUnknownOrEmpty::Unknown(format) = &integer.format {
                    if !UNSIGNED_64.contains(&format.as_str())
                        && !INTEGER_FORMATS_WITHIN_I64.contains(&format.as_str())
                    {
                        self.warn(
                            &pointer.key("format"),
                            format!("integer format {format:?} is not one the client knows; read as a 64-bit signed integer, which fails to decode a value outside that range"),
                        );
                    }
                }
                match &integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                    VariantOrUnknownOrEmpty::Unknown(format)
                        if UNSIGNED_64.contains(&format.as_str()) =>
                    {
                        TypeRef::U64
                    }
                    _ => TypeRef::I64,
                }
            }
            SchemaKind::Type(Type::Number(number)) => {
                if !number.enumeration.is_empty() {
                    if whole_values(&number.enumeration).is_some() {
                        return self.inline_lowered(schema, pointer, hint);
                    }
                    self.warn(
                        &pointer.key("enum"),
                        "an enum of numbers that are not all whole: any number is accepted",
                    );
                }
                // A bound that is not a finite number (YAML's `.inf`) limits nothing.
                let bound = |value: Option<f64>, exclusive: bool| {
                    Some(Bound {
                        value: serde_json::Number::from_f64(value?)?,
                        exclusive,
                    })
                };
                constraints.minimum = bound(number.minimum, number.exclusive_minimum);
                constraints.maximum = bound(number.maximum, number.exclusive_maximum);
                if let VariantOrUnknownOrEmpty::Unknown(format) = &number.format {
                    if !INTEGER_FORMATS_WITHIN_I64.contains(&format.as_str()) {
                        self.warn(
                            &pointer.key("format"),
                            format!("number format {format:?} is not one the client knows; read as a 64-bit float, which may round the value"),
                        );
                    }
                }
                match number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                constraints.max_items = array.max_items;
                constraints.min_items = array.min_items;
                constraints.unique_items = array.unique_items;
                let item = match &array.items {
                    None => TypeRef::Json,
                    Some(items) => {
                        let item =
                            self.lower_boxed(items, &pointer.key("items"), &hint.suffix("Item"))?;
                        constraints = constraints.with_items(item.constraints);
                        item.ty
                    }
                };
                TypeRef::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    match &object.additional_properties {
                        None | Some(AdditionalProperties::Any(true)) => TypeRef::Json,
                        Some(AdditionalProperties::Any(false)) => {
                            self.inline_type(schema, pointer, hint)?
                        }
                        Some(AdditionalProperties::Schema(values)) => {
                            let value = self.lower_schema_ref(
                                values,
                                &pointer.key("additionalProperties"),
                                &hint.suffix("Value"),
                            )?;
                            constraints = constraints.with_items(value.constraints);
                            TypeRef::Map(Box::new(value.ty))
                        }
                    }
                } else {
                    self.inline_type(schema, pointer, hint)?
                }
            }
            SchemaKind::Any(any) if says_nothing_of_type(any) => TypeRef::Json,
            // Members that only annotate: any JSON value.
            SchemaKind::AllOf { all_of } if all_of.iter().all(annotates) => TypeRef::Json,
            SchemaKind::AllOf { all_of } => match self.all_of_single(all_of) {
                // `allOf: [$ref]`, the usual way to describe a referenced
                // type (with the wrapper's own `nullable` or `description`),
                // or one member beside members that only annotate.
                Some(index) => {
                    let all_of_at = pointer.key("allOf");
                    let member_at = member_at(pointer, &all_of_at, all_of, index);
                    let member = self.lower_schema_ref(&all_of[index], &member_at, hint)?;
                    let data = &schema.schema_data;
                    let annotated = all_of.iter().any(|m| {
                        matches!(m, ReferenceOr::Item(m) if m.schema_data.nullable)
                    });
                    return Ok(Lowered {
                        nullable: data.nullable || annotated || member.nullable,
                        description: data.description.as_ref().or(member.description),
                        default: data.default.as_ref().or(member.default),
                        ..member
                    });
                }
                None => self.inline_type(schema, pointer, hint)?,
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline_type(schema, pointer, hint)?
            }
            SchemaKind::Not { .. } => return Err(self.unsupported(pointer, "not".into())),
            SchemaKind::Any(any) => {
                return Err(self.unsupported(
                    pointer,
                    format!(
                        "a schema whose keywords do not describe one type ({}); set `type`, or leave the schema empty for any JSON value",
                        any_keywords(any)
                    ),
                ))
            }
        };
        Ok(Lowered {
            ty,
            constraints,
            nullable: schema.schema_data.nullable,
            description: schema.schema_data.description.as_ref(),
            default: schema.schema_data.default.as_ref(),
        })
    }

    /// An inline schema that defines a named type, lowered as such.
    fn inline_lowered(
        &mut self,
        schema: &'a Schema,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<Lowered<'a>> {
        Ok(Lowered {
            ty: self.inline_type(schema, pointer, hint)?,
            constraints: Constraints::default(),
            nullable: schema.schema_data.nullable,
            description: schema.schema_data.description.as_ref(),
            default: schema.schema_data.default.as_ref(),
        })
    }

    /// Defines a named type for an inline object or enum, named after `hint`.
    fn inline_type(
        &mut self,
        schema: &'a Schema,
        pointer: &At<'_>,
        hint: &Hint<'_>,
    ) -> Result<TypeRef> {
        let name = self.type_scope.claim(pascal(&hint.render()));
        self.active.insert(name.clone());
        let def = self.named_type(&name, schema, pointer);
        self.active.remove(&name);
        self.push_type(def?);
        Ok(TypeRef::Named(name))
    }
}

/// Calls `f` with the node that a field merged by the `allOf` list at
/// `all_of` comes from.
fn with_origin<R>(
    schema: &At<'_>,
    origin: Origin,
    wire_name: &str,
    f: impl FnOnce(&At<'_>) -> R,
) -> R {
    let all_of = schema.key("allOf");
    let member = if origin.own_keywords {
        *schema
    } else {
        all_of.index(origin.member)
    };
    if origin.own_property {
        let properties = member.key("properties");
        f(&properties.key(wire_name))
    } else {
        f(&member)
    }
}

/// The place of member `index` of the `allOf` at `all_of` of the schema at
/// `schema`: the schema itself for the member that holds its own keywords.
fn member_at<'q>(
    schema: &'q At<'q>,
    all_of: &'q At<'q>,
    members: &[ReferenceOr<Schema>],
    index: usize,
) -> At<'q> {
    if members.get(index).is_some_and(is_own_keywords) {
        *schema
    } else {
        all_of.index(index)
    }
}

/// Whether an `allOf` member only annotates the value (`description`,
/// `nullable`, an example): it says nothing of what the value is.
fn annotates(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == openapiv3::AnySchema::default())
}

/// Whether an `allOf` member says only that the value is a string, with
/// no constraint (annotations aside).
fn plain_string(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::String(string)), .. })
        if string.enumeration.is_empty() && string.pattern.is_none() && string.min_length.is_none() && string.max_length.is_none())
}

/// Whether an untyped schema constrains nothing about the kind of value
/// (only `format`, `pattern` or bounds that apply to several types, if
/// anything; or an `enum` of `null` alone): it stands for any JSON value.
fn says_nothing_of_type(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.iter().all(serde_json::Value::is_null)
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// The keywords of an untyped schema that say what kind of value it is, for
/// an error.
fn any_keywords(any: &openapiv3::AnySchema) -> String {
    let present = [
        ("type", any.typ.is_some()),
        ("properties", !any.properties.is_empty()),
        ("required", !any.required.is_empty()),
        ("additionalProperties", any.additional_properties.is_some()),
        ("items", any.items.is_some()),
        ("enum", !any.enumeration.is_empty()),
        ("allOf", !any.all_of.is_empty()),
        ("oneOf", !any.one_of.is_empty()),
        ("anyOf", !any.any_of.is_empty()),
        ("not", any.not.is_some()),
    ];
    let names: Vec<&str> = present
        .iter()
        .filter(|(_, here)| *here)
        .map(|(name, _)| *name)
        .collect();
    names.join(", ")
}

/// The values of a `oneOf`/`anyOf` whose members are all inline string
/// enums, in order, each once (`null` as `None`).
fn string_enum_members(members: &[ReferenceOr<Schema>]) -> Option<Vec<Option<String>>> {
    let mut values: Vec<Option<String>> = Vec::new();
    let mut seen: FastSet<Option<&str>> = FastSet::default();
    for member in members {
        let ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::String(string)),
            ..
        }) = member
        else {
            return None;
        };
        if !lists_values(&string.enumeration) {
            return None;
        }
        for value in &string.enumeration {
            if seen.insert(value.as_deref()) {
                values.push(value.clone());
            }
        }
    }
    (!values.is_empty()).then_some(values)
}

/// Whether an `enum` lists a value other than `null`.
fn lists_values<T>(values: &[Option<T>]) -> bool {
    values.iter().any(Option::is_some)
}

/// Whether an `enum` lists `null` alone: the value is always null, which
/// the client keeps as a JSON value.
fn only_null<T>(values: &[Option<T>]) -> bool {
    !values.is_empty() && !lists_values(values)
}

/// The values of a number enum as integers, when every one is a whole
/// number within `i64` (`null` as `None`).
fn whole_values(values: &[Option<f64>]) -> Option<Vec<Option<i64>>> {
    values
        .iter()
        .map(|value| match value {
            None => Some(None),
            Some(v) if v.fract() == 0.0 && *v >= i64::MIN as f64 && *v < i64::MAX as f64 => {
                Some(Some(*v as i64))
            }
            Some(_) => None,
        })
        .collect()
}

/// Gives each field its Rust name, in order, unique within the struct; the
/// map of other properties is `additional_properties`.
fn claim_field_names(fields: &mut [Field]) {
    let mut scope = Scope::with_reserved(super::naming::reserved::FIELDS);
    for field in fields {
        let wanted = if field.flatten {
            "additional_properties".to_owned()
        } else {
            snake(&field.wire_name)
        };
        field.field_name = scope.claim(wanted);
    }
}

/// The component an inline `allOf` union member is built on (its first
/// member, a `$ref`), which names the variant better than its shape does.
fn extended_component(schema: &Schema) -> Option<String> {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
        return None;
    };
    let Some(ReferenceOr::Reference { reference }) = all_of.first() else {
        return None;
    };
    let name = reference.strip_prefix(SCHEMA_PREFIX)?;
    Some(unescape(name).into_owned())
}

/// An inline union member's `title` when it is a name of a few words
/// (`NagiosChannel`, `new paging style`), not a sentence.
fn short_title(schema: &Schema) -> Option<String> {
    let title = schema.schema_data.title.as_deref()?.trim();
    let words = title.split_whitespace().count();
    (words > 0
        && words <= 4
        && title
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-'))
    .then(|| title.to_owned())
}

/// The word that names an inline union member after its schema type.
fn variant_word(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => "Enum",
        SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => "Enum",
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "I64",
        SchemaKind::Type(Type::Number(_)) => "F64",
        SchemaKind::Type(Type::Boolean(_)) => "Bool",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => "Object",
        _ => "Variant",
    }
}

/// The variant name of a lowered scalar type (`I32` for `int32`), if any.
fn type_word(ty: &TypeRef) -> Option<&'static str> {
    match ty {
        TypeRef::I32 => Some("I32"),
        TypeRef::U64 => Some("U64"),
        TypeRef::F32 => Some("F32"),
        TypeRef::Map(_) => Some("Map"),
        TypeRef::Json => Some("Json"),
        _ => None,
    }
}

/// The components one call of `lower_component_tree` lowers: who entered
/// whom, each one's own types (its inline types, then itself) as a range of
/// `types`, and where its lowering met the components it entered.
pub(super) struct Tree {
    /// `types.len()` when the tree started.
    first: usize,
    root: usize,
    /// Component index → its node.
    nodes: FastMap<usize, TreeNode>,
    /// The component whose own lowering runs now.
    finishing: Option<usize>,
}

#[derive(Default)]
struct TreeNode {
    parent: Option<usize>,
    /// Its own types: `types[start..end]`.
    start: usize,
    end: usize,
    /// The components it entered, each with the number of its own types
    /// pushed when its lowering met the reference, in the order met.
    children: Vec<(usize, usize)>,
    /// The components it entered, in the order entered.
    entered: Vec<usize>,
    /// Whether its parent's lowering has met the reference to it.
    met: bool,
}

impl Tree {
    fn new(first: usize, root: usize) -> Self {
        let mut nodes = FastMap::default();
        nodes.insert(root, TreeNode::default());
        Tree {
            first,
            root,
            nodes,
            finishing: None,
        }
    }

    fn add(&mut self, parent: usize, child: usize) {
        self.nodes.insert(
            child,
            TreeNode {
                parent: Some(parent),
                ..TreeNode::default()
            },
        );
        if let Some(node) = self.nodes.get_mut(&parent) {
            node.entered.push(child);
        }
    }

    fn start(&mut self, index: usize, start: usize) {
        self.finishing = Some(index);
        if let Some(node) = self.nodes.get_mut(&index) {
            node.start = start;
        }
    }

    fn end(&mut self, index: usize, end: usize) {
        self.finishing = None;
        if let Some(node) = self.nodes.get_mut(&index) {
            node.end = end;
        }
    }

    /// The lowering of the component finishing now met a reference to
    /// component `index`, with `pushed` types in `types`.
    fn met(&mut self, index: usize, pushed: usize) {
        let Some(current) = self.finishing else {
            return;
        };
        match self.nodes.get_mut(&index) {
            Some(node) if node.parent == Some(current) && !node.met => node.met = true,
            _ => return,
        }
        if let Some(node) = self.nodes.get_mut(&current) {
            node.children.push((index, pushed - node.start));
        }
    }

    /// Calls `emit` with the position in `types` of every type the tree
    /// pushed, in the order of a recursive descent. An explicit stack, like
    /// the lowering.
    fn walk(&self, mut emit: impl FnMut(usize)) {
        // (component, next own type, next entered, next child met)
        let mut stack = vec![(self.root, 0usize, 0usize, 0usize)];
        while let Some((index, own, entered, child)) = stack.last_mut() {
            let Some(node) = self.nodes.get(index) else {
                stack.pop();
                continue;
            };
            // Children whose reference was never met go first, in the order
            // entered (none, when `component_refs` agrees with the lowering).
            if let Some(&next) = node.entered.get(*entered) {
                *entered += 1;
                if !self.nodes.get(&next).is_some_and(|n| n.met) {
                    stack.push((next, 0, 0, 0));
                }
                continue;
            }
            if let Some(&(next, offset)) = node.children.get(*child) {
                if offset <= *own {
                    *child += 1;
                    stack.push((next, 0, 0, 0));
                    continue;
                }
            }
            if node.start + *own < node.end {
                emit(node.start + *own);
                *own += 1;
                continue;
            }
            stack.pop();
        }
    }
}
