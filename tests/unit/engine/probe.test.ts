import { probeBackends } from '../../../extension/src/runtime/probe';

/** Installs a fake navigator (and crossOriginIsolated) for one probe, then restores the globals. */
async function probeWith(nav: object, isolated = true) {
  const g = globalThis as Record<string, unknown>;
  const saved = { navigator: Object.getOwnPropertyDescriptor(g, 'navigator'), coi: g.crossOriginIsolated };
  Object.defineProperty(g, 'navigator', { value: nav, configurable: true, writable: true });
  g.crossOriginIsolated = isolated;
  try {
    return await probeBackends();
  } finally {
    if (saved.navigator) Object.defineProperty(g, 'navigator', saved.navigator);
    else delete g.navigator;
    g.crossOriginIsolated = saved.coi;
  }
}

describe('probeBackends', () => {
  it('reads the fallback flag from adapter.info (newer Chromium) and lists features', async () => {
    const adapter = { features: new Set(['subgroups']), info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } };
    const f = await probeWith({ gpu: { requestAdapter: async () => adapter }, hardwareConcurrency: 8 });
    expect(f).toEqual({
      webgpu: { api: true, adapter: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader', description: '', features: ['subgroups'] } },
      webnn: { api: false, contexts: [] },
      crossOriginIsolated: true,
      hardwareConcurrency: 8,
    });
  });

  it('records a null adapter, a throwing WebGPU and the WebNN device types that work', async () => {
    const none = await probeWith({ gpu: { requestAdapter: async () => null } }, false);
    expect(none.webgpu).toEqual({ api: true, adapter: null, error: 'requestAdapter() returned null' });
    expect(none.crossOriginIsolated).toBe(false);
    const ml = {
      createContext: async ({ deviceType }: { deviceType: string }) => {
        if (deviceType !== 'cpu') throw new Error(`no ${deviceType}`);
        return {};
      },
    };
    const f = await probeWith({ gpu: { requestAdapter: async () => { throw new Error('GPU process crashed'); } }, ml });
    expect(f.webgpu).toEqual({ api: true, adapter: null, error: 'GPU process crashed' });
    expect(f.webnn.contexts).toEqual(['cpu']);
    expect(f.webnn.error).toBe('no npu');
  });
});
