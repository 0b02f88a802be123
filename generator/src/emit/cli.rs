//! `src/bin/<cli>.rs`: the command-line program, one subcommand per
//! operation, one flag per parameter and top-level body field.

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::lines;
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

pub fn emit(api: &Api, crate_ident: &proc_macro2::Ident) -> TokenStream {
    let about = format!("Command-line client for {}.", api.title.trim());
    let endpoint = api.default_endpoint.clone().unwrap_or_default();
    let variants = api.operations.iter().map(|op| {
        let variant = format_ident!("{}", op.type_stem);
        let args = format_ident!("{}Args", op.type_stem);
        let name = op.fn_name.to_kebab_case();
        let summary = op.summary.as_deref().unwrap_or(&op.id).trim().to_owned();
        let docs = lines(&format!("{summary}\n\n`{} {}`", op.method.as_str(), op.path));
        quote! {
            #docs
            #[command(name = #name)]
            #variant(#args),
        }
    });
    let structs = api.operations.iter().map(|op| args_struct(api, op));
    let arms = api.operations.iter().map(|op| dispatch(api, op, crate_ident));
    quote! {
        //! The command-line client: one subcommand per operation of the spec.
        //! Run with `--help` to see them, and the exit codes.

        use std::process::ExitCode;

        use clap::{Args, Parser, Subcommand};
        use #crate_ident::cli::{self, FlagKind, GlobalArgs};
        use #crate_ident::{requests, types, Client};

        /// The spec's server, used unless `--endpoint` says otherwise.
        const ENDPOINT: &str = #endpoint;

        #[derive(Parser)]
        #[command(version, about = #about, after_help = cli::EXIT_CODES_HELP)]
        struct Cli {
            #[command(flatten)]
            global: GlobalArgs,
            #[command(subcommand)]
            command: Command,
        }

        #[derive(Subcommand)]
        enum Command {
            #(#variants)*
        }

        #(#structs)*

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

fn flags(api: &Api, op: &Operation) -> (Vec<Flag>, Vec<Flag>) {
    let mut scope = Scope::with_reserved(RESERVED_FLAGS);
    let param_flags = op
        .params
        .iter()
        .map(|p| {
            let name = scope.claim(p.field_name.to_kebab_case());
            Flag {
                ident: format_ident!("{}", snake(&name)),
                key: p.field_name.clone(),
                text: is_text(api, &p.ty),
                requirement: if p.required { quote!(required = true,) } else { TokenStream::new() },
                help: p.description.clone().unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name)),
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
                    ident: format_ident!("{}", snake(&name)),
                    key: f.wire_name.clone(),
                    text: is_text(api, &f.ty),
                    requirement: if required {
                        quote!(required_unless_present = "body",)
                    } else {
                        TokenStream::new()
                    },
                    help: f.description.clone().unwrap_or_else(|| format!("The `{}` body field.", f.wire_name)),
                    name,
                });
            }
        }
    }
    (param_flags, body_flags)
}

fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [crate::model::Field]> {
    let TypeRef::Named(name) = ty else { return None };
    match api.types.iter().find(|t: &&TypeDef| &t.name == name).map(|t| &t.kind) {
        Some(TypeKind::Struct(fields)) => Some(fields),
        Some(TypeKind::Alias(inner)) => struct_fields(api, inner),
        _ => None,
    }
}

/// Whether a flag's text is the value itself (strings and string enums).
fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Named(name) => api
            .types
            .iter()
            .find(|t| &t.name == name)
            .is_some_and(|t| match &t.kind {
                TypeKind::StringEnum(_) => true,
                TypeKind::Alias(inner) => is_text(api, inner),
                TypeKind::Struct(_) => false,
            }),
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
    quote! {
        #docs
        #[arg(long = #name, value_name = #value_name, #requirement)]
        #ident: Option<String>,
    }
}

fn args_struct(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}Args", op.type_stem);
    let (params, body_flags) = flags(api, op);
    let fields = params.iter().chain(&body_flags).map(flag_field);
    let body = op.body.as_ref().map(|body| {
        let conflicts = body_flags.iter().map(|f| f.ident.to_string());
        let required = if body.required && body_flags.is_empty() {
            quote!(required = true,)
        } else {
            TokenStream::new()
        };
        quote! {
            /// The whole JSON request body from FILE (`-` for standard input) instead of the field flags.
            #[arg(long, value_name = "FILE", #required conflicts_with_all = [#(#conflicts),*])]
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

fn flag_list(flags: &[Flag]) -> TokenStream {
    let entries = flags.iter().map(|f| {
        let key = &f.key;
        let ident = &f.ident;
        let kind = if f.text { quote!(FlagKind::Text) } else { quote!(FlagKind::Json) };
        quote!((#key, args.#ident.as_deref(), #kind))
    });
    quote!(&[#(#entries),*])
}

fn dispatch(api: &Api, op: &Operation, crate_ident: &proc_macro2::Ident) -> TokenStream {
    let _ = crate_ident;
    let variant = format_ident!("{}", op.type_stem);
    let method = format_ident!("{}", op.fn_name);
    let (params, body_flags) = flags(api, op);
    let mut setup = Vec::new();
    let mut names = Vec::new();
    if let Some(params_type) = &op.params_type {
        let ty = format_ident!("{}", params_type);
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
        let ty = super::rust_type(&body.ty, false);
        let list = flag_list(&body_flags);
        let value = quote!(cli::value_from::<types::#ty>(args.body.as_deref(), #list));
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
            setup.push(quote! {
                let body = if args.body.is_some() || #list.iter().any(|(_, v, _)| v.is_some()) {
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
    let binding = if uses_args { quote!(args) } else { quote!(_args) };
    quote! {
        Command::#variant(#binding) => {
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
