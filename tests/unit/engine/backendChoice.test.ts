import { chooseBackend, executionProviders, type ProbeFacts } from '../../../extension/src/runtime/backendChoice';

const facts = (over: Partial<ProbeFacts> = {}): ProbeFacts => ({
  webgpu: { api: true, adapter: null },
  webnn: { api: false, contexts: [] },
  crossOriginIsolated: true,
  hardwareConcurrency: 2,
  ...over,
});
const swiftshader = { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader', description: '', features: ['subgroups'] };
const hardware = { isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ampere', description: 'RTX', features: ['shader-f16'] };

describe('chooseBackend', () => {
  it('uses threaded WASM when there is no adapter and the page is isolated', () => {
    expect(chooseBackend(facts())).toEqual({ backend: 'wasm', threads: 2, label: 'WASM, 2 threads', reason: 'WASM, 2 threads: no WebGPU adapter' });
  });

  it('refuses the software fallback adapter in auto mode and says why', () => {
    const c = chooseBackend(facts({ webgpu: { api: true, adapter: swiftshader } }));
    expect(c).toMatchObject({ backend: 'wasm', threads: 2 });
    expect((c as { reason: string }).reason).toMatch(/^WASM, 2 threads: WebGPU adapter is a software fallback/);
  });

  it('treats a SwiftShader adapter as software even if it is not flagged as fallback', () => {
    const c = chooseBackend(facts({ webgpu: { api: true, adapter: { ...swiftshader, isFallbackAdapter: false } } }));
    expect(c).toMatchObject({ backend: 'wasm' });
  });

  it('uses a hardware adapter, but not for an fp16 model without shader-f16', () => {
    expect(chooseBackend(facts({ webgpu: { api: true, adapter: hardware } }), { requiresShaderF16: true })).toMatchObject({ backend: 'webgpu', label: 'WebGPU' });
    const noF16 = { ...hardware, features: [] };
    const c = chooseBackend(facts({ webgpu: { api: true, adapter: noF16 } }), { requiresShaderF16: true });
    expect(c).toMatchObject({ backend: 'wasm' });
    expect((c as { reason: string }).reason).toMatch(/lacks shader-f16/);
    expect(chooseBackend(facts({ webgpu: { api: true, adapter: noF16 } }))).toMatchObject({ backend: 'webgpu' });
  });

  it('prefers WebNN over WASM when a context exists and there is no usable GPU', () => {
    const c = chooseBackend(facts({ webnn: { api: true, contexts: ['cpu', 'gpu'] } }));
    expect(c).toMatchObject({ backend: 'webnn', webnnDevice: 'gpu', label: 'WebNN (gpu)' });
    expect(executionProviders(c as never)).toEqual([{ name: 'webnn', deviceType: 'gpu' }]);
  });

  it('falls back to single-threaded WASM with a visible note when not cross-origin isolated', () => {
    const c = chooseBackend(facts({ crossOriginIsolated: false, webgpu: { api: false, adapter: null } }));
    expect(c).toMatchObject({ backend: 'wasm', threads: 1, reason: 'WASM, 1 thread: no WebGPU in this browser' });
    expect((c as { note?: string }).note).toMatch(/not cross-origin isolated/);
  });

  it('caps threads at maxThreads and hardwareConcurrency', () => {
    expect(chooseBackend(facts({ hardwareConcurrency: 16 }), { maxThreads: 4 })).toMatchObject({ threads: 4 });
    expect(chooseBackend(facts({ hardwareConcurrency: 16 }), { requested: 'wasm', maxThreads: 8 })).toMatchObject({ threads: 8, reason: 'WASM, 8 threads: forced by configuration' });
  });

  it('honours a forced WebGPU even on a software adapter (tests), with a slowness note', () => {
    const c = chooseBackend(facts({ webgpu: { api: true, adapter: swiftshader } }), { requested: 'webgpu' });
    expect(c).toMatchObject({ backend: 'webgpu', label: 'WebGPU (software adapter)' });
    expect((c as { note?: string }).note).toMatch(/software fallback adapter/);
  });

  it('reports an error when a forced backend cannot run', () => {
    expect(chooseBackend(facts(), { requested: 'webgpu' })).toEqual({ error: 'WebGPU was requested but no WebGPU adapter is available' });
    expect(chooseBackend(facts(), { requested: 'webnn' })).toEqual({ error: 'WebNN was requested but this browser has no WebNN (navigator.ml)' });
    expect(chooseBackend(facts({ webgpu: { api: true, adapter: swiftshader } }), { requested: 'webgpu', requiresShaderF16: true })).toHaveProperty('error', expect.stringMatching(/lacks shader-f16/));
  });
});
