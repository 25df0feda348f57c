import type { ModelManifest } from '../core/manifest/types';
import type { RawOutputs } from '../core/result/buildResult';
import type { BackendChoice, BackendRequest, ProbeFacts } from './backendChoice';
import type { LoadProgress } from './modelFetch';

/** Messages main thread → inference worker. Every request carries an id echoed by its reply. */
export type WorkerRequest =
  | { type: 'init'; id: number; manifest: ModelManifest; backend: BackendRequest; maxThreads?: number; useCache: boolean; ortBaseUrl?: string; fallbackReason?: string }
  | { type: 'run'; id: number; data: Float32Array; dims: [number, number, number, number] }
  | { type: 'clearCache'; id: number; modelId?: string }
  | { type: 'probe'; id: number }
  | { type: 'dispose'; id: number };

export interface WorkerReady {
  choice: BackendChoice;
  probe: ProbeFacts;
  fromCache: boolean;
  fetchMs: number;
  sessionMs: number;
  /** onnxruntime-web's version, as the loaded module reports it. */
  ortVersion: string;
  warnings: string[];
}

/** Messages inference worker → main thread. */
export type WorkerReply =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'ready'; id: number; ready: WorkerReady }
  | { type: 'result'; id: number; outputs: RawOutputs; inferenceMs: number; choice: BackendChoice }
  | { type: 'cleared'; id: number; removed: string[] }
  | { type: 'probed'; id: number; probe: ProbeFacts }
  | { type: 'disposed'; id: number }
  /** Unsolicited (id 0): the GPU device is gone; pending and later GPU runs must not wait for this worker. */
  | { type: 'gpuLost'; id: 0; reason: string }
  | { type: 'error'; id: number; error: { name: string; message: string } };
