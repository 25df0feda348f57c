import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../../../.webpack/check-bundles.mjs');
const dirs: string[] = [];

/** A fake dist folder: { 'extension.js': code, 'extension.js.map': JSON, ... }. */
function dist(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bundle-check-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

const map = (...sources: string[]) => JSON.stringify({ version: 3, sources, mappings: '' });
const check = (d: string) => spawnSync(process.execPath, [SCRIPT, d], { encoding: 'utf8' });

afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

describe('the post-build bundle check', () => {
  it('passes bundles that only carry our code and allowed libraries', () => {
    const r = check(dist({ 'extension.js': 'export default {}', 'extension.js.map': map('webpack://x/./node_modules/react/index.js', 'webpack://x/./extension/src/index.tsx'), 'ort/ort-wasm.mjs': 'x' }));
    expect(r.stdout).toContain('Bundle check passed');
    expect(r.status).toBe(0);
  });
  it('fails a bundle that imports the host packages', () => {
    const r = check(dist({ 'extension.js': 'import { cache } from "@cornerstonejs/core"; const m = import("@ohif/core");', 'extension.js.map': map() }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('extension.js imports @cornerstonejs/core');
    expect(r.stderr).toContain('extension.js imports @ohif/core');
  });
  it('fails a bundle whose source map lists a bundled copy of cornerstone or OHIF', () => {
    const r = check(dist({ 'mode.js': 'export default {}', 'mode.js.map': map('webpack://x/./node_modules/@cornerstonejs/tools/dist/esm/index.js') }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/mode\.js\.map bundles .*@cornerstonejs\/tools/);
  });
  it('fails a bundle without a source map, and an empty folder', () => {
    const r = check(dist({ 'chunks/a.js': 'export const a = 1;' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/chunks\/a\.js has no source map/);
    const empty = check(dist({}));
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('no bundles found');
  });
});
