/** Browser entry of the inference runtime. */
import { createEngineWithWorker, type BrowserEngineOptions, type BrowserInferenceEngine, type WorkerLike } from './engine';
import { clearModelCache as clearCaches, defaultDeps } from './modelFetch';

export type { BrowserEngineOptions, BrowserInferenceEngine, WorkerLike } from './engine';
export type { EngineStatus, InferenceEngine, RunOptions } from './engineTypes';
export type { BackendChoice, BackendName, BackendRequest, ProbeFacts } from './backendChoice';
export type { LoadProgress } from './modelFetch';
export { chooseBackend, isSoftwareAdapter } from './backendChoice';
export { probeBackends } from './probe';
export { BackendUnavailableError, ModelFetchError, ModelIntegrityError, ModelMismatchError } from './errors';

/** The module worker, emitted by the bundler next to the extension bundle (webpack 5 `new Worker(new URL())`). */
export function createDefaultWorker(): WorkerLike {
  return new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'pima-ipn-inference' }) as unknown as WorkerLike;
}

export function createInferenceEngine(opts: BrowserEngineOptions & { createWorker?: () => WorkerLike }): BrowserInferenceEngine {
  return createEngineWithWorker(opts, opts.createWorker ?? createDefaultWorker);
}

/** Deletes this project's cached model files from Cache Storage (all models, or one id). */
export function clearModelCache(modelId?: string): Promise<string[]> {
  return clearCaches(defaultDeps(), modelId);
}
