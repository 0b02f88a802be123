//! Fails the build when the committed `generated/` crate differs from what
//! the generator makes of `spec/` today.

use std::process::exit;

use huaweicloud_codegen::{generate_with_warnings, output, Options, DEFAULT_OUT, DEFAULT_SPEC};

fn main() {
    for watched in ["spec", "generator/src", "generator/runtime", "generated"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    // Build scripts run in the package folder, so the default relative paths
    // name the same files (and the same headers) as the command line does.
    let options = Options::new(DEFAULT_SPEC, DEFAULT_OUT);
    let generation = match generate_with_warnings(&options) {
        Ok(generation) => generation,
        Err(error) => {
            eprintln!("error: the spec could not be turned into a client: {error}");
            exit(1);
        }
    };
    match output::check(&generation.files, options.out.as_ref()) {
        Ok(stale) if stale.is_empty() => {}
        Ok(stale) => {
            eprintln!(
                "error: {DEFAULT_OUT}/ is stale; these files differ from fresh generator output:"
            );
            for file in &stale {
                eprintln!("  {DEFAULT_OUT}/{}", file.path);
            }
            // What regenerating would change for the crate's users.
            eprint!("{}", generation.report);
            eprintln!("Refresh them with: {}", options.command());
            exit(1);
        }
        Err(error) => {
            eprintln!("error: cannot compare {DEFAULT_OUT}/ with fresh output: {error}");
            exit(1);
        }
    }
}
