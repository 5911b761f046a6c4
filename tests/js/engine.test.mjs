// The query engine on a small hand-made index (tests/js/fixtures/index),
// with a fake fetch: scoring, AND/OR, phrases, prefixes, tails, filters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { search, folderFetch, fixture } from "./helpers.mjs";

function engine(options) {
  const f = folderFetch(fixture);
  return { engine: search.createEngine(f.fetchJson, options), requests: f.requests };
}

async function run(q, filters, n = 10, options) {
  const { engine: e, requests } = engine(options);
  const s = e.search(q, filters || {});
  const hits = await s.next(n);
  return { s, hits, docs: hits.map((h) => h.doc), scores: hits.map((h) => h.score), requests };
}

test("shard lookup: the last shard whose first key is <= the key, in UTF-16 order", () => {
  const shards = ["2022", "barn", "social"];
  assert.equal(search.shardIndex(shards, "0"), 0);
  assert.equal(search.shardIndex(shards, "=får"), 0);
  assert.equal(search.shardIndex(shards, "barn"), 1);
  assert.equal(search.shardIndex(shards, "barn_unga"), 1);
  assert.equal(search.shardIndex(shards, "so"), 1);
  assert.equal(search.shardIndex(shards, "social"), 2);
  assert.equal(search.shardIndex(shards, "ö"), 2);
  assert.equal(search.shardIndex(["a", "\u{1F600}", "\uFFFF"], "\uFFFE"), 1, "UTF-16 code units, not code points");
});

test("files are fetched with ?v=<build>, the manifest without", async () => {
  const { requests } = await run("barn ", {}, 3);
  assert.equal(requests[0], "index.json");
  for (const r of requests.slice(1)) assert.match(r, /\?v=fixture1$/);
});

test("one word: best impacts first, first page without the tail file", async () => {
  const { s, docs, scores, requests } = await run("barn ", {}, 3);
  assert.deepEqual(docs, [1, 0, 6]);
  assert.deepEqual(scores, [200, 150, 100]);
  assert.ok(!requests.some((r) => r.startsWith("p")), "no tail yet: " + requests);
  const metas = requests.filter((r) => r.startsWith("m")).map((r) => r.split("?")[0]).sort();
  assert.deepEqual(metas, ["m0.json", "m1.json"], "meta only for the chunks of docs 1, 0 and 6");
  assert.deepEqual(s.info(), { mode: "and", fellBack: false, nowhere: [], shown: 3, done: false, total: 6, exact: true, filtered: false });
  // more: now the tail is needed; equal impacts go by doc id
  const more = await s.next(10);
  assert.deepEqual(more.map((h) => h.doc), [3, 2, 7]);
  assert.ok(s.done);
  assert.equal((await s.next(10)).length, 0);
});

test("the same file is fetched once per engine", async () => {
  const { engine: e, requests } = engine();
  await e.search("barn ").next(3);
  await e.search("barn unga").next(3);
  const once = new Set(requests);
  assert.equal(once.size, requests.length, requests.join(" "));
});

const TIER = 4096; // EXACT_TIER in search.js
const WORD = 2 ** 20; // WORD_TIER in search.js

test("exact letters rank first: a page with `får` above one with only `far`, whatever their impacts", async () => {
  const withRing = await run("får ");
  assert.deepEqual(withRing.docs, [2, 1], "doc 1 says only far, with twice the impact");
  assert.deepEqual(withRing.scores, [TIER + 100 + 25, 200]);
  const without = await run("far ");
  assert.deepEqual(without.docs, [1, 2], "typed without the ring, both are found, by impact");
  assert.deepEqual(without.scores, [200, 100]);
  const folded = await run("socialnamnden ");
  const exact = await run("socialnämnden ");
  assert.deepEqual(folded.docs, [4, 1, 3]);
  assert.deepEqual(exact.scores, [TIER + 255 + 62.5, TIER + 180 + 42.5, 20], "among exact matches, 25 % of the exact impact");
});

test("AND: scores add up; the tail is fetched only once the order needs it", async () => {
  const { engine: e, requests } = engine({ proximity: false });
  const s = e.search("barn unga ");
  const first = await s.next(3);
  assert.deepEqual(first.map((h) => [h.doc, h.score]), [[0, 270], [1, 260], [6, 210]]);
  assert.ok(!requests.some((r) => r.startsWith("p")), "no tail for the first page: " + requests);
  assert.equal(s.info().exact, false, "doc 2 may still match through the tail");
  const more = await s.next(3);
  assert.deepEqual(more.map((h) => [h.doc, h.score]), [[2, 90]]);
  assert.ok(requests.some((r) => r.startsWith("p0.json")));
});

