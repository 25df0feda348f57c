import type { ManifestInput } from '../manifest/types';
import { windowValue } from './window';

/**
 * Spec steps 4-6: window, channel layout and normalisation of one resampled HU plane, written as float32 CHW
 * into `out` at `offset` (so a batch is filled in place without copies).
 */
export function writeChannels(huPlane: Float64Array, input: ManifestInput, out: Float32Array, offset = 0): void {
  const n = input.size * input.size;
  for (let c = 0; c < 3; c++) {
    const w = input.channelMode === 'replicate' ? input.windows[0] : input.windows[c];
    const mean = input.mean[c];
    const std = input.std[c];
    const base = offset + c * n;
    for (let k = 0; k < n; k++) out[base + k] = (windowValue(huPlane[k], w) - mean) / std;
  }
}
