// Runs queries through search.js's engine on a built site's `sok/` folder,
// in Node, as the search page would: `node tests/js/query-index.mjs
// public/sok "query" ...` prints the first ten hits of each query. The
// relevance tests use `topHits`.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { search } from "./helpers.mjs";

/** The first `n` hits of `query` on the index in `dir`: `{ url, title, type }`. */
export async function topHits(dir, query, n = 10, filters = {}) {
  const fetchJson = async (p) => JSON.parse(await readFile(path.join(dir, p.split("?")[0]), "utf8"));
  const engine = search.createEngine(fetchJson);
  const s = engine.search(query, filters);
  const hits = await s.next(n);
  return {
    info: s.info(),
    hits: hits.map((h) => ({ url: h.url, title: h.title, type: h.type, score: h.score })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, ...queries] = process.argv.slice(2);
  for (const q of queries) {
    const { info, hits } = await topHits(dir, q);
    console.log(`\n${JSON.stringify(q)}: ${info.mode}${info.fellBack ? " (fell back to OR)" : ""}, ${info.total} hits`);
    hits.forEach((h, i) => console.log(`${String(i + 1).padStart(3)}. [${h.type}] ${h.title}  ${h.url}  (${h.score})`));
  }
}
