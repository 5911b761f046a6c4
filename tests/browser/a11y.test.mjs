// Accessibility audit: axe-core (npm) injected into every page type of the
// built site in Debian's Chromium, with the WCAG 2.1 A and AA rule tags, at
// desktop width, at 320 px, and in dark mode. Zero violations allowed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, buildSite, launchBrowser, openPage, startServer } from './harness.mjs';

const BUILD_TIMEOUT = 30 * 60_000;
const TEST_TIMEOUT = 300_000;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One page of each type, as site paths (the search page with results). */
const PAGES = [
  ['home', ''],
  ['case list', 'remisser/'],
  ['case', 'remisser/ks-2023-99/'],
  ['response', 'remisser/ks-2023-99/svar/skarpnacks-stadsdelsnamnd/'],
  ['statement', 'remisser/ks-2023-99/uttalanden/kommunstyrelsen-m-l-c/'],
  ['body', 'organ/socialnamnden/'],
  ['body list', 'organ/'],
  ['party', 'partier/kd/'],
  ['person', 'personer/jan-jonsson/'],
  ['document', 'dokument/sou-2022-67/'],
  ['search with results', 'sok/?q=n%C3%A4mnd'],
  ['data', 'data/'],
  ['accessibility statement', 'tillganglighet/'],
  ['404', 'finns-inte/'],
];

const VIEWS = [
  ['desktop', { viewport: { width: 1280, height: 900 } }],
  ['320 px', { viewport: { width: 320, height: 720 } }],
  ['dark mode', { viewport: { width: 1024, height: 800 }, colorScheme: 'dark' }],
];

let tmp;
let site;
let browser;
let axeSource;

describe('axe-core finds no WCAG 2.1 A/AA violation', () => {
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

  for (const [view, options] of VIEWS) {
    it(`on every page type, ${view}`, { timeout: TEST_TIMEOUT }, async () => {
      const found = [];
      for (const [name, sitePath] of PAGES) {
        const s = await openPage(browser, options);
        try {
          await s.page.goto(site.base + sitePath);
          if (sitePath.startsWith('sok/')) {
            await s.page.waitForSelector('#search-results a[href]', { timeout: 30_000 });
          }
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
