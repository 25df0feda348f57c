/**
 * Warm-up before the timed runs. In Chromium, V8 keeps compiling ORT's 28 MB WASM module to optimised
 * code in background threads for seconds after load, with plateaus on the way (measured on 2 cores:
 * 2.4 s, then 0.94, 1.05, 1.03 s, then 0.32, 0.25 s per slice), so neither one warm-up run nor "two runs
 * agree" keeps that tier-up out of the batch-1 median. It warms up for at least `minMs` of runs and then
 * until two consecutive runs agree within `tolerance`, at most `maxRuns` runs.
 */
export interface WarmUp {
  /** Inference ms of the first run after load: what a user's first click waits for. */
  firstRunMs: number;
  /** Untimed runs, the first included. */
  warmupRuns: number;
}

export interface WarmUpOptions {
  minMs?: number;
  tolerance?: number;
  maxRuns?: number;
}

export async function warmUp(runOnce: () => Promise<number>, { minMs = 6000, tolerance = 0.2, maxRuns = 12 }: WarmUpOptions = {}): Promise<WarmUp> {
  const firstRunMs = await runOnce();
  let spent = firstRunMs;
  let previous = firstRunMs;
  let runs = 1;
  while (runs < maxRuns) {
    const ms = await runOnce();
    runs++;
    spent += ms;
    if (spent >= minMs && Math.abs(ms - previous) <= tolerance * Math.min(ms, previous)) break;
    previous = ms;
  }
  return { firstRunMs, warmupRuns: runs };
}
