/**
 * Tiny DICOM instances written with dcmjs for the PACS tests: a few-slice 4×4 CT series whose
 * pixel bytes can be checked exactly, and an SR-like document that references that series in its
 * Current Requested Procedure Evidence (what our SR export sends through STOW-RS).
 */
import * as dcmjs from 'dcmjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SeriesUids {
  study: string;
  series: string;
}

const META_BASE = { FileMetaInformationVersion: new Uint8Array([0, 1]).buffer, TransferSyntaxUID: '1.2.840.10008.1.2.1', ImplementationClassUID: '1.2.826.0.1.3680043.99.0' };

function write(meta: Record<string, unknown>, dataset: Record<string, unknown>): Buffer {
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset({ ...META_BASE, ...meta }));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}

export const sopOf = (uids: SeriesUids, index: number) => `${uids.series}.${index + 1}`;

/** Slice `index` of a 4×4 Int16 CT series, every pixel `fill`. */
export function tinyCt(uids: SeriesUids, index: number, fill: number): Buffer {
  const sop = sopOf(uids, index);
  return write(
    { MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', MediaStorageSOPInstanceUID: sop },
    {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      SOPInstanceUID: sop,
      StudyInstanceUID: uids.study,
      SeriesInstanceUID: uids.series,
      Modality: 'CT',
      PatientName: 'PACS^TINY',
      PatientID: 'PACS-TINY-1',
      StudyDate: '20260101',
      SeriesNumber: 1,
      InstanceNumber: index + 1,
      ImagePositionPatient: [0, 0, index],
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      PixelSpacing: [0.7, 0.7],
      SliceThickness: 1,
      RescaleSlope: 1,
      RescaleIntercept: -1024,
      Rows: 4,
      Columns: 4,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      PixelData: new Int16Array(16).fill(fill).buffer,
      _vrMap: { PixelData: 'OW' },
    }
  );
}

/** Writes `count` slices into `<dir>/<series>/NNNN.dcm` and returns the folder. */
export function writeTinySeries(dir: string, uids: SeriesUids, count: number): string {
  const folder = path.join(dir, uids.series);
  mkdirSync(folder, { recursive: true });
  for (let k = 0; k < count; k++) writeFileSync(path.join(folder, `${String(k + 1).padStart(4, '0')}.dcm`), tinyCt(uids, k, 100 * (k + 1)));
  return folder;
}

/** A Comprehensive SR in `srSeries` of the same study, referencing `count` slices of `target`. */
export function tinySr(target: SeriesUids, srSeries: string, sop: string, count: number): Buffer {
  const sopClass = '1.2.840.10008.5.1.4.1.1.88.33';
  return write(
    { MediaStorageSOPClassUID: sopClass, MediaStorageSOPInstanceUID: sop },
    {
      SOPClassUID: sopClass,
      SOPInstanceUID: sop,
      StudyInstanceUID: target.study,
      SeriesInstanceUID: srSeries,
      Modality: 'SR',
      PatientName: 'PACS^TINY',
      PatientID: 'PACS-TINY-1',
      SeriesNumber: 99,
      InstanceNumber: 1,
      SeriesDescription: 'PIMA vs IPN (research use only)',
      CompletionFlag: 'COMPLETE',
      VerificationFlag: 'UNVERIFIED',
      ValueType: 'CONTAINER',
      ContinuityOfContent: 'SEPARATE',
      ConceptNameCodeSequence: [{ CodeValue: '126000', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Imaging Measurement Report' }],
      CurrentRequestedProcedureEvidenceSequence: [
        {
          StudyInstanceUID: target.study,
          ReferencedSeriesSequence: [
            {
              SeriesInstanceUID: target.series,
              ReferencedSOPSequence: Array.from({ length: count }, (_, k) => ({
                ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
                ReferencedSOPInstanceUID: sopOf(target, k),
              })),
            },
          ],
        },
      ],
    }
  );
}
