import type { ModelManifest } from '../manifest/types';
import type { CropBox } from '../preprocess/types';
import { aggregate } from './aggregate';
import { mapToImage, normaliseForDisplay } from './maps';
import { softmax } from './softmax';
import type { AggregateResult, AggregationMethod, SliceResult } from './types';

/** Raw graph outputs for a batch, as plain arrays with their dims (what the worker posts back). */
export interface RawOutput {
  data: Float32Array;
  dims: number[];
}
export interface RawOutputs {
  logits: RawOutput;
  cam?: RawOutput;
  attention?: RawOutput;
}

/** Thrown when the graph's outputs do not have the shapes the manifest declares. */
export class OutputShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputShapeError';
  }
}

function checkShape(what: string, declared: (number | string)[], got: number[], batch: number): void {
  const problem =
    declared.length !== got.length
      ? `rank ${got.length}, manifest says ${declared.length}`
      : got[0] !== batch
        ? `batch ${got[0]}, expected ${batch}`
        : declared
            .map((d, k) => (k > 0 && typeof d === 'number' && d !== got[k] ? `dim ${k} is ${got[k]}, manifest says ${d}` : ''))
            .filter(Boolean)
            .join('; ');
  if (problem)
    throw new OutputShapeError(`Model output "${what}" has shape [${got.join(', ')}] but the manifest declares [${declared.join(', ')}]: ${problem}`);
}

/** Checks every output against the manifest (names are checked at load; shapes only exist after a run). */
export function checkOutputShapes(raw: RawOutputs, manifest: ModelManifest, batch: number): void {
  checkShape(manifest.outputs.logits.name, manifest.outputs.logits.shape, raw.logits.dims, batch);
  if (raw.logits.dims[1] !== manifest.classes.length)
    throw new OutputShapeError(`Model output "${manifest.outputs.logits.name}" has ${raw.logits.dims[1]} classes, manifest lists ${manifest.classes.length}`);
  if (manifest.outputs.cam) {
    if (!raw.cam) throw new OutputShapeError(`Model output "${manifest.outputs.cam.name}" missing from the run`);
    checkShape(manifest.outputs.cam.name, manifest.outputs.cam.shape, raw.cam.dims, batch);
  }
  if (manifest.outputs.attention) {
    if (!raw.attention) throw new OutputShapeError(`Model output "${manifest.outputs.attention.name}" missing from the run`);
    checkShape(manifest.outputs.attention.name, manifest.outputs.attention.shape, raw.attention.dims, batch);
  }
}

/** Turns raw outputs into per-slice probabilities and image-placed maps. */
export function buildSliceResults(raw: RawOutputs, manifest: ModelManifest, crops: CropBox[], ids: (string | undefined)[] = []): SliceResult[] {
  const n = crops.length;
  checkOutputShapes(raw, manifest, n);
  const nc = manifest.classes.length;
  const results: SliceResult[] = [];
  for (let b = 0; b < n; b++) {
    const logits = Array.from(raw.logits.data.subarray(b * nc, (b + 1) * nc));
    const probabilities = softmax(logits);
    const r: SliceResult = {
      index: b,
      probabilities,
      probability: probabilities[manifest.positiveIndex],
      logits,
      crop: crops[b],
    };
    if (ids[b] !== undefined) r.id = ids[b];
    if (raw.cam) {
      const [, c, h, w] = raw.cam.dims;
      const rawMaps = [];
      for (let k = 0; k < c; k++) {
        const start = (b * c + k) * h * w;
        rawMaps.push(mapToImage(raw.cam.data.slice(start, start + h * w), w, h, crops[b]));
      }
      r.cam = { classes: manifest.classes.slice(), raw: rawMaps, display: rawMaps.map((m) => normaliseForDisplay(m, 'cam')) };
    }
    if (raw.attention) {
      const [, c, h, w] = raw.attention.dims;
      const start = b * c * h * w;
      const m = mapToImage(raw.attention.data.slice(start, start + h * w), w, h, crops[b]);
      r.attention = { raw: m, display: normaliseForDisplay(m, 'attention') };
    }
    results.push(r);
  }
  return results;
}

export function aggregateSlices(slices: SliceResult[], manifest: ModelManifest, method?: AggregationMethod): AggregateResult {
  const m = method ?? manifest.aggregation;
  const probability = aggregate(
    slices.map((s) => s.probability),
    m,
  );
  const other = manifest.classes.find((c) => c !== manifest.positiveClass) ?? manifest.classes[0];
  return {
    method: m,
    probability,
    threshold: manifest.threshold.value,
    predictedClass: probability >= manifest.threshold.value ? manifest.positiveClass : other,
    slices: slices.length,
  };
}
