//! The generator's own examples in the documentation: the crate's quick
//! start and one example per operation method, written from the spec's
//! operation names, required inputs and documented errors. They are
//! `no_run` doctests: `cargo test` compiles them, so they stay true to the
//! crate; spec text never becomes one (see [`super::docs::prose`]).

use crate::model::{Api, Operation, StatusMatch, TypeKind, TypeRef};

/// How deep example values build nested structs before leaving the rest
/// to the reader (`todo!()`).
const MAX_DEPTH: usize = 3;

/// A Rust expression for a value of `ty`, named `hint` on the wire: a
/// placeholder string, a small number, the first variant of an enum, the
/// required fields of a struct through its builder.
fn value(api: &Api, krate: &str, ty: &TypeRef, hint: &str, depth: usize) -> String {
    match ty {
        TypeRef::String => format!("{:?}", hint.replace('_', "-")),
        TypeRef::Boolean => "true".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => "1".into(),
        TypeRef::F32 | TypeRef::F64 => "1.0".into(),
        TypeRef::Json => "serde_json::Value::Null".into(),
        TypeRef::Bytes => "bytes::Bytes::from_static(b\"...\")".into(),
        TypeRef::Array(_) => "Vec::new()".into(),
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Named(name) => named_value(api, krate, name, hint, depth),
    }
}

fn named_value(api: &Api, krate: &str, name: &str, hint: &str, depth: usize) -> String {
    let Some((def, _)) = api.named(name) else {
        return "todo!()".into();
    };
    let path = format!("{krate}::types::{name}");
    match &def.kind {
        TypeKind::StringEnum(variants) => match variants.first() {
            Some(v) => format!("{path}::{}", v.variant_name),
            None => "todo!()".into(),
        },
        TypeKind::IntEnum(variants) => match variants.first() {
            Some(v) => format!("{path}::{}", v.variant_name),
            None => "todo!()".into(),
        },
        TypeKind::Alias(target, _) => value(api, krate, target, hint, depth),
        TypeKind::Union(variants) => match variants.first() {
            Some(v) if depth < MAX_DEPTH => {
                let inner = value(api, krate, &v.ty, hint, depth + 1);
                let inner = if v.boxed {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                format!("{path}::{}({inner})", v.variant_name)
            }
            _ => "todo!()".into(),
        },
        TypeKind::Struct(fields) if depth < MAX_DEPTH => {
            // The top-level value sets a field a line; nested ones fit in one.
            let separator = if depth == 0 { "\n    " } else { "" };
            let mut text = format!("{path}::builder()");
            for f in fields.iter().filter(|f| f.required) {
                let inner = value(api, krate, &f.ty, &f.wire_name, depth + 1);
                let inner = if f.nullable {
                    format!("Some({inner})")
                } else {
                    inner
                };
                text.push_str(&format!("{separator}.{}({inner})", f.field_name));
            }
            text.push_str(&format!("{separator}.build()?"));
            text
        }
        TypeKind::Struct(_) => "todo!()".into(),
    }
}

/// The statements that call `op` on `client` and handle a documented
/// error, as lines of Rust.
fn call(api: &Api, krate: &str, op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = Vec::new();
    if let Some(params_type) = &op.params_type {
        let mut text = format!("let params = {krate}::types::{params_type}::builder()");
        for p in op.params.iter().filter(|p| p.required) {
            let v = value(api, krate, &p.ty, &p.wire_name, 1);
            text.push_str(&format!("\n    .{}({v})", p.field_name));
        }
        text.push_str("\n    .build()?;");
        out.push(text);
        args.push("&params".to_owned());
    }
    if let Some(body) = &op.body {
        if body.required {
            let v = value(api, krate, &body.ty, "body", 0);
            out.push(format!("let body = {v};"));
            args.push("&body".into());
        } else {
            args.push("None".into());
        }
    }
    let error = format!("{krate}::operation_errors::{}", op.error_type);
    out.push(format!(
        "match client.{}({}).await {{",
        op.fn_name,
        args.join(", ")
    ));
    out.push("    Ok(response) => println!(\"HTTP {}\", response.status()),".into());
    let documented = op
        .errors
        .iter()
        .find(|e| matches!(e.status, StatusMatch::Code(400..=499)))
        .or_else(|| op.errors.first());
    if let Some(e) = documented {
        out.push(format!(
            "    Err({krate}::Error::Api({error}::{}(answer))) => {{",
            e.variant
        ));
        out.push(format!(
            "        eprintln!(\"{} answered {{}}: {{:?}}\", answer.status(), answer.error_msg());",
            op.id.escape_default()
        ));
        out.push("    }".into());
    }
    out.push("    Err(other) => return Err(other.into()),".into());
    out.push("}".into());
    out
}

/// A fenced `no_run` example: `body` inside an async function given a
/// `client` (built as the quick start shows, when `with_client`).
///
/// An operation's example takes the client as an argument, in one hidden
/// line: the quick start shows how to build it.
fn fenced(krate: &str, endpoint: &str, body: &[String], with_client: bool) -> String {
    let mut out = String::from("```no_run\n");
    if with_client {
        out.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
        out.push_str(&format!(
            "let client = {krate}::Client::builder({endpoint})\n"
        ));
        out.push_str("    .credentials_from_env()?\n");
        out.push_str("    .build()?;\n");
    } else {
        out.push_str(&format!(
            "# async fn example(client: &{krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n"
        ));
    }
    for line in body {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("# Ok(())\n# }\n```\n");
    out
}

/// The endpoint expression of the examples: the spec's server, or a
/// placeholder the reader replaces.
fn endpoint(api: &Api, krate: &str) -> String {
    match &api.default_endpoint {
        Some(_) => format!("{krate}::DEFAULT_ENDPOINT"),
        None => "\"https://api.example.com\"".into(),
    }
}

/// The example on an operation method.
pub(super) fn operation(api: &Api, krate: &str, op: &Operation) -> String {
    let mut text = String::from("# Example\n\n");
    text.push_str(&fenced(
        krate,
        &endpoint(api, krate),
        &call(api, krate, op),
        false,
    ));
    text
}

/// The crate's quick start: a client with credentials from the
/// environment, then a call of the first operation.
pub(super) fn quick_start(api: &Api, krate: &str) -> String {
    let mut text = String::from("# Quick start\n\n");
    text.push_str(
        "Build one `Client` (it is cheap to clone and shares its connections), \
         with credentials from the `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` \
         (and `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_DOMAIN_ID`) or \
         `HUAWEICLOUD_SDK_AUTH_TOKEN` variables, or given with `ClientBuilder::credentials`. \
         Inputs are built by field name; `build` names a required field left unset. \
         Pass values as they are: the client percent-encodes paths and query values itself.\n\n",
    );
    let body = match api.operations.first() {
        Some(op) => call(api, krate, op),
        None => Vec::new(),
    };
    text.push_str(&fenced(krate, &endpoint(api, krate), &body, true));
    text
}