test("AND without a result falls back to OR", async () => {
  const { s, docs, scores } = await run("unga img ");
  assert.equal(s.mode, "or");
  assert.equal(s.info().fellBack, true);
  assert.deepEqual(docs, [3, 0, 6, 1, 2]);
  assert.deepEqual(scores, [200, 120, 110, 60, 40].map((x) => WORD + x), "one word each");
});

test("any word: more of the words first, the words a page lacks, the words found nowhere, a short first page", async () => {
  // two words each: doc 3 (img 200, barn 90 in the tail), 0 and 6 (barn and
  // sou); one word: doc 1 (barn 200), 2 (barn 50 in the tail)
  const s = engine({ firstPageFromHeads: false }).engine.search("barn sou img ");
  const first = await s.next(10);
  assert.equal(s.info().fellBack, true);
  assert.equal(first.length, 5, "five at first, not a full page of weaker matches");
  assert.deepEqual(
    first.map((h) => [h.doc, h.missing]),
    [[3, ["sou"]], [0, ["img"]], [6, ["img"]], [1, ["sou", "img"]], [2, ["sou", "img"]]],
    "two of three words above one, whatever the impacts",
  );
  assert.deepEqual((await s.next(10)).map((h) => [h.doc, h.missing]), [[7, ["sou", "img"]]]);
  const none = await run("unga qxzvbnm ");
  assert.deepEqual(none.s.info().nowhere, ["qxzvbnm"]);
  assert.ok(none.hits.every((h) => h.missing.join() === "qxzvbnm"));
  const and = await run("barn img ");
  assert.deepEqual(and.docs, [3]);
  assert.equal(and.hits[0].missing, undefined, "a page with every word lacks nothing");
  assert.deepEqual(and.s.info().nowhere, []);
});

test("a quoted phrase needs its pair key", async () => {
  const phrase = await run('"psykisk ohälsa"');
  assert.equal(phrase.s.mode, "phrase");
  assert.deepEqual(phrase.docs, [2]);
  assert.deepEqual(phrase.scores, [70 + 60 + TIER + 15 + 75]);
  const words = await run("psykisk ohälsa ", {}, 10, { proximity: false });
  assert.deepEqual(words.docs, [6, 2]);
});

test("words typed side by side rank the pages that have them side by side first, without requiring it", async () => {
  // doc 6 has both words with more weight, doc 2 has them as a phrase (_psykisk_ohals 75)
  const near = await run("psykisk ohälsa ");
  assert.equal(near.s.mode, "and");
  assert.deepEqual(near.docs, [2, 6]);
  assert.deepEqual(near.scores, [70 + 60 + TIER + 15 + 75, 80 + 90 + TIER + 22.5]);
  // the pair is never required: doc 7 has ohälsa without psykisk, and OR finds it
  assert.deepEqual((await run("barn unga ")).docs, [0, 6, 1, 2]);
  assert.deepEqual((await run("ohälsa psykisk ")).docs, [6, 2], "in the other order, no pair");
  // looked up only when every word is on more than a share of the documents
  const rare = await run("psykisk ohälsa ", {}, 10, { nearMinShare: 0.25 });
  assert.deepEqual(rare.docs, [6, 2], "psykisk is on 2 of 8 documents: few pages, no pair lookup");
  assert.deepEqual(rare.scores, [80 + 90 + TIER + 22.5, 70 + 60 + TIER + 15], "the pair adds nothing");
});

test("a phrase that does not go with the other words keeps the phrase and drops them", async () => {
  const { s, docs } = await run('"psykisk ohälsa" img ');
  assert.equal(s.mode, "phrase-words");
  assert.deepEqual(docs, [2]);
  const none = await run('"ohälsa psykisk"');
  assert.deepEqual(none.docs, [], "no OR fallback for a phrase");
});

test("prefix: keys of the shard (and following shards) that start with the last word", async () => {
  assert.deepEqual((await run("social")).docs, [4, 1, 3]);
  assert.deepEqual((await run("social ")).docs, [], "with a trailing space, no prefix");
  const so = await run("so");
  assert.deepEqual(so.docs, [4, 6, 0, 1, 3], "best impact per doc over socialnamnd, sou, sou2022:67, ...");
  assert.ok(so.requests.includes("t1.json?v=fixture1") && so.requests.includes("t2.json?v=fixture1"));
});

test("a whole word ranks above pages that only have a longer word it begins", async () => {
  // doc 5 says only "barnomsorg", with the highest impact of all
  assert.deepEqual((await run("barn", {}, 10, { firstPageFromHeads: false })).docs, [1, 0, 6, 3, 2, 7, 5]);
  assert.deepEqual((await run("barno")).docs, [5]);
});

test("prefix keys are capped", async () => {
  const { docs } = await run("so", {}, 10, { maxPrefixKeys: 1 });
  // only the key with the highest df among so*: socialnamnd (df 3)
  assert.deepEqual(docs, [4, 1, 3]);
});

