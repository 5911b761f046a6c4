// Relevance benchmark: known-item queries, remiss's search page against
// Pagefind on the same built pages, in headless Chromium. Called by
// benches/relevance.sh, which builds the site first; a benchmark, not a test.
//
//   node benches/relevance.mjs --site PUBLIC --content CONTENT --work DIR \
//        [--per-class 40] [--seed 1] [--cases N] [--out results.md] [--json results.json]
//
// 1. Queries. The generator reads only the built pages' HTML (the text of
//    <main>) and the content's front matter, never either engine's index.
//    A page is one of the pages both engines index: a case, a response, a
//    statement, a body, a party, a person or a document. Each query comes
//    with the one page it was written from, chosen so that no other page
//    has all its words:
//    - phrase:      three neighbouring words that only that page has;
//    - name+subject: who presented a case (or signed a statement) and a word
//                   of its text that only that page has among the person's;
//    - compound:    a part of a long compound of the page (its head or its
//                   tail, itself a word of the corpus) and another word of
//                   the page, such that no other page has both;
//    - no-diacritics: a phrase query with å, ä, ö typed as a, a, o;
//    - designation: a document's designation (SOU 2021:45).
// 2. Pagefind indexes a copy of the pages with data-pagefind-body on <main>
//    (only those pages, as remiss indexes only them) and whitespace between
//    tags, so that it reads the same words as remiss.
// 3. Each query runs in a fresh Chromium context (an empty cache): remiss's
//    /sok/index.html?q=..., reading the result links; Pagefind's search()
//    and the data() of its first 10 results. The rank of the page the query
//    came from gives success@1, success@5 and MRR@10; bytes are as a host
//    with gzip sends them.

import { createServer } from 'node:http';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/browser/harness.mjs';
import { args } from './args.mjs';

/* ------------------------------------------------------------------ *
 * Pages                                                               *
 * ------------------------------------------------------------------ */

/** The kind of an indexed page by its path, or null for the others. */
function kindOf(rel) {
  const p = rel.split(path.sep).join('/');
  if (/^remisser\/filter\//.test(p)) return null;
  if (/^remisser\/[^/]+\/svar\/[^/]+\/index\.html$/.test(p)) return 'response';
  if (/^remisser\/[^/]+\/uttalanden\/[^/]+\/index\.html$/.test(p)) return 'statement';
  if (/^remisser\/[^/]+\/index\.html$/.test(p)) return 'case';
  if (/^organ\/[^/]+\/index\.html$/.test(p)) return 'body';
  if (/^partier\/[^/]+\/index\.html$/.test(p)) return 'party';
  if (/^personer\/[^/]+\/index\.html$/.test(p)) return 'person';
  if (/^dokument\/[^/]+\/index\.html$/.test(p)) return 'document';
  return null;
}

async function walk(dir, base = dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, base)));
    else if (e.isFile() && e.name.endsWith('.html')) out.push(path.relative(base, p));
  }
  return out.sort();
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '' };
function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The visible text of <main> as sentences: each text between tags, cut at
 *  sentence ends, so that a phrase never spans two headings or cells. */
function mainSentences(html) {
  const m = /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html);
  if (!m) return [];
  const body = m[1].replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '<x>');
  // An inline tag separates words; every other tag ends a run of text.
  const runs = body.replace(/<\/?(a|em|strong|b|i|span|abbr|mark|time|code|small)\b[^>]*>/gi, ' ').split(/<[^>]*>/);
  // Soft hyphens (long words are hyphenated for phones) are not in the words.
  return runs.flatMap((r) => decode(r).replace(/\u00ad/g, '').split(/[!?:;]\s/)).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Lowercase words, as a reader splits them: letters and digits. */
const words = (text) => text.toLowerCase().normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const isWord = (w) => /^\p{L}+$/u.test(w);
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');

/** A Swedish stopword list, so queries are made of words a citizen types. */
const STOP = new Set(
  ('och i att det som på är av för med till den har de inte om ett han men var jag sig från vi så kan man när år ' +
    'säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra mycket ' +
    'än här då sedan över bara in blir upp även vad få två vill ha många hur mer går sitt in dem denna detta dessa ' +
    'bör samt enligt genom mellan utan vilka vilket vilken där deras hans hennes dess ni oss er sina sitt sådan').split(' '),
);

