/**
 * Generates a cohort folder: <out>/<PatientID>/<SeriesInstanceUID>/<NNNN>.dcm plus
 * <out>/labels.csv. Patients are independent (each derives its own random streams from the
 * cohort seed and its index), so they can be produced by a worker pool in any order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeSliceDicom, type SeriesUids } from './dicomWriter';
import { formatLabelsCsv, type LabelsRow } from './labelsCsv';
import { assignLabels, samplePatient, type LesionLabel, type SampleOptions } from './params';
import { deterministicUid } from './uids';
import { PatientRenderer } from './volume';

export interface PatientJob {
  cohortSeed: number;
  index: number;
  label: LesionLabel;
  outDir: string;
  sample: SampleOptions;
}

export interface PatientResult {
  row: LabelsRow;
  slices: number;
  bytes: number;
  files: string[];
}

export function seriesUids(cohortSeed: number, index: number): SeriesUids {
  return {
    studyInstanceUid: deterministicUid(cohortSeed, index, 'study'),
    seriesInstanceUid: deterministicUid(cohortSeed, index, 'series'),
    frameOfReferenceUid: deterministicUid(cohortSeed, index, 'frame'),
    sopInstanceUid: (k: number) => deterministicUid(cohortSeed, index, 'sop', k),
  };
}

/** Renders and writes one patient; returns its labels.csv row. */
export function generatePatient(job: PatientJob): PatientResult {
  const p = samplePatient(job.cohortSeed, job.index, job.label, job.sample);
  const r = new PatientRenderer(p);
  const uids = seriesUids(job.cohortSeed, job.index);
  const dir = path.join(job.outDir, p.patientId, uids.seriesInstanceUid);
  fs.mkdirSync(dir, { recursive: true });
  const stats: Array<{ lesionArea: number; lesionBox: { x0: number; y0: number; x1: number; y1: number } | null }> = [];
  let bytes = 0;
  const files: string[] = [];
  for (let k = 0; k < p.acquisition.numSlices; k++) {
    const s = r.renderSlice(k);
    stats.push({ lesionArea: s.lesionArea, lesionBox: s.lesionBox });
    const buf = writeSliceDicom(p, uids, { k, zDicom: s.zDicom, x0: r.xs[0] as number, y0: r.ys[0] as number }, s.stored);
    const name = `${String(k + 1).padStart(4, '0')}.dcm`;
    fs.writeFileSync(path.join(dir, name), buf);
    files.push(path.relative(job.outDir, path.join(dir, name)));
    bytes += buf.length;
  }
  const sum = r.summarise(stats);
  const n = p.acquisition.numSlices;
  const sliceIndices = [sum.keySlice - 1, sum.keySlice, sum.keySlice + 1].filter((k) => k >= 0 && k < n);
  const row: LabelsRow = {
    patientId: p.patientId,
    label: p.label,
    studyInstanceUid: uids.studyInstanceUid,
    seriesInstanceUid: uids.seriesInstanceUid,
    keySliceIndex: sum.keySlice,
    sliceIndices,
    keySopInstanceUid: uids.sopInstanceUid(sum.keySlice),
    roi: sum.roi,
    centreMm: sum.centreMm,
    centreIJK: sum.centreIJK,
    bboxK: [sum.bboxK0, sum.bboxK1],
    bboxXY: sum.bboxXY,
    rows: p.acquisition.rows,
    columns: p.acquisition.columns,
    numSlices: n,
    pixelSpacingMm: p.acquisition.pixelSpacingMm,
    sliceThicknessMm: p.acquisition.sliceThicknessMm,
    params: p,
  };
  return { row, slices: n, bytes, files };
}

export interface CohortOptions {
  out: string;
  patients: number;
  seed: number;
  /** Worker threads (1 = in-process). */
  workers?: number;
  /** Explicit labels (one per patient); otherwise half PIMA, shuffled by the seed. */
  labels?: LesionLabel[];
  sample?: SampleOptions;
  onPatient?: (r: PatientResult, done: number, total: number) => void;
}

export interface CohortResult {
  rows: LabelsRow[];
  results: PatientResult[];
  slices: number;
  bytes: number;
  seconds: number;
}

export async function generateCohort(opts: CohortOptions): Promise<CohortResult> {
  const t0 = Date.now();
  fs.mkdirSync(opts.out, { recursive: true });
  const labels = opts.labels ?? assignLabels(opts.patients, opts.seed);
  if (labels.length !== opts.patients) throw new Error(`labels (${labels.length}) must match patients (${opts.patients})`);
  const jobs: PatientJob[] = labels.map((label, index) => ({ cohortSeed: opts.seed, index, label, outDir: path.resolve(opts.out), sample: opts.sample ?? {} }));
  const results: PatientResult[] = new Array(jobs.length);
  let done = 0;
  const workers = Math.max(1, Math.min(opts.workers ?? 1, jobs.length));
  if (workers === 1) {
    for (const job of jobs) {
      const r = generatePatient(job);
      results[job.index] = r;
      opts.onPatient?.(r, ++done, jobs.length);
    }
  } else {
    await runPool(jobs, workers, (job, r) => {
      results[job.index] = r;
      opts.onPatient?.(r, ++done, jobs.length);
    });
  }
  const rows = results.map((r) => r.row);
  fs.writeFileSync(path.join(opts.out, 'labels.csv'), formatLabelsCsv(rows));
  return {
    rows,
    results,
    slices: results.reduce((s, r) => s + r.slices, 0),
    bytes: results.reduce((s, r) => s + r.bytes, 0),
    seconds: (Date.now() - t0) / 1000,
  };
}

/** Worker pool over worker.ts; the worker loads TypeScript through tsx's CommonJS hook. */
function runPool(jobs: PatientJob[], n: number, onResult: (job: PatientJob, r: PatientResult) => void): Promise<void> {
  const workerFile = path.join(__dirname, 'worker.ts');
  // Resolved here, so the pool works from any working directory.
  const tsxHook = require.resolve('tsx/cjs');
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = 0;
    let failed = false;
    const start = (): void => {
      const w = new Worker(`require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(workerFile)});`, { eval: true });
      active++;
      const feed = (): void => {
        if (failed || next >= jobs.length) {
          void w.terminate();
          return;
        }
        w.postMessage(jobs[next++]);
      };
      let current = -1;
      w.on('message', (msg: { ok: true; result: PatientResult } | { ok: false; error: string }) => {
        const job = jobs.find((j) => j.index === current) as PatientJob;
        if (!msg.ok) {
          failed = true;
          reject(new Error(`patient ${job.index + 1}: ${msg.error}`));
          void w.terminate();
          return;
        }
        onResult(job, msg.result);
        current = next < jobs.length ? (jobs[next] as PatientJob).index : -1;
        feed();
      });
      w.on('error', (e) => {
        failed = true;
        reject(e);
      });
      w.on('exit', () => {
        active--;
        if (active === 0 && !failed) resolve();
      });
      current = next < jobs.length ? (jobs[next] as PatientJob).index : -1;
      feed();
    };
    for (let i = 0; i < n; i++) start();
  });
}
