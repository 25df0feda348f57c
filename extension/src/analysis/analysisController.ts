/**
 * The run workflow: find the user's ROI on the active CT series, check the input against the model
 * card, read the ROI slice ± N neighbours through cornerstone, run the engine (in its worker), and
 * publish the result for the panel and the heat-map overlay. Failures become panel messages.
 */
import { checkInput, hasBlockingError } from '../core/checks/inputChecks';
import type { ModelManifest } from '../core/manifest/types';
import { describeActiveSeries, imageIdsOf } from '../host/activeSeries';
import { loadCtSlice, sliceFacts, sopInstanceUidOf, transferSyntaxOf } from '../host/ctSlices';
import { readPimaConfig } from '../host/pimaConfig';
import { findRectangleRoi } from '../host/rectangleRoi';
import { requestOverlayRender } from '../host/overlayRender';
import { clearModelCache, createInferenceEngine, type BackendRequest, type BrowserInferenceEngine } from '../runtime';
import { fetchManifest } from '../runtime/modelFetch';
import { analysisStore } from '../state/analysisStore';

export const NO_ROI_MESSAGE =
  'Draw a rectangle (Rectangle ROI tool) around the lesion on the CT slice, then press Run.';

let engine: BrowserInferenceEngine | null = null;
let engineManifestUrl: string | null = null;
let engineBackend: BackendRequest = 'auto';
let runCounter = 0;

export function modelManifestUrl(): string | null {
  return readPimaConfig().modelManifestUrl;
}

function getEngine(): BrowserInferenceEngine {
  const url = modelManifestUrl();
  if (!url) throw new Error('No model is configured: set window.config.pimaIpn.modelManifestUrl to a model manifest.json.');
  const { backend, ortBaseUrl } = readPimaConfig();
  if (engine && engineManifestUrl === url && engineBackend === backend) return engine;
  void engine?.dispose();
  engine = createInferenceEngine({ manifestUrl: url, ortBaseUrl, backend });
  engineManifestUrl = url;
  engineBackend = backend;
  engine.onStatus(status =>
    analysisStore.set({ engine: status, probe: engine?.probe() ?? null, manifest: engine?.manifest() ?? analysisStore.get().manifest })
  );
  return engine;
}

/** Loads (or re-reads from cache) the model; progress and status go to the store. */
export async function loadModel(): Promise<void> {
  try {
    const e = getEngine();
    analysisStore.set({ error: null, progress: null });
    const status = await e.load(progress => analysisStore.set({ progress }));
    analysisStore.set({ engine: status, manifest: e.manifest(), manifestError: null });
  } catch (error) {
    analysisStore.set({ error: `Model could not be loaded: ${(error as Error).message}`, manifestError: (error as Error).message });
  }
}

export async function clearCachedModel(): Promise<string[]> {
  const removed = engine ? await engine.clearModelCache(true) : await clearModelCache();
  await engine?.dispose();
  engine = null;
  engineManifestUrl = null;
  analysisStore.set({ engine: null, progress: null });
  return removed;
}

function sliceIndicesAround(center: number, neighbours: number, count: number): number[] {
  const out: number[] = [];
  for (let k = center - neighbours; k <= center + neighbours; k++) if (k >= 0 && k < count) out.push(k);
  return out;
}

export interface RunOutcome {
  ok: boolean;
  message: string;
}

export interface RunRequest {
  /** 'roi' (default): centre on the slice the ROI was drawn on; 'current': on the displayed slice, same box. */
  center?: 'roi' | 'current';
}