/* ------------------------------------------------------------------ *
 * The query generator                                                 *
 * ------------------------------------------------------------------ */

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Front matter values the pages do not mark up: rapporteurs and signatories. */
async function people(content) {
  const rapporteurs = new Map(); // case id -> name
  const signers = new Map(); // "case/statement" -> [names]
  const root = path.join(content, 'remisser');
  for (const c of await readdir(root)) {
    const index = path.join(root, c, 'index.md');
    try {
      const text = await readFile(index, 'utf8');
      const m = /^rapporteur\s*=\s*\{[^}]*name\s*=\s*"([^"]+)"/m.exec(text);
      if (m) rapporteurs.set(c, m[1]);
    } catch {
      continue;
    }
    let statements = [];
    try {
      statements = await readdir(path.join(root, c, 'uttalanden'));
    } catch {}
    for (const f of statements) {
      const text = await readFile(path.join(root, c, 'uttalanden', f), 'utf8');
      const names = [...text.matchAll(/name\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
      signers.set(`${c}/${f.replace(/\.md$/, '')}`, names);
    }
  }
  return { rapporteurs, signers };
}

/** The words of the theme's own strings ("planerat", "Tidslinje", month
 *  names): they are on every page of a kind, not what a citizen remembers
 *  of one page, so queries leave them out. */
