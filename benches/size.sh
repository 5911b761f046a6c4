#!/usr/bin/env bash
# Size benchmark: where each MB of a built site goes, remiss beside Hugo's
# HTML for the same pages, on the synthetic corpus; and the check that a
# 5,000-case site fits the free static hosts (issue 18).
#
#   benches/size.sh [--skip-hugo] [CASES...]   # default: 1000 5000 10000
#
# Work folder: $SIZE_BENCH_DIR, or ${TMPDIR:-/tmp}/remiss-size. Corpora are
# generated there once per CASES (in CASES/) and reused by later runs: delete
# the folder to generate them again. Never put it inside the repository.
# Needs: cargo; python3 (gen-corpus and the report); Hugo (Debian package
# `hugo`), installed with apt-get when missing, as root or through `sudo -n`.
#
# For each CASES it builds the site with target/dist/remiss (the profile
# releases ship) and, unless --skip-hugo, the Hugo site with `hugo --minify`,
# then sorts every output file into one part (HTML of the case, response and
# statement pages; HTML of the lists; open data; search index; feeds and
# calendar; sitemap; the rest) and writes benches/results-size-CASES.md.
#
# It fails (exit 1) when a file is over 25 MiB (Cloudflare Pages' limit per
# file) at any size, or when a site of at most 5,000 cases is over 1 GB
# (GitHub Pages' and GitLab Pages' limit for a whole site).
set -Eeuo pipefail
trap 'echo "benches/size.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

usage() { echo "usage: benches/size.sh [--skip-hugo] [CASES...]   (default CASES: 1000 5000 10000)" >&2; exit 2; }
skip_hugo=0 sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-hugo) skip_hugo=1; shift;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    -*) echo "unknown option $1" >&2; usage;;
    *) sizes+=("$1"); shift;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 10000)
for n in "${sizes[@]}"; do
  case "$n" in ''|*[!0-9]*|0) echo "CASES must be positive integers, not '$n'" >&2; usage;; esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gen="$(dirname "$repo")/shared/tools/gen-corpus"
work=${SIZE_BENCH_DIR:-${TMPDIR:-/tmp}/remiss-size}
log() { printf '\n== %s\n' "$*" >&2; }
die() { echo "benches/size.sh: $*" >&2; exit 1; }

[ -x "$gen" ] || die "missing $gen (the shared corpus generator, expected next to this repository at ../shared/tools/gen-corpus)"
command -v cargo >/dev/null || die "missing cargo"
command -v python3 >/dev/null || die "missing python3"
if [ "$skip_hugo" = 0 ] && ! command -v hugo >/dev/null; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || die "missing Hugo and cannot install it (not root, no password-less sudo): apt-get install -y hugo, or pass --skip-hugo"
    sudo=(sudo -n)
  fi
  log "apt-get install -y hugo"
  "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq hugo >&2
  command -v hugo >/dev/null || die "hugo is still missing after installing it"
fi

mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$work/" in "$repo"/*) die "the work folder $work is inside the repository; choose another with SIZE_BENCH_DIR";; esac

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null) || commit=unknown
dirty=$(git -C "$repo" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock themes 2>/dev/null |
  awk '{print $NF}' | paste -sd' ') || dirty=""
[ -z "$dirty" ] || commit="$commit plus uncommitted changes to $dirty"
log "cargo build --profile dist"
(cd "$repo" && cargo build --profile dist --quiet)
remiss="$repo/target/dist/remiss"
hugo_version="not measured"
[ "$skip_hugo" = 1 ] || hugo_version=$(hugo version | sed -n 1p)

# generate N DIR FORMAT FOLDER: the corpus of N cases in FORMAT (remiss or
# hugo) into DIR/FOLDER, unless an earlier run left it there.
generate() {
  local n=$1 d=$2 format=$3 folder=$4
  [ ! -f "$d/.$format-ok" ] || return 0
  log "$n cases: generating the $format corpus into $d/$folder"
  rm -rf "${d:?}/$folder"
  "$gen" --cases "$n" --format "$format" --out "$d" >&2
  touch "$d/.$format-ok"
}

