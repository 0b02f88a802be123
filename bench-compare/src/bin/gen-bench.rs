//! Generation time and peak memory: huaweicloud-codegen vs progenitor.
//!
//! `gen-bench [--sizes 3,300,3000] [--iters N]` runs, for every size and
//! generator, a child process `gen-bench --one <generator> <size> <iters>`
//! of this same binary, so each generator's peak memory is measured alone.
//! The child synthesizes the spec text, records its RSS, resets the kernel's
//! peak-RSS mark, generates once (that run is also the warm-up), reads
//! `VmHWM`, then times `iters` more generations and prints one result line.
//!
//! Both generators go from spec text in memory to formatted source strings:
//! ours is `generate_from_str`; progenitor is serde_yaml → `openapiv3::OpenAPI`,
//! `generate_tokens`, `syn::parse2`, `prettyplease::unparse`.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use bench_compare::synth::{self, ErrorBodies};
use bench_compare::{
    load_average, median, ms, peak_rss_kib, process_cpu_time, reset_peak_rss, rss_kib, run_ours,
    run_progenitor, total_lines, Files,
};

fn default_iters(n: usize) -> usize {
    match n {
        0..=30 => 30,
        31..=1000 => 10,
        _ => 5,
    }
}

/// What a child runs: `ours`, `progenitor`, `ours-perstatus` (synthetic spec
/// with a distinct error schema per status), `ours-irregular` /
/// `progenitor-irregular` (names of irregular length), or `ours-real` / `progenitor-real`
/// (`spec/iam-mfa.yaml`; the size argument is ignored).
fn spec_for(generator: &str, n: usize) -> String {
    match generator {
        "ours" | "progenitor" => synth::spec(n, ErrorBodies::SharedPerOperation),
        "ours-perstatus" => synth::spec(n, ErrorBodies::PerStatus),
        // Names of irregular length: the output varies more from operation to operation.
        "ours-irregular" | "progenitor-irregular" => {
            synth::irregular_names(&synth::spec(n, ErrorBodies::SharedPerOperation))
        }
        // The same document as JSON, which both generators read with serde_json.
        "ours-json" | "progenitor-json" => bench_compare::to_json(&synth::spec(n, ErrorBodies::SharedPerOperation)),
        "ours-real" | "progenitor-real" => std::fs::read_to_string(bench_compare::real_spec_path())
            .expect("read spec/iam-mfa.yaml"),
        other => panic!("unknown generator {other}"),
    }
}

fn run(generator: &str, text: &str) -> Result<Files, String> {
    if generator.starts_with("ours") {
        run_ours(text)
    } else {
        run_progenitor(text)
    }
}

fn child(generator: &str, n: usize, iters: usize) {
    // progenitor's panics are reported as results, not printed.
    std::panic::set_hook(Box::new(|_| {}));
    let text = spec_for(generator, n);
    let spec_bytes = text.len();
    let baseline_kib = rss_kib();
    let reset = reset_peak_rss();
    let start = Instant::now();
    let first = run(generator, &text);
    let first_time = start.elapsed();
    let peak_kib = peak_rss_kib();
    let files = match first {
        Ok(files) => files,
        Err(message) => {
            println!("RESULT ok=false error={}", message.replace(['\n', '\t'], " "));
            return;
        }
    };
    let lines = total_lines(&files);
    let bytes: usize = files.iter().map(|(_, c)| c.len()).sum();
    drop(files);
    let mut samples = Vec::with_capacity(iters);
    let mut cpu_samples = Vec::with_capacity(iters);
    for _ in 0..iters {
        let cpu = process_cpu_time();
        let start = Instant::now();
        let out = run(generator, &text).expect("succeeded once, succeeds again");
        samples.push(start.elapsed());
        cpu_samples.push(process_cpu_time() - cpu);
        drop(out);
    }
    let min = samples.iter().min().copied().unwrap_or(first_time);
    let med = if samples.is_empty() { first_time } else { median(&samples) };
    let cpu_med = if cpu_samples.is_empty() { Duration::ZERO } else { median(&cpu_samples) };
    println!(
        "RESULT ok=true median_ns={} min_ns={} cpu_median_ns={} first_ns={} iters={} peak_kib={} baseline_kib={} peak_reset={} lines={} bytes={} spec_bytes={}",
        med.as_nanos(),
        min.as_nanos(),
        cpu_med.as_nanos(),
        first_time.as_nanos(),
        samples.len(),
        peak_kib,
        baseline_kib,
        reset,
        lines,
        bytes,
        spec_bytes
    );
}

