/** Facts a probe gathers about the browser (or worker); everything the backend decision depends on. */
export interface ProbeFacts {
  webgpu: {
    /** navigator.gpu exists. */
    api: boolean;
    adapter: null | {
      isFallbackAdapter: boolean;
      vendor: string;
      architecture: string;
      description: string;
      features: string[];
    };
    error?: string;
  };
  webnn: {
    /** navigator.ml exists. */
    api: boolean;
    /** createContext succeeded for these device types. */
    contexts: string[];
    error?: string;
  };
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export type BackendName = 'webgpu' | 'webnn' | 'wasm';
export type BackendRequest = 'auto' | BackendName;

export interface BackendChoice {
  backend: BackendName;
  /** WASM threads (1 when single-threaded; also used for CPU fallback ops of GPU EPs). */
  threads: number;
  /** Short label for the status line, e.g. "WASM, 2 threads". */
  label: string;
  /** Why this backend, for the user: e.g. "WASM, 2 threads: no WebGPU adapter". */
  reason: string;
  /** Shown prominently when the choice is slow or degraded. */
  note?: string;
  /** WebNN device type when backend is webnn. */
  webnnDevice?: string;
}

export interface ChoiceOptions {
  requested?: BackendRequest;
  requiresShaderF16?: boolean;
  /** Upper bound for WASM threads (default 4). */
  maxThreads?: number;
}

export function isSoftwareAdapter(a: NonNullable<ProbeFacts['webgpu']['adapter']>): boolean {
  return a.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.architecture} ${a.description} ${a.vendor}`);
}

function wasmChoice(facts: ProbeFacts, maxThreads: number, why: string): BackendChoice {
  const threads = facts.crossOriginIsolated ? Math.max(1, Math.min(maxThreads, facts.hardwareConcurrency || 1)) : 1;
  const label = `WASM, ${threads} thread${threads === 1 ? '' : 's'}`;
  const choice: BackendChoice = { backend: 'wasm', threads, label, reason: `${label}: ${why}` };
  if (!facts.crossOriginIsolated)
    choice.note = 'Single-threaded WASM: the page is not cross-origin isolated (serve it with COOP/COEP headers for multi-threaded inference); analysis will be slower.';
  return choice;
}

function describeAdapter(a: NonNullable<ProbeFacts['webgpu']['adapter']>): string {
  return [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unknown adapter';
}

/**
 * Pure decision from probe facts. Auto: a hardware WebGPU adapter (with shader-f16 when the model needs it),
 * else WebNN when a context can be created, else WASM (threaded when cross-origin isolated). A forced backend
 * is honoured when it can run at all, otherwise BackendUnavailable is signalled by the `error` field.
 */
export function chooseBackend(facts: ProbeFacts, opts: ChoiceOptions = {}): BackendChoice | { error: string } {
  const requested = opts.requested ?? 'auto';
  const maxThreads = opts.maxThreads ?? 4;
  const f16 = !!opts.requiresShaderF16;
  const adapter = facts.webgpu.adapter;
  const threadsForCpuOps = wasmChoice(facts, maxThreads, '').threads;

  if (requested === 'wasm') return wasmChoice(facts, maxThreads, 'forced by configuration');

  if (requested === 'webgpu') {
    if (!adapter) return { error: `WebGPU was requested but ${facts.webgpu.api ? 'no WebGPU adapter is available' : 'this browser has no WebGPU'}${facts.webgpu.error ? ` (${facts.webgpu.error})` : ''}` };
    if (f16 && !adapter.features.includes('shader-f16'))
      return { error: `WebGPU was requested but the adapter (${describeAdapter(adapter)}) lacks shader-f16, which this fp16 model needs` };
    const soft = isSoftwareAdapter(adapter);
    return {
      backend: 'webgpu',
      threads: threadsForCpuOps,
      label: soft ? 'WebGPU (software adapter)' : 'WebGPU',
      reason: `WebGPU: forced by configuration on ${describeAdapter(adapter)}`,
      ...(soft ? { note: 'WebGPU is running on a software fallback adapter: expect it to be far slower than WASM.' } : {}),
    };
  }

  if (requested === 'webnn') {
    if (!facts.webnn.contexts.length)
      return { error: `WebNN was requested but ${facts.webnn.api ? 'no WebNN context could be created' : 'this browser has no WebNN (navigator.ml)'}${facts.webnn.error ? ` (${facts.webnn.error})` : ''}` };
    const device = facts.webnn.contexts.includes('gpu') ? 'gpu' : facts.webnn.contexts.includes('npu') ? 'npu' : facts.webnn.contexts[0];
    return { backend: 'webnn', threads: threadsForCpuOps, label: `WebNN (${device})`, reason: `WebNN (${device}): forced by configuration`, webnnDevice: device };
  }

  // auto
  let whyNotGpu: string;
  if (!facts.webgpu.api) whyNotGpu = 'no WebGPU in this browser';
  else if (!adapter) whyNotGpu = 'no WebGPU adapter';
  else if (isSoftwareAdapter(adapter)) whyNotGpu = `WebGPU adapter is a software fallback (${describeAdapter(adapter)}), far slower than WASM`;
  else if (f16 && !adapter.features.includes('shader-f16')) whyNotGpu = 'WebGPU adapter lacks shader-f16 needed by this fp16 model';
  else
    return {
      backend: 'webgpu',
      threads: threadsForCpuOps,
      label: 'WebGPU',
      reason: `WebGPU: hardware adapter ${describeAdapter(adapter)}${f16 ? ' with shader-f16' : ''}`,
    };

  if (facts.webnn.contexts.length) {
    const device = facts.webnn.contexts.includes('gpu') ? 'gpu' : facts.webnn.contexts.includes('npu') ? 'npu' : facts.webnn.contexts[0];
    return { backend: 'webnn', threads: threadsForCpuOps, label: `WebNN (${device})`, reason: `WebNN (${device}): ${whyNotGpu}`, webnnDevice: device };
  }
  return wasmChoice(facts, maxThreads, `${whyNotGpu}${facts.webnn.api ? '; no WebNN context' : ''}`);
}

/** ORT session options for a choice. */
export function executionProviders(choice: BackendChoice): unknown[] {
  if (choice.backend === 'webgpu') return ['webgpu'];
  if (choice.backend === 'webnn') return [{ name: 'webnn', deviceType: choice.webnnDevice ?? 'cpu' }];
  return ['wasm'];
}
