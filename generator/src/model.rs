//! The intermediate model: what the emitters need to know about the API,
//! already validated and named. Nothing here refers back to `openapiv3`.

/// The whole API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The crate name: `info.x-rust-crate-name`, else the title in kebab case.
    pub crate_name: String,
    /// The command-line program's name: `info.x-rust-cli-name`, else the crate name.
    pub cli_name: String,
    /// The prefix of the program's own environment variables (those other
    /// than Huawei's): its name in upper case, other characters as `_`.
    pub env_prefix: String,
    /// The version of a new crate: `info.version` when it is
    /// `MAJOR.MINOR.PATCH`, else `0.1.0`. Later versions follow semver from
    /// the committed one (see [`crate::diff`]).
    pub crate_version: String,
    /// `info.x-rust-crate-version`: the version to write whatever the changes.
    pub pinned_version: Option<String>,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// The first server URL, used as the default endpoint.
    pub default_endpoint: Option<String>,
    /// Operations in spec order (paths in order, methods in a fixed order).
    pub operations: Vec<Operation>,
    /// Named types: component schemas first, then inline types in the order met.
    pub types: Vec<TypeDef>,
    /// What the whole API says of each named type, in the order of `types`.
    pub type_facts: Vec<TypeFacts>,
    /// The index in `types` of each named type, by Rust name.
    pub type_index: std::collections::HashMap<String, usize>,
    /// The command-line program's subcommands, in operation order: one per
    /// operation it offers (not those with raw bytes in or out).
    pub commands: Vec<Command>,
    /// One option per API key of the combined security requirements, in
    /// the order the operations first name them.
    pub key_options: Vec<KeyOption>,
    /// What loading and lowering could only approximate, in the order met.
    pub warnings: Vec<crate::error::Warning>,
}

impl Api {
    /// The named type `name`, with its facts.
    pub fn named(&self, name: &str) -> Option<(&TypeDef, &TypeFacts)> {
        let index = *self.type_index.get(name)?;
        Some((&self.types[index], &self.type_facts[index]))
    }

    /// `ty`, or what it aliases when it names an alias (through any chain
    /// of aliases).
    pub fn resolve<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        match ty {
            TypeRef::Named(name) => match self.named(name) {
                Some((_, facts)) => facts.alias_of.as_ref().unwrap_or(ty),
                None => ty,
            },
            _ => ty,
        }
    }

    /// The fields of `ty` when it is a struct, through aliases.
    pub fn struct_fields<'a>(&'a self, ty: &'a TypeRef) -> Option<&'a [Field]> {
        match self.resolve(ty) {
            TypeRef::Named(name) => match &self.named(name)?.0.kind {
                TypeKind::Struct(fields) => Some(fields),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether values of `ty` (with `constraints` of their own) have
    /// anything to check before they are sent.
    pub fn is_checked(&self, ty: &TypeRef, constraints: &Constraints) -> bool {
        !constraints.is_empty() || self.type_is_checked(ty)
    }

    /// Whether any constraint of the API is a `pattern` (the generated
    /// crate then depends on `regex`).
    pub fn has_patterns(&self) -> bool {
        let types = self.types.iter().any(|def| match &def.kind {
            TypeKind::Struct(fields) => fields.iter().any(|f| f.constraints.has_pattern()),
            TypeKind::Union(variants) => variants.iter().any(|v| v.constraints.has_pattern()),
            TypeKind::Alias(_, constraints) => constraints.has_pattern(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => false,
        });
        types
            || self.operations.iter().any(|op| {
                op.params.iter().any(|p| p.constraints.has_pattern())
                    || op
                        .body
                        .as_ref()
                        .is_some_and(|b| b.constraints.has_pattern())
            })
    }

    /// Whether values of `ty` hold something with constraints.
    pub fn type_is_checked(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.named(name).is_some_and(|(_, facts)| facts.checked),
            TypeRef::Array(item) | TypeRef::Map(item) => self.type_is_checked(item),
            _ => false,
        }
    }
}

/// What lowering works out about a named type from the whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeFacts {
    /// For an alias, the type at the end of its chain of aliases.
    pub alias_of: Option<TypeRef>,
    /// Whether its values, or values they hold, carry constraints.
    pub checked: bool,
    /// When it derives `serde::Serialize`.
    pub serialize: Derive,
    /// When it derives `serde::Deserialize`.
    pub deserialize: Derive,
}

/// When a generated type derives a trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Derive {
    /// Always: the client needs it.
    Always,
    /// With the `cli` feature only: the program needs it.
    WithCli,
    /// Never.
    Never,
}