async function interfaceWords() {
  const toml = await readFile(new URL('../themes/default/i18n/sv.toml', import.meta.url), 'utf8');
  const strings = [...toml.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  const months = 'januari februari mars april maj juni juli augusti september oktober november december';
  return new Set(words([...strings, months].join(' ')));
}

export async function generate({ site, content, perClass, seed }) {
  const random = rng(seed);
  const ui = await interfaceWords();
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const shuffle = (xs) => {
    const a = xs.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const pages = [];
  for (const rel of await walk(site)) {
    const kind = kindOf(rel);
    if (!kind) continue;
    const sentences = mainSentences(await readFile(path.join(site, rel), 'utf8'));
    const text = sentences.join(' ');
    const runs = sentences.map(words);
    const set = new Set(runs.flat());
    // the text is read again only for documents (their designation)
    pages.push({ url: '/' + rel.split(path.sep).join('/').replace(/index\.html$/, ''), kind, text: kind === 'document' ? text : '', runs, set });
  }
  // Document frequency of each word and of each run of three words. A run
  // is kept as a 53-bit hash, not a string: at 10,000 cases there are tens
  // of millions of runs. Two runs with one hash count as one on several
  // pages, so a collision can only leave a run out, never make one unique.
  const runKey = (t) => {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let k = 0; k < t.length; k++) {
      const c = t.charCodeAt(k);
      a = Math.imul(a ^ c, 0x01000193) >>> 0;
      b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    }
    return a * 0x200000 + (b & 0x1fffff);
  };
  const df = new Map();
  const tri = new Map();
  for (const [i, p] of pages.entries()) {
    for (const w of p.set) df.set(w, (df.get(w) || 0) + 1);
    const seen = new Set();
    for (const run of p.runs) {
      for (let k = 0; k + 2 < run.length; k++) {
        const t = runKey(run.slice(k, k + 3).join(' '));
        if (seen.has(t)) continue;
        seen.add(t);
        const e = tri.get(t);
        tri.set(t, e === undefined ? i : -1); // the page, or -1 when on several
      }
    }
  }
  // The pages of each word, for the compound queries.
  const pagesOf = new Map();
  for (const [i, p] of pages.entries()) for (const w of p.set) (pagesOf.get(w) || pagesOf.set(w, []).get(w)).push(i);
  const vocabulary = new Set([...df.keys()].filter((w) => isWord(w) && w.length >= 4));
  // Whether no page but `except` has every word of `ws`: the pages of the
  // rarest word, checked for the others (not a pass over every page, which
  // at 10,000 cases took the generator over half an hour).
  const onlyOn = (ws, except) => {
    const lists = ws.map((w) => pagesOf.get(w) || []);
    const rarest = lists.reduce((a, b) => (b.length < a.length ? b : a));
    return rarest.every((i) => i === except || !ws.every((w) => pages[i].set.has(w)));
  };
  const queries = [];
  const add = (kind, q, page) => queries.push({ kind, q, url: page.url });

  // phrase, and no-diacritics from the phrases that have å, ä or ö
  const texts = pages.map((p, i) => [p, i]).filter(([p]) => ['case', 'response', 'statement'].includes(p.kind));
  const phrases = [];
  for (const [p, i] of shuffle(texts)) {
    if (phrases.length >= perClass * 8) break;
    const starts = [];
    for (const words of p.runs) {
      for (let k = 0; k + 2 < words.length; k++) {
        const run = words.slice(k, k + 3);
        if (run.every((w) => isWord(w) && !STOP.has(w) && !ui.has(w) && w.length >= 3) && tri.get(runKey(run.join(' '))) === i) starts.push(run);
      }
    }
    if (starts.length) phrases.push([pick(starts).join(' '), p]);
  }
  for (const [q, p] of phrases.slice(0, perClass)) add('phrase', q, p);
  const accented = phrases.filter(([q]) => fold(q) !== q);
  for (const [q, p] of accented.slice(0, perClass)) add('no-diacritics', fold(q), p);

  // Adds to `have` words of page i (rarest first, after a random start)
  // until no other page has them all, with at most `max` words in all;
  // `candidates` are the pages that have what is in `have` so far.
  const narrow = (i, candidates, have, max, skip = () => false, candidateSet = null) => {
    const p = pages[i];
    const pool = shuffle([...p.set].filter((w) => isWord(w) && !STOP.has(w) && !ui.has(w) && w.length >= 5 && !have.includes(w) && !skip(w)));
    pool.sort((a, b) => df.get(a) - df.get(b));
    let left = candidates;
    let inLeft = candidateSet || new Set(left);
    const out = have.slice();
    for (const w of shuffle(pool.slice(0, 12))) {
      if (out.length >= max) break;
      // the candidates with w: walk w's pages when they are fewer
      const of = pagesOf.get(w) || [];
      const next = of.length < left.length ? of.filter((j) => inLeft.has(j)) : left.filter((j) => pages[j].set.has(w));
      if (next.length === left.length) continue;
      inLeft = new Set(next);
      out.push(w);
      left = next;
      if (left.length === 1) return out;
    }
    return null;
  };

  // words: a few rare words of the page that no other page has together
  let wordCount = 0;
  for (const [p, i] of shuffle(texts)) {
    if (wordCount >= perClass) break;
    const start = shuffle([...p.set].filter((w) => isWord(w) && !STOP.has(w) && !ui.has(w) && w.length >= 5 && df.get(w) <= 200))[0];
    const ws = start && narrow(i, pagesOf.get(start), [start], 3);
    if (ws) {
      add('words', ws.join(' '), p);
      wordCount++;
    }
  }

  // name+subject: a rapporteur and their case, a signatory and their statement
  const { rapporteurs, signers } = await people(content);
  const byUrl = new Map(pages.map((p, i) => [p.url, i]));
  const named = [];
  for (const [c, name] of rapporteurs) named.push([name, `/remisser/${c}/`]);
  for (const [key, names] of signers) for (const n of names) named.push([n, `/remisser/${key.replace('/', '/uttalanden/')}/`]);
  let nameCount = 0;
  for (const [name, url] of shuffle(named)) {
    if (nameCount >= perClass) break;
    const i = byUrl.get(url);
    if (i === undefined) continue;
    const p = pages[i];
    const nameWords = words(name);
    const subjects = [...p.set].filter((w) => isWord(w) && !STOP.has(w) && !ui.has(w) && w.length >= 6 && !nameWords.includes(w));
    const s = shuffle(subjects).find((w) => onlyOn([...nameWords, w], i));
    if (s) {
      add('name+subject', `${name} ${s}`, p);
      nameCount++;
    }
  }

  // compound: a part of a long compound (a word of the corpus on its own,
  // but not on this page), and a second word of the page, such that no
  // other page has a word containing the part together with the second word
  const vocabularyList = [...vocabulary];
  const holdersOf = new Map(); // part -> the pages with a word that contains it
  let compoundCount = 0;
  for (const [p, i] of shuffle(pages.map((p, i) => [p, i]))) {
    if (compoundCount >= perClass) break;
    const longs = [...p.set].filter((w) => isWord(w) && !ui.has(w) && w.length >= 13);
    for (const w of shuffle(longs).slice(0, 10)) {
      const parts = [];
      for (let k = 5; k <= w.length - 5; k++) {
        for (const part of [w.slice(0, k), w.slice(k)]) if (vocabulary.has(part) && !p.set.has(part)) parts.push(part);
      }
      if (!parts.length) continue;
      const part = pick(parts);
      if (!holdersOf.has(part)) {
        const set = new Set(vocabularyList.filter((x) => x.includes(part)).flatMap((x) => pagesOf.get(x)));
        holdersOf.set(part, { list: [...set], set });
      }
      const holders = holdersOf.get(part);
      const ws = narrow(i, holders.list, [part], 3, (x) => x.includes(part) || part.includes(x), holders.set);
      if (ws) {
        add('compound', ws.join(' '), p);
        compoundCount++;
        break;
      }
    }
  }

  // designation: the document's page
  const documents = pages.filter((p) => p.kind === 'document');
  for (const p of shuffle(documents).slice(0, perClass)) {
    const m = /\b(SOU|Ds|Prop\.|Dir\.|Skr\.)\s*\d{4}(?:\/\d{2})?:\d+/.exec(p.text);
    if (m) add('designation', m[0], p);
  }
  return { queries, pages: pages.length };
}

/* ------------------------------------------------------------------ *
 * The Pagefind copy                                                   *
 * ------------------------------------------------------------------ */

async function pagefindCopy(site, dir, pagefindBin) {
  await rm(dir, { recursive: true, force: true });
  for (const rel of await walk(site)) {
    if (!kindOf(rel)) continue;
    let html = await readFile(path.join(site, rel), 'utf8');
    html = html.replace(/<main\b/i, '<main data-pagefind-body').replace(/></g, '>\n<');
    const out = path.join(dir, rel);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, html);
  }
  await writeFile(path.join(dir, 'pagefind-bench.html'), PF_HTML);
  await writeFile(path.join(dir, 'pagefind-bench.js'), PF_JS);
  const log = execFileSync(pagefindBin, ['--site', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return (/Indexed (\d+) pages?/.exec(log) || [])[1];
}

const PF_HTML = `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Pagefind</title>
<script type="module" src="/pagefind-bench.js"></script></head>
<body><ol id="results"></ol></body></html>
`;

const PF_JS = `const q = new URLSearchParams(location.search).get("q") || "";
try {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  window.__bench = { count: search.results.length, urls: data.map((d) => d.url) };
} catch (e) {
  window.__bench = { error: String((e && e.stack) || e), urls: [] };
}
`;

/* ------------------------------------------------------------------ *
 * Serving and running                                                 *
 * ------------------------------------------------------------------ */

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
const sentCache = new Map();
async function sent(file) {
  if (!sentCache.has(file)) {
    const body = await readFile(file);
    sentCache.set(file, Math.min(body.length, gzipSync(body, { level: 9 }).length));
  }
  return sentCache.get(file);
}

async function serve(root) {
  root = path.resolve(root);
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return res.writeHead(404).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      log.push({ path: url.pathname, sent: await sent(file) });
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((r) => server.close(r)) };
}

/** A page's path as both engines can give it: no index.html, no fragment. */
const normal = (u) => new URL(u, 'http://x').pathname.replace(/index\.html$/, '');

async function runRemiss(browser, server, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  server.log.length = 0;
  await page.goto(`${server.origin}/sok/index.html?q=${encodeURIComponent(q)}`, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => document.getElementById('search-results')?.getAttribute('aria-busy') === 'false', null, {
    polling: 'raf',
    timeout: 120_000,
  });
  const urls = await page.evaluate(() => [...document.querySelectorAll('#search-results .search-hit a[href]')].map((a) => a.href));
  await page.waitForTimeout(100);
  const bytes = server.log.filter((e) => e.path.startsWith('/sok/') && !e.path.endsWith('.html')).reduce((n, e) => n + e.sent, 0);
  await context.close();
  return { urls: [...new Set(urls.map(normal))].slice(0, 10), bytes };
}

async function runPagefind(browser, server, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  server.log.length = 0;
  await page.goto(`${server.origin}/pagefind-bench.html?q=${encodeURIComponent(q)}`, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.__bench, null, { polling: 'raf', timeout: 300_000 });
  const bench = await page.evaluate(() => window.__bench);
  await page.waitForTimeout(100);
  const bytes = server.log.filter((e) => e.path.startsWith('/pagefind/') && !/\.(js|wasm)$|wasm\./.test(e.path)).reduce((n, e) => n + e.sent, 0);
  await context.close();
  if (bench.error) throw new Error(`Pagefind: ${bench.error}`);
  return { urls: bench.urls.map(normal).slice(0, 10), bytes };
}

/* ------------------------------------------------------------------ *
 * Report                                                              *
 * ------------------------------------------------------------------ */

function metrics(rows, engine) {
  const n = rows.length || 1;
  const ranks = rows.map((r) => r[engine].urls.indexOf(r.url) + 1);
  const median = (xs) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length ? s[s.length >> 1] : 0;
  };
  return {
    n: rows.length,
    s1: ranks.filter((k) => k === 1).length / n,
    s5: ranks.filter((k) => k >= 1 && k <= 5).length / n,
    mrr: ranks.reduce((a, k) => a + (k ? 1 / k : 0), 0) / n,
    zero: rows.filter((r) => r[engine].urls.length === 0).length,
    bytes: median(rows.map((r) => r[engine].bytes)),
  };
}

