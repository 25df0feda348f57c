/** The per-case CSV: one row per (model, patient), excluded patients included with their reason. */
import type { CaseRecord } from './checkpoint';

export const CASE_COLUMNS = [
  'cohort', 'patient_id', 'label', 'status', 'reason', 'study_instance_uid', 'series_instance_uid',
  'slice_indices', 'sop_instance_uids', 'roi_x0', 'roi_y0', 'roi_x1', 'roi_y1', 'model_id', 'model_version',
  'model_sha256', 'slice_probabilities', 'patient_probability', 'threshold', 'decision', 'backend', 'ms',
] as const;

export interface ExcludedRecord {
  cohort: 'test' | 'tuning';
  patientId: string;
  label: string;
  seriesInstanceUid: string;
  modelId: string;
  modelSha256: string;
  reason: string;
}

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function casesCsv(cases: readonly CaseRecord[], excluded: readonly ExcludedRecord[]): string {
  const rows: (string | number)[][] = [[...CASE_COLUMNS]];
  for (const c of cases) {
    rows.push([
      c.cohort, c.patientId, c.label, 'ok', '', c.studyInstanceUid, c.seriesInstanceUid, c.sliceIndices.join(';'),
      c.sopInstanceUids.join(';'), c.roi?.x0 ?? '', c.roi?.y0 ?? '', c.roi?.x1 ?? '', c.roi?.y1 ?? '', c.modelId,
      c.modelVersion, c.modelSha256, c.sliceProbabilities.map((p) => p.toPrecision(6)).join(';'),
      c.patientProbability.toPrecision(6), c.threshold, c.decision, c.backend, c.ms.toFixed(1),
    ]);
  }
  for (const e of excluded) {
    const row: (string | number)[] = CASE_COLUMNS.map(() => '');
    const set = (col: (typeof CASE_COLUMNS)[number], v: string) => (row[CASE_COLUMNS.indexOf(col)] = v);
    set('cohort', e.cohort);
    set('patient_id', e.patientId);
    set('label', e.label);
    set('status', 'excluded');
    set('reason', e.reason);
    set('series_instance_uid', e.seriesInstanceUid);
    set('model_id', e.modelId);
    set('model_sha256', e.modelSha256);
    rows.push(row);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
