#!/usr/bin/env bash
# Build benchmark: wall time, CPU time and peak memory of a whole-site build,
# remiss against Hugo, on the same synthetic corpus. A benchmark, not a timed
# test.
#
#   benches/build.sh [--skip-hugo] [--runs K] [CASES...]   # default: 1000 10000
#
# Work folder: $BUILD_BENCH_DIR, or ${TMPDIR:-/tmp}/remiss-bench. Corpora are
# generated there once per CASES (in CASES/) and reused by later runs: delete
# the folder to generate them again. Never put it inside the repository.
# Needs: cargo; python3 (gen-corpus); GNU time at /usr/bin/time (Debian
# package `time`) and Hugo (Debian package `hugo`): both are installed with
# apt-get when missing, as root or through `sudo -n`.
#
# For each CASES it measures, with /usr/bin/time:
#   remiss cold     target/dist/remiss (the profile releases ship) build into an output folder that
#                   does not exist yet
#   remiss warm     the same build again, over the previous output
#   remiss 1 svar   the same build after one sentence is appended to the first
#                   svar/*.md file in sorted order (restored afterwards)
#   hugo cold       hugo --minify in the Hugo site, with no public/ yet
#   hugo warm       hugo --minify again, over the previous output
# With --runs K each sequence runs K times and every figure is the median.
#
# A cold build's previous output is moved aside into CASES/.trash, not
# deleted, and the trash is deleted after the last timed build of all sizes. On ext4
# without a journal (this machine's root file system) the kernel does not
# reuse an inode freed in the last 60 to 300 seconds, and finds that out by
# looking at every such free inode again for each new file (recently_deleted()
# in fs/ext4/ialloc.c). A build that creates 200,000 files and folders right
# after 200,000 were deleted spends most of its time there: perf showed 36 % of
# a remiss build in recently_deleted and its page-cache lookups, with system
# time growing from 12 to 53 s. That measures the deletion, not the build; CI
# building a fresh clone never pays it. Both tools get the same treatment.
# This needs free disk space for every run's outputs: about 3.5 GB a run at
# 10,000 cases.
# The Markdown table is printed and written to benches/results-build-CASES.md.
set -Eeuo pipefail
trap 'echo "benches/build.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

usage() { echo "usage: benches/build.sh [--skip-hugo] [--runs K] [CASES...]   (default CASES: 1000 10000)" >&2; exit 2; }
skip_hugo=0 runs=1 sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-hugo) skip_hugo=1; shift;;
    --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2;;
    --runs=*) runs=${1#--runs=}; shift;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    -*) echo "unknown option $1" >&2; usage;;
    *) sizes+=("$1"); shift;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
case "$runs" in ''|*[!0-9]*|0) echo "--runs needs a positive integer" >&2; usage;; esac
for n in "${sizes[@]}"; do
  case "$n" in ''|*[!0-9]*|0) echo "CASES must be positive integers, not '$n'" >&2; usage;; esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gen="$(dirname "$repo")/shared/tools/gen-corpus"
work=${BUILD_BENCH_DIR:-${TMPDIR:-/tmp}/remiss-bench}
today=2026-01-01
log() { printf '\n== %s\n' "$*" >&2; }
die() { echo "benches/build.sh: $*" >&2; exit 1; }

# --- prerequisites -------------------------------------------------------
[ -x "$gen" ] || die "missing $gen (the shared corpus generator, expected next to this repository at ../shared/tools/gen-corpus)"
command -v cargo >/dev/null || die "missing cargo"
command -v python3 >/dev/null || die "missing python3 (gen-corpus needs it)"

# apt_install PACKAGE: installs a Debian package as root or through sudo -n.
apt_install() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "missing the Debian package '$1' and cannot install it (not root, no password-less sudo): run 'apt-get install -y $1' as root"
    fi
  fi
  command -v apt-get >/dev/null || die "missing '$1' and there is no apt-get here: install it by hand"
  log "apt-get install -y $1"
  "${sudo[@]}" apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$1" >&2 || die "apt-get install $1 failed"
}
[ -x /usr/bin/time ] || apt_install time
[ -x /usr/bin/time ] || die "/usr/bin/time is still missing after installing 'time'"
if [ "$skip_hugo" = 0 ]; then
  command -v hugo >/dev/null || apt_install hugo
  command -v hugo >/dev/null || die "hugo is still missing after installing 'hugo'"
fi

mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$work/" in "$repo"/*) die "the work folder $work is inside the repository; choose another with BUILD_BENCH_DIR";; esac

# What is measured: the tree as cargo builds it (others may edit it meanwhile).
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null) || commit=unknown
dirty=$(git -C "$repo" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock themes build.rs 2>/dev/null |
  awk '{print $NF}' | paste -sd' ') || dirty=""
