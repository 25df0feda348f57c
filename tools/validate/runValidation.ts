/**
 * The validation run behind `npm run validate`: labels → cohort → model per patient (checkpointed) →
 * statistics → per-case CSV + report. Thresholds: the card's, plus Youden's J on a separate tuning
 * cohort when given (a tuning cohort that shares patients with the test cohort is refused).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { youdenThreshold, type BinaryLabel } from '../../extension/src/core/metrics';
import type { ModelManifest } from '../../extension/src/core/manifest';
import { createNodeEngine, type NodeRuntime } from '../../extension/src/runtime/node/nodeEngine';
import { compareModels, evaluateModel, type PatientScore, type ThresholdChoice } from './analysis';
import { casesCsv, type ExcludedRecord } from './casesCsv';
import { Checkpoint, type CaseRecord } from './checkpoint';
import { folderCohort, type CohortSource } from './cohort';
import { dicomwebCohort } from './dicomweb';
import { loadLabelRows, type LabelRow } from './labelRows';
import { ProgressBar, type ProgressSink } from './progress';
import { reportModelFromManifest, type ReportData } from './report/reportTypes';
import { writeReport } from './report/writeReport';

/** Bad input the user can fix (exit code 2), as opposed to a bug (exit code 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ValidationOptions {
  model: string;
  compare?: string;
  data: string;
  labels: string;
  tuning?: string;
  out: string;
  runtime?: NodeRuntime;
  threads?: number;
  resamples?: number;
  seed?: number;
  /** Where the progress bar and messages go (stderr by default). */
  log?: ProgressSink;
  title?: string;
}

export interface ValidationSummary {
  exitCode: 0 | 3;
  html: string;
  json: string;
  csv: string;
  evaluated: number;
  excluded: ExcludedRecord[];
  /** Test patients of the primary model taken from the checkpoint instead of being run again. */
  resumed: number;
  /** Tuning patients of the primary model, and how many of them came from the checkpoint. */
  tuning: { evaluated: number; resumed: number };
  report: ReportData;
}

