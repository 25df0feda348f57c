import type { CropBox } from '../preprocess/types';

export type Rect = CropBox;

/** A model map (h x w cells) placed on the image: the cells tile imageRect (image pixel coordinates) exactly. */
export interface ImageMap {
  values: Float32Array;
  width: number;
  height: number;
  imageRect: Rect;
}

/** A map rescaled to 0..1 for colouring; `meaning` is the sentence the UI shows next to it. */
export interface DisplayMap extends ImageMap {
  meaning: string;
}

export interface SliceResult {
  /** Position in the batch that was run. */
  index: number;
  id?: string;
  /** softmax(logits), in manifest class order. */
  probabilities: number[];
  /** P(positive class), e.g. P(PIMA). */
  probability: number;
  logits: number[];
  crop: CropBox;
  /** Class activation maps, one per class in manifest order (raw, not normalised). */
  cam?: { classes: string[]; raw: ImageMap[]; display: DisplayMap[] };
  /** DAS attention (sigmoid gate, channel mean) on the crop. */
  attention?: { raw: ImageMap; display: DisplayMap };
}

export type AggregationMethod = 'mean' | 'max' | 'median';

export interface AggregateResult {
  method: AggregationMethod;
  probability: number;
  threshold: number;
  /** positiveClass when probability >= threshold, else the other class. */
  predictedClass: string;
  slices: number;
}

export interface StageTimings {
  loadMs: number;
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

export interface InferenceResult {
  model: { id: string; version: string; sha256: string; demo: boolean; researchUseOnly: true };
  backend: { name: string; reason: string };
  slices: SliceResult[];
  aggregate: AggregateResult;
  timings: StageTimings;
  warnings: string[];
}
