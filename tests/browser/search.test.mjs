// Real-browser tests: the built site in headless Chromium, served under a
// sub-path with a strict Content-Security-Policy. See tests/browser/harness.mjs
// and docs/search.md (the contract search.js and the index follow).
//
// Run: node --test tests/browser/   (scripts/test does, after cargo test)

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  PREFIX,
  REPO,
  buildSite,
  launchBrowser,
  listFiles,
  openPage,
  settle,
  startServer,
} from './harness.mjs';

const BUILD_TIMEOUT = 30 * 60_000; // a cold release build on a 2-core CI machine
const TEST_TIMEOUT = 180_000;
const SEARCH_TIMEOUT = 30_000; // how long a search may take to show its results

/** The status text for a search without hits, in Swedish or English. */
const NO_HITS = /inga träffar|ingen träff|inga resultat|hittade inga|hittade inget|gav inga|0 träffar|no results|no matches|nothing found|0 results/i;

let tmp;
let site; // the real content/, served at site.base
let browser;

describe('the built site in Chromium, under a sub-path, with a strict CSP', () => {
  before(
    async () => {
      tmp = await mkdtemp(path.join(tmpdir(), 'remiss-browser-'));
      await buildSite({ out: path.join(tmp, 'public') });
      site = await startServer(path.join(tmp, 'public'));
      browser = await launchBrowser();
    },
    { timeout: BUILD_TIMEOUT },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await site?.close().catch(() => {});
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  // --- search queries -------------------------------------------------------

  it('socialnämnden finds Socialnämnden', { timeout: TEST_TIMEOUT }, async () => {
    await expectHits('socialnämnden', { anyOf: ['remisser/ks-2023-99/svar/socialnamnden/', 'organ/socialnamnden/'] });
  });

  it('socialnamnden without diacritics finds Socialnämnden', { timeout: TEST_TIMEOUT }, async () => {
    await expectHits('socialnamnden', { anyOf: ['remisser/ks-2023-99/svar/socialnamnden/', 'organ/socialnamnden/'] });
  });

  it('barnen (an inflected form) finds the case', { timeout: TEST_TIMEOUT }, async () => {
    await expectHits('barnen', { allOf: ['remisser/ks-2023-99/'] });
  });

  it('TFCO finds the statements that mention it', { timeout: TEST_TIMEOUT }, async () => {
    const statements = await contentFilesContaining('remisser/ks-2023-99/uttalanden', /TFCO/);
    assert.ok(statements.includes('remisser/ks-2023-99/uttalanden/borgarradsberedningen-m-l/'), 'the seed mentions TFCO in borgarradsberedningen-m-l');
    await expectHits('TFCO', { allOf: statements });
  });

  it('Henrietta Ludwig finds her person page or her statement', { timeout: TEST_TIMEOUT }, async () => {
    await expectHits('Henrietta Ludwig', {
      anyOf: ['personer/henrietta-ludwig/', 'remisser/ks-2023-99/uttalanden/skarpnacks-stadsdelsnamnd-c/'],
    });
  });

  it('nämnd finds compounds (socialnämnden, stadsdelsnämnder)', { timeout: TEST_TIMEOUT }, async () => {
    await expectHits('nämnd', {
      some: (p) => p === 'organ/socialnamnden/' || /stadsdelsnamnd/.test(p),
      describe: 'organ/socialnamnden/ or a stadsdelsnämnd',
    });
  });

  it('SOU 2022:67 finds the document and the case', { timeout: TEST_TIMEOUT }, async () => {
    await expectHits('SOU 2022:67', { allOf: ['dokument/sou-2022-67/', 'remisser/ks-2023-99/'] });
  });

  it('a quoted phrase "psykisk ohälsa" finds the texts with the phrase', { timeout: TEST_TIMEOUT }, async () => {
    const withPhrase = await contentFilesContaining('remisser/ks-2023-99', /psykisk ohälsa/i);
    assert.ok(withPhrase.length > 0, 'the seed contains the phrase');
    await expectHits('"psykisk ohälsa"', { anyOf: withPhrase });
  });

  it('a query without hits shows no links and says so', { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await page.goto(searchUrl('qxzvbnm'));
      const state = await waitForState(page, (s) => s.links.length === 0 && s.statusVisible && NO_HITS.test(s.status), 'no result links and a visible "no results" status');
      assert.equal(state.links.length, 0);
    });
  });

  it('a query no page has every word of says so first, names the missing word and shows few', { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await page.goto(searchUrl('UTKAST socialnämnden'));
      const state = await waitForState(page, (s) => s.links.length > 0 && s.statusVisible, 'any-word results');
      assert.match(state.status, /^Ingen sida innehåller alla orden i ”UTKAST socialnämnden”\. Finns inte på webbplatsen: utkast\./);
      assert.ok(state.links.length <= 5, `at most five at first: ${paths(state)}`);
      const missing = await page.$$eval('#search-results .search-hit-missing', (ps) => ps.map((p) => p.textContent));
      assert.ok(missing.length === state.links.length && missing.every((t) => t === 'Saknar: utkast'), JSON.stringify(missing));
    });
  });

  // --- interaction ----------------------------------------------------------

  it('typing in the search box updates ?q= so the URL can be shared', { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page, context }) => {
      await page.goto(site.base + 'sok/');
      await page.locator('#q').click();
      await page.locator('#q').pressSequentially('barnen', { delay: 60 });
      await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'barnen', null, { timeout: SEARCH_TIMEOUT });
      const shared = page.url();
      assert.ok(shared.startsWith(site.base + 'sok/'), `the URL stays on the search page: ${shared}`);
      await waitForState(page, (s) => paths(s).includes('remisser/ks-2023-99/'), 'the case among the results');

      // Someone opening the shared URL sees the same search.
      const other = await context.newPage();
      await other.goto(shared);
      assert.equal(await other.locator('#q').inputValue(), 'barnen', 'the shared URL fills in the search box');
      await waitForState(other, (s) => paths(s).includes('remisser/ks-2023-99/'), 'the case among the results of the shared URL');
      await other.close();
    });
  });

  it('works with the keyboard alone: Tab to the box, type, Tab to the first result, Enter', { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await page.goto(site.base + 'sok/');
      const route = [];
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press('Tab');
        const active = await page.evaluate(() => {
          const a = document.activeElement;
          return a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}` : '';
        });
        route.push(active);
        reached = active === 'input#q';
      }
      assert.ok(reached, `Tab never reached the search box #q; focus went: ${route.join(' → ')}`);

      await page.keyboard.type('socialnämnden', { delay: 40 });
      const state = await waitForState(page, (s) => s.links.length > 0, 'result links');
      const firstHref = state.links[0].href;

      const tabs = [];
      let onFirst = false;
      for (let i = 0; i < 40 && !onFirst; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const a = document.activeElement;
          const first = document.querySelector('#search-results a[href]');
          return {
            desc: a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}${a.href ? ' ' + a.href : ''}` : '',
            isFirst: !!first && a === first,
            inResults: !!a && !!a.closest('#search-results') && a.matches('a[href]'),
          };
        });
        tabs.push(info.desc);
        assert.ok(info.isFirst || !info.inResults, `Tab reached a result link before the first one: ${tabs.join(' → ')}`);
        onFirst = info.isFirst;
      }
      assert.ok(onFirst, `Tab never reached the first result link; focus went: ${tabs.join(' → ')}`);
      assert.ok(await page.locator('#search-results a[href]').first().isVisible(), 'the focused result is visible');

      await page.keyboard.press('Enter');
      await page.waitForURL((u) => !u.pathname.startsWith(PREFIX + 'sok/'), { timeout: SEARCH_TIMEOUT });
      assert.equal(stripIndex(page.url()), stripIndex(firstHref), 'Enter follows the focused result');
      assert.equal(await page.locator('h1').count(), 1, 'the result page rendered');
    });
  });

  it('shows a hostile title as text and runs none of it', { timeout: TEST_TIMEOUT }, async () => {
    const hostileTitle = '<img src=x onerror=alert(1)>';
    const dir = path.join(tmp, 'hostile');
    await cp(path.join(REPO, 'tests/fixtures/minimal/content'), path.join(dir, 'content'), { recursive: true });
    const caseFile = path.join(dir, 'content/remisser/ks-2024-1/index.md');
    const original = await readFile(caseFile, 'utf8');
    const changed = original
      .replace(/^title = ".*"$/m, `title = ${JSON.stringify(hostileTitle)}`)
      .replace(/\n*$/, '\n\nOnerror i texten: <script>alert(2)</script> <img src=y onerror=alert(3)>\n');
    assert.notEqual(changed, original, 'the fixture case has a title line');
    await writeFile(caseFile, changed);
    await buildSite({ content: path.join(dir, 'content'), out: path.join(dir, 'public'), today: '2024-02-01' });

    const hostile = await startServer(path.join(dir, 'public'));
    try {
      await withPage({}, async ({ page }) => {
        for (const query of ['onerror', 'img']) {
          await page.goto(`${hostile.base}sok/?q=${encodeURIComponent(query)}`);
          const state = await waitForState(
            page,
            (s) => s.links.some((l) => l.text.includes(hostileTitle)),
            `a result link whose text is the literal ${hostileTitle}`,
            { origin: hostile.origin },
          );
          assert.ok(state.links.some((l) => stripIndex(l.href) === hostile.base + 'remisser/ks-2024-1/'), `the hostile case is linked for "${query}"`);
          const injected = await page.evaluate(() => document.querySelectorAll('#search-results img, #search-results script, #search-results iframe, #search-results object').length);
          assert.equal(injected, 0, `no element from the title or text was created in #search-results for "${query}"`);
          await settle(page, 300);
        }

        await page.goto(hostile.base + 'remisser/ks-2024-1/');
        assert.equal((await page.locator('h1').textContent()).trim(), hostileTitle, 'the case page shows the title as text');
        assert.equal(await page.locator('img[src="x"], img[src="y"]').count(), 0, 'the case page has no injected img');
        await settle(page, 300);
      });
    } finally {
      await hostile.close();
    }
  });

  it("finds a vote by a member's name and a motion by its mover (Göteborg fixture)", { timeout: TEST_TIMEOUT }, async () => {
    const dir = path.join(tmp, 'goteborg');
    await buildSite({ content: path.join(REPO, 'tests/fixtures/goteborg/content'), out: path.join(dir, 'public'), today: '2025-04-10' });
    const gbg = await startServer(path.join(dir, 'public'));
    const casePage = gbg.base + 'remisser/slk-2025-00096/';
    try {
      await withPage({}, async ({ page }) => {
        for (const [query, anchor, text] of [
          ['Wannholt', '#votering-', 'Huvudvotering'],
          ['Pleijel yrkande', '#yrkande-v-mp', 'Yrkande från V och MP'],
        ]) {
          await page.goto(`${gbg.base}sok/?q=${encodeURIComponent(query)}`);
          const state = await waitForState(
            page,
            (s) => s.links.some((l) => l.href.includes(anchor)),
            `a result that opens ${anchor} on the case page`,
            { origin: gbg.origin },
          );
          const hit = state.links.find((l) => l.href.includes(anchor));
          assert.equal(stripIndex(hit.href), casePage, `"${query}" opens the case page`);
          assert.ok(state.links.some((l) => l.href.includes(anchor) && l.text.includes(text)), `"${query}": ${JSON.stringify(state.links)}`);
        }
      });
    } finally {
      await gbg.close();
    }
  });

  // --- the whole site -------------------------------------------------------

  it('every page loads with no CSP violation and no console error', { timeout: 10 * 60_000 }, async () => {
    const files = await listFiles(path.join(tmp, 'public'), '.html');
    assert.ok(files.length > 50, `the site has its pages (found ${files.length})`);
    await withPage({}, async ({ page }) => {
      for (const file of files) {
        const url = site.base + file.replace(/(^|\/)index\.html$/, '$1');
        const res = await page.goto(url, { waitUntil: 'load' });
        assert.equal(res.status(), 200, `${url} answers 200`);
        await settle(page, 100);
      }
    });
  });

  it('a missing page gets the 404 page, styled, with status 404', { timeout: TEST_TIMEOUT }, async () => {
    const missing = site.base + 'finns/inte/';
    await withPage(
      { ignoreConsole: (c) => /status of 404/.test(c.text) && (c.url === missing || c.page === missing) },
      async ({ page }) => {
        const res = await page.goto(missing);
        assert.equal(res.status(), 404);
        assert.equal(await page.locator('h1').count(), 1);
        const styled = await page.evaluate(() =>
          [...document.styleSheets].some((s) => s.href && s.href.endsWith('/remissvar/style.css') && s.cssRules.length > 0),
        );
        assert.ok(styled, 'the 404 page loads style.css from the sub-path');
        await settle(page);
      },
    );
  });

  it('without JavaScript the search page says search needs it and offers the browse links', { timeout: TEST_TIMEOUT }, async () => {
    const message = await noscriptMessage();
    await withPage({ javaScriptEnabled: false }, async ({ page }) => {
      await page.goto(searchUrl('x'));
      await assertVisibleText(page, message);
      const browse = await page.evaluate(() => {
        const section = document.querySelector('[aria-labelledby="browse-heading"]') || document.querySelector('main');
        return [...section.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.trim() }));
      });
      const targets = browse.map((l) => relPath(l.href));
      for (const want of ['remisser/', 'organ/', 'partier/', 'personer/', 'dokument/']) {
        assert.ok(targets.includes(want), `a browse link to ${want}; found ${JSON.stringify(targets)}`);
      }
      await assertLinksResolve(page, browse);
      assert.equal(await page.locator('#search-results a[href]').count(), 0, 'no results without JavaScript');
      await settle(page);
    });
  });
});

