//! `src/bin/<cli>.rs`: the command-line program, one subcommand per
//! operation, one flag per parameter and top-level body field.

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::lines;
use super::{RustFile, Uses};
use crate::lower::{snake, Scope};
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
    /// Field of the clap struct.
    ident: proc_macro2::Ident,
    /// Key in the JSON object the value goes to.
    key: String,
    /// Whether the text is taken as a string or parsed as JSON.
    text: bool,
    /// `required = true`, `required_unless_present = "body"`, or optional.
    requirement: TokenStream,
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

/// `src/bin/<program>.rs`: per operation an arguments struct and a
/// function that runs the subcommand; the prelude holds the parser and `main`.
pub(super) fn file<'a>(api: &'a Api, crate_name: &str) -> RustFile<'a> {
    let crate_name = crate_name.to_owned();
    let operations: Vec<&Operation> = api.operations.iter().filter(|op| in_program(op)).collect();
    let units = operations.len();
    let items_of = operations.clone();
    RustFile::with_fixed_prelude(
        format!("src/bin/{}.rs", api.cli_name),
        units,
        move |range| {
            let items = items_of[range]
                .iter()
                .flat_map(|op| [args_struct(api, op), run_function(api, op)])
                .collect();
            (items, Uses::default())
        },
        move || prelude(api, &operations, &super::ident(&crate_name)),
    )
}

fn prelude(api: &Api, operations: &[&Operation], crate_ident: &proc_macro2::Ident) -> TokenStream {
    let about = format!("Command-line client for {}.", api.title.trim());
    let endpoint = api.default_endpoint.clone().unwrap_or_default();
    let variants = operations.iter().map(|op| {
        let variant = super::ident(&op.type_stem);
        let args = format_ident!("{}Args", op.type_stem);
        let name = op.fn_name.to_kebab_case();
        let summary = op.summary.as_deref().unwrap_or(&op.id).trim().to_owned();
        let docs = lines(&format!(
            "{summary}\n\n`{} {}`",
            op.method.as_str(),
            op.path
        ));
        quote! {
            #docs
            #[command(name = #name)]
            #variant(#args),
        }
    });
    let arms = operations.iter().map(|op| {
        let variant = super::ident(&op.type_stem);
        let run = format_ident!("run_{}", op.fn_name);
        quote!(Command::#variant(args) => #run(global, args).await,)
    });
    let imports = imports(api, crate_ident);
    quote! {
        //! The command-line client: one subcommand per operation of the spec.
        //! Run with `--help` to see them, and the exit codes.

        use std::process::ExitCode;

        use clap::{Args, Parser, Subcommand};
        #imports

        /// The spec's server, used unless `--endpoint` says otherwise.
        const ENDPOINT: &str = #endpoint;

        #[derive(Parser)]
        #[command(version, about = #about, after_help = cli::EXIT_CODES_HELP)]
        struct Cli {
            #[command(flatten)]
            // Qualified: an operation `Global` has arguments `GlobalArgs`.
            global: cli::GlobalArgs,
            #[command(subcommand)]
            command: Command,
        }

        // Parsed once per run: the size of the largest arguments does not matter.
        #[allow(clippy::large_enum_variant)]
        #[derive(Subcommand)]
        enum Command {
            #(#variants)*
        }

        #[tokio::main]
        async fn main() -> ExitCode {
            let cli = Cli::parse();
            let global = &cli.global;
            match cli.command {
                #(#arms)*
            }
        }
    }
}

/// The crate's modules and types the program uses: `FlagKind` when some
/// subcommand has flags, `types` when a parameter struct or body type lives there.
fn imports(api: &Api, crate_ident: &proc_macro2::Ident) -> TokenStream {
    let has_flags = api.operations.iter().filter(|op| in_program(op)).any(|op| {
        let (params, body) = flags(api, op);
        !params.is_empty() || !body.is_empty()
    });
    let uses_types = api.operations.iter().filter(|op| in_program(op)).any(|op| {
        op.params_type.is_some() || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
    });
    let cli = if has_flags {
        quote!(use #crate_ident::cli::{self, FlagKind};)
    } else {
        quote!(use #crate_ident::cli;)
    };
    let crate_items = if uses_types {
        quote!(use #crate_ident::{requests, types, Client};)
    } else {
        quote!(use #crate_ident::{requests, Client};)
    };
    quote!(#cli #crate_items)
}

/// Whether `ty` names a type of the `types` module.
fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions_named(inner),
        _ => false,
    }
}

fn flags(api: &Api, op: &Operation) -> (Vec<Flag>, Vec<Flag>) {
    let mut scope = Scope::with_reserved(RESERVED_FLAGS);
    // Distinct flags may still give the same field (`--名前` and `--データ` are both `n_`).
    let mut idents = Scope::with_reserved(&["body"]);
    let param_flags = op
        .params
        .iter()
        .map(|p| {
            let name = scope.claim(p.field_name.to_kebab_case());
            Flag {
                ident: super::ident(&idents.claim(snake(&name))),
                key: p.field_name.clone(),
                text: is_text(api, &p.ty),
                requirement: if p.required {
                    quote!(required = true,)
                } else {
                    TokenStream::new()
                },
                help: p
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name)),
                name,
            }
        })
        .collect();
    let mut body_flags = Vec::new();
    if let Some(body) = &op.body {
        if let Some(fields) = struct_fields(api, &body.ty) {
            for f in fields {
                let name = scope.claim(f.wire_name.to_kebab_case());
                let required = f.required && !f.nullable && body.required;
                body_flags.push(Flag {
                    ident: super::ident(&idents.claim(snake(&name))),
                    key: f.wire_name.clone(),
                    text: is_text(api, &f.ty),
                    requirement: if required {
                        quote!(required_unless_present = "body",)
                    } else {
                        TokenStream::new()
                    },
                    help: f
                        .description
                        .clone()
                        .unwrap_or_else(|| format!("The `{}` body field.", f.wire_name)),
                    name,
                });
            }
        }
    }
    (param_flags, body_flags)
}

fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [crate::model::Field]> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match api
        .types
        .iter()
        .find(|t: &&TypeDef| &t.name == name)
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct(fields)) => Some(fields),
        Some(TypeKind::Alias(inner, _)) => struct_fields(api, inner),
        _ => None,
    }
}

