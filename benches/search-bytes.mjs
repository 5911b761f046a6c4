// Measures what a browser fetches for a first search query, on our site
// (remiss, index under sok/) and on the same corpus built with Hugo and
// indexed by Pagefind, side by side. Called by benches/search.sh, which
// builds both sites first; this is a benchmark, not a test.
//
//   node benches/search-bytes.mjs --ours PUBLIC --hugo HUGO_PUBLIC \
//        [--builds builds.json] [--cases N] [--out results.md] [--json results.json]
//
// Each site is served from its own tiny node:http server on 127.0.0.1 that
// logs every requested path. For each query, a fresh headless Chromium
// context (so an empty cache) opens
//   ours:     /sok/index.html?q=QUERY, until #search-results is no longer busy;
//   Pagefind: /pagefind-bench.html?q=QUERY (written here into the Hugo public
//             folder), which imports /pagefind/pagefind.js, runs
//             pagefind.search(q) and loads data() of the first 10 results.
// Bytes are "as sent by a host with compression": for every requested file,
// the smaller of its size and its gzip -9 size. Pagefind's index files are
// gzip already, so a host sends them as they are, and so do we.

import { createServer } from 'node:http';
import { once } from 'node:events';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync, constants as zc } from 'node:zlib';
import { launchBrowser } from '../tests/browser/harness.mjs';
import { args } from './args.mjs';


const QUERIES = [
  'socialnämnden',
  'socialnamnden',
  'barnen',
  'barn',
  'TFCO',
  'Henrietta Ludwig', // the seed's signatory; the synthetic corpus has other names
  'Åsa Nilsson', // the most frequent signatory in the synthetic corpus
  'Märta Öberg', // a rare one
  'nämnd',
  'SOU 2022:67',
  '"psykisk ohälsa"',
  'kvarkplasma', // no hits
];

/* ------------------------------------------------------------------ *
 * Sizes                                                               *
 * ------------------------------------------------------------------ */

const gzCache = new Map();

/** {raw, gz, sent} of a file; sent = min(raw, gzip -9). */
async function sizes(file) {
  let s = gzCache.get(file);
  if (!s) {
    const body = await readFile(file);
    const gz = gzipSync(body, { level: 9, memLevel: 9, strategy: zc.Z_DEFAULT_STRATEGY }).length;
    s = { raw: body.length, gz, sent: Math.min(body.length, gz) };
    gzCache.set(file, s);
  }
  return s;
}

