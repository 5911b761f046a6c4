#!/usr/bin/env bash
# Search benchmark: what a browser fetches for a first query, remiss against
# Pagefind, on the same synthetic corpus. A benchmark, not a timed test.
#
#   benches/search.sh [CASES]        # default 10000
#
# Work folder: $BENCH_DIR, or /tmp/remiss-bench-CASES. BENCH_REUSE=1 keeps
# the corpora and builds from an earlier run there and only measures again.
# Needs: cargo; python3 (gen-corpus); Node.js 20+ with `npm ci` done
# (playwright-core, pagefind); Hugo (`apt-get install -y hugo`); Debian's
# Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides). Never downloads a
# browser.
#
# It generates the corpus twice (remiss and Hugo formats), builds our site,
# builds the Hugo site and indexes it with Pagefind, then runs
# benches/search-bytes.mjs, which serves each site on 127.0.0.1, opens each
# query in a fresh headless Chromium context and counts the bytes (as a host
# with gzip sends them) of every request. The Markdown table is printed at
# the end and written to benches/results-search-CASES.md.
set -euo pipefail

cases=${1:-10000}
case "$cases" in ''|*[!0-9]*) echo "usage: benches/search.sh [CASES]" >&2; exit 2;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/remiss-bench-$cases}
gen="$repo/../shared/tools/gen-corpus"
results="$repo/benches/results-search-$cases.md"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
log() { printf '\n== %s\n' "$*" >&2; }

# --- prerequisites -------------------------------------------------------
missing=0
[ -x "$gen" ] || { echo "missing $gen (the shared corpus generator)" >&2; missing=1; }
command -v hugo >/dev/null || { echo "missing hugo: apt-get update && apt-get install -y hugo" >&2; missing=1; }
[ -x "$repo/node_modules/.bin/pagefind" ] || { echo "missing pagefind: run npm ci in $repo" >&2; missing=1; }
[ -d "$repo/node_modules/playwright-core" ] || { echo "missing playwright-core: run npm ci in $repo" >&2; missing=1; }
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || { echo "missing Chromium: apt-get install -y chromium" >&2; missing=1; }
[ "$missing" = 0 ] || exit 1

# timed NAME CMD...: runs CMD, stores wall seconds, peak RSS (KiB) and the
# exit code in $dir/NAME.{seconds,rss,exit}, its output in $dir/NAME.log.
# Never fails: the caller reads NAME.exit.
timed() {
  local name=$1; shift
  local t0 t1 rc=0
  cut -d' ' -f1 /proc/loadavg >"$dir/$name.load"
  t0=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$dir/$name.time" "$@" >"$dir/$name.log" 2>&1 || rc=$?
    sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$dir/$name.time" >"$dir/$name.rss"
  else
    "$@" >"$dir/$name.log" 2>&1 || rc=$?
    : >"$dir/$name.rss"
  fi
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{printf "%.2f\n", $2 - $1}' >"$dir/$name.seconds"
  echo "$rc" >"$dir/$name.exit"
  echo "$name: exit $rc, $(cat "$dir/$name.seconds") s, peak RSS $(cat "$dir/$name.rss") KiB" >&2
}

if [ "${BENCH_REUSE:-0}" = 1 ] && [ -f "$dir/public/sok/index.json" ] && [ -f "$dir/remiss.exit" ]; then
  log "reusing the builds in $dir"
else
  # --- corpora -----------------------------------------------------------
  log "generating $cases cases into $dir"
  "$gen" --cases "$cases" --format remiss --out "$dir"
  "$gen" --cases "$cases" --format hugo --out "$dir"

  # --- remiss --------------------------------------------------------------
  log "cargo build --profile dist"
  (cd "$repo" && cargo build --profile dist --quiet)
  log "remiss build"
  rm -rf "$dir/public"
  timed remiss "$repo/target/dist/remiss" build --content "$dir/content" --out "$dir/public" --today 2024-06-01
  tail -n 3 "$dir/remiss.log" >&2
  [ "$(cat "$dir/remiss.exit")" = 0 ] || { echo "remiss build failed: $dir/remiss.log" >&2; exit 1; }

  # --- Hugo + Pagefind -----------------------------------------------------
  log "hugo --minify"
  rm -rf "$dir/hugo/public"
  (cd "$dir/hugo" && timed hugo hugo --minify)
  [ "$(cat "$dir/hugo.exit")" = 0 ] || { echo "hugo failed: $dir/hugo.log" >&2; exit 1; }
  log "pagefind --site hugo/public"
  timed pagefind "$repo/node_modules/.bin/pagefind" --site "$dir/hugo/public"
  tail -n 12 "$dir/pagefind.log" >&2
  if [ "$(cat "$dir/pagefind.exit")" != 0 ]; then
    echo "Pagefind failed (exit $(cat "$dir/pagefind.exit")); measuring remiss alone" >&2
  fi