// --- helpers -----------------------------------------------------------------

function searchUrl(query, base = site.base) {
  return `${base}sok/?q=${encodeURIComponent(query)}`;
}

/** Runs `fn` with a fresh context and page; fails on any recorded CSP violation, console error, page error or dialog. */
async function withPage(options, fn) {
  const { ignoreConsole, ...contextOptions } = options;
  const p = await openPage(browser, contextOptions);
  try {
    await fn(p);
    const problems = p.problems({ ignoreConsole });
    assert.deepEqual(problems, [], `the browser reported problems:\n  ${problems.join('\n  ')}`);
  } finally {
    await p.close();
  }
}

/** The page's search state: result links, the status region's text. */
function snapshot(page) {
  return page.evaluate(() => {
    const results = document.getElementById('search-results');
    const main = document.querySelector('main') || document.body;
    const status =
      document.getElementById('search-status') ||
      main.querySelector('[role="status"]') ||
      main.querySelector('[aria-live]:not(#search-results)') ||
      results;
    const visible = (el) => !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) && getComputedStyle(el).visibility !== 'hidden';
    return {
      hasResults: !!results,
      links: results ? [...results.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.replace(/\s+/g, ' ').trim() })) : [],
      status: status ? status.textContent.replace(/\s+/g, ' ').trim() : '',
      statusVisible: visible(status),
      resultsText: results ? results.textContent.replace(/\s+/g, ' ').trim().slice(0, 600) : '(no #search-results)',
    };
  });
}

