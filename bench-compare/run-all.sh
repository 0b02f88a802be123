#!/usr/bin/env bash
# Reproduces every number in ../BENCHMARKS.md; raw outputs go to results/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results

{
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(grep MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
  echo "kernel: $(uname -r)"
  echo "rustc: $(rustc -V)"
  echo "cargo: $(cargo -V)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee results/machine.txt

# Build everything first, so all reports come from the same generator sources.
cargo build --release --bins
cargo build --release -p huaweicloud-codegen --bin huaweicloud-codegen
cargo build --release --bins --features mimalloc --target-dir target/mimalloc
./target/release/gen-bench | tee results/gen-bench.md
./target/release/stage-bench | tee results/stage-bench.md
./target/release/compile-bench | tee results/compile-bench.md
./symbols.sh   # functions in each generated crate's debug rlib → results/symbols.txt

# The allocator experiment: same stage benchmark with mimalloc as the global
# allocator, and the generation benchmark with mimalloc for both generators.
./target/mimalloc/release/stage-bench | tee results/stage-bench-mimalloc.md
./target/mimalloc/release/gen-bench --sizes 300,3000 | tee results/gen-bench-mimalloc.md

# Instruction counts (repeatable, unlike time) of one warm-up and one timed
# generation at 300 operations, inclusive, for the stages' main functions.
if command -v valgrind >/dev/null 2>&1; then
  valgrind --tool=callgrind --callgrind-out-file=results/callgrind-ours-300.out \
    ./target/release/gen-bench --one ours 300 1 >/dev/null 2>&1 || true
  if [ -s results/callgrind-ours-300.out ]; then
    callgrind_annotate --inclusive=yes results/callgrind-ours-300.out 2>/dev/null \
      | grep -E 'PROGRAM TOTALS|huaweicloud_codegen::(format::rust_units|format::rust_part|format::shapes::split(.2)?|format::shapes::ShapeParser::print(_filled)?|load::no_panic::read|lower::lower|emit::[a-z_]+::file::\{\{closure\}\}|emit::operations::requests_file::\{\{closure\}\}|emit::docs::lines) |prettyplease::unparse |visit_mut::visit_item_mut |serde_yaml::de::Deserializer::de ' \
      | grep -v '=>' | sed -E 's/ \[.*//' > results/callgrind-ours-300.txt
    rm -f results/callgrind-ours-300.out
    echo "instruction counts:"; cat results/callgrind-ours-300.txt
  fi
fi

# Flat CPU profile of our generator on the 300-operation spec, grouped by crate.
if command -v perf >/dev/null 2>&1; then
  perf record -q -F 1999 -o results/perf-ours-300.data ./target/release/gen-bench --one ours 300 10 >/dev/null 2>&1 || true
  if [ -s results/perf-ours-300.data ]; then
    perf report -i results/perf-ours-300.data --no-children --sort sym --stdio 2>/dev/null \
      | awk '/^ +[0-9.]+%/ {
          pct = $1; sub(/%/, "", pct); $1 = ""; $2 = ""; sym = $0; sub(/^ +/, "", sym);
          s = sym; sub(/^</, "", s);
          if (s ~ /^(_int_|malloc|cfree|unlink_chunk|__rust_dealloc|__rustc::|_int_realloc|realloc|free)/) k = "malloc/free (glibc)";
          else if (s ~ /^__mem/) k = "memcpy/memmove/memcmp";
          else { k = s; sub(/(::| ).*/, "", k) }
          total[k] += pct
        } END { for (k in total) printf "%6.2f%%  %s\n", total[k], k }' \
      | sort -rn > results/perf-ours-300-by-crate.txt
    perf report -i results/perf-ours-300.data --no-children --sort sym --stdio 2>/dev/null \
      | grep -E '^ +[0-9.]+%' | sed -n '1,30p' > results/perf-ours-300-top.txt
    rm -f results/perf-ours-300.data results/perf-ours-300.data.old
    echo "perf profile by crate:"; sed -n '1,12p' results/perf-ours-300-by-crate.txt
  fi
fi
