// Rendering: DOM APIs only, index data as text, matched words in <mark>.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { search, folderFetch, fixture, repo } from "./helpers.mjs";

/* A minimal document: elements and text nodes, and traps on every way of
   parsing HTML, so a test fails if the renderer ever tries. */
class FakeText {
  constructor(data) {
    this.nodeType = 3;
    this.data = String(data);
  }
  get textContent() {
    return this.data;
  }
}
class FakeElement {
  constructor(tag) {
    this.nodeType = 1;
    this.tagName = tag.toUpperCase();
    this.childNodes = [];
    this.attributes = new Map();
    this.className = "";
    this.hidden = false;
  }
  appendChild(n) {
    this.childNodes.push(n);
    return n;
  }
  setAttribute(k, v) {
    this.attributes.set(k, String(v));
  }
  getAttribute(k) {
    return this.attributes.has(k) ? this.attributes.get(k) : null;
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(v) {
    this.childNodes = [new FakeText(v)];
  }
  set innerHTML(v) {
    throw new Error("innerHTML was used");
  }
  set outerHTML(v) {
    throw new Error("outerHTML was used");
  }
  insertAdjacentHTML() {
    throw new Error("insertAdjacentHTML was used");
  }
  *walk() {
    yield this;
    for (const c of this.childNodes) if (c instanceof FakeElement) yield* c.walk();
  }
  find(tag) {
    return [...this.walk()].filter((e) => e.tagName === tag.toUpperCase());
  }
}
const fakeDocument = {
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (t) => new FakeText(t),
  write() {
    throw new Error("document.write was used");
  },
};

const hostile = "<img src=x onerror=alert(1)>";

async function hitFor(q) {
  const { fetchJson } = folderFetch(fixture);
  const s = search.createEngine(fetchJson).search(q);
  const hits = await s.next(10);
  return { s, hits };
}

test("a hostile title and excerpt are rendered as text, never parsed", async () => {
  const { s, hits } = await hitFor("alert ");
  const li = search.renderHit(fakeDocument, hits[0], { root: "../", lang: "sv", match: search.matcher(s.parsed) });
  assert.equal(li.tagName, "LI");
  const tags = new Set([...li.walk()].map((e) => e.tagName));
  assert.ok(!tags.has("IMG") && !tags.has("B") && !tags.has("SCRIPT"), [...tags].join(","));
  const a = li.find("a")[0];
  assert.equal(a.textContent, hostile);
  assert.equal(a.getAttribute("href"), "../remisser/ks-2023-99/uttalanden/m-s/index.html");
  // "alert" in the title is a match, and still text inside <mark>
  assert.deepEqual(a.find("mark").map((m) => m.textContent), ["alert"]);
  assert.ok(li.textContent.includes("<b>Särskilt uttalande</b> om barn & socialnämnden"));
});

test("a result shows its link, type label, date, body or parties and snippet", async () => {
  const { s, hits } = await hitFor("socialnämnden barn");
  const match = search.matcher(s.parsed);
  const [first] = hits;
  assert.equal(first.doc, 1);
  const li = search.renderHit(fakeDocument, first, { root: "../", lang: "sv", match });
  assert.equal(li.find("a")[0].getAttribute("href"), "../remisser/ks-2023-99/svar/socialnamnden/index.html");
  const meta = li.find("p")[0];
  assert.match(meta.textContent, /^Remissvar · 21 mars 2023 · Socialnämnden · I huvudsak positiv$/);
  assert.equal(li.find("time")[0].getAttribute("datetime"), "2023-03-21");
  assert.equal(li.find("span").find((e) => e.className.startsWith("stance")).className, "stance stance-i-huvudsak-positiv");
  const snippet = li.find("p")[1];
  assert.deepEqual(snippet.find("mark").map((m) => m.textContent), ["Socialnämnden", "barn"]);
  // parties: abbreviations, with the full names for screen readers
  const st = hits.find((h) => h.type === "statement");
  const sli = search.renderHit(fakeDocument, st, { root: "../", lang: "sv", match });
  assert.match(sli.find("p")[0].textContent, /M \(Moderaterna\), S \(Socialdemokraterna\)/);
  assert.ok(sli.find("span").some((e) => e.className === "visually-hidden"));
});

test("the root comes from the page, so links stay relative", async () => {
  const { hits } = await hitFor("far ");
  const li = search.renderHit(fakeDocument, hits[0], { root: "../../", match: () => false });
  assert.equal(li.find("a")[0].getAttribute("href"), "../../remisser/ks-2023-99/svar/socialnamnden/index.html");
  const odd = search.renderHit(fakeDocument, { ...hits[0], url: "//evil.example/x" }, { root: "../" });
  assert.equal(odd.find("a")[0].getAttribute("href"), "../evil.example/x", "never protocol-relative");
});

test("highlight marks words by key, exact form, prefix and compound part", () => {
  const pieces = (q, text) =>
    search.highlight(text, search.matcher(search.parseQuery(q))).filter((p) => p.mark).map((p) => p.text);
  assert.deepEqual(pieces("barnen ", "Barn, barnens och barnomsorg; Bar."), ["Barn", "barnens", "barnomsorg"]);
  assert.deepEqual(pieces("socialnamnden ", "Socialnämnden och Socialnämnd"), ["Socialnämnden", "Socialnämnd"]);
  assert.deepEqual(pieces("nämnd ", "stadsdelsnämnden svarade"), ["stadsdelsnämnden"]);
  assert.deepEqual(pieces("socialnä", "Socialnämnden svarade"), ["Socialnämnden"]);
  assert.deepEqual(pieces('"psykisk ohälsa"', "om psykisk ohälsa hos barn"), ["psykisk ohälsa"]);
  assert.deepEqual(pieces("SOU 2022:67 ", "I SOU 2022:67 föreslås"), ["SOU 2022", "67"], "neighbours joined by a space share one mark");
  assert.deepEqual(search.highlight("a <b> c", () => false), [{ text: "a <b> c", mark: false }]);
});

test("status line: counts, at-least counts, no results, fallback and types", () => {
  const strings = {
    hitsOne: "1 träff för ”{q}”.",
    hitsMany: "{n} träffar för ”{q}”.",
    hitsAtLeast: "Minst {n} träffar för ”{q}”.",
    none: "Inga träffar för ”{q}”.",
    noneFiltered: "Inga träffar för ”{q}” med de valda avgränsningarna.",
    byType: "Visar {n}: {list}.",
    anyWord: "Ingen sida innehåller alla orden i ”{q}”.",
    nowhere: "Finns inte på webbplatsen: {words}.",
    anyHitsOne: "1 träff innehåller något av orden.",
    anyHitsMany: "{n} träffar innehåller något av orden.",
    anyHitsAtLeast: "Minst {n} träffar innehåller något av orden.",
  };
  const hit = (typeLabel) => ({ typeLabel });
  const info = (o) => ({ mode: "and", fellBack: false, filtered: false, exact: true, total: 0, ...o });
  assert.equal(search.statusText(strings, info({}), "qxzvbnm", []), "Inga träffar för ”qxzvbnm”.");
  assert.equal(search.statusText(strings, info({ filtered: true }), "x", []), "Inga träffar för ”x” med de valda avgränsningarna.");
  assert.equal(search.statusText(strings, info({ total: 1 }), " TFCO ", [hit("Remiss")]), "1 träff för ”TFCO”.");
  assert.equal(
    search.statusText(strings, info({ total: 1234 }), "barn", [hit("Remiss"), hit("Remissvar"), hit("Remissvar")], "sv"),
    "1\u00a0234 träffar för ”barn”. Visar 3: Remiss 1, Remissvar 2.",
  );
  assert.equal(
    search.statusText(strings, info({ total: 2, exact: false, mode: "or", fellBack: true }), "a b", [hit("Organ"), hit("Organ")]),
    "Ingen sida innehåller alla orden i ”a b”. Minst 2 träffar innehåller något av orden.",
  );
  assert.equal(
    search.statusText(strings, info({ total: 1, mode: "or", fellBack: true, nowhere: ["utkast"] }), "UTKAST remissvar", [hit("Remiss")]),
    "Ingen sida innehåller alla orden i ”UTKAST remissvar”. Finns inte på webbplatsen: utkast. 1 träff innehåller något av orden.",
    "said first, with the words that are nowhere",
  );
});

test("search.html: the script by URL, no inline script, every string defined in both languages", () => {
  const html = readFileSync(path.join(repo, "themes/default/templates/search.html"), "utf8");
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script src="{{ root }}search.js" defer></script>'.replace("</script>", "")]);
  assert.ok(!/\son[a-z]+=/i.test(html), "no inline event handlers");
  assert.match(html, /id="search-results" aria-live="polite"/);
  for (const f of ["type", "body", "party", "year", "stance"]) assert.match(html, new RegExp(`name="${f}"`));
  const section = (lang) => {
    const toml = readFileSync(path.join(repo, `themes/default/i18n/${lang}.toml`), "utf8");
    const body = toml.split(/^\[search\]$/m)[1].split(/^\[/m)[0];
    return new Set([...body.matchAll(/^([a-z_]+) =/gm)].map((m) => m[1]));
  };
  const sv = section("sv");
  const en = section("en");
  assert.deepEqual([...sv].sort(), [...en].sort());
  for (const m of html.matchAll(/t\.search\.([a-z_]+)/g)) assert.ok(sv.has(m[1]), `t.search.${m[1]}`);
  // every data-* string the page reads exists on the form
  const js = readFileSync(path.join(repo, "themes/default/static/search.js"), "utf8");
  for (const m of js.matchAll(/data\.([a-zA-Z]+)/g)) {
    const attr = "data-" + m[1].replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    assert.ok(html.includes(attr + '="'), attr);
  }
});
