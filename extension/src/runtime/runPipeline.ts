import type { ModelManifest } from '../core/manifest/types';
import { preprocessBatch } from '../core/preprocess';
import type { CtSliceInput, Roi } from '../core/preprocess/types';
import { aggregateSlices, buildSliceResults } from '../core/result/buildResult';
import type { RawOutputs } from '../core/result/buildResult';
import type { InferenceResult, SliceResult } from '../core/result/types';
import type { EngineStatus, RunOptions } from './engineTypes';

export interface BatchRunner {
  (data: Float32Array, dims: [number, number, number, number]): Promise<{ outputs: RawOutputs; inferenceMs: number; warnings?: string[] }>;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Preprocess → batched runs → results; the part of run() both engines share. */
export async function runPipeline(
  manifest: ModelManifest,
  slices: CtSliceInput[],
  rois: (Roi | null)[] | null | undefined,
  runBatch: BatchRunner,
  status: () => EngineStatus,
  options: RunOptions = {},
): Promise<InferenceResult> {
  if (!slices.length) throw new Error('run: no slices given');
  if (rois && rois.length !== slices.length) throw new Error(`run: ${slices.length} slices but ${rois.length} ROIs`);
  const batchSize = Math.max(1, options.batchSize ?? 5);
  const timings = { loadMs: status().loadMs ?? 0, preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };
  const warnings: string[] = [];
  const results: SliceResult[] = [];
  for (let start = 0; start < slices.length; start += batchSize) {
    const part = slices.slice(start, start + batchSize);
    const t0 = now();
    const batch = preprocessBatch(part, rois ? rois.slice(start, start + batchSize) : null, manifest.input);
    timings.preprocessMs += now() - t0;
    warnings.push(...batch.warnings);
    const { outputs, inferenceMs, warnings: runWarnings } = await runBatch(batch.data, batch.dims);
    timings.inferenceMs += inferenceMs;
    if (runWarnings) warnings.push(...runWarnings);
    const t1 = now();
    const part_results = buildSliceResults(outputs, manifest, batch.crops, part.map((s) => s.id));
    for (const r of part_results) results.push({ ...r, index: r.index + start });
    timings.postprocessMs += now() - t1;
  }
  const t2 = now();
  const aggregate = aggregateSlices(results, manifest, options.aggregation);
  timings.postprocessMs += now() - t2;
  const st = status();
  return {
    model: { id: manifest.id, version: manifest.version, sha256: manifest.file.sha256, demo: manifest.demo, researchUseOnly: true },
    backend: { name: st.backend?.label ?? 'unknown', reason: st.backend?.reason ?? '' },
    slices: results,
    aggregate,
    timings,
    warnings: [...new Set([...st.warnings, ...warnings])],
  };
}

/** Minimal status broadcaster shared by both engines. */
export class StatusHolder {
  private current: EngineStatus = { state: 'idle', warnings: [] };
  private listeners = new Set<(s: EngineStatus) => void>();
  get(): EngineStatus {
    return this.current;
  }
  set(patch: Partial<EngineStatus>): EngineStatus {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
    return this.current;
  }
  warn(w: string): void {
    if (!this.current.warnings.includes(w)) this.set({ warnings: [...this.current.warnings, w] });
  }
  subscribe(l: (s: EngineStatus) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