[ -z "$dirty" ] || commit="$commit plus uncommitted changes to $dirty"
log "cargo build --profile dist"
(cd "$repo" && cargo build --profile dist --quiet)
remiss="$repo/target/dist/remiss"
[ -x "$remiss" ] || die "no $remiss after cargo build --profile dist"
remiss_args=(--today "$today")
# --timings (where this remiss has it) prints the time of each stage on stderr.
if "$remiss" build --help 2>/dev/null | grep -q -- '--timings'; then remiss_args+=(--timings); fi

# --- helpers ---------------------------------------------------------------
# timed OUT LOG CMD...: runs CMD with GNU time, its output to LOG, and writes
# "wall cpu rss_kib" (seconds, user+sys seconds, KiB) to OUT. Fails the whole
# script, pointing at LOG, if CMD fails.
# Before timing, `sync` writes back what earlier steps left dirty (deleting the
# previous output, the other tool's pages), so no build pays for another's
# writeback: that alone swung a cold build between 38 and 69 s.
timed() {
  local out=$1 logf=$2; shift 2
  local tf="$out.raw"
  sync
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$logf" 2>&1; then
    tail -n 20 "$logf" >&2
    die "failed: $* (see $logf)"
  fi
  tail -n 1 "$tf" | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' >"$out"
  rm -f "$tf"
}

# set_aside DIR TRASH: moves DIR, if it exists, into the folder TRASH (on the
# same file system, so it is a rename), to be deleted after the timed builds.
set_aside() {
  [ -e "$1" ] || return 0
  mv "$1" "$2/$(basename "$1").$(date +%s%N)"
}

# median: the median of the numbers on standard input (mean of the two middle
# ones for an even count).
median() {
  sort -g | awk '{v[NR] = $1} END {
    if (NR == 0) { print "n/a"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# stats DIR: "html files bytes" of an output folder.
stats() {
  local html files bytes
  html=$(find "$1" -type f -name '*.html' | wc -l)
  files=$(find "$1" -type f | wc -l)
  bytes=$(du -sb "$1" | cut -f1)
  echo "$html $files $bytes"
}

# digest DIR: one sha256 per file, sorted by path, relative to DIR.
digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

# Restore the svar file if a run stopped between changing and restoring it.
restore_svar() {
  local d=$1
  if [ -f "$d/.svar-backup" ] && [ -f "$d/.svar-path" ]; then
    cp "$d/.svar-backup" "$(cat "$d/.svar-path")"
    rm -f "$d/.svar-backup" "$d/.svar-path"
  fi
}
current=""
trap '[ -z "$current" ] || restore_svar "$current"' EXIT

fmt_mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
fmt_int() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# --- machine facts (once) ----------------------------------------------------
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1024 / 1024}' /proc/meminfo)
disk=$(df -T "$work" | awk 'NR == 2 {print $1 " (" $2 ")"}')
dev=$(basename "$(df "$work" | awk 'NR == 2 {print $1}')")
if [ -r "/sys/block/$dev/queue/rotational" ]; then
  case "$(cat "/sys/block/$dev/queue/rotational")" in
    0) disk="$disk, non-rotational";;
    1) disk="$disk, reported rotational";;
  esac
fi
hugo_version="Hugo not measured"
[ "$skip_hugo" = 1 ] || hugo_version=$(hugo version 2>/dev/null | sed -n 1p)
rustc_version=$(rustc --version 2>/dev/null || echo unknown)