/// One HTTP operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operation id as written in the spec (or derived from method and path).
    pub id: String,
    /// `snake_case` method name on the client.
    pub fn_name: String,
    /// `PascalCase` stem for names derived from the operation.
    pub type_stem: String,
    /// Name of the struct holding the parameters, when there are any.
    pub params_type: Option<String>,
    /// Name of the operation's error enum.
    pub error_type: String,
    /// HTTP method in upper case.
    pub method: HttpMethod,
    /// The path template, e.g. `/v3/users/{user_id}`.
    pub path: String,
    /// The path split into literal and parameter parts.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the spec marks the operation deprecated.
    pub deprecated: bool,
    /// Parameters (path, query, header), in spec order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The success outcome.
    pub success: Success,
    /// Documented error outcomes, in ascending status order.
    pub errors: Vec<ErrorResponse>,
    /// `tags`, in spec order.
    pub tags: Vec<String>,
    /// Accepted ways to authenticate; empty means none is needed, and
    /// [`AuthScheme::Anonymous`] among others makes authentication optional.
    pub auth: Vec<AuthScheme>,
}

/// An operation as a subcommand of the command-line program.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    /// The operation's index in [`Api::operations`].
    pub operation: usize,
    /// The subcommand's name: the method's name in kebab case.
    pub name: String,
    /// Name of the constant describing the subcommand (`OP_<FN_NAME>`).
    pub const_name: String,
    /// One flag per parameter, then one per top-level field of a struct body.
    pub flags: Vec<Flag>,
}

/// One flag of a subcommand.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// `--name`: unique among the subcommand's flags and the global options.
    pub name: String,
    /// Key in the JSON object the value goes to.
    pub key: String,
    /// What the flag sets.
    pub target: FlagTarget,
    /// What the flag's text must be: of the value, or of each item when
    /// `repeated`.
    pub value: FlagValue,
    /// Whether the value is an array of scalars, given one item per use.
    pub repeated: bool,
    /// The spec's default as `--help` shows it (a string without quotes).
    pub default: Option<String>,
    /// Whether it must be given (a body field: unless `--body` is).
    pub required: bool,
    /// Help text.
    pub help: String,
}

/// What a flag sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagTarget {
    /// A parameter of the operation.
    Param,
    /// A top-level field of the request body.
    BodyField,
}

/// What a flag's text must be, and how it becomes a value.
#[derive(Clone, Debug, PartialEq)]
pub enum FlagValue {
    /// Any text is the value (strings).
    Text,
    /// One of the wire values of a string enum.
    Choice(Vec<String>),
    /// One of the values of an integer enum.
    IntegerChoice(Vec<i64>),
    /// An integer within the spec's inclusive limits.
    Integer {
        /// The smallest value allowed.
        min: Option<i64>,
        /// The largest value allowed.
        max: Option<i64>,
        /// Whether the type is `i64` (else `i32`).
        wide: bool,
    },
    /// A number within the spec's limits.
    Number {
        /// `minimum`.
        min: Option<Bound>,
        /// `maximum`.
        max: Option<Bound>,
    },
    /// `true` or `false`.
    Bool,
    /// The text is JSON.
    Json,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, sent as written.
    Literal(String),
    /// A path parameter, by its index in [`Operation::params`].
    Param(usize),
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header, as `name=value`.
    Cookie,
}

/// One operation parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust field name in the operation's params struct.
    pub field_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether it must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// How an array or object value is spelled (`style`).
    pub style: ParamStyle,
    /// For arrays and objects: one pair per item or property (`true`), or
    /// one joined value.
    pub explode: bool,
    /// `description`.
    pub description: Option<String>,
    /// Constraints checked before sending.
    pub constraints: Constraints,
    /// The spec's default, answered by a getter when the caller gives no
    /// value (the parameter is then not sent).
    pub default: Option<DefaultValue>,
    /// The spec's `default` as JSON text, for the documentation.
    pub default_doc: Option<String>,
}

/// How a parameter's (or a form field's) array or object value is spelled,
/// as OpenAPI's `style` says; scalars are the same in every style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (the query's default): `a=1&a=2`, or `a=1,2` unexploded;
    /// an object's properties as pairs of their own, or `a=k,v,k2,v2`.
    Form,
    /// `simple` (the path's and headers' only style): `1,2`; `k,v` or `k=v`.
    Simple,
    /// `spaceDelimited`: an array as `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: an array as `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[k]=v`, nested as `a[k][0]=v`.
    DeepObject,
}

