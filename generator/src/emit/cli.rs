//! `src/bin/<cli>.rs`: the command-line program, one subcommand per
//! operation, one flag per parameter and top-level body field.

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::lines;
use super::{RustFile, Uses};
use crate::fast_hash::FastMap;
use crate::lower::Scope;
use crate::model::{Api, Operation, TypeDef, TypeKind, TypeRef};

/// Flags every subcommand already has (global options and `--body`).
const RESERVED_FLAGS: &[&str] = &[
    "body",
    "endpoint",
    "ak",
    "sk",
    "security-token",
    "domain-id",
    "token",
    "timeout",
    "verbose",
    "dry-run",
    "help",
    "version",
];

/// One flag of a subcommand.
struct Flag {
    /// `--name`.
    name: String,
    /// Key in the JSON object the value goes to.
    key: String,
    /// Whether the text is taken as a string or parsed as JSON.
    text: bool,
    /// Whether it must be given (a body field: unless `--body` is).
    required: bool,
    /// Help text.
    help: String,
}

/// Whether the program offers `op`: not when its request or success body is
/// raw bytes, which have no JSON form to read from flags or print.
fn in_program(op: &Operation) -> bool {
    let bytes = Some(&TypeRef::Bytes);
    let success_bytes = op.success.body.as_ref() == bytes
        || op
            .success
            .variants
            .as_ref()
            .is_some_and(|(_, variants)| variants.iter().any(|v| v.body.as_ref() == bytes));
    op.body.as_ref().map(|b| &b.ty) != bytes && !success_bytes
}

/// `src/bin/<program>.rs`: per operation a subcommand's description and
/// the function that runs it; the prelude holds the program and `main`.
pub(super) fn file<'a>(api: &'a Api, crate_name: &str) -> RustFile<'a> {
    let crate_name = crate_name.to_owned();
    let operations: Vec<&Operation> = api.operations.iter().filter(|op| in_program(op)).collect();
    let mut scope = Scope::with_reserved(&["PROGRAM"]);
    let consts: Vec<String> = operations
        .iter()
        .map(|op| scope.claim(format!("OP_{}", op.fn_name.to_uppercase())))
        .collect();
    let units = operations.len();
    let items_of = operations.clone();
    let consts_of = consts.clone();
    let types = Types::of(api);
    RustFile::with_fixed_prelude(
        format!("src/bin/{}.rs", api.cli_name),
        units,
        move |range| {
            let items = items_of[range.clone()]
                .iter()
                .zip(&consts_of[range])
                .flat_map(|(op, name)| [subcommand(&types, op, name), run_function(op)])
                .collect();
            (items, Uses::default())
        },
        move || prelude(api, &operations, &consts, &super::ident(&crate_name)),
    )
}

fn prelude(
    api: &Api,
    operations: &[&Operation],
    consts: &[String],
    crate_ident: &proc_macro2::Ident,
) -> TokenStream {
    let about = format!("Command-line client for {}.", api.title.trim());
    let endpoint = api.default_endpoint.clone().unwrap_or_default();
    let consts = consts.iter().map(|c| super::ident(c));
    let imports = imports(operations, crate_ident);
    quote! {
        //! The command-line client: one subcommand per operation of the spec.
        //! Run with `--help` to see them, and the exit codes.

        use std::process::ExitCode;

        #imports

        /// What the program calls, where, and its subcommands.
        static PROGRAM: cli::Program = cli::Program {
            about: #about,
            endpoint: #endpoint,
            subcommands: &[#(#consts),*],
        };

        fn main() -> ExitCode {
            cli::main(&PROGRAM)
        }
    }
}

/// The crate's modules and types the program uses: `requests` and `Client`
/// when it offers an operation, `types` when a parameter struct or body
/// type lives there.
fn imports(operations: &[&Operation], crate_ident: &proc_macro2::Ident) -> TokenStream {
    let uses_types = operations.iter().any(|op| {
        op.params_type.is_some() || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
    });
    let mut items = Vec::new();
    if !operations.is_empty() {
        items.push(quote!(requests));
    }
    if uses_types {
        items.push(quote!(types));
    }
    if !operations.is_empty() {
        items.push(quote!(Client));
    }
    quote! {
        use #crate_ident::cli;
        use #crate_ident::{#(#items),*};
    }
}

/// Whether `ty` names a type of the `types` module.
fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions_named(inner),
        _ => false,
    }
}