/** Polls the page until `done(state)` holds; fails with what the page showed instead. */
async function waitForState(page, done, what, { timeout = SEARCH_TIMEOUT, origin = site.origin } = {}) {
  const deadline = Date.now() + timeout;
  let state;
  for (;;) {
    state = await snapshot(page);
    state.origin = origin;
    if (done(state)) return state;
    if (Date.now() > deadline) break;
    await page.waitForTimeout(200);
  }
  const hasScript = await page.evaluate(() => [...document.scripts].map((s) => s.src || '(inline)'));
  assert.fail(
    `timed out after ${timeout / 1000}s waiting for ${what} on ${page.url()}\n` +
      `  scripts on the page: ${JSON.stringify(hasScript)}\n` +
      `  status region: ${JSON.stringify(state.status)} (visible: ${state.statusVisible})\n` +
      `  result links: ${JSON.stringify(paths(state))}\n` +
      `  #search-results text: ${JSON.stringify(state.resultsText)}`,
  );
}

/** The result links as paths below the site root, without index.html (e.g. organ/socialnamnden/). */
function paths(state) {
  return state.links.map((l) => relPath(l.href, state.origin));
}

function relPath(href, origin = site.origin) {
  const u = new URL(href);
  if (u.origin !== origin || !u.pathname.startsWith(PREFIX)) return `(outside the site: ${href})`;
  return decodeURIComponent(u.pathname.slice(PREFIX.length)).replace(/(^|\/)index\.html$/, '$1');
}

