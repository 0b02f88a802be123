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
        let Some(components) = &self.spec.components else {
            return Ok(());
        };
        for name in components.schemas.keys() {
            let rust = self.type_scope.claim(pascal(name));
            self.component_names.insert(name.clone(), rust);
        }
        for name in components.schemas.keys() {
            self.ensure_component(name, &Pointer::root())?;
        }
        Ok(())
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
                    kind: TypeKind::Alias(TypeRef::Named(target)),
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
                TypeKind::StringEnum(self.enum_variants(&string.enumeration, pointer)?)
            }
            _ => TypeKind::Alias(self.lower_schema(schema, pointer, rust)?.ty),
        };
        Ok(TypeDef {
            name: rust.to_owned(),
            description,
            kind,
        })
    }

    fn check_object(&self, object: &openapiv3::ObjectType, pointer: &Pointer) -> Result<()> {
        if !object.properties.is_empty() && object.additional_properties.is_some() {
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

    fn enum_variants(
        &self,
        values: &[Option<String>],
        pointer: &Pointer,
    ) -> Result<Vec<EnumVariant>> {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            let Some(value) = value else {
                return Err(self.unsupported(
                    &pointer.join("enum").join(index.to_string()),
                    "null as an enum value".into(),
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
                        self.lower_boxed(items, &pointer.join("items"), &format!("{hint}Item"))?
                            .ty
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
