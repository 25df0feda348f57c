/**
 * @jest-environment ./tests/unit/engine/sharedTypedArraysEnvironment.cjs
 */
/**
 * End-to-end tests of `npm run validate` (in-process main()) on a tiny phantom cohort made by the
 * project's generator (96×96 matrix, 12 slices) and the tiny random-weight model models/tiny-test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { formatLabelsCsv, parseCsvRecords, readLabelsCsv } from '../../../tools/phantoms/labelsCsv';
import { CASE_COLUMNS } from '../../../tools/validate/casesCsv';
import { main } from '../../../tools/validate/cli';
import type { ReportData } from '../../../tools/validate/report/reportTypes';
import { tinyCohort } from './support/tinyCohort';

const MODEL = join(__dirname, '../../../models/tiny-test');

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main([...args, '--resamples', '100', '--threads', '1'], out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

const readCases = (dir: string) => {
  const [header, ...rows] = parseCsvRecords(readFileSync(join(dir, 'cases.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

let root: string;
let cohort: string;
let testLabels: string;
let tuningLabels: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'validate-cli-'));
  cohort = await tinyCohort(11, ['PIMA', 'IPN', 'PIMA', 'IPN', 'PIMA', 'IPN', 'PIMA', 'IPN', 'IPN', 'PIMA']);
  const rows = readLabelsCsv(join(cohort, 'labels.csv'));
  testLabels = join(root, 'test.csv');
  tuningLabels = join(root, 'tuning.csv');
  writeFileSync(testLabels, formatLabelsCsv(rows.slice(0, 6)));
  writeFileSync(tuningLabels, formatLabelsCsv(rows.slice(6)));
}, 120000);

describe('validate CLI: bad input exits 2 with a clear message', () => {
  it('names missing arguments', async () => {
    const r = await run(['--model', MODEL]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --data, --labels');
    expect(r.stderr).toContain('Usage: npm run validate');
  });
  it('names an unknown label value and its line', async () => {
    const bad = join(root, 'bad.csv');
    writeFileSync(bad, readFileSync(testLabels, 'utf8').replace(',PIMA,', ',ADENO,'));
    const r = await run(['--model', MODEL, '--data', cohort, '--labels', bad, '--out', join(root, 'bad-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: label must be PIMA or IPN, got "ADENO"/);
  });
  it('refuses a tuning cohort that shares patients with the test cohort', async () => {
    const r = await run(['--model', MODEL, '--data', cohort, '--labels', testLabels, '--tuning', testLabels, '--out', join(root, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('never be fitted on the test cohort');
  });
  it('reports a missing model and a missing data folder', async () => {
    const m = await run(['--model', join(root, 'nope'), '--data', cohort, '--labels', testLabels, '--out', join(root, 'y')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/cannot load model .*nope.*manifest not found/i);
    const d = await run(['--model', MODEL, '--data', join(root, 'nodata'), '--labels', testLabels, '--out', join(root, 'z')]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('does not exist');
  });
});

describe('validate CLI: a full run', () => {
  let out: string;
  let first: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    out = join(root, 'out');
    first = await run(['--model', MODEL, '--data', cohort, '--labels', testLabels, '--tuning', tuningLabels, '--out', out]);
  }, 60000);

  it('exits 0 and prints where everything went', () => {
    expect(first.stderr).not.toContain('unexpected');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Test patients analysed: 6 (0 from checkpoint); tuning patients: 4 (0 from checkpoint); excluded: 0');
    expect(first.stderr).toMatch(/tiny-test test \[#+\] 6\/6 ETA/);
  });
  it('writes the per-case CSV with the documented columns, one row per patient and cohort', () => {
    const header = readFileSync(join(out, 'cases.csv'), 'utf8').split('\n')[0];
    expect(header.split(',')).toEqual([...CASE_COLUMNS]);
    const cases = readCases(out);
    expect(cases.filter((c) => c.cohort === 'test')).toHaveLength(6);
    expect(cases.filter((c) => c.cohort === 'tuning')).toHaveLength(4);
    for (const c of cases) {
      const slices = c.slice_probabilities.split(';').map(Number);
      expect(slices).toHaveLength(3);
      // Patient probability is the mean of the slice probabilities (the model's aggregation).
      expect(Number(c.patient_probability)).toBeCloseTo(slices.reduce((a, b) => a + b) / 3, 5);
      expect(c.decision).toBe(Number(c.patient_probability) >= Number(c.threshold) ? 'PIMA' : 'IPN');
      expect(c.model_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(c.sop_instance_uids.split(';')).toHaveLength(3);
      expect(c.backend).toContain('onnxruntime-node');
    }
  });
  it('writes a report with figures, a Youden threshold from the tuning cohort, and every number as JSON', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg[\s>]/g)).toHaveLength(5);
    expect(html).toContain('Youden threshold');
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportData;
    expect(json.cohort.evaluated).toBe(6);
    expect(json.cohort.tuningPatients).toBe(4);
    expect(json.thresholds.youden?.tuningPatients).toBe(4);
    expect(json.evaluations[0].patient.n).toBe(6);
    expect(json.evaluations[0].slice.n).toBe(18);
    expect(json.models[0].id).toBe('tiny-test');
  });
  it('resumes after an interruption: finished patients come from the checkpoint, a cut line is re-run', async () => {
    const ckpt = join(out, 'checkpoint.jsonl');
    const lines = readFileSync(ckpt, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10);
    const before = readCases(out);
    // Keep 4 tuning + 2 test patients, then half a line, as if the process died while writing.
    writeFileSync(ckpt, `${lines.slice(0, 6).join('\n')}\n${lines[6].slice(0, 40)}`);
    const again = await run(['--model', MODEL, '--data', cohort, '--labels', testLabels, '--tuning', tuningLabels, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Test patients analysed: 6 (2 from checkpoint); tuning patients: 4 (4 from checkpoint)');
    const after = readCases(out);
    expect(after.map((c) => [c.patient_id, c.patient_probability])).toEqual(before.map((c) => [c.patient_id, c.patient_probability]));
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportData;
    expect(json.cohort.warnings.join(' ')).toContain('1 incomplete checkpoint line(s) ignored');
  }, 60000);
  it('compares two models with a paired DeLong test (here the same model twice: ΔAUC 0, no test statistic)', async () => {
    const again = await run(['--model', MODEL, '--compare', MODEL, '--data', cohort, '--labels', testLabels, '--out', out]);
    expect(again.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportData;
    expect(json.evaluations).toHaveLength(2);
    expect(json.comparison!.patients).toBe(6);
    expect(json.comparison!.test!.difference).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Paired DeLong test, tiny-test vs tiny-test on 6 patients');
  }, 60000);
  it('does not reuse checkpoint lines of a different model hash', async () => {
    const ckpt = join(out, 'checkpoint.jsonl');
    const text = readFileSync(ckpt, 'utf8').replace(/"modelSha256":"[0-9a-f]{64}"/g, `"modelSha256":"${'0'.repeat(64)}"`);
    writeFileSync(ckpt, text);
    const again = await run(['--model', MODEL, '--data', cohort, '--labels', testLabels, '--out', out]);
    expect(again.stdout).toContain('Test patients analysed: 6 (0 from checkpoint)');
  }, 60000);
});

describe('validate CLI: missing series and unreadable files', () => {
  it('excludes the patient, lists the reason, still writes the report and exits 3', async () => {
    const labels = join(root, 'with-missing.csv');
    const rows = readLabelsCsv(testLabels);
    rows.push({ ...rows[0], patientId: 'GHOST-1', seriesInstanceUid: '2.25.999' });
    writeFileSync(labels, formatLabelsCsv(rows));
    // The cached cohort stays untouched: the data folder links to it and adds a broken file beside it.
    const data = join(root, 'data-with-broken-file');
    mkdirSync(data);
    symlinkSync(cohort, join(data, 'cohort'));
    writeFileSync(join(data, 'broken.dcm'), 'this is not DICOM');
    const out = join(root, 'out-missing');
    const r = await run(['--model', MODEL, '--data', data, '--labels', labels, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('patient GHOST-1 excluded: patient GHOST-1: series 2.25.999 not found');
    expect(r.stderr).toContain('unreadable DICOM file broken.dcm');
    const ghost = readCases(out).find((c) => c.patient_id === 'GHOST-1')!;
    expect(ghost.status).toBe('excluded');
    expect(ghost.reason).toContain('not found');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('GHOST-1');
    expect(html).toContain('6 of 7 patients analysed');
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  }, 60000);
});
