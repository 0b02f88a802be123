//! Starting `cargo` from inside a test.
//!
//! Cargo runs a test with variables that describe the test's own package
//! (`CARGO_MANIFEST_DIR`, `CARGO_PKG_*`, `CARGO_BIN_EXE_*`, `OUT_DIR`, ...).
//! A nested cargo that inherits them compares them with what it recorded
//! when it built the dependencies whose build scripts read such variables
//! (ring, for one), finds them changed and rebuilds those dependencies and
//! everything above them on every run. So they are removed here; variables
//! the user set to configure cargo (`CARGO_HOME`, `CARGO_BUILD_*`,
//! `RUSTFLAGS`, ...) stay, so the nested build uses what the outer one used.
#![allow(dead_code)] // each test crate uses a part

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables cargo sets for the process it tests, by name.
const SET_FOR_TESTS: &[&str] = &[
    "CARGO",
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_MANIFEST_LINKS",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// Prefixes of the variables cargo sets for the process it tests.
const SET_FOR_TESTS_PREFIXES: &[&str] = &["CARGO_PKG_", "CARGO_BIN_EXE_", "CARGO_CFG_"];

/// Whether cargo sets `name` for the test process (rather than the user
/// for cargo).
fn set_by_cargo(name: &str) -> bool {
    SET_FOR_TESTS.contains(&name) || SET_FOR_TESTS_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// A `cargo` command with the variables cargo set for this test removed,
/// its target folder set to `target`; says on stderr that `what` is being
/// built, since a cold nested build takes minutes and prints nothing else.
pub fn cargo(target: &Path, what: &str) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(set_by_cargo) {
            command.env_remove(&name);
        }
    }
    command.env("CARGO_TARGET_DIR", target);
    // Straight to the process's stderr: the test harness captures what
    // `eprintln!` prints from a passing test, and this is for the person
    // waiting on `cargo test`.
    let _ = writeln!(
        std::io::stderr(),
        "building {what} with a nested cargo (target folder {}); \
         a no-op when nothing changed, minutes on a cold folder",
        target.display()
    );
    command
}

/// Writes `contents` to `path` unless it already holds them: a rewritten
/// file is newer than its build, and cargo would compile it again.
pub fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a file's folder")).expect("create the folder");
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// The folder of the build profile this test was built with
/// (`<target>/debug`): test binaries sit in its `deps` folder.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_owned)
        .unwrap_or_else(|| panic!("{} is not in <target>/<profile>/deps", exe.display()))
}

/// The target folder this test was built in: the one the outer `cargo`
/// used, wherever `CARGO_TARGET_DIR` or a config put it.
pub fn target_dir() -> PathBuf {
    let profile = profile_dir();
    profile
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| panic!("{} has no parent", profile.display()))
}

/// The `--profile` argument that builds into [`profile_dir`].
pub fn profile_name() -> String {
    match profile_dir().file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => "dev".to_owned(),
        Some(name) => name.to_owned(),
    }
}