# --- one corpus size -----------------------------------------------------------
bench() {
  local n=$1
  local d="$work/$n"
  local res="$d/results"
  mkdir -p "$d"
  restore_svar "$d"

  if [ -f "$d/.remiss-ok" ] && [ -d "$d/content" ]; then
    log "$n cases: reusing the corpus in $d/content"
  else
    log "$n cases: generating the corpus into $d/content"
    rm -f "$d/.remiss-ok"
    "$gen" --cases "$n" --format remiss --out "$d" >&2
    touch "$d/.remiss-ok"
  fi
  if [ "$skip_hugo" = 0 ]; then
    if [ -f "$d/.hugo-ok" ] && [ -d "$d/hugo" ]; then
      log "$n cases: reusing the Hugo site in $d/hugo"
    else
      log "$n cases: generating the Hugo site into $d/hugo"
      rm -f "$d/.hugo-ok"
      rm -rf "$d/hugo"
      "$gen" --cases "$n" --format hugo --out "$d" >&2
      touch "$d/.hugo-ok"
    fi
  fi

  local svar
  # sed -n 1p, not head: head would close the pipe early, and with pipefail
  # sort's SIGPIPE would end the script.
  svar=$(find "$d/content/remisser" -path '*/svar/*.md' -type f | LC_ALL=C sort | sed -n 1p)
  [ -n "$svar" ] || die "no svar/*.md file in $d/content/remisser"

  rm -rf "$res"
  mkdir -p "$res"
  local out="$d/public"
  local trash="$d/.trash"
  rm -rf "$trash"
  mkdir -p "$trash"
  local load_start
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  local r
  for r in $(seq 1 "$runs"); do
    log "$n cases, run $r/$runs: remiss cold (no output folder yet)"
    set_aside "$out" "$trash"
    timed "$res/remiss-cold.$r" "$res/remiss-cold.$r.log" \
      "$remiss" build --content "$d/content" --out "$out" "${remiss_args[@]}"
    if [ "$r" = 1 ]; then
      stats "$out" >"$res/remiss-cold.stats"
      digest "$out" >"$res/remiss-cold.sha256"
    fi

    log "$n cases, run $r/$runs: remiss warm (over the previous output)"
    timed "$res/remiss-warm.$r" "$res/remiss-warm.$r.log" \
      "$remiss" build --content "$d/content" --out "$out" "${remiss_args[@]}"
    if [ "$r" = 1 ]; then
      stats "$out" >"$res/remiss-warm.stats"
      digest "$out" >"$res/remiss-warm.sha256"
    fi

    log "$n cases, run $r/$runs: remiss after one response changed (${svar#"$d/content/"})"
    current=$d
    cp "$svar" "$d/.svar-backup"
    echo "$svar" >"$d/.svar-path"
    printf '\nDen här meningen lades till av byggbenchmarken.\n' >>"$svar"
    timed "$res/remiss-svar.$r" "$res/remiss-svar.$r.log" \
      "$remiss" build --content "$d/content" --out "$out" "${remiss_args[@]}"
    restore_svar "$d"
    current=""
    if [ "$r" = 1 ]; then
      stats "$out" >"$res/remiss-svar.stats"
      digest "$out" >"$res/remiss-svar.sha256"
    fi

    if [ "$skip_hugo" = 0 ]; then
      log "$n cases, run $r/$runs: hugo --minify cold (no public/ yet)"
      set_aside "$d/hugo/public" "$trash"
      (cd "$d/hugo" && timed "$res/hugo-cold.$r" "$res/hugo-cold.$r.log" hugo --minify)
      if [ "$r" = 1 ]; then stats "$d/hugo/public" >"$res/hugo-cold.stats"; fi
      log "$n cases, run $r/$runs: hugo --minify warm (over the previous output)"
      (cd "$d/hugo" && timed "$res/hugo-warm.$r" "$res/hugo-warm.$r.log" hugo --minify)
      if [ "$r" = 1 ]; then stats "$d/hugo/public" >"$res/hugo-warm.stats"; fi
    fi
  done
  local load_end
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  trashes+=("$trash")

  # --- report ------------------------------------------------------------------
  # med KIND FIELD: the median over the runs of field FIELD (1 wall, 2 cpu, 3 rss).
  med() { local f; for f in "$res/$1".[0-9]*; do case "$f" in *.log) ;; *) awk -v k="$2" '{print $k}' "$f";; esac; done | median; }
  local kinds=(remiss-cold remiss-warm remiss-svar)
  [ "$skip_hugo" = 1 ] || kinds+=(hugo-cold hugo-warm)
  local identical changed
  if cmp -s "$res/remiss-cold.sha256" "$res/remiss-warm.sha256"; then
    identical="yes: all $(fmt_int "$(wc -l <"$res/remiss-cold.sha256")") files have the same SHA-256 digest"
  else
    identical="**no**: $(diff "$res/remiss-cold.sha256" "$res/remiss-warm.sha256" | grep -c '^>' || true) files differ (digests in $res)"
  fi
  changed=$(diff "$res/remiss-warm.sha256" "$res/remiss-svar.sha256" | grep -c '^>' || true)
  local built
  built=$(grep -h '^built ' "$res/remiss-cold.1.log" | tail -n 1 || true)

  local md="$repo/benches/results-build-$n.md"
  {
    echo "# Build benchmark, $(fmt_int "$n") cases"
    echo
    echo "Generated by \`benches/build.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); median of $runs run(s) per row."
    echo
    if [ "$skip_hugo" = 0 ]; then
      echo "| build | wall (s) | CPU user+sys (s) | peak RSS (MiB) | .html pages | files | written | output (MiB) | remiss / Hugo, wall (CPU) |"
      echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    else
      echo "| build | wall (s) | CPU user+sys (s) | peak RSS (MiB) | .html pages | files | written | output (MiB) |"
      echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    fi
    local k label wall cpu_s rss html files bytes rat written
    for k in "${kinds[@]}"; do
      case "$k" in
        remiss-cold) label="remiss, no output folder yet";;
        remiss-warm) label="remiss, over its previous output";;
        remiss-svar) label="remiss, after one response changed";;
        hugo-cold) label="Hugo \`--minify\`, no output folder yet";;
        hugo-warm) label="Hugo \`--minify\`, over its previous output";;
      esac
      wall=$(med "$k" 1); cpu_s=$(med "$k" 2); rss=$(med "$k" 3)
      read -r html files bytes <"$res/$k.stats"
      # remiss says how many files it wrote ("built P pages (F files; W written, ...)");
      # Hugo writes every file.
      written=$(sed -n 's/^built .*; \([0-9]*\) written.*/\1/p' "$res/$k.1.log" | tail -n 1)
      case "$k" in hugo-*) written="all";; *) written=$(fmt_int "${written:-?}");; esac
      rat=""
      if [ "$skip_hugo" = 0 ]; then
        case "$k" in
          remiss-cold) rat="$(ratio "$wall" "$(med hugo-cold 1)") (CPU $(ratio "$cpu_s" "$(med hugo-cold 2)"))";;
          remiss-warm) rat="$(ratio "$wall" "$(med hugo-warm 1)") (CPU $(ratio "$cpu_s" "$(med hugo-warm 2)"))";;
          remiss-svar) rat="$(ratio "$wall" "$(med hugo-warm 1)") (CPU $(ratio "$cpu_s" "$(med hugo-warm 2)")), against Hugo warm";;
        esac
      fi
      printf '| %s | %.2f | %.2f | %s | %s | %s | %s | %s |' "$label" "$wall" "$cpu_s" \
        "$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')" "$(fmt_int "$html")" "$(fmt_int "$files")" \
        "$written" "$(fmt_mib "$bytes")"
      if [ "$skip_hugo" = 0 ]; then printf ' %s |\n' "$rat"; else printf '\n'; fi
    done
    echo
    if grep -qE '^ *[0-9]+\.[0-9]+ s  ' "$res/remiss-cold.1.log"; then
      echo "remiss \`--timings\`, run 1, in seconds (stages can overlap: pages render on every core):"
      echo
      echo "| stage | no output folder yet | over previous output | after one response changed |"
      echo "|---|---:|---:|---:|"
      awk 'FNR == 1 { f++ } match($0, /^ *[0-9]+\.[0-9]+ s  /) {
             t = $1; sub(/^ *[0-9]+\.[0-9]+ s  /, ""); if (!($0 in seen)) { seen[$0] = 1; order[++n] = $0 }
             v[$0, f] = t }
           END { for (i = 1; i <= n; i++) { k = order[i]
             printf "| %s | %s | %s | %s |\n", k, v[k, 1], v[k, 2], v[k, 3] } }' \
        "$res/remiss-cold.1.log" "$res/remiss-warm.1.log" "$res/remiss-svar.1.log"
      echo
    fi
    if [ "$skip_hugo" = 0 ]; then
      # Every run's own cold ratio, not only the median's: the target holds per run.
      local runs_line="" rr
      for rr in $(seq 1 "$runs"); do
        local rw hw
        rw=$(awk '{print $1}' "$res/remiss-cold.$rr"); hw=$(awk '{print $1}' "$res/hugo-cold.$rr")
        runs_line="$runs_line${runs_line:+; }run $rr: $rw s / $hw s = $(ratio "$rw" "$hw")"
      done
      echo "- Cold build, remiss / Hugo wall time per run: $runs_line."
    fi
    echo "- remiss output byte-identical between the cold and the warm build: $identical."
    echo "- Output files that differ after appending one sentence to \`${svar#"$d/content/"}\`: $(fmt_int "$changed")."
    [ -z "$built" ] || echo "- remiss reports, for the cold build: \`${built% into *}\`."
    echo "- Machine: $(nproc) cores (${cpu:-unknown CPU}), $mem RAM, $(uname -sm); disk $disk."
    echo "- Versions: ${hugo_version}; ${rustc_version}; remiss at $commit."
    echo "- Load average (1, 5, 15 min) at the start: $load_start; at the end: $load_end."
    echo "- \`--today $today\`. \"Cold\" means no output folder yet, not a cold disk cache:"
    echo "  the corpus was read just before, and \`sync\` ran before each timed build. Earlier"
    echo "  outputs were moved aside, not deleted, until the last timed build (see the comment"
    echo "  at the top of benches/build.sh). Wall and CPU time and peak RSS come from GNU time."
  } >"$md"
  echo >&2
  cat "$md"
  echo "written to $md (logs in $res)" >&2
}

# Outputs set aside by every size are deleted at the very end, so that no
# timed build follows a mass deletion (see the top of this file).
trashes=()
for n in "${sizes[@]}"; do
  bench "$n"
done
log "deleting the outputs set aside: ${trashes[*]}"
rm -rf "${trashes[@]}"
