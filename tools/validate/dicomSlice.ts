/**
 * One uncompressed little-endian CT slice read with dicom-parser into the engine's CtSliceInput.
 * Shared by the folder reader and the DICOMweb reader so both give identical inputs.
 */
import * as dicomParser from 'dicom-parser';
import type { CtSliceInput } from '../../extension/src/core/preprocess/types';

export const SUPPORTED_TRANSFER_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
};

export class DicomReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomReadError';
  }
}

export function assertSupportedTransferSyntax(uid: string | undefined, where: string): void {
  // A dataset without a file meta header is implicit little endian by definition (PS3.5 §10.1).
  if (uid === undefined || uid === '') return;
  if (!(uid in SUPPORTED_TRANSFER_SYNTAXES)) {
    throw new DicomReadError(
      `${where}: transfer syntax ${uid} is not supported (only uncompressed little endian: ${Object.keys(SUPPORTED_TRANSFER_SYNTAXES).join(', ')}); decompress first, e.g. with "gdcmconv --raw" or "dcmdjpeg"`,
    );
  }
}

export interface SliceHeader {
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  instanceNumber: number;
  /** ImagePositionPatient z (mm); NaN when absent. */
  z: number;
  transferSyntaxUid?: string;
  modality?: string;
  rows: number;
  columns: number;
  pixelSpacingMm?: [number, number];
  sliceThicknessMm?: number;
}

export function parseDataSet(bytes: Uint8Array, where: string, headerOnly: boolean): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes, headerOnly ? { untilTag: 'x7fe00010' } : undefined);
  } catch (e) {
    const reason = typeof e === 'string' ? e : (e as Error).message ?? String(e);
    throw new DicomReadError(`${where}: not a readable DICOM file (${reason})`);
  }
}

export function readHeader(ds: dicomParser.DataSet): SliceHeader {
  const num = (tag: string) => {
    const v = ds.floatString(tag);
    return v === undefined || Number.isNaN(v) ? undefined : v;
  };
  const spacing = [ds.floatString('x00280030', 0), ds.floatString('x00280030', 1)];
  return {
    patientId: ds.string('x00100020') ?? '',
    studyInstanceUid: ds.string('x0020000d') ?? '',
    seriesInstanceUid: ds.string('x0020000e') ?? '',
    sopInstanceUid: ds.string('x00080018') ?? '',
    instanceNumber: ds.intString('x00200013') ?? NaN,
    z: ds.floatString('x00200032', 2) ?? NaN,
    transferSyntaxUid: ds.string('x00020010'),
    modality: ds.string('x00080060'),
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    pixelSpacingMm: spacing.every((v) => v !== undefined) ? (spacing as [number, number]) : undefined,
    sliceThicknessMm: num('x00180050'),
  };
}

/** Pixel values as stored, typed by BitsAllocated / PixelRepresentation; copied so the typed array is aligned. */
export function readPixels(ds: dicomParser.DataSet, where: string): CtSliceInput {
  const h = readHeader(ds);
  assertSupportedTransferSyntax(h.transferSyntaxUid, where);
  const el = ds.elements.x7fe00010;
  if (!el) throw new DicomReadError(`${where}: no pixel data`);
  const bits = ds.uint16('x00280100') ?? 16;
  const signed = ds.uint16('x00280103') === 1;
  const count = h.rows * h.columns * (ds.uint16('x00280002') ?? 1);
  const raw = ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length);
  let pixelData: ArrayLike<number>;
  if (bits === 16) {
    if (raw.byteLength < count * 2) throw new DicomReadError(`${where}: pixel data holds ${raw.byteLength} bytes, ${count * 2} expected`);
    const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + count * 2);
    pixelData = signed ? new Int16Array(buf) : new Uint16Array(buf);
  } else if (bits === 8) {
    pixelData = signed ? new Int8Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + count)) : raw.subarray(0, count);
  } else {
    throw new DicomReadError(`${where}: BitsAllocated ${bits} is not supported (8 or 16)`);
  }
  return {
    pixelData,
    rows: h.rows,
    columns: h.columns,
    rescaleSlope: ds.floatString('x00281053'),
    rescaleIntercept: ds.floatString('x00281052'),
    samplesPerPixel: ds.uint16('x00280002'),
    photometricInterpretation: ds.string('x00280004'),
    bitsAllocated: bits,
    modality: h.modality,
    id: h.sopInstanceUid,
  };
}