async function walk(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Disk statistics of an index folder; `skip(rel)` leaves files out. */
async function folderStats(dir, skip = () => false, kindOf = () => 'all') {
  const files = (await walk(dir)).filter((f) => !skip(path.relative(dir, f)));
  let raw = 0;
  let sent = 0;
  let largest = { file: '', sent: 0, raw: 0 };
  let largestRaw = { file: '', sent: 0, raw: 0 };
  const kinds = {};
  for (const f of files) {
    const s = await sizes(f);
    const rel = path.relative(dir, f);
    raw += s.raw;
    sent += s.sent;
    if (s.sent > largest.sent) largest = { file: rel, ...s };
    if (s.raw > largestRaw.raw) largestRaw = { file: rel, ...s };
    const k = kindOf(rel);
    const ks = (kinds[k] ||= { files: 0, raw: 0, sent: 0, maxSent: 0, maxRaw: 0 });
    ks.files++;
    ks.raw += s.raw;
    ks.sent += s.sent;
    ks.maxSent = Math.max(ks.maxSent, s.sent);
    ks.maxRaw = Math.max(ks.maxRaw, s.raw);
  }
  return { files: files.length, raw, sent, largest, largestRaw, kinds };
}

/** Our index files: index.json, t{i}, p{i}, m{i}. */
function oursKind(rel) {
  const base = path.basename(rel);
  if (base === 'index.json') return 'manifest';
  const m = /^([tpm])\d+\.json$/.exec(base);
  if (m) return { t: 'term shards', p: 'tails', m: 'meta' }[m[1]];
  if (base === 'search.js') return 'search.js';
  return 'other';
}

function pagefindKind(rel) {
  const base = path.basename(rel);
  if (rel.startsWith('index/')) return 'pf_index';
  if (rel.startsWith('fragment/')) return 'pf_fragment';
  if (rel.startsWith('filter/')) return 'pf_filter';
  if (base.endsWith('.pf_meta')) return 'pf_meta';
  if (base === 'pagefind-entry.json') return 'entry';
  if (base.startsWith('wasm.')) return 'wasm';
  if (base === 'pagefind.js' || base === 'pagefind-worker.js') return 'js';
  return 'ui (unused here)';
}

/* ------------------------------------------------------------------ *
 * The server                                                          *
 * ------------------------------------------------------------------ */

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

async function serve(root) {
  root = path.resolve(root);
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      rel = url.pathname;
    }
    const entry = { path: url.pathname, status: 0, raw: 0, gz: 0, sent: 0 };
    log.push(entry);
    const send = (status, type, body) => {
      entry.status = status;
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/favicon.ico') {
      log.pop();
      return send(204, 'text/plain', '');
    }
    let file = path.resolve(root, '.' + rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(404, 'text/plain', 'not found');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      const body = await readFile(file);
      const s = await sizes(file);
      Object.assign(entry, { status: 200, raw: s.raw, gz: s.gz, sent: s.sent });
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      send(404, 'text/plain', 'not found');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    log,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

/* ------------------------------------------------------------------ *
 * The Pagefind results page                                           *
 * ------------------------------------------------------------------ */

const PF_HTML = `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Pagefind benchmark</title>
<script type="module" src="/pagefind-bench.js"></script></head>
<body><ol id="results"></ol></body></html>
`;

// What Pagefind's default UI does for a first page: search, then load the
// data (url, title, excerpt) of the first results it shows.
const PF_JS = `const q = new URLSearchParams(location.search).get("q") || "";
const t0 = performance.now();
try {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  const ol = document.getElementById("results");
  for (const d of data) {
    const li = document.createElement("li");
    li.textContent = (d.meta && d.meta.title) + " " + d.url;
    ol.appendChild(li);
  }
  window.__bench = { done: performance.now(), count: search.results.length, shown: data.length, first: data[0] ? data[0].meta.title : "" };
} catch (e) {
  window.__bench = { done: performance.now(), error: String(e && e.stack || e) };
}
`;

/* ------------------------------------------------------------------ *
 * One query on one engine                                             *
 * ------------------------------------------------------------------ */

function tally(entries, pick, kindOf) {
  const out = { requests: 0, sent: 0, raw: 0, kinds: {}, missing: 0 };
  for (const e of entries) {
    if (!pick(e.path)) continue;
    out.requests++;
    out.sent += e.sent;
    out.raw += e.raw;
    if (e.status !== 200) out.missing++;
    const k = kindOf(e.path);
    const ks = (out.kinds[k] ||= { requests: 0, sent: 0 });
    ks.requests++;
    ks.sent += e.sent;
  }
  return out;
}

async function runOurs(browser, server, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  server.log.length = 0;
  const url = `${server.origin}/sok/index.html?q=${encodeURIComponent(q)}`;
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const handle = await page.waitForFunction(
    () => {
      const r = document.getElementById('search-results');
      return r && r.getAttribute('aria-busy') === 'false' ? performance.now() : false;
    },
    null,
    { polling: 'raf', timeout: 120_000 },
  );
  const ms = await handle.jsonValue();
  const info = await page.evaluate(() => ({
    status: (document.getElementById('search-status') || {}).textContent || '',
    shown: document.querySelectorAll('#search-results .search-hit').length,
  }));
  await page.waitForTimeout(200); // nothing late is in flight
  const log = server.log.slice();
  await context.close();
  const isIndex = (p) => p.startsWith('/sok/') && p !== '/sok/' && p !== '/sok/index.html';
  const index = tally(log, isIndex, (p) => oursKind(p));
  const withJs = tally(log, (p) => isIndex(p) || p === '/search.js', (p) => oursKind(p));
  const all = tally(log, () => true, () => 'all');
  return { q, ms, index, withJs, all, status: info.status, shown: info.shown, errors, paths: log.map((e) => e.path) };
}

async function runPagefind(browser, server, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  server.log.length = 0;
  const url = `${server.origin}/pagefind-bench.html?q=${encodeURIComponent(q)}`;
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.__bench, null, { polling: 'raf', timeout: 300_000 });
  const bench = await page.evaluate(() => window.__bench);
  await page.waitForTimeout(200);
  const log = server.log.slice();
  await context.close();
  if (bench.error) errors.push(bench.error);
  const under = (p) => p.startsWith('/pagefind/');
  const kind = (p) => pagefindKind(p.slice('/pagefind/'.length));
  const total = tally(log, under, kind);
  const indexOnly = tally(log, (p) => under(p) && !['js', 'wasm'].includes(kind(p)), kind);
  const all = tally(log, () => true, () => 'all');
  return {
    q,
    ms: bench.done,
    total,
    indexOnly,
    all,
    count: bench.count,
    shown: bench.shown,
    first: bench.first,
    errors,
    paths: log.map((e) => e.path),
  };
}

/* ------------------------------------------------------------------ *
 * Report                                                              *
 * ------------------------------------------------------------------ */

const kb = (n) => (n / 1024).toFixed(1);
const mb = (n) => (n / 1024 / 1024).toFixed(1);
const int = (n) => Math.round(n).toLocaleString('en-US');
const secs = (s) => (s == null || Number.isNaN(s) ? 'n/a' : `${Number(s).toFixed(1)} s`);
const gib = (kbytes) => (kbytes ? `${(kbytes / 1024 / 1024).toFixed(2)} GiB` : 'n/a');

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function report({ cases, builds, ours, pf, oursDisk, pfDisk, oursJs }) {
  const L = [];
  const b = builds || {};
  L.push(`### ${int(cases)} cases`);
  L.push('');
  if (b.machine) L.push(`Machine: ${b.machine}. ${b.versions || ''}`.trim());
  if (b.docs) L.push(`Corpus: ${b.docs}.`);
  if (b.snapshot) L.push(`remiss measured: ${b.snapshot}.`);
  if (b.loads) L.push(`Times are wall clock on a shared machine (${b.loads}); only bytes are exact.`);
  L.push('');
  L.push('First query, fresh browser context (empty cache). KB are KiB as a host with gzip sends them');
  L.push('(each file: the smaller of its size and its `gzip -9` size); `req` = requests.');
  L.push('remiss "index" = files under `sok/` (manifest, term shards, tails, meta);');
  L.push(`"+ JS" adds \`search.js\` (${kb(oursJs.sent)} KB). Pagefind "all" = every request under \`/pagefind/\`;`);
  L.push('"index" leaves out `pagefind.js`, the worker and the WebAssembly.');
  L.push('');
  L.push('| query | remiss index KB (req) | remiss + JS KB | remiss ms | remiss hits | Pagefind all KB (req) | Pagefind index KB | Pagefind ms | Pagefind hits |');
  L.push('|---|---:|---:|---:|---|---:|---:|---:|---:|');
  for (let i = 0; i < ours.length; i++) {
    const o = ours[i];
    const p = pf ? pf[i] : null;
    // the status line's first sentence ("Minst 64 träffar för …", "Inga träffar …")
    const status = o.errors.length
      ? `error: ${o.errors[0].slice(0, 60)}`
      : o.status.split(/(?<=\.) /)[0].replace(/\|/g, '\\|');
    const pcols = p
      ? [
          `${kb(p.total.sent)} (${p.total.requests})`,
          kb(p.indexOnly.sent),
          Math.round(p.ms),
          p.errors.length ? `error: ${p.errors[0].slice(0, 60)}` : int(p.count),
        ]
      : ['n/a', 'n/a', 'n/a', 'n/a'];
    L.push(
      `| \`${o.q.replace(/\|/g, '\\|')}\` | ${kb(o.index.sent)} (${o.index.requests}) | ${kb(o.withJs.sent)} | ${Math.round(o.ms)} | ${status} | ${pcols.join(' | ')} |`,
    );
  }
  const mo = ours.map((o) => o.index.sent);
  const mp = pf ? pf.map((p) => p.total.sent) : [];
  L.push(
    `| **median** | **${kb(median(mo))}** | ${kb(median(ours.map((o) => o.withJs.sent)))} | ${Math.round(median(ours.map((o) => o.ms)))} | | ${pf ? `**${kb(median(mp))}**` : 'n/a'} | ${pf ? kb(median(pf.map((p) => p.indexOnly.sent))) : 'n/a'} | ${pf ? Math.round(median(pf.map((p) => p.ms))) : 'n/a'} | |`,
  );
  L.push(
    `| **max** | **${kb(Math.max(...mo))}** | ${kb(Math.max(...ours.map((o) => o.withJs.sent)))} | ${Math.round(Math.max(...ours.map((o) => o.ms)))} | | ${pf ? `**${kb(Math.max(...mp))}**` : 'n/a'} | ${pf ? kb(Math.max(...pf.map((p) => p.indexOnly.sent))) : 'n/a'} | ${pf ? Math.round(Math.max(...pf.map((p) => p.ms))) : 'n/a'} | |`,
  );
  L.push('');

  // Where the bytes go.
  L.push('Where the first-query bytes go (KB as sent, requests in brackets):');
  L.push('');
  const oKinds = ['manifest', 'term shards', 'tails', 'meta'];
  const pKinds = ['entry', 'js', 'wasm', 'pf_meta', 'pf_index', 'pf_filter', 'pf_fragment'];
  L.push(`| query | ${oKinds.map((k) => `remiss ${k}`).join(' | ')} | ${pKinds.map((k) => `PF ${k}`).join(' | ')} |`);
  L.push(`|---|${oKinds.map(() => '---:').join('|')}|${pKinds.map(() => '---:').join('|')}|`);
  const cell = (t, k) => (t && t.kinds[k] ? `${kb(t.kinds[k].sent)} (${t.kinds[k].requests})` : '–');
  for (let i = 0; i < ours.length; i++) {
    const o = ours[i];
    const p = pf ? pf[i] : null;
    L.push(
      `| \`${o.q}\` | ${oKinds.map((k) => cell(o.index, k)).join(' | ')} | ${pKinds.map((k) => cell(p && p.total, k)).join(' | ')} |`,
    );
  }
  L.push('');

  // The index on disk and the builds.
  L.push('The index on disk, and the builds (wall time; peak RSS from `/usr/bin/time -v`):');
  L.push('');
  L.push('| | remiss (`sok/`) | Pagefind (`pagefind/`) |');
  L.push('|---|---:|---:|');
  const pd = pfDisk;
  L.push(`| files in the index folder | ${int(oursDisk.files)} | ${pd ? int(pd.files) : 'n/a'} |`);
  L.push(`| size on disk (sum of file sizes) | ${mb(oursDisk.raw)} MiB | ${pd ? `${mb(pd.raw)} MiB` : 'n/a'} |`);
  L.push(`| compressed (sum of files as sent) | ${mb(oursDisk.sent)} MiB | ${pd ? `${mb(pd.sent)} MiB` : 'n/a'} |`);
  L.push(
    `| largest file, as sent | ${kb(oursDisk.largest.sent)} KB (\`${oursDisk.largest.file}\`) | ${pd ? `${kb(pd.largest.sent)} KB (\`${pd.largest.file}\`)` : 'n/a'} |`,
  );
  L.push(
    `| largest file, uncompressed | ${kb(oursDisk.largestRaw.raw)} KB (\`${oursDisk.largestRaw.file}\`) | ${pd ? `${kb(pd.largestRaw.raw)} KB (\`${pd.largestRaw.file}\`)` : 'n/a'} |`,
  );
  L.push(`| site build | remiss build: ${secs(b.oursSeconds)}, ${gib(b.oursRssKb)} | Hugo: ${secs(b.hugoSeconds)}, ${gib(b.hugoRssKb)} |`);
  L.push(`| index step | (inside the build above) | Pagefind: ${secs(b.pagefindSeconds)}, ${gib(b.pagefindRssKb)}${b.pagefindExit && b.pagefindExit !== '0' ? `, **failed (exit ${b.pagefindExit})**` : ''} |`);
  L.push(`| pages | ${b.oursPages || 'n/a'} | ${b.hugoPages || 'n/a'} |`);
  L.push('');
  L.push('Index files by kind (count, total as sent, largest as sent, largest uncompressed):');
  L.push('');
  L.push('| kind | files | total KB | largest KB | largest raw KB |');
  L.push('|---|---:|---:|---:|---:|');
  for (const [k, v] of Object.entries(oursDisk.kinds)) {
    L.push(`| remiss ${k} | ${int(v.files)} | ${kb(v.sent)} | ${kb(v.maxSent)} | ${kb(v.maxRaw)} |`);
  }
  if (pd) {
    for (const [k, v] of Object.entries(pd.kinds)) {
      L.push(`| Pagefind ${k} | ${int(v.files)} | ${kb(v.sent)} | ${kb(v.maxSent)} | ${kb(v.maxRaw)} |`);
    }
  }
  L.push('');
  const worstO = Math.max(...mo);
  L.push('Targets (remiss): ' +
    [
      `first query under 100 KB: ${worstO < 100 * 1024 ? 'met' : 'missed'} (max ${kb(worstO)} KB, median ${kb(median(mo))} KB)`,
      `no index file over 200 KB compressed: ${oursDisk.largest.sent <= 200 * 1024 ? 'met' : 'missed'} (largest ${kb(oursDisk.largest.sent)} KB)`,
      `files: ${int(oursDisk.files)}${pd ? ` (Pagefind ${int(pd.files)})` : ''}`,
    ].join('; ') + '.');
  L.push('');
  return L.join('\n');
}

/* ------------------------------------------------------------------ *
 * Main                                                                *
 * ------------------------------------------------------------------ */

async function main() {
  const a = args(process.argv);
  if (!a.ours) throw new Error('usage: search-bytes.mjs --ours PUBLIC [--hugo HUGO_PUBLIC] [--builds F] [--cases N] [--out F] [--json F]');
  const builds = a.builds ? JSON.parse(await readFile(a.builds, 'utf8')) : {};
  const cases = Number(a.cases || builds.cases || 0);
  const queries = a.queries ? a.queries.split('\n').filter(Boolean) : QUERIES;

  const oursSok = path.join(a.ours, 'sok');
  process.stderr.write('sizing remiss sok/ ...\n');
  const oursDisk = await folderStats(oursSok, (rel) => rel === 'index.html', oursKind);
  const oursJs = await sizes(path.join(a.ours, 'search.js'));

  let pfDir = null;
  let pfDisk = null;
  if (a.hugo) {
    pfDir = path.join(a.hugo, 'pagefind');
    try {
      await stat(path.join(pfDir, 'pagefind.js'));
      process.stderr.write('sizing pagefind/ ...\n');
      pfDisk = await folderStats(pfDir, () => false, pagefindKind);
      await writeFile(path.join(a.hugo, 'pagefind-bench.html'), PF_HTML);
      await writeFile(path.join(a.hugo, 'pagefind-bench.js'), PF_JS);
    } catch (e) {
      process.stderr.write(`no usable Pagefind index in ${pfDir}: ${e.message}\n`);
      pfDir = null;
    }
  }

  // The same Chromium launch as the browser tests: Debian's chromium, never a download.
  const browser = await launchBrowser();
  const oursServer = await serve(a.ours);
  const pfServer = pfDir ? await serve(a.hugo) : null;
  const ours = [];
  const pf = pfServer ? [] : null;
  try {
    for (const q of queries) {
      const o = await runOurs(browser, oursServer, q);
      ours.push(o);
      let line = `${q}: remiss ${kb(o.index.sent)} KB/${o.index.requests} req, ${Math.round(o.ms)} ms, "${o.status}"`;
      if (pfServer) {
        const p = await runPagefind(browser, pfServer, q);
        pf.push(p);
        line += ` | Pagefind ${kb(p.total.sent)} KB/${p.total.requests} req, ${Math.round(p.ms)} ms, ${p.count} hits`;
        if (p.errors.length) line += ` ERR ${p.errors[0]}`;
      }
      if (o.errors.length) line += ` remiss ERR ${o.errors[0]}`;
      process.stderr.write(line + '\n');
    }
  } finally {
    await browser.close();
    await oursServer.close();
    if (pfServer) await pfServer.close();
  }

  const md = report({ cases, builds, ours, pf, oursDisk, pfDisk, oursJs });
  if (a.json) await writeFile(a.json, JSON.stringify({ cases, builds, ours, pf, oursDisk, pfDisk }, null, 1));
  if (a.out) await writeFile(a.out, md);
  process.stdout.write(md + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
