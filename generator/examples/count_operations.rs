//! Prints how many operations the spec named on the command line has (the
//! paths' operations, read the way the generator reads the document), or
//! `-` when it cannot be read. `tools/corpus.sh` reports it for each spec.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(spec) = std::env::args().nth(1) else {
        eprintln!("usage: count_operations SPEC");
        return ExitCode::from(2);
    };
    match huaweicloud_codegen::load::load_file(Path::new(&spec)) {
        Ok(loaded) => {
            println!("{}", loaded.document.operations().count());
            ExitCode::SUCCESS
        }
        Err(_) => {
            println!("-");
            ExitCode::SUCCESS
        }
    }
}