function openCohort(data: string): CohortSource {
  if (/^https?:\/\//i.test(data)) return dicomwebCohort(data);
  return folderCohort(resolve(data));
}

interface ModelRun {
  manifest: ModelManifest;
  backend: string;
  cases: CaseRecord[];
  tuningCases: CaseRecord[];
  excluded: ExcludedRecord[];
  resumed: { test: number; tuning: number };
}

async function runModel(
  modelPath: string,
  cohort: CohortSource,
  rows: { test: LabelRow[]; tuning: LabelRow[] },
  checkpoint: Checkpoint,
  opts: ValidationOptions,
  log: ProgressSink,
): Promise<ModelRun> {
  const engine = createNodeEngine({ model: modelPath, runtime: opts.runtime, threads: opts.threads });
  let status;
  try {
    status = await engine.load();
  } catch (e) {
    throw new UsageError(`cannot load model ${modelPath}: ${(e as Error).message}`);
  }
  const manifest = engine.manifest()!;
  const backend = status.backend?.label ?? status.backend?.name ?? 'unknown';
  const sha = manifest.file.sha256;
  const threshold = manifest.threshold.value;
  const run: ModelRun = { manifest, backend, cases: [], tuningCases: [], excluded: [], resumed: { test: 0, tuning: 0 } };
  try {
    for (const cohortName of ['tuning', 'test'] as const) {
      const list = rows[cohortName];
      if (list.length === 0) continue;
      const bar = new ProgressBar(`${manifest.id} ${cohortName}`, list.length, log);
      for (const row of list) {
        const done = checkpoint.get(sha, cohortName, row);
        if (done) {
          (cohortName === 'test' ? run.cases : run.tuningCases).push(done);
          run.resumed[cohortName]++;
          bar.tick(row.patientId);
          continue;
        }
        const t0 = performance.now();
        try {
          const loaded = await cohort.loadCase(row);
          const result = await engine.run(loaded.slices, loaded.slices.map(() => row.roi), { aggregation: manifest.aggregation });
          const ms = performance.now() - t0;
          const p = result.aggregate.probability;
          const record: CaseRecord = {
            cohort: cohortName,
            patientId: row.patientId,
            label: row.label,
            studyInstanceUid: loaded.headers[0]?.studyInstanceUid ?? row.studyInstanceUid ?? '',
            seriesInstanceUid: row.seriesInstanceUid,
            sliceIndices: row.sliceIndices,
            sopInstanceUids: loaded.headers.map((h) => h.sopInstanceUid),
            roi: row.roi,
            modelId: manifest.id,
            modelVersion: manifest.version,
            modelSha256: sha,
            sliceProbabilities: result.slices.map((s) => s.probability),
            patientProbability: p,
            threshold,
            decision: p >= threshold ? 'PIMA' : 'IPN',
            backend: result.backend.name,
            ms,
          };
          checkpoint.add(record);
          (cohortName === 'test' ? run.cases : run.tuningCases).push(record);
          bar.tick(row.patientId, ms / 1000);
        } catch (e) {
          const reason = (e as Error).message;
          run.excluded.push({ cohort: cohortName, patientId: row.patientId, label: row.label, seriesInstanceUid: row.seriesInstanceUid, modelId: manifest.id, modelSha256: sha, reason });
          log.write(`\n${manifest.id}: patient ${row.patientId} excluded: ${reason}\n`);
          bar.tick(row.patientId, (performance.now() - t0) / 1000);
        }
      }
    }
  } finally {
    await engine.dispose();
  }
  return run;
}

const toScores = (cases: readonly CaseRecord[]): PatientScore[] =>
  cases.map((c) => ({
    patientId: c.patientId,
    label: (c.label === 'PIMA' ? 1 : 0) as BinaryLabel,
    probability: c.patientProbability,
    sliceProbabilities: c.sliceProbabilities,
  }));

function thresholdsFor(run: ModelRun): ThresholdChoice {
  const choice: ThresholdChoice = { card: { ...run.manifest.threshold } };
  const tuning = toScores(run.tuningCases);
  if (tuning.length > 0) {
    const labels = tuning.map((t) => t.label);
    if (!labels.includes(1) || !labels.includes(0)) {
      throw new UsageError('the tuning cohort needs both PIMA and IPN patients to fit a Youden threshold');
    }
    choice.youden = { ...youdenThreshold(tuning.map((t) => t.probability), labels), tuningPatients: tuning.length };
  }
  return choice;
}

export async function runValidation(opts: ValidationOptions): Promise<ValidationSummary> {
  const log = opts.log ?? process.stderr;
  let test: LabelRow[];
  let tuning: LabelRow[] = [];
  try {
    test = loadLabelRows(opts.labels);
    if (opts.tuning) tuning = loadLabelRows(opts.tuning);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const testIds = new Set(test.map((r) => r.patientId));
  const overlap = tuning.filter((r) => testIds.has(r.patientId)).map((r) => r.patientId);
  if (overlap.length) {
    throw new UsageError(`tuning and test cohorts share patient(s) ${overlap.join(', ')}: a threshold must never be fitted on the test cohort`);
  }
  let cohort: CohortSource;
  try {
    cohort = openCohort(opts.data);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const warnings = [...cohort.warnings];
  for (const w of warnings) log.write(`warning: ${w}\n`);
  mkdirSync(opts.out, { recursive: true });
  const checkpoint = new Checkpoint(join(opts.out, 'checkpoint.jsonl'));
  if (checkpoint.ignoredLines) warnings.push(`${checkpoint.ignoredLines} incomplete checkpoint line(s) ignored (an interrupted run); those patients were run again`);

  const runs: ModelRun[] = [];
  for (const modelPath of [opts.model, opts.compare].filter((m): m is string => Boolean(m))) {
    runs.push(await runModel(modelPath, cohort, { test, tuning }, checkpoint, opts, log));
  }
  const primary = runs[0];
  if (primary.cases.length === 0) {
    throw new UsageError(`no patient could be analysed (${primary.excluded.length} excluded; first reason: ${primary.excluded[0]?.reason ?? 'none'})`);
  }
  const evaluations = runs.map((r) =>
    evaluateModel(r.manifest.id, toScores(r.cases), thresholdsFor(r), { resamples: opts.resamples, seed: opts.seed }),
  );
  const excluded = runs.flatMap((r) => r.excluded);
  const excludedTest = new Map(excluded.filter((e) => e.cohort === 'test').map((e) => [e.patientId, e.reason]));
  const scores = toScores(primary.cases);
  const report: ReportData = {
    title: opts.title ?? `Validation of ${primary.manifest.name}`,
    generatedAt: new Date().toISOString(),
    software: { tool: 'pima-ipn-ohif tools/validate', node: process.version, runtime: primary.backend },
    data: { source: cohort.description, kind: cohort.kind, labels: opts.labels, tuningLabels: opts.tuning },
    cohort: {
      patientsInLabels: test.length,
      evaluated: primary.cases.length,
      positives: scores.filter((s) => s.label === 1).length,
      negatives: scores.filter((s) => s.label === 0).length,
      slices: primary.cases.reduce((a, c) => a + c.sliceProbabilities.length, 0),
      excluded: [...excludedTest].map(([patientId, reason]) => ({ patientId, reason })),
      tuningPatients: tuning.length || undefined,
      warnings,
    },
    models: runs.map((r) => reportModelFromManifest(r.manifest, r.backend)),
    thresholds: evaluations[0].thresholds,
    evaluations,
    comparison: runs[1]
      ? compareModels(runs[0].manifest.id, toScores(runs[0].cases), runs[1].manifest.id, toScores(runs[1].cases))
      : undefined,
  };
  const csv = join(opts.out, 'cases.csv');
  writeFileSync(csv, casesCsv(runs.flatMap((r) => [...r.tuningCases, ...r.cases]), excluded));
  const { html, json } = await writeReport(opts.out, report);
  return {
    exitCode: excluded.length ? 3 : 0,
    html,
    json,
    csv,
    evaluated: primary.cases.length,
    excluded,
    resumed: primary.resumed.test,
    tuning: { evaluated: primary.tuningCases.length, resumed: primary.resumed.tuning },
    report,
  };
}
