// Property test: on random indexes with short heads (so tails matter), the
// lazy engine returns exactly the documents of a brute-force scoring over
// the full posting lists, in an order consistent with their true scores.
import { test } from "node:test";
import assert from "node:assert/strict";
import { search } from "./helpers.mjs";

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// words without vowels are their own stems and keys
const WORDS = ["bcd", "bcf", "dfg", "ghj", "jkl", "klm", "mnp", "pqr", "qrs", "rst", "stv", "tvw"];

function makeIndex(seed, head) {
  const r = rng(seed);
  const docs = 40 + Math.floor(r() * 200);
  const postings = {};
  for (const w of WORDS) {
    const p = 0.02 + r() * 0.6;
    const list = [];
    for (let d = 0; d < docs; d++) if (r() < p) list.push([d, 1 + Math.floor(r() * (r() < 0.3 ? 8 : 255))]);
    list.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (list.length) postings[w] = list;
  }
  const keys = Object.keys(postings).sort();
  const shards = [keys.slice(0, 5), keys.slice(5)].filter((k) => k.length);
  const files = { "index.json": { version: 1, build: "r" + seed, docs, chunk: 16, shards: shards.map((s) => s[0]), types: ["case"], typeLabels: ["Remiss"], bodies: [], parties: [], partyNames: [], stances: [], stanceLabels: [], years: [2023] } };
  let tails = 0;
  shards.forEach((ks, i) => {
    const t = {};
    for (const k of ks) {
      const list = postings[k];
      let tail = -1;
      if (list.length > head) {
        tail = tails++;
        files[`p${tail}.json`] = { [k]: list.slice(head).flat() };
      }
      t[k] = [list.length, tail, ...list.slice(0, head).flat()];
    }
    files[`t${i}.json`] = t;
  });
  for (let c = 0; c * 16 < docs; c++) {
    files[`m${c}.json`] = Array.from({ length: Math.min(16, docs - c * 16) }, (_, i) => [0, "doc " + (c * 16 + i), "d/" + (c * 16 + i), "", -1, [], -1, 0, ""]);
  }
  return { files, postings, docs };
}

function brute(postings, words, mode) {
  const scores = new Map();
  const count = new Map();
  for (const w of words) {
    for (const [d, i] of postings[w] || []) {
      scores.set(d, (scores.get(d) || 0) + i);
      count.set(d, (count.get(d) || 0) + 1);
    }
  }
  const docs = [...scores.keys()].filter((d) => mode === "or" || count.get(d) === words.length);
  // any word: a page with more of the words first (WORD_TIER in search.js)
  if (mode === "or") for (const d of docs) scores.set(d, scores.get(d) + count.get(d) * 2 ** 20);
  return { docs: new Set(docs), scores };
}

test("lazy tails give the same hits as full scoring (AND, OR fallback, paging)", async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const head = 2 + (seed % 7);
    const { files, postings } = makeIndex(seed, head);
    const fetched = [];
    const engine = search.createEngine(async (p) => {
      fetched.push(p);
      const f = files[p.split("?")[0]];
      if (!f) throw new Error("404 " + p);
      return JSON.parse(JSON.stringify(f));
    }, { firstPageFromHeads: false });
    const r = rng(seed * 7919);
    const n = 1 + Math.floor(r() * 3);
    const words = [...new Set(Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]))];
    const s = engine.search(words.join(" ") + " ");
    const got = [];
    const page = 1 + Math.floor(r() * 6);
    for (let i = 0; i < 500; i++) {
      const hits = await s.next(page);
      if (!hits.length) break;
      got.push(...hits.map((h) => h.doc));
    }
    const and = brute(postings, words, "and");
    const expected = and.docs.size || words.length === 1 ? and : brute(postings, words, "or");
    const ctx = `seed ${seed}, words ${words}, head ${head}, page ${page}`;
    assert.equal(new Set(got).size, got.length, "no doc twice: " + ctx);
    assert.deepEqual([...got].sort((a, b) => a - b), [...expected.docs].sort((a, b) => a - b), ctx);
    for (let i = 1; i < got.length; i++) {
      assert.ok(expected.scores.get(got[i - 1]) >= expected.scores.get(got[i]), `order at ${i}: ${ctx}`);
    }
  }
});

test("a single word's first page never fetches its tail", async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const { files, postings } = makeIndex(seed, 10);
    const w = WORDS.find((x) => (postings[x] || []).length > 10);
    if (!w) continue;
    const fetched = [];
    const engine = search.createEngine(async (p) => {
      fetched.push(p);
      return files[p.split("?")[0]];
    });
    const hits = await engine.search(w + " ").next(10);
    assert.deepEqual(hits.map((h) => h.doc), postings[w].slice(0, 10).map((p) => p[0]));
    assert.ok(!fetched.some((p) => p.startsWith("p")), fetched.join(" "));
  }
});

test("no first page fetches a tail, and its hits carry every complete required key", async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const { files, postings } = makeIndex(seed, 6);
    const r = rng(seed * 104729);
    const words = [...new Set([0, 1, 2].map(() => WORDS[Math.floor(r() * WORDS.length)]))].filter((w) => postings[w]);
    if (words.length < 2) continue;
    const fetched = [];
    const engine = search.createEngine(async (p) => {
      fetched.push(p);
      return files[p.split("?")[0]];
    });
    const session = engine.search(words.join(" ") + " ");
    const hits = await session.next(10);
    const ctx = `seed ${seed}, words ${words}`;
    assert.ok(!fetched.some((p) => p.startsWith("p")), `first page fetched a tail: ${fetched.join(" ")}; ${ctx}`);
    const complete = words.filter((w) => postings[w].length <= 6);
    for (const h of hits) {
      for (const w of complete) {
        if (session.mode === "and") {
          assert.ok(postings[w].some(([d]) => d === h.doc), `doc ${h.doc} lacks ${w}: ${ctx}`);
        }
      }
    }
    // Later pages are exact again and may load tails.
    await session.next(10);
  }
});
