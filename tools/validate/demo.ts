/**
 * npm run validate:demo [-- --patients 40 --tuning-patients 20 --seed 9001 --out test-output/validate-demo] [--model M] [--compare M2]
 * Generates a held-out synthetic phantom cohort (split into test and tuning patients) with the project's generator,
 * validates the demonstration model (models/sedas-r50-phantom-demo, or models/tiny-test while that
 * does not exist) and writes the report. Synthetic data only; research use only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCohort } from '../phantoms/cohort';
import { formatLabelsCsv, readLabelsCsv } from '../phantoms/labelsCsv';
import { assignLabels } from '../phantoms/params';
import type { ModelComparison } from './analysis';
import { runValidation, UsageError } from './runValidation';

const ROOT = resolve(__dirname, '../..');
export const DEMO_MODEL = join(ROOT, 'models/sedas-r50-phantom-demo');
export const FALLBACK_MODEL = join(ROOT, 'models/tiny-test');
/** The paper's comparator trained on the same phantom split, compared with a paired DeLong test when present. */
export const BASELINE_MODEL = join(ROOT, 'models/resnet50-phantom-baseline');

/** Generates a cohort unless the folder already holds one made with the same size and seed. */
async function ensureCohort(dir: string, patients: number, seed: number, log: (s: string) => void): Promise<void> {
  const stamp = join(dir, 'cohort-stamp.json');
  const want = JSON.stringify({ patients, seed, minSlices: true });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(join(dir, 'labels.csv'))) {
    log(`reusing cohort ${dir} (${patients} patients, seed ${seed})\n`);
    return;
  }
  log(`generating ${patients} synthetic phantom patients (seed ${seed}) into ${dir} …\n`);
  const res = await generateCohort({
    out: dir,
    patients,
    seed,
    workers: 2,
    labels: assignLabels(patients, seed, 0.5),
    sample: { minSlices: true },
    onPatient: (r, done, total) => log(`  [${done}/${total}] ${r.row.patientId} ${r.row.label}\n`),
  });
  log(`  ${res.slices} slices in ${res.seconds.toFixed(1)} s\n`);
  writeFileSync(stamp, want);
}

/** The paired DeLong result as one printed line (none without a comparison). */
function comparisonLines(c: ModelComparison | undefined): string[] {
  if (!c?.test) return [];
  const { aucA, aucB, difference, ci, p } = c.test;
  return [
    `Paired DeLong ${c.modelA} vs ${c.modelB}: AUC ${aucA.toFixed(3)} vs ${aucB.toFixed(3)}, difference ${difference.toFixed(3)} ` +
      `(95% CI ${ci.map((v) => v.toFixed(3)).join('–')}), p = ${Number.isNaN(p) ? 'n/a' : p.toPrecision(3)}`,
  ];
}

export async function demo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      patients: { type: 'string', default: '40' },
      'tuning-patients': { type: 'string', default: '20' },
      seed: { type: 'string', default: '9001' },
      out: { type: 'string', default: 'test-output/validate-demo' },
      model: { type: 'string' },
      compare: { type: 'string' },
    },
  });
  const patients = Number(values.patients);
  const tuningPatients = Number(values['tuning-patients']);
  const seed = Number(values.seed);
  if (![patients, tuningPatients, seed].every((n) => Number.isInteger(n) && n >= 0) || patients < 2) {
    throw new UsageError('--patients (>= 2), --tuning-patients and --seed must be non-negative integers');
  }
  const model = values.model ? resolve(values.model) : existsSync(join(DEMO_MODEL, 'manifest.json')) ? DEMO_MODEL : FALLBACK_MODEL;
  const log = (s: string) => process.stderr.write(s);
  if (model === FALLBACK_MODEL && !values.model) {
    log(`note: ${DEMO_MODEL} does not exist yet; validating the random-weight test model ${FALLBACK_MODEL} instead (AUC ≈ 0.5 expected)\n`);
  }
  const compare = values.compare ? resolve(values.compare) : !values.model && model === DEMO_MODEL && existsSync(join(BASELINE_MODEL, 'manifest.json')) ? BASELINE_MODEL : undefined;
  const out = resolve(values.out!);
  const cohortDir = join(out, 'cohort');
  await ensureCohort(cohortDir, patients + tuningPatients, seed, log);
  // One generated cohort split by patient into disjoint test and tuning label files, so the Youden
  // threshold is fitted on patients the test statistics never see.
  const rows = readLabelsCsv(join(cohortDir, 'labels.csv'));
  const testLabels = join(out, 'test-labels.csv');
  const tuningLabels = join(out, 'tuning-labels.csv');
  writeFileSync(testLabels, formatLabelsCsv(rows.slice(0, patients)));
  writeFileSync(tuningLabels, formatLabelsCsv(rows.slice(patients)));
  const summary = await runValidation({
    model,
    data: cohortDir,
    labels: testLabels,
    tuning: tuningPatients > 0 ? tuningLabels : undefined,
    ...(compare ? { compare } : {}),
    out: join(out, 'report'),
    title: 'Demonstration validation on held-out synthetic phantoms (not clinical data)',
  });
  const e = summary.report.evaluations[0].patient;
  process.stdout.write(
    [
      `Model: ${summary.report.models[0].id} (sha256 ${summary.report.models[0].sha256.slice(0, 12)}…)`,
      `Patients: ${summary.evaluated} test, ${summary.report.cohort.tuningPatients ?? 0} tuning; excluded ${summary.excluded.length}`,
      e.auc ? `Patient-level AUC ${e.auc.value.toFixed(3)} (DeLong 95% CI ${e.auc.delong.ci.map((v) => v.toFixed(3)).join('–')}; bootstrap ${e.auc.bootstrap.ci.map((v) => v.toFixed(3)).join('–')})` : 'AUC undefined',
      ...comparisonLines(summary.report.comparison),
      `Report: ${summary.html}`,
      'Synthetic phantoms and a demonstration model: research use only; no clinical meaning.',
      '',
    ].join('\n'),
  );
  return summary.exitCode;
}

if (require.main === module) {
  demo(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`validate:demo: ${(e as Error).message}\n`);
      process.exitCode = e instanceof UsageError ? 2 : 1;
    },
  );
}
