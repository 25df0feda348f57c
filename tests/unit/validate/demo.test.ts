/**
 * Runs `npm run validate:demo`'s script as users run it, in its own Node process: vega is ESM-only and
 * jest's ESM linker breaks when two test files in one worker import it (V8 reuses the first file's
 * dynamic-import host), so the real CLI is both the more honest and the more robust test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const TINY_MODEL = join(ROOT, 'models/tiny-test');

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/validate/demo.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('validate:demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'pima-validate-demo-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('generates a held-out phantom cohort, validates a model on disjoint test and tuning patients, and writes the report', async () => {
    const { code, stdout: text, stderr } = await runDemo([
      '--patients', '4', '--tuning-patients', '2', '--seed', '31', '--out', out, '--model', TINY_MODEL, '--compare', TINY_MODEL,
    ]);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(text).toContain('Model: tiny-test');
    expect(text).toContain('Patients: 4 test, 2 tuning; excluded 0');
    expect(text).toMatch(/Paired DeLong tiny-test vs tiny-test: AUC [0-9.]+ vs [0-9.]+, difference 0\.000/);
    expect(text).toContain('research use only');
    const test = readFileSync(join(out, 'test-labels.csv'), 'utf8').trim().split('\n').slice(1).map(l => l.split(',')[0]);
    const tuning = readFileSync(join(out, 'tuning-labels.csv'), 'utf8').trim().split('\n').slice(1).map(l => l.split(',')[0]);
    expect(test).toHaveLength(4);
    expect(tuning).toHaveLength(2);
    expect(test.filter(p => tuning.includes(p))).toEqual([]);
    const report = JSON.parse(readFileSync(join(out, 'report', 'report.json'), 'utf8'));
    expect(report.thresholds.youden?.tuningPatients).toBe(2);
    expect(report.models.map((m: { id: string }) => m.id)).toEqual(['tiny-test', 'tiny-test']);
    expect(readFileSync(join(out, 'report', 'report.html'), 'utf8')).toContain('<svg');
  }, 240_000);
});
