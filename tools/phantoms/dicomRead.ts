/**
 * Minimal reader for the generator's own output (and similar uncompressed CT): one slice to HU
 * with dicom-parser. Used by the contact sheet, the baseline and the tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabelsRow } from './labelsCsv';

interface DataSetLike {
  string(tag: string): string | undefined;
  uint16(tag: string): number | undefined;
  floatString(tag: string, index?: number): number | undefined;
  elements: Record<string, { dataOffset: number; length: number } | undefined>;
  byteArray: Uint8Array;
}
// dicom-parser ships types, but its CommonJS default export shape differs between tsx and ts-jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dicomParser = require('dicom-parser') as { parseDicom(b: Uint8Array): DataSetLike };

export interface HuSlice {
  rows: number;
  columns: number;
  hu: Float32Array;
  z: number;
  instanceNumber: number;
}

export function parseDicomFile(file: string): DataSetLike {
  return dicomParser.parseDicom(new Uint8Array(fs.readFileSync(file)));
}

export function readHuSlice(file: string): HuSlice {
  const ds = parseDicomFile(file);
  const rows = ds.uint16('x00280010') as number;
  const columns = ds.uint16('x00280011') as number;
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  const signed = ds.uint16('x00280103') === 1;
  const el = ds.elements['x7fe00010'];
  if (!el) throw new Error(`${file}: no PixelData`);
  const n = rows * columns;
  const buf = ds.byteArray.buffer.slice(ds.byteArray.byteOffset + el.dataOffset, ds.byteArray.byteOffset + el.dataOffset + 2 * n);
  const raw = signed ? new Int16Array(buf) : new Uint16Array(buf);
  const hu = new Float32Array(n);
  for (let i = 0; i < n; i++) hu[i] = (raw[i] as number) * slope + intercept;
  return { rows, columns, hu, z: ds.floatString('x00200032', 2) ?? 0, instanceNumber: Number(ds.string('x00200013') ?? 0) };
}

/** Files of a patient's series in the cohort layout, in slice order (NNNN = k + 1). */
export function seriesFiles(cohortDir: string, row: LabelsRow): string[] {
  const dir = path.join(cohortDir, row.patientId, row.seriesInstanceUid);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => path.join(dir, f));
}
