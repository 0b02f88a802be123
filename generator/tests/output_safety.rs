//! The output folder is untrusted (a pull request can put links in it) and a
//! regeneration can be killed at any moment: links are refused for writing
//! and `--check` alike, temporary files cannot be hijacked, and an
//! interrupted regeneration leaves the old crate or is completed by the next
//! run.
#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

use huaweicloud_codegen::output::{self, JOURNAL};
use huaweicloud_codegen::{generate_from_str, Error, Options, OutputFile};
use support::repo_root;

const SECRET: &str = "AWS_SECRET_ACCESS_KEY=do-not-print-me-7f3a";

fn spec_text() -> String {
    std::fs::read_to_string(repo_root().join("spec/iam-mfa.yaml")).expect("read the spec")
}

/// The repository's crate, as generated for the folder `generated`.
fn old_files() -> Vec<OutputFile> {
    generate_from_str(
        &spec_text(),
        &Options::new("spec/iam-mfa.yaml", "generated"),
    )
    .expect("the spec generates")
}

/// The crate after a change to the spec that touches several files: a
/// fourth operation.
fn new_files() -> Vec<OutputFile> {
    let spec = spec_text();
    let anchor = "  /v3.0/OS-MFA/virtual-mfa-devices:\n";
    assert!(spec.contains(anchor), "the spec no longer has {anchor:?}");
    let list = "    get:\n      operationId: ListVirtualMfaDevices\n      summary: List virtual MFA devices.\n      security:\n        - authToken: []\n      responses:\n        \"200\":\n          description: The devices.\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  total:\n                    type: integer\n";
    let spec = spec.replacen(anchor, &format!("{anchor}{list}"), 1);
    generate_from_str(&spec, &Options::new("spec/iam-mfa.yaml", "generated"))
        .expect("the changed spec generates")
}

/// Every entry under `dir` without following links: files by contents,
/// links as `-> target`.
fn tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("list") {
            let path = entry.expect("entry").path();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).expect("lstat");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("readlink");
                out.insert(relative, format!("-> {}", target.display()));
            } else if meta.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(relative, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn as_tree(files: &[OutputFile]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|f| (f.path.clone(), f.contents.clone()))
        .collect()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaweicloud-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run huaweicloud-codegen")
}

/// A folder with the spec at `spec/iam-mfa.yaml`, the crate at `generated/`
/// and, beside them, `outside/` holding a file with a secret.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    support::write_file(&dir.path().join("spec/iam-mfa.yaml"), &spec_text());
    output::write(&old_files(), &dir.path().join("generated")).expect("write the crate");
    support::write_file(&dir.path().join("outside/secret.env"), SECRET);
    dir
}

#[track_caller]
fn assert_refused(output: &Output, names: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "the linked file was read:\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stderr.contains(names) && stderr.contains("symbolic link"),
        "stderr should name {names} as a link:\n{stderr}"
    );
}

/// `src/retry.rs -> ../../outside/secret.env`: neither `--check` (which
/// would print the file in its diff) nor a regeneration reads or replaces
/// what the link points to.
#[test]
fn a_linked_generated_file_is_refused_by_check_and_write() {
    let dir = workspace();
    let linked = dir.path().join("generated/src/retry.rs");
    std::fs::remove_file(&linked).unwrap();
    symlink(dir.path().join("outside/secret.env"), &linked).unwrap();
    let before = tree(dir.path());

    assert_refused(&run(dir.path(), &["--check"]), "generated/src/retry.rs");
    assert_refused(&run(dir.path(), &[]), "generated/src/retry.rs");
    assert_eq!(tree(dir.path()), before, "nothing may change");

    // The library says the same.
    let error = output::check(&old_files(), &dir.path().join("generated")).unwrap_err();
    assert!(matches!(&error, Error::Unsafe { path, .. } if path.ends_with("src/retry.rs")));
}

/// `generated/src -> ../outside`: nothing is written there, and a marked
/// file there is not deleted as a leftover.
#[test]
fn a_linked_source_folder_is_refused_by_check_and_write() {
    let dir = workspace();
    let src = dir.path().join("generated/src");
    std::fs::remove_dir_all(&src).unwrap();
    support::write_file(
        &dir.path().join("outside/old_module.rs"),
        "// @generated by huaweicloud-codegen from spec/iam-mfa.yaml. Do not edit by hand.\n",
    );
    symlink(dir.path().join("outside"), &src).unwrap();
    let before = tree(dir.path());

    assert_refused(&run(dir.path(), &["--check"]), "generated/src");
    assert_refused(&run(dir.path(), &[]), "generated/src");
    assert_eq!(tree(dir.path()), before, "nothing may change");
    assert_eq!(tree(&dir.path().join("outside")).len(), 2);
}

/// `--out` itself a link: refused too.
#[test]
fn a_linked_output_folder_is_refused() {
    let dir = workspace();
    symlink(dir.path().join("generated"), dir.path().join("client")).unwrap();
    let before = tree(dir.path());
    let args = ["--spec", "spec/iam-mfa.yaml", "--out", "client"];
    assert_refused(&run(dir.path(), &args), "client");
    let check = ["--check", "--spec", "spec/iam-mfa.yaml", "--out", "client"];
    assert_refused(&run(dir.path(), &check), "client");
    assert_eq!(tree(dir.path()), before);
}

