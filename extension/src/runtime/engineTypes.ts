import type { ModelManifest } from '../core/manifest/types';
import type { CtSliceInput, Roi } from '../core/preprocess/types';
import type { AggregationMethod, InferenceResult } from '../core/result/types';
import type { BackendName, BackendRequest } from './backendChoice';
import type { LoadProgress } from './modelFetch';

export type EngineState = 'idle' | 'loading' | 'ready' | 'running' | 'error' | 'disposed';

export interface EngineStatus {
  state: EngineState;
  /** Backend in use, with the human reason (e.g. "WASM, 2 threads: no WebGPU adapter"). */
  backend?: { name: BackendName | 'onnxruntime-node'; label: string; reason: string; threads: number; note?: string };
  model?: { id: string; version: string; sha256: string; name: string; demo: boolean };
  fromCache?: boolean;
  /** Model download/read + verification + session creation, ms. */
  loadMs?: number;
  /** Download/cache read + verification only, ms. */
  fetchMs?: number;
  /** Session creation only, ms. */
  sessionMs?: number;
  error?: string;
  /** Version of the runtime library that runs the model (onnxruntime-web / -node). */
  runtimeVersion?: string;
  /** Non-fatal: fallbacks, cache problems, assumed rescale. */
  warnings: string[];
}

export interface RunOptions {
  aggregation?: AggregationMethod;
  /** Slices per ORT run (default 5). */
  batchSize?: number;
}

/** Same API in the browser (worker-backed) and in Node (onnxruntime-node or ORT-web wasm). */
export interface InferenceEngine {
  load(onProgress?: (p: LoadProgress) => void): Promise<EngineStatus>;
  run(slices: CtSliceInput[], rois?: (Roi | null)[] | null, options?: RunOptions): Promise<InferenceResult>;
  status(): EngineStatus;
  onStatus(listener: (s: EngineStatus) => void): () => void;
  manifest(): ModelManifest | null;
  dispose(): Promise<void>;
}

export interface EngineOptions {
  backend?: BackendRequest;
  /** Upper bound on WASM threads. */
  maxThreads?: number;
}
