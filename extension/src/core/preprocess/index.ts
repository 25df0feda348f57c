import type { ManifestInput } from '../manifest/types';
import { bilinearCrop } from './bilinearCrop';
import { cropBox } from './cropBox';
import { checkSlice, rescaleOf } from './modalityLut';
import { writeChannels } from './toTensor';
import type { CropBox, CtSliceInput, Roi } from './types';

export type { CropBox, CtSliceInput, Roi } from './types';
export { ImageInputError } from './imageInputError';
export { checkSlice, toHU, rescaleOf } from './modalityLut';
export { cropBox } from './cropBox';
export { bilinearCrop } from './bilinearCrop';
export { windowValue } from './window';
export { writeChannels } from './toTensor';

export interface PreprocessedSlice {
  /** 3*size*size float32, CHW. */
  data: Float32Array;
  crop: CropBox;
  warnings: string[];
}

export interface PreprocessedBatch {
  /** N*3*size*size float32, NCHW. */
  data: Float32Array;
  dims: [number, number, number, number];
  crops: CropBox[];
  warnings: string[];
}

function fill(slice: CtSliceInput, roi: Roi | null, input: ManifestInput, out: Float32Array, offset: number, warnings: string[]): CropBox {
  checkSlice(slice);
  const { slope, intercept } = rescaleOf(slice, warnings);
  const crop = cropBox(roi, slice.rows, slice.columns, input.crop);
  const pixels = slice.pixelData as ArrayLike<number>;
  const plane = bilinearCrop(pixels, slice.rows, slice.columns, crop, input.size, input.crop.padHU, slope, intercept);
  writeChannels(plane, input, out, offset);
  return crop;
}

/** The whole specification (docs/architecture.md, version 1) for one slice. */
export function preprocessSlice(slice: CtSliceInput, roi: Roi | null, input: ManifestInput): PreprocessedSlice {
  const warnings: string[] = [];
  const data = new Float32Array(3 * input.size * input.size);
  const crop = fill(slice, roi, input, data, 0, warnings);
  return { data, crop, warnings };
}

/** Several slices into one NCHW tensor; rois[k] belongs to slices[k] (null = whole slice). */
export function preprocessBatch(slices: CtSliceInput[], rois: (Roi | null)[] | null, input: ManifestInput): PreprocessedBatch {
  if (rois && rois.length !== slices.length) throw new Error(`preprocessBatch: ${slices.length} slices but ${rois.length} ROIs`);
  const per = 3 * input.size * input.size;
  const data = new Float32Array(slices.length * per);
  const warnings: string[] = [];
  const crops = slices.map((s, k) => fill(s, rois ? rois[k] : null, input, data, k * per, warnings));
  return { data, dims: [slices.length, 3, input.size, input.size], crops, warnings };
}
