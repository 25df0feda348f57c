/**
 * Resume support: one JSON line per finished patient, appended as soon as it is done, keyed by the
 * model's sha256 so a changed model never reuses old probabilities. A line cut short by an
 * interruption is ignored, and that patient simply runs again.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { LabelRow } from './labelRows';

export interface CaseRecord {
  cohort: 'test' | 'tuning';
  patientId: string;
  label: 'PIMA' | 'IPN';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sliceIndices: number[];
  sopInstanceUids: string[];
  roi: { x0: number; y0: number; x1: number; y1: number } | null;
  modelId: string;
  modelVersion: string;
  modelSha256: string;
  sliceProbabilities: number[];
  patientProbability: number;
  threshold: number;
  decision: 'PIMA' | 'IPN';
  backend: string;
  ms: number;
}

/** Identity of a finished case: model hash + cohort + the label row's content that changes the result. */
export function caseKey(sha256: string, cohort: string, row: Pick<LabelRow, 'patientId' | 'seriesInstanceUid' | 'sliceIndices' | 'roi'>): string {
  return JSON.stringify([sha256, cohort, row.patientId, row.seriesInstanceUid, row.sliceIndices, row.roi]);
}

export class Checkpoint {
  private readonly records = new Map<string, CaseRecord>();
  readonly ignoredLines: number = 0;

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    let ignored = 0;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as CaseRecord;
        this.records.set(caseKey(r.modelSha256, r.cohort, r), r);
      } catch {
        ignored++;
      }
    }
    this.ignoredLines = ignored;
  }

  get(sha256: string, cohort: string, row: LabelRow): CaseRecord | undefined {
    const r = this.records.get(caseKey(sha256, cohort, row));
    // The label could have been corrected since; the probabilities stay valid, the label must be current.
    return r ? { ...r, label: row.label } : undefined;
  }

  add(record: CaseRecord): void {
    this.records.set(caseKey(record.modelSha256, record.cohort, record), record);
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