/** Runs the model on the active series' ROI slice ± N neighbours. */
export async function runAnalysis(request: RunRequest = {}): Promise<RunOutcome> {
  if (analysisStore.get().running) {
    return { ok: false, message: 'A run is already in progress; it will finish first.' };
  }
  const token = ++runCounter;
  const t0 = performance.now();
  analysisStore.set({ running: true, error: null });
  try {
    const series = describeActiveSeries();
    if (!series) throw new UserFacingError('No series is shown in the active viewport.');
    const imageIds = imageIdsOf(series.displaySetInstanceUID);
    if (series.modality !== 'CT') {
      throw new UserFacingError(`The active series is ${series.modality}, not CT: this model only reads CT. Nothing was run.`);
    }
    if (!imageIds.length) throw new UserFacingError('The active series has no images this viewer can read.');
    const found = findRectangleRoi(imageIds, series.imageId);
    if (!found) {
      analysisStore.set({ checks: [] });
      throw new UserFacingError(NO_ROI_MESSAGE);
    }
    const e = getEngine();
    if (e.status().state !== 'ready') await loadModel();
    const manifest = e.manifest();
    if (!manifest) throw new UserFacingError(analysisStore.get().error ?? 'The model is not loaded.');

    const checks = checkInput(manifest.inputChecks, sliceFacts(found.imageId), found.roi);
    analysisStore.set({ checks });
    if (hasBlockingError(checks)) throw new UserFacingError(checks.filter(c => c.level === 'error').map(c => c.message).join(' '));

    const centerImageId = request.center === 'current' && series.imageId && imageIds.includes(series.imageId) ? series.imageId : found.imageId;
    const roiIndex = imageIds.indexOf(centerImageId);
    const wanted = 2 * (manifest.input.neighbours ?? 0) + 1;
    const indices = sliceIndicesAround(roiIndex, manifest.input.neighbours ?? 0, imageIds.length);
    if (indices.length < wanted) {
      // At the ends of a series (or in a 1-slice series) the aggregate rests on fewer slices than the model card assumes.
      checks.push({ level: 'warning', code: 'neighbours', message: `Only ${indices.length} of ${wanted} slices are available around this slice; the result uses those.` });
      analysisStore.set({ checks: [...checks] });
    }
    const runImageIds = indices.map(k => imageIds[k]);
    const slices = await Promise.all(runImageIds.map(loadSliceOrExplain));
    const result = await e.run(slices, slices.map(() => found.roi), { aggregation: readPimaConfig().aggregation ?? manifest.aggregation });
    if (token !== runCounter) return { ok: false, message: 'superseded' };

    const overlays: Record<string, (typeof result.slices)[number]> = {};
    result.slices.forEach((s, i) => (overlays[runImageIds[i]] = s));
    analysisStore.set({
      overlays,
      run: {
        id: `run-${Date.now().toString(36)}`,
        startedAt: new Date().toISOString(),
        studyInstanceUID: series.studyInstanceUID,
        seriesInstanceUID: series.seriesInstanceUID,
        displaySetInstanceUID: series.displaySetInstanceUID,
        roi: found.roi,
        roiAnnotationUID: found.annotationUID,
        roiImageId: found.imageId,
        sliceIndices: indices,
        imageIds: runImageIds,
        sopInstanceUIDs: runImageIds.map(sopInstanceUidOf),
        result,
        checks,
        clickToOverlayMs: null,
        review: { decision: null, comment: '', at: null },
      },
    });
    analysisStore.set(s => ({ overlay: { ...s.overlay, visible: true } }));
    await requestOverlayRender();
    const elapsed = Math.round(performance.now() - t0);
    analysisStore.set(s => (s.run ? { run: { ...s.run, clickToOverlayMs: elapsed } } : {}));
    return { ok: true, message: `P(${manifest.positiveClass}) = ${result.aggregate.probability.toFixed(3)}` };
  } catch (error) {
    const message = error instanceof UserFacingError ? error.message : `The run failed: ${(error as Error).message}`;
    analysisStore.set({ error: message });
    return { ok: false, message };
  } finally {
    if (token === runCounter) analysisStore.set({ running: false });
  }
}

/** Loads a slice's pixels; a decoder failure becomes a message naming the image and its transfer syntax. */
async function loadSliceOrExplain(imageId: string): Promise<Awaited<ReturnType<typeof loadCtSlice>>> {
  try {
    return await loadCtSlice(imageId);
  } catch (error) {
    const syntax = transferSyntaxOf(imageId);
    // Cornerstone rejects with an event-like object rather than an Error for some decoder failures.
    const e = error as { message?: string; error?: { message?: string } } | undefined;
    const reason = e?.message ?? e?.error?.message ?? String(error);
    throw new UserFacingError(
      `Image ${imageId.split('/').pop()} could not be decoded${syntax ? ` (transfer syntax ${syntax})` : ''}, so nothing was run: ${reason}`
    );
  }
}

/** Resolves when no run is in progress (at once when idle). */
export function whenIdle(): Promise<void> {
  return new Promise(resolve => {
    if (!analysisStore.get().running) return resolve();
    const stop = analysisStore.subscribe(() => {
      if (analysisStore.get().running) return;
      stop();
      resolve();
    });
  });
}

export function clearAnalysis(): void {
  analysisStore.set({ run: null, overlays: {}, error: null, checks: [] });
  void requestOverlayRender();
}

export class UserFacingError extends Error {}

export type { ModelManifest };

/** Reads the model card only (no model download), for the panel's summary. */
export async function loadManifestSummary(): Promise<void> {
  const url = modelManifestUrl();
  if (!url) {
    analysisStore.set({ manifestError: 'No model is configured (window.config.pimaIpn.modelManifestUrl).' });
    return;
  }
  try {
    const manifest = await fetchManifest(url);
    analysisStore.set({ manifest, manifestError: null });
  } catch (error) {
    analysisStore.set({ manifestError: (error as Error).message });
  }
}

export function cardUrl(): string | null {
  const url = modelManifestUrl();
  const card = analysisStore.get().manifest?.card;
  return url && card ? new URL(card, new URL(url, window.location.href)).href : null;
}
