// Accessibility audit in Debian's Chromium, on every page type of the built
// site, at desktop width, at 320 px and in dark mode:
//   - axe-core (npm) with the WCAG 2.1 A and AA rule tags: zero violations;
//   - what axe does not check: one h1 and no skipped heading level, a visible
//     focus indicator on every element the Tab key reaches, no sideways
//     scrolling at 320 px (WCAG 1.4.10 Reflow);
//   - the print stylesheet: a case prints without navigation, with its URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PAGE_TYPES, REPO, buildSite, launchBrowser, openPage, startServer } from './harness.mjs';

const BUILD_TIMEOUT = 30 * 60_000;
const TEST_TIMEOUT = 300_000;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PAGES = PAGE_TYPES;

const VIEWS = [
  ['desktop', { viewport: { width: 1280, height: 900 } }],
  ['320 px', { viewport: { width: 320, height: 720 } }],
  ['dark mode', { viewport: { width: 1024, height: 800 }, colorScheme: 'dark' }],
];

let tmp;
let site;
let browser;
let axeSource;

before(
  async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'remiss-a11y-'));
    await buildSite({ out: path.join(tmp, 'public') });
    site = await startServer(path.join(tmp, 'public'));
    browser = await launchBrowser();
    axeSource = await readFile(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  },
  { timeout: BUILD_TIMEOUT },
);

after(async () => {
  await browser?.close().catch(() => {});
  await site?.close().catch(() => {});
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Opens `sitePath` in a fresh page with `options`, waiting for search results on the search page. */
async function open(sitePath, options) {
  const s = await openPage(browser, options);
  await s.page.goto(site.base + sitePath);
  if (sitePath.startsWith('sok/')) {
    await s.page.waitForSelector('#search-results a[href]', { timeout: 30_000 });
  }
  return s;
}

describe('axe-core finds no WCAG 2.1 A/AA violation', () => {

  for (const [view, options] of VIEWS) {
    it(`on every page type, ${view}`, { timeout: TEST_TIMEOUT }, async () => {
      const found = [];
      for (const [name, sitePath] of PAGES) {
        const s = await open(sitePath, options);
        try {
          // Evaluated through DevTools, so the page's CSP does not block it.
          await s.page.evaluate(axeSource);
          const result = await s.page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
          assert.ok(result.passes.length > 10, `axe ran on ${name}`);
          for (const v of result.violations) {
            const nodes = v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ');
            found.push(`${name} (${sitePath}): ${v.id} [${v.impact}] ${v.help} at ${nodes}`);
          }
        } finally {
          await s.close();
        }
      }
      assert.deepEqual(found, [], found.join('\n'));
    });
  }
});

/** Headings a screen reader announces, in document order, as [level, text]. */
function headingsOf(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter((h) => h.getClientRects().length > 0)
      .map((h) => [Number(h.tagName[1]), h.textContent.trim().replace(/\s+/g, ' ').slice(0, 60)]),
  );
}

describe('headings, focus and reflow', () => {
  for (const [view, options] of VIEWS) {
    it(`one h1 and no skipped heading level on every page type, ${view}`, { timeout: TEST_TIMEOUT }, async () => {
      const found = [];
      for (const [name, sitePath] of PAGES) {
        const s = await open(sitePath, options);
        try {
          const headings = await headingsOf(s.page);
          const h1s = headings.filter(([level]) => level === 1).length;
          if (h1s !== 1) found.push(`${name}: ${h1s} h1 elements`);
          if (headings.length && headings[0][0] !== 1) found.push(`${name}: the first heading is h${headings[0][0]} "${headings[0][1]}"`);
          for (let i = 1; i < headings.length; i++) {
            const [prev, [level, text]] = [headings[i - 1][0], headings[i]];
            if (level > prev + 1) found.push(`${name}: h${level} "${text}" follows h${prev}`);
          }
        } finally {
          await s.close();
        }
      }
      assert.deepEqual(found, [], found.join('\n'));
    });

    it(`every element the Tab key reaches shows a visible focus indicator, ${view}`, { timeout: TEST_TIMEOUT }, async () => {
      const found = [];
      let reached = 0;
      for (const [name, sitePath] of PAGES) {
        // Without smooth scrolling, a focused element is on screen as soon as it has focus.
        const s = await open(sitePath, { ...options, reducedMotion: 'reduce' });
        try {
          const focusable = await s.page.evaluate(
            () => document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').length,
          );
          const seen = new Set();
          for (let i = 0; i < Math.min(focusable, 60) + 1; i++) {
            await s.page.keyboard.press('Tab');
            const f = await s.page.evaluate(() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const css = getComputedStyle(el);
              const rect = el.getBoundingClientRect();
              // The nearest opaque background the outline is drawn on: the
              // element's own when the outline is inside it, else its parent's.
              let bg = 'rgb(255, 255, 255)';
              const start = parseFloat(css.outlineOffset) < 0 ? el : el.parentElement;
              for (let n = start; n; n = n.parentElement) {
                const c = getComputedStyle(n).backgroundColor;
                if (c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') {
                  bg = c;
                  break;
                }
              }
              return {
                id: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40)}"`,
                key: el.outerHTML.slice(0, 200) + rect.top,
                outlineStyle: css.outlineStyle,
                outlineWidth: parseFloat(css.outlineWidth),
                outlineColor: css.outlineColor,
                boxShadow: css.boxShadow,
                bg,
                inView: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth,
              };
            });
            if (!f) break;
            if (seen.has(f.key)) break;
            seen.add(f.key);
            reached++;
            const outline = f.outlineStyle !== 'none' && f.outlineWidth >= 2;
            if (!outline && f.boxShadow === 'none') {
              found.push(`${name}: ${f.id} has no focus indicator`);
            } else if (outline && contrast(f.outlineColor, f.bg) < 3) {
              found.push(`${name}: ${f.id} focus outline ${f.outlineColor} on ${f.bg} has contrast ${contrast(f.outlineColor, f.bg).toFixed(2)} (< 3)`);
            }
            if (!f.inView) found.push(`${name}: ${f.id} is focused but not on screen`);
          }
        } finally {
          await s.close();
        }
      }
      assert.ok(reached > PAGES.length * 3, `the Tab key reached ${reached} elements`);
      assert.deepEqual(found, [], found.join('\n'));
    });
  }

  it('no page type scrolls sideways at 320 px (WCAG 1.4.10)', { timeout: TEST_TIMEOUT }, async () => {
    const found = [];
    for (const [name, sitePath] of PAGES) {
      const s = await open(sitePath, { viewport: { width: 320, height: 720 } });
      try {
        const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) found.push(`${name}: the page is ${width} px wide`);
      } finally {
        await s.close();
      }
    }
    assert.deepEqual(found, [], found.join('\n'));
  });
});

