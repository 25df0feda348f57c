/** One CT slice as handed to preprocessing: pixel values plus the DICOM attributes that decide how to read them. */
export interface CtSliceInput {
  /** Stored values (row-major, rows*columns), or HU when preScaled. */
  pixelData: ArrayLike<number> | null | undefined;
  rows: number;
  columns: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  /** cornerstone already applied the modality LUT (image.preScale.scaled): values are HU. */
  preScaled?: boolean;
  /** Caller accepts slope 1 / intercept 0 when the DICOM lacks them (a warning is reported). */
  assumeIdentityRescale?: boolean;
  samplesPerPixel?: number;
  photometricInterpretation?: string;
  bitsAllocated?: number;
  modality?: string;
  /** Free identifier carried into results (imageId, SOPInstanceUID, ...). */
  id?: string;
}

/** Region of interest in image pixel coordinates; pixel (i, j) covers [i, i+1) x [j, j+1); x1/y1 exclusive. */
export interface Roi {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The square of the image, in pixel coordinates, that the model input covers. */
export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}
