//! Benchmarks comparing `huaweicloud-codegen` with `progenitor`.
//!
//! * [`synth`]: deterministic specs of N operations shaped like `spec/iam-mfa.yaml`;
//! * [`run_ours`], [`run_progenitor`]: one end-to-end generation from spec
//!   text in memory to formatted source strings;
//! * [`peak_rss_kib`], [`median`]: measurement helpers.

pub mod synth;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The global allocator the binaries run with.
pub const ALLOCATOR: &str = if cfg!(feature = "mimalloc") { "mimalloc" } else { "system (glibc malloc)" };

use std::path::PathBuf;
use std::time::Duration;

/// Output of one generation: (file path, contents).
pub type Files = Vec<(String, String)>;

/// Our generator: `generate_from_str` (load → lower → emit → format), all in memory.
pub fn run_ours(spec_text: &str) -> Result<Files, String> {
    let options = huaweicloud_codegen::Options::new("synthetic.yaml", "out");
    huaweicloud_codegen::generate_from_str(spec_text, &options)
        .map(|files| files.into_iter().map(|f| (f.path, f.contents)).collect())
        .map_err(|e| e.to_string())
}

/// progenitor, as its README's build.rs recipe does it: parse the text into
/// `openapiv3::OpenAPI` (serde_yaml; JSON is YAML), `Generator::new(&GenerationSettings::default())`,
/// `generate_tokens`, then `prettyplease::unparse(&syn::parse2(tokens))`.
/// A panic inside progenitor is returned as an error.
pub fn run_progenitor(spec_text: &str) -> Result<Files, String> {
    let text = spec_text.to_owned();
    let result = std::panic::catch_unwind(move || -> Result<Files, String> {
        // Its README reads JSON with serde_json and YAML with serde_yaml.
        let spec: openapiv3::OpenAPI = if text.trim_start().starts_with('{') {
            serde_json::from_str(&text).map_err(|e| format!("parse: {e}"))?
        } else {
            serde_yaml::from_str(&text).map_err(|e| format!("parse: {e}"))?
        };
        let mut generator =
            progenitor::Generator::new(&progenitor::GenerationSettings::default());
        let tokens = generator
            .generate_tokens(&spec)
            .map_err(|e| format!("generate_tokens: {e}"))?;
        let ast: syn::File = syn::parse2(tokens).map_err(|e| format!("syn: {e}"))?;
        Ok(vec![("src/lib.rs".to_owned(), prettyplease::unparse(&ast))])
    });
    match result {
        Ok(r) => r,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "non-string panic".to_owned());
            Err(format!("panicked: {message}"))
        }
    }
}

/// The YAML spec `yaml` as pretty-printed JSON (same document).
pub fn to_json(yaml: &str) -> String {
    let value: serde_json::Value = serde_yaml::from_str(yaml).expect("the synthetic spec is YAML");
    serde_json::to_string_pretty(&value).expect("JSON")
}

/// Total lines over all files.
pub fn total_lines(files: &Files) -> usize {
    files.iter().map(|(_, c)| c.lines().count()).sum()
}

/// Peak resident set size of this process so far (`VmHWM`), in KiB.
pub fn peak_rss_kib() -> u64 {
    status_field("VmHWM:")
}

/// Current resident set size (`VmRSS`), in KiB.
pub fn rss_kib() -> u64 {
    status_field("VmRSS:")
}

fn status_field(name: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resets the kernel's peak-RSS mark (`VmHWM`) to the current RSS
/// (`echo 5 > /proc/self/clear_refs`). Returns whether it worked.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Median of a non-empty slice (mean of the two middle values for even lengths).
pub fn median(samples: &[Duration]) -> Duration {
    let mut v = samples.to_vec();
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

/// Milliseconds with three decimals.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `spec/iam-mfa.yaml` of the repository, found relative to this crate.
pub fn real_spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/iam-mfa.yaml")
}

/// CPU time (user + system, all threads) this process has used so far.
/// Unlike wall time it does not grow while other processes hold the CPU.
pub fn process_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// `/proc/loadavg`'s first three fields (1, 5 and 15 minute load averages).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// CPU time used by the calling thread so far.
pub fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Which generator sources this binary was compiled against (set by build.rs).
pub const GENERATOR_FINGERPRINT: &str = env!("GENERATOR_FINGERPRINT");
