/**
 * The cohort manifest labels.csv: writer for the generator and a tolerant reader for every tool
 * (a research group's own CSV needs only patient_id, label, series_instance_uid, slice_indices and
 * optionally the ROI columns). RFC 4180 quoting.
 */
import * as fs from 'node:fs';

export const LABELS_COLUMNS = [
  'patient_id',
  'label',
  'study_instance_uid',
  'series_instance_uid',
  'key_slice_index',
  'slice_indices',
  'key_sop_instance_uid',
  'roi_x0',
  'roi_y0',
  'roi_x1',
  'roi_y1',
  'centre_x_mm',
  'centre_y_mm',
  'centre_z_mm',
  'centre_i',
  'centre_j',
  'centre_k',
  'bbox_k0',
  'bbox_k1',
  'bbox_x0',
  'bbox_y0',
  'bbox_x1',
  'bbox_y1',
  'rows',
  'columns',
  'num_slices',
  'pixel_spacing_mm',
  'slice_thickness_mm',
  'params',
] as const;

export const REQUIRED_COLUMNS = ['patient_id', 'label', 'series_instance_uid', 'slice_indices'] as const;

export type Label = 'PIMA' | 'IPN';

export interface LabelsRow {
  patientId: string;
  label: Label;
  seriesInstanceUid: string;
  sliceIndices: number[];
  studyInstanceUid?: string;
  keySliceIndex?: number;
  keySopInstanceUid?: string;
  /** Lesion box on the key slice in pixel coordinates, x1/y1 exclusive. */
  roi?: { x0: number; y0: number; x1: number; y1: number };
  centreMm?: [number, number, number];
  centreIJK?: [number, number, number];
  /** First and last slice (inclusive) that contain lesion body. */
  bboxK?: [number, number];
  /** In-plane box (pixels, x1/y1 exclusive) around the lesion on every slice it appears on. */
  bboxXY?: { x0: number; y0: number; x1: number; y1: number };
  rows?: number;
  columns?: number;
  numSlices?: number;
  pixelSpacingMm?: number;
  sliceThicknessMm?: number;
  /** Generator parameters, parsed from the JSON column. */
  params?: unknown;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function formatLabelsCsv(rows: readonly LabelsRow[]): string {
  const lines = [LABELS_COLUMNS.join(',')];
  for (const r of rows) {
    const cells: Record<(typeof LABELS_COLUMNS)[number], string> = {
      patient_id: r.patientId,
      label: r.label,
      study_instance_uid: r.studyInstanceUid ?? '',
      series_instance_uid: r.seriesInstanceUid,
      key_slice_index: r.keySliceIndex === undefined ? '' : String(r.keySliceIndex),
      slice_indices: r.sliceIndices.join(';'),
      key_sop_instance_uid: r.keySopInstanceUid ?? '',
      roi_x0: r.roi ? String(r.roi.x0) : '',
      roi_y0: r.roi ? String(r.roi.y0) : '',
      roi_x1: r.roi ? String(r.roi.x1) : '',
      roi_y1: r.roi ? String(r.roi.y1) : '',
      centre_x_mm: r.centreMm ? String(r.centreMm[0]) : '',
      centre_y_mm: r.centreMm ? String(r.centreMm[1]) : '',
      centre_z_mm: r.centreMm ? String(r.centreMm[2]) : '',
      centre_i: r.centreIJK ? String(r.centreIJK[0]) : '',
      centre_j: r.centreIJK ? String(r.centreIJK[1]) : '',
      centre_k: r.centreIJK ? String(r.centreIJK[2]) : '',
      bbox_k0: r.bboxK ? String(r.bboxK[0]) : '',
      bbox_k1: r.bboxK ? String(r.bboxK[1]) : '',
      bbox_x0: r.bboxXY ? String(r.bboxXY.x0) : '',
      bbox_y0: r.bboxXY ? String(r.bboxXY.y0) : '',
      bbox_x1: r.bboxXY ? String(r.bboxXY.x1) : '',
      bbox_y1: r.bboxXY ? String(r.bboxXY.y1) : '',
      rows: r.rows === undefined ? '' : String(r.rows),
      columns: r.columns === undefined ? '' : String(r.columns),
      num_slices: r.numSlices === undefined ? '' : String(r.numSlices),
      pixel_spacing_mm: r.pixelSpacingMm === undefined ? '' : String(r.pixelSpacingMm),
      slice_thickness_mm: r.sliceThicknessMm === undefined ? '' : String(r.sliceThicknessMm),
      params: r.params === undefined ? '' : JSON.stringify(r.params),
    };
    lines.push(LABELS_COLUMNS.map((c) => quote(cells[c])).join(','));
  }
  return lines.join('\n') + '\n';
}

export function writeLabelsCsv(path: string, rows: readonly LabelsRow[]): void {
  fs.writeFileSync(path, formatLabelsCsv(rows));
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < s.length) {
    const ch = s[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new Error('labels CSV: unterminated quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function num(v: string | undefined, what: string, line: number): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`labels CSV line ${line}: ${what} is not a number: "${v}"`);
  return n;
}

export function parseLabelsCsv(text: string): LabelsRow[] {
  const records = parseCsvRecords(text);
  if (records.length === 0) throw new Error('labels CSV is empty');
  const header = (records[0] as string[]).map((h) => h.trim().toLowerCase());
  for (const c of REQUIRED_COLUMNS) if (!header.includes(c)) throw new Error(`labels CSV: missing column "${c}"`);
  const col = (name: string): number => header.indexOf(name);
  const rows: LabelsRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r] as string[];
    const line = r + 1;
    const get = (name: string): string | undefined => {
      const i = col(name);
      return i < 0 ? undefined : rec[i];
    };
    const label = (get('label') ?? '').trim().toUpperCase();
    if (label !== 'PIMA' && label !== 'IPN') throw new Error(`labels CSV line ${line}: label must be PIMA or IPN, got "${get('label')}"`);
    const indicesText = (get('slice_indices') ?? '').trim();
    const sliceIndices = indicesText === '' ? [] : indicesText.split(';').map((t) => num(t, 'slice_indices', line) as number);
    if (sliceIndices.some((k) => !Number.isInteger(k) || k < 0)) throw new Error(`labels CSV line ${line}: slice_indices must be non-negative integers`);
    const row: LabelsRow = {
      patientId: (get('patient_id') ?? '').trim(),
      label,
      seriesInstanceUid: (get('series_instance_uid') ?? '').trim(),
      sliceIndices,
    };
    if (!row.patientId || !row.seriesInstanceUid) throw new Error(`labels CSV line ${line}: patient_id and series_instance_uid are required`);
    const study = get('study_instance_uid')?.trim();
    if (study) row.studyInstanceUid = study;
    const key = num(get('key_slice_index'), 'key_slice_index', line);
    if (key !== undefined) row.keySliceIndex = key;
    const sop = get('key_sop_instance_uid')?.trim();
    if (sop) row.keySopInstanceUid = sop;
    const rx0 = num(get('roi_x0'), 'roi_x0', line);
    const ry0 = num(get('roi_y0'), 'roi_y0', line);
    const rx1 = num(get('roi_x1'), 'roi_x1', line);
    const ry1 = num(get('roi_y1'), 'roi_y1', line);
    const roiParts = [rx0, ry0, rx1, ry1].filter((v) => v !== undefined).length;
    if (roiParts === 4) {
      if ((rx1 as number) <= (rx0 as number) || (ry1 as number) <= (ry0 as number)) throw new Error(`labels CSV line ${line}: ROI needs x1 > x0 and y1 > y0`);
      row.roi = { x0: rx0 as number, y0: ry0 as number, x1: rx1 as number, y1: ry1 as number };
    } else if (roiParts !== 0) throw new Error(`labels CSV line ${line}: give all four roi_* values or none`);
    const cx = num(get('centre_x_mm'), 'centre_x_mm', line);
    const cy = num(get('centre_y_mm'), 'centre_y_mm', line);
    const cz = num(get('centre_z_mm'), 'centre_z_mm', line);
    if (cx !== undefined && cy !== undefined && cz !== undefined) row.centreMm = [cx, cy, cz];
    const ci = num(get('centre_i'), 'centre_i', line);
    const cj = num(get('centre_j'), 'centre_j', line);
    const ck = num(get('centre_k'), 'centre_k', line);
    if (ci !== undefined && cj !== undefined && ck !== undefined) row.centreIJK = [ci, cj, ck];
    const k0 = num(get('bbox_k0'), 'bbox_k0', line);
    const k1 = num(get('bbox_k1'), 'bbox_k1', line);
    if (k0 !== undefined && k1 !== undefined) row.bboxK = [k0, k1];
    const b = ['bbox_x0', 'bbox_y0', 'bbox_x1', 'bbox_y1'].map((c) => num(get(c), c, line));
    if (b.every((v) => v !== undefined)) row.bboxXY = { x0: b[0] as number, y0: b[1] as number, x1: b[2] as number, y1: b[3] as number };
    const setNum = (name: string, f: (n: number) => void): void => {
      const v = num(get(name), name, line);
      if (v !== undefined) f(v);
    };
    setNum('rows', (n) => (row.rows = n));
    setNum('columns', (n) => (row.columns = n));
    setNum('num_slices', (n) => (row.numSlices = n));
    setNum('pixel_spacing_mm', (n) => (row.pixelSpacingMm = n));
    setNum('slice_thickness_mm', (n) => (row.sliceThicknessMm = n));
    const params = get('params')?.trim();
    if (params) {
      try {
        row.params = JSON.parse(params);
      } catch {
        throw new Error(`labels CSV line ${line}: params is not valid JSON`);
      }
    }
    rows.push(row);
  }
  return rows;
}

export function readLabelsCsv(path: string): LabelsRow[] {
  return parseLabelsCsv(fs.readFileSync(path, 'utf8'));
}
