// Explains where a first query's bytes go in our index, without a browser:
// runs the real query engine (themes/default/static/search.js) in Node on a
// built site's sok/ folder and prints, per query, each term's keys with their
// df, head length and tail file, then every file fetched for the first page
// of 10 results with its size as sent (min of raw and gzip -9). It uses the
// site's own PUBLIC/search.js, so it explains what the browser did
// (SEARCH_JS=FILE uses another copy).
//
//   node benches/search-explain.mjs PUBLIC 'query' ['query' ...]

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const [pub, ...queries] = process.argv.slice(2);
if (!pub || !queries.length) {
  console.error("usage: node benches/search-explain.mjs PUBLIC 'query' ...");
  process.exit(2);
}
// The site's own copy of search.js (what the browser ran), else the
// repository's; SEARCH_JS=path tries another query engine on the same index.
const siteJs = path.resolve(pub, 'search.js');
const S = require(
  process.env.SEARCH_JS
    ? path.resolve(process.env.SEARCH_JS)
    : existsSync(siteJs)
      ? siteJs
      : path.join(repo, 'themes/default/static/search.js'),
);
const sok = path.join(pub, 'sok');
const sizeOf = new Map();
function load(name) {
  const file = path.join(sok, name.replace(/\?.*$/, ''));
  const body = readFileSync(file);
  if (!sizeOf.has(name)) {
    sizeOf.set(name, { raw: body.length, sent: Math.min(body.length, gzipSync(body, { level: 9 }).length) });
  }
  return JSON.parse(body.toString('utf8'));
}
const kb = (n) => (n / 1024).toFixed(1);

for (const q of queries) {
  const engine = S.createEngine(async (p) => load(p));
  const session = engine.search(q);
  const hits = await session.next(10);
  const m = await engine.manifest();
  console.log(`\n## ${q}: ${hits.length} shown, mode ${session.info().mode}, total ${session.info().total}`);
  for (const t of session.parsed.terms) {
    const keys = [t.key, t.exact].filter(Boolean);
    const desc = [];
    for (const k of keys) {
      const shard = S.shardIndex(m.shards, k);
      const entry = load(`t${shard}.json`)[k];
      desc.push(entry ? `${k} df=${entry[0]} head=${(entry.length - 2) / 2} tail=${entry[1] < 0 ? '-' : 'p' + entry[1]} (t${shard})` : `${k} absent (t${shard})`);
    }
    console.log(`  ${t.kind} "${t.word}"${t.prefix ? ` prefix=${t.prefix}` : ''}: ${desc.join('; ') || '(no key)'}`);
  }
  let total = 0;
  for (const f of engine.stats.fetched) {
    const s = sizeOf.get(f) || { raw: 0, sent: 0 };
    total += s.sent;
    console.log(`  ${f.padEnd(28)} ${kb(s.raw).padStart(7)} KB raw ${kb(s.sent).padStart(6)} KB sent`);
  }
  console.log(`  total ${kb(total)} KB sent in ${engine.stats.fetched.length} files`);
}
