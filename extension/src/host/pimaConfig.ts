/**
 * This extension's deployment settings, read from the host's app config (`window.config.pimaIpn`):
 *
 *   pimaIpn: {
 *     modelManifestUrl: 'https://viewer.example/models/<id>/manifest.json', // required
 *     backend: 'auto',        // or force 'wasm' | 'webgpu' | 'webnn'
 *     aggregation: undefined, // 'mean' | 'max' | 'median'; default: the model card's
 *     ortBaseUrl: undefined,  // folder holding ORT's wasm pair; default: ort/ next to extension.js
 *   }
 */
import type { BackendRequest } from '../runtime';
import type { Aggregation } from '../core/manifest/types';
import { getHostContext } from './hostContext';

export interface PimaConfig {
  modelManifestUrl: string | null;
  backend: BackendRequest;
  aggregation: Aggregation | null;
  ortBaseUrl: string;
}

const BACKENDS = ['auto', 'wasm', 'webgpu', 'webnn'];
const AGGREGATIONS = ['mean', 'max', 'median'];

function ortBase(configured: string | null): string {
  if (!configured) return new URL('./ort/', import.meta.url).href;
  const url = new URL(configured, window.location.href).href;
  // ORT treats wasmPaths as a prefix: without the slash it would look for ".../ortort-wasm-...".
  return url.endsWith('/') ? url : `${url}/`;
}

export function readPimaConfig(): PimaConfig {
  const c = (getHostContext().appConfig.pimaIpn ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    modelManifestUrl: str(c.modelManifestUrl),
    backend: BACKENDS.includes(c.backend as string) ? (c.backend as BackendRequest) : 'auto',
    aggregation: AGGREGATIONS.includes(c.aggregation as string) ? (c.aggregation as Aggregation) : null,
    // The ORT wasm pair is copied next to extension.js (dist/pima-ipn/ort/); a Viewers build sets its own.
    ortBaseUrl: ortBase(str(c.ortBaseUrl)),
  };
}
