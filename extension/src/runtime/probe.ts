import type { ProbeFacts } from './backendChoice';

/** Browser/worker probe: asks WebGPU for an adapter and WebNN for contexts; never throws. */
export async function probeBackends(): Promise<ProbeFacts> {
  const nav = (globalThis as any).navigator ?? {};
  const facts: ProbeFacts = {
    webgpu: { api: !!nav.gpu, adapter: null },
    webnn: { api: !!nav.ml, contexts: [] },
    crossOriginIsolated: !!(globalThis as any).crossOriginIsolated,
    hardwareConcurrency: Number(nav.hardwareConcurrency) || 1,
  };
  if (nav.gpu) {
    try {
      const adapter = await nav.gpu.requestAdapter();
      if (adapter) {
        const info = adapter.info ?? (typeof adapter.requestAdapterInfo === 'function' ? await adapter.requestAdapterInfo() : {});
        facts.webgpu.adapter = {
          // Chromium moved the flag from the adapter to adapter.info; accept either.
          isFallbackAdapter: !!(adapter.isFallbackAdapter ?? info?.isFallbackAdapter),
          vendor: String(info?.vendor ?? ''),
          architecture: String(info?.architecture ?? ''),
          description: String(info?.description ?? ''),
          features: Array.from(adapter.features ?? []).map(String),
        };
      } else {
        facts.webgpu.error = 'requestAdapter() returned null';
      }
    } catch (e) {
      facts.webgpu.error = String((e as Error)?.message ?? e);
    }
  }
  if (nav.ml && typeof nav.ml.createContext === 'function') {
    for (const deviceType of ['gpu', 'npu', 'cpu']) {
      try {
        const ctx = await nav.ml.createContext({ deviceType });
        if (ctx) facts.webnn.contexts.push(deviceType);
        ctx?.destroy?.();
      } catch (e) {
        facts.webnn.error = String((e as Error)?.message ?? e);
      }
    }
  }
  return facts;
}
