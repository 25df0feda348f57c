import { parseManifest } from '../core/manifest/parseManifest';
import type { ModelManifest } from '../core/manifest/types';
import { ModelFetchError, ModelIntegrityError } from './errors';

/** Injected so the same code runs in a worker, on the main thread and in Node tests (fake fetch/caches). */
export interface FetchDeps {
  fetch: (url: string) => Promise<Response>;
  /** Cache Storage, or null where there is none (Node, insecure origins). */
  caches: CacheStorage | null;
  subtle: SubtleCrypto;
}

export interface LoadProgress {
  phase: 'download' | 'cache' | 'verify';
  loaded: number;
  total: number;
}

export interface FetchedModel {
  bytes: Uint8Array;
  fromCache: boolean;
  ms: number;
  /** Why the cache was not used, when it was not. */
  cacheNote?: string;
}

export const CACHE_PREFIX = 'pima-ipn-model:';

/** Versioned cache name: a new id, version or file hash never reads an old entry. */
export function modelCacheName(m: Pick<ModelManifest, 'id' | 'version' | 'file'>): string {
  return `${CACHE_PREFIX}${m.id}@${m.version}#${m.file.sha256}`;
}

export function defaultDeps(): FetchDeps {
  const g = globalThis as any;
  return {
    fetch: (url) => g.fetch(url),
    caches: g.caches && typeof g.caches.open === 'function' ? g.caches : null,
    subtle: g.crypto.subtle,
  };
}

export async function sha256Hex(bytes: Uint8Array, subtle: SubtleCrypto): Promise<string> {
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as unknown as BufferSource));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Size first (names a truncated file as such), then SHA-256; throws ModelIntegrityError with expected vs actual. */
export async function verifyModelBytes(bytes: Uint8Array, m: Pick<ModelManifest, 'file' | 'id'>, subtle: SubtleCrypto): Promise<void> {
  if (bytes.byteLength !== m.file.bytes)
    throw new ModelIntegrityError(
      `Model file ${m.file.resolvedUrl} refused: expected ${m.file.bytes} bytes, got ${bytes.byteLength}` +
        (bytes.byteLength < m.file.bytes ? ' (truncated download?)' : ''),
    );
  const actual = await sha256Hex(bytes, subtle);
  if (actual !== m.file.sha256)
    throw new ModelIntegrityError(
      `Model file ${m.file.resolvedUrl} refused: SHA-256 mismatch, expected ${m.file.sha256}, got ${actual} (file altered or wrong version)`,
    );
}

async function readWithProgress(res: Response, total: number, onProgress?: (p: LoadProgress) => void): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (!reader) {
    const b = new Uint8Array(await res.arrayBuffer());
    onProgress?.({ phase: 'download', loaded: b.byteLength, total });
    return b;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress?.({ phase: 'download', loaded: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress?.({ phase: 'download', loaded, total });
  }
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

async function fetchOk(deps: FetchDeps, url: string, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await deps.fetch(url);
  } catch (e) {
    throw new ModelFetchError(`Could not fetch ${what} at ${url}: ${(e as Error)?.message ?? e}`);
  }
  if (!res.ok)
    throw new ModelFetchError(
      res.status === 404 ? `${what} not found (HTTP 404) at ${url}` : `${what} could not be downloaded: HTTP ${res.status} ${res.statusText} at ${url}`,
      res.status,
    );
  return res;
}

/** Fetches and validates manifest.json; file.url is resolved against the manifest's own URL. */
export async function fetchManifest(manifestUrl: string, deps: FetchDeps = defaultDeps()): Promise<ModelManifest> {
  const res = await fetchOk(deps, manifestUrl, 'Model manifest');
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    throw new ModelFetchError(`Model manifest at ${manifestUrl} is not valid JSON: ${(e as Error).message}`);
  }
  return parseManifest(json, res.url || manifestUrl);
}

/**
 * Model bytes from Cache Storage when a verified copy exists, else from the network with byte progress;
 * always size+SHA-256 checked before they are returned. Older cached versions of the same model id are removed.
 */
export async function fetchModelBytes(
  manifest: ModelManifest,
  opts: { deps?: FetchDeps; onProgress?: (p: LoadProgress) => void; useCache?: boolean } = {},
): Promise<FetchedModel> {
  const deps = opts.deps ?? defaultDeps();
  const t0 = performance.now();
  const url = manifest.file.resolvedUrl;
  const name = modelCacheName(manifest);
  const useCache = opts.useCache !== false && !!deps.caches;
  let cacheNote: string | undefined = useCache ? undefined : 'no Cache Storage';

  if (useCache) {
    try {
      const cache = await deps.caches!.open(name);
      const hit = await cache.match(url);
      if (hit) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        opts.onProgress?.({ phase: 'cache', loaded: bytes.byteLength, total: manifest.file.bytes });
        try {
          opts.onProgress?.({ phase: 'verify', loaded: bytes.byteLength, total: manifest.file.bytes });
          await verifyModelBytes(bytes, manifest, deps.subtle);
          return { bytes, fromCache: true, ms: performance.now() - t0 };
        } catch (e) {
          cacheNote = `cached copy failed verification and was discarded: ${(e as Error).message}`;
          await deps.caches!.delete(name);
        }
      }
    } catch (e) {
      cacheNote = `Cache Storage unavailable: ${(e as Error).message}`;
    }
  }

  const res = await fetchOk(deps, url, 'Model file');
  const header = Number(res.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : manifest.file.bytes;
  const bytes = await readWithProgress(res, total, opts.onProgress);
  opts.onProgress?.({ phase: 'verify', loaded: bytes.byteLength, total: manifest.file.bytes });
  await verifyModelBytes(bytes, manifest, deps.subtle);

  if (useCache) {
    try {
      const cache = await deps.caches!.open(name);
      await cache.put(
        url,
        new Response(bytes as unknown as BodyInit, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) } }),
      );
      for (const key of await deps.caches!.keys())
        if (key.startsWith(`${CACHE_PREFIX}${manifest.id}@`) && key !== name) await deps.caches!.delete(key);
    } catch (e) {
      cacheNote = `could not store the model in Cache Storage: ${(e as Error).message}`;
    }
  }
  const out: FetchedModel = { bytes, fromCache: false, ms: performance.now() - t0 };
  if (cacheNote) out.cacheNote = cacheNote;
  return out;
}

/** Deletes cached model files (all models, or one id). Returns the cache names removed. */
export async function clearModelCache(deps: Pick<FetchDeps, 'caches'> = defaultDeps(), modelId?: string): Promise<string[]> {
  if (!deps.caches) return [];
  const prefix = modelId ? `${CACHE_PREFIX}${modelId}@` : CACHE_PREFIX;
  const removed: string[] = [];
  for (const key of await deps.caches.keys())
    if (key.startsWith(prefix) && (await deps.caches.delete(key))) removed.push(key);
  return removed;
}
