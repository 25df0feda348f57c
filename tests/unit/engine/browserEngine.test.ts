import { createEngineWithWorker, type WorkerLike } from '../../../extension/src/runtime/engine';
import { conciseMessage, GpuRunError, ModelIntegrityError } from '../../../extension/src/runtime/errors';
import type { FetchDeps } from '../../../extension/src/runtime/modelFetch';
import type { WorkerReply, WorkerRequest } from '../../../extension/src/runtime/workerProtocol';
import { sampleManifest } from './sampleManifest';
import { syntheticSlice } from './tinyModel';

const wasm2 = { backend: 'wasm' as const, threads: 2, label: 'WASM, 2 threads', reason: 'WASM, 2 threads: no WebGPU adapter' };
const gpu = { backend: 'webgpu' as const, threads: 2, label: 'WebGPU', reason: 'WebGPU: hardware adapter' };
const probe = { webgpu: { api: true, adapter: null }, webnn: { api: false, contexts: [] }, crossOriginIsolated: true, hardwareConcurrency: 2 };

/** Scripted stand-in for inference.worker.ts that speaks the same protocol. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  received: WorkerRequest[] = [];
  transferred: number[] = [];
  terminated = false;
  constructor(private script: { initError?: { name: string; message: string }; gpuFailsOnRun?: boolean } = {}) {}
  private reply(msg: WorkerReply) {
    setTimeout(() => this.onmessage?.({ data: msg } as MessageEvent<WorkerReply>), 0);
  }
  postMessage(msg: WorkerRequest, transfer: Transferable[] = []) {
    this.received.push(msg);
    this.transferred.push(transfer.length);
    if (msg.type === 'init') {
      this.reply({ type: 'progress', id: msg.id, progress: { phase: 'download', loaded: 10, total: 20 } });
      if (this.script.initError) this.reply({ type: 'error', id: msg.id, error: this.script.initError });
      else {
        // Like the real worker: a GPU when allowed, and the fallback reason folded into the WASM choice.
        const choice = this.script.gpuFailsOnRun && msg.backend !== 'wasm' ? gpu : msg.fallbackReason ? { ...wasm2, reason: `WASM, 2 threads: ${msg.fallbackReason}` } : wasm2;
        this.reply({ type: 'ready', id: msg.id, ready: { choice, probe, fromCache: true, fetchMs: 5, sessionMs: 7, ortVersion: '1.31.1', warnings: msg.fallbackReason ? [choice.reason] : [] } });
      }
    } else if (msg.type === 'run') {
      if (this.script.gpuFailsOnRun && !this.received.some((m) => m.type === 'init' && m.backend === 'wasm')) {
        this.reply({ type: 'error', id: msg.id, error: { name: 'GpuRunError', message: 'WebGPU failed during inference (WebGPU device lost)' } });
        return;
      }
      const n = msg.dims[0];
      // Logit difference = batch position, so P(PIMA) is checkable per slice.
      const logits = new Float32Array(n * 2);
      for (let b = 0; b < n; b++) logits[2 * b + 1] = b;
      this.reply({
        type: 'result',
        id: msg.id,
        outputs: {
          logits: { data: logits, dims: [n, 2] },
          cam: { data: new Float32Array(n * 2 * 49).fill(1), dims: [n, 2, 7, 7] },
          attention: { data: new Float32Array(n * 49).fill(0.5), dims: [n, 1, 7, 7] },
        },
        inferenceMs: 3,
        choice: wasm2,
      });
    } else if (msg.type === 'dispose') this.reply({ type: 'disposed', id: msg.id });
    else if (msg.type === 'clearCache') this.reply({ type: 'cleared', id: msg.id, removed: ['x'] });
  }
  terminate() {
    this.terminated = true;
  }
}

const deps: FetchDeps = {
  fetch: async (url: string) =>
    url.endsWith('/m/manifest.json') ? new Response(JSON.stringify(sampleManifest())) : new Response('', { status: 404 }),
  caches: null,
  subtle: globalThis.crypto.subtle,
};

describe('browser engine (main thread side)', () => {
  it('starts the worker only on first use, forwards progress, reports the backend reason, and batches runs', async () => {
    const workers: FakeWorker[] = [];
    const engine = createEngineWithWorker({ manifestUrl: 'http://h/m/manifest.json', deps }, () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    });
    expect(workers).toHaveLength(0);
    const progress: number[] = [];
    const st = await engine.load((p) => progress.push(p.loaded));
    expect(workers).toHaveLength(1);
    expect(progress).toEqual([10]);
    expect(st).toMatchObject({ state: 'ready', fromCache: true, runtimeVersion: 'onnxruntime-web 1.31.1', backend: { name: 'wasm', reason: 'WASM, 2 threads: no WebGPU adapter' } });
    const init = workers[0].received[0] as Extract<WorkerRequest, { type: 'init' }>;
    expect(init.manifest.file.resolvedUrl).toBe('http://h/m/model.onnx');

    const r = await engine.run([syntheticSlice(0), syntheticSlice(1), syntheticSlice(2)], null, { batchSize: 2 });
    const runs = workers[0].received.filter((m) => m.type === 'run') as Extract<WorkerRequest, { type: 'run' }>[];
    expect(runs.map((m) => m.dims[0])).toEqual([2, 1]);
    expect(workers[0].transferred.slice(1)).toEqual([1, 1]);
    // Positions within each batch were 0,1 then 0: P = sigmoid(position).
    expect(r.slices.map((s) => s.probability)).toEqual([0.5, 1 / (1 + Math.exp(-1)), 0.5]);
    expect(r.slices.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(r.backend.reason).toBe('WASM, 2 threads: no WebGPU adapter');
    expect(engine.status().state).toBe('ready');
    await engine.dispose();
    expect(workers[0].terminated).toBe(true);
    expect(engine.status().state).toBe('disposed');
  });

  it('rebuilds worker errors with their class and sets the error state', async () => {
    const engine = createEngineWithWorker({ manifestUrl: 'http://h/m/manifest.json', deps }, () => new FakeWorker({ initError: { name: 'ModelIntegrityError', message: 'SHA-256 mismatch, expected a, got b' } }));
    const p = engine.load();
    await expect(p).rejects.toBeInstanceOf(ModelIntegrityError);
    expect(engine.status()).toMatchObject({ state: 'error', error: 'SHA-256 mismatch, expected a, got b' });
  });

  it('a manifest 404 is reported before any worker starts', async () => {
    let started = false;
    const engine = createEngineWithWorker({ manifestUrl: 'http://h/x/manifest.json', deps }, () => {
      started = true;
      return new FakeWorker();
    });
    await expect(engine.load()).rejects.toThrow('Model manifest not found (HTTP 404) at http://h/x/manifest.json');
    expect(started).toBe(false);
  });

  it('replaces a worker whose GPU failed mid-run with a WASM worker, re-runs the same batch, and says so', async () => {
    const workers: FakeWorker[] = [];
    const engine = createEngineWithWorker({ manifestUrl: 'http://h/m/manifest.json', deps }, () => {
      const w = new FakeWorker({ gpuFailsOnRun: true });
      workers.push(w);
      return w;
    });
    await engine.load();
    expect(engine.status().backend?.name).toBe('webgpu');
    const r = await engine.run([syntheticSlice(0), syntheticSlice(1)]);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    const init = workers[1].received[0] as Extract<WorkerRequest, { type: 'init' }>;
    expect(init).toMatchObject({ type: 'init', backend: 'wasm', fallbackReason: 'WebGPU failed during inference (WebGPU device lost); fell back and re-ran' });
    const failed = workers[0].received.find((m) => m.type === 'run') as Extract<WorkerRequest, { type: 'run' }>;
    const rerun = workers[1].received.find((m) => m.type === 'run') as Extract<WorkerRequest, { type: 'run' }>;
    expect(rerun.dims).toEqual(failed.dims);
    expect(rerun.data.length).toBe(failed.dims.reduce((a, b) => a * b, 1));
    expect(r.slices.map((s) => s.probability)).toEqual([0.5, 1 / (1 + Math.exp(-1))]);
    const reason = 'WASM, 2 threads: WebGPU failed during inference (WebGPU device lost); fell back and re-ran';
    expect(r.warnings).toContain(reason);
    expect(engine.status().backend).toMatchObject({ name: 'wasm', reason });
    await engine.dispose();
  });

  it('a GPU failure on WASM is not retried (nothing to fall back to)', async () => {
    const w = new FakeWorker();
    w.postMessage = function (msg: WorkerRequest) {
      if (msg.type === 'run') setTimeout(() => this.onmessage?.({ data: { type: 'error', id: msg.id, error: { name: 'GpuRunError', message: 'x' } } } as MessageEvent<WorkerReply>), 0);
      else FakeWorker.prototype.postMessage.call(this, msg);
    };
    let made = 0;
    const engine = createEngineWithWorker({ manifestUrl: 'http://h/m/manifest.json', deps }, () => (made++, w));
    await expect(engine.run([syntheticSlice(0)])).rejects.toBeInstanceOf(GpuRunError);
    expect(made).toBe(1);
    await engine.dispose();
  });
});

describe('conciseMessage', () => {
  it('puts a multi-line ORT error on one bounded line without the source path', () => {
    const ort =
      "failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: /mnt/azure/_work/1/s/onnxruntime/core/providers/webgpu/buffer_manager.cc:669 void Download() const map failed.\nFailed to execute 'mapAsync' on 'GPUBuffer'.\n";
    expect(conciseMessage(ort)).toBe("failed to call OrtRun(). ERROR_CODE: 1, void Download() const map failed. Failed to execute 'mapAsync' on 'GPUBuffer'.");
    const long = conciseMessage('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
