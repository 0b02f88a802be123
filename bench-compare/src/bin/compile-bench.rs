//! Compile cost of the generated crates: ours vs progenitor's, same spec.
//!
//! `compile-bench [--ops 300] [--runs 3] [--dir DIR]`
//!
//! 1. Synthesizes the `--ops`-operation spec (the one `gen-bench` uses).
//! 2. Writes our crate with `huaweicloud_codegen::output::write` (the
//!    `--out` semantics of the generator's binary) to `DIR/ours`, and a
//!    minimal crate around progenitor's output to `DIR/progenitor`: its
//!    `src/lib.rs` is `prettyplease::unparse(generate_tokens(..))`, its
//!    dependencies those of the `Cargo.toml` progenitor's README shows for a
//!    static crate with `--include-client false` (bytes, chrono, futures-core,
//!    progenitor-client, reqwest 0.13 with json/query/stream, serde,
//!    serde_urlencoded) plus serde_json (README, build.rs recipe).
//! 3. Puts both in one workspace `DIR` with one target directory, builds
//!    everything once (dependencies), then for each run and each crate sets
//!    the mtime of its `src/lib.rs` to now and times `cargo build -p <crate> --lib`
//!    (debug), alternating the crates. Two modes: `CARGO_INCREMENTAL=0` (the
//!    whole crate is compiled again) and cargo's default incremental debug
//!    build (a touch with unchanged contents, so most queries are reused).
//!
//! DIR defaults to `$TMPDIR/bench-compare-compile` and must lie outside the
//! repository. It is kept between runs so dependencies are built only once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use bench_compare::synth::{self, ErrorBodies};
use bench_compare::{load_average, median, run_progenitor};

const OURS: &str = "bench-ours";
const PROGENITOR: &str = "bench-progenitor";

fn children_cpu_time() -> Duration {
    // SAFETY: `usage` is a valid, writable rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn cargo(dir: &Path, args: &[&str], incremental: bool) -> (Duration, Duration, String) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir).args(args);
    // The bench's own cargo invocation must not leak into the temp workspace.
    cmd.env_remove("CARGO_TARGET_DIR").env_remove("RUSTFLAGS").env_remove("CARGO_BUILD_RUSTFLAGS");
    if incremental {
        cmd.env_remove("CARGO_INCREMENTAL");
    } else {
        cmd.env("CARGO_INCREMENTAL", "0");
    }
    let cpu = children_cpu_time();
    let start = Instant::now();
    let output = cmd.output().expect("run cargo");
    let wall = start.elapsed();
    let cpu = children_cpu_time() - cpu;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        panic!("cargo {} failed in {}:\n{stderr}", args.join(" "), dir.display());
    }
    (wall, cpu, stderr)
}

fn touch(path: &Path) {
    let file = std::fs::OpenOptions::new().write(true).open(path).expect("open lib.rs");
    file.set_modified(SystemTime::now()).expect("set mtime");
}

fn count_lines(dir: &Path) -> (usize, usize) {
    let mut lines = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                lines += text.lines().count();
                bytes += text.len();
            }
        }
    }
    (lines, bytes)
}

