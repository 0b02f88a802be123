#!/usr/bin/env bash
# Counts the functions each generated crate's debug rlib contains (machine code
# rustc had to generate), from the workspace compile-bench left behind, and
# groups ours by kind. Run after compile-bench; output: results/symbols.txt.
set -euo pipefail
cd "$(dirname "$0")"
dir="${1:-${TMPDIR:-/tmp}/bench-compare-compile}"
mkdir -p results
{
  echo "# Defined text symbols in the debug rlibs under $dir/target/debug"
  echo
  for crate in bench_ours bench_progenitor; do
    rlib="$dir/target/debug/lib$crate.rlib"
    n=$(nm --defined-only "$rlib" 2>/dev/null | grep -c ' [tT] ' || true)
    echo "- $crate: $n functions"
  done
  echo
  echo "bench_ours by kind (operation and type names folded; top 15):"
  echo
  nm --defined-only "$dir/target/debug/libbench_ours.rlib" 2>/dev/null | grep ' [tT] ' | c++filt \
    | sed -E 's/^[0-9a-f]+ . //; s/::h[0-9a-f]+$//; s/\[[0-9a-f]+\]//g; s/[A-Za-z_]*[Gg][0-9]{5}[A-Za-z_]*/X/g' \
    | sed -E ':a; s/<[^<>]*>//g; ta' | sort | uniq -c | sort -rn | sed -n '1,15p'
} | tee results/symbols.txt
