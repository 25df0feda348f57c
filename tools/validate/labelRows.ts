/**
 * The cases to validate, read with the project's one labels parser (tools/phantoms/labelsCsv.ts) and
 * checked for what matters to a validation run: unique patients, and the ROI to crop (the lesion box;
 * else a lesion centre, which gives the model's minimum crop centred there; else the whole slice).
 */
import type { Roi } from '../../extension/src/core/preprocess/types';
import { readLabelsCsv, type Label, type LabelsRow } from '../phantoms/labelsCsv';

export interface LabelRow {
  patientId: string;
  label: Label;
  studyInstanceUid?: string;
  seriesInstanceUid: string;
  /** 0-based indices in the series sorted by ImagePositionPatient z ascending. */
  sliceIndices: number[];
  roi: Roi | null;
}

export class LabelsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelsError';
  }
}

export function toLabelRows(rows: readonly LabelsRow[], source: string): LabelRow[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.patientId)) problems.push(`patient_id ${r.patientId} appears more than once`);
    seen.add(r.patientId);
    if (r.sliceIndices.length === 0) problems.push(`patient ${r.patientId}: slice_indices is empty`);
  }
  if (rows.length === 0) problems.push('no data rows');
  if (problems.length) throw new LabelsError(`${source}: ${problems.join('; ')}`);
  return rows.map((r) => ({
    patientId: r.patientId,
    label: r.label,
    studyInstanceUid: r.studyInstanceUid,
    seriesInstanceUid: r.seriesInstanceUid,
    sliceIndices: r.sliceIndices,
    roi: r.roi ?? (r.centreIJK ? { x0: r.centreIJK[0], y0: r.centreIJK[1], x1: r.centreIJK[0] + 1, y1: r.centreIJK[1] + 1 } : null),
  }));
}

export function loadLabelRows(path: string): LabelRow[] {
  let rows: LabelsRow[];
  try {
    rows = readLabelsCsv(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new LabelsError(err.code ? `cannot read labels file ${path} (${err.code})` : `${path}: ${err.message}`);
  }
  return toLabelRows(rows, path);
}