/// Whether a flag's text is the value itself (strings and string enums).
fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Named(name) => {
            api.types
                .iter()
                .find(|t| &t.name == name)
                .is_some_and(|t| match &t.kind {
                    TypeKind::StringEnum(_) => true,
                    TypeKind::Alias(inner, _) => is_text(api, inner),
                    TypeKind::Struct(_) | TypeKind::IntEnum(_) | TypeKind::Union(_) => false,
                })
        }
        _ => false,
    }
}

fn flag_field(flag: &Flag) -> TokenStream {
    let ident = &flag.ident;
    let name = &flag.name;
    let value_name = flag.name.to_uppercase().replace('-', "_");
    let requirement = &flag.requirement;
    let help = if flag.text {
        flag.help.trim().to_owned()
    } else {
        format!("{}\n\nGiven as JSON.", flag.help.trim())
    };
    let docs = lines(&help);
    // clap's defaults: the field name in kebab case and in upper snake case.
    let field = ident.to_string();
    let field = field.trim_start_matches("r#");
    let names = if *name == field.replace('_', "-") && value_name == field.to_uppercase() {
        quote!(long)
    } else {
        quote!(long = #name, value_name = #value_name)
    };
    quote! {
        #docs
        #[arg(#names, #requirement)]
        #ident: Option<String>,
    }
}

fn args_struct(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}Args", op.type_stem);
    let (params, body_flags) = flags(api, op);
    let fields = params.iter().chain(&body_flags).map(flag_field);
    let body = op.body.as_ref().map(|body| {
        if body_flags.is_empty() {
            // A body that is not a struct (an array, a map, ...) has no field flags.
            let required = body.required.then(|| quote!(required = true,));
            return quote! {
                /// The whole JSON request body from FILE (`-` for standard input).
                #[arg(long, value_name = "FILE", #required)]
                body: Option<String>,
            };
        }
        let conflicts = body_flags.iter().map(|f| f.ident.to_string());
        quote! {
            /// The whole JSON request body from FILE (`-` for standard input) instead of the field flags.
            #[arg(long, value_name = "FILE", conflicts_with_all = [#(#conflicts),*])]
            body: Option<String>,
        }
    });
    let docs = lines(&format!("Arguments of `{}`.", op.id));
    quote! {
        #docs
        #[derive(Args)]
        struct #name {
            #(#fields)*
            #body
        }
    }
}

