import { createHash } from 'node:crypto';
import { parseManifest } from '../../../extension/src/core/manifest';
import { ModelFetchError, ModelIntegrityError } from '../../../extension/src/runtime/errors';
import {
  clearModelCache,
  fetchManifest,
  fetchModelBytes,
  modelCacheName,
  type FetchDeps,
  type LoadProgress,
} from '../../../extension/src/runtime/modelFetch';
import { sampleManifest } from './sampleManifest';

/** In-memory Cache Storage with the subset of the API modelFetch uses. */
function fakeCaches() {
  const store = new Map<string, Map<string, Uint8Array>>();
  const caches = {
    async open(name: string) {
      if (!store.has(name)) store.set(name, new Map());
      const c = store.get(name)!;
      return {
        async match(url: string) {
          const b = c.get(url);
          return b ? new Response(b as unknown as BodyInit) : undefined;
        },
        async put(url: string, res: Response) {
          c.set(url, new Uint8Array(await res.arrayBuffer()));
        },
      };
    },
    async delete(name: string) {
      return store.delete(name);
    },
    async keys() {
      return [...store.keys()];
    },
  };
  return { caches: caches as unknown as CacheStorage, store };
}

const MODEL = new Uint8Array(Array.from({ length: 300_000 }, (_, k) => (k * 31) % 251));
const SHA = createHash('sha256').update(MODEL).digest('hex');

function setup(files: Record<string, Uint8Array | string>) {
  const calls: string[] = [];
  const { caches, store } = fakeCaches();
  const deps: FetchDeps = {
    async fetch(url: string) {
      calls.push(url);
      const body = files[url];
      if (body === undefined) return new Response('no', { status: 404, statusText: 'Not Found' });
      // Chunked stream so progress has several steps.
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      const stream = new ReadableStream<Uint8Array>({
        start(ctrl) {
          for (let o = 0; o < bytes.length; o += 65536) ctrl.enqueue(bytes.slice(o, o + 65536));
          ctrl.close();
        },
      });
      return new Response(stream, { headers: { 'content-length': String(bytes.length) } });
    },
    caches,
    subtle: globalThis.crypto.subtle,
  };
  return { deps, calls, store };
}

const manifest = (over: (m: Record<string, any>) => void = () => {}) => {
  const j = sampleManifest();
  j.file.sha256 = SHA;
  j.file.bytes = MODEL.length;
  over(j);
  return parseManifest(j, 'http://host/models/m/manifest.json');
};

describe('fetchModelBytes', () => {
  it('downloads with byte progress, verifies, caches, and serves the second load from the cache', async () => {
    const { deps, calls, store } = setup({ 'http://host/models/m/model.onnx': MODEL });
    const progress: LoadProgress[] = [];
    const first = await fetchModelBytes(manifest(), { deps, onProgress: (p) => progress.push(p) });
    expect(first.fromCache).toBe(false);
    expect(first.bytes).toEqual(MODEL);
    const dl = progress.filter((p) => p.phase === 'download');
    expect(dl.length).toBeGreaterThan(3);
    expect(dl.at(-1)).toEqual({ phase: 'download', loaded: MODEL.length, total: MODEL.length });
    expect([...store.keys()]).toEqual([modelCacheName(manifest())]);
    expect(modelCacheName(manifest())).toBe(`pima-ipn-model:unit-test-model@1.0.0#${SHA}`);

    const second = await fetchModelBytes(manifest(), { deps });
    expect(second.fromCache).toBe(true);
    expect(second.bytes).toEqual(MODEL);
    expect(calls).toEqual(['http://host/models/m/model.onnx']);
  });

  it('replaces an older cached version of the same model', async () => {
    const { deps, store } = setup({ 'http://host/models/m/model.onnx': MODEL });
    store.set(`pima-ipn-model:unit-test-model@0.9.0#${'b'.repeat(64)}`, new Map());
    store.set(`pima-ipn-model:other@1.0.0#${'c'.repeat(64)}`, new Map());
    await fetchModelBytes(manifest(), { deps });
    expect([...store.keys()].sort()).toEqual([`pima-ipn-model:other@1.0.0#${'c'.repeat(64)}`, modelCacheName(manifest())].sort());
  });

  it('refuses a tampered file naming both hashes, and does not cache it', async () => {
    const bad = MODEL.slice();
    bad[1234] ^= 1;
    const { deps, store } = setup({ 'http://host/models/m/model.onnx': bad });
    const p = fetchModelBytes(manifest(), { deps });
    await expect(p).rejects.toThrow(ModelIntegrityError);
    await expect(fetchModelBytes(manifest(), { deps })).rejects.toThrow(
      new RegExp(`SHA-256 mismatch, expected ${SHA}, got ${createHash('sha256').update(bad).digest('hex')}`),
    );
    expect([...store.values()].every((c) => c.size === 0)).toBe(true);
  });

  it('refuses a truncated file naming both sizes', async () => {
    const { deps } = setup({ 'http://host/models/m/model.onnx': MODEL.slice(0, 1000) });
    await expect(fetchModelBytes(manifest(), { deps })).rejects.toThrow(`expected ${MODEL.length} bytes, got 1000 (truncated download?)`);
  });

  it('discards a corrupted cache entry and downloads again', async () => {
    const { deps, calls, store } = setup({ 'http://host/models/m/model.onnx': MODEL });
    store.set(modelCacheName(manifest()), new Map([['http://host/models/m/model.onnx', MODEL.slice(0, 10)]]));
    const r = await fetchModelBytes(manifest(), { deps });
    expect(r.fromCache).toBe(false);
    expect(r.cacheNote).toMatch(/cached copy failed verification/);
    expect(calls.length).toBe(1);
    expect((await fetchModelBytes(manifest(), { deps })).fromCache).toBe(true);
  });

  it('gives a clear 404 error', async () => {
    const { deps } = setup({});
    const p = fetchModelBytes(manifest(), { deps });
    await expect(p).rejects.toThrow(ModelFetchError);
    await expect(fetchModelBytes(manifest(), { deps })).rejects.toThrow('Model file not found (HTTP 404) at http://host/models/m/model.onnx');
  });

  it('works without Cache Storage', async () => {
    const { deps } = setup({ 'http://host/models/m/model.onnx': MODEL });
    const r = await fetchModelBytes(manifest(), { deps: { ...deps, caches: null } });
    expect(r).toMatchObject({ fromCache: false, cacheNote: 'no Cache Storage' });
  });
});

describe('fetchManifest and clearModelCache', () => {
  it('parses the manifest and resolves the model URL against it; 404 is explicit', async () => {
    const { deps } = setup({ 'http://host/models/m/manifest.json': JSON.stringify(sampleManifest()) });
    const m = await fetchManifest('http://host/models/m/manifest.json', deps);
    expect(m.file.resolvedUrl).toBe('http://host/models/m/model.onnx');
    await expect(fetchManifest('http://host/models/x/manifest.json', deps)).rejects.toThrow('Model manifest not found (HTTP 404) at http://host/models/x/manifest.json');
  });

  it('removes only this project\'s caches, optionally for one model id', async () => {
    const { caches, store } = fakeCaches();
    for (const k of ['pima-ipn-model:a@1#x', 'pima-ipn-model:b@1#y', 'host-cache']) store.set(k, new Map());
    expect(await clearModelCache({ caches }, 'a')).toEqual(['pima-ipn-model:a@1#x']);
    expect(await clearModelCache({ caches })).toEqual(['pima-ipn-model:b@1#y']);
    expect([...store.keys()]).toEqual(['host-cache']);
  });
});
