/**
 * DICOM Part 10 header → DICOM JSON model (PS3.18 F.2), the shape QIDO-RS/WADO-RS metadata return.
 * dcmjs already reads into `{ tag: { vr, Value } }`; we only drop its private bookkeeping, binary
 * values the viewer does not need in metadata, and the pixel data placeholder.
 */
import * as dcmjs from 'dcmjs';

export type DicomJsonElement = { vr: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string };
export type DicomJson = Record<string, DicomJsonElement>;

const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);
export const PIXEL_DATA_TAG = '7FE00010';
/** Binary values up to this size are kept inline (e.g. small private blobs); larger ones are dropped. */
const MAX_INLINE_BINARY = 4096;

function cleanDict(dict: Record<string, any>): DicomJson {
  const out: DicomJson = {};
  for (const [tag, element] of Object.entries(dict)) {
    if (tag === PIXEL_DATA_TAG || !element?.vr) continue;
    const vr: string = element.vr;
    if (BINARY_VRS.has(vr)) {
      const first = element.Value?.[0];
      if (first instanceof ArrayBuffer && first.byteLength <= MAX_INLINE_BINARY) {
        out[tag] = { vr, InlineBinary: Buffer.from(first).toString('base64') };
      }
      continue;
    }
    if (vr === 'SQ') {
      out[tag] = { vr, Value: (element.Value ?? []).map((item: Record<string, any>) => cleanDict(item)) };
      continue;
    }
    const values = (element.Value ?? []).filter((v: unknown) => v !== undefined && v !== null && v !== '');
    out[tag] = values.length ? { vr, Value: values } : { vr };
  }
  return out;
}

export interface ParsedHeader {
  meta: DicomJson;
  dataset: DicomJson;
}

export function readDicomHeader(bytes: Uint8Array): ParsedHeader {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const message = dcmjs.data.DicomMessage.readFile(buffer, { untilTag: PIXEL_DATA_TAG, includeUntilTagValue: false });
  return { meta: cleanDict(message.meta), dataset: cleanDict(message.dict) };
}

export function firstValue(ds: DicomJson, tag: string): unknown {
  return ds[tag]?.Value?.[0];
}

export function stringValue(ds: DicomJson, tag: string): string {
  const v = firstValue(ds, tag);
  if (v === undefined || v === null) return '';
  if (typeof v === 'object' && v !== null && 'Alphabetic' in v) return String((v as { Alphabetic: unknown }).Alphabetic ?? '');
  return String(v);
}
