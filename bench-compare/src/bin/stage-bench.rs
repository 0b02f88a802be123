//! Where our generator spends its time: load → lower → emit → format.
//!
//! `stage-bench [--sizes 3,300,3000] [--iters N]` times, on the same synthetic
//! spec as `gen-bench`, each public stage separately:
//!
//! * `load`: `huaweicloud_codegen::load::load_str` (YAML straight into
//!   `openapiv3::OpenAPI`), and for comparison the two steps of a load through
//!   a generic value (`serde_yaml::from_str::<serde_yaml::Value>`, then
//!   `serde_yaml::from_value::<openapiv3::OpenAPI>`);
//! * `lower`: `huaweicloud_codegen::lower::lower`;
//! * `emit`: `huaweicloud_codegen::emit::emit`, which builds
//!   tokens, parses them with `syn` and prints them with prettyplease, in
//!   chunks of items on one thread per core;
//! * reference formatting: each token-emitted Rust file (every `.rs` file
//!   that is not a verbatim copy of a `generator/runtime/` source) is lexed
//!   back into a `TokenStream` (not timed) and `format::rust_file` (plain
//!   `syn::parse2` + `prettyplease::unparse` of the whole file) is timed on
//!   it; the run asserts that this reproduces emit's output byte for byte.
//!   `prettyplease::unparse` alone is the part of formatting no parsing
//!   strategy avoids.
//!
//! It also times alternatives the suggestions rely on: deserializing the YAML
//! straight into `openapiv3::OpenAPI` (no intermediate `Value`), and the same
//! spec as JSON through `serde_json`.

use std::str::FromStr;
use std::time::{Duration, Instant};


use bench_compare::synth::{self, ErrorBodies};
use bench_compare::{load_average, median, ms, process_cpu_time};
use huaweicloud_codegen::{emit, format, load, lower, Options};

/// Sources of `generator/runtime/`, which emit copies verbatim behind the header.
fn runtime_sources() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/runtime");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("generator/runtime") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).expect("runtime source"));
        }
    }
    out
}

/// CPU time of `f`, summed over all threads of this process (the generator
/// emits and formats files on parallel threads): the work done, which unlike
/// wall time does not grow while other processes hold the CPU.
fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = process_cpu_time();
    let out = f();
    (process_cpu_time() - start, out)
}

/// CPU time (all threads) and wall time of `f`.
fn both<T>(f: impl FnOnce() -> T) -> (Duration, Duration, T) {
    let cpu = process_cpu_time();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed();
    (process_cpu_time() - cpu, wall, out)
}



#[derive(Default)]
struct Samples {
    yaml_value: Vec<Duration>,
    value_to_openapi: Vec<Duration>,
    load: Vec<Duration>,
    lower: Vec<Duration>,
    emit: Vec<Duration>,
    format: Vec<Duration>,
    parse2: Vec<Duration>,
    unparse: Vec<Duration>,
    per_file_format: Vec<Vec<Duration>>,
    total: Vec<Duration>,
    total_wall: Vec<Duration>,
    load_wall: Vec<Duration>,
    lower_wall: Vec<Duration>,
    emit_wall: Vec<Duration>,
    yaml_direct: Vec<Duration>,
    json_direct: Vec<Duration>,
}

fn trimmed_rss_mb() -> f64 {
    // SAFETY: malloc_trim only releases free heap memory back to the OS.
    unsafe { libc::malloc_trim(0) };
    bench_compare::rss_kib() as f64 / 1024.0
}

/// Peak (MB) of `f` from a reset peak mark, and its result.
fn peak_of<T>(f: impl FnOnce() -> T) -> (f64, T) {
    trimmed_rss_mb();
    bench_compare::reset_peak_rss();
    let out = f();
    (bench_compare::peak_rss_kib() as f64 / 1024.0, out)
}

