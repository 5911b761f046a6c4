// scripts/screenshots renders every main page type at phone and desktop
// width into PNG files of the right size.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PAGE_TYPES, REPO } from './harness.mjs';

let tmp;
after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it('scripts/screenshots writes a phone and a desktop PNG of every page type', { timeout: 30 * 60_000 }, async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'remiss-shots-test-'));
  const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'screenshots'), '--out', tmp, '--dark'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, output);
  const files = (await readdir(tmp)).sort();
  assert.equal(files.length, PAGE_TYPES.length * 4, files.join(', '));
  for (const file of files) {
    const png = await readFile(path.join(tmp, file));
    assert.equal(png.subarray(1, 4).toString(), 'PNG', file);
    const width = png.readUInt32BE(16);
    assert.equal(width, Number(file.match(/-(\d+)(-dark)?\.png$/)[1]), `${file} is ${width} px wide`);
    assert.ok(png.length > 5_000, `${file} has content (${png.length} bytes)`);
  }
  assert.ok(files.includes('case-390.png') && files.includes('case-1280-dark.png'), files.join(', '));
});
