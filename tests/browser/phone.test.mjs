// Every fact on a phone (issue 26), in Debian's Chromium at 320 and 390 CSS
// px (WCAG 1.4.10 names 320), and at 1280 px, on every page of three sites:
// the seed (Stockholm), the Göteborg-style fixture with motions and votes,
// and the minimal fixture. A page fails when
//   - a piece of text inside <main> lies outside the screen, or inside a
//     box that scrolls or clips sideways (so it would need sideways
//     scrolling to be read);
//   - a table inside <main> has no body rows (headers drawn over nothing);
//   - a word in a heading or table header breaks at a letter that is not
//     one of its language's hyphenation points;
//   - a table in <main> is no longer a table to a screen reader at that
//     width (its cells must still be announced with their headers);
//   - axe-core finds a WCAG 2.1 A/AA violation, in light and dark mode.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PAGE_TYPES, REPO, buildSite, launchBrowser, listFiles, openPage, startServer } from './harness.mjs';

const BUILD_TIMEOUT = 30 * 60_000;
const TEST_TIMEOUT = 20 * 60_000;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PHONES = [
  ['320 px', { viewport: { width: 320, height: 720 }, isMobile: true, hasTouch: true }],
  ['390 px', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
];
const DESKTOP = ['1280 px', { viewport: { width: 1280, height: 900 } }];

/** The sites: [name, content folder or undefined for content/, whether to visit every page]. */
const SITES = [
  ['seed', undefined, false],
  ['göteborg', path.join(REPO, 'tests', 'fixtures', 'goteborg', 'content'), true],
  ['minimal', path.join(REPO, 'tests', 'fixtures', 'minimal', 'content'), true],
  ['many proposals', 'many-proposals', false],
];

/**
 * A copy of the minimal fixture whose document has 14 proposals with long
 * titles, all answered: the widest stance matrix a city is likely to have.
 */
async function manyProposals(dir) {
  await cp(path.join(REPO, 'tests', 'fixtures', 'minimal', 'content'), dir, { recursive: true });
  const ids = Array.from({ length: 14 }, (_, i) => `forslag-${i + 1}`);
  const proposals = ids
    .map((id, i) => `[[proposals]]\nid = "${id}"\ntitle = "Förslag ${i + 1}: ett nationellt kunskapscentrum för brottsförebyggande samverkansarbete"\n`)
    .join('\n');
  await writeFile(
    path.join(dir, 'dokument', 'sou-2023-1.md'),
    `+++\ntitle = "En testutredning"\ndesignation = "SOU 2023:1"\nkind = "SOU"\n\n${proposals}+++\nEn utredning.\n`,
  );
  const stances = ['positiv', 'i huvudsak positiv', 'blandad', 'i huvudsak negativ', 'negativ', 'avstår'];
  await writeFile(
    path.join(dir, 'remisser', 'ks-2024-1', 'svar', 'socialnamnden.md'),
    `+++\nstance = "positiv"\nsummary = "Nämnden är positiv."\nmeeting = 2024-02-20\n\n[proposals]\n${ids.map((id, i) => `${id} = "${stances[i % stances.length]}"`).join('\n')}\n+++\nNämnden tillstyrker.\n`,
  );
  return dir;
}

/** Seed pages beyond PAGE_TYPES that list things in tables or columns. */
const SEED_EXTRA = [
  ['person list', 'personer/'],
  ['party list', 'partier/'],
  ['document list', 'dokument/'],
  ['body with decided cases', 'organ/kommunstyrelsen/'],
  ['party with statements', 'partier/m/'],
];

let tmp;
let browser;
const sites = [];

before(
  async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'remiss-phone-'));
    browser = await launchBrowser();
    for (const [name, given, everyPage] of SITES) {
      const out = path.join(tmp, name.replace(/[^a-z]/g, ''));
      const content = given === 'many-proposals' ? await manyProposals(path.join(tmp, 'many-content')) : given;
      await buildSite({ out, content });
      const server = await startServer(out);
      let pages;
      if (everyPage) {
        pages = (await listFiles(out, 'index.html'))
          .map((f) => f.replace(/index\.html$/, ''))
          .map((p) => [p || 'home', p]);
        pages.push(['search with results', 'sok/?q=remiss']);
      } else if (given === 'many-proposals') {
        pages = [['document with 14 proposals', 'dokument/sou-2023-1/'], ['response to 14 proposals', 'remisser/ks-2024-1/svar/socialnamnden/']];
      } else {
        pages = [...PAGE_TYPES, ...SEED_EXTRA];
      }
      sites.push({ name, server, pages });
    }
  },
  { timeout: BUILD_TIMEOUT },
);