function stripIndex(href) {
  const u = new URL(href);
  u.hash = '';
  u.search = '';
  return u.href.replace(/(\/)index\.html$/, '$1');
}

/**
 * Loads /remissvar/sok/?q=query and waits for result links that satisfy the
 * expectation: allOf (every path present), anyOf (one of them), some (a
 * predicate on a path). Every result link must stay inside the sub-path and
 * resolve, and the status region must have said something.
 */
async function expectHits(query, { allOf = [], anyOf = [], some, describe: what } = {}) {
  const ok = (s) => {
    const ps = paths(s);
    return (
      ps.length > 0 &&
      allOf.every((p) => ps.includes(p)) &&
      (anyOf.length === 0 || anyOf.some((p) => ps.includes(p))) &&
      (!some || ps.some(some))
    );
  };
  const want = [
    allOf.length ? `all of ${JSON.stringify(allOf)}` : '',
    anyOf.length ? `one of ${JSON.stringify(anyOf)}` : '',
    some ? what || 'a matching link' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  await withPage({}, async ({ page }) => {
    await page.goto(searchUrl(query));
    const state = await waitForState(page, ok, `results for ${JSON.stringify(query)} with ${want || 'at least one link'}`);
    for (const p of paths(state)) assert.ok(!p.startsWith('(outside'), `result links stay under ${PREFIX}: ${p}`);
    assert.ok(state.status.length > 0, 'the status / live region announces the result');
    await assertLinksResolve(page, state.links);
    await settle(page);
  });
}

/** Every link answers 200, and a #fragment names an element on the target page. */
async function assertLinksResolve(page, links) {
  const seen = new Map();
  for (const { href } of links) {
    const u = new URL(href);
    const hash = decodeURIComponent(u.hash.slice(1));
    u.hash = '';
    if (!seen.has(u.href)) {
      const res = await page.request.get(u.href);
      seen.set(u.href, { status: res.status(), body: await res.text() });
    }
    const { status, body } = seen.get(u.href);
    assert.equal(status, 200, `${href} answers 200`);
    if (hash) {
      const id = hash.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(body, new RegExp(`\\sid=("|')?${id}(\\1|[\\s>])`), `${href}: the target page has an element with id ${hash}`);
    }
  }
}

async function assertVisibleText(page, text) {
  const found = page.getByText(text, { exact: false });
  assert.ok((await found.count()) > 0, `the page shows ${JSON.stringify(text)}`);
  assert.ok(await found.first().isVisible(), `${JSON.stringify(text)} is visible`);
}

/** The "search needs JavaScript" message in the site's language (Swedish), from the theme. */
async function noscriptMessage() {
  const toml = await readFile(path.join(REPO, 'themes/default/i18n/sv.toml'), 'utf8');
  const section = toml.split(/^\[search\]\s*$/m)[1] || '';
  const m = section.split(/^\[/m)[0].match(/^noscript\s*=\s*"(.*)"\s*$/m);
  assert.ok(m, 'themes/default/i18n/sv.toml has search.noscript');
  // The first sentence is enough, and survives edits to the rest.
  return JSON.parse(`"${m[1]}"`).split(/(?<=\.)\s/)[0];
}

/**
 * Site paths (e.g. remisser/ks-2023-99/uttalanden/x/) of the content files
 * under content/<dir> whose Markdown matches `re`.
 */
async function contentFilesContaining(dir, re) {
  const root = path.join(REPO, 'content', dir);
  const out = [];
  async function walk(rel) {
    for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.name.endsWith('.md') && re.test(await readFile(path.join(root, r), 'utf8'))) {
        const page = r === 'index.md' ? '' : r.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '/');
        out.push(`${dir}/${page}`);
      }
    }
  }
  await walk('');
  return out.sort();
}
