import type { StageTimings } from '../../extension/src/core/result/types';

export function median(v: number[]): number {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One backend's measurements, the same shape whether taken in Node or in Chromium. */
export interface BackendMeasurement {
  backend: string;
  label: string;
  threads: number;
  loadColdMs: number;
  loadCachedMs: number;
  cachedFrom: string;
  /** Inference ms of the untimed warm-up run (batch 1, right after load): what a first click waits for. */
  firstRunMs?: number;
  /** Untimed runs until two consecutive ones agreed within 20 % (tools/bench/warmUp.ts). */
  warmupRuns?: number;
  /** batch size → per-run stage timings. */
  runs: Record<string, StageTimings[]>;
  peakRssMb: number;
  note?: string;
  error?: string;
}

export interface Summary {
  perSliceB1: number;
  perSliceB5: number;
  prePerSlice: number;
  postPerSlice: number;
  prePostPerSlice: number;
}

export function summarise(m: BackendMeasurement): Summary {
  const per = (b: string, f: (t: StageTimings) => number) => median((m.runs[b] ?? []).map(f)) / Number(b);
  return {
    perSliceB1: per('1', (t) => t.inferenceMs),
    perSliceB5: per('5', (t) => t.inferenceMs),
    prePerSlice: per('1', (t) => t.preprocessMs),
    postPerSlice: per('1', (t) => t.postprocessMs),
    prePostPerSlice: per('1', (t) => t.preprocessMs + t.postprocessMs),
  };
}