fi

# --- build facts for the report -------------------------------------------
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1024 / 1024}' /proc/meminfo)
machine="$(nproc) cores (${cpu:-unknown CPU}), $mem RAM, $(uname -sm)"
versions="$(hugo version 2>/dev/null | awk '{print "Hugo " $2}'), $("$repo/node_modules/.bin/pagefind" --version 2>/dev/null | sed 's/^pagefind/Pagefind/'), $("${CHROMIUM_PATH:-/usr/bin/chromium}" --version 2>/dev/null | head -n 1), Node.js $(node --version)."
ours_pages=$(sed -n 's/^built \([0-9]*\) pages.*/\1/p' "$dir/remiss.log" | tail -n 1)
hugo_pages=$(sed -n 's/^ *Pages *| *\([0-9]*\).*/\1/p' "$dir/hugo.log" | head -n 1)
pf_pages=$(sed -n 's/^ *Indexed \([0-9]*\) pages.*/\1/p' "$dir/pagefind.log" | head -n 1)
docs=$(node -e 'process.stdout.write(String(require(process.argv[1]).docs))' "$dir/public/sok/index.json")
val() { [ -s "$dir/$1" ] && cat "$dir/$1" || echo null; }
# What was measured: the index's build hash and the site's own search.js (the
# default theme is compiled into the binary, so this is the code at build time).
snapshot="index build $(node -e 'process.stdout.write(String(require(process.argv[1]).build))' "$dir/public/sok/index.json"), search.js sha256 $(sha256sum "$dir/public/search.js" | cut -c1-12)"
loads=""
for b in remiss hugo pagefind; do
  [ -s "$dir/$b.load" ] && loads="$loads$b $(cat "$dir/$b.load"), "
done
loads="1-minute load average at the start of: ${loads}the measurements $(cut -d' ' -f1 /proc/loadavg)"
# The pages line of Pagefind is what it indexed; Hugo's count also has lists.
cat >"$dir/builds.json" <<EOF
{
  "cases": $cases,
  "machine": $(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$machine"),
  "versions": $(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$versions"),
  "docs": $(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "remiss indexes $docs documents from ${ours_pages:-?} pages; Pagefind indexes ${pf_pages:-?} pages (the data-pagefind-body ones) of Hugo's ${hugo_pages:-?}"),
  "snapshot": $(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$snapshot"),
  "loads": $(node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$loads"),
  "oursSeconds": $(val remiss.seconds), "oursRssKb": $(val remiss.rss),
  "hugoSeconds": $(val hugo.seconds), "hugoRssKb": $(val hugo.rss),
  "pagefindSeconds": $(val pagefind.seconds), "pagefindRssKb": $(val pagefind.rss),
  "pagefindExit": "$(cat "$dir/pagefind.exit" 2>/dev/null || echo n/a)",
  "oursPages": "${ours_pages:-n/a}", "hugoPages": "${pf_pages:-?} indexed (Hugo ${hugo_pages:-?})"
}
EOF

# --- measure ----------------------------------------------------------------
log "measuring first queries in Chromium"
hugo_arg=()
[ "$(cat "$dir/pagefind.exit")" = 0 ] && hugo_arg=(--hugo "$dir/hugo/public")
node "$repo/benches/search-bytes.mjs" --ours "$dir/public" "${hugo_arg[@]}" \
  --builds "$dir/builds.json" --cases "$cases" --out "$results" --json "$dir/results.json"
echo "written to $results (raw data: $dir/results.json)" >&2
