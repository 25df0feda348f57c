/**
 * Pixels and DICOM facts of a displayed image, read through the host's cornerstone (its image cache,
 * its loaders and metadata providers). Handles images cornerstone has already rescaled to HU.
 */
import type { SliceFacts } from '../core/checks/inputChecks';
import type { CtSliceInput } from '../core/preprocess/types';
import { getHostContext } from './hostContext';

interface LoadedImage {
  rows: number;
  columns: number;
  slope?: number;
  intercept?: number;
  color?: boolean;
  numberOfComponents?: number;
  preScale?: { scaled?: boolean };
  getPixelData(): ArrayLike<number>;
}

type Meta = Record<string, unknown> | undefined;

function meta(type: string, imageId: string): Meta {
  try {
    return getHostContext().cornerstone.metaData.get(type, imageId) as Meta;
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | undefined => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return v === undefined || v === null || v === '' || !Number.isFinite(n) ? undefined : n;
};

export function sliceFacts(imageId: string): SliceFacts {
  const plane = meta('imagePlaneModule', imageId);
  const series = meta('generalSeriesModule', imageId);
  const image = meta('generalImageModule', imageId);
  const pixel = meta('imagePixelModule', imageId);
  const lut = meta('modalityLutModule', imageId);
  const sop = meta('sopCommonModule', imageId);
  // OHIF's 'instance' provider gives the DICOM attributes as stored; cornerstone's modules fill in
  // defaults (spacing 1 mm, slope 1, intercept 0) that would hide a missing tag, so the stored ones win.
  const inst = meta('instance', imageId);
  const storedSpacing = inst ? (inst.PixelSpacing as unknown[] | undefined) : undefined;
  const spacing = inst ? storedSpacing : ((plane?.pixelSpacing as number[] | undefined) ?? undefined);
  const rowSpacing = inst ? undefined : (plane?.rowPixelSpacing as number | undefined);
  const colSpacing = inst ? undefined : (plane?.columnPixelSpacing as number | undefined);
  const imageType = inst?.ImageType ?? image?.imageType;
  const thickness = num(inst?.SliceThickness ?? plane?.sliceThickness);
  const frames = num(inst?.NumberOfFrames ?? meta('multiframeModule', imageId)?.NumberOfFrames) ?? 1;
  return {
    modality: (inst?.Modality ?? series?.modality) as string | undefined,
    imageType: Array.isArray(imageType) ? (imageType as string[]) : typeof imageType === 'string' ? imageType.split('\\') : undefined,
    sliceThicknessMm: thickness,
    pixelSpacingMm:
      spacing && spacing.length === 2 ? [Number(spacing[0]), Number(spacing[1])] : rowSpacing && colSpacing ? [rowSpacing, colSpacing] : undefined,
    rows: (plane?.rows ?? num(inst?.Rows)) as number | undefined,
    columns: (plane?.columns ?? num(inst?.Columns)) as number | undefined,
    samplesPerPixel: (pixel?.samplesPerPixel ?? num(inst?.SamplesPerPixel)) as number | undefined,
    hasRescale: inst
      ? num(inst.RescaleSlope) !== undefined && num(inst.RescaleIntercept) !== undefined
      : lut
        ? lut.rescaleSlope !== undefined && lut.rescaleIntercept !== undefined
        : undefined,
    sopClassUid: (inst?.SOPClassUID ?? sop?.sopClassUID) as string | undefined,
    numberOfFrames: frames > 0 ? frames : 1,
  };
}

export async function loadCtSlice(imageId: string): Promise<CtSliceInput> {
  const { cornerstone: cs } = getHostContext();
  const image = ((cs.cache.getImage(imageId) as unknown) ?? (await cs.imageLoader.loadAndCacheImage(imageId))) as LoadedImage;
  const facts = sliceFacts(imageId);
  const pixel = meta('imagePixelModule', imageId);
  return {
    id: imageId,
    pixelData: image.getPixelData(),
    rows: image.rows,
    columns: image.columns,
    // Cornerstone's loader applies the modality LUT itself (preScale) unless it is the identity.
    preScaled: Boolean(image.preScale?.scaled),
    rescaleSlope: image.slope,
    rescaleIntercept: image.intercept,
    assumeIdentityRescale: facts.hasRescale === false,
    samplesPerPixel: image.color ? image.numberOfComponents ?? 3 : (pixel?.samplesPerPixel as number | undefined) ?? 1,
    photometricInterpretation: pixel?.photometricInterpretation as string | undefined,
    bitsAllocated: pixel?.bitsAllocated as number | undefined,
    modality: facts.modality,
  };
}

export function sopInstanceUidOf(imageId: string): string {
  return String(meta('sopCommonModule', imageId)?.sopInstanceUID ?? '');
}

/** The transfer syntax the image was (or would be) retrieved in, when the metadata says. */
export function transferSyntaxOf(imageId: string): string | null {
  const inst = meta('instance', imageId);
  const syntax = inst?.AvailableTransferSyntaxUID ?? inst?.TransferSyntaxUID;
  return syntax ? String(syntax) : null;
}
