//! What the spec's types have in common, written once as macros that
//! `types` and `builders` invoke: the wire conversions of enums and the
//! setters of builders.
//!
//! An enum keeps values the spec does not list (`Unknown`): a response
//! carrying a value added after the spec was written still decodes, while
//! validation refuses `Unknown` in anything sent. The serde impls are
//! written out: the wire form is the bare value either way.

/// For a string enum with an `Unknown(String)` variant, given each listed
/// variant with its wire value: `as_str`, `from_wire`, `unknown`, serde as
/// the bare string, `Display`, `ParamValue`, and `Validate` refusing
/// `Unknown`. The methods are
/// `#[inline]`, so a crate with thousands of enums compiles them only where
/// they are used.
#[allow(unused_macros)] // a spec may have no string enum
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it appears on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }

            /// The variant for a wire value: `Unknown` when the spec does not list it.
            #[inline]
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The value when the spec does not list it.
            #[inline]
            pub fn unknown(&self) -> Option<&str> {
                match self {
                    Self::Unknown(value) => Some(value),
                    _ => None,
                }
            }
        }

        impl ::serde::Serialize for $name {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::http::ParamValue for $name {
            #[inline]
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        /// Refuses a value the spec does not list.
        impl $crate::validate::Validate for $name {
            #[inline]
            fn validate_at(&self, at: &str) -> Result<(), $crate::error::ValidationError> {
                $crate::validate::listed(at, "", self.unknown())
            }
        }
    };
}
#[allow(unused_imports)] // a spec may have no string enum
pub(crate) use string_enum;

/// For an integer enum with an `Unknown(i64)` variant, given each listed
/// variant with its value: `value`, `from_value`, `unknown`, serde as the
/// bare integer, `Display`, `ParamValue`, and `Validate` refusing
/// `Unknown`.
#[allow(unused_macros)] // a spec may have no integer enum
macro_rules! int_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// The value as it appears on the wire.
            #[inline]
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }

            /// The variant for a wire value: `Unknown` when the spec does not list it.
            #[inline]
            pub fn from_value(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }

            /// The value when the spec does not list it.
            #[inline]
            pub fn unknown(&self) -> Option<i64> {
                match self {
                    Self::Unknown(value) => Some(*value),
                    _ => None,
                }
            }
        }

        impl ::serde::Serialize for $name {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_value(value))
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl $crate::http::ParamValue for $name {
            #[inline]
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Owned(self.value().to_string())
            }
        }

        /// Refuses a value the spec does not list.
        impl $crate::validate::Validate for $name {
            #[inline]
            fn validate_at(&self, at: &str) -> Result<(), $crate::error::ValidationError> {
                $crate::validate::listed(at, "", self.unknown())
            }
        }
    };
}
#[allow(unused_imports)] // a spec may have no integer enum
pub(crate) use int_enum;

/// One setter of a builder, with its doc line: `into` takes anything that
/// converts into the field's type, `nullable` an `Option` that may be
/// `None` (sent as `null`) for a required field, and `optional_nullable` an
/// `Option` stored as it is (`None` leaves the field unset).
#[allow(unused_macros)] // a spec may have no builder
macro_rules! setter {
    (into $field:ident: $ty:ty, $doc:literal) => {
        #[doc = $doc]
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    // A type no integer literal defaults to (`u64`): `.field(100)` then
    // types the literal, which `impl Into` would leave an `i32`.
    (exact $field:ident: $ty:ty, $doc:literal) => {
        #[doc = $doc]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
    };
    (nullable $field:ident: $ty:ty, $doc:literal) => {
        #[doc = $doc]
        pub fn $field(mut self, value: Option<$ty>) -> Self {
            self.$field = Some(value);
            self
        }
    };
    (optional_nullable $field:ident: $ty:ty, $doc:literal) => {
        #[doc = $doc]
        pub fn $field(mut self, value: Option<$ty>) -> Self {
            self.$field = value;
            self
        }
    };
}
#[allow(unused_imports)] // a spec may have no builder
pub(crate) use setter;
