/**
 * Model status, the current analysis and the overlay settings: shared by the panel, the commands and
 * the heat-map tool, and kept outside React so they survive the panel being hidden.
 */
import type { InputCheck } from '../core/checks/inputChecks';
import type { ModelManifest } from '../core/manifest/types';
import type { Roi } from '../core/preprocess/types';
import type { InferenceResult, SliceResult } from '../core/result/types';
import type { ColormapName } from '../overlay/colormap';
import type { EngineStatus, LoadProgress, ProbeFacts } from '../runtime';
import { createStore } from './createStore';

export type MapKind = 'cam-positive' | 'cam-negative' | 'attention';

export interface OverlaySettings {
  visible: boolean;
  map: MapKind;
  opacity: number;
  /** Normalised evidence below this is transparent. */
  threshold: number;
  colormap: ColormapName;
  style: 'fill' | 'outline';
}

export interface Review {
  decision: 'accepted' | 'rejected' | null;
  comment: string;
  at: string | null;
}

export interface AnalysisRun {
  id: string;
  startedAt: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  displaySetInstanceUID: string;
  roi: Roi;
  roiAnnotationUID: string;
  roiImageId: string;
  /** Slice index (in the display set's image order) of each analysed slice. */
  sliceIndices: number[];
  imageIds: string[];
  sopInstanceUIDs: string[];
  result: InferenceResult;
  checks: InputCheck[];
  /** From pressing Run to the heat map drawn, ms. */
  clickToOverlayMs: number | null;
  review: Review;
}

export interface AnalysisState {
  manifest: ModelManifest | null;
  manifestError: string | null;
  engine: EngineStatus | null;
  /** What the inference worker found in this browser (GPU adapter, WebNN), for the diagnostics block. */
  probe: ProbeFacts | null;
  progress: LoadProgress | null;
  running: boolean;
  error: string | null;
  checks: InputCheck[];
  run: AnalysisRun | null;
  /** Per analysed imageId, the slice result the overlay draws. */
  overlays: Record<string, SliceResult>;
  overlay: OverlaySettings;
  autoRun: boolean;
  lastSaved: { kind: 'stow' | 'download' | 'json'; at: string; detail: string } | null;
}

export const DEFAULT_OVERLAY: OverlaySettings = {
  visible: true,
  map: 'cam-positive',
  opacity: 0.45,
  threshold: 0.3,
  colormap: 'inferno',
  style: 'fill',
};

export const analysisStore = createStore<AnalysisState>({
  manifest: null,
  manifestError: null,
  engine: null,
  probe: null,
  progress: null,
  running: false,
  error: null,
  checks: [],
  run: null,
  overlays: {},
  overlay: DEFAULT_OVERLAY,
  autoRun: false,
  lastSaved: null,
});
