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

export function sliceFacts(imageId: string): SliceFacts {
  const plane = meta('imagePlaneModule', imageId);
  const series = meta('generalSeriesModule', imageId);
  const image = meta('generalImageModule', imageId);
  const pixel = meta('imagePixelModule', imageId);
  const lut = meta('modalityLutModule', imageId);
  const sop = meta('sopCommonModule', imageId);
  const frames = Number(meta('multiframeModule', imageId)?.NumberOfFrames ?? pixel?.numberOfFrames ?? 1);
  const spacing = (plane?.pixelSpacing as number[] | undefined) ?? undefined;
  const rowSpacing = plane?.rowPixelSpacing as number | undefined;
  const colSpacing = plane?.columnPixelSpacing as number | undefined;
  const imageType = image?.imageType;
  return {
    modality: series?.modality as string | undefined,
    imageType: Array.isArray(imageType) ? (imageType as string[]) : typeof imageType === 'string' ? imageType.split('\\') : undefined,
    sliceThicknessMm: typeof plane?.sliceThickness === 'number' ? (plane.sliceThickness as number) : undefined,
    pixelSpacingMm:
      spacing && spacing.length === 2 ? [Number(spacing[0]), Number(spacing[1])] : rowSpacing && colSpacing ? [rowSpacing, colSpacing] : undefined,
    rows: plane?.rows as number | undefined,
    columns: plane?.columns as number | undefined,
    samplesPerPixel: pixel?.samplesPerPixel as number | undefined,
    hasRescale: lut ? lut.rescaleSlope !== undefined && lut.rescaleIntercept !== undefined : undefined,
    sopClassUid: sop?.sopClassUID as string | undefined,
    numberOfFrames: Number.isFinite(frames) && frames > 0 ? frames : 1,
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
