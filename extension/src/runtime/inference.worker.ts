/// <reference lib="webworker" />
/**
 * Module Web Worker that owns the onnxruntime-web session, so inference never blocks the viewer's UI thread.
 * onnxruntime-web/webgpu (native WebGPU EP + WASM) is imported on the first init only.
 */
import type { ModelManifest } from '../core/manifest/types';
import { chooseBackend, executionProviders, type BackendChoice, type ProbeFacts } from './backendChoice';
import { BackendUnavailableError, conciseMessage, GpuRunError } from './errors';
import { clearModelCache, defaultDeps, fetchModelBytes } from './modelFetch';
import type { OrtModuleLike } from './ortTypes';
import { probeBackends } from './probe';
import { createModelSession, runOneByOne, type ModelSession } from './sessionCore';
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
/** Set when the GPU session's device is lost. */
let lostReason: string | null = null;

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
  const options: Record<string, unknown> = { executionProviders: executionProviders(c), graphOptimizationLevel: 'all' };
  // WebNN compiles static shapes only: pin the symbolic batch dimension to 1 (run() then goes slice by slice).
  const batchDim = (manifest as ModelManifest).outputs.logits.shape[0];
  if (c.backend === 'webnn' && typeof batchDim === 'string') options.freeDimensionOverrides = { [batchDim]: 1 };
  const s = await createModelSession(ort, bytes, manifest as ModelManifest, options);
  lostReason = null;
  if (c.backend === 'webgpu') {
    // ORT creates the device itself and publishes it as a promise once the first WebGPU session exists.
    const device = (await (ort.env as any).webgpu?.device) as { lost?: Promise<{ message?: string; reason?: string }> } | undefined;
    // Told to the main thread at once, which replaces this worker: a run on a lost device may reject or may
    // never settle inside ORT, and a worker with a suspended ORT call cannot safely build a new session.
    device?.lost?.then((info) => {
      lostReason = `WebGPU device lost${info?.message ? `: ${info.message}` : info?.reason ? ` (${info.reason})` : ''}`;
      post({ type: 'gpuLost', id: 0, reason: lostReason });
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
  } catch (e) {
    if (choice.backend === 'wasm' || req.backend !== 'auto') throw e;
    const failed = choice.label;
    choice = wasmFallbackChoice(`${failed} failed to start (${conciseMessage((e as Error).message)}); fell back`);
    warnings.push(choice.reason);
    session = await createSession(ort, fetched.bytes, choice);
  }
  if (req.fallbackReason) {
    choice = { ...choice, reason: `${choice.label}: ${req.fallbackReason}` };
    warnings.push(choice.reason);
  }
  const t2 = performance.now();
  post({ type: 'ready', id: req.id, ready: { choice, probe, fromCache: fetched.fromCache, fetchMs: t1 - t0, sessionMs: t2 - t1, ortVersion: String((ort.env as { versions?: { web?: string } }).versions?.web ?? 'unknown'), warnings } });
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  if (!session || !choice) throw new Error('Inference worker: run before init');
  const t0 = performance.now();
  let outputs;
  if (choice.backend === 'wasm') outputs = await session.run(req.data, req.dims);
  else {
    try {
      if (lostReason) throw new Error(lostReason);
      outputs = choice.backend === 'webnn' ? await runOneByOne(session, req.data, req.dims) : await session.run(req.data, req.dims);
    } catch (e) {
      throw new GpuRunError(`${choice.label} failed during inference (${conciseMessage((e as Error).message)})`);
    }
  }
  const inferenceMs = performance.now() - t0;
  const transfer = [outputs.logits.data.buffer, outputs.cam?.data.buffer, outputs.attention?.data.buffer].filter(
    (b): b is ArrayBuffer => b instanceof ArrayBuffer,
  );
  post({ type: 'result', id: req.id, outputs, inferenceMs, choice }, transfer);
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
        post({ type: 'disposed', id: req.id });
        break;
    }
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', id: req.id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) } });
  }
};
