#!/usr/bin/env bash
# Relevance benchmark: known-item queries written from the synthetic
# corpus's pages, remiss's search page against Pagefind on the same built
# pages, in headless Chromium (benches/relevance.mjs says how the queries
# are made and how each engine is run). A benchmark, not a timed test.
#
#   benches/relevance.sh [--per-class K] [--seed S] [CASES...]   # default: 1000 10000
#
# Work folder: $BUILD_BENCH_DIR, or ${TMPDIR:-/tmp}/remiss-bench, shared with
# benches/build.sh: the corpus of each CASES is generated there once (in
# CASES/content) and reused. Writes benches/results-relevance-CASES.md.
# Needs: cargo; python3 (gen-corpus); Node.js 20+ with `npm ci` done
# (playwright-core, pagefind); Debian's Chromium at /usr/bin/chromium.
set -euo pipefail

per_class=40
seed=1
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --per-class) per_class=$2; shift 2;;
    --seed) seed=$2; shift 2;;
    -h|--help) sed -n '2,14p' "$0"; exit 0;;
    *[!0-9]*) echo "usage: benches/relevance.sh [--per-class K] [--seed S] [CASES...]" >&2; exit 2;;
    *) sizes+=("$1"); shift;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BUILD_BENCH_DIR:-${TMPDIR:-/tmp}/remiss-bench}
gen="$repo/../shared/tools/gen-corpus"
log() { printf '\n== %s\n' "$*" >&2; }

[ -x "$gen" ] || { echo "missing $gen (the shared corpus generator)" >&2; exit 1; }
[ -x "$repo/node_modules/.bin/pagefind" ] || { echo "missing pagefind: run npm ci in $repo" >&2; exit 1; }
[ -d "$repo/node_modules/playwright-core" ] || { echo "missing playwright-core: run npm ci in $repo" >&2; exit 1; }

log "cargo build --profile dist"
(cd "$repo" && cargo build --profile dist --quiet)

for n in "${sizes[@]}"; do
  dir="$work/$n"
  mkdir -p "$dir"
  if [ ! -f "$dir/content/site.toml" ]; then
    log "generating $n cases into $dir/content"
    "$gen" --cases "$n" --format remiss --out "$dir"
  fi
  out="$dir/relevance"
  rm -rf "$out"
  mkdir -p "$out"
  log "remiss build ($n cases)"
  "$repo/target/dist/remiss" build --content "$dir/content" --out "$out/public" --today 2024-06-01 | tail -n 1 >&2
  log "queries, Pagefind and Chromium ($n cases)"
  (cd "$repo" && node --max-old-space-size=12288 benches/relevance.mjs --site "$out/public" --content "$dir/content" --work "$out" \
    --per-class "$per_class" --seed "$seed" --cases "$n" \
    --out "$repo/benches/results-relevance-$n.md" --json "$out/results.json")
  echo "written to benches/results-relevance-$n.md (raw data: $out/results.json)" >&2
  rm -rf "$out/pagefind-site"
done
