// Query parsing: words, exact forms, phrases, prefixes, trailing space.
import { test } from "node:test";
import assert from "node:assert/strict";
import { search } from "./helpers.mjs";

const terms = (q) => search.parseQuery(q).terms.map((t) => [t.kind, t.key, t.exact, t.prefix, t.optional]);

test("words get their key, the exact key when folding changed the stem, and the last a prefix", () => {
  assert.deepEqual(terms("Socialnämnden barnen"), [
    ["word", "socialnamnd", "=socialnämnd", null, false],
    ["word", "barn", null, "barnen", false],
    ["pair", "_socialnamnd_barn", null, null, true],
  ]);
});

test("a query ending in a space has no prefix", () => {
  assert.deepEqual(terms("socialnämnden barnen "), [
    ["word", "socialnamnd", "=socialnämnd", null, false],
    ["word", "barn", null, null, false],
    ["pair", "_socialnamnd_barn", null, null, true],
  ]);
  assert.equal(search.parseQuery("barnen ").prefix, false);
  assert.equal(search.parseQuery("barnen").prefix, true);
});

test("the prefix is fold(lowercase(word)), not the stem", () => {
  assert.deepEqual(terms("Nämnde"), [["word", "namnd", "=nämnd", "namnde", false]]);
});

test("stopwords are dropped, but a trailing one may start a longer word", () => {
  assert.deepEqual(terms("barn och"), [
    ["word", "barn", null, null, false],
    ["word", "", null, "och", true],
  ]);
  assert.deepEqual(terms("barn och "), [["word", "barn", null, null, false]]);
  assert.deepEqual(terms("och i att"), [["word", "", null, "att", true]]);
});

test("neighbouring words also look up their pair, which only ranks; not across a stopword, a repeated word or a designation", () => {
  const pairs = (q) => terms(q).filter((t) => t[0] === "pair");
  assert.deepEqual(pairs("psykisk ohälsa unga "), [
    ["pair", "_psykisk_ohals", null, null, true],
    ["pair", "_ohals_ung", null, null, true],
  ]);
  assert.deepEqual(pairs("barn och unga "), []);
  assert.deepEqual(pairs("barn barnen "), []);
  assert.deepEqual(pairs("SOU 2022:67 barn "), []);
  assert.deepEqual(search.parseQuery("psykisk ohälsa ", { proximity: false }).terms.filter((t) => t.kind === "pair"), []);
});

test("repeated keys are one term", () => {
  assert.deepEqual(terms("barn barns barnen "), [["word", "barn", null, null, false]]);
});

test("quotes make phrase pair keys; a closed phrase has no prefix", () => {
  const p = search.parseQuery('"psykisk ohälsa"');
  assert.equal(p.phrase, true);
  assert.deepEqual(terms('"psykisk ohälsa"'), [
    ["word", "psykisk", null, null, true],
    ["word", "ohals", "=ohäls", null, true],
    ["pair", "_psykisk_ohals", null, null, false],
  ]);
});

test("typographic quotes work too, and stopwords break phrases", () => {
  assert.deepEqual(
    terms("”barn och unga” stöd ").filter((t) => t[0] === "pair"),
    [],
  );
  assert.deepEqual(
    terms("”tidiga insatser” stöd ").filter((t) => t[0] === "pair"),
    [["pair", "_tid_insats", null, null, false]],
  );
});

test("a word both inside and outside a phrase stays required", () => {
  const t = terms('barn "psykisk ohälsa" ');
  assert.deepEqual(t.find((x) => x[1] === "psykisk"), ["word", "psykisk", null, null, true]);
  assert.deepEqual(t.find((x) => x[1] === "barn"), ["word", "barn", null, null, false]);
  const both = terms('barn "barn ohälsa" ');
  assert.deepEqual(both.find((x) => x[1] === "barn"), ["word", "barn", null, null, false]);
});

test("an unclosed phrase being typed gets a prefix on its last pair", () => {
  assert.deepEqual(terms('"psykisk oh'), [
    ["word", "psykisk", null, null, true],
    ["word", "oh", null, "oh", true],
    ["pair", "_psykisk_oh", null, "_psykisk_oh", false],
  ]);
});

test("designations and case numbers are special terms before the words", () => {
  assert.deepEqual(terms("SOU 2022:67 "), [
    ["special", "sou2022:67", null, null, false],
    ["special", "2022:67", null, null, false],
    ["word", "sou", null, null, true],
    ["word", "2022", null, null, true],
    ["word", "67", null, null, true],
  ]);
  assert.deepEqual(
    terms("KS 2023/99").filter((t) => t[0] === "special"),
    [
      ["special", "ks2023/99", null, "ks2023/99", false],
      ["special", "2023/99", null, "2023/99", false],
    ],
  );
});

test("an empty query or one of punctuation has no terms", () => {
  assert.deepEqual(terms(""), []);
  assert.deepEqual(terms("  -- ! "), []);
  assert.deepEqual(terms(null), []);
});

test("URL parameters round-trip", () => {
  const p = search.readParams("?q=psykisk+oh%C3%A4lsa&type=response&year=2023&x=1");
  assert.deepEqual(p, { q: "psykisk ohälsa", type: "response", body: "", party: "", year: "2023", stance: "" });
  assert.equal(search.writeParams(p), "?q=psykisk+oh%C3%A4lsa&type=response&year=2023");
  assert.equal(search.writeParams({ q: "" }), "");
});
