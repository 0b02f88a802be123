//! The public surface of a generated crate: what its users can name, build,
//! match on and rely on, derived from [`Api`] in this one place.
//!
//! The generator writes it into every crate as `api.json` (canonical JSON:
//! maps sorted by key, lists in model order), together with the crate's
//! version and release history. The next regeneration reads it back exactly
//! and compares it with the surface of the model it is about to write
//! ([`crate::diff`]), so a change in how code is emitted is never taken
//! for a change of the API, and a change of the API is never missed because
//! the emitted text happens to look alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::emit::OutputFile;
use crate::format::Header;
use crate::model::{
    Api, AuthScheme, Constraints, Derive, Field, Joint, ParamLocation, TypeKind, TypeRef,
};

/// The file of the generated crate that holds its [`Surface`].
pub const SURFACE_FILE: &str = "api.json";
/// The file of the generated crate rendered from its releases.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";
/// The version of the `api.json` layout; another one is refused when read.
pub const SURFACE_FORMAT: u32 = 1;

/// What `api.json` holds: the surface, the crate version it was released
/// as, and every release so far, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Committed {
    /// The do-not-edit header: JSON has no comments. Not read back.
    #[serde(default)]
    pub generated: String,
    /// [`SURFACE_FORMAT`] of the writer.
    pub format: u32,
    /// The crate name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The crate version.
    pub version: String,
    /// The API the crate offers.
    pub surface: Surface,
    /// Each release with its changes, newest first.
    pub releases: Vec<Release>,
}

/// One entry of the changelog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The crate version released.
    pub version: String,
    /// Changes that break code written against the previous release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaking: Vec<String>,
    /// Additions that leave such code working.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additive: Vec<String>,
    /// Changes to the documentation only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<String>,
}

/// The API as its users see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surface {
    /// `info.title`, `info.version` and `info.description`: documentation.
    pub docs: BTreeMap<String, String>,
    /// The default endpoint (`DEFAULT_ENDPOINT`), if the spec names a server.
    pub default_endpoint: Option<String>,
    /// Operations by client method name.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Named types by Rust name, parameter structs included.
    pub types: BTreeMap<String, TypeSurface>,
}

/// One client method.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSurface {
    /// The operation id.
    pub id: String,
    /// `METHOD /path/template`.
    pub request: String,
    /// The parameters struct the method takes, if any.
    pub params: Option<String>,
    /// The request body: its media type and Rust type, if any.
    pub body: Option<BodySurface>,
    /// How a success is returned: one entry per documented status (status → body type).
    pub success: BTreeMap<String, Outcome>,
    /// The error enum's name.
    pub error_type: String,
    /// The error enum's variants, by status.
    pub errors: BTreeMap<String, Outcome>,
    /// Accepted authentication, in spec order.
    pub auth: Vec<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// `summary` and `description`.
    pub docs: BTreeMap<String, String>,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodySurface {
    /// Its media type.
    pub content_type: String,
    /// Its Rust type (`Option<...>` when it may be left out).
    #[serde(rename = "type")]
    pub ty: String,
    /// Constraints on the body value itself.
    pub constraints: BTreeMap<String, usize>,
    /// `description`.
    pub doc: Option<String>,
}

/// A documented response: the enum variant (or success form) that stands
/// for it and the body type it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The variant's name; `None` for a success returned without an enum.
    pub variant: Option<String>,
    /// The body's Rust type, if any.
    pub body: Option<String>,
    /// `description`, for errors.
    pub doc: Option<String>,
}

/// Which way values of a type travel, which decides what a change breaks:
/// users build what is sent, and read what is received.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Only sent: users construct it.
    Sent,
    /// Only received: users read it.
    Received,
    /// Both.
    Both,
}

impl Direction {
    /// Whether users construct values of the type.
    pub fn is_sent(self) -> bool {
        matches!(self, Direction::Sent | Direction::Both)
    }
}

/// One named type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSurface {
    /// Which way its values travel.
    pub direction: Direction,
    /// Its shape.
    pub kind: KindSurface,
    /// `description`.
    pub doc: Option<String>,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum KindSurface {
    /// A struct: its fields in declaration order.
    Struct(Vec<FieldSurface>),
    /// A string enum: variant name → value on the wire.
    StringEnum(BTreeMap<String, String>),
    /// An integer enum: variant name → value on the wire.
    IntEnum(BTreeMap<String, i64>),
    /// An untagged union: variants in the order they are tried.
    Union(Vec<(String, String)>),
    /// An alias: the Rust type it stands for and its constraints.
    Alias(String, BTreeMap<String, usize>),
}