type Fields = BTreeMap<String, String>;

fn spawn(generator: &str, n: usize, iters: usize) -> Fields {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .args(["--one", generator, &n.to_string(), &iters.to_string()])
        .output()
        .expect("spawn child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("RESULT "))
        .unwrap_or_else(|| {
            panic!(
                "child {generator} {n} printed no result (status {}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let mut fields = Fields::new();
    let rest = &line["RESULT ".len()..];
    // `error=` runs to the end of the line.
    let (head, error) = match rest.find("error=") {
        Some(i) => (&rest[..i], Some(rest[i + "error=".len()..].to_owned())),
        None => (rest, None),
    };
    for pair in head.split_whitespace() {
        if let Some((k, v)) = pair.split_once('=') {
            fields.insert(k.to_owned(), v.to_owned());
        }
    }
    if let Some(error) = error {
        fields.insert("error".into(), error);
    }
    fields
}

fn num(fields: &Fields, key: &str) -> f64 {
    fields.get(key).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

fn ok(fields: &Fields) -> bool {
    fields.get("ok").map(String::as_str) == Some("true")
}

fn ms_of(fields: &Fields, key: &str) -> f64 {
    ms(Duration::from_nanos(num(fields, key) as u64))
}

fn mb(kib: f64) -> f64 {
    kib / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        let generator = &args[1];
        let n: usize = args[2].parse().expect("size");
        let iters: usize = args.get(3).map(|s| s.parse().expect("iters")).unwrap_or_else(|| default_iters(n));
        child(generator, n, iters);
        return;
    }
    let mut sizes = vec![3usize, 300, 3000];
    let mut iters_override: Option<usize> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--sizes" => {
                sizes = it
                    .next()
                    .expect("--sizes needs a value")
                    .split(',')
                    .map(|s| s.trim().parse().expect("size"))
                    .collect()
            }
            "--iters" => iters_override = Some(it.next().expect("--iters needs a value").parse().expect("iters")),
            other => panic!("unknown argument {other}; usage: gen-bench [--sizes 3,300,3000] [--iters N]"),
        }
    }

    println!("# gen-bench: huaweicloud-codegen vs progenitor {}\n", progenitor_version());
    println!("Built against: {}; allocator: {}\n", bench_compare::GENERATOR_FINGERPRINT, bench_compare::ALLOCATOR);
    println!(
        "Each cell: one child process per (generator, N); spec text synthesized in memory (`bench_compare::synth`, error bodies shared per operation); \
         time = text → formatted source strings; median and min over the timed iterations after one warm-up run; \
         peak = VmHWM of the child during its first generation (includes the process baseline and the spec text, shown as `base`).\n"
    );

    println!("Load average before: {}\n", load_average());
    let mut rows: Vec<(usize, Fields, Fields)> = Vec::new();
    for &n in &sizes {
        let iters = iters_override.unwrap_or_else(|| default_iters(n));
        eprintln!("N={n}: ours ({iters} iterations)...");
        let ours = spawn("ours", n, iters);
        eprintln!("N={n}: progenitor ({iters} iterations)...");
        let prog = spawn("progenitor", n, iters);
        rows.push((n, ours, prog));
    }

    println!("| N | ours median ms | ours min ms | ours CPU ms | progenitor median ms | progenitor min ms | progenitor CPU ms | progenitor / ours (median) | ours peak MB (base) | progenitor peak MB (base) | ours lines/op | progenitor lines/op | iters |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (n, ours, prog) in &rows {
        let cell = |f: &Fields, key: &str| if ok(f) { format!("{:.2}", ms_of(f, key)) } else { "failed".into() };
        let ratio = if ok(ours) && ok(prog) {
            format!("{:.1}×", num(prog, "median_ns") / num(ours, "median_ns"))
        } else {
            "–".into()
        };
        let peak = |f: &Fields| {
            if ok(f) {
                format!("{:.1} ({:.1})", mb(num(f, "peak_kib")), mb(num(f, "baseline_kib")))
            } else {
                "–".into()
            }
        };
        let per_op = |f: &Fields| if ok(f) { format!("{:.1}", num(f, "lines") / *n as f64) } else { "–".into() };
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {ratio} | {} | {} | {} | {} | {} |",
            cell(ours, "median_ns"),
            cell(ours, "min_ns"),
            cell(ours, "cpu_median_ns"),
            cell(prog, "median_ns"),
            cell(prog, "min_ns"),
            cell(prog, "cpu_median_ns"),
            peak(ours),
            peak(prog),
            per_op(ours),
            per_op(prog),
            ours.get("iters").cloned().unwrap_or_default(),
        );
    }
    println!();
    println!("| N | spec KiB | ours output lines | ours output KiB | progenitor output lines | progenitor output KiB |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for (n, ours, prog) in &rows {
        println!(
            "| {n} | {:.0} | {} | {:.0} | {} | {:.0} |",
            num(ours, "spec_bytes") / 1024.0,
            ours.get("lines").cloned().unwrap_or_else(|| "–".into()),
            num(ours, "bytes") / 1024.0,
            prog.get("lines").cloned().unwrap_or_else(|| "–".into()),
            num(prog, "bytes") / 1024.0,
        );
    }
    for (n, ours, prog) in &rows {
        for (name, f) in [("ours", ours), ("progenitor", prog)] {
            if !ok(f) {
                println!("\n{name} failed at N={n}: {}", f.get("error").cloned().unwrap_or_default());
            }
        }
    }

    // Growth and marginal output per operation between consecutive sizes.
    println!("\nLoad average after the main table: {}\n", load_average());
    for pair in rows.windows(2) {
        let (n0, o0, p0) = &pair[0];
        let (n1, o1, p1) = &pair[1];
        let growth = |a: &Fields, b: &Fields| num(b, "median_ns") / num(a, "median_ns");
        let cpu_growth = |a: &Fields, b: &Fields| num(b, "cpu_median_ns") / num(a, "cpu_median_ns");
        let marginal = |a: &Fields, b: &Fields| (num(b, "lines") - num(a, "lines")) / (*n1 as f64 - *n0 as f64);
        println!(
            "- time({n1}) / time({n0}) for {}× the operations: ours {:.2} (CPU {:.2}), progenitor {:.2} (CPU {:.2}); marginal lines per added operation: ours {:.1}, progenitor {:.1}",
            n1 / n0,
            growth(o0, o1),
            cpu_growth(o0, o1),
            growth(p0, p1),
            cpu_growth(p0, p1),
            marginal(o0, o1),
            marginal(p0, p1)
        );
    }

    // The real spec, and the per-status-error variant only ours accepts.
    println!("\n## Extra rows\n");
    println!("| spec | generator | median ms | min ms | peak MB (base) | output lines | result |");
    println!("|---|---|---:|---:|---:|---:|---|");
    let real_iters = iters_override.unwrap_or(30);
    let mut extra = vec![
        ("spec/iam-mfa.yaml (3 ops)", "ours-real", 3usize, real_iters),
        ("spec/iam-mfa.yaml (3 ops)", "progenitor-real", 3, real_iters),
    ];
    if let Some(&largest) = sizes.iter().max() {
        let iters = iters_override.unwrap_or_else(|| default_iters(largest));
        extra.push(("synthetic, distinct error schema per status", "ours-perstatus", largest, iters));
        extra.push(("synthetic, names of irregular length", "ours-irregular", largest, iters));
        extra.push(("synthetic, names of irregular length", "progenitor-irregular", largest, iters));
        extra.push(("synthetic, same document as JSON", "ours-json", largest, iters));
        extra.push(("synthetic, same document as JSON", "progenitor-json", largest, iters));
    }
    for (label, generator, n, iters) in extra {
        eprintln!("{label}: {generator}...");
        let f = spawn(generator, n, iters);
        let label = if generator.starts_with("ours-p") || generator.ends_with("-json") || generator.ends_with("-irregular") { format!("{label}, N={n}") } else { label.to_owned() };
        if ok(&f) {
            println!(
                "| {label} | {generator} | {:.2} | {:.2} | {:.1} ({:.1}) | {} | ok |",
                ms_of(&f, "median_ns"),
                ms_of(&f, "min_ns"),
                mb(num(&f, "peak_kib")),
                mb(num(&f, "baseline_kib")),
                f.get("lines").cloned().unwrap_or_default()
            );
        } else {
            println!("| {label} | {generator} | – | – | – | – | fails: {} |", f.get("error").cloned().unwrap_or_default());
        }
    }

    cli_rows(&sizes);

    // Does progenitor need the security schemes stripped? Same spec with and without.
    let full = synth::spec(3, ErrorBodies::SharedPerOperation);
    let stripped = synth::strip_security(&full);
    let with = run_progenitor(&full);
    let without = run_progenitor(&stripped);
    println!(
        "\n- progenitor on the synthetic spec WITH our security schemes (apiKey headers, `x-huaweicloud-signing` extension): {}; output identical to the spec with all security stripped: {}",
        if with.is_ok() { "accepted".to_owned() } else { format!("rejected ({})", with.as_ref().unwrap_err()) },
        match (&with, &without) {
            (Ok(a), Ok(b)) => (a == b).to_string(),
            _ => "n/a".into(),
        }
    );
    let ours_stripped = run_ours(&stripped);
    println!(
        "- ours on the same spec without security schemes: {}",
        match ours_stripped {
            Ok(_) => "accepted".to_owned(),
            Err(e) => format!("rejected ({e})"),
        }
    );
}

