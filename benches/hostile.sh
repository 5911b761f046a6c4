#!/usr/bin/env bash
# Hostile-input benchmark: does a build stay linear in the size of a
# hostile text? For each kind of text below it builds the minimal fixture
# with the response's body replaced by N repetitions, for N doubling four
# times, and prints the wall time of `remiss build` (best of 3). Linear
# means each row's time per unit stays about the same. A benchmark, not a
# timed test; results go to benches/results-hostile.md by hand.
#
#   benches/hostile.sh [path/to/remiss]      # default: target/release/remiss
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/remiss}
[ -x "$bin" ] || cargo build --release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
front='+++
stance = "positiv"
summary = "Nämnden är positiv."
meeting = 2024-02-20

[proposals]
forslag-ett = "positiv"
+++
'
gen() { # kind n
  python3 - "$1" "$2" <<'PY'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
if kind == "quotes": print(">" * n + "Hej!")
elif kind == "stars": print("*" * n + "ord" + "*" * n)
elif kind == "brackets": print("[" * n + "x" + "](a.md)" * n)
elif kind == "mixed": print("> * _[**~~x" * (n // 10))
elif kind == "unclosed": print("[" * n + "*_" * n + "`" * n)
elif kind == "list": print("".join("  " * (i % 500) + "- punkt\n" for i in range(n // 10)))
elif kind == "paragraphs": print("Ett stycke med *betoning* och [en länk](../index.md).\n\n" * (n // 50))
elif kind == "line": print("ord " * (n // 4))
PY
}
printf '| text | N | wall s | µs per 1,000 units |\n|---|---|---|---|\n'
for kind in quotes stars brackets mixed unclosed list paragraphs line; do
  for n in 100000 200000 400000 800000; do
    rm -rf "$work/c" && cp -r tests/fixtures/minimal/content "$work/c"
    { printf '%s' "$front"; gen "$kind" "$n"; } > "$work/c/remisser/ks-2024-1/svar/socialnamnden.md"
    best=
    for _ in 1 2 3; do
      start=$(date +%s.%N)
      "$bin" build --today 2024-02-01 --content "$work/c" --out "$work/out" >/dev/null 2>&1
      t=$(echo "$(date +%s.%N) - $start" | bc)
      rm -rf "$work/out"
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    printf '| %s | %d | %.3f | %.1f |\n' "$kind" "$n" "$best" "$(echo "$best * 1000000000 / $n" | bc -l)"
  done
done