/// A struct field (or a parameter, as a field of the parameters struct).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSurface {
    /// The Rust field name.
    pub name: String,
    /// The name on the wire, and for a parameter where it travels (`query user_id`).
    pub wire: String,
    /// The field's Rust type, `Option` included.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether `new` takes it (the field is required).
    pub required: bool,
    /// Constraints checked before sending, e.g. `maxLength` or `items.maxLength`.
    pub constraints: BTreeMap<String, usize>,
    /// The spec's `default`, as JSON text.
    pub default: Option<String>,
    /// `description`.
    pub doc: Option<String>,
}

/// The surface of `api`.
pub fn surface(api: &Api) -> Surface {
    let mut docs = BTreeMap::new();
    docs.insert("title".to_owned(), api.title.clone());
    docs.insert("version".to_owned(), api.version.clone());
    if let Some(description) = &api.description {
        docs.insert("description".to_owned(), description.clone());
    }
    let mut types: BTreeMap<String, TypeSurface> = api
        .types
        .iter()
        .zip(&api.type_facts)
        .map(|(def, facts)| {
            let direction = match (facts.serialize, facts.deserialize) {
                (Derive::Always, Derive::Always) => Direction::Both,
                (Derive::Always, _) => Direction::Sent,
                (_, Derive::Always) => Direction::Received,
                // Used by no operation: users may do either.
                _ => Direction::Both,
            };
            let kind = match &def.kind {
                TypeKind::Struct(fields) => {
                    KindSurface::Struct(fields.iter().map(field_surface).collect())
                }
                TypeKind::StringEnum(variants) => KindSurface::StringEnum(
                    variants
                        .iter()
                        .map(|v| (v.variant_name.clone(), v.wire_value.clone()))
                        .collect(),
                ),
                TypeKind::IntEnum(variants) => KindSurface::IntEnum(
                    variants
                        .iter()
                        .map(|v| (v.variant_name.clone(), v.value))
                        .collect(),
                ),
                TypeKind::Union(variants) => KindSurface::Union(
                    variants
                        .iter()
                        .map(|v| (v.variant_name.clone(), rust_type(&v.ty)))
                        .collect(),
                ),
                TypeKind::Alias(ty, constraints) => {
                    KindSurface::Alias(rust_type(ty), constraint_map(constraints))
                }
            };
            let surface = TypeSurface {
                direction,
                kind,
                doc: def.description.clone(),
            };
            (def.name.clone(), surface)
        })
        .collect();
    let mut operations = BTreeMap::new();
    for op in &api.operations {
        if let Some(params_type) = &op.params_type {
            let fields = op
                .params
                .iter()
                .map(|p| {
                    let as_field = Field {
                        wire_name: p.wire_name.clone(),
                        field_name: p.field_name.clone(),
                        ty: p.ty.clone(),
                        required: p.required,
                        nullable: false,
                        boxed: false,
                        description: p.description.clone(),
                        constraints: p.constraints.clone(),
                        default: p.default.clone(),
                        default_doc: p.default_doc.clone(),
                        flatten: false,
                    };
                    let location = match p.location {
                        ParamLocation::Path => "path",
                        ParamLocation::Query => "query",
                        ParamLocation::Header => "header",
                        ParamLocation::Cookie => "cookie",
                    };
                    FieldSurface {
                        wire: format!("{location} {}", p.wire_name),
                        ..field_surface(&as_field)
                    }
                })
                .collect();
            types.insert(
                params_type.clone(),
                TypeSurface {
                    direction: Direction::Sent,
                    kind: KindSurface::Struct(fields),
                    doc: None,
                },
            );
        }
        let mut success = BTreeMap::new();
        match &op.success.variants {
            Some((_, variants)) => {
                for v in variants {
                    success.insert(
                        v.status.label(),
                        Outcome {
                            variant: Some(v.variant.clone()),
                            body: v.body.as_ref().map(rust_type),
                            doc: None,
                        },
                    );
                }
            }
            None => {
                for status in &op.success.statuses {
                    success.insert(
                        status.label(),
                        Outcome {
                            variant: None,
                            body: op.success.body.as_ref().map(rust_type),
                            doc: None,
                        },
                    );
                }
            }
        }
        let errors = op
            .errors
            .iter()
            .map(|e| {
                let outcome = Outcome {
                    variant: Some(e.variant.clone()),
                    body: e.body.as_ref().map(rust_type),
                    doc: Some(e.description.clone()),
                };
                (e.status.label(), outcome)
            })
            .collect();
        let mut docs = BTreeMap::new();
        if let Some(summary) = &op.summary {
            docs.insert("summary".to_owned(), summary.clone());
        }
        if let Some(description) = &op.description {
            docs.insert("description".to_owned(), description.clone());
        }
        let surface = OperationSurface {
            id: op.id.clone(),
            request: format!("{} {}", op.method.as_str(), op.path),
            params: op.params_type.clone(),
            body: op.body.as_ref().map(|b| BodySurface {
                content_type: b.content_type.clone(),
                ty: optional(rust_type(&b.ty), !b.required),
                constraints: constraint_map(&b.constraints),
                doc: b.description.clone(),
            }),
            success,
            error_type: op.error_type.clone(),
            errors,
            auth: op
                .auth
                .iter()
                .map(|a| match a {
                    AuthScheme::TokenHeader(header) => format!("token header {header}"),
                    AuthScheme::ApiKeyQuery(name) => format!("api key query parameter {name}"),
                    AuthScheme::ApiKeyCookie(name) => format!("api key cookie {name}"),
                    AuthScheme::Bearer => "bearer token".to_owned(),
                    AuthScheme::Basic => "basic user and password".to_owned(),
                    AuthScheme::AkSkSigning => "AK/SK signing".to_owned(),
                    AuthScheme::Anonymous => "anonymous".to_owned(),
                    AuthScheme::Combined { keys, with } => {
                        let mut parts: Vec<String> = keys
                            .iter()
                            .map(|key| format!("api key {} in {}", key.scheme, key.place()))
                            .collect();
                        match with {
                            Some(Joint::Bearer) => parts.push("bearer token".to_owned()),
                            Some(Joint::Basic) => parts.push("basic user and password".to_owned()),
                            None => {}
                        }
                        parts.join(" + ")
                    }
                })
                .collect(),
            deprecated: op.deprecated,
            docs,
        };
        operations.insert(op.fn_name.clone(), surface);
    }
    Surface {
        docs,
        default_endpoint: api.default_endpoint.clone(),
        operations,
        types,
    }
}

