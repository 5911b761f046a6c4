/* remiss search: the query side of the static index under sok/.
   The contract with the Rust indexer is docs/search.md. A classic script
   (no modules, no dependencies, no eval, no innerHTML with index data), so
   it runs under a strict `script-src 'self'` Content Security Policy.

   Layers, each usable without the next:
   - the text pipeline (normalise, fold, stem, keys) shared with src/search/;
   - parseQuery: query text -> terms;
   - createEngine(fetchJson): index files -> ranked, filtered hits;
   - highlight / renderHit: hits -> DOM nodes, given a `document`;
   - the page controller, started only in a browser on the search page.
   In Node, `require` returns the same object as `window.RemissSearch`. */
(function () {
  "use strict";

  /* ---------------------------------------------------------------- *
   * Text pipeline (docs/search.md, "Text → keys")                     *
   * ---------------------------------------------------------------- */

  /** Must equal `stopwords` in tests/search/vectors.json (a test checks it). */
  const STOPWORDS = [
    "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om",
    "ett", "men", "var", "sig", "så", "vi", "kan", "man", "eller", "vid", "från", "ska", "även", "samt", "detta",
    "dessa", "där", "denna", "då", "hos", "under", "ha", "sina", "sin", "sitt", "bör", "också", "mot", "än",
  ];
  const STOP = new Set(STOPWORDS);

  const DESIGNATION = /(sou|ds|prop|dir|skr)\.?\p{White_Space}*([0-9]{4}(?:\/[0-9]{2})?):([0-9]+)/gu;
  const CASE_NUMBER = /(?:^|[^\p{L}\p{N}])(\p{L}{2,4})\p{White_Space}+([0-9]{4})\/([0-9]+)/gu;
  const NUMBER_COLON = /([0-9]{4}(?:\/[0-9]{2})?):([0-9]+)/gu;
  const NUMBER_SLASH = /([0-9]{4})\/([0-9]+)(:?)/gu;
  const NUMBER_DOT = /(?:^|[^\p{L}\p{N}.])([0-9]+(?:\.[0-9]+)+)/gu;
  const WORD_BREAK = /[^\p{L}\p{N}]+/u;
  const WORD = /[\p{L}\p{N}]+/gu;
  const HAS_NUMBER = /\p{N}/u;
  const MARKS = /[\u0300-\u036f]/g;

  /** Step 1: NFC, then lowercase. */
  function normalise(text) {
    return String(text).normalize("NFC").toLowerCase();
  }

  /** Step 5: remove combining diacritics (å→a, ä→a, ö→o, é→e). */
  function fold(s) {
    return s.normalize("NFD").replace(MARKS, "").normalize("NFC");
  }

  function isStopword(word) {
    return STOP.has(word);
  }

  /* Snowball Swedish stemmer, a port of snowballstem.org's swedish.sbl as
     generated in rust-stemmers (Algorithm::Swedish). It works on code points,
     as the Rust stemmer does (hop 3 counts characters). */
  const VOWELS = new Set(Array.from("aeiouyäåö"));
  const S_ENDING = new Set(Array.from("bcdfghjklmnoprtvy"));
  // main_suffix, longest first so the first suffix that fits is the among's choice.
  const MAIN_SUFFIXES = [
    "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste", "en", "anden", "aren",
    "heten", "ern", "ar", "er", "heter", "or", "as", "arnas", "ernas", "ornas", "es", "ades", "andes", "ens",
    "arens", "hetens", "erns", "at", "andet", "het", "ast", "s",
  ].map((s) => Array.from(s)).sort((a, b) => b.length - a.length);
  const CONSONANT_PAIRS = new Set(["dd", "gd", "nn", "dt", "gt", "kt", "tt"]);
  const OTHER_SUFFIXES = [
    [Array.from("fullt"), Array.from("full")],
    [Array.from("löst"), Array.from("lös")],
    [Array.from("lig"), []],
    [Array.from("els"), []],
    [Array.from("ig"), []],
  ];

  /** True if `chars` ends with `suffix` and the suffix starts at or after `from`. */
  function endsWithFrom(chars, suffix, from) {
    const start = chars.length - suffix.length;
    if (start < from || start < 0) return false;
    for (let i = 0; i < suffix.length; i++) {
      if (chars[start + i] !== suffix[i]) return false;
    }
    return true;
  }

  /** R1: after the first non-vowel that follows a vowel, but at least 3 in. */
  function markRegions(c) {
    const n = c.length;
    if (n < 3) return n; // hop 3 fails: p1 stays at the limit
    let i = 0;
    while (i < n && !VOWELS.has(c[i])) i++; // goto v
    if (i >= n) return n;
    while (i < n && VOWELS.has(c[i])) i++; // gopast non-v
    if (i >= n) return n;
    const p1 = i + 1;
    return p1 < 3 ? 3 : p1;
  }

  /** Step 4: the Snowball Swedish stem of a lowercase word. */
  function stem(word) {
    const c = Array.from(word);
    const p1 = markRegions(c);
    // main_suffix
    for (const suffix of MAIN_SUFFIXES) {
      if (!endsWithFrom(c, suffix, p1)) continue;
      if (suffix.length === 1 && suffix[0] === "s") {
        const before = c.length - 2;
        if (before >= 0 && S_ENDING.has(c[before])) c.length -= 1;
      } else {
        c.length -= suffix.length;
      }
      break;
    }
    // consonant_pair
    if (c.length - 2 >= p1 && CONSONANT_PAIRS.has(c[c.length - 2] + c[c.length - 1])) {
      c.length -= 1;
    }
    // other_suffix
    for (const [suffix, replacement] of OTHER_SUFFIXES) {
      if (!endsWithFrom(c, suffix, p1)) continue;
      c.length -= suffix.length;
      for (const r of replacement) c.push(r);
      break;
    }
    return c.join("");
  }

  /**
   * Step 2, the special tokens of normalised text, as `{at, end, key}`: five
   * patterns, each over the whole text, sorted by position, then pattern.
   * (Rust's `\s` is Unicode White_Space, hence `\p{White_Space}` here.)
   */
  function specialMatches(lower) {
    const found = [];
    const each = (re, pattern, fn) => {
      let m;
      re.lastIndex = 0;
      while ((m = re.exec(lower)) !== null) {
        const r = fn(m);
        if (r) found.push({ at: r.at, pattern, end: m.index + m[0].length, key: r.key });
      }
    };
    each(DESIGNATION, 1, (m) => ({ at: m.index, key: m[1] + m[2] + ":" + m[3] }));
    // at the start of group 1: after the one character before the letters, if any
    each(CASE_NUMBER, 2, (m) => ({ at: m.index + m[0].indexOf(m[1]), key: fold(m[1]) + m[2] + "/" + m[3] }));
    each(NUMBER_COLON, 3, (m) => ({ at: m.index, key: m[1] + ":" + m[2] }));
    each(NUMBER_SLASH, 4, (m) => (m[3] === "" ? { at: m.index, key: m[1] + "/" + m[2] } : null));
    // at the start of group 1, as for case numbers
    each(NUMBER_DOT, 5, (m) => ({ at: m.index + m[0].length - m[1].length, key: m[1] }));
    found.sort((a, b) => a.at - b.at || a.pattern - b.pattern);
    return found;
  }

  /** Step 2: the special keys of normalised text, in order of appearance. */
  function specialKeys(lower) {
    return specialMatches(lower).map((f) => f.key);
  }

  /** The keys of one lowercase word: `{word, key, exact}`, or null for a stopword. */
  function wordKeys(w) {
    if (STOP.has(w)) return null;
    if (HAS_NUMBER.test(w)) return { word: w, key: w, exact: null };
    const stemmed = stem(w);
    const key = fold(stemmed);
    return { word: w, key, exact: key !== stemmed ? "=" + stemmed : null };
  }

  /** Step 3: the words of normalised text; stopwords are null (they break phrases). */
  function words(lower) {
    return lower.split(WORD_BREAK).filter((w) => w !== "").map(wordKeys);
  }

  /** Every key of a text, as in the vectors: special tokens, then each word's key and exact key. */
  function keys(text) {
    const lower = normalise(text);
    const out = specialKeys(lower);
    for (const w of words(lower)) {
      if (!w) continue;
      out.push(w.key);
      if (w.exact) out.push(w.exact);
    }
    return out;
  }

  /* ---------------------------------------------------------------- *
   * Query parsing                                                     *
   * ---------------------------------------------------------------- */

  const QUOTES = "\"“”„«»";
  const QUOTE_RE = new RegExp("[" + QUOTES + "]");
  const ENDS_IN_WORD = /[\p{L}\p{N}]$/u;

  /**
   * Parses a query into terms. A term is one requirement of the query:
   * - `word`: a word's key, its exact key (bonus) and, for the last word
   *   when the query does not end in a space, a prefix;
   * - `special`: a designation or case number key;
   * - `pair`: a phrase pair key `a_b` (from text in quotes), with a prefix
   *   when the phrase is still being typed.
   * `optional` terms add to the score but are never required (a stopword
   * that may be the start of a longer word).
   */
  function parseQuery(query, options) {
    const proximity = !options || options.proximity !== false;
    const raw = String(query == null ? "" : query);
    const lower = normalise(raw);
    // Split into free text and phrases; an unclosed quote runs to the end.
    const parts = [];
    let rest = lower;
    let openEnd = false;
    for (;;) {
      const i = rest.search(QUOTE_RE);
      if (i < 0) {
        parts.push({ text: rest, phrase: false });
        break;
      }
      parts.push({ text: rest.slice(0, i), phrase: false });
      rest = rest.slice(i + 1);
      const j = rest.search(QUOTE_RE);
      if (j < 0) {
        parts.push({ text: rest, phrase: true });
        openEnd = true;
        break;
      }
      parts.push({ text: rest.slice(0, j), phrase: true });
      rest = rest.slice(j + 1);
    }
    // The last word is a prefix only if the query ends inside it.
    const prefixOpen = ENDS_IN_WORD.test(lower);

    const terms = [];
    const byId = new Map();
    function add(term) {
      const id = term.kind + ":" + term.key;
      const seen = byId.get(id);
      if (seen) {
        if (term.prefix && !seen.prefix) seen.prefix = term.prefix;
        if (!term.optional) seen.optional = false;
        if (!term.near) seen.near = false;
        return seen;
      }
      byId.set(id, term);
      terms.push(term);
      return term;
    }

    // Special tokens; one the query ends in may still be being typed ("SOU 2022:6").
    const joined = parts.map((p) => p.text).join(" ");
    // Words that are parts of a designation or case number ("sou", "2022",
    // "67") only add to the score: the whole token is what must match.
    const partOfSpecial = new Set();
    for (const sm of specialMatches(joined)) {
      const prefix = prefixOpen && sm.end === joined.length ? sm.key : null;
      add({ kind: "special", key: sm.key, exact: null, prefix, optional: false, word: sm.key });
      for (const w of joined.slice(sm.at, sm.end).split(WORD_BREAK)) if (w) partOfSpecial.add(w);
    }

    const lastPart = parts.length - 1;
    const outside = new Set();
    let phraseCount = 0;
    parts.forEach((part, pi) => {
      const list = part.text.split(WORD_BREAK).filter((w) => w !== "");
      const last = pi === lastPart && prefixOpen && (!part.phrase || openEnd) ? list.length - 1 : -1;
      let previous = null;
      const phraseWords = [];
      let pairs = 0;
      list.forEach((w, wi) => {
        const k = wordKeys(w);
        const prefix = wi === last ? fold(w) : null;
        if (!k) {
          // A stopword: no key, but while typing it may start a longer word.
          if (prefix) add({ kind: "word", key: "", exact: null, prefix, optional: true, word: w });
          previous = null;
          return;
        }
        const term = add({ kind: "word", key: k.key, exact: k.exact, prefix, optional: partOfSpecial.has(w), word: w });
        if (part.phrase) phraseWords.push(term);
        else outside.add(term);
        if (!part.phrase && previous && proximity && previous.key !== k.key && !partOfSpecial.has(w) && !partOfSpecial.has(previous.word)) {
          // Neighbours in the query: a page that has them side by side (a
          // pair key) ranks higher; the pair is never required.
          add({ kind: "pair", key: "_" + previous.key + "_" + k.key, exact: null, prefix: null, optional: true, word: previous.word + " " + w, near: true });
        }
        if (part.phrase && previous) {
          pairs++;
          add({
            kind: "pair",
            key: "_" + previous.key + "_" + k.key,
            exact: null,
            prefix: prefix ? "_" + previous.key + "_" + prefix : null,
            optional: false,
            word: previous.word + " " + w,
          });
          phraseCount++;
        }
        previous = k;
      });
      // Inside a phrase the pairs carry the match; its words only add score.
      if (pairs) for (const t of phraseWords) if (!outside.has(t)) t.optional = true;
    });
    for (const t of outside) t.optional = partOfSpecial.has(t.word) && t.optional;
    return { query: raw, terms, phrase: phraseCount > 0, prefix: terms.some((t) => t.prefix) };
  }

  /* ---------------------------------------------------------------- *
   * Engine: index files -> hits                                       *
   * ---------------------------------------------------------------- */

  const EXACT_BONUS = 0.25;
  /* A document with a query word's exact letters (`Brå`, not only `bra`)
     ranks above every document without them: each exact match adds this
     tier, more than the impacts (at most 255 a key) of 16 query words. */
  const EXACT_TIER = 4096;
  /* While the last word may still be being typed, a page with the whole
     word or token (`SOU 2020:1`, `barn`) ranks above every page that only
     has a longer key it begins (`SOU 2020:12`, `barnomsorg`): more than one
     key's impact, less than exact letters. */
  const WHOLE_TIER = 256;
  /* Neighbour pairs are looked up only when each word of the query is on
     more than this share of the documents: then pages with every word are
     many, and side by side is what tells the one meant. With a rarer word
     the pages are few and the pair shards (about 11 KB each) are not worth
     fetching. On the 1,000-case relevance queries: 60 % right first for a
     median of 60 KB, against 63 % for 80 KB always and 49 % for 58 KB never. */
  const NEAR_MIN_SHARE = 0.02;
  /* With any word allowed, a page with more of the query's words ranks above
     every page with fewer: each word found adds this, more than all of one
     word's score can be, so a page that has two of three words is not
     buried under pages that say one of them often. */
  const WORD_TIER = 1 << 20;
  const exactScore = (impact) => (impact > 0 ? EXACT_TIER + EXACT_BONUS * impact : 0);
  const MAX_PREFIX_KEYS = 50;
  const MAX_PREFIX_SHARDS = 2;
  const COMMON_KEEP = 1000;
  /* When no page has every word and the search falls back to any word, the
     first page holds this many: they are weaker matches, and a full page of
     them reads as if the query had been found. */
  const ANY_WORD_PAGE = 5;
  const FILTERS = ["type", "body", "party", "year", "stance"];

  /** Index of the shard holding `key`: the last shard whose first key is <= key (UTF-16 order). */
  function shardIndex(shards, key) {
    let lo = 0;
    let hi = shards.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (shards[mid] <= key) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Turns filter values from the URL (names, not indexes) into manifest indexes; unknown values are dropped. */
  function resolveFilters(manifest, filters) {
    const out = {};
    if (!filters) return out;
    const pick = (list, value) => {
      if (value == null || value === "" || !Array.isArray(list)) return -1;
      const v = String(value);
      let i = list.indexOf(v);
      if (i < 0) i = list.findIndex((x) => String(x).toLowerCase() === v.toLowerCase());
      return i;
    };
    const t = pick(manifest.types, filters.type);
    if (t >= 0) out.type = t;
    const b = pick(manifest.bodies, filters.body);
    if (b >= 0) out.body = b;
    const p = pick(manifest.parties, filters.party);
    if (p >= 0) out.party = p;
    const s = pick(manifest.stances, filters.stance);
    if (s >= 0) out.stance = s;
    const y = parseInt(filters.year, 10);
    if (y > 0 && (!Array.isArray(manifest.years) || manifest.years.indexOf(y) >= 0)) out.year = y;
    return out;
  }

  /** True if a meta row `[type, title, url, date, body, parties, stance, year, excerpt]` passes the filters. */
  function passes(row, f) {
    if (f.type !== undefined && row[0] !== f.type) return false;
    if (f.body !== undefined && row[4] !== f.body) return false;
    if (f.party !== undefined && !(Array.isArray(row[5]) && row[5].indexOf(f.party) >= 0)) return false;
    if (f.stance !== undefined && row[6] !== f.stance) return false;
    if (f.year !== undefined && row[7] !== f.year) return false;
    return true;
  }

  /** A meta row as an object with names instead of indexes. */
  function describe(manifest, doc, row) {
    const at = (list, i) => (Array.isArray(list) && i >= 0 && i < list.length ? list[i] : null);
    const parties = (Array.isArray(row[5]) ? row[5] : []).map((i) => ({
      abbreviation: at(manifest.parties, i) || "",
      name: at(manifest.partyNames, i) || "",
    }));
    return {
      doc,
      type: at(manifest.types, row[0]) || "",
      typeLabel: at(manifest.typeLabels, row[0]) || at(manifest.types, row[0]) || "",
      title: row[1] == null ? "" : String(row[1]),
      url: row[2] == null ? "" : String(row[2]),
      date: row[3] == null ? "" : String(row[3]),
      body: at(manifest.bodies, row[4]) || "",
      parties,
      stance: at(manifest.stances, row[6]) || "",
      stanceLabel: at(manifest.stanceLabels, row[6]) || at(manifest.stances, row[6]) || "",
      year: typeof row[7] === "number" ? row[7] : 0,
      excerpt: row[8] == null ? "" : String(row[8]),
    };
  }

  /**
   * The query engine. `fetchJson(path)` returns a promise of the parsed JSON
   * of a file in `sok/`: "index.json", then e.g. "t3.json?v=<build>".
   * Every file is fetched at most once (failed fetches are retried).
   */
  function createEngine(fetchJson, options) {
    const opts = Object.assign(
      { maxPrefixKeys: MAX_PREFIX_KEYS, maxPrefixShards: MAX_PREFIX_SHARDS, firstPageFromHeads: true, proximity: true, nearMinShare: NEAR_MIN_SHARE },
      options || {},
    );
    const files = new Map();
    const lists = new Map();
    let manifestPromise = null;
    const stats = { fetched: [] };

    function cached(path) {
      let p = files.get(path);
      if (!p) {
        stats.fetched.push(path);
        p = Promise.resolve()
          .then(() => fetchJson(path))
          .catch((e) => {
            files.delete(path);
            throw e;
          });
        files.set(path, p);
      }
      return p;
    }

    function manifest() {
      if (!manifestPromise) {
        manifestPromise = cached("index.json").then((m) => {
          if (!m || m.version !== 1 || !Array.isArray(m.shards)) throw new Error("unsupported search index");
          return m;
        });
        manifestPromise.catch(() => {
          manifestPromise = null;
        });
      }
      return manifestPromise;
    }

    async function file(name) {
      const m = await manifest();
      return cached(name + "?v=" + encodeURIComponent(m.build));
    }

    async function shard(i) {
      return file("t" + i + ".json");
    }

    function own(obj, key) {
      return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
    }

    /** A posting list from a shard entry `[df, tail, doc, impact, ...]`. */
    function makeList(key, entry) {
      const list = { key, df: 0, tail: -1, map: new Map(), min: 0, complete: true, tailPromise: null };
      if (Array.isArray(entry) && entry.length >= 2) {
        list.df = entry[0];
        list.tail = entry[1];
        for (let i = 2; i + 1 < entry.length; i += 2) {
          list.map.set(entry[i], entry[i + 1]);
          list.min = entry[i + 1];
        }
        list.complete = !(typeof list.tail === "number" && list.tail >= 0);
      }
      return list;
    }

    /** The head of a key's posting list (one shard fetch). */
    function postings(key) {
      let p = lists.get(key);
      if (!p) {
        p = manifest()
          .then((m) => shard(shardIndex(m.shards, key)))
          .then((s) => makeList(key, own(s, key)));
        p.catch(() => lists.delete(key));
        lists.set(key, p);
      }
      return p;
    }

    /** Loads the rest of a posting list from its tail file. */
    function loadTail(list) {
      if (list.complete) return Promise.resolve(list);
      if (!list.tailPromise) {
        list.tailPromise = file("p" + list.tail + ".json").then(
          (t) => {
            const rest = own(t, list.key);
            if (Array.isArray(rest)) {
              for (let i = 0; i + 1 < rest.length; i += 2) {
                if (!list.map.has(rest[i])) list.map.set(rest[i], rest[i + 1]);
              }
            }
            list.complete = true;
            list.min = 0;
            return list;
          },
          (e) => {
            list.tailPromise = null;
            throw e;
          },
        );
      }
      return list.tailPromise;
    }

    /**
     * Keys starting with `prefix`: those in its shard and in following shards
     * whose first key starts with it, the most frequent first, at most
     * `maxPrefixKeys`.
     */
    async function prefixKeys(prefix) {
      const m = await manifest();
      const first = shardIndex(m.shards, prefix);
      const wanted = [first];
      for (let i = first + 1; i < m.shards.length && wanted.length < opts.maxPrefixShards; i++) {
        if (!m.shards[i].startsWith(prefix)) break;
        wanted.push(i);
      }
      const shards = await Promise.all(wanted.map(shard));
      const found = [];
      for (const s of shards) {
        for (const k of Object.keys(s)) {
          if (k.startsWith(prefix) && Array.isArray(s[k])) found.push([k, s[k][0]]);
        }
      }
      found.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return found.slice(0, opts.maxPrefixKeys).map((f) => f[0]);
    }

    async function meta(doc) {
      const m = await manifest();
      const chunk = m.chunk || 64;
      const rows = await file("m" + Math.floor(doc / chunk) + ".json");
      const row = Array.isArray(rows) ? rows[doc % chunk] : null;
      return Array.isArray(row) ? row : null;
    }

    /* A term's alternatives: `main` (+ EXACT_TIER + EXACT_BONUS × `exact`) or the best
       prefix key. Prefix keys are head-only: they are a typing aid, and
       fetching up to 50 tails for them is not worth it. */
    async function buildTerm(t) {
      const term = { source: t, main: null, exact: null, prefixes: [], optional: t.optional, common: false };
      const jobs = [];
      if (t.key) jobs.push(postings(t.key).then((l) => (term.main = l)));
      if (t.exact) jobs.push(postings(t.exact).then((l) => (term.exact = l)));
      if (t.prefix) {
        jobs.push(
          prefixKeys(t.prefix)
            .then((ks) => Promise.all(ks.filter((k) => k !== t.key).map(postings)))
            .then((ls) => {
              term.prefixes = ls.map((l) => ({ key: l.key, map: l.map, min: 0, complete: true, df: l.df }));
            }),
        );
      }
      await Promise.all(jobs);
      // A common key only ranks: it is never required (docs/search.md).
      if (term.main && term.main.df > (await commonThreshold())) {
        term.optional = true;
        term.common = true;
      }
      return term;
    }

    /** Keys with a larger df are common: Rust keeps only their best postings. */
    async function commonThreshold() {
      if (typeof opts.commonThreshold === "number") return opts.commonThreshold;
      const m = await manifest();
      if (typeof m.common === "number") return m.common;
      return Math.max(Math.floor((m.docs || 0) / 20), COMMON_KEEP);
    }

    /** [lower, upper] bounds of a term's score for a doc, given what is loaded. */
    function bounds(term, doc) {
      let lo = 0;
      let hi = 0;
      const one = (l) => {
        if (!l) return [0, 0];
        const v = l.map.get(doc);
        if (v !== undefined) return [v, v];
        return [0, l.complete ? 0 : l.min];
      };
      if (term.main) {
        const a = one(term.main);
        const e = one(term.exact);
        const whole = term.prefixes.length ? WHOLE_TIER : 0;
        lo = a[0] > 0 ? a[0] + whole + exactScore(e[0]) : 0;
        hi = a[1] > 0 ? a[1] + whole + exactScore(e[1]) : 0;
      }
      for (const p of term.prefixes) {
        const v = p.map.get(doc);
        if (v !== undefined) {
          if (v > lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      return [lo, hi];
    }

    /** Upper bound of a term's score for a doc seen in no loaded posting. */
    function unseenBound(term) {
      if (!term.main || term.main.complete) return 0;
      return term.main.min + (term.prefixes.length ? WHOLE_TIER : 0) + (term.exact && !term.exact.complete ? exactScore(term.exact.min) : 0);
    }

    function incompleteLists(terms) {
      const out = [];
      for (const t of terms) {
        for (const l of [t.main, t.exact]) if (l && !l.complete) out.push(l);
      }
      return out;
    }

    /**
     * A search. `session.next(n)` resolves to the next n hits (fewer at the
     * end), in score order, filtered; `session.info()` tells the mode
     * ("and", "phrase", "phrase-words", "or" or "empty") and the count.
     */
    function search(query, filters) {
      const parsed = typeof query === "string" || query == null ? parseQuery(query, opts) : query;
      let mode = "empty";
      let terms = [];
      let required = () => false;
      const emitted = new Set();
      const shown = [];
      let done = false;
      let filter = {};
      let filtering = false;
      let readyPromise = null;
      let fellBack = false;
      const buffer = [];

      /* The first page is ranked from what the term shards hold, never
         from tail files: a key whose posting list has a tail is then not
         required when another required key's list is complete (its
         documents are all known), and documents outside the loaded
         postings are not considered. This keeps the first query small;
         later pages are exact. */
      let relaxed = opts.firstPageFromHeads;
      // When every required key has a tail and too few documents are in
      // all their heads, the first page is filled from any of the heads.
      let headsOr = false;
      let strict = () => false;

      function complete(t) {
        return !t.main || t.main.complete;
      }

      function setMode(m) {
        mode = m;
        emitted.clear();
        buffer.length = 0;
        done = false;
        if (m === "and" || m === "phrase") strict = (t) => !t.optional;
        else if (m === "phrase-words") strict = (t) => t.source.kind === "pair";
        else strict = () => false;
        required = (t) => {
          if (!strict(t)) return false;
          if (!relaxed || complete(t)) return true;
          if (headsOr) return false;
          return !terms.some((o) => strict(o) && complete(o));
        };
      }

      /** Whether to look up the neighbour pairs (NEAR_MIN_SHARE). */
      function nearNeeded(m) {
        const dfs = terms.filter((t) => t.source.kind === "word" && t.main).map((t) => t.main.df);
        return dfs.length > 1 && Math.min(...dfs) > opts.nearMinShare * (m.docs || 0);
      }

      function ready() {
        if (!readyPromise) {
          readyPromise = (async () => {
            const m = await manifest();
            filter = resolveFilters(m, filters);
            filtering = Object.keys(filter).length > 0;
            terms = await Promise.all(parsed.terms.filter((t) => !t.near).map(buildTerm));
            if (nearNeeded(m)) terms.push(...(await Promise.all(parsed.terms.filter((t) => t.near).map(buildTerm))));
            if (!terms.some((t) => !t.optional)) {
              setMode(terms.length ? "or" : "empty");
              if (!terms.length) done = true;
            } else {
              setMode(parsed.phrase ? "phrase" : "and");
            }
            return m;
          })();
        }
        return readyPromise;
      }

      /** Candidates not yet emitted, with bounds; impossible ones are dropped. */
      function table() {
        const seen = new Set();
        for (const t of terms) {
          for (const l of [t.main, t.exact]) if (l) for (const d of l.map.keys()) seen.add(d);
          for (const p of t.prefixes) for (const d of p.map.keys()) seen.add(d);
        }
        const rows = [];
        for (const doc of seen) {
          if (emitted.has(doc)) continue;
          let lo = 0;
          let hi = 0;
          let confirmed = true;
          let possible = true;
          let anyLo = false;
          let anyHi = false;
          for (const t of terms) {
            const b = bounds(t, doc);
            if (mode === "or") {
              if (b[0] > 0) b[0] += WORD_TIER;
              if (b[1] > 0) b[1] += WORD_TIER;
            }
            lo += b[0];
            hi += b[1];
            if (b[0] > 0) anyLo = true;
            if (b[1] > 0) anyHi = true;
            if (required(t)) {
              if (b[1] <= 0) possible = false;
              if (b[0] <= 0) confirmed = false;
            }
          }
          if (!possible || !anyHi) continue;
          rows.push({ doc, lo, hi, confirmed: confirmed && anyLo });
        }
        let unseen = 0;
        let unseenPossible = true;
        let anyUnseen = false;
        for (const t of terms) {
          let b = unseenBound(t);
          if (mode === "or" && b > 0) b += WORD_TIER;
          unseen += b;
          if (b > 0) anyUnseen = true;
          else if (required(t)) unseenPossible = false;
        }
        if (!unseenPossible || !anyUnseen || relaxed) unseen = -1;
        return { rows, unseen };
      }

      /**
       * Docs that can be emitted now in exact rank order: the best remaining
       * confirmed candidate goes out once no other candidate, and no unseen
       * doc, can still score higher. `need` says tails must load first.
       */
      function rank(k) {
        const { rows, unseen } = table();
        const byLo = rows.slice().sort((a, b) => b.lo - a.lo || a.doc - b.doc);
        const byHi = rows.slice().sort((a, b) => b.hi - a.hi || a.doc - b.doc);
        const out = [];
        const taken = new Set();
        let h = 0;
        for (const c of byLo) {
          if (out.length >= k) return { docs: out, need: false };
          if (relaxed) {
            // Heads only: the best by what is loaded, no proof needed.
            if (c.confirmed) out.push(c);
            continue;
          }
          if (!c.confirmed) return { docs: out, need: true };
          while (h < byHi.length && (taken.has(byHi[h].doc) || byHi[h] === c)) h++;
          const other = byHi[h];
          if (other && (other.hi > c.lo || (other.hi === c.lo && other.doc < c.doc))) return { docs: out, need: true };
          if (unseen > c.lo) return { docs: out, need: true };
          out.push(c);
          taken.add(c.doc);
        }
        return { docs: out, need: out.length < k && unseen >= 0 };
      }

      /** Loads every tail this query still lacks; false if there is none. */
      async function loadTails() {
        const todo = incompleteLists(terms);
        if (!todo.length) return false;
        await Promise.all(todo.map(loadTail));
        return true;
      }

      async function nextIn(k) {
        // hits found beyond the last page (filtered batches overshoot)
        const hits = buffer.splice(0, k);
        const m = await manifest();
        while (hits.length < k && !done) {
          // with filters, check meta of a larger batch at once (in parallel)
          const want = filtering ? Math.max(32, 2 * (k - hits.length)) : k - hits.length;
          const r = rank(want);
          for (const c of r.docs) emitted.add(c.doc);
          if (r.docs.length) {
            const rows = await Promise.all(r.docs.map((c) => meta(c.doc)));
            r.docs.forEach((c, i) => {
              const row = rows[i];
              if (!row) return;
              if (filtering && !passes(row, filter)) return;
              const hit = describe(m, c.doc, row);
              hit.score = c.lo;
              if (fellBack && mode === "or") hit.missing = missingWords(c.doc);
              hits.push(hit);
            });
            // fewer than asked and nothing pending: every candidate is out
            if (r.docs.length < want && !r.need) finishOrTighten();
            continue;
          }
          if (relaxed) {
            finishOrTighten();
            continue;
          }
          if (r.need && (await loadTails())) continue;
          done = true;
        }
        if (hits.length > k) buffer.push(...hits.splice(k));
        return hits;
      }

      /* The heads are used up. If a required key's list was complete,
         every matching document has been seen: done. Otherwise rank
         exactly from here on, loading tails as needed. */
      function finishOrTighten() {
        if (relaxed && !terms.some((t) => strict(t) && complete(t)) && incompleteLists(terms).length) {
          if (!headsOr && shown.length === 0) {
            headsOr = true;
          } else {
            relaxed = false;
            headsOr = false;
          }
        } else {
          done = true;
        }
      }

      async function next(n) {
        await ready();
        const k = n > 0 ? n : 10;
        let hits = await nextIn(k);
        // Fallbacks, only before anything was shown.
        if (!hits.length && !shown.length && done && !fellBack) {
          if (mode === "and" && terms.filter((t) => !t.optional).length > 1) {
            fellBack = true;
            setMode("or");
            hits = await nextIn(Math.min(k, ANY_WORD_PAGE));
          } else if (mode === "phrase" && terms.some((t) => t.source.kind !== "pair" && !t.optional && !isPairWord(t))) {
            fellBack = true;
            setMode("phrase-words");
            hits = await nextIn(k);
          }
        }
        for (const h of hits) shown.push(h);
        relaxed = false;
        headsOr = false;
        return hits;
      }

      /* Words inside the phrase are implied by its pairs; only words outside
         the phrase can be relaxed. */
      function isPairWord(t) {
        if (t.source.kind !== "word") return false;
        return parsed.terms.some(
          (p) => p.kind === "pair" && (p.key.startsWith("_" + t.source.key + "_") || p.key.endsWith("_" + t.source.key)),
        );
      }

      /* A word the query asks for that a document certainly lacks: every
         posting list of the word is whole and none holds the document. A
         common word's list keeps only its best postings, so it proves
         nothing. */
      function lacks(t, doc) {
        return provable(t) && listsOf(t).every((l) => l.complete && !l.map.has(doc));
      }

      /** Whether a term's lists can prove a word absent (see lacks). */
      function provable(t) {
        return !t.optional && !t.common && t.source.kind === "word";
      }

      function listsOf(t) {
        return [t.main, t.exact, ...t.prefixes].filter(Boolean);
      }

      /** The query words `doc` lacks, as typed. */
      function missingWords(doc) {
        return terms.filter((t) => lacks(t, doc)).map((t) => t.source.word);
      }

      /** The query words no page has at all, as typed. */
      function nowhere() {
        return terms
          .filter((t) => provable(t) && listsOf(t).every((l) => l.complete && l.map.size === 0))
          .map((t) => t.source.word);
      }

      /** What is known about the number of hits. */
      function info() {
        const out = {
          mode,
          fellBack,
          nowhere: fellBack && mode === "or" ? nowhere() : [],
          shown: shown.length,
          done: done && buffer.length === 0,
          total: shown.length + buffer.length,
          exact: done,
          filtered: filtering,
        };
        // Filtered: known only once every candidate was checked.
        if (done || filtering || mode === "empty") return out;
        const complete = incompleteLists(terms).length === 0;
        const { rows } = table();
        const confirmed = rows.filter((r) => r.confirmed).length + emitted.size;
        const req = terms.filter((t) => required(t));
        const single = terms.length === 1 && req.length === 1 && !terms[0].prefixes.length && terms[0].main;
        if (complete) {
          out.total = confirmed;
          out.exact = true;
        } else if (single) {
          out.total = terms[0].main.df;
          out.exact = true;
        } else {
          out.total = Math.max(confirmed, shown.length);
          out.exact = false;
        }
        return out;
      }

      return {
        parsed,
        next,
        info,
        get mode() {
          return mode;
        },
        get done() {
          return done && buffer.length === 0;
        },
        ready,
      };
    }

    return { manifest, search, meta, postings, loadTail, prefixKeys, file, stats, describe: describe };
  }

  /* ---------------------------------------------------------------- *
   * Highlighting and rendering (DOM APIs only, never innerHTML)       *
   * ---------------------------------------------------------------- */

  /** A predicate: does a word of the text match the query? */
  function matcher(parsed) {
    const exactKeys = new Set();
    const prefixes = [];
    const parts = [];
    for (const t of parsed.terms) {
      if (t.kind === "word" && t.key) {
        exactKeys.add(t.key);
        if (t.key.length >= 4) parts.push(t.key);
      }
      if (t.kind === "word" && t.prefix) prefixes.push(t.prefix);
    }
    return (word) => {
      const k = wordKeys(normalise(word));
      if (!k) return false;
      if (exactKeys.has(k.key)) return true;
      const f = fold(normalise(word));
      for (const p of prefixes) if (f.startsWith(p)) return true;
      // compounds: "nämnd" marks "socialnämnden"
      for (const p of parts) if (f.length > p.length && f.indexOf(p) >= 0) return true;
      return false;
    };
  }

  /** Splits text into `[{text, mark}]` pieces; words that match are marked. */
  function highlight(text, match) {
    const s = String(text);
    const out = [];
    let last = 0;
    let m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(s)) !== null) {
      if (!match(m[0])) continue;
      if (m.index > last) out.push({ text: s.slice(last, m.index), mark: false });
      out.push({ text: m[0], mark: true });
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push({ text: s.slice(last), mark: false });
    // merge neighbouring marks separated only by spaces ("psykisk ohälsa")
    const merged = [];
    for (const p of out) {
      const prev = merged[merged.length - 1];
      const prev2 = merged[merged.length - 2];
      if (p.mark && prev && !prev.mark && prev2 && prev2.mark && /^[ \u00a0]+$/.test(prev.text)) {
        prev2.text += prev.text + p.text;
        merged.pop();
      } else {
        merged.push(Object.assign({}, p));
      }
    }
    return merged;
  }

  /** Appends text with <mark> around matching words to `el`. */
  function appendHighlighted(doc, el, text, match) {
    for (const p of highlight(text, match)) {
      if (p.mark) {
        const mark = doc.createElement("mark");
        mark.textContent = p.text;
        el.appendChild(mark);
      } else {
        el.appendChild(doc.createTextNode(p.text));
      }
    }
  }

  function formatDate(iso, lang) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso || "";
    try {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return new Intl.DateTimeFormat(lang || "sv", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    } catch (e) {
      return iso;
    }
  }

  function slug(s) {
    return fold(normalise(s)).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  /**
   * One result as an <li>: link, type label, date, body or parties, stance,
   * snippet. `ctx` = { root, lang, match }. Index data only ever goes into
   * textContent, text nodes and the href (prefixed with the root, so it stays
   * a relative URL).
   */
  function renderHit(doc, hit, ctx) {
    const c = ctx || {};
    const match = c.match || (() => false);
    const li = doc.createElement("li");
    li.className = "search-hit search-hit-" + slug(hit.type || "");

    const title = doc.createElement("h3");
    title.className = "search-hit-title card-title";
    const a = doc.createElement("a");
    a.setAttribute("href", (c.root == null ? "../" : c.root) + String(hit.url || "").replace(/^\/+/, ""));
    appendHighlighted(doc, a, hit.title || hit.url || "", match);
    title.appendChild(a);
    li.appendChild(title);

    const meta = doc.createElement("p");
    meta.className = "meta";
    const pieces = [];
    const type = doc.createElement("span");
    type.className = "search-hit-type";
    type.textContent = hit.typeLabel || hit.type || "";
    pieces.push(type);
    if (hit.date) {
      const time = doc.createElement("time");
      time.setAttribute("datetime", hit.date);
      time.textContent = formatDate(hit.date, c.lang);
      pieces.push(time);
    }
    if (hit.body) {
      const body = doc.createElement("span");
      body.textContent = hit.body;
      pieces.push(body);
    }
    if (hit.parties && hit.parties.length) {
      const span = doc.createElement("span");
      hit.parties.forEach((p, i) => {
        if (i) span.appendChild(doc.createTextNode(", "));
        span.appendChild(doc.createTextNode(p.abbreviation));
        if (p.name && p.name !== p.abbreviation) {
          const name = doc.createElement("span");
          name.className = "visually-hidden";
          name.textContent = " (" + p.name + ")";
          span.appendChild(name);
        }
      });
      pieces.push(span);
    }
    if (hit.stanceLabel) {
      const st = doc.createElement("span");
      st.className = "stance stance-" + slug(hit.stance || hit.stanceLabel);
      st.textContent = hit.stanceLabel;
      pieces.push(st);
    }
    pieces.forEach((p, i) => {
      if (i) meta.appendChild(doc.createTextNode(" · "));
      meta.appendChild(p);
    });
    li.appendChild(meta);

    if (hit.excerpt) {
      const p = doc.createElement("p");
      p.className = "search-hit-snippet excerpt";
      appendHighlighted(doc, p, hit.excerpt, match);
      li.appendChild(p);
    }
    if (hit.missing && hit.missing.length) {
      // As search engines do: the words this page lacks, struck through.
      const p = doc.createElement("p");
      p.className = "search-hit-missing meta";
      p.appendChild(doc.createTextNode((c.missing || "Saknar:") + " "));
      hit.missing.forEach((w, i) => {
        if (i) p.appendChild(doc.createTextNode(", "));
        const del = doc.createElement("s");
        del.textContent = w;
        p.appendChild(del);
      });
      li.appendChild(p);
    }
    return li;
  }

  /** Fills a "{n}"/"{q}" template. */
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, (all, k) => (values[k] === undefined ? all : String(values[k])));
  }

  /** The status line's text from `session.info()` and the hits shown. */
  function statusText(strings, info, query, hits, lang) {
    const s = strings || {};
    const q = String(query).trim();
    const nf = (n) => {
      try {
        return new Intl.NumberFormat(lang || "sv").format(n);
      } catch (e) {
        return String(n);
      }
    };
    if (!info.total && !hits.length) return fill(info.filtered ? s.noneFiltered || s.none : s.none, { q });
    let text;
    if (info.fellBack && info.mode === "or") {
      // First that nothing had every word, and which words are nowhere.
      text = fill(s.anyWord, { q });
      const nowhere = info.nowhere || [];
      if (nowhere.length) text += " " + fill(s.nowhere, { words: nowhere.join(", ") });
      const count = info.exact ? (info.total === 1 ? s.anyHitsOne : s.anyHitsMany) : s.anyHitsAtLeast;
      text += " " + fill(count, { n: nf(info.total) });
    } else {
      if (info.exact) text = fill(info.total === 1 ? s.hitsOne : s.hitsMany, { n: nf(info.total), q });
      else text = fill(s.hitsAtLeast, { n: nf(info.total), q });
      if (info.fellBack) text += " " + (s.phraseOnly || "");
    }
    const counts = new Map();
    for (const h of hits) counts.set(h.typeLabel, (counts.get(h.typeLabel) || 0) + 1);
    if (counts.size > 1 || (counts.size === 1 && hits.length < info.total)) {
      const list = Array.from(counts, ([label, n]) => label + " " + nf(n)).join(", ");
      text += " " + fill(s.byType, { n: nf(hits.length), list });
    }
    return text.trim();
  }

  /* ---------------------------------------------------------------- *
   * The search page                                                   *
   * ---------------------------------------------------------------- */

  function readParams(search) {
    const p = new URLSearchParams(search || "");
    const out = { q: p.get("q") || "" };
    for (const f of FILTERS) out[f] = p.get(f) || "";
    return out;
  }

  function writeParams(state) {
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    for (const f of FILTERS) if (state[f]) p.set(f, state[f]);
    const s = p.toString();
    return s ? "?" + s : "";
  }

  function browserFetchJson(path) {
    return fetch(path, { credentials: "same-origin", cache: path === "index.json" ? "no-cache" : "default" }).then((r) => {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  }

  function startPage(win) {
    const doc = win.document;
    const results = doc.getElementById("search-results");
    const form = doc.getElementById("search-form");
    const input = doc.getElementById("q");
    if (!results || !form || !input) return null;
    const data = form.dataset;
    const strings = {
      hitsOne: data.hitsOne,
      hitsMany: data.hitsMany,
      hitsAtLeast: data.hitsAtLeast,
      none: data.none,
      noneFiltered: data.noneFiltered,
      byType: data.byType,
      anyWord: data.anyWord,
      nowhere: data.nowhere,
      anyHitsOne: data.anyHitsOne,
      anyHitsMany: data.anyHitsMany,
      anyHitsAtLeast: data.anyHitsAtLeast,
      missing: data.missing,
      phraseOnly: data.phraseOnly,
      more: data.more,
      loading: data.loading,
      error: data.error,
      empty: data.empty,
    };
    const root = data.root == null ? "../" : data.root;
    const lang = doc.documentElement.getAttribute("lang") || "sv";
    const noscript = doc.getElementById("search-noscript");
    const heading = doc.getElementById("search-results-heading");
    if (noscript) noscript.hidden = true;

    const engine = createEngine(browserFetchJson);
    const selects = {};
    for (const f of FILTERS) selects[f] = doc.getElementById("search-" + f);
    const fieldset = doc.getElementById("search-filters");

    let run = 0;
    let timer = 0;
    let session = null;
    let shownHits = [];
    let list = null;
    let status = null;
    let more = null;

    function state() {
      const s = { q: input.value };
      for (const f of FILTERS) s[f] = selects[f] ? selects[f].value : "";
      return s;
    }

    function message(text, isError) {
      results.textContent = "";
      if (heading) heading.hidden = true;
      const p = doc.createElement("p");
      p.className = isError ? "search-status note" : "search-status";
      p.id = "search-status";
      p.textContent = text;
      results.appendChild(p);
    }

    function fillSelect(select, values, labels, current) {
      if (!select) return;
      for (let i = 0; i < values.length; i++) {
        const o = doc.createElement("option");
        o.value = String(values[i]);
        o.textContent = labels && labels[i] ? String(labels[i]) : String(values[i]);
        select.appendChild(o);
      }
      select.value = current;
      if (select.value !== current) select.value = "";
    }

    function setup(m, params) {
      fillSelect(selects.type, m.types || [], m.typeLabels, params.type);
      fillSelect(selects.body, m.bodies || [], null, params.body);
      const partyLabels = (m.parties || []).map((a, i) =>
        m.partyNames && m.partyNames[i] && m.partyNames[i] !== a ? m.partyNames[i] + " (" + a + ")" : a,
      );
      fillSelect(selects.party, m.parties || [], partyLabels, params.party);
      const years = (m.years || []).slice().sort((a, b) => b - a);
      fillSelect(selects.year, years, null, params.year);
      fillSelect(selects.stance, m.stances || [], m.stanceLabels, params.stance);
      for (const f of FILTERS) {
        const wrap = selects[f] && selects[f].closest ? selects[f].closest(".search-filter") : null;
        const n = selects[f] ? selects[f].options.length - 1 : 0;
        if (wrap) wrap.hidden = n < 1;
      }
      if (fieldset) fieldset.hidden = false;
    }

    function syncUrl(push) {
      const search = writeParams(state());
      if (search === win.location.search || (!search && !win.location.search)) return;
      try {
        const url = win.location.pathname + search + win.location.hash;
        if (push) win.history.pushState(null, "", url);
        else win.history.replaceState(null, "", url);
      } catch (e) {
        /* file:// or a sandbox: the URL simply does not follow */
      }
    }

    function showPage(hits, my, focusFirst) {
      if (my !== run) return;
      const match = matcher(session.parsed);
      const info = session.info();
      if (!list) {
        results.textContent = "";
        status = doc.createElement("p");
        status.className = "search-status";
        status.id = "search-status";
        results.appendChild(status);
        list = doc.createElement("ol");
        list.className = "search-hits";
        results.appendChild(list);
      }
      let first = null;
      for (const h of hits) {
        const li = renderHit(doc, h, { root, lang, match, missing: strings.missing });
        if (!first) first = li.querySelector("a");
        list.appendChild(li);
      }
      shownHits = shownHits.concat(hits);
      status.textContent = statusText(strings, info, input.value, shownHits, lang);
      if (!shownHits.length) list.hidden = true;
      if (heading) heading.hidden = !shownHits.length;
      if (more) {
        more.remove();
        more = null;
      }
      const hadFocus = focusFirst;
      if (!session.done && !(info.exact && info.total <= shownHits.length)) {
        more = doc.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = strings.more || "Visa fler";
        more.addEventListener("click", loadMore);
        results.appendChild(more);
      }
      if (hadFocus) {
        // keyboard users continue at the first new result, or at the status line
        if (first) first.focus();
        else {
          status.tabIndex = -1;
          status.focus();
        }
      }
      results.setAttribute("aria-busy", "false");
    }

    function fail(my, e) {
      if (my !== run) return;
      results.setAttribute("aria-busy", "false");
      message(strings.error || String(e), true);
      if (noscript) noscript.hidden = false;
    }

    function loadMore() {
      const my = run;
      if (more) {
        more.disabled = true;
        more.setAttribute("aria-busy", "true");
      }
      session.next(10).then((hits) => showPage(hits, my, true), (e) => fail(my, e));
    }

    function go() {
      const my = ++run;
      const s = state();
      list = null;
      status = null;
      more = null;
      shownHits = [];
      if (!s.q.trim()) {
        session = null;
        results.textContent = "";
        if (heading) heading.hidden = true;
        if (FILTERS.some((f) => s[f])) message(strings.empty || "");
        return;
      }
      const filters = {};
      for (const f of FILTERS) if (s[f]) filters[f] = s[f];
      session = engine.search(s.q, filters);
      results.setAttribute("aria-busy", "true");
      session.next(10).then((hits) => showPage(hits, my, false), (e) => fail(my, e));
    }

    const params = readParams(win.location.search);
    input.value = params.q;

    input.addEventListener("input", () => {
      win.clearTimeout(timer);
      timer = win.setTimeout(() => {
        syncUrl(false);
        go();
      }, 200);
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      win.clearTimeout(timer);
      syncUrl(true);
      go();
    });
    for (const f of FILTERS) {
      if (selects[f]) {
        selects[f].addEventListener("change", () => {
          win.clearTimeout(timer);
          syncUrl(false);
          go();
        });
      }
    }
    win.addEventListener("popstate", () => {
      const p = readParams(win.location.search);
      input.value = p.q;
      for (const f of FILTERS) if (selects[f]) selects[f].value = p[f];
      go();
    });

    if (params.q) message(strings.loading || "");
    engine.manifest().then(
      (m) => {
        setup(m, params);
        go();
      },
      (e) => fail(run, e),
    );
    return { engine, go };
  }

  const api = {
    STOPWORDS,
    normalise,
    fold,
    stem,
    isStopword,
    specialKeys,
    specialMatches,
    words,
    keys,
    parseQuery,
    shardIndex,
    resolveFilters,
    passes,
    createEngine,
    matcher,
    highlight,
    renderHit,
    statusText,
    formatDate,
    readParams,
    writeParams,
    startPage,
  };

  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window !== "undefined" && window.document) {
    window.RemissSearch = api;
    const start = () => {
      api.page = startPage(window);
    };
    if (window.document.readyState === "loading") window.document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
