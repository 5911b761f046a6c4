#!/usr/bin/env bash
# Compile benchmark: how long the first build from source takes, per cargo
# profile, and what each profile's binary does with a site. A benchmark, not
# a timed test.
#
#   benches/compile.sh [--runs K] [CASES]     # default: one run, 1000 cases
#
# For each profile (release: what `cargo run --release` builds; dist: what
# releases ship, with whole-program optimisation) and each run it
#   - builds remiss from nothing: a fresh, empty CARGO_TARGET_DIR, with the
#     dependencies already downloaded (as on a machine that ran `cargo fetch`),
#     and times it with /usr/bin/time (wall and CPU time);
#   - builds the synthetic corpus of CASES cases (../shared/tools/gen-corpus)
#     with that binary into a new folder, and times that too.
# Figures are medians over the runs. The Markdown table is printed and
# written to benches/results-compile.md.
# Needs: cargo, python3, GNU time at /usr/bin/time (Debian package `time`).
set -Eeuo pipefail
trap 'echo "benches/compile.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

runs=1
cases=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) cases="$1"; shift ;;
  esac
done
[ -x /usr/bin/time ] || { echo "benches/compile.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

work="${COMPILE_BENCH_DIR:-${TMPDIR:-/tmp}/remiss-compile-bench}"
mkdir -p "$work"
corpus="$work/corpus-$cases"
if [ ! -d "$corpus/content" ]; then
  ../shared/tools/gen-corpus --cases "$cases" --format remiss --out "$corpus" >/dev/null
fi
cargo fetch --locked >/dev/null

# median of numbers on stdin
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

rows=()
for profile in release dist; do
  compile_wall=(); compile_cpu=(); site_wall=(); size=0
  for run in $(seq "$runs"); do
    target="$work/target-$profile-$run"
    rm -rf "$target"
    /usr/bin/time -f "%e %U %S" -o "$work/time" env CARGO_TARGET_DIR="$target" cargo build --locked --quiet --profile "$profile"
    read -r wall user sys < "$work/time"
    compile_wall+=("$wall"); compile_cpu+=("$(echo "$user + $sys" | bc)")
    bin="$target/$profile/remiss"
    size=$(stat -c %s "$bin")
    rm -rf "$work/out"
    /usr/bin/time -f "%e" -o "$work/time" "$bin" build --content "$corpus/content" --out "$work/out" --today 2026-01-01 >/dev/null
    site_wall+=("$(cat "$work/time")")
    rm -rf "$target" "$work/out"
  done
  cw=$(printf '%s\n' "${compile_wall[@]}" | median)
  cc=$(printf '%s\n' "${compile_cpu[@]}" | median)
  sw=$(printf '%s\n' "${site_wall[@]}" | median)
  rows+=("| \`$profile\` | $(printf '%.0f' "$cw") s | $(printf '%.0f' "$cc") s | $(echo "scale=1; $size / 1048576" | bc) MiB | $sw s |")
done

table="| profile | first build from source, wall | CPU | binary | build of $cases cases, wall |
|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")"
echo "$table"
{
  echo "# Compile benchmark"
  echo
  echo "\`benches/compile.sh --runs $runs $cases\` on $(nproc) cores, $(date -u +%Y-%m-%d); rustc $(rustc --version | cut -d' ' -f2)."
  echo "Medians of $runs run(s). A first build compiles every dependency into an empty target folder."
  echo
  echo "$table"
} > benches/results-compile.md
