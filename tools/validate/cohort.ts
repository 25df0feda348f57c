/**
 * A cohort in a folder of DICOM files: indexed once by SeriesInstanceUID, each series sorted by
 * ImagePositionPatient z ascending (InstanceNumber when z is missing), so that a labels row's slice
 * index k means the same slice as in the phantom generator and the viewer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CtSliceInput } from '../../extension/src/core/preprocess/types';
import { DicomReadError, parseDataSet, readHeader, readPixels, SliceHeader } from './dicomSlice';
import type { LabelRow } from './labelRows';

export class CohortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CohortError';
  }
}

export interface LoadedCase {
  slices: CtSliceInput[];
  headers: SliceHeader[];
}

/** What the CLI needs from a cohort, whether on disk or behind a DICOMweb server. */
export interface CohortSource {
  kind: 'folder' | 'dicomweb';
  description: string;
  /** Problems that did not stop indexing (e.g. unreadable files), shown in the console and the report. */
  warnings: string[];
  /** Reads the row's slices; throws CohortError / DicomReadError with a message naming the patient. */
  loadCase(row: LabelRow): Promise<LoadedCase>;
}

interface IndexedFile {
  path: string;
  header: SliceHeader;
}

export interface FolderIndex {
  series: Map<string, IndexedFile[]>;
  files: number;
  /** Files that look like DICOM (.dcm or DICM magic) but could not be parsed. */
  unreadable: { file: string; reason: string }[];
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

function hasDicmMagic(bytes: Uint8Array): boolean {
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** Sort key: z ascending; series without positions fall back to InstanceNumber. */
export function sortSeries<T extends { header: SliceHeader }>(files: T[]): T[] {
  const useZ = files.every((f) => Number.isFinite(f.header.z));
  return [...files].sort((a, b) =>
    useZ ? a.header.z - b.header.z || a.header.instanceNumber - b.header.instanceNumber : a.header.instanceNumber - b.header.instanceNumber,
  );
}

export function indexDicomFolder(dir: string): FolderIndex {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new CohortError(`DICOM folder ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new CohortError(`${dir} is not a folder`);
  const series = new Map<string, IndexedFile[]>();
  const unreadable: FolderIndex['unreadable'] = [];
  let files = 0;
  for (const path of walk(dir)) {
    const bytes = new Uint8Array(readFileSync(path));
    const looksDicom = hasDicmMagic(bytes) || path.toLowerCase().endsWith('.dcm');
    if (!looksDicom) continue; // labels.csv, READMEs and the like live beside the images
    files++;
    try {
      const header = readHeader(parseDataSet(bytes, path, true));
      if (!header.seriesInstanceUid) throw new DicomReadError(`${path}: no SeriesInstanceUID`);
      const list = series.get(header.seriesInstanceUid) ?? [];
      list.push({ path, header });
      series.set(header.seriesInstanceUid, list);
    } catch (e) {
      unreadable.push({ file: relative(dir, path), reason: (e as Error).message });
    }
  }
  for (const [uid, list] of series) series.set(uid, sortSeries(list));
  return { series, files, unreadable };
}

/** Checks the row's indices against a series of `count` slices; the message names the patient. */
export function checkSliceIndices(row: LabelRow, count: number): void {
  const bad = row.sliceIndices.filter((k) => k >= count);
  if (bad.length) {
    throw new CohortError(
      `patient ${row.patientId}: slice index ${bad.join(', ')} outside series ${row.seriesInstanceUid} (${count} slices, indices 0..${count - 1})`,
    );
  }
}

export function folderCohort(dir: string): CohortSource & { index: FolderIndex } {
  const index = indexDicomFolder(dir);
  if (index.files === 0) throw new CohortError(`no DICOM files found in ${dir}`);
  return {
    kind: 'folder',
    description: dir,
    warnings: index.unreadable.map((u) => `unreadable DICOM file ${u.file}: ${u.reason}`),
    index,
    async loadCase(row) {
      const files = index.series.get(row.seriesInstanceUid);
      if (!files) {
        const hint = index.unreadable.length ? ` (${index.unreadable.length} DICOM file(s) in the folder could not be read)` : '';
        throw new CohortError(`patient ${row.patientId}: series ${row.seriesInstanceUid} not found in ${dir}${hint}`);
      }
      checkSliceIndices(row, files.length);
      const chosen = row.sliceIndices.map((k) => files[k]);
      return {
        headers: chosen.map((f) => f.header),
        slices: chosen.map((f) => readPixels(parseDataSet(new Uint8Array(readFileSync(f.path)), f.path, false), f.path)),
      };
    },
  };
}
