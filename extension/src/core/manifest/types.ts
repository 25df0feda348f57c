/** Model manifest, schemaVersion 1. The validator in parseManifest.ts is the schema. */

export type WeightsFormat = 'int8' | 'fp16' | 'fp32';
export type ChannelMode = 'replicate' | 'windows';
export type Aggregation = 'mean' | 'max' | 'median';

export interface WindowSpec {
  center: number;
  width: number;
  name?: string;
}

export interface CropSpec {
  scale: number;
  minSizePx: number;
  padHU: number;
}

export interface ManifestInput {
  name: string;
  size: number;
  channelMode: ChannelMode;
  windows: WindowSpec[];
  mean: [number, number, number];
  std: [number, number, number];
  crop: CropSpec;
  neighbours: number;
  preprocessVersion: number;
}

export interface ManifestFile {
  /** As written in the manifest (usually relative). */
  url: string;
  /** `url` resolved against the manifest URL when one was given, else equal to `url`. */
  resolvedUrl: string;
  sha256: string;
  bytes: number;
  weights: WeightsFormat;
  compute: string;
  requiresShaderF16: boolean;
  opset: number;
}

export interface OutputSpec {
  name: string;
  shape: (number | string)[];
}

export interface ManifestOutputs {
  logits: OutputSpec;
  cam?: OutputSpec;
  attention?: OutputSpec;
}

export interface Estimate {
  value: number;
  ci95: [number, number];
  method: string;
}

export interface ManifestValidation {
  cohort: string;
  patients: number;
  auc?: Estimate;
  sensitivity?: Estimate;
  specificity?: Estimate;
  referenceDistribution?: { edges: number[]; [cls: string]: number[] };
  [key: string]: unknown;
}

export interface ModelManifest {
  schemaVersion: 1;
  id: string;
  version: string;
  name: string;
  architecture: {
    variant: string;
    backbone: string;
    se: boolean;
    das: boolean;
    parameters: number;
    description?: string;
  };
  file: ManifestFile;
  input: ManifestInput;
  outputs: ManifestOutputs;
  classes: string[];
  positiveClass: string;
  /** Index of positiveClass in classes. */
  positiveIndex: number;
  threshold: { value: number; method: string };
  aggregation: Aggregation;
  inputChecks: {
    modalities: string[];
    sliceThicknessMm?: [number, number];
    pixelSpacingMm?: [number, number];
    roiSizeMm?: [number, number];
  };
  training: Record<string, unknown>;
  validation: ManifestValidation;
  intendedUse: string;
  limitations: string[];
  researchUseOnly: true;
  demo: boolean;
  card?: string;
  /** URL the manifest was read from, when known. */
  sourceUrl?: string;
}
