//! Schemas become [`TypeRef`]s and named [`TypeDef`]s.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::naming::{pascal, snake, Scope};
use super::Lowerer;
use crate::error::Result;
use crate::model::{Constraints, EnumVariant, Field, TypeDef, TypeKind, TypeRef};
use crate::pointer::Pointer;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// A lowered schema: its type, constraints and nullability.
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub constraints: Constraints,
    pub nullable: bool,
    pub description: Option<String>,
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
                TypeKind::Struct(self.fields(rust, object, pointer)?)
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
        object: &openapiv3::ObjectType,
        pointer: &Pointer,
    ) -> Result<Vec<Field>> {
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(object.properties.len());
        for (wire_name, property) in &object.properties {
            let at = pointer.join("properties").join(wire_name);
            let hint = format!("{owner}{}", pascal(wire_name));
            let lowered = self.lower_boxed(property, &at, &hint)?;
            let boxed =
                matches!(&lowered.ty, TypeRef::Named(n) if self.active_components.contains(n));
            fields.push(Field {
                wire_name: wire_name.clone(),
                field_name: scope.claim(snake(wire_name)),
                ty: lowered.ty,
                required: object.required.contains(wire_name),
                nullable: lowered.nullable,
                boxed,
                description: lowered.description,
                constraints: lowered.constraints,
            });
        }
        Ok(fields)
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
                    return Err(self.unsupported(&pointer.join("enum"), "integer enums".into()));
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
            SchemaKind::OneOf { .. } => return Err(self.unsupported(pointer, "oneOf".into())),
            SchemaKind::AnyOf { .. } => return Err(self.unsupported(pointer, "anyOf".into())),
            SchemaKind::AllOf { .. } => return Err(self.unsupported(pointer, "allOf".into())),
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

/// The named types `ty` mentions (itself, or its items or map values).
fn named_in(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(name) => vec![name.as_str()],
        TypeRef::Array(inner) | TypeRef::Map(inner) => named_in(inner),
        _ => Vec::new(),
    }
}
