//! Schemas become [`TypeRef`]s and named [`TypeDef`]s.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::naming::{pascal, snake, Scope};
use super::Lowerer;
use crate::error::Result;
use crate::model::{
    Constraints, DefaultValue, EnumVariant, Field, IntVariant, TypeDef, TypeKind, TypeRef,
    UnionVariant,
};
use crate::pointer::Pointer;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// A lowered schema: its type, constraints and nullability.
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub constraints: Constraints,
    pub nullable: bool,
    pub description: Option<String>,
    /// The schema's `default`, if any.
    pub default: Option<serde_json::Value>,
}

/// One property of an object (or of the objects an `allOf` merges), with
/// the pointer of its schema.
struct Property {
    wire_name: String,
    schema: ReferenceOr<Box<Schema>>,
    pointer: Pointer,
}

impl Lowerer<'_> {
    /// Lowers every component schema, in document order, so that named types
    /// keep their spec names and appear in a stable order.
    pub(super) fn lower_component_schemas(&mut self) -> Result<()> {
        let spec = self.spec;
        let Some(components) = &spec.components else {
            return Ok(());
        };
        self.name_components(components.schemas.keys());
        for name in components.schemas.keys() {
            self.ensure_component(name, &Pointer::root())?;
        }
        self.check_alias_cycles()
    }

    /// Gives every component schema its Rust name, in two passes: names that
    /// already are exact `PascalCase` identifiers first, so that `MyThing`
    /// stays `MyThing` even when a `my-thing` listed before it would also
    /// become `MyThing`; then the others, in document order.
    fn name_components<'n>(&mut self, names: impl Iterator<Item = &'n String> + Clone) {
        let exact = names.clone().filter(|name| pascal(name) == **name);
        let derived = names.filter(|name| pascal(name) != **name);
        for name in exact.chain(derived) {
            let rust = self.type_scope.claim(pascal(name));
            self.component_names.insert(name.clone(), rust);
        }
    }

    /// Refuses a component that is an alias of itself through other aliases,
    /// arrays or maps (`A: {type: array, items: {$ref: A}}`): Rust type
    /// aliases cannot be recursive.
    fn check_alias_cycles(&self) -> Result<()> {
        for (spec_name, rust) in &self.component_names {
            if self.alias_reaches(rust, rust, &mut Vec::new()) {
                return Err(self.unsupported(
                    &Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(spec_name),
                    "a schema that contains itself only through $refs, arrays or maps (wrap it in an object)".into(),
                ));
            }
        }
        Ok(())
    }

    /// Whether the alias `from` mentions `target` through aliases alone.
    fn alias_reaches(&self, from: &str, target: &str, seen: &mut Vec<String>) -> bool {
        if seen.iter().any(|s| s == from) {
            return false;
        }
        seen.push(from.to_owned());
        let Some(TypeKind::Alias(ty, _)) = self.type_kind(from) else {
            return false;
        };
        named_in(ty)
            .into_iter()
            .any(|name| name == target || self.alias_reaches(name, target, seen))
    }

    /// The kind of the named type `name`, once it is lowered.
    pub(super) fn type_kind(&self, name: &str) -> Option<&TypeKind> {
        self.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    }

    /// `ty` with named aliases replaced by what they alias, at the top level
    /// (`Tags` → `Vec<Tag>`, not `Vec<String>`).
    pub(super) fn without_alias(&self, ty: &TypeRef) -> TypeRef {
        let mut ty = ty.clone();
        // Cycles are refused before operations are lowered; the bound is a safeguard.
        for _ in 0..=self.types.len() {
            match &ty {
                TypeRef::Named(name) => match self.type_kind(name) {
                    Some(TypeKind::Alias(target, _)) => ty = target.clone(),
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// Makes sure the component schema `name` is lowered; returns its Rust name.
    fn ensure_component(&mut self, name: &str, from: &Pointer) -> Result<String> {
        let Some(rust) = self.component_names.get(name).cloned() else {
            return Err(self.invalid(
                from,
                format!("$ref to {SCHEMA_PREFIX}{name}, which does not exist"),
            ));
        };
        if self.done_components.contains(name) || self.active_components.contains(&rust) {
            return Ok(rust);
        }
        let pointer = Pointer::root()
            .join("components")
            .join("schemas")
            .join(name);
        let schema = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .cloned();
        let Some(schema) = schema else {
            return Err(self.invalid(from, format!("$ref to {pointer}, which does not exist")));
        };
        self.active_components.push(rust.clone());
        let result = match &schema {
            ReferenceOr::Reference { reference } => {
                let target = self.schema_ref(reference, &pointer)?;
                Ok(TypeDef {
                    name: rust.clone(),
                    description: None,
                    kind: TypeKind::Alias(TypeRef::Named(target), Constraints::default()),
                })
            }
            ReferenceOr::Item(schema) => self.named_type(&rust, schema, &pointer),
        };
        self.active_components.pop();
        let def = result?;
        self.done_components.insert(name.to_owned());
        self.types.push(def);
        Ok(rust)
    }

    /// Resolves a schema `$ref` to the Rust name of its component.
    fn schema_ref(&mut self, reference: &str, pointer: &Pointer) -> Result<String> {
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(name) if !name.contains('/') => {
                let name = name.replace("~1", "/").replace("~0", "~");
                self.ensure_component(&name, &pointer.join("$ref"))
            }
            _ => Err(self.unsupported(
                &pointer.join("$ref"),
                format!("$ref {reference:?}: only references to {SCHEMA_PREFIX}<name> are supported here"),
            )),
        }
    }

    /// A named type for a schema that defines one (object or enum); other
    /// schemas become aliases.
    fn named_type(&mut self, rust: &str, schema: &Schema, pointer: &Pointer) -> Result<TypeDef> {
        let description = schema.schema_data.description.clone();
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object))
                if !object.properties.is_empty()
                    || matches!(
                        object.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    ) =>
            {
                self.check_object(object, pointer)?;
                TypeKind::Struct(self.fields(
                    rust,
                    object_properties(object, pointer),
                    &object.required,
                )?)
            }
            SchemaKind::AllOf { all_of } if single_ref(all_of).is_none() => {
                TypeKind::Struct(self.merge_all_of(rust, all_of, pointer)?)
            }
            SchemaKind::OneOf { one_of } => {
                TypeKind::Union(self.union_variants(rust, one_of, &pointer.join("oneOf"))?)
            }
            SchemaKind::AnyOf { any_of } => {
                TypeKind::Union(self.union_variants(rust, any_of, &pointer.join("anyOf"))?)
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                TypeKind::IntEnum(self.int_variants(
                    &integer.enumeration,
                    schema.schema_data.nullable,
                    pointer,
                )?)
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                TypeKind::StringEnum(self.enum_variants(
                    &string.enumeration,
                    schema.schema_data.nullable,
                    pointer,
                )?)
            }
            _ => {
                let lowered = self.lower_schema(schema, pointer, rust)?;
                TypeKind::Alias(lowered.ty, lowered.constraints)
            }
        };
        Ok(TypeDef {
            name: rust.to_owned(),
            description,
            kind,
        })
    }

    fn check_object(&self, object: &openapiv3::ObjectType, pointer: &Pointer) -> Result<()> {
        // `additionalProperties: false` only says that there is nothing else.
        let extra_properties = !matches!(
            object.additional_properties,
            None | Some(AdditionalProperties::Any(false))
        );
        if !object.properties.is_empty() && extra_properties {
            return Err(self.unsupported(
                &pointer.join("additionalProperties"),
                "an object with both properties and additionalProperties".into(),
            ));
        }
        for required in &object.required {
            if !object.properties.contains_key(required) {
                return Err(self.invalid(
                    &pointer.join("required"),
                    format!("required property {required:?} is not among the properties"),
                ));
            }
        }
        Ok(())
    }

    fn fields(
        &mut self,
        owner: &str,
        properties: Vec<Property>,
        required: &[String],
    ) -> Result<Vec<Field>> {
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(properties.len());
        for property in properties {
            let wire_name = &property.wire_name;
            let hint = format!("{owner}{}", pascal(wire_name));
            let lowered = self.lower_boxed(&property.schema, &property.pointer, &hint)?;
            let boxed =
                matches!(&lowered.ty, TypeRef::Named(n) if self.active_components.contains(n));
            let required = required.contains(wire_name);
            let default = match &lowered.default {
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
                description: lowered.description,
                constraints: lowered.constraints,
                default,
                default_doc: lowered.default.as_ref().map(|v| v.to_string()),
            });
        }
        Ok(fields)
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
        members: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Result<Vec<Field>> {
        let mut merged: Vec<(Field, Pointer)> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let at = pointer.join("allOf").join(index.to_string());
            for (field, field_at) in self.all_of_member(owner, member, &at)? {
                self.merge_field(&mut merged, field, field_at)?;
            }
        }
        let mut scope = Scope::default();
        Ok(merged
            .into_iter()
            .map(|(mut field, _)| {
                field.field_name = scope.claim(snake(&field.wire_name));
                field
            })
            .collect())
    }

    /// Adds `field` to `merged`, or merges it into the field of the same name.
    fn merge_field(
        &self,
        merged: &mut Vec<(Field, Pointer)>,
        field: Field,
        at: Pointer,
    ) -> Result<()> {
        let Some((first, first_at)) = merged
            .iter_mut()
            .find(|(f, _)| f.wire_name == field.wire_name)
        else {
            merged.push((field, at));
            return Ok(());
        };
        if first.ty != field.ty || first.nullable != field.nullable {
            return Err(self.unsupported(
                &at,
                format!(
                    "allOf gives property {:?} a different type than at {first_at}",
                    field.wire_name
                ),
            ));
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

    /// The fields one `allOf` member contributes, each with the pointer to
    /// name in errors.
    fn all_of_member(
        &mut self,
        owner: &str,
        member: &ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<Vec<(Field, Pointer)>> {
        let schema = match member {
            ReferenceOr::Reference { reference } => {
                let name = self.schema_ref(reference, pointer)?;
                let Some(TypeKind::Struct(fields)) = self.type_kind(&name) else {
                    let problem = if self.active_components.contains(&name) {
                        "includes the schema being merged (an allOf cannot contain itself)"
                    } else {
                        "is not an object (only objects are merged)"
                    };
                    return Err(
                        self.unsupported(pointer, format!("this allOf member ({name}) {problem}"))
                    );
                };
                return Ok(fields
                    .iter()
                    .map(|f| (f.clone(), pointer.clone()))
                    .collect());
            }
            ReferenceOr::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                let fields = self.merge_all_of(owner, all_of, pointer)?;
                Ok(fields.into_iter().map(|f| (f, pointer.clone())).collect())
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.check_object(object, pointer)?;
                let properties = object_properties(object, pointer);
                let pointers: Vec<Pointer> = properties.iter().map(|p| p.pointer.clone()).collect();
                let fields = self.fields(owner, properties, &object.required)?;
                Ok(fields.into_iter().zip(pointers).collect())
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
        members: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Result<Vec<UnionVariant>> {
        if members.is_empty() {
            return Err(self.invalid(pointer, "an empty list of alternatives".into()));
        }
        let mut scope = Scope::default();
        let mut variants = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let at = pointer.join(index.to_string());
            let word = match member {
                ReferenceOr::Reference { .. } => None,
                ReferenceOr::Item(schema) => Some(variant_word(schema)),
            };
            let hint = format!("{owner}{}", word.unwrap_or("Variant"));
            let lowered = self.lower_schema_ref(member, &at, &hint)?;
            let name = match (word, &lowered.ty) {
                (None, TypeRef::Named(name)) => name.clone(),
                (Some(word), ty) => type_word(ty).unwrap_or(word).to_owned(),
                (None, _) => "Variant".to_owned(),
            };
            let boxed =
                matches!(&lowered.ty, TypeRef::Named(n) if self.active_components.contains(n));
            variants.push(UnionVariant {
                variant_name: scope.claim(name),
                ty: lowered.ty,
                boxed,
                constraints: lowered.constraints,
            });
        }
        Ok(variants)
    }

    /// The variants of an integer enum: `V1`, `V2`, `Minus1`.
    fn int_variants(
        &self,
        values: &[Option<i64>],
        nullable: bool,
        pointer: &Pointer,
    ) -> Result<Vec<IntVariant>> {
        let mut scope = Scope::default();
        let mut variants: Vec<IntVariant> = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            let at = pointer.join("enum").join(index.to_string());
            let Some(value) = *value else {
                if nullable {
                    continue;
                }
                return Err(
                    self.unsupported(&at, "null as an enum value without `nullable: true`".into())
                );
            };
            if variants.iter().any(|v| v.value == value) {
                return Err(self.invalid(&at, format!("enum value {value} appears twice")));
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
            return Err(self.unsupported(
                &pointer.join("enum"),
                "an enum without any value other than null".into(),
            ));
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
        pointer: &Pointer,
    ) -> Result<Vec<EnumVariant>> {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            let Some(value) = value else {
                if nullable {
                    continue;
                }
                return Err(self.unsupported(
                    &pointer.join("enum").join(index.to_string()),
                    "null as an enum value without `nullable: true`".into(),
                ));
            };
            if variants
                .iter()
                .any(|v: &EnumVariant| &v.wire_value == value)
            {
                return Err(self.invalid(
                    &pointer.join("enum").join(index.to_string()),
                    format!("enum value {value:?} appears twice"),
                ));
            }
            variants.push(EnumVariant {
                wire_value: value.clone(),
                variant_name: scope.claim(pascal(value)),
            });
        }
        if variants.is_empty() {
            return Err(self.unsupported(
                &pointer.join("enum"),
                "an enum without any value other than null".into(),
            ));
        }
        Ok(variants)
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_schema(schema, pointer, hint),
        }
    }

    /// Lowers a schema or reference; `hint` names any inline type it defines.
    pub(super) fn lower_schema_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_schema(schema, pointer, hint),
        }
    }

    fn lower_reference(&mut self, reference: &str, pointer: &Pointer) -> Result<Lowered> {
        let name = self.schema_ref(reference, pointer)?;
        Ok(Lowered {
            ty: TypeRef::Named(name),
            constraints: Constraints::default(),
            nullable: false,
            description: None,
            default: None,
        })
    }

    /// Lowers an inline schema.
    fn lower_schema(&mut self, schema: &Schema, pointer: &Pointer, hint: &str) -> Result<Lowered> {
        let mut constraints = Constraints::default();
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                constraints.max_length = string.max_length;
                constraints.min_length = string.min_length;
                if string.enumeration.is_empty() {
                    TypeRef::String
                } else {
                    self.inline_type(schema, pointer, hint)?
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Integer(integer)) => {
                if !integer.enumeration.is_empty() {
                    return self.inline_lowered(schema, pointer, hint);
                }
                match integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                }
            }
            SchemaKind::Type(Type::Number(number)) => {
                if !number.enumeration.is_empty() {
                    return Err(self.unsupported(&pointer.join("enum"), "number enums".into()));
                }
                match number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                constraints.max_items = array.max_items;
                constraints.min_items = array.min_items;
                let item = match &array.items {
                    None => TypeRef::Json,
                    Some(items) => {
                        let item = self.lower_boxed(
                            items,
                            &pointer.join("items"),
                            &format!("{hint}Item"),
                        )?;
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
                                &pointer.join("additionalProperties"),
                                &format!("{hint}Value"),
                            )?;
                            constraints = constraints.with_items(value.constraints);
                            TypeRef::Map(Box::new(value.ty))
                        }
                    }
                } else {
                    self.inline_type(schema, pointer, hint)?
                }
            }
            SchemaKind::Any(any) if *any == openapiv3::AnySchema::default() => TypeRef::Json,
            SchemaKind::AllOf { all_of } => match single_ref(all_of) {
                // `allOf: [$ref]`, the usual way to describe a referenced type.
                Some(reference) => TypeRef::Named(self.schema_ref(reference, &pointer.join("allOf").join("0"))?),
                None => self.inline_type(schema, pointer, hint)?,
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline_type(schema, pointer, hint)?
            }
            SchemaKind::Not { .. } => return Err(self.unsupported(pointer, "not".into())),
            SchemaKind::Any(_) => {
                return Err(self.unsupported(
                    pointer,
                    "a schema without a recognised `type` (set `type`, or leave the schema empty for any JSON value)".into(),
                ))
            }
        };
        Ok(Lowered {
            ty,
            constraints,
            nullable: schema.schema_data.nullable,
            description: schema.schema_data.description.clone(),
            default: schema.schema_data.default.clone(),
        })
    }

    /// An inline schema that defines a named type, lowered as such.
    fn inline_lowered(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Lowered> {
        Ok(Lowered {
            ty: self.inline_type(schema, pointer, hint)?,
            constraints: Constraints::default(),
            nullable: schema.schema_data.nullable,
            description: schema.schema_data.description.clone(),
            default: schema.schema_data.default.clone(),
        })
    }

    /// Defines a named type for an inline object or enum, named after `hint`.
    fn inline_type(&mut self, schema: &Schema, pointer: &Pointer, hint: &str) -> Result<TypeRef> {
        let name = self.type_scope.claim(pascal(hint));
        self.active_components.push(name.clone());
        let def = self.named_type(&name, schema, pointer);
        self.active_components.pop();
        self.types.push(def?);
        Ok(TypeRef::Named(name))
    }
}

/// An object's own properties, each with its pointer.
fn object_properties(object: &openapiv3::ObjectType, pointer: &Pointer) -> Vec<Property> {
    object
        .properties
        .iter()
        .map(|(name, schema)| Property {
            wire_name: name.clone(),
            schema: schema.clone(),
            pointer: pointer.join("properties").join(name),
        })
        .collect()
}

/// The `$ref` of an `allOf` with a single referenced member.
fn single_ref(members: &[ReferenceOr<Schema>]) -> Option<&str> {
    match members {
        [ReferenceOr::Reference { reference }] => Some(reference),
        _ => None,
    }
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
        TypeRef::F32 => Some("F32"),
        TypeRef::Map(_) => Some("Map"),
        TypeRef::Json => Some("Json"),
        _ => None,
    }
}

/// The named types `ty` mentions (itself, or its items or map values).
fn named_in(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(name) => vec![name.as_str()],
        TypeRef::Array(inner) | TypeRef::Map(inner) => named_in(inner),
        _ => Vec::new(),
    }
}