fn field_surface(field: &Field) -> FieldSurface {
    let ty = rust_type(&field.ty);
    FieldSurface {
        name: field.field_name.clone(),
        wire: field.wire_name.clone(),
        ty: optional(ty, field.is_option()),
        required: field.required,
        constraints: constraint_map(&field.constraints),
        default: field.default.as_ref().map(|_| {
            field
                .default_doc
                .clone()
                .unwrap_or_else(|| "(set)".to_owned())
        }),
        doc: field.description.clone(),
    }
}

fn optional(ty: String, is_option: bool) -> String {
    if is_option {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// `ty` as the generated code spells it.
pub fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Bytes => "bytes::Bytes".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust_type(value)),
        TypeRef::Named(name) => name.clone(),
    }
}

/// Constraints by keyword (`maxLength`), those on items under `items.`.
fn constraint_map(constraints: &Constraints) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    let mut prefix = String::new();
    let mut current = Some(constraints);
    while let Some(c) = current {
        for (keyword, value) in [
            ("maxLength", c.max_length),
            ("minLength", c.min_length),
            ("maxItems", c.max_items),
            ("minItems", c.min_items),
        ] {
            if let Some(value) = value {
                map.insert(format!("{prefix}{keyword}"), value);
            }
        }
        prefix.push_str("items.");
        current = c.items.as_deref();
    }
    map
}

/// `api.json` and `CHANGELOG.md` of a crate whose committed state is `state`.
pub fn files(state: &Committed, header: &Header) -> crate::Result<Vec<OutputFile>> {
    let state = Committed {
        generated: header.one_line(),
        ..state.clone()
    };
    let mut json = serde_json::to_string_pretty(&state).map_err(|e| crate::Error::Emit {
        file: SURFACE_FILE.to_owned(),
        message: e.to_string(),
    })?;
    json.push('\n');
    Ok(vec![
        OutputFile {
            path: SURFACE_FILE.to_owned(),
            contents: json,
        },
        OutputFile {
            path: CHANGELOG_FILE.to_owned(),
            contents: changelog(&state, header),
        },
    ])
}

/// The changelog: one section per release, headed by its version (no
/// dates, so that the same spec always gives the same file).
fn changelog(state: &Committed, header: &Header) -> String {
    let mut out = header.render_markdown();
    out.push_str(&format!(
        "# Changelog of {}\n\nEach release, as the generator recorded it in `{SURFACE_FILE}`.\n",
        state.crate_name
    ));
    for release in &state.releases {
        out.push_str(&format!("\n## {}\n", release.version));
        let groups = [
            ("Breaking", &release.breaking),
            ("Added", &release.additive),
            ("Documentation", &release.documentation),
        ];
        if groups.iter().all(|(_, items)| items.is_empty()) {
            out.push_str("\nNo change of the API.\n");
        }
        for (title, items) in groups {
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("\n### {title}\n\n"));
            for item in items {
                out.push_str(&format!("- {item}\n"));
            }
        }
    }
    out
}
