/**
 * Whether a slice and ROI are inside what the model card says the model was built for. Errors stop
 * a run (the model cannot read the input); warnings let it run but say what is out of scope.
 */
import type { ModelManifest } from '../manifest/types';
import type { Roi } from '../preprocess/types';

export interface SliceFacts {
  modality?: string;
  /** DICOM ImageType values, e.g. ['ORIGINAL', 'PRIMARY', 'LOCALIZER']. */
  imageType?: string[];
  sliceThicknessMm?: number;
  /** [row spacing, column spacing] in mm. */
  pixelSpacingMm?: [number, number];
  rows?: number;
  columns?: number;
  samplesPerPixel?: number;
  numberOfFrames?: number;
  hasRescale?: boolean;
  /** SOP Class UID: a secondary capture is a picture of an image, not CT data. */
  sopClassUid?: string;
}

/** Secondary Capture Image Storage and its multi-frame variants (PS3.4 B.5). */
const SECONDARY_CAPTURE_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.7',
  '1.2.840.10008.5.1.4.1.1.7.1',
  '1.2.840.10008.5.1.4.1.1.7.2',
  '1.2.840.10008.5.1.4.1.1.7.3',
  '1.2.840.10008.5.1.4.1.1.7.4',
]);

export interface InputCheck {
  level: 'error' | 'warning';
  code: string;
  message: string;
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

export function checkInput(checks: ModelManifest['inputChecks'], facts: SliceFacts, roi: Roi | null): InputCheck[] {
  const out: InputCheck[] = [];
  const modality = facts.modality ?? 'unknown';
  if (!checks.modalities.includes(modality)) {
    out.push({ level: 'error', code: 'modality', message: `Modality ${modality} is out of scope: this model reads ${checks.modalities.join('/')} only.` });
  }
  if (facts.imageType?.some(t => t.toUpperCase() === 'LOCALIZER')) {
    out.push({ level: 'error', code: 'localizer', message: 'This is a localizer (scout) image, not an axial CT slice.' });
  }
  if (facts.sopClassUid && SECONDARY_CAPTURE_CLASSES.has(facts.sopClassUid)) {
    out.push({ level: 'error', code: 'secondary-capture', message: 'This is a secondary capture (a screenshot or rendering), not CT image data: its pixels are not Hounsfield units.' });
  }
  if ((facts.samplesPerPixel ?? 1) !== 1) {
    out.push({ level: 'error', code: 'color', message: `Colour images (${facts.samplesPerPixel} samples per pixel) cannot carry Hounsfield units.` });
  }
  if ((facts.numberOfFrames ?? 1) > 1) {
    out.push({ level: 'warning', code: 'multiframe', message: `Multi-frame image (${facts.numberOfFrames} frames): frames are read as slices in stored order.` });
  }
  if (facts.hasRescale === false) {
    out.push({ level: 'warning', code: 'rescale', message: 'Rescale slope/intercept missing: pixel values are assumed to be HU already.' });
  }
  const [tMin, tMax] = checks.sliceThicknessMm ?? [-Infinity, Infinity];
  if (facts.sliceThicknessMm === undefined) {
    out.push({ level: 'warning', code: 'thickness-missing', message: 'Slice thickness is not recorded; it cannot be checked.' });
  } else if (facts.sliceThicknessMm < tMin || facts.sliceThicknessMm > tMax) {
    out.push({ level: 'warning', code: 'thickness', message: `Slice thickness ${fmt(facts.sliceThicknessMm)} mm is outside the model's range ${tMin}–${tMax} mm.` });
  }
  const [sMin, sMax] = checks.pixelSpacingMm ?? [-Infinity, Infinity];
  const spacing = facts.pixelSpacingMm;
  if (!spacing) {
    out.push({ level: 'warning', code: 'spacing-missing', message: 'Pixel spacing is not recorded: ROI size and spacing cannot be checked.' });
  } else if (spacing.some(s => s < sMin || s > sMax)) {
    out.push({ level: 'warning', code: 'spacing', message: `Pixel spacing ${spacing.map(fmt).join('×')} mm is outside the model's range ${sMin}–${sMax} mm.` });
  }
  if (roi) {
    const wPx = roi.x1 - roi.x0;
    const hPx = roi.y1 - roi.y0;
    if (facts.columns && facts.rows && (roi.x1 <= 0 || roi.y1 <= 0 || roi.x0 >= facts.columns || roi.y0 >= facts.rows)) {
      out.push({ level: 'error', code: 'roi-no-overlap', message: 'The ROI does not overlap the image: draw it on the lesion.' });
    } else if (facts.columns && facts.rows && (roi.x0 < 0 || roi.y0 < 0 || roi.x1 > facts.columns || roi.y1 > facts.rows)) {
      out.push({ level: 'warning', code: 'roi-outside', message: 'The ROI extends beyond the image; the outside is read as air (−1000 HU).' });
    }
    if (spacing) {
      const sizeMm = Math.max(wPx * spacing[1], hPx * spacing[0]);
      const [rMin, rMax] = checks.roiSizeMm ?? [-Infinity, Infinity];
      if (sizeMm < rMin || sizeMm > rMax) {
        out.push({ level: 'warning', code: 'roi-size', message: `ROI size ${fmt(sizeMm)} mm is outside the model's range ${rMin}–${rMax} mm.` });
      }
    }
    if (wPx < 4 || hPx < 4) {
      out.push({ level: 'warning', code: 'roi-tiny', message: `The ROI is only ${fmt(wPx)}×${fmt(hPx)} pixels; the crop falls back to the minimum crop size.` });
    }
  }
  return out;
}

export const hasBlockingError = (checks: InputCheck[]) => checks.some(c => c.level === 'error');
