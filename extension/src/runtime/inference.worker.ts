/// <reference lib="webworker" />
/**
 * Module Web Worker that owns the onnxruntime-web session, so inference never blocks the viewer's UI thread.
 * onnxruntime-web/webgpu (native WebGPU EP + WASM) is imported on the first init only.
 */
import type { ModelManifest } from '../core/manifest/types';
import { chooseBackend, executionProviders, type BackendChoice, type ProbeFacts } from './backendChoice';
import { BackendUnavailableError } from './errors';
import { clearModelCache, defaultDeps, fetchModelBytes } from './modelFetch';
import type { OrtModuleLike } from './ortTypes';
import { probeBackends } from './probe';
import { createModelSession, type ModelSession } from './sessionCore';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

declare const self: DedicatedWorkerGlobalScope;
declare const __webpack_public_path__: string;

/**
 * Where ORT's .mjs/.wasm pair lives: `ort/` under the bundle's output root. Under webpack the worker may sit in
 * a chunks/ subfolder, so the public path (resolved at run time with publicPath 'auto') is the reliable base.
 */
function defaultOrtBase(): string {
  const root = typeof __webpack_public_path__ === 'string' && __webpack_public_path__ ? new URL(__webpack_public_path__, self.location.href).href : self.location.href;
  return new URL('./ort/', root).href;
}
let ortBase: string | null = null;

let ortPromise: Promise<OrtModuleLike> | null = null;
let session: ModelSession | null = null;
let manifest: ModelManifest | null = null;
let choice: BackendChoice | null = null;
let probe: ProbeFacts | null = null;
/** Kept only while a GPU backend runs, to rebuild a WASM session without downloading again. */
let gpuModelBytes: Uint8Array | null = null;
let gpuLost: string | null = null;

function post(msg: WorkerReply, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function loadOrt(): Promise<OrtModuleLike> {
  ortPromise ??= import('onnxruntime-web/webgpu').then((m) => {
    const ort = ((m as any).default ?? m) as OrtModuleLike;
    // Our own ORT build files, next to this worker's bundle; never the host's /ort/ (an older ORT).
    ort.env.wasm.wasmPaths = ortBase ?? defaultOrtBase();
    ort.env.logLevel = 'error';
    return ort;
  });
  return ortPromise;
}

async function createSession(ort: OrtModuleLike, bytes: Uint8Array, c: BackendChoice): Promise<ModelSession> {
  ort.env.wasm.numThreads = c.threads;
  const s = await createModelSession(ort, bytes, manifest as ModelManifest, {
    executionProviders: executionProviders(c),
    graphOptimizationLevel: 'all',
  });
  if (c.backend === 'webgpu') {
    // A lost device (driver reset, tab in background on some platforms) makes the next run fall back to WASM.
    const device = (ort.env as any).webgpu?.device;
    device?.lost?.then?.((info: { message?: string }) => {
      gpuLost = info?.message || 'WebGPU device lost';
    });
  }
  return s;
}

function wasmFallbackChoice(why: string): BackendChoice {
  const c = chooseBackend(probe as ProbeFacts, { requested: 'wasm' }) as BackendChoice;
  return { ...c, reason: `${c.label}: ${why}` };
}

async function init(req: Extract<WorkerRequest, { type: 'init' }>): Promise<void> {
  if (session) await session.release();
  session = null;
  manifest = req.manifest;
  if (req.ortBaseUrl) ortBase = req.ortBaseUrl;
  probe = await probeBackends();
  const picked = chooseBackend(probe, {
    requested: req.backend,
    requiresShaderF16: manifest.file.requiresShaderF16,
    ...(req.maxThreads ? { maxThreads: req.maxThreads } : {}),
  });
  if ('error' in picked) throw new BackendUnavailableError(picked.error);
  choice = picked;
  const warnings: string[] = [];
  const ortP = loadOrt();
  const t0 = performance.now();
  const fetched = await fetchModelBytes(manifest, {
    deps: defaultDeps(),
    useCache: req.useCache,
    onProgress: (progress) => post({ type: 'progress', id: req.id, progress }),
  });
  if (fetched.cacheNote && fetched.cacheNote !== 'no Cache Storage') warnings.push(`Model cache: ${fetched.cacheNote}`);
  const t1 = performance.now();
  const ort = await ortP;
  try {
    session = await createSession(ort, fetched.bytes, choice);
    gpuModelBytes = choice.backend === 'wasm' ? null : fetched.bytes;
  } catch (e) {
    if (choice.backend === 'wasm' || req.backend !== 'auto') throw e;
    const failed = choice.label;
    choice = wasmFallbackChoice(`${failed} failed to start (${(e as Error).message}); fell back`);
    warnings.push(choice.reason);
    session = await createSession(ort, fetched.bytes, choice);
    gpuModelBytes = null;
  }
  const t2 = performance.now();
  post({ type: 'ready', id: req.id, ready: { choice, probe, fromCache: fetched.fromCache, fetchMs: t1 - t0, sessionMs: t2 - t1, warnings } });
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  if (!session || !choice) throw new Error('Inference worker: run before init');
  const warnings: string[] = [];
  const t0 = performance.now();
  let outputs;
  try {
    if (gpuLost) throw new Error(gpuLost);
    outputs = await session.run(req.data, req.dims);
  } catch (e) {
    if (choice.backend === 'wasm' || !gpuModelBytes) throw e;
    // GPU failed or was lost: rebuild on WASM and re-run the same batch, and say so.
    const failed = choice.label;
    const ort = await loadOrt();
    await session.release().catch(() => undefined);
    choice = wasmFallbackChoice(`${failed} failed during inference (${(e as Error).message}); fell back and re-ran`);
    warnings.push(choice.reason);
    session = await createSession(ort, gpuModelBytes, choice);
    gpuModelBytes = null;
    gpuLost = null;
    outputs = await session.run(req.data, req.dims);
  }
  const inferenceMs = performance.now() - t0;
  const transfer = [outputs.logits.data.buffer, outputs.cam?.data.buffer, outputs.attention?.data.buffer].filter(
    (b): b is ArrayBuffer => b instanceof ArrayBuffer,
  );
  post({ type: 'result', id: req.id, outputs, inferenceMs, choice, warnings }, transfer);
}

self.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  try {
    switch (req.type) {
      case 'init':
        await init(req);
        break;
      case 'run':
        await run(req);
        break;
      case 'probe':
        post({ type: 'probed', id: req.id, probe: await probeBackends() });
        break;
      case 'clearCache':
        post({ type: 'cleared', id: req.id, removed: await clearModelCache(defaultDeps(), req.modelId) });
        break;
      case 'dispose':
        if (session) await session.release();
        session = null;
        gpuModelBytes = null;
        post({ type: 'disposed', id: req.id });
        break;
    }
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', id: req.id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) } });
  }
};