/// `&[(key, value, kind), ...]`, the flags as `cli::value_from` takes them.
fn flag_list(flags: &[Flag]) -> TokenStream {
    let entries = flags.iter().map(|f| {
        let key = &f.key;
        let ident = &f.ident;
        let kind = if f.text {
            quote!(FlagKind::Text)
        } else {
            quote!(FlagKind::Json)
        };
        quote!((#key, args.#ident.as_deref(), #kind))
    });
    quote!(&[#(#entries),*])
}

/// Whether an optional body is given: `--body`, or any of its field flags.
fn body_given(flags: &[Flag]) -> TokenStream {
    let given = flags.iter().map(|f| {
        let ident = &f.ident;
        quote!(args.#ident.is_some())
    });
    quote!(args.body.is_some() #(|| #given)*)
}

/// The function that runs the operation's subcommand with parsed arguments.
fn run_function(api: &Api, op: &Operation) -> TokenStream {
    let run = format_ident!("run_{}", op.fn_name);
    let args_ty = format_ident!("{}Args", op.type_stem);
    let method = super::ident(&op.fn_name);
    let (params, body_flags) = flags(api, op);
    let mut setup = Vec::new();
    let mut names = Vec::new();
    if let Some(params_type) = &op.params_type {
        let ty = super::ident(params_type);
        let list = flag_list(&params);
        setup.push(quote! {
            let params: types::#ty = match cli::value_from(None, #list) {
                Ok(value) => value,
                Err(e) => return cli::usage_exit(&e),
            };
            let params = &params;
        });
        names.push(quote!(params));
    }
    if let Some(body) = &op.body {
        let ty = super::rust_type_in(&body.ty, Some(&quote!(types)));
        let list = flag_list(&body_flags);
        let value = quote!(cli::value_from::<#ty>(args.body.as_deref(), #list));
        if body.required {
            setup.push(quote! {
                let body = match #value {
                    Ok(value) => value,
                    Err(e) => return cli::usage_exit(&e),
                };
                let body = &body;
            });
            names.push(quote!(body));
        } else {
            let given = body_given(&body_flags);
            setup.push(quote! {
                let body = if #given {
                    match #value {
                        Ok(value) => Some(value),
                        Err(e) => return cli::usage_exit(&e),
                    }
                } else {
                    None
                };
                let body = body.as_ref();
            });
            names.push(quote!(body));
        }
    }
    let uses_args = !params.is_empty() || op.body.is_some();
    let binding = if uses_args {
        quote!(args)
    } else {
        quote!(_args)
    };
    // The program still offers operations the spec deprecates.
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let docs = lines(&format!("Runs `{}`.", op.id));
    quote! {
        #docs
        #allow
        async fn #run(global: &cli::GlobalArgs, #binding: #args_ty) -> ExitCode {
            #(#setup)*
            cli::run(
                global,
                ENDPOINT,
                || Ok(requests::#method(#(#names),*)?),
                |client: Client| async move { client.#method(#(#names),*).await },
            )
            .await
        }
    }
}
