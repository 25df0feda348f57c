import { ImageInputError } from './imageInputError';
import type { CtSliceInput } from './types';

const SIXTEEN_BIT = (a: unknown): boolean => a instanceof Int16Array || a instanceof Uint16Array;
const FLOAT = (a: unknown): boolean => a instanceof Float32Array || a instanceof Float64Array;

/** Rejects anything that is not one grayscale 16-bit CT frame (or cornerstone's pre-scaled HU) before any arithmetic. */
export function checkSlice(slice: CtSliceInput): void {
  const id = slice.id;
  const px = slice.pixelData;
  if (px === null || px === undefined || typeof px.length !== 'number' || px.length === 0)
    throw new ImageInputError('Missing pixel data: the image has no PixelData to analyse', id);
  if (!(Number.isInteger(slice.rows) && slice.rows > 0 && Number.isInteger(slice.columns) && slice.columns > 0))
    throw new ImageInputError(`Invalid image size ${slice.rows}x${slice.columns}`, id);
  const spp = slice.samplesPerPixel ?? 1;
  const pi = (slice.photometricInterpretation ?? 'MONOCHROME2').toUpperCase();
  if (spp !== 1 || !pi.startsWith('MONOCHROME'))
    throw new ImageInputError(
      `Unsupported image type: ${pi} with ${spp} samples per pixel; the model reads grayscale CT (MONOCHROME1/2, 1 sample)`,
      id,
    );
  if (slice.modality !== undefined && slice.modality !== 'CT')
    throw new ImageInputError(`Unsupported modality ${slice.modality}: the model reads CT only`, id);
  if (!slice.preScaled) {
    if (slice.bitsAllocated !== undefined && slice.bitsAllocated !== 16)
      throw new ImageInputError(`Unsupported bit depth: BitsAllocated ${slice.bitsAllocated}; CT must be 16-bit`, id);
    if (!SIXTEEN_BIT(px))
      throw new ImageInputError(
        `Unsupported pixel array ${Object.prototype.toString.call(px).slice(8, -1)}: stored CT values must be 16-bit (Int16Array/Uint16Array)`,
        id,
      );
  } else if (!SIXTEEN_BIT(px) && !FLOAT(px) && !(px instanceof Int32Array)) {
    throw new ImageInputError(`Unsupported pre-scaled pixel array ${Object.prototype.toString.call(px).slice(8, -1)}`, id);
  }
  if (px.length !== slice.rows * slice.columns)
    throw new ImageInputError(`Pixel data length ${px.length} does not match ${slice.rows}x${slice.columns}`, id);
}

/** Slope and intercept to apply, following spec step 1; warnings go to the caller's list. */
export function rescaleOf(slice: CtSliceInput, warnings: string[]): { slope: number; intercept: number } {
  if (slice.preScaled) return { slope: 1, intercept: 0 };
  const hasSlope = typeof slice.rescaleSlope === 'number' && Number.isFinite(slice.rescaleSlope);
  const hasIntercept = typeof slice.rescaleIntercept === 'number' && Number.isFinite(slice.rescaleIntercept);
  if (hasSlope && hasIntercept) return { slope: slice.rescaleSlope as number, intercept: slice.rescaleIntercept as number };
  if (!slice.assumeIdentityRescale)
    throw new ImageInputError(
      `Missing RescaleSlope/RescaleIntercept: cannot convert to HU (pass assumeIdentityRescale to use 1/0)`,
      slice.id,
    );
  warnings.push(
    `RescaleSlope/RescaleIntercept missing${slice.id ? ` on ${slice.id}` : ''}: assumed ${hasSlope ? slice.rescaleSlope : 1}/${hasIntercept ? slice.rescaleIntercept : 0}`,
  );
  return { slope: hasSlope ? (slice.rescaleSlope as number) : 1, intercept: hasIntercept ? (slice.rescaleIntercept as number) : 0 };
}

/** Spec step 1: HU = stored * slope + intercept, in float64. */
export function toHU(slice: CtSliceInput, warnings: string[] = []): Float64Array {
  checkSlice(slice);
  const { slope, intercept } = rescaleOf(slice, warnings);
  const px = slice.pixelData as ArrayLike<number>;
  const n = px.length;
  const hu = new Float64Array(n);
  for (let k = 0; k < n; k++) hu[k] = px[k] * slope + intercept;
  return hu;
}