fn main() {
    let mut ops = 300usize;
    let mut runs = 3usize;
    let mut dir = std::env::temp_dir().join("bench-compare-compile");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--ops" => ops = it.next().expect("--ops N").parse().expect("ops"),
            "--runs" => runs = it.next().expect("--runs N").parse().expect("runs"),
            "--dir" => dir = PathBuf::from(it.next().expect("--dir DIR")),
            other => panic!("unknown argument {other}; usage: compile-bench [--ops 300] [--runs 3] [--dir DIR]"),
        }
    }
    let repo = std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("repo");
    std::fs::create_dir_all(&dir).expect("create dir");
    let dir = std::fs::canonicalize(&dir).expect("dir");
    assert!(!dir.starts_with(&repo), "--dir must be outside the repository ({})", repo.display());

    let spec = synth::spec(ops, ErrorBodies::SharedPerOperation);

    // Our crate, written the way `huaweicloud-codegen --out DIR --name bench-ours` writes it.
    let ours_dir = dir.join("ours");
    let mut options = huaweicloud_codegen::Options::new("synthetic.yaml", &ours_dir);
    options.crate_name = Some(OURS.into());
    let files = huaweicloud_codegen::generate_from_str(&spec, &options).expect("our generator");
    let report = huaweicloud_codegen::output::write(&files, &ours_dir).expect("write our crate");
    eprintln!(
        "ours: {} written, {} unchanged, {} removed",
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );

    // progenitor's crate.
    let prog_dir = dir.join("progenitor");
    let lib = run_progenitor(&spec).expect("progenitor").remove(0).1;
    std::fs::create_dir_all(prog_dir.join("src")).expect("mkdir");
    write_if_changed(&prog_dir.join("Cargo.toml"), &format!(
        r#"[package]
name = "{PROGENITOR}"
version = "0.1.0"
edition = "2021"
publish = false

# As in progenitor's README (static crate, --include-client false), plus serde_json.
[dependencies]
bytes = "1.9"
chrono = {{ version = "0.4", default-features = false, features = ["serde"] }}
futures-core = "0.3"
progenitor-client = "0.15.1"
reqwest = {{ version = "0.13", default-features = false, features = ["json", "query", "stream"] }}
serde = {{ version = "1.0", features = ["derive"] }}
serde_json = "1.0"
serde_urlencoded = "0.7"
"#
    ));
    write_if_changed(&prog_dir.join("src/lib.rs"), &lib);

    write_if_changed(
        &dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"ours\", \"progenitor\"]\nresolver = \"2\"\n",
    );

    let (ours_lines, ours_bytes) = count_lines(&ours_dir.join("src"));
    let (prog_lines, prog_bytes) = count_lines(&prog_dir.join("src"));

    eprintln!("building dependencies (and both crates) once in {} ...", dir.display());
    let (t, _, _) = cargo(&dir, &["build", "--workspace", "--all-targets"], true);
    // Also with the `cli` feature (clap, the program, the extra serde derives).
    cargo(&dir, &["build", "--workspace", "--all-targets", "--all-features"], true);
    eprintln!("  done in {:.1} s", t.as_secs_f64());
    // Warm both modes once so each timed build compiles exactly one crate.
    for crate_name in [OURS, PROGENITOR] {
        for incremental in [false, true] {
            let lib = if crate_name == OURS { &ours_dir } else { &prog_dir }.join("src/lib.rs");
            touch(&lib);
            cargo(&dir, &["build", "-p", crate_name, "--lib"], incremental);
        }
    }
    // And ours with its `cli` feature alone (not unified with progenitor's features).
    touch(&ours_dir.join("src/lib.rs"));
    cargo(&dir, &["build", "-p", OURS, "--features", "cli"], false);

    let rustc = Command::new("rustc").arg("-V").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    println!("# compile-bench: {ops}-operation synthetic spec, debug `cargo build -p <crate> --lib` after touching src/lib.rs\n");
    println!("{rustc}; workspace {}; {runs} runs per cell, crates alternated; load average before: {}\n", dir.display(), load_average());
    println!("Built against: {}\n", bench_compare::GENERATOR_FINGERPRINT);

    // (label, ours cargo args, progenitor cargo args, incremental)
    let modes: [(&str, &[&str], bool); 3] = [
        ("debug, CARGO_INCREMENTAL=0 (whole crate), `--lib`", &["--lib"], false),
        ("debug, incremental (cargo default), touch only, `--lib`", &["--lib"], true),
        ("debug, CARGO_INCREMENTAL=0, ours with its `cli` feature: library and program (`cargo build -p bench-ours --features cli`) vs progenitor `--lib`", &["--features", "cli"], false),
    ];
    let mut table = Vec::new();
    for (label, ours_extra, incremental) in modes {
        let mut samples: [(Vec<Duration>, Vec<Duration>); 2] = Default::default();
        let reuse_progenitor = ours_extra.contains(&"cli");
        for run in 0..runs {
            for (k, (crate_name, crate_dir)) in [(OURS, &ours_dir), (PROGENITOR, &prog_dir)].into_iter().enumerate() {
                if k == 1 && reuse_progenitor {
                    continue; // same progenitor build as the first mode
                }
                let mut args = vec!["build", "-p", crate_name];
                if k == 0 {
                    args.extend_from_slice(ours_extra);
                } else {
                    args.push("--lib");
                }
                touch(&crate_dir.join("src/lib.rs"));
                let (wall, cpu, stderr) = cargo(&dir, &args, incremental);
                let compiled: Vec<&str> = stderr.lines().filter(|l| l.trim_start().starts_with("Compiling")).collect();
                assert!(
                    compiled.len() == 1 && compiled[0].contains(crate_name),
                    "expected only {crate_name} to compile, got {compiled:?}"
                );
                eprintln!(
                    "  {label} run {}: {crate_name} {:.2} s wall, {:.2} s CPU",
                    run + 1,
                    wall.as_secs_f64(),
                    cpu.as_secs_f64()
                );
                samples[k].0.push(wall);
                samples[k].1.push(cpu);
            }
        }
        if reuse_progenitor {
            samples[1] = table.first().map(|(_, s): &(&str, [(Vec<Duration>, Vec<Duration>); 2])| s[1].clone()).expect("first mode ran");
        }
        table.push((label, samples));
    }

    println!("| build | ours median s | ours min s | ours CPU s | progenitor median s | progenitor min s | progenitor CPU s | ours / progenitor (median) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (label, samples) in &table {
        let (ow, oc) = &samples[0];
        let (pw, pc) = &samples[1];
        let s = |d: Duration| d.as_secs_f64();
        println!(
            "| {label} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
            s(median(ow)),
            s(*ow.iter().min().unwrap()),
            s(median(oc)),
            s(median(pw)),
            s(*pw.iter().min().unwrap()),
            s(median(pc)),
            s(median(ow)) / s(median(pw)),
        );
    }

    // Profile: rustc's own pass timings, one CARGO_INCREMENTAL=0 `--lib` build each.
    // `-Z time-passes` is unstable; RUSTC_BOOTSTRAP=1 lets the same stable rustc print it.
    println!("\nrustc `-Z time-passes` (one run each, seconds; nested passes are indented, a parent includes them):\n");
    let passes = [
        ("total", 0),
        ("macro_expand_crate", 1),
        ("resolve_crate", 1),
        ("type_check_crate", 1),
        ("coherence_checking", 2),
        ("MIR_borrow_checking", 1),
        ("generate_crate_metadata", 1),
        ("codegen_crate", 1),
        ("LLVM_passes", 1),
        ("link", 1),
    ];
    let mut profiles = Vec::new();
    for (crate_name, crate_dir) in [(OURS, &ours_dir), (PROGENITOR, &prog_dir)] {
        touch(&crate_dir.join("src/lib.rs"));
        let stderr = cargo_time_passes(&dir, crate_name);
        profiles.push(parse_time_passes(&stderr));
    }
    println!("| pass | ours s | progenitor s |");
    println!("|---|---:|---:|");
    for (pass, depth) in passes {
        let get = |p: &std::collections::BTreeMap<String, f64>| p.get(pass).map_or("–".to_owned(), |v| format!("{v:.2}"));
        let indent = "&nbsp;&nbsp;".repeat(depth);
        println!("| {indent}{pass} | {} | {} |", get(&profiles[0]), get(&profiles[1]));
    }
    println!();
    println!("| crate | .rs lines | .rs KiB | lines per operation |");
    println!("|---|---:|---:|---:|");
    println!("| ours (`{OURS}`, all of src/, runtime included) | {ours_lines} | {:.0} | {:.1} |", ours_bytes as f64 / 1024.0, ours_lines as f64 / ops as f64);
    println!("| progenitor (`{PROGENITOR}`, src/lib.rs; runtime is the progenitor-client dependency) | {prog_lines} | {:.0} | {:.1} |", prog_bytes as f64 / 1024.0, prog_lines as f64 / ops as f64);
    println!("\nLoad average after: {}", load_average());
}

fn cargo_time_passes(dir: &Path, crate_name: &str) -> String {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(["rustc", "-p", crate_name, "--lib", "--", "-Ztime-passes"])
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTC_BOOTSTRAP", "1")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo rustc");
    assert!(output.status.success(), "cargo rustc -Ztime-passes failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `time:   5.292; rss: ...\tname` lines → name → seconds (the first occurrence).
fn parse_time_passes(stderr: &str) -> std::collections::BTreeMap<String, f64> {
    let mut out = std::collections::BTreeMap::new();
    for line in stderr.lines() {
        let Some(rest) = line.strip_prefix("time:") else { continue };
        let Some((secs, tail)) = rest.split_once(';') else { continue };
        let Some(name) = tail.split('\t').last() else { continue };
        if let Ok(v) = secs.trim().parse::<f64>() {
            out.entry(name.trim().to_owned()).or_insert(v);
        }
    }
    out
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).expect("write");
    }
}