after(async () => {
  await browser?.close().catch(() => {});
  for (const s of sites) await s.server.close().catch(() => {});
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Opens `sitePath` in `s`, a page kept open across pages of one view. */
async function visit(s, site, sitePath) {
  await s.page.goto(site.server.base + sitePath);
  if (sitePath.startsWith('sok/?')) {
    await s.page.waitForSelector('#search-results li', { timeout: 30_000 });
  }
}

/**
 * Runs in the page: every text piece in <main> that a sighted reader could
 * not read without sideways scrolling, and every table without body rows.
 */
function offScreen() {
  const vw = document.documentElement.clientWidth;
  const found = [];
  const main = document.querySelector('main');
  if (document.documentElement.scrollWidth > vw + 1) {
    found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  // Text only a screen reader gets: clipped to nothing, or in a 1 px box.
  const hidden = (el) => {
    if (getComputedStyle(el).visibility === 'hidden') return true;
    for (let a = el; a && a !== main; a = a.parentElement) {
      const css = getComputedStyle(a);
      if (css.clipPath.startsWith('inset(50%') || (css.clip !== 'auto' && css.position === 'absolute')) return true;
      const box = a.getBoundingClientRect();
      if (css.overflow === 'hidden' && box.width <= 1 && box.height <= 1) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const seenBoxes = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const el = n.parentElement;
    if (hidden(el)) continue;
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) continue;
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    if (left < -1 || right > vw + 1) {
      found.push(`"${text.slice(0, 50)}" lies at ${Math.round(left)}–${Math.round(right)} px`);
      continue;
    }
    // A box between the text and <main> that scrolls or clips sideways.
    for (let a = el; a && a !== main.parentElement; a = a.parentElement) {
      const css = getComputedStyle(a);
      if (css.overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      const scrolls = a.scrollWidth > a.clientWidth + 1;
      const clipped = left < box.left - 1 || right > box.right + 1;
      if (scrolls || clipped) {
        const id = `${a.tagName.toLowerCase()}${a.className ? '.' + String(a.className).split(' ')[0] : ''}`;
        if (!seenBoxes.has(a)) found.push(`"${text.slice(0, 50)}" is in a ${id} that ${scrolls ? 'scrolls' : 'clips'} sideways (${a.scrollWidth} px in ${a.clientWidth} px)`);
        seenBoxes.add(a);
        break;
      }
    }
  }
  // A word in a heading or a table header that breaks across lines must
  // break at one of its soft hyphens (its language's hyphenation points),
  // never at an arbitrary letter.
  for (const el of main.querySelectorAll('h1, h2, h3, th')) {
    if (hidden(el)) continue;
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (n.parentElement.closest('.visually-hidden')) continue;
      const text = n.textContent;
      for (const m of text.matchAll(/[^\s\u2013\u2014:/-]+/g)) {
        // The line each letter is on; a new line may start only after a soft hyphen.
        let prevTop = null;
        let soft = false;
        for (let i = m.index; i < m.index + m[0].length; i++) {
          if (text[i] === '\u00ad') {
            soft = true;
            continue;
          }
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          // The last box is the letter itself: Chromium gives the letter after a
          // soft hyphen that ended a line a first box for the drawn hyphen.
          const rect = [...range.getClientRects()].filter((r) => r.width > 0).pop();
          if (!rect) continue;
          const top = Math.round(rect.top);
          if (prevTop !== null && top > prevTop + 2 && !soft) {
            found.push(`"${m[0].replace(/\u00ad/g, '')}" in a ${el.tagName.toLowerCase()} breaks at a letter that is no hyphenation point`);
            break;
          }
          prevTop = top;
          soft = false;
        }
      }
    }
  }
  for (const table of main.querySelectorAll('table')) {
    const rows = table.tBodies.length ? [...table.tBodies].reduce((n, b) => n + b.rows.length, 0) : table.rows.length - (table.tHead ? table.tHead.rows.length : 0);
    if (rows === 0) found.push(`a table "${(table.caption?.textContent || '').trim().slice(0, 50)}" has no rows`);
  }
  return found;
}

/** The roles Chromium gives the tables in <main> and their cells: what a screen reader is told. */
async function tableRoles(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const count = await page.evaluate(() => document.querySelectorAll('main table').length);
    const roles = nodes.map((n) => n.role && n.role.value);
    return {
      tables: count,
      axTables: roles.filter((r) => r === 'table').length,
      headers: roles.filter((r) => r === 'columnheader').length,
      cells: roles.filter((r) => r === 'cell' || r === 'gridcell').length,
    };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function axe(page, axeSource) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  assert.ok(result.passes.length > 10, 'axe ran');
  return result.violations.map((v) => `${v.id} [${v.impact}] ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
}

describe('every fact on a phone', () => {
  let axeSource;
  before(async () => {
    axeSource = await readFile(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  });

  for (const [view, options] of [...PHONES, DESKTOP]) {
    const phone = view !== DESKTOP[0];
    const what = phone ? ', tables stay tables to a screen reader, and axe finds nothing in light and dark mode' : '';
    it(`no text in <main> is off-screen or in a sideways-scrolling box, no table is empty${what}, at ${view}`, { timeout: TEST_TIMEOUT }, async () => {
      const found = [];
      let checked = 0;
      let tables = 0;
      const s = await openPage(browser, { ...options, reducedMotion: 'reduce' });
      try {
        for (const site of sites) {
          for (const [name, sitePath] of site.pages) {
            const where = `${site.name} ${name} (${sitePath})`;
            await s.page.emulateMedia({ colorScheme: 'light' });
            await visit(s, site, sitePath);
            for (const f of await s.page.evaluate(offScreen)) found.push(`${where}: ${f}`);
            checked++;
            if (!phone) continue;
            if (!sitePath.startsWith('sok/')) {
              const r = await tableRoles(s.page);
              tables += r.tables;
              if (r.axTables < r.tables) found.push(`${where}: ${r.tables} tables, ${r.axTables} with the role table`);
              if (r.tables > 0 && (r.headers === 0 || r.cells === 0)) found.push(`${where}: ${r.headers} column headers and ${r.cells} cells`);
            }
            for (const colorScheme of ['light', 'dark']) {
              await s.page.emulateMedia({ colorScheme });
              for (const v of await axe(s.page, axeSource)) found.push(`${where}, ${colorScheme}: axe: ${v}`);
            }
          }
        }
      } finally {
        await s.close();
      }
      assert.ok(checked > 30, `checked ${checked} pages`);
      if (phone) assert.ok(tables > 10, `saw ${tables} tables`);
      assert.deepEqual(found, [], `${found.length} problems:\n${found.join('\n')}`);
    });
  }
});