function report({ cases, rows, pages, pfPages, seed }) {
  const pct = (x) => `${(100 * x).toFixed(0)} %`;
  const kinds = ['all', ...new Set(rows.map((r) => r.kind))];
  const L = [
    `# Relevance benchmark, ${Number(cases).toLocaleString('en-US')} cases`,
    '',
    `Generated by \`benches/relevance.sh\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ` +
      `${rows.length} known-item queries (seed ${seed}) written from ${pages} pages; Pagefind indexed ${pfPages} of them.`,
    '',
    '| queries | n | success@1 remiss | success@1 Pagefind | success@5 remiss | success@5 Pagefind | MRR@10 remiss | MRR@10 Pagefind | no results remiss | no results Pagefind | first query, median KB remiss | Pagefind |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const k of kinds) {
    const rs = k === 'all' ? rows : rows.filter((r) => r.kind === k);
    const a = metrics(rs, 'remiss');
    const b = metrics(rs, 'pagefind');
    L.push(
      `| ${k} | ${a.n} | ${pct(a.s1)} | ${pct(b.s1)} | ${pct(a.s5)} | ${pct(b.s5)} | ${a.mrr.toFixed(3)} | ${b.mrr.toFixed(3)} | ${a.zero} | ${b.zero} | ${(a.bytes / 1024).toFixed(1)} | ${(b.bytes / 1024).toFixed(1)} |`,
    );
  }
  L.push('', 'Queries where either engine misses the page in its first result (rank, 0 = not in the first 10):', '');
  L.push('| kind | query | page | remiss | Pagefind |', '|---|---|---|---:|---:|');
  for (const r of rows) {
    const a = r.remiss.urls.indexOf(r.url) + 1;
    const b = r.pagefind.urls.indexOf(r.url) + 1;
    if (a !== 1 || b !== 1) L.push(`| ${r.kind} | \`${r.q.replace(/\|/g, '\\|')}\` | ${r.url} | ${a} | ${b} |`);
  }
  return L.join('\n') + '\n';
}

