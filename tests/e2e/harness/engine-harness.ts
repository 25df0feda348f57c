/**
 * Test page for the inference engine in a real browser: exposes window.engineHarness for the e2e test
 * (tests/e2e/engine.e2e.ts) to drive through page.evaluate.
 */
import {
  clearModelCache,
  createInferenceEngine,
  probeBackends,
  type BackendRequest,
  type BrowserInferenceEngine,
} from '../../../extension/src/runtime';
import type { CtSliceInput, Roi } from '../../../extension/src/core/preprocess/types';
import type { StageTimings } from '../../../extension/src/core/result/types';
import { benchInputs } from '../../../tools/bench/inputs';
import { warmUp } from '../../../tools/bench/warmUp';

export interface HarnessSlice {
  pixels: number[];
  rows: number;
  columns: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  id: string;
}

export interface HarnessRun {
  backend: BackendRequest;
  manifestUrl: string;
  slices: HarnessSlice[];
  rois: (Roi | null)[];
  batchSize?: number;
  repeat?: number;
}

async function run(req: HarnessRun) {
  const progress: number[] = [];
  const engine = createInferenceEngine({ manifestUrl: req.manifestUrl, backend: req.backend });
  try {
    const t0 = performance.now();
    const status = await engine.load((p) => progress.push(p.loaded));
    const loadMs = performance.now() - t0;
    const slices: CtSliceInput[] = req.slices.map((s) => ({ ...s, pixelData: Int16Array.from(s.pixels) }));
    // A frame counter on the page's own thread: it keeps ticking only if inference leaves the UI thread free.
    let frames = 0;
    let ticking = true;
    const tick = () => {
      frames++;
      if (ticking) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const results = [];
    for (let k = 0; k < (req.repeat ?? 1); k++) results.push(await engine.run(slices, req.rois, { batchSize: req.batchSize ?? 5 }));
    ticking = false;
    const r = results[results.length - 1];
    return {
      status,
      loadMs,
      progressEvents: progress.length,
      frames,
      probabilities: r.slices.map((s) => s.probability),
      attention: r.slices.map((s) => Array.from(s.attention?.raw.values ?? [])),
      cam: r.slices.map((s) => Array.from(s.cam?.raw[1].values ?? [])),
      imageRects: r.slices.map((s) => s.cam?.raw[1].imageRect),
      timings: results.map((x) => x.timings),
      aggregate: r.aggregate,
      warnings: r.warnings,
      /** Resources the page's own thread fetched: ORT's wasm must not be among them (it belongs to the worker). */
      mainThreadResources: performance.getEntriesByType('resource').map((e) => e.name),
    };
  } catch (e) {
    return { error: { name: (e as Error).name, message: (e as Error).message }, status: engine.status() };
  } finally {
    await engine.dispose();
  }
}

/** One engine kept across calls (device-loss test: the same worker and session must survive a lost GPU). */
let kept: BrowserInferenceEngine | null = null;

async function open(req: Pick<HarnessRun, 'backend' | 'manifestUrl'>) {
  await kept?.dispose();
  kept = createInferenceEngine({ manifestUrl: req.manifestUrl, backend: req.backend });
  return kept.load();
}

async function runOpen(req: Pick<HarnessRun, 'slices' | 'rois'>) {
  if (!kept) throw new Error('runOpen before open');
  const slices: CtSliceInput[] = req.slices.map((s) => ({ ...s, pixelData: Int16Array.from(s.pixels) }));
  try {
    const r = await kept.run(slices, req.rois);
    return { probabilities: r.slices.map((s) => s.probability), warnings: r.warnings, status: kept.status() };
  } catch (e) {
    return { error: { name: (e as Error).name, message: (e as Error).message }, status: kept.status() };
  }
}

/** Benchmark (tools/bench): cold load (cache cleared), cached load, then timed runs at each batch size. */
async function bench(req: { manifestUrl: string; backend: BackendRequest; iterations: number; batchSizes: number[] }) {
  try {
    await clearModelCache();
    let t0 = performance.now();
    const cold = createInferenceEngine({ manifestUrl: req.manifestUrl, backend: req.backend });
    const coldStatus = await cold.load();
    const loadColdMs = performance.now() - t0;
    await cold.dispose();
    t0 = performance.now();
    const engine = createInferenceEngine({ manifestUrl: req.manifestUrl, backend: req.backend });
    const status = await engine.load();
    const loadCachedMs = performance.now() - t0;
    const { slices, rois } = benchInputs(Math.max(...req.batchSizes));
    const { firstRunMs, warmupRuns } = await warmUp(async () => (await engine.run(slices.slice(0, 1), rois.slice(0, 1))).timings.inferenceMs);
    const runs: Record<string, StageTimings[]> = {};
    for (const b of req.batchSizes) {
      runs[String(b)] = [];
      for (let i = 0; i < req.iterations; i++)
        runs[String(b)].push((await engine.run(slices.slice(0, b), rois.slice(0, b), { batchSize: b })).timings);
    }
    await engine.dispose();
    return { status, coldStatus, loadColdMs, loadCachedMs, firstRunMs, warmupRuns, runs };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

declare global {
  interface Window {
    engineHarness: {
      run: typeof run;
      open: typeof open;
      runOpen: typeof runOpen;
      bench: typeof bench;
      probe: typeof probeBackends;
      clearModelCache: typeof clearModelCache;
      cacheKeys: () => Promise<string[]>;
    };
  }
}

window.engineHarness = { run, open, runOpen, bench, probe: probeBackends, clearModelCache, cacheKeys: () => caches.keys() };
document.body.dataset.ready = 'true';