fn memory_pass(n: usize, text: &str, options: &Options) -> String {
    if cfg!(feature = "mimalloc") {
        // malloc_trim does not reach mimalloc's heap: the readings would be meaningless.
        if std::env::var_os("STAGE_BENCH_DROP_DOCUMENT").is_some() {
            return format!("| {n} | n/a (mimalloc build) |");
        }
        return format!("| {n} | n/a (mimalloc build) | | | | | | |");
    }
    let before = trimmed_rss_mb();
    let (load_peak, loaded) = peak_of(|| load::load_str(text, &options.spec).expect("load"));
    let after_load = trimmed_rss_mb();
    let (lower_peak, api) = peak_of(|| lower::lower(&loaded).expect("lower"));
    let after_lower = trimmed_rss_mb();
    let emit_options = emit::EmitOptions {
        crate_name: api.crate_name.clone(),
        crate_version: api.crate_version.clone(),
        header: format::Header { spec_label: options.spec_label(), command: options.command() },
        workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    if std::env::var_os("STAGE_BENCH_DROP_DOCUMENT").is_some() {
        // The variant behind a suggestion: the document is no longer needed once lowered.
        drop(loaded);
        let (emit_peak, files) = peak_of(|| emit::emit(&api, &emit_options).expect("emit"));
        drop((files, api));
        return format!("| {n} | {emit_peak:.1} |");
    }
    let (emit_peak, files) = peak_of(|| emit::emit(&api, &emit_options).expect("emit"));
    let after_emit = trimmed_rss_mb();
    drop((files, api, loaded));
    format!(
        "| {n} | {before:.1} | {load_peak:.1} | {after_load:.1} | {lower_peak:.1} | {after_lower:.1} | {emit_peak:.1} | {after_emit:.1} |"
    )
}

/// Runs the memory pass in a fresh child process (`stage-bench --memory N`),
/// so no earlier run's heap (or a parallel emitter's thread arenas) skews it.
fn memory_child(n: usize, drop_document: bool) -> String {
    let exe = std::env::current_exe().expect("own path");
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["--memory", &n.to_string()]);
    if drop_document {
        cmd.env("STAGE_BENCH_DROP_DOCUMENT", "1");
    } else {
        cmd.env_remove("STAGE_BENCH_DROP_DOCUMENT");
    }
    let output = cmd
        .output()
        .expect("spawn memory child");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find(|l| l.starts_with('|'))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("| {n} | memory child failed: {} |", String::from_utf8_lossy(&output.stderr).trim()))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--memory") {
        let n: usize = args[1].parse().expect("size");
        let text = synth::spec(n, ErrorBodies::SharedPerOperation);
        let options = Options::new("synthetic.yaml", "out");
        println!("{}", memory_pass(n, &text, &options));
        return;
    }
    let mut sizes = vec![3usize, 300, 3000];
    let mut iters: Option<usize> = None;
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
            "--iters" => iters = Some(it.next().expect("--iters needs a value").parse().expect("iters")),
            other => panic!("unknown argument {other}; usage: stage-bench [--sizes 3,300,3000] [--iters N]"),
        }
    }
    println!("# stage-bench: our pipeline, stage by stage\n");
    println!("Built against: {}; allocator: {}\n", bench_compare::GENERATOR_FINGERPRINT, bench_compare::ALLOCATOR);
    println!("CPU time summed over all threads of the process (work), median ms over the iterations after one warm-up; the columns marked wall are elapsed time. The format step is reproduced serially, so its figures are work, whatever the generator parallelizes.\n");
    println!("Load average before: {}\n", load_average());
    println!("| N | iters | load: YAML → Value | load: Value → OpenAPI | load (load_str) | lower | emit (tokens, shape parse, unparse) | sum load+lower+emit | generate_from_str | load wall | lower wall | emit wall | generate_from_str wall | reference: parse2 + unparse of the output | of which syn::parse2 | of which prettyplease::unparse |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    let mut per_file_rows = Vec::new();
    let mut mem_rows = Vec::new();
    let mut drop_rows = Vec::new();
    let mut alt_rows = Vec::new();
    for &n in &sizes {
        let iters = iters.unwrap_or(match n {
            0..=30 => 20,
            31..=1000 => 5,
            _ => 3,
        });
        eprintln!("N={n}: {iters} iterations...");
        let text = synth::spec(n, ErrorBodies::SharedPerOperation);
        let json = {
            let v: serde_json::Value = serde_yaml::from_str(&text).expect("yaml");
            serde_json::to_string(&v).expect("json")
        };
        let options = Options::new("synthetic.yaml", "out");
        let file = options.spec.clone();
        // Which files emit formats: the `.rs` files that are not runtime copies.
        let token_files: Vec<String> = {
            let loaded = load::load_str(&text, &file).expect("load");
            let api = lower::lower(&loaded).expect("lower");
            let header = format::Header { spec_label: options.spec_label(), command: options.command() };
            let emit_options = emit::EmitOptions {
                crate_name: api.crate_name.clone(),
                crate_version: api.crate_version.clone(),
                header: header.clone(),
                workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            };
            let runtime = runtime_sources();
            let prefix = header.render("//");
            emit::emit(&api, &emit_options)
                .expect("emit")
                .into_iter()
                .filter(|f| f.path.ends_with(".rs"))
                .filter(|f| {
                    let body = f.contents.strip_prefix(&prefix).unwrap_or(&f.contents);
                    !runtime.iter().any(|r| r == body)
                })
                .map(|f| f.path)
                .collect()
        };
        mem_rows.push(memory_child(n, false));
        drop_rows.push(memory_child(n, true));
        let mut s = Samples { per_file_format: vec![Vec::new(); token_files.len()], ..Default::default() };
        for i in 0..=iters {
            let warm = i == 0;
            // A load through a generic value, for comparison.
            let (t_value, value) = time(|| serde_yaml::from_str::<serde_yaml::Value>(&text).expect("yaml"));
            let (t_doc, _doc) = time(|| serde_yaml::from_value::<openapiv3::OpenAPI>(value).expect("openapi"));
            // The public stages.
            let (t_load, t_load_wall, loaded) = both(|| load::load_str(&text, &file).expect("load"));
            let (t_lower, t_lower_wall, api) = both(|| lower::lower(&loaded).expect("lower"));
            let emit_options = emit::EmitOptions {
                crate_name: api.crate_name.clone(),
                crate_version: api.crate_version.clone(),
                header: format::Header { spec_label: options.spec_label(), command: options.command() },
                workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            };
            let (t_emit, t_emit_wall, files) = both(|| emit::emit(&api, &emit_options).expect("emit"));
            // Format, reproduced on the emitted files.
            let mut t_format = Duration::ZERO;
            let mut t_parse2 = Duration::ZERO;
            let mut t_unparse = Duration::ZERO;
            let mut per_file = Vec::new();
            for path in &token_files {
                let f = files.iter().find(|f| &f.path == path).expect("token file emitted");
                let tokens = proc_macro2::TokenStream::from_str(&f.contents).expect("lex");
                let tokens2 = tokens.clone();
                let (t, out) = time(|| format::rust_file(path, tokens, &emit_options.header).expect("format"));
                assert_eq!(out, f.contents, "format reproduces emit's output for {path}");
                t_format += t;
                per_file.push(t);
                let (tp, ast) = time(|| syn::parse2::<syn::File>(tokens2).expect("parse2"));
                let (tu, _) = time(|| prettyplease::unparse(&ast));
                t_parse2 += tp;
                t_unparse += tu;
            }
            drop(files);
            let (t_total, t_total_wall, _) = both(|| huaweicloud_codegen::generate_from_str(&text, &options).expect("generate"));
            let (t_yaml_direct, _) = time(|| serde_yaml::from_str::<openapiv3::OpenAPI>(&text).expect("yaml direct"));
            let (t_json_direct, _) = time(|| serde_json::from_str::<openapiv3::OpenAPI>(&json).expect("json direct"));
            if warm {
                continue;
            }
            s.yaml_value.push(t_value);
            s.value_to_openapi.push(t_doc);
            s.load.push(t_load);
            s.lower.push(t_lower);
            s.emit.push(t_emit);
            s.format.push(t_format);
            s.parse2.push(t_parse2);
            s.unparse.push(t_unparse);
            for (k, t) in per_file.into_iter().enumerate() {
                s.per_file_format[k].push(t);
            }
            s.total.push(t_total);
            s.total_wall.push(t_total_wall);
            s.load_wall.push(t_load_wall);
            s.lower_wall.push(t_lower_wall);
            s.emit_wall.push(t_emit_wall);
            s.yaml_direct.push(t_yaml_direct);
            s.json_direct.push(t_json_direct);
        }
        let m = |v: &[Duration]| ms(median(v));
        let (load, lower, emit_, format_) = (m(&s.load), m(&s.lower), m(&s.emit), m(&s.format));
        println!(
            "| {n} | {iters} | {:.2} | {:.2} | {load:.2} | {lower:.2} | {emit_:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {format_:.2} | {:.2} | {:.2} |",
            m(&s.yaml_value),
            m(&s.value_to_openapi),
            load + lower + emit_,
            m(&s.total),
            m(&s.load_wall),
            m(&s.lower_wall),
            m(&s.emit_wall),
            m(&s.total_wall),
            m(&s.parse2),
            m(&s.unparse),
        );
        let sum = load + lower + emit_;
        per_file_rows.push(format!(
            "| {n} | {:.0}% | {:.0}% | {:.0}% | {} |",
            100.0 * load / sum,
            100.0 * lower / sum,
            100.0 * emit_ / sum,
            token_files
                .iter()
                .zip(&s.per_file_format)
                .map(|(p, v)| format!("{p} {:.2}", m(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        alt_rows.push(format!(
            "| {n} | {:.0} | {load:.2} | {:.2} | {:.0} | {:.2} |",
            text.len() as f64 / 1024.0,
            m(&s.yaml_direct),
            json.len() as f64 / 1024.0,
            m(&s.json_direct),
        ));
    }
    println!("\n| N | load share | lower share | emit share | reference formatting (parse2 + unparse, no shape reuse) ms per file |");
    println!("|---:|---:|---:|---:|---|");
    for row in per_file_rows {
        println!("{row}");
    }
    println!("\nAlternatives for the load stage (same document):\n");
    println!("| N | YAML KiB | load_str ms (ours: YAML straight to OpenAPI, JSON through serde_json) | serde_yaml straight to OpenAPI ms | JSON KiB | serde_json straight to OpenAPI ms |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for row in alt_rows {
        println!("{row}");
    }
    println!("\nMemory by stage (one pass in a fresh child process per N; RSS in MB; freed heap is returned with malloc_trim before each reading; the peak is VmHWM after resetting it at the start of the stage):\n");
    println!("| N | RSS before load (spec text held) | load peak | live after load | lower peak | live after lower | emit peak | live after emit (document, model and output held) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in mem_rows {
        println!("{row}");
    }
    println!("\nThe same emit peak when the openapiv3 document is dropped after lowering (fresh child per N):\n");
    println!("| N | emit peak MB, document dropped first |");
    println!("|---:|---:|");
    for row in drop_rows {
        println!("{row}");
    }
    progenitor_stages(&sizes, iters);
    println!("\nLoad average after: {}", load_average());
}

/// The same breakdown for progenitor's recipe, for reference.
fn progenitor_stages(sizes: &[usize], iters: Option<usize>) {
    println!("\nprogenitor's recipe, stage by stage (CPU time, median ms; progenitor is single-threaded):\n");
    println!("| N | iters | serde_yaml → OpenAPI | generate_tokens | syn::parse2 | prettyplease::unparse | total | output lines |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in sizes {
        let iters = iters.unwrap_or(match n {
            0..=30 => 20,
            31..=1000 => 5,
            _ => 3,
        });
        eprintln!("progenitor N={n}: {iters} iterations...");
        let text = synth::spec(n, ErrorBodies::SharedPerOperation);
        let mut samples: [Vec<Duration>; 4] = Default::default();
        let mut lines = 0;
        for i in 0..=iters {
            let (t_parse, spec) = time(|| serde_yaml::from_str::<openapiv3::OpenAPI>(&text).expect("yaml"));
            let (t_gen, tokens) = time(|| {
                progenitor::Generator::new(&progenitor::GenerationSettings::default())
                    .generate_tokens(&spec)
                    .expect("generate_tokens")
            });
            let (t_p2, ast) = time(|| syn::parse2::<syn::File>(tokens).expect("parse2"));
            let (t_un, out) = time(|| prettyplease::unparse(&ast));
            lines = out.lines().count();
            if i > 0 {
                for (k, t) in [t_parse, t_gen, t_p2, t_un].into_iter().enumerate() {
                    samples[k].push(t);
                }
            }
        }
        let m: Vec<f64> = samples.iter().map(|v| ms(median(v))).collect();
        println!(
            "| {n} | {iters} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {lines} |",
            m[0],
            m[1],
            m[2],
            m[3],
            m.iter().sum::<f64>()
        );
    }
}
