/**
 * @jest-environment ./tests/unit/engine/sharedTypedArraysEnvironment.cjs
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demo, FALLBACK_MODEL } from '../../../tools/validate/demo';

describe('validate:demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'pima-validate-demo-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('generates a held-out phantom cohort, validates a model on disjoint test and tuning patients, and writes the report', async () => {
    const stdout: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (stdout.push(String(s)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await demo(['--patients', '4', '--tuning-patients', '2', '--seed', '31', '--out', out, '--model', FALLBACK_MODEL, '--compare', FALLBACK_MODEL]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const text = stdout.join('');
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
  }, 180_000);
});