/// The flags of `op`: one per parameter, then one per top-level field of
/// a struct body; names that clash get a suffix.
fn flags(types: &Types<'_>, op: &Operation) -> Vec<Flag> {
    let mut scope = Scope::with_reserved(RESERVED_FLAGS);
    let mut flags: Vec<Flag> = op
        .params
        .iter()
        .map(|p| Flag {
            name: scope.claim(p.field_name.to_kebab_case()),
            key: p.field_name.clone(),
            text: types.is_text(&p.ty),
            required: p.required,
            help: p
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name)),
        })
        .collect();
    if let Some(body) = &op.body {
        for f in types.struct_fields(&body.ty).unwrap_or_default() {
            flags.push(Flag {
                name: scope.claim(f.wire_name.to_kebab_case()),
                key: f.wire_name.clone(),
                text: types.is_text(&f.ty),
                required: f.required && !f.nullable && body.required,
                help: f
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("The `{}` body field.", f.wire_name)),
            });
        }
    }
    flags
}

/// The spec's named types by name.
struct Types<'a>(FastMap<&'a str, &'a TypeKind>);

impl<'a> Types<'a> {
    fn of(api: &'a Api) -> Self {
        Types(
            api.types
                .iter()
                .map(|t: &'a TypeDef| (t.name.as_str(), &t.kind))
                .collect(),
        )
    }

    fn kind(&self, ty: &TypeRef) -> Option<&'a TypeKind> {
        match ty {
            TypeRef::Named(name) => self.0.get(name.as_str()).copied(),
            _ => None,
        }
    }

    /// The fields of a struct type (through aliases).
    fn struct_fields(&self, ty: &TypeRef) -> Option<&'a [crate::model::Field]> {
        match self.kind(ty)? {
            TypeKind::Struct(fields) => Some(fields),
            TypeKind::Alias(inner, _) => self.struct_fields(inner),
            _ => None,
        }
    }

    /// Whether a flag's text is the value itself (strings and string enums).
    fn is_text(&self, ty: &TypeRef) -> bool {
        if *ty == TypeRef::String {
            return true;
        }
        match self.kind(ty) {
            Some(TypeKind::StringEnum(_)) => true,
            Some(TypeKind::Alias(inner, _)) => self.is_text(inner),
            _ => false,
        }
    }
}

/// The subcommand's description: name, summary, route and flags.
fn subcommand(types: &Types<'_>, op: &Operation, name: &str) -> TokenStream {
    let name = super::ident(name);
    let command = op.fn_name.to_kebab_case();
    let summary = op.summary.as_deref().unwrap_or(&op.id).trim().to_owned();
    let route = format!("{} {}", op.method.as_str(), op.path);
    let params = op.params.len();
    let flags = flags(types, op).into_iter().enumerate().map(|(i, f)| {
        let (flag_name, key, help) = (&f.name, &f.key, f.help.trim());
        let constructor = match (i < params, f.required) {
            (true, false) => quote!(param),
            (true, true) => quote!(required_param),
            (false, false) => quote!(field),
            (false, true) => quote!(required_field),
        };
        let flag = quote!(cli::Flag::#constructor(#flag_name, #key, #help));
        if f.text {
            flag
        } else {
            quote!(#flag.json())
        }
    });
    let body = match &op.body {
        None => quote!(None),
        Some(body) if body.required => quote!(Required),
        Some(_) => quote!(Optional),
    };
    let run = format_ident!("run_{}", op.fn_name);
    let docs = lines(&format!("`{}`: `{route}`.", op.id));
    quote! {
        #docs
        const #name: cli::Subcommand = cli::Subcommand {
            name: #command,
            summary: #summary,
            route: #route,
            flags: &[#(#flags),*],
            body: cli::Body::#body,
            run: #run,
        };
    }
}

/// The function that runs the operation's subcommand: reads its input from
/// the flags, then builds and sends the request.
fn run_function(op: &Operation) -> TokenStream {
    let run = format_ident!("run_{}", op.fn_name);
    let method = super::ident(&op.fn_name);
    let mut setup = Vec::new();
    let mut names = Vec::new();
    if let Some(params_type) = &op.params_type {
        let ty = super::ident(params_type);
        setup.push(quote! {
            let params: types::#ty = call.params()?;
            let params = &params;
        });
        names.push(quote!(params));
    }
    if let Some(body) = &op.body {
        let ty = super::rust_type_in(&body.ty, Some(&quote!(types)));
        if body.required {
            setup.push(quote! {
                let body: #ty = call.body()?;
                let body = &body;
            });
        } else {
            setup.push(quote! {
                let body: Option<#ty> = call.optional_body()?;
                let body = body.as_ref();
            });
        }
        names.push(quote!(body));
    }
    let build = if names.is_empty() {
        quote!(requests::#method)
    } else {
        quote!(|| requests::#method(#(#names),*))
    };
    // The program still offers operations the spec deprecates.
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let docs = lines(&format!("Runs `{}`.", op.id));
    quote! {
        #docs
        #allow
        fn #run(call: &cli::Call) -> cli::Running<'_> {
            Box::pin(async move {
                #(#setup)*
                call.send(#build, |client: Client| async move {
                    client.#method(#(#names),*).await
                })
                .await
            })
        }
    }
}
