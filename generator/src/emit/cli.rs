//! `src/bin/<cli>.rs`: the command-line program, one subcommand per
//! operation, one flag per parameter and top-level body field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, lines};
use super::RustFile;
use crate::model::{
    Api, AuthScheme, Bound, Command, FlagTarget, FlagValue, Joint, Operation, TypeRef,
};

/// `src/bin/<program>.rs`: per operation a subcommand's description and
/// the function that runs it; the prelude holds the program and `main`.
pub(super) fn file<'a>(api: &'a Api, crate_name: &str) -> RustFile<'a> {
    let crate_name = crate_name.to_owned();
    let commands: Vec<(&Operation, &Command)> = api
        .commands
        .iter()
        .map(|command| (&api.operations[command.operation], command))
        .collect();
    let units = commands.len();
    let items_of = commands.clone();
    RustFile::new(
        format!("src/bin/{}.rs", api.cli_name),
        units,
        move |range| {
            items_of[range]
                .iter()
                .flat_map(|(op, command)| [subcommand(op, command), run_function(op)])
                .collect()
        },
        move || prelude(api, &commands, &super::ident(&crate_name)),
    )
}

fn prelude(
    api: &Api,
    commands: &[(&Operation, &Command)],
    crate_ident: &proc_macro2::Ident,
) -> TokenStream {
    let about = format!("Command-line client for {}.", api.title.trim());
    let name = &api.cli_name;
    let endpoint = match &api.default_endpoint {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let consts = commands.iter().map(|(_, c)| super::ident(&c.const_name));
    let imports = imports(commands, crate_ident);
    let credentials = credential_options(api);
    quote! {
        //! The command-line client: one subcommand per operation of the spec.
        //! Run with `--help` to see them, and the exit codes.

        use std::process::ExitCode;

        #imports

        /// What the program calls, where, and its subcommands.
        static PROGRAM: cli::Program = cli::Program {
            name: #name,
            about: #about,
            endpoint: #endpoint,
            credentials: #credentials,
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
fn imports(commands: &[(&Operation, &Command)], crate_ident: &proc_macro2::Ident) -> TokenStream {
    let uses_types = commands.iter().any(|(op, _)| {
        op.params_type.is_some() || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
    });
    let mut items = Vec::new();
    if !commands.is_empty() {
        items.push(quote!(requests));
    }
    if uses_types {
        items.push(quote!(types));
    }
    if !commands.is_empty() {
        items.push(quote!(Client));
    }
    // A spec whose every operation has raw bytes in or out offers no
    // subcommand: then nothing but `cli` is used.
    let rest = (!items.is_empty()).then(|| quote!(use #crate_ident::{#(#items),*};));
    quote! {
        use #crate_ident::cli;
        #rest
    }
}

/// The credential options of the spec's own schemes; variables other than
/// Huawei's are named after the program (`my-api` reads `MY_API_TOKEN`).
fn credential_options(api: &Api) -> TokenStream {
    let schemes = || api.operations.iter().flat_map(|op| &op.auth);
    let huawei = schemes().any(|a| *a == AuthScheme::AkSkSigning);
    let token = schemes().any(|a| {
        matches!(
            a,
            AuthScheme::TokenHeader(_) | AuthScheme::ApiKeyQuery(_) | AuthScheme::ApiKeyCookie(_)
        )
    });
    let joint = |joint: Joint| {
        schemes().any(|a| matches!(a, AuthScheme::Combined { with: Some(j), .. } if *j == joint))
    };
    let bearer = schemes().any(|a| *a == AuthScheme::Bearer) || joint(Joint::Bearer);
    let basic = schemes().any(|a| *a == AuthScheme::Basic) || joint(Joint::Basic);
    let env_prefix = &api.env_prefix;
    let keys = api.key_options.iter().map(|key| {
        let (scheme, option, env, help) = (&key.scheme, &key.option, &key.env, &key.help);
        quote!(cli::KeyOption { scheme: #scheme, option: #option, env: #env, help: #help })
    });
    quote! {
        cli::CredentialOptions {
            huawei: #huawei,
            token: #token,
            bearer: #bearer,
            basic: #basic,
            env_prefix: #env_prefix,
            keys: &[#(#keys),*],
        }
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

/// The subcommand's description: name, summary, route and flags.
fn subcommand(op: &Operation, command: &Command) -> TokenStream {
    let name = super::ident(&command.const_name);
    let subcommand = &command.name;
    let summary = op.summary.as_deref().unwrap_or(&op.id).trim();
    let route = format!("{} {}", op.method.as_str(), op.path);
    let flags = command.flags.iter().map(|f| {
        let (flag_name, key, help) = (&f.name, &f.key, f.help.trim());
        let constructor = match (f.target, f.required) {
            (FlagTarget::Param, false) => quote!(param),
            (FlagTarget::Param, true) => quote!(required_param),
            (FlagTarget::BodyField, false) => quote!(field),
            (FlagTarget::BodyField, true) => quote!(required_field),
        };
        let flag = quote!(cli::Flag::#constructor(#flag_name, #key, #help));
        let flag = match &f.value {
            FlagValue::Text => flag,
            FlagValue::Json => quote!(#flag.json()),
            other => {
                let kind = flag_kind(other);
                quote!(#flag.kind(#kind))
            }
        };
        let flag = if f.repeated {
            quote!(#flag.repeated())
        } else {
            flag
        };
        match &f.default {
            Some(default) => quote!(#flag.server_default(#default)),
            None => flag,
        }
    });
    let body = match &op.body {
        None => quote!(None),
        Some(body) if body.required => quote!(Required),
        Some(_) => quote!(Optional),
    };
    let run = format_ident!("run_{}", op.fn_name);
    let docs = lines(&format!("{}: {}.", code(&op.id), code(&route)));
    quote! {
        #docs
        const #name: cli::Subcommand = cli::Subcommand {
            name: #subcommand,
            summary: #summary,
            route: #route,
            flags: &[#(#flags),*],
            body: cli::Body::#body,
            run: #run,
        };
    }
}

/// The `cli::FlagKind` of a flag's value.
fn flag_kind(value: &FlagValue) -> TokenStream {
    let option = |value: Option<TokenStream>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    match value {
        FlagValue::Text => quote!(cli::FlagKind::Text),
        FlagValue::Json => quote!(cli::FlagKind::Json),
        FlagValue::Bool => quote!(cli::FlagKind::Bool),
        FlagValue::Choice(values) => quote!(cli::FlagKind::Choice(&[#(#values),*])),
        FlagValue::IntegerChoice(values) => {
            let values = values.iter().map(|v| v.to_string());
            quote!(cli::FlagKind::IntegerChoice(&[#(#values),*]))
        }
        FlagValue::Integer { min, max, wide } => {
            let min = option(min.map(integer));
            let max = option(max.map(integer));
            quote!(cli::FlagKind::Integer { min: #min, max: #max, wide: #wide })
        }
        FlagValue::Number { min, max } => {
            let limit = |bound: &Bound| {
                let value = number(bound.value.as_f64().filter(|v| v.is_finite())?);
                let exclusive = bound.exclusive;
                Some(quote!(cli::Limit { value: #value, exclusive: #exclusive }))
            };
            let min = option(min.as_ref().and_then(limit));
            let max = option(max.as_ref().and_then(limit));
            quote!(cli::FlagKind::Number { min: #min, max: #max })
        }
    }
}

/// An `i64` literal, its sign apart.
fn integer(value: i64) -> TokenStream {
    let digits = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#digits)
    } else {
        quote!(#digits)
    }
}

/// An `f64` literal (always with a decimal point), its sign apart; `value`
/// is finite, as every JSON number is.
fn number(value: f64) -> TokenStream {
    let digits = proc_macro2::Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        quote!(-#digits)
    } else {
        quote!(#digits)
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
    let docs = lines(&format!("Runs {}.", code(&op.id)));
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