/// Links planted at the temporary names earlier versions used
/// (`.{name}.{pid}.tmp`) redirect nothing: temporary files are created
/// exclusively under unpredictable names.
#[test]
fn links_planted_at_temporary_names_are_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    let files = old_files();
    for file in &files {
        let path = out.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        symlink(&victim, temp).unwrap();
    }
    let report = output::write(&files, &out).expect("written beside the links");
    assert_eq!(report.written.len(), files.len());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    let written = tree(&out);
    for file in &files {
        assert_eq!(written[&file.path], file.contents, "{}", file.path);
    }
    // The planted links are not the generator's: they stay.
    let links = written.values().filter(|v| v.starts_with("-> ")).count();
    assert_eq!(links, files.len());
}

/// A regeneration from the old crate (plus a stale generated module it must
/// remove) to the new one, stopped after every possible number of steps as
/// if the process had been killed there. At every point the folder is the
/// old crate, or it holds the journal (and `--check` says the regeneration
/// is unfinished); the next run, with either spec, leaves exactly that
/// spec's crate and nothing else.
#[test]
fn an_interrupted_regeneration_is_completed_by_the_next_run() {
    let old = old_files();
    let new = new_files();
    let leftover = (
        "src/old_module.rs".to_owned(),
        "// @generated by huaweicloud-codegen from spec/iam-mfa.yaml. Do not edit by hand.\npub fn old() {}\n".to_owned(),
    );
    let changed = new.iter().filter(|f| old.iter().all(|o| *o != **f)).count();
    assert!(
        changed >= 3,
        "the change should touch several files, not {changed}"
    );

    let (mut untouched, mut mixed, mut committed) = (0, 0, 0);
    for steps in 0.. {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("generated");
        output::write(&old, &out).unwrap();
        support::write_file(&out.join(&leftover.0), &leftover.1);
        let mut old_tree = as_tree(&old);
        old_tree.insert(leftover.0.clone(), leftover.1.clone());
        assert_eq!(tree(&out), old_tree);

        let Some(report) = output::write_interrupted(&new, &out, steps).unwrap() else {
            let now = tree(&out);
            let journal = now.contains_key(JOURNAL);
            let crate_files: BTreeMap<_, _> = now
                .into_iter()
                .filter(|(path, _)| {
                    let name = path.rsplit('/').next().unwrap();
                    !(name.starts_with(".huaweicloud-codegen.") && name.ends_with(".tmp"))
                        && path != JOURNAL
                })
                .collect();
            if journal {
                committed += 1;
                if crate_files != old_tree && crate_files != as_tree(&new) {
                    mixed += 1;
                }
                let error = output::check(&new, &out).unwrap_err();
                assert!(error.to_string().contains("interrupted"), "{error}");
            } else {
                untouched += 1;
                assert_eq!(
                    crate_files, old_tree,
                    "stopped after {steps} steps without a journal"
                );
            }
            // The next run, with the new spec or back with the old one.
            let next = if steps % 2 == 0 { &new } else { &old };
            let report = output::write(next, &out).unwrap();
            assert_eq!(report.recovered, journal);
            assert_eq!(tree(&out), as_tree(next), "after {steps} steps and a rerun");
            assert!(output::check(next, &out).unwrap().is_empty());
            continue;
        };
        assert!(!report.recovered);
        assert_eq!(report.written.len(), changed);
        assert_eq!(report.removed, vec![leftover.0.clone()]);
        assert_eq!(tree(&out), as_tree(&new));
        break;
    }
    // Control: the interruptions hit before the commit point, after it, and
    // between renames (where the files alone would not compile).
    assert!(untouched > changed, "stops before the journal: {untouched}");
    assert!(committed > changed, "stops after the journal: {committed}");
    assert!(mixed >= changed - 1, "stops between renames: {mixed}");
}

/// Stray temporaries of the generator are deleted by the next run; other
/// files, also hidden or named `.tmp`, stay.
#[test]
fn only_the_generators_own_temporaries_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let files = old_files();
    output::write(&files, &out).unwrap();
    let ours = [
        "src/.huaweicloud-codegen.types.rs.0123456789abcdef.tmp",
        ".huaweicloud-codegen.journal.fedcba9876543210.tmp",
    ];
    let theirs = [
        "src/.types.rs.4242.tmp",
        "src/notes.tmp",
        ".huaweicloud-codegen.keep",
    ];
    for path in ours.iter().chain(&theirs) {
        support::write_file(&out.join(path), "x");
    }
    output::write(&files, &out).unwrap();
    let now = tree(&out);
    for path in ours {
        assert!(!now.contains_key(path), "{path} should be gone");
    }
    for path in theirs {
        assert!(now.contains_key(path), "{path} should stay");
    }
}

/// A journal the generator did not write (one that would delete a file
/// outside the folder) is refused, and nothing happens.
#[test]
fn a_foreign_journal_is_refused() {
    let dir = workspace();
    let out = dir.path().join("generated");
    std::fs::write(
        out.join(JOURNAL),
        "huaweicloud-codegen journal 1\nremove\t../outside/secret.env\n",
    )
    .unwrap();
    let before = tree(dir.path());
    let error = output::write(&new_files(), &out).unwrap_err();
    assert!(
        matches!(&error, Error::Unsafe { path, .. } if path.ends_with(JOURNAL)),
        "{error}"
    );
    assert_eq!(tree(dir.path()), before);
}