failed=0
for n in "${sizes[@]}"; do
  d="$work/$n"
  mkdir -p "$d"
  generate "$n" "$d" remiss content
  log "$n cases: remiss build"
  rm -rf "$d/public"
  "$remiss" build --content "$d/content" --out "$d/public" --today 2026-01-01 2>&1 | tee "$d/remiss.log" | grep -v warning >&2
  hugo_public=""
  if [ "$skip_hugo" = 0 ]; then
    generate "$n" "$d" hugo hugo
    log "$n cases: hugo --minify"
    rm -rf "$d/hugo/public"
    (cd "$d/hugo" && hugo --minify >"$d/hugo.log" 2>&1) || { tail -n 20 "$d/hugo.log" >&2; die "hugo failed"; }
    hugo_public="$d/hugo/public"
  fi
  log "$n cases: report"
  python3 - "$n" "$d/public" "$hugo_public" "$repo/benches/results-size-$n.md" "$commit" "$hugo_version" <<'PY' || failed=1
import os, sys, datetime
n, public, hugo, out, commit, hugo_version = sys.argv[1:7]
n = int(n)
GB, MIB = 1_000_000_000, 1 << 20

def part(rel):
    """The part of the site a file belongs to, by its site-relative path."""
    top = rel.split("/", 1)[0]
    name = rel.rsplit("/", 1)[-1]
    if rel.endswith(".html"):
        if top == "remisser" and rel.count("/") >= 2 and not rel.startswith("remisser/filter/"):
            return "HTML: case, response and statement pages"
        return "HTML: lists (bodies, parties, persons, documents, filters, index pages)"
    if top == "data":
        return "open data (data/)"
    if top == "sok" or name == "search.js":
        return "search index (sok/, search.js)"
    if name == "feed.xml" or name.endswith(".ics"):
        return "feeds and calendar"
    if name.startswith("sitemap"):
        return "sitemap"
    if name == ".remiss-manifest":
        return "build manifest (.remiss-manifest)"
    return "theme and the rest (CSS, robots.txt, attachments)"

def walk(root):
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            yield os.path.relpath(path, root), os.path.getsize(path)

parts, total, files, largest = {}, 0, 0, (0, "")
for rel, size in walk(public):
    p = parts.setdefault(part(rel), [0, 0])
    p[0] += size
    p[1] += 1
    total += size
    files += 1
    largest = max(largest, (size, rel))
hugo_html = hugo_all = hugo_files = 0
if hugo:
    for rel, size in walk(hugo):
        hugo_all += size
        hugo_files += 1
        if rel.endswith(".html"):
            hugo_html += size
remiss_html = sum(v[0] for k, v in parts.items() if k.startswith("HTML"))

mb = lambda b: f"{b / 1e6:,.1f}"
lines = [
    f"# Size benchmark, {n:,} cases",
    "",
    f"Generated by `benches/size.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}.",
    "",
    "| part | MB | share | files |",
    "|---|---:|---:|---:|",
]
for name, (size, count) in sorted(parts.items(), key=lambda kv: -kv[1][0]):
    lines.append(f"| {name} | {mb(size)} | {100 * size / total:.1f} % | {count:,} |")
lines.append(f"| **remiss, whole site** | **{mb(total)}** | 100 % | **{files:,}** |")
if hugo:
    lines.append(f"| Hugo `--minify`, its HTML | {mb(hugo_html)} | | |")
    lines.append(f"| Hugo `--minify`, whole site | {mb(hugo_all)} | | {hugo_files:,} |")
lines += [
    "",
    f"- remiss HTML: {mb(remiss_html)} MB"
    + (f"; Hugo's HTML for the same pages: {mb(hugo_html)} MB ({remiss_html / hugo_html:.2f} times)." if hugo else "."),
    f"- Largest file: `{largest[1]}`, {largest[0] / MIB:.1f} MiB (Cloudflare Pages takes at most 25 MiB a file).",
    f"- GitHub Pages and GitLab Pages take at most 1 GB a site: this one is {total / GB:.2f} GB;"
    f" GitLab Pages at most 200,000 files, Cloudflare Pages' free plan 20,000: this one has {files:,}.",
    "- MB are 10^6 bytes of file contents (not disk blocks), as the hosts count them.",
    f"- remiss at {commit}; Hugo: {hugo_version}.",
    f"- Corpus: `../shared/tools/gen-corpus --cases {n}` (seed 1); remiss built with `--today 2026-01-01`.",
]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
bad = []
if largest[0] > 25 * MIB:
    bad.append(f"{largest[1]} is {largest[0] / MIB:.1f} MiB, over 25 MiB")
if n <= 5000 and total > GB:
    bad.append(f"the {n:,}-case site is {total / GB:.2f} GB, over 1 GB")
for b in bad:
    print(f"benches/size.sh: {b}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
done
[ "$failed" = 0 ] || die "a site does not fit the hosts (see above)"
