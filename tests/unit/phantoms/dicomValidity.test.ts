/** Every generated file parses with dcmjs and dicom-parser, carries the CT attributes, and the series geometry is consistent. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCohort } from '../../../tools/phantoms/cohort';
import { seriesFiles } from '../../../tools/phantoms/dicomRead';
import type { LabelsRow } from '../../../tools/phantoms/labelsCsv';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dcmjs = require('dcmjs') as {
  data: {
    DicomMessage: { readFile(b: ArrayBuffer): { dict: Record<string, unknown>; meta: Record<string, unknown> } };
    DicomMetaDictionary: { naturalizeDataset(d: Record<string, unknown>): Record<string, unknown> };
  };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dicomParser = require('dicom-parser') as {
  parseDicom(b: Uint8Array): { string(t: string): string | undefined; uint16(t: string): number | undefined; elements: Record<string, { length: number } | undefined> };
};

const REQUIRED = [
  'SOPClassUID', 'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID', 'Modality', 'PatientName',
  'PatientID', 'PatientSex', 'StudyDate', 'ImageType', 'BurnedInAnnotation', 'BodyPartExamined', 'SliceThickness',
  'SpacingBetweenSlices', 'PixelSpacing', 'ImagePositionPatient', 'ImageOrientationPatient', 'SliceLocation', 'InstanceNumber',
  'SeriesNumber', 'KVP', 'ConvolutionKernel', 'Manufacturer', 'SeriesDescription', 'ImageComments', 'Rows', 'Columns',
  'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation', 'RescaleIntercept', 'RescaleSlope', 'WindowCenter', 'WindowWidth',
  'PhotometricInterpretation', 'SamplesPerPixel', 'PixelData',
];

describe('phantom DICOM validity', () => {
  let tmp: string;
  let rows: LabelsRow[];
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phantom-dcm-'));
    const res = await generateCohort({ out: tmp, patients: 2, seed: 5, labels: ['PIMA', 'IPN'], sample: { test: { matrix: 128, numSlices: 6 } } });
    rows = res.rows;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('parses every file with dcmjs and carries the required CT attributes', () => {
    for (const row of rows) {
      const files = seriesFiles(tmp, row);
      expect(files).toHaveLength(6);
      files.forEach((f, k) => {
        const buf = fs.readFileSync(f);
        const msg = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
        const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.meta);
        const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict);
        expect(meta.TransferSyntaxUID).toBe('1.2.840.10008.1.2.1');
        expect(meta.MediaStorageSOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.2');
        expect(meta.MediaStorageSOPInstanceUID).toBe(ds.SOPInstanceUID);
        expect(typeof meta.ImplementationClassUID).toBe('string');
        for (const key of REQUIRED) expect(ds[key]).toBeDefined();
        expect(ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.2');
        expect(ds.Modality).toBe('CT');
        expect(ds.ImageType).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
        expect(ds.BurnedInAnnotation).toBe('NO');
        expect(String(ds.SeriesDescription)).toMatch(/^SYNTHETIC PHANTOM/);
        expect(ds.ImageComments).toBe('Synthetic phantom - not patient data');
        expect(ds.PatientID).toBe(row.patientId);
        expect(ds.InstanceNumber).toBe(k + 1);
        expect(ds.SeriesInstanceUID).toBe(row.seriesInstanceUid);
        expect(ds.StudyInstanceUID).toBe(row.studyInstanceUid);
        for (const uid of [ds.SOPInstanceUID, ds.SeriesInstanceUID, ds.StudyInstanceUID, ds.FrameOfReferenceUID]) {
          expect(String(uid)).toMatch(/^2\.25\.[1-9][0-9]*$/);
          expect(String(uid).length).toBeLessThanOrEqual(64);
        }
      });
    }
  });

  it('parses every file with dicom-parser with a private synthetic block and full pixel data', () => {
    for (const row of rows) {
      for (const f of seriesFiles(tmp, row)) {
        const ds = dicomParser.parseDicom(new Uint8Array(fs.readFileSync(f)));
        expect(ds.string('x00111001')).toBe('SYNTHETIC');
        expect(ds.string('x00110010')).toBe('PIMA-IPN PHANTOM');
        const r = ds.uint16('x00280010') as number;
        const c = ds.uint16('x00280011') as number;
        expect(ds.elements['x7fe00010']?.length).toBe(r * c * 2);
        // The label must not leak into the images: no element holds it as its value.
        const buf = fs.readFileSync(f);
        const dict = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict as Record<string, { Value?: unknown[] }>;
        for (const el of Object.values(dict)) for (const v of el.Value ?? []) if (typeof v === 'string') expect(['PIMA', 'IPN']).not.toContain(v.trim().toUpperCase());
      }
    }
  });

  it('keeps one consistent geometry across each series', () => {
    for (const row of rows) {
      const ds = seriesFiles(tmp, row).map((f) => {
        const buf = fs.readFileSync(f);
        return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
      });
      const first = ds[0] as Record<string, unknown>;
      const thick = Number(first.SliceThickness);
      expect(thick).toBeGreaterThanOrEqual(1);
      expect(thick).toBeLessThanOrEqual(2.5);
      expect(Number(first.SpacingBetweenSlices)).toBeCloseTo(thick, 6);
      ds.forEach((d, k) => {
        expect(d.ImageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
        expect(d.FrameOfReferenceUID).toBe(first.FrameOfReferenceUID);
        expect(d.PixelSpacing).toEqual(first.PixelSpacing);
        const ipp = d.ImagePositionPatient as number[];
        const ipp0 = first.ImagePositionPatient as number[];
        expect(ipp[0]).toBe(ipp0[0]);
        expect(ipp[1]).toBe(ipp0[1]);
        expect(ipp[2] as number).toBeCloseTo((ipp0[2] as number) + k * thick, 2);
        expect(Number(d.SliceLocation)).toBeCloseTo(ipp[2] as number, 6);
      });
    }
  });
});
