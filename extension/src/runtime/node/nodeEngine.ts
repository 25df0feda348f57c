import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseManifest } from '../../core/manifest/parseManifest';
import type { ModelManifest } from '../../core/manifest/types';
import type { EngineStatus, InferenceEngine, RunOptions } from '../engineTypes';
import { ModelFetchError } from '../errors';
import type { LoadProgress } from '../modelFetch';
import { verifyModelBytes } from '../modelFetch';
import type { OrtModuleLike } from '../ortTypes';
import { runPipeline, StatusHolder } from '../runPipeline';
import { createModelSession, type ModelSession } from '../sessionCore';

export type NodeRuntime = 'node' | 'web-wasm';

export interface NodeEngineOptions {
  /** Path to manifest.json or to the model folder that holds it. */
  model: string;
  /** onnxruntime-node CPU (default) or onnxruntime-web's WASM backend in Node. */
  runtime?: NodeRuntime;
  /** Threads: intra-op threads for onnxruntime-node, wasm threads for ORT-web (default: min(4, cores)). */
  threads?: number;
}

const now = (): number => performance.now();

async function readManifest(path: string): Promise<ModelManifest> {
  const file = path.endsWith('.json') ? resolve(path) : resolve(path, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ModelFetchError(`Model manifest not found at ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return parseManifest(JSON.parse(text), pathToFileURL(file).href);
}

async function readModelFile(m: ModelManifest): Promise<Uint8Array> {
  const url = m.file.resolvedUrl;
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      throw new ModelFetchError(`Model file not found at ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
  }
  const res = await fetch(url);
  if (!res.ok) throw new ModelFetchError(`Model file ${res.status === 404 ? 'not found (HTTP 404)' : `HTTP ${res.status}`} at ${url}`, res.status);
  return new Uint8Array(await res.arrayBuffer());
}

let webOrt: Promise<OrtModuleLike> | null = null;
let nodeOrt: Promise<OrtModuleLike> | null = null;

/** The ORT module for a runtime, imported once per process. */
export function loadOrt(runtime: NodeRuntime): Promise<OrtModuleLike> {
  if (runtime === 'web-wasm') return (webOrt ??= import('onnxruntime-web').then((m) => ((m as any).default ?? m) as OrtModuleLike));
  return (nodeOrt ??= import('onnxruntime-node').then((m) => ((m as any).default ?? m) as OrtModuleLike));
}

/** The engine API in Node, for the CLI, the benchmark and tests. */
export function createNodeEngine(opts: NodeEngineOptions): InferenceEngine {
  const runtime = opts.runtime ?? 'node';
  const threads = Math.max(1, opts.threads ?? Math.min(4, cpus().length));
  const status = new StatusHolder();
  let manifest: ModelManifest | null = null;
  let session: ModelSession | null = null;
  let loading: Promise<EngineStatus> | null = null;

  async function doLoad(onProgress?: (p: LoadProgress) => void): Promise<EngineStatus> {
    status.set({ state: 'loading', error: undefined });
    try {
      const t0 = now();
      manifest = await readManifest(opts.model);
      const bytes = await readModelFile(manifest);
      onProgress?.({ phase: 'download', loaded: bytes.byteLength, total: manifest.file.bytes });
      onProgress?.({ phase: 'verify', loaded: bytes.byteLength, total: manifest.file.bytes });
      await verifyModelBytes(bytes, manifest, globalThis.crypto.subtle);
      const t1 = now();
      const ort = await loadOrt(runtime);
      let options: Record<string, unknown>;
      if (runtime === 'web-wasm') {
        ort.env.wasm.numThreads = threads;
        options = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
      } else {
        options = { executionProviders: ['cpu'], intraOpNumThreads: threads, graphOptimizationLevel: 'all' };
      }
      session = await createModelSession(ort, bytes, manifest, options);
      const t2 = now();
      const label = runtime === 'web-wasm' ? `ORT-web WASM in Node, ${threads} thread${threads > 1 ? 's' : ''}` : `onnxruntime-node CPU, ${threads} thread${threads > 1 ? 's' : ''}`;
      return status.set({
        state: 'ready',
        backend: { name: runtime === 'web-wasm' ? 'wasm' : 'onnxruntime-node', label, reason: `${label}: selected by the caller`, threads },
        model: { id: manifest.id, version: manifest.version, sha256: manifest.file.sha256, name: manifest.name, demo: manifest.demo },
        fromCache: false,
        fetchMs: t1 - t0,
        sessionMs: t2 - t1,
        loadMs: t2 - t0,
        runtimeVersion: `${runtime === 'web-wasm' ? 'onnxruntime-web' : 'onnxruntime-node'} ${(ort.env as { versions?: Record<string, string> }).versions?.[runtime === 'web-wasm' ? 'web' : 'node'] ?? 'unknown'}`,
      });
    } catch (e) {
      status.set({ state: 'error', error: (e as Error).message });
      throw e;
    }
  }

  const engine: InferenceEngine = {
    load(onProgress) {
      loading ??= doLoad(onProgress).catch((e) => {
        loading = null;
        throw e;
      });
      return loading;
    },
    async run(slices, rois, options: RunOptions = {}) {
      await engine.load();
      if (!session || !manifest) throw new Error('engine disposed');
      const s = session;
      status.set({ state: 'running' });
      try {
        return await runPipeline(
          manifest,
          slices,
          rois,
          async (data, dims) => {
            const t0 = now();
            const outputs = await s.run(data, dims);
            return { outputs, inferenceMs: now() - t0 };
          },
          () => status.get(),
          options,
        );
      } finally {
        if (status.get().state === 'running') status.set({ state: 'ready' });
      }
    },
    status: () => status.get(),
    onStatus: (l) => status.subscribe(l),
    manifest: () => manifest,
    async dispose() {
      const s = session;
      session = null;
      loading = null;
      if (s) await s.release();
      status.set({ state: 'disposed' });
    },
  };
  return engine;
}

/** Resolves a model folder relative to the repository (tools use this with --model). */
export function modelDir(root: string, id: string): string {
  return resolve(root, 'models', id);
}
