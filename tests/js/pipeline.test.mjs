// The text pipeline against the shared vectors (docs/search.md, "Text → keys").
import { test } from "node:test";
import assert from "node:assert/strict";
import { search, vectors, require } from "./helpers.mjs";

const snowball = require("snowball-stemmers").newStemmer("swedish");
const v = vectors();

test("vectors file has the documented shape", () => {
  assert.ok(Array.isArray(v.stopwords) && v.stopwords.length > 0);
  assert.ok(Array.isArray(v.stems) && v.stems.length > 0);
  assert.ok(Array.isArray(v.tokens) && v.tokens.length > 0);
});

test("search.js embeds exactly the stopwords of the vectors", () => {
  assert.deepEqual([...search.STOPWORDS], v.stopwords);
  for (const w of v.stopwords) assert.ok(search.isStopword(w), w);
});

test("the stemmer gives every stem in the vectors", () => {
  const wrong = v.stems.filter(([w, s]) => search.stem(w) !== s).map(([w, s]) => `${w}: ${search.stem(w)} != ${s}`);
  assert.deepEqual(wrong, []);
});

function vectorWords() {
  const words = new Set(v.stems.map(([w]) => w));
  for (const t of v.tokens) for (const w of search.normalise(t.text).split(/[^\p{L}\p{N}]+/u)) if (w) words.add(w);
  for (const w of v.stopwords) words.add(w);
  return [...words];
}

test("the stemmer agrees with the snowball-stemmers package on every word of the vectors", () => {
  const wrong = vectorWords()
    .filter((w) => search.stem(w) !== snowball.stem(w))
    .map((w) => `${w}: ${search.stem(w)} != ${snowball.stem(w)}`);
  assert.deepEqual(wrong, []);
});

test("the stemmer agrees with snowball-stemmers on inflected forms and edge cases", () => {
  const extra = [
    "", "a", "ab", "abc", "å", "öl", "ös", "ost", "löst", "upplöst", "fullt", "hjälpfullt", "vänlig", "vänligt",
    "ledig", "kärleks", "himmels", "kaffet", "huset", "husets", "barnens", "flickorna", "pojkarnas", "hetens",
    "skönheterna", "staden", "städerna", "kommunstyrelsens", "remissvaren", "remissinstanserna", "bedömningarna",
    "förvaltningarnas", "uppdraget", "utredningens", "förslagen", "tillstyrkte", "avstyrker", "nämnderna",
    "stadsdelsnämnderna", "samverkan", "brottsförebyggande", "ungdomar", "ungdomarnas", "tryggare", "tryggast",
    "sagt", "lagt", "redd", "bygd", "vinn", "bott", "rykt", "mjukt", "snabbt", "ådd", "yxa", "ayyy", "aaaa",
    "bbbb", "xyzzys", "bollss", "abcs", "abes", "aloss", "kostnadseffektivt", "résumé", "ohälsans",
  ];
  const wrong = extra.filter((w) => search.stem(w) !== snowball.stem(w)).map((w) => `${w}: ${search.stem(w)} != ${snowball.stem(w)}`);
  assert.deepEqual(wrong, []);
});

test("the tokenizer gives exactly the keys of every token vector", () => {
  for (const t of v.tokens) assert.deepEqual(search.keys(t.text), t.keys, JSON.stringify(t.text));
});

test("normalise is NFC then lowercase, fold removes combining marks", () => {
  assert.equal(search.normalise("A\u030aNGERMANÄLVEN"), "ångermanälven");
  assert.equal(search.fold("åäöéü"), "aaoeu");
  assert.equal(search.fold("e\u0301"), "e");
});

test("special tokens: five patterns, by position then pattern", () => {
  assert.deepEqual(search.specialKeys("sou 2022:67"), ["sou2022:67", "2022:67"]);
  assert.deepEqual(search.specialKeys("prop. 2023/24:1"), ["prop2023/24:1", "2023/24:1"]);
  assert.deepEqual(search.specialKeys("ks 2023/99-1.1"), ["ks2023/99", "2023/99", "1.1"]);
  assert.deepEqual(search.specialKeys("dnr 2023/99"), ["dnr2023/99", "2023/99"]);
  assert.deepEqual(search.specialKeys("(2023/99)"), ["2023/99"]);
  assert.deepEqual(search.specialKeys("2023/24:1"), ["2023/24:1"]);
  assert.deepEqual(search.specialKeys("öks 2023/1"), ["oks2023/1", "2023/1"]);
  assert.deepEqual(search.specialKeys("x\u00a0sou\u20032022:1"), ["sou2022:1", "2022:1"]);
  assert.deepEqual(search.keys("Bilaga 2"), ["bilag", "2"]);
  // section numbers are one token; their digits are words too
  assert.deepEqual(search.specialKeys("mål 4.2 och 3.1.2."), ["4.2", "3.1.2"]);
  assert.deepEqual(search.specialKeys("v4.2 .5 2024."), []);
});

test("a section number is a required token and its digits only add to the score", () => {
  const q = search.parseQuery("mål 4.2");
  const special = q.terms.find((t) => t.kind === "special");
  assert.equal(special.key, "4.2");
  assert.equal(special.optional, false);
  for (const d of ["4", "2"]) assert.equal(q.terms.find((t) => t.key === d).optional, true, d);
  assert.equal(q.terms.find((t) => t.key === "mal").optional, false);
});
