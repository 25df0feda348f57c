import type { ModelManifest } from '../core/manifest/types';
import { ManifestError } from '../core/manifest/parseManifest';
import { OutputShapeError } from '../core/result/buildResult';
import type { BackendRequest, ProbeFacts } from './backendChoice';
import type { EngineStatus, InferenceEngine } from './engineTypes';
import { BackendUnavailableError, ModelFetchError, ModelIntegrityError, ModelMismatchError } from './errors';
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
  const pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void; onProgress?: (p: LoadProgress) => void }>();
  /** Serialises worker work so a run never overlaps a load or another run. */
  let queue: Promise<unknown> = Promise.resolve();

  function ensureWorker(): WorkerLike {
    if (worker) return worker;
    const w = makeWorker();
    w.onmessage = (ev) => {
      const msg = ev.data;
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
      pending.set(req.id, { resolve: resolve as (r: WorkerReply) => void, reject, ...(onProgress ? { onProgress } : {}) });
      w.postMessage(req, transfer);
    });
  }

  function serial<T>(f: () => Promise<T>): Promise<T> {
    const r = queue.then(f, f);
    queue = r.catch(() => undefined);
    return r;
  }

  async function doLoad(onProgress?: (p: LoadProgress) => void): Promise<EngineStatus> {
    status.set({ state: 'loading', error: undefined });
    try {
      const t0 = performance.now();
      manifest = await fetchManifest(opts.manifestUrl, deps);
      const m = manifest;
      status.set({ model: { id: m.id, version: m.version, sha256: m.file.sha256, name: m.name, demo: m.demo } });
      const reply = await serial(() =>
        call<'ready'>(
          { type: 'init', id: nextId++, manifest: m, backend: opts.backend ?? 'auto', useCache: opts.useCache !== false, ...(opts.maxThreads ? { maxThreads: opts.maxThreads } : {}), ...(opts.ortBaseUrl ? { ortBaseUrl: opts.ortBaseUrl } : {}) },
          [],
          onProgress,
        ),
      );
      const r = reply.ready;
      probeFacts = r.probe;
      for (const w of r.warnings) status.warn(w);
      return status.set({
        state: 'ready',
        backend: { name: r.choice.backend, label: r.choice.label, reason: r.choice.reason, threads: r.choice.threads, ...(r.choice.note ? { note: r.choice.note } : {}) },
        fromCache: r.fromCache,
        fetchMs: r.fetchMs,
        sessionMs: r.sessionMs,
        loadMs: performance.now() - t0,
      });
    } catch (e) {
      status.set({ state: 'error', error: (e as Error).message });
      throw e;
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
        return await runPipeline(
          m,
          slices,
          rois,
          (data, dims) =>
            serial(async () => {
              const reply = await call<'result'>({ type: 'run', id: nextId++, data, dims }, [data.buffer as ArrayBuffer]);
              if (reply.warnings.length) {
                const c = reply.choice;
                status.set({ backend: { name: c.backend, label: c.label, reason: c.reason, threads: c.threads, ...(c.note ? { note: c.note } : {}) } });
                for (const w of reply.warnings) status.warn(w);
              }
              return { outputs: reply.outputs, inferenceMs: reply.inferenceMs, warnings: reply.warnings };
            }),
          () => status.get(),
          options,
        );
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
