// Relevance on a real index: `remiss build` writes the index of
// tests/fixtures/search/content (cases made so that each kind of query has
// one right page among look-alikes), and search.js's engine, in Node,
// must put that page first. See issue 27 and docs/search.md.
import { before, after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSite } from "./helpers.mjs";
import { topHits } from "./query-index.mjs";

let tmp;
let sok;

before(
  async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "remiss-relevance-"));
    const out = path.join(tmp, "public");
    await buildSite({ content: "tests/fixtures/search/content", out, today: "2024-06-01" });
    sok = path.join(out, "sok");
  },
  { timeout: 30 * 60_000 }, // a cold release build on a small machine
);

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function first(query) {
  const { hits, info } = await topHits(sok, query);
  assert.ok(hits.length > 0, `${query}: no hits`);
  return { url: hits[0].url, info, urls: hits.map((h) => h.url) };
}

test("a case is found by who presented it and its subject, above the person's page", async () => {
  const { url, info } = await first("Karin Ek skolmåltider");
  assert.equal(url, "remisser/ks-2024-12/index.html");
  assert.equal(info.mode, "and", "every word is on the case's page");
  assert.equal((await first("Lars Berg skolan")).url, "remisser/ks-2024-11/index.html");
});

test("a case is found by its dates, as ISO or as the page writes them", async () => {
  assert.equal((await first("2024-04-30")).url, "remisser/ks-2024-10/index.html", "the deadline");
  assert.equal((await first("30 april 2024")).url, "remisser/ks-2024-10/index.html");
  assert.equal((await first("2024-04-17")).url, "remisser/ks-2024-10/index.html", "the rapporteur's date");
});

test("a case is found by its deciding body and its referrer", async () => {
  const { urls } = await first("kommunstyrelsen utbildningsdepartementet");
  assert.deepEqual(urls.sort(), ["remisser/ks-2024-12/index.html", "remisser/ks-2024-13/index.html"]);
});

test("a case is found by the bodies it was referred to", async () => {
  const { url, info } = await first("utbildningsdepartementet socialnämnden");
  assert.equal(url, "remisser/ks-2024-12/index.html");
  assert.equal(info.mode, "and", "both words are on the case's page");
});

test("a response is found by its body's stance in words", async () => {
  const { url, info } = await first("skolmåltider negativ");
  assert.equal(url, "remisser/ks-2024-12/svar/socialnamnden/index.html");
  assert.equal(info.mode, "and");
});

test("exact letters rank first: Brå above every page that only says bra", async () => {
  assert.equal((await first("Brå")).url, "remisser/ks-2024-11/index.html");
  const { urls } = await first("bra");
  assert.ok(urls.includes("remisser/ks-2024-11/index.html"), "typed without the ring, Brå is still found");
  assert.notEqual(urls[0], "remisser/ks-2024-11/index.html", "and the pages that say bra in their title come first");
});

test("numbers match as tokens first: mål 4.2 above a page with mål, 4 and 2 apart", async () => {
  const { url, urls } = await first("mål 4.2");
  assert.equal(url, "remisser/ks-2024-13/index.html");
  assert.ok(!urls.includes("remisser/ks-2024-14/index.html"), "loose digits are not a match while the token is");
  assert.equal((await first("4.2")).url, "remisser/ks-2024-13/index.html");
  assert.equal((await first("KS 2024/14")).url, "remisser/ks-2024-14/index.html");
});

test("compounds both ways: a head typed inflected, a tail, and whole words first", async () => {
  // The text says only "ordningsvaktsutbildning"; a citizen types the plural.
  assert.equal((await first("ordningsvakter")).url, "remisser/ks-2024-15/index.html");
  assert.equal((await first("ordningsvakt")).url, "remisser/ks-2024-15/index.html");
  // "brottsförebyggande" is found by its tail, below the page with the word itself.
  const { urls } = await first("förebyggande");
  assert.deepEqual(urls.slice(0, 2), ["remisser/ks-2024-11/index.html", "remisser/ks-2024-15/index.html"]);
});

test("a designation typed without a space after it finds its own document, not the longer ones it begins", async () => {
  // typed to its last digit, "SOU 2023:1" is also the start of "SOU 2023:12"
  assert.equal((await first("SOU 2023:1")).url, "dokument/sou-2023-1/index.html");
  assert.equal((await first("SOU 2023:12")).url, "dokument/sou-2023-12/index.html");
});