/// End to end through our binary (process start, read, generate, write or
/// compare files), if `huaweicloud-codegen` was built next to this binary
/// (`cargo build --release -p huaweicloud-codegen --bin huaweicloud-codegen`).
fn cli_rows(sizes: &[usize]) {
    let exe = std::env::current_exe().expect("own path");
    let cli = exe.with_file_name("huaweicloud-codegen");
    if !cli.exists() {
        println!("\n(`huaweicloud-codegen` not built next to gen-bench; CLI rows skipped)");
        return;
    }
    let repo = std::fs::canonicalize(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("repo");
    let work = std::env::temp_dir().join(format!("bench-compare-cli-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("temp dir");
    println!("\n## Our binary end to end (wall ms: process start, read spec file, generate, write to a fresh temp dir / rewrite unchanged)\n");
    println!("| spec | first write median ms | unchanged rerun median ms | unchanged rerun min ms | runs |");
    println!("|---|---:|---:|---:|---:|");
    let mut specs = vec![("spec/iam-mfa.yaml (3 ops)".to_owned(), repo.join("spec/iam-mfa.yaml"), 20usize)];
    if let Some(&largest) = sizes.iter().max() {
        let path = work.join(format!("synthetic-{largest}.yaml"));
        std::fs::write(&path, synth::spec(largest, ErrorBodies::SharedPerOperation)).expect("write spec");
        specs.push((format!("synthetic, N={largest}"), path, default_iters(largest)));
    }
    for (label, spec, runs) in specs {
        let mut first = Vec::new();
        let mut rerun = Vec::new();
        for i in 0..runs {
            let out = work.join(format!("out-{i}"));
            let run = |out: &std::path::Path| {
                let start = Instant::now();
                let status = Command::new(&cli)
                    .current_dir(&repo)
                    .arg("--spec")
                    .arg(&spec)
                    .arg("--out")
                    .arg(out)
                    .stderr(std::process::Stdio::null())
                    .status()
                    .expect("run huaweicloud-codegen");
                assert!(status.success(), "huaweicloud-codegen failed on {}", spec.display());
                start.elapsed()
            };
            first.push(run(&out));
            rerun.push(run(&out));
            let _ = std::fs::remove_dir_all(&out);
        }
        println!(
            "| {label} | {:.2} | {:.2} | {:.2} | {runs} |",
            ms(median(&first)),
            ms(median(&rerun)),
            ms(*rerun.iter().min().expect("runs"))
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}

fn progenitor_version() -> &'static str {
    // Read from bench-compare/Cargo.lock by build.rs.
    env!("PROGENITOR_VERSION")
}