/* ------------------------------------------------------------------ *
 * Main                                                                *
 * ------------------------------------------------------------------ */

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = args(process.argv);
  const seed = Number(a.seed || 1);
  const { queries, pages } = await generate({ site: a.site, content: a.content, perClass: Number(a['per-class'] || 40), seed });
  console.error(`${queries.length} queries from ${pages} pages`);
  const pfDir = path.join(a.work, 'pagefind-site');
  const pfPages = await pagefindCopy(a.site, pfDir, path.resolve('node_modules/.bin/pagefind'));
  const ours = await serve(a.site);
  const theirs = await serve(pfDir);
  const browser = await launchBrowser();
  const rows = [];
  try {
    for (const [i, q] of queries.entries()) {
      const remiss = await runRemiss(browser, ours, q.q);
      const pagefind = await runPagefind(browser, theirs, q.q);
      rows.push({ ...q, remiss, pagefind });
      if (i % 20 === 0) console.error(`${i + 1}/${queries.length}: ${q.kind} ${JSON.stringify(q.q)}`);
    }
  } finally {
    await browser.close();
    await ours.close();
    await theirs.close();
  }
  const md = report({ cases: a.cases || '?', rows, pages, pfPages, seed });
  process.stdout.write(md);
  if (a.out) await writeFile(a.out, md);
  if (a.json) await writeFile(a.json, JSON.stringify(rows, null, 1));
}