/// A `default` the generated code can set: a scalar or an enum variant.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A `bool`.
    Bool(bool),
    /// An integer (`i32` or `i64`, as the type says).
    Int(i64),
    /// A floating-point number (`f32` or `f64`, as the type says).
    Float(f64),
    /// A `String`.
    String(String),
    /// A variant of a named enum.
    Variant {
        /// The enum's Rust name.
        enum_name: String,
        /// The variant's Rust name.
        variant_name: String,
    },
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// Its media type, e.g. `application/json`.
    pub content_type: String,
    /// How the value travels.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// Constraints of the body schema itself (e.g. `maxItems` of an array body).
    pub constraints: Constraints,
}

/// How a request body's value becomes bytes.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyEncoding {
    /// As JSON.
    Json,
    /// As given: the type is [`TypeRef::Bytes`].
    Raw,
    /// `application/x-www-form-urlencoded`: each property a pair; nested
    /// values in brackets (`a[b]=1`, `a[0]=x`) unless `encoding` gives the
    /// property another style.
    Form(Vec<FieldEncoding>),
    /// `multipart/form-data`: each property a part; those holding bytes
    /// are file parts.
    Multipart(Vec<MultipartFile>),
}

/// A form property whose `encoding` gives it a style of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The property's name on the wire.
    pub wire_name: String,
    /// Its style.
    pub style: ParamStyle,
    /// Whether arrays and objects make one pair per item or property.
    pub explode: bool,
}

/// A property of a multipart body that is a file part (`format: binary`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultipartFile {
    /// The property's name on the wire.
    pub wire_name: String,
    /// The part's content type: the `encoding`'s `contentType`, else
    /// `application/octet-stream`.
    pub content_type: String,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Success {
    /// The documented success statuses: codes ascending, then a `2XX` range.
    pub statuses: Vec<StatusMatch>,
    /// The decoded body type when every success status shares one; `None`
    /// when no success response has a body or when `variants` is used.
    pub body: Option<TypeRef>,
    /// When success statuses have different bodies: the name of the
    /// per-operation success enum and one variant per status.
    pub variants: Option<(String, Vec<SuccessVariant>)>,
}

/// One variant of a per-operation success enum.
#[derive(Clone, Debug, PartialEq)]
pub struct SuccessVariant {
    /// The status it stands for.
    pub status: StatusMatch,
    /// The variant name (`Ok`, `Created`, `NoContent`, ...).
    pub variant: String,
    /// The body type, if the status documents one.
    pub body: Option<TypeRef>,
}

/// Which statuses a documented response covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A range such as `4XX`: the hundreds digit.
    Range(u16),
    /// The `default` response: any other status outside 2xx.
    Default,
}

impl StatusMatch {
    /// The status as the spec writes it: `404`, `4XX` or `default`.
    pub fn label(self) -> String {
        match self {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(digit) => format!("{digit}XX"),
            StatusMatch::Default => "default".to_owned(),
        }
    }
}

/// One documented error status.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    /// The status (code, range or `default`).
    pub status: StatusMatch,
    /// The variant name in the operation's error enum.
    pub variant: String,
    /// `description`.
    pub description: String,
    /// The documented body type, if the status documents one.
    pub body: Option<TypeRef>,
}

/// An authentication scheme an operation accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// A token in the named header (e.g. `X-Auth-Token`).
    TokenHeader(String),
    /// An API key in the named query parameter.
    ApiKeyQuery(String),
    /// An API key in the named cookie.
    ApiKeyCookie(String),
    /// `Authorization: Bearer <token>` (`http` bearer, `oauth2` and
    /// `openIdConnect`: the caller brings the access token).
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256).
    AkSkSigning,
    /// No credentials at all: the empty security requirement `{}`, which
    /// makes authentication optional when other schemes are listed too.
    Anonymous,
    /// Several schemes applied together (one security requirement naming
    /// more than one): every API key, each named by its scheme, plus the
    /// bearer token or user name and password when `with` says so. A
    /// single `apiKey` scheme that such a requirement also names lowers to
    /// this too, so that its value is configured once, under its name.
    Combined {
        /// The API keys, in the requirement's order.
        keys: Vec<ApiKey>,
        /// The `Authorization` scheme sent along, if any.
        with: Option<Joint>,
    },
}

/// An `apiKey` scheme of a combined requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// The scheme's name under `components/securitySchemes`: what the
    /// caller configures the value by.
    pub scheme: String,
    /// Where the value goes.
    pub location: KeyLocation,
    /// The header, query parameter or cookie name.
    pub name: String,
    /// The scheme's `description`.
    pub description: Option<String>,
}

