//! Records which generator sources the benchmarks were compiled against:
//! the generator is edited concurrently, so every report prints this.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator");
    let mut paths = Vec::new();
    files(&generator.join("src"), &mut paths);
    files(&generator.join("runtime"), &mut paths);
    paths.push(generator.join("Cargo.toml"));
    paths.sort();
    let mut hasher = DefaultHasher::new();
    for path in &paths {
        hasher.write(path.strip_prefix(&generator).unwrap_or(path).to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(path).unwrap_or_default());
    }
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(&generator)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|| "?".into())
    };
    let head = git(&["rev-parse", "--short", "HEAD"]);
    let dirty = git(&["status", "--porcelain", "--", "."]).lines().filter(|l| !l.is_empty()).count();
    println!(
        "cargo:rustc-env=GENERATOR_FINGERPRINT=generator sources {:016x} ({} files), git HEAD {head}, {dirty} uncommitted path(s) under generator/",
        hasher.finish(),
        paths.len()
    );
    // The progenitor version the lock file pins.
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap_or_default();
    let progenitor = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"progenitor\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .unwrap_or_else(|| "?".into());
    println!("cargo:rustc-env=PROGENITOR_VERSION={progenitor}");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=../generator/src");
    println!("cargo:rerun-if-changed=../generator/runtime");
    println!("cargo:rerun-if-changed=../generator/Cargo.toml");
    println!("cargo:rerun-if-changed=../.git/HEAD");
}
