import { readFileSync } from 'node:fs';
import * as dicomParser from 'dicom-parser';
import type { CtSliceInput } from '../../../extension/src/core/preprocess/types';

/** DICOM RLE Lossless (PS3.5 G.3.1): 64-byte header of segment offsets, each segment PackBits-coded. */
function decodeRle(frame: Uint8Array, rows: number, columns: number, bitsAllocated: number): Uint8Array {
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = dv.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  if (segments !== bytesPerSample) throw new Error(`RLE: ${segments} segments for ${bitsAllocated}-bit grayscale`);
  const n = rows * columns;
  const out = new Uint8Array(n * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = dv.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? dv.getUint32(8 + 4 * s, true) : frame.byteLength;
    // Segment 0 holds the most significant bytes; output is little-endian.
    const byteIndex = bytesPerSample - 1 - s;
    let i = start;
    let p = 0;
    while (i < end && p < n) {
      const h = (frame[i++] << 24) >> 24;
      if (h >= 0) {
        for (let k = 0; k <= h && p < n; k++) out[p++ * bytesPerSample + byteIndex] = frame[i++];
      } else if (h !== -128) {
        const v = frame[i++];
        for (let k = 0; k < 1 - h && p < n; k++) out[p++ * bytesPerSample + byteIndex] = v;
      }
    }
  }
  return out;
}

/** Reads one grayscale CT frame (native little-endian or RLE) into the engine's slice input. */
export function readCtDicom(path: string): CtSliceInput & { transferSyntax: string } {
  const bytes = new Uint8Array(readFileSync(path));
  const ds = dicomParser.parseDicom(bytes);
  const rows = ds.uint16('x00280010') as number;
  const columns = ds.uint16('x00280011') as number;
  const bitsAllocated = ds.uint16('x00280100') as number;
  const signed = ds.uint16('x00280103') === 1;
  const ts = ds.string('x00020010') ?? '';
  const el = ds.elements.x7fe00010;
  let raw: Uint8Array;
  if (ts === '1.2.840.10008.1.2.5') {
    const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments?.length);
    raw = decodeRle(frame, rows, columns, bitsAllocated);
  } else if (ts === '1.2.840.10008.1.2.1' || ts === '1.2.840.10008.1.2') {
    raw = bytes.slice(el.dataOffset, el.dataOffset + rows * columns * (bitsAllocated / 8));
  } else throw new Error(`transfer syntax ${ts} not handled by this test reader`);
  const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  const slope = ds.floatString('x00281053');
  const intercept = ds.floatString('x00281052');
  return {
    pixelData: signed ? new Int16Array(buf) : new Uint16Array(buf),
    rows,
    columns,
    bitsAllocated,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometricInterpretation: ds.string('x00280004') ?? undefined,
    modality: ds.string('x00080060') ?? undefined,
    ...(slope !== undefined ? { rescaleSlope: slope } : {}),
    ...(intercept !== undefined ? { rescaleIntercept: intercept } : {}),
    transferSyntax: ts,
  };
}
