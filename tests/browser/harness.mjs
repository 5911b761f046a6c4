// Shared harness for the browser tests: build a site with the real binary,
// serve it under a sub-path with a strict Content-Security-Policy, and drive
// Debian's Chromium through playwright-core. Never downloads a browser.
//
// This file is not a test file (node --test only picks up *.test.mjs here).

import { createServer } from 'node:http';
import { once } from 'node:events';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root (two levels up from tests/browser/). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The browser: Debian's chromium package. Override with CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The sub-path the site is served under; matches the path of `base_url`. */
export const PREFIX = '/remissvar/';

/**
 * One page of each type of the seed site, as [name, site path]: what the
 * accessibility tests audit and scripts/screenshots renders. The search page
 * is given with a query, so it shows results.
 */
export const PAGE_TYPES = [
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
  ['glossary', 'ordlista/'],
  ['404', 'finns-inte/'],
];

/** The policy sent with every response. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'";

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

export { buildSite } from '../js/helpers.mjs';

/**
 * A tiny static server for `root`, mounted at PREFIX on 127.0.0.1 and a free
 * port. Directory URLs serve index.html, a directory without its trailing
 * slash redirects, and a missing file gets the site's 404.html with status
 * 404. Every response carries the strict CSP and `nosniff`, so a file with a
 * wrong content type fails to load.
 */
export async function startServer(root) {
  root = path.resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    const baseHeaders = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    const send = (status, headers, body) => {
      res.writeHead(status, { ...baseHeaders, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      const url = new URL(req.url, 'http://localhost');
      requests.push({ method: req.method, path: url.pathname });
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
      }
      const notFound = async () => {
        let body;
        try {
          body = await readFile(path.join(root, '404.html'));
        } catch {
          body = 'not found\n';
        }
        send(404, { 'Content-Type': 'text/html; charset=utf-8' }, body);
      };
      // Browsers ask the origin for /favicon.ico on their own. The origin's
      // root belongs to the host, not to this site (which lives under PREFIX),
      // so answer "no content" rather than log a 404 against the site.
      if (url.pathname === '/favicon.ico') return send(204, {}, '');
      if (url.pathname === PREFIX.slice(0, -1)) {
        return send(301, { Location: PREFIX + url.search }, '');
      }
      if (!url.pathname.startsWith(PREFIX)) return notFound();
      let rel;
      try {
        rel = decodeURIComponent(url.pathname.slice(PREFIX.length));
      } catch {
        return notFound();
      }
      if (rel.includes('\0')) return notFound();
      let file = path.resolve(root, '.' + path.posix.sep + rel);
      if (file !== root && !file.startsWith(root + path.sep)) return notFound();
      let info;
      try {
        info = await stat(file);
      } catch {
        return notFound();
      }
      if (info.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          return send(301, { Location: url.pathname + '/' + url.search }, '');
        }
        file = path.join(file, 'index.html');
        try {
          info = await stat(file);
        } catch {
          return notFound();
        }
      }
      if (!info.isFile()) return notFound();
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const body = await readFile(file);
      send(200, { 'Content-Type': type, 'Content-Length': body.length }, body);
    } catch (err) {
      send(500, { 'Content-Type': 'text/plain; charset=utf-8' }, String(err && err.stack));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}${PREFIX}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Launches Debian's Chromium headless, with the flags this machine needs. */
export async function launchBrowser() {
  try {
    await access(CHROMIUM, fsConstants.X_OK);
  } catch {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (scripts/test does: apt-get install -y chromium). ` +
        'The tests never download a browser.',
    );
  }
  // playwright-core gives every launch a fresh, empty user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 120_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a new context and page that record every CSP violation, console
 * error, uncaught page error and dialog. Call `problems()` for a readable
 * list of what went wrong, and `close()` at the end.
 */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ ...contextOptions });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const log = { csp: [], console: [], pageErrors: [], dialogs: [] };

  // The binding and the init script are injected by the browser itself, so
  // the page's CSP does not apply to them. With JavaScript disabled nothing
  // runs; Chromium still reports violations on the console.
  if (contextOptions.javaScriptEnabled !== false) {
    await page.exposeBinding('__remissReportCsp', (_source, v) => log.csp.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        // eslint-disable-next-line no-undef
        window.__remissReportCsp({
          page: e.documentURI,
          directive: e.effectiveDirective || e.violatedDirective,
          blocked: e.blockedURI,
          source: e.sourceFile,
          line: e.lineNumber,
          sample: e.sample,
        });
      });
    });
  }
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      log.console.push({ page: page.url(), text: msg.text(), url: loc && loc.url });
    }
  });
  page.on('pageerror', (err) => log.pageErrors.push({ page: page.url(), text: String(err && err.stack ? err.stack : err) }));
  page.on('dialog', async (dialog) => {
    log.dialogs.push({ page: page.url(), type: dialog.type(), message: dialog.message() });
    await dialog.dismiss().catch(() => {});
  });

  return {
    context,
    page,
    log,
    /** Lists every recorded problem; `ignoreConsole` filters expected console errors. */
    problems({ ignoreConsole = () => false } = {}) {
      const out = [];
      for (const v of log.csp) out.push(`CSP violation on ${v.page}: ${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source || '?'}:${v.line || '?'} ${v.sample ? JSON.stringify(v.sample) : ''}`);
      for (const c of log.console) if (!ignoreConsole(c)) out.push(`console error on ${c.page}: ${c.text}${c.url ? ` (${c.url})` : ''}`);
      for (const e of log.pageErrors) out.push(`uncaught error on ${e.page}: ${e.text}`);
      for (const d of log.dialogs) out.push(`${d.type} dialog on ${d.page}: ${JSON.stringify(d.message)}`);
      return out;
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
}

/** Gives asynchronous reports (CSP events, console messages) time to arrive. */
export async function settle(page, ms = 150) {
  await page.waitForTimeout(ms);
}

/** Every file under `dir` whose name ends in `suffix`, as paths relative to dir with '/' separators. */
export async function listFiles(dir, suffix) {
  const out = [];
  async function walk(rel) {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(r);
      else if (entry.name.endsWith(suffix)) out.push(r);
    }
  }
  await walk('');
  return out.sort();
}