describe('print stylesheet', () => {
  it('prints a case as a clean document with its URL', { timeout: TEST_TIMEOUT }, async () => {
    const s = await open('remisser/ks-2023-99/', { viewport: { width: 1280, height: 900 } });
    try {
      await s.page.emulateMedia({ media: 'print' });
      const shown = await s.page.evaluate(() => {
        const display = (sel) => [...document.querySelectorAll(sel)].map((e) => getComputedStyle(e).display);
        return {
          nav: display('.site-nav, .skip-link, .search-form, .breadcrumbs, .footer-links'),
          url: [...document.querySelectorAll('.print-url')].map((e) => [getComputedStyle(e).display, e.textContent.trim()]),
          h1: getComputedStyle(document.querySelector('h1')).display,
          matrix: document.querySelector('table') && getComputedStyle(document.querySelector('table')).display,
        };
      });
      assert.ok(shown.nav.length >= 3, 'the page has navigation to hide');
      assert.ok(shown.nav.every((d) => d === 'none'), `navigation is hidden in print: ${shown.nav}`);
      assert.deepEqual(shown.url, [['block', 'https://example.org/remissvar/remisser/ks-2023-99/']]);
      assert.equal(shown.h1, 'block');
      assert.equal(shown.matrix, 'table');
      const pdf = await s.page.pdf({ format: 'A4' });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.length > 20_000, `the PDF has content (${pdf.length} bytes)`);
    } finally {
      await s.close();
    }
  });
});

/** WCAG contrast ratio of two `rgb(...)`/`rgba(...)` colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
