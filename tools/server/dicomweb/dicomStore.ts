/**
 * An index of a folder of DICOM Part 10 files by study / series / instance, the data behind the
 * embedded DICOMweb server. Files are found by walking the folder once; the URL never names a path.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readDicomHeader, stringValue, type DicomJson } from './dicomJson';

export interface InstanceRecord {
  file: string;
  sopInstanceUID: string;
  sopClassUID: string;
  transferSyntaxUID: string;
  instanceNumber: number;
  /** Position along the slice normal, for ordering; NaN when unknown. */
  position: number;
  numberOfFrames: number;
  dataset: DicomJson;
}

export interface SeriesRecord {
  seriesInstanceUID: string;
  instances: Map<string, InstanceRecord>;
}

export interface StudyRecord {
  studyInstanceUID: string;
  series: Map<string, SeriesRecord>;
}

export interface IndexReport {
  files: number;
  indexed: number;
  skipped: Array<{ file: string; reason: string }>;
}

const T = {
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  SOPClassUID: '00080016',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  NumberOfFrames: '00280008',
  TransferSyntaxUID: '00020010',
} as const;

function slicePosition(ds: DicomJson): number {
  const ipp = ds[T.ImagePositionPatient]?.Value as number[] | undefined;
  const iop = ds[T.ImageOrientationPatient]?.Value as number[] | undefined;
  if (!ipp || ipp.length !== 3) return Number.NaN;
  if (!iop || iop.length !== 6) return Number(ipp[2]);
  const [a, b, c, d, e, f] = iop.map(Number);
  const normal = [b * f - c * e, c * d - a * f, a * e - b * d];
  return normal[0] * ipp[0] + normal[1] * ipp[1] + normal[2] * ipp[2];
}

export class DicomStore {
  readonly studies = new Map<string, StudyRecord>();
  private readonly bySop = new Map<string, InstanceRecord>();

  static async open(folders: string[]): Promise<{ store: DicomStore; report: IndexReport }> {
    const store = new DicomStore();
    const report: IndexReport = { files: 0, indexed: 0, skipped: [] };
    for (const folder of folders) await store.indexFolder(folder, report);
    return { store, report };
  }

  private async indexFolder(folder: string, report: IndexReport): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      report.skipped.push({ file: folder, reason: (error as Error).message });
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await this.indexFolder(full, report);
      else if (entry.isFile() && !entry.name.startsWith('.') && !/\.(csv|json|md|txt|png|stamp)$/i.test(entry.name)) {
        report.files++;
        try {
          this.add(full, await fs.readFile(full));
          report.indexed++;
        } catch (error) {
          report.skipped.push({ file: full, reason: (error as Error).message });
        }
      }
    }
  }

  /** Indexes one Part 10 file already on disk; throws with a reason when it is not usable DICOM. */
  add(file: string, bytes: Uint8Array): InstanceRecord {
    const { meta, dataset } = readDicomHeader(bytes);
    const studyUID = stringValue(dataset, T.StudyInstanceUID);
    const seriesUID = stringValue(dataset, T.SeriesInstanceUID);
    const sopUID = stringValue(dataset, T.SOPInstanceUID) || stringValue(meta, '00020003');
    if (!studyUID || !seriesUID || !sopUID) throw new Error('missing Study/Series/SOP Instance UID');
    const record: InstanceRecord = {
      file,
      sopInstanceUID: sopUID,
      sopClassUID: stringValue(dataset, T.SOPClassUID) || stringValue(meta, '00020002'),
      transferSyntaxUID: stringValue(meta, T.TransferSyntaxUID) || '1.2.840.10008.1.2',
      instanceNumber: Number(stringValue(dataset, T.InstanceNumber) || 0),
      position: slicePosition(dataset),
      numberOfFrames: Number(stringValue(dataset, T.NumberOfFrames) || 1),
      dataset,
    };
    let study = this.studies.get(studyUID);
    if (!study) this.studies.set(studyUID, (study = { studyInstanceUID: studyUID, series: new Map() }));
    let series = study.series.get(seriesUID);
    if (!series) study.series.set(seriesUID, (series = { seriesInstanceUID: seriesUID, instances: new Map() }));
    series.instances.set(sopUID, record);
    this.bySop.set(sopUID, record);
    return record;
  }

  instance(studyUID: string, seriesUID: string, sopUID: string): InstanceRecord | undefined {
    const record = this.studies.get(studyUID)?.series.get(seriesUID)?.instances.get(sopUID);
    return record ?? undefined;
  }

  /** Instances of a series in slice order (position, then instance number). */
  orderedInstances(series: SeriesRecord): InstanceRecord[] {
    return [...series.instances.values()].sort((a, b) => {
      const byPos = (Number.isNaN(a.position) || Number.isNaN(b.position) ? 0 : a.position - b.position) || 0;
      return byPos || a.instanceNumber - b.instanceNumber;
    });
  }
}
