import type { AggregationMethod } from './types';

/** Series/patient-level probability from per-slice probabilities. */
export function aggregate(values: readonly number[], method: AggregationMethod = 'mean'): number {
  if (values.length === 0) throw new Error('aggregate: no slice probabilities');
  if (values.some((v) => !Number.isFinite(v))) throw new Error('aggregate: non-finite slice probability');
  switch (method) {
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'max':
      return Math.max(...values);
    case 'median': {
      const s = [...values].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
    default:
      throw new Error(`aggregate: unknown method ${String(method)}`);
  }
}
