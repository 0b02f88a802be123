//! `huaweicloud-codegen`: regenerate (default) or `--check` a client crate.
//!
//! Exit codes: 0 done (or fresh with `--check`), 1 generation failed or the
//! output is stale, 2 bad command line. `audit` has its own (see
//! `huaweicloud_codegen::audit::cli`).

use std::process::ExitCode;

use huaweicloud_codegen::{generate_with_warnings, output, Options, DEFAULT_OUT, DEFAULT_SPEC};

/// With the `mimalloc` feature: generation allocates many small,
/// short-lived token and syntax-tree nodes, which mimalloc serves about a
/// fifth faster than the system allocator, at the cost of a higher peak.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage: huaweicloud-codegen [--spec FILE] [--out DIR] [--name CRATE] [--check] [--deny-warnings]
       huaweicloud-codegen audit --docs DIR [--spec FILE]

Generates a Rust client crate from an OpenAPI 3.0 or 3.1 spec, or a
Swagger 2.0 one (YAML or JSON).
Run from the repository root with no arguments to regenerate generated/
from spec/iam-mfa.yaml.

Each run compares the API it generates with the one the crate under --out
records in api.json, prints every change classified as breaking, additive
or documentation only, bumps the crate version as semver requires (unless
info.x-rust-crate-version sets it) and adds the release to CHANGELOG.md.

Options:
  --spec FILE   the spec to read (default: spec/iam-mfa.yaml)
  --out DIR     the crate folder to write (default: generated)
  --name CRATE  the crate name (default: info.x-rust-crate-name, else the title)
  --check       write nothing; print a diff of what would change and exit 1 if stale
  --deny-warnings
                refuse the spec when the client would only approximate part
                of it (each such place is otherwise printed as a warning)
  -h, --help    show this help

audit compares the API reference pages saved in DIR (plain text, HTML or
Markdown, English or Chinese) with the spec: methods and paths, parameters
(location, mandatory flag, type, limits), status codes and response body
fields. It prints each disagreement with the page's file and the spec's
JSON pointer and exits 0 when they agree, 1 when they do not (or a page
cannot be parsed), 2 when a page, the folder or the spec cannot be read.";

struct Args {
    options: Options,
    check: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut options = Options::new(DEFAULT_SPEC, DEFAULT_OUT);
    let mut check = false;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--spec" => options.spec = value("--spec")?.into(),
            "--out" => options.out = value("--out")?.into(),
            "--name" => options.crate_name = Some(value("--name")?),
            "--check" => check = true,
            "--deny-warnings" => options.deny_warnings = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    options.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args { options, check }))
}

fn main() -> ExitCode {
    // `audit` compares saved reference pages with the spec; it generates nothing.
    if std::env::args().nth(1).as_deref() == Some("audit") {
        return ExitCode::from(huaweicloud_codegen::audit::cli(std::env::args().skip(2)));
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let files = match generate_with_warnings(&args.options) {
        Ok(generation) => {
            for warning in &generation.warnings {
                eprintln!("warning: {}: {warning}", args.options.spec.display());
            }
            // What the regeneration means for the crate's users, on stdout
            // beside the diff `--check` prints; "no change" is a remark.
            if generation.report.is_unchanged() {
                eprint!("{}", generation.report);
            } else {
                print!("{}", generation.report);
            }
            generation.files
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let out = &args.options.out;
    if args.check {
        match output::check(&files, out) {
            Ok(stale) if stale.is_empty() => {
                eprintln!("{} is up to date", out.display());
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                for file in &stale {
                    print!("{}", file.diff);
                }
                eprintln!(
                    "{} is stale ({} file(s)); regenerate with: {}",
                    out.display(),
                    stale.len(),
                    args.options.command()
                );
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        }
    } else {
        match output::write(&files, out) {
            Ok(report) => {
                if report.recovered {
                    eprintln!(
                        "{}: completed a regeneration that had been interrupted",
                        out.display()
                    );
                }
                eprintln!(
                    "{}: {} written, {} unchanged, {} removed",
                    out.display(),
                    report.written.len(),
                    report.unchanged.len(),
                    report.removed.len()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}
