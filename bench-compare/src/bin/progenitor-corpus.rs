//! progenitor 0.15.1 on real descriptions, one row per file.
//!
//! `progenitor-corpus DIR...` reads every `.yaml`, `.yml` and `.json` file
//! of each folder (and `.gz` of those, through `gzip -dc`), in name order,
//! and runs progenitor's README recipe on it ([`bench_compare::run_progenitor`])
//! in a child process of this same binary (`progenitor-corpus --one FILE`),
//! so that a crash the recipe cannot catch (a stack overflow, an abort)
//! becomes a row of its own instead of ending the run.
//!
//! A row is the file name and one of: `generated` (with the lines of
//! formatted output), `error` (progenitor returned an error, or the text is
//! not an OpenAPI 3.0 document its `openapiv3` types read), `panic` (with
//! the panic's message) or `crashed` (the child died without a result).

use std::path::{Path, PathBuf};
use std::process::Command;

use bench_compare::{run_progenitor, total_lines};

/// The text of `path`, decompressed when its name ends in `.gz`.
fn read_spec(path: &Path) -> Result<String, String> {
    if path.extension().is_some_and(|e| e == "gz") {
        let output = Command::new("gzip")
            .arg("-dc")
            .arg(path)
            .output()
            .map_err(|e| format!("gzip: {e}"))?;
        if !output.status.success() {
            return Err(format!("gzip -dc failed on {}", path.display()));
        }
        String::from_utf8(output.stdout).map_err(|e| format!("not UTF-8: {e}"))
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))
    }
}

/// The child: one file, one result line on stdout.
fn one(path: &Path) {
    // Panics are part of the result, not noise on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    let line = match read_spec(path) {
        Err(message) => format!("error\t{message}"),
        Ok(text) => match run_progenitor(&text) {
            Ok(files) => format!("generated\t{} lines", total_lines(&files)),
            Err(message) => match message.strip_prefix("panicked: ") {
                Some(panic) => format!("panic\t{panic}"),
                None => format!("error\t{message}"),
            },
        },
    };
    // One line per result: the messages may span several.
    println!("{}", line.replace(['\n', '\r'], " "));
}

fn is_spec(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, file] = args.as_slice() {
        if flag == "--one" {
            one(Path::new(file));
            return;
        }
    }
    if args.is_empty() {
        eprintln!("usage: progenitor-corpus DIR...");
        std::process::exit(2);
    }
    let me = std::env::current_exe().expect("the path of this program");
    println!("| file | progenitor 0.15.1 | detail |");
    println!("|---|---|---|");
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for dir in &args {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("read {dir}: {e}"))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_spec(p))
            .collect();
        files.sort();
        for file in files {
            let output = Command::new(&me).arg("--one").arg(&file).output();
            let (result, detail) = match output {
                Ok(output) if output.status.success() => {
                    let text = String::from_utf8_lossy(&output.stdout);
                    let line = text.lines().next().unwrap_or("").to_owned();
                    match line.split_once('\t') {
                        Some((result, detail)) => (result.to_owned(), detail.to_owned()),
                        None => ("crashed".to_owned(), "no result line".to_owned()),
                    }
                }
                Ok(output) => ("crashed".to_owned(), format!("{}", output.status)),
                Err(e) => ("crashed".to_owned(), format!("spawn: {e}")),
            };
            // Long messages (whole schemas in panics) are cut for the table.
            let detail: String = detail.chars().take(160).collect();
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            println!("| {name} | {result} | {} |", detail.replace('|', "\\|"));
            *counts.entry(result).or_default() += 1;
        }
    }
    let summary: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    println!("\n{}", summary.join(", "));
}