impl ApiKey {
    /// Where the value goes, as messages say it.
    pub fn place(&self) -> String {
        match self.location {
            KeyLocation::Header => format!("the header {}", self.name),
            KeyLocation::Query => format!("the query parameter {}", self.name),
            KeyLocation::Cookie => format!("the cookie {}", self.name),
        }
    }
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The `Authorization` scheme a combined requirement sends beside its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joint {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
}

/// The command-line option and environment variable of an API key that a
/// combined requirement names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOption {
    /// The scheme's name.
    pub scheme: String,
    /// The option's name without `--`: the scheme's name in kebab case,
    /// unique among the program's options and every subcommand's flags.
    pub option: String,
    /// The environment variable: the program's prefix and the option's
    /// name in upper case.
    pub env: String,
    /// What the option is for, as `--help` shows it.
    pub help: String,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Boolean,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u64` (`format: uint64`).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// Raw bytes (`bytes::Bytes`): a body that is not JSON.
    Bytes,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A named type from [`Api::types`], by its Rust name.
    Named(String),
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust name (`PascalCase`).
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Vec<Field>),
    /// A string enum.
    StringEnum(Vec<EnumVariant>),
    /// An integer enum.
    IntEnum(Vec<IntVariant>),
    /// `oneOf`/`anyOf`: an enum whose variants are tried in order, or,
    /// when the variants have [`Tag`]s, picked by the tag's property.
    Union(Vec<UnionVariant>),
    /// An alias of another type, with the constraints of the aliased schema
    /// (checked wherever the alias is used).
    Alias(TypeRef, Constraints),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The JSON name.
    pub wire_name: String,
    /// The Rust name.
    pub field_name: String,
    /// Its type, without the `Option` that `required`/`nullable` add.
    pub ty: TypeRef,
    /// Whether the field must be present.
    pub required: bool,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Whether the type refers back to its container and needs a `Box`.
    pub boxed: bool,
    /// `description`.
    pub description: Option<String>,
    /// Constraints checked before sending.
    pub constraints: Constraints,
    /// The spec's default, answered by a getter when the field is absent
    /// (an absent field is not sent).
    pub default: Option<DefaultValue>,
    /// The spec's `default` as JSON text, for the documentation.
    pub default_doc: Option<String>,
    /// Whether the field is the map of the properties the object does not
    /// name (`additionalProperties` beside `properties`): flattened into
    /// the object on the wire, its `ty` a [`TypeRef::Map`], its
    /// `wire_name` empty.
    pub flatten: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`: not required, or nullable. A
    /// spec default does not make a field required: it documents what the
    /// service assumes when the field is absent. The map of other
    /// properties is never one: it is empty when there are none.
    pub fn is_option(&self) -> bool {
        !self.flatten && (!self.required || self.nullable)
    }
}

/// An integer enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntVariant {
    /// The value on the wire.
    pub value: i64,
    /// The Rust variant name (`V1`, `Minus1`).
    pub variant_name: String,
}

/// A variant of a `oneOf`/`anyOf` union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub variant_name: String,
    /// The variant's type.
    pub ty: TypeRef,
    /// Whether the type refers back to the union and needs a `Box`.
    pub boxed: bool,
    /// Constraints of an inline variant schema, checked before sending.
    pub constraints: Constraints,
    /// The `discriminator` value that selects this variant, when the union
    /// has one it can honour (then every variant has one).
    pub tag: Option<Tag>,
}

/// A union variant's `discriminator`: the property that names the
/// variant and the value it takes for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The property's name on the wire.
    pub property: String,
    /// Its value for this variant.
    pub value: String,
}

/// A string enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumVariant {
    /// The value on the wire.
    pub wire_value: String,
    /// The Rust variant name.
    pub variant_name: String,
}

/// Checks made on a value before a request is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constraints {
    /// `maxLength`, counted in characters.
    pub max_length: Option<usize>,
    /// `minLength`, counted in characters.
    pub min_length: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minimum`, with `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maximum`, with `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `pattern`, a regular expression the generator has compiled within
    /// [`PATTERN_SIZE_LIMIT`].
    pub pattern: Option<String>,
    /// Constraints on each item of an array, or on each value of a map;
    /// `None` when there are none.
    pub items: Option<Box<Constraints>>,
}

/// A `minimum` or `maximum`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The limit: an integer for `integer` schemas, else a number.
    pub value: serde_json::Number,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// The compiled size allowed to a `pattern`, in bytes, at generation and in
/// the generated crate alike: the `regex` crate matches in time linear in the
/// input, and this bounds the memory a pattern from any spec may take.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

impl Constraints {
    /// Whether there is nothing to check, here or in the items.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Whether a `pattern` is among these constraints or their items'.
    pub fn has_pattern(&self) -> bool {
        self.pattern.is_some() || self.items.as_ref().is_some_and(|items| items.has_pattern())
    }

    /// These constraints with `items` as the constraints of each item or
    /// map value (kept only when there is something to check).
    pub fn with_items(mut self, items: Constraints) -> Self {
        self.items = (!items.is_empty()).then(|| Box::new(items));
        self
    }
}