test("a designation being typed matches by prefix", async () => {
  assert.deepEqual((await run("SOU 2022:67")).docs, [6, 0]);
  assert.deepEqual((await run("SOU 2022:6")).docs, [6, 0]);
  assert.deepEqual((await run("sou 2022:67 ")).scores, [255 + 255 + 100 + 80 + 60, 200 + 200 + 90 + 70 + 50]);
});

test("a nonsense word finds nothing, and so does a query of stopwords", async () => {
  const { s, docs } = await run("qxzvbnm ");
  assert.deepEqual(docs, []);
  assert.ok(s.done);
  assert.equal(s.info().total, 0);
  assert.deepEqual((await run("och i att ")).docs, []);
});

test("common keys only add to the score in AND, and alone they are an OR", async () => {
  // with a threshold of 3, "barn" (df 6) and "unga" (df 4) are common
  const both = await run("barn socialnamnden ", {}, 10, { commonThreshold: 3 });
  assert.equal(both.s.mode, "and");
  assert.deepEqual(both.docs, [1, 4, 3], "socialnamnd is required, barn only ranks");
  // doc 3's "barn" posting is in the tail: the order is already certain, so
  // the tail is not fetched and the score shown is what is known (a lower bound)
  assert.deepEqual(both.scores, [180 + 200, 255, 20]);
  assert.ok(!both.requests.some((r) => r.startsWith("p")));
  const common = await run("barn unga ", {}, 10, { commonThreshold: 3 });
  assert.equal(common.s.mode, "or");
  assert.deepEqual(common.docs, [0, 6, 1, 2, 3, 7], "0 and 6 also have the two side by side");
});

test("filters narrow by type, body, party, year and stance, reading meta in score order", async () => {
  assert.deepEqual((await run("barn ", { type: "response" })).docs, [1, 2]);
  assert.deepEqual((await run("barn ", { body: "Socialnämnden" })).docs, [1, 3]);
  assert.deepEqual((await run("barn ", { party: "S" })).docs, [3]);
  assert.deepEqual((await run("barn ", { year: "2022" })).docs, [6, 3, 7]);
  assert.deepEqual((await run("barn ", { stance: "positiv" })).docs, [2]);
  assert.deepEqual((await run("barn ", { stance: "i huvudsak positiv", type: "response" })).docs, [1]);
  assert.deepEqual((await run("barn ", { type: "party" })).docs, []);
  // unknown values are ignored
  assert.deepEqual((await run("barn ", { type: "nonsense", year: "1999" })).docs, [1, 0, 6, 3, 2, 7]);
});

test("meta chunks are read only for the docs shown", async () => {
  const far = await run("far ");
  assert.deepEqual(far.docs, [1, 2]);
  assert.ok(!far.requests.some((r) => r.startsWith("m1")), far.requests.join(" "));
  // with filters, candidates are checked in batches, but not beyond the loaded postings
  const { s, docs, requests } = await run("barn ", { type: "case" }, 1);
  assert.deepEqual(docs, [0]);
  assert.equal(s.info().exact, false);
  assert.ok(!requests.some((r) => r.startsWith("p")), requests.join(" "));
});

test("hits carry names, not indexes", async () => {
  const { hits } = await run("alert ");
  assert.equal(hits.length, 1);
  const h = hits[0];
  assert.equal(h.type, "statement");
  assert.equal(h.typeLabel, "Partiuttalande");
  assert.equal(h.title, "<img src=x onerror=alert(1)>");
  assert.equal(h.body, "Socialnämnden");
  assert.deepEqual(h.parties, [
    { abbreviation: "M", name: "Moderaterna" },
    { abbreviation: "S", name: "Socialdemokraterna" },
  ]);
  assert.equal(h.year, 2022);
  assert.equal(h.date, "2022-12-01");
});

test("a failed fetch rejects, and is retried by the next search", async () => {
  let fail = true;
  const f = folderFetch(fixture);
  const e = search.createEngine(async (p) => {
    if (fail && p.startsWith("t1")) throw new Error("offline");
    return f.fetchJson(p);
  });
  await assert.rejects(e.search("barn ").next(3), /offline/);
  fail = false;
  assert.deepEqual((await e.search("barn ").next(3)).map((h) => h.doc), [1, 0, 6]);
});

test("filtered batches keep the surplus for the next page, and the count is exact at the end", async () => {
  const { engine: e } = engine();
  const s = e.search("socialnämnden ", { body: "Socialnämnden" });
  const first = await s.next(1);
  assert.deepEqual(first.map((h) => h.doc), [1]);
  const info = s.info();
  assert.equal(info.total, 2);
  assert.equal(info.exact, true, "all candidates were checked in one batch");
  assert.equal(s.done, false);
  assert.deepEqual((await s.next(1)).map((h) => h.doc), [3]);
  assert.equal(s.done, true);
  assert.deepEqual(await s.next(1), []);
});
