import type { ModelManifest } from '../core/manifest/types';
import { ManifestError } from '../core/manifest/parseManifest';
import { OutputShapeError } from '../core/result/buildResult';
import type { BackendChoice, BackendRequest, ProbeFacts } from './backendChoice';
import type { EngineStatus, InferenceEngine } from './engineTypes';
import { BackendUnavailableError, GpuRunError, ModelFetchError, ModelIntegrityError, ModelMismatchError } from './errors';
import { defaultDeps, fetchManifest, type FetchDeps, type LoadProgress } from './modelFetch';
import { runPipeline, StatusHolder } from './runPipeline';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

/** The part of Worker the engine needs (a fake in unit tests). */
export interface WorkerLike {
  postMessage(msg: WorkerRequest, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface BrowserEngineOptions {
  /** URL of manifest.json; the model file URL inside it is resolved against this. */
  manifestUrl: string;
  backend?: BackendRequest;
  maxThreads?: number;
  /** Use Cache Storage for the model file (default true). */
  useCache?: boolean;
  /** Folder URL holding ORT's wasm pair; default: `ort/` next to the bundle. */
  ortBaseUrl?: string;
  /** Manifest fetch dependencies (tests). */
  deps?: FetchDeps;
}

export interface BrowserInferenceEngine extends InferenceEngine {
  /** Removes cached model files (this model's id, or all when allModels). */
  clearModelCache(allModels?: boolean): Promise<string[]>;
  /** Last probe facts from the worker (after load). */
  probe(): ProbeFacts | null;
}

const ERRORS: Record<string, new (m: string) => Error> = {
  ModelFetchError,
  ModelIntegrityError,
  ModelMismatchError,
  BackendUnavailableError,
  GpuRunError,
  OutputShapeError,
};

function rebuildError(e: { name: string; message: string }): Error {
  const C = ERRORS[e.name];
  if (C) return new C(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/**
 * Main-thread engine: fetches the manifest, starts the worker lazily on first load/run, preprocesses on the
 * calling thread (a few ms per slice) and transfers the tensor to the worker.
 */
export function createEngineWithWorker(opts: BrowserEngineOptions, makeWorker: () => WorkerLike): BrowserInferenceEngine {
  const status = new StatusHolder();
  const deps = opts.deps ?? defaultDeps();
  let worker: WorkerLike | null = null;
  let manifest: ModelManifest | null = null;
  let probeFacts: ProbeFacts | null = null;
  let loading: Promise<EngineStatus> | null = null;
  let nextId = 1;
  const pending = new Map<number, { kind: WorkerRequest['type']; resolve: (r: WorkerReply) => void; reject: (e: Error) => void; onProgress?: (p: LoadProgress) => void }>();
  /** Why the current worker's GPU is gone; its runs are then retried on a fresh WASM worker. */
  let gpuLost: string | null = null;
  const gpuFailed = (why: string) => new GpuRunError(`${status.get().backend?.label ?? 'GPU'} failed during inference (${why})`);
  /** Serialises worker work so a run never overlaps a load or another run. */
  let queue: Promise<unknown> = Promise.resolve();

  function ensureWorker(): WorkerLike {
    if (worker) return worker;
    const w = makeWorker();
    w.onmessage = (ev) => {
      const msg = ev.data;
      if (msg.type === 'gpuLost') {
        gpuLost = msg.reason;
        for (const [id, p] of pending)
          if (p.kind === 'run') {
            pending.delete(id);
            p.reject(gpuFailed(msg.reason));
          }
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg.progress);
        return;
      }
      pending.delete(msg.id);
      if (msg.type === 'error') p.reject(rebuildError(msg.error));
      else p.resolve(msg);
    };
    w.onerror = (ev) => {
      const err = new Error(`Inference worker failed: ${ev.message || 'could not start (check that the worker and ort/ files are served)'}`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      status.set({ state: 'error', error: err.message });
    };
    worker = w;
    return w;
  }

  function call<T extends WorkerReply['type']>(
    req: WorkerRequest,
    transfer: Transferable[] = [],
    onProgress?: (p: LoadProgress) => void,
  ): Promise<Extract<WorkerReply, { type: T }>> {
    const w = ensureWorker();
    return new Promise((resolve, reject) => {
      pending.set(req.id, { kind: req.type, resolve: resolve as (r: WorkerReply) => void, reject, ...(onProgress ? { onProgress } : {}) });
      w.postMessage(req, transfer);
    });
  }

  function serial<T>(f: () => Promise<T>): Promise<T> {
    const r = queue.then(f, f);
    queue = r.catch(() => undefined);
    return r;
  }

  function initRequest(m: ModelManifest, backend: BackendRequest, fallbackReason?: string): WorkerRequest {
    return {
      type: 'init',
      id: nextId++,
      manifest: m,
      backend,
      useCache: opts.useCache !== false,
      ...(opts.maxThreads ? { maxThreads: opts.maxThreads } : {}),
      ...(opts.ortBaseUrl ? { ortBaseUrl: opts.ortBaseUrl } : {}),
      ...(fallbackReason ? { fallbackReason } : {}),
    };
  }

  function showBackend(c: BackendChoice): void {
    status.set({ backend: { name: c.backend, label: c.label, reason: c.reason, threads: c.threads, ...(c.note ? { note: c.note } : {}) } });
  }

  async function doLoad(onProgress?: (p: LoadProgress) => void): Promise<EngineStatus> {
    status.set({ state: 'loading', error: undefined });
    try {
      const t0 = performance.now();
      manifest = await fetchManifest(opts.manifestUrl, deps);
      const m = manifest;
      status.set({ model: { id: m.id, version: m.version, sha256: m.file.sha256, name: m.name, demo: m.demo } });
      const reply = await serial(() => call<'ready'>(initRequest(m, opts.backend ?? 'auto'), [], onProgress));
      const r = reply.ready;
      probeFacts = r.probe;
      for (const w of r.warnings) status.warn(w);
      showBackend(r.choice);
      return status.set({ state: 'ready', fromCache: r.fromCache, fetchMs: r.fetchMs, sessionMs: r.sessionMs, runtimeVersion: `onnxruntime-web ${r.ortVersion}`, loadMs: performance.now() - t0 });
    } catch (e) {
      status.set({ state: 'error', error: (e as Error).message });
      throw e;
    }
  }

  /** Replaces a worker whose GPU failed with a fresh WASM one (model bytes from Cache Storage when cached). */
  async function restartOnWasm(m: ModelManifest, why: string): Promise<string> {
    worker?.terminate();
    worker = null;
    gpuLost = null;
    for (const p of pending.values()) p.reject(new Error('Inference worker replaced after a GPU failure'));
    pending.clear();
    const r = (await call<'ready'>(initRequest(m, 'wasm', why))).ready;
    probeFacts = r.probe;
    showBackend(r.choice);
    for (const w of r.warnings) status.warn(w);
    return r.choice.reason;
  }

  /** One batch through the worker; on a GPU failure, once more on a fresh WASM worker. Inside serial(). */
  async function runBatch(m: ModelManifest, data: Float32Array, dims: [number, number, number, number]) {
    // The tensor's buffer is transferred to the worker; keep a copy while a GPU may still fail it.
    const retry = status.get().backend?.name === 'wasm' ? null : data.slice();
    try {
      if (gpuLost) throw gpuFailed(gpuLost);
      const reply = await call<'result'>({ type: 'run', id: nextId++, data, dims }, [data.buffer as ArrayBuffer]);
      return { outputs: reply.outputs, inferenceMs: reply.inferenceMs };
    } catch (e) {
      if (!(e instanceof GpuRunError) || !retry) throw e;
      const reason = await restartOnWasm(m, `${e.message}; fell back and re-ran`);
      const reply = await call<'result'>({ type: 'run', id: nextId++, data: retry, dims }, [retry.buffer as ArrayBuffer]);
      return { outputs: reply.outputs, inferenceMs: reply.inferenceMs, warnings: [reason] };
    }
  }

  const engine: BrowserInferenceEngine = {
    load(onProgress) {
      loading ??= doLoad(onProgress).catch((e) => {
        loading = null;
        throw e;
      });
      return loading;
    },
    async run(slices, rois, options = {}) {
      await engine.load();
      const m = manifest;
      if (!m || !worker) throw new Error('engine disposed');
      status.set({ state: 'running' });
      try {
        return await runPipeline(m, slices, rois, (data, dims) => serial(() => runBatch(m, data, dims)), () => status.get(), options);
      } catch (e) {
        if (e instanceof ModelMismatchError || e instanceof OutputShapeError || e instanceof ManifestError)
          status.set({ state: 'error', error: e.message });
        throw e;
      } finally {
        if (status.get().state === 'running') status.set({ state: 'ready' });
      }
    },
    status: () => status.get(),
    onStatus: (l) => status.subscribe(l),
    manifest: () => manifest,
    probe: () => probeFacts,
    async clearModelCache(allModels = false) {
      const reply = await serial(() =>
        call<'cleared'>({ type: 'clearCache', id: nextId++, ...(!allModels && manifest ? { modelId: manifest.id } : {}) }),
      );
      return reply.removed;
    },
    async dispose() {
      if (worker) {
        await serial(() => call<'disposed'>({ type: 'dispose', id: nextId++ })).catch(() => undefined);
        worker.terminate();
      }
      worker = null;
      loading = null;
      status.set({ state: 'disposed' });
    },
  };
  return engine;
}
