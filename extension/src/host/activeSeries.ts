/**
 * What the active viewport shows, and a watcher that reports when that changes: a different
 * viewport becomes active, a viewport gets a new display set, or the user scrolls to another slice.
 */
import { getHostContext } from './hostContext';
import type { DisplaySet, Subscription } from './ohifTypes';

export interface ActiveSeries {
  viewportId: string;
  displaySetInstanceUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  modality: string;
  seriesDescription: string;
  seriesNumber: string;
  numImages: number;
  /** 0-based index of the slice shown, in the display set's image order; null when unknown. */
  sliceIndex: number | null;
  imageId: string | null;
}

interface SliceAwareViewport {
  element?: HTMLElement;
  getCurrentImageIdIndex?: () => number;
  getCurrentImageId?: () => string | undefined;
}

export function summariseDisplaySet(
  viewportId: string,
  ds: DisplaySet,
  sliceIndex: number | null,
  imageId: string | null
): ActiveSeries {
  const first = (ds.instances?.[0] ?? ds.instance ?? {}) as Record<string, unknown>;
  const numImages = ds.imageIds?.length ?? ds.numImageFrames ?? ds.instances?.length ?? 0;
  return {
    viewportId,
    displaySetInstanceUID: ds.displaySetInstanceUID,
    studyInstanceUID: ds.StudyInstanceUID,
    seriesInstanceUID: ds.SeriesInstanceUID,
    modality: String(ds.Modality ?? first.Modality ?? 'unknown'),
    seriesDescription: String(ds.SeriesDescription ?? first.SeriesDescription ?? ''),
    seriesNumber: String(ds.SeriesNumber ?? first.SeriesNumber ?? ''),
    numImages,
    sliceIndex,
    imageId,
  };
}

function viewportFor(viewportId: string): SliceAwareViewport | null {
  const { cornerstoneViewportService } = getHostContext().servicesManager.services;
  try {
    return (cornerstoneViewportService.getCornerstoneViewport(viewportId) as SliceAwareViewport) ?? null;
  } catch {
    return null;
  }
}

export function describeActiveSeries(): ActiveSeries | null {
  const { viewportGridService, displaySetService } = getHostContext().servicesManager.services;
  const viewportId = viewportGridService.getActiveViewportId();
  if (!viewportId) return null;
  const [uid] = viewportGridService.getDisplaySetsUIDsForViewport(viewportId) ?? [];
  const ds = uid ? displaySetService.getDisplaySetByUID(uid) : undefined;
  if (!ds) return null;
  const vp = viewportFor(viewportId);
  let sliceIndex: number | null = null;
  let imageId: string | null = null;
  try {
    sliceIndex = vp?.getCurrentImageIdIndex?.() ?? null;
    imageId = vp?.getCurrentImageId?.() ?? null;
  } catch {
    // A viewport that has not received its data yet throws here; the slice is simply unknown.
  }
  return summariseDisplaySet(viewportId, ds, sliceIndex, imageId);
}

/** Calls `onChange` with the active series now and whenever it (or its slice) changes; returns a stop function. */
export function watchActiveSeries(onChange: (series: ActiveSeries | null) => void): () => void {
  const { cornerstone, servicesManager } = getHostContext();
  const { viewportGridService, cornerstoneViewportService, displaySetService } = servicesManager.services;
  const sliceEvents = [cornerstone.Enums.Events.STACK_NEW_IMAGE, cornerstone.Enums.Events.VOLUME_NEW_IMAGE];
  let element: HTMLElement | null = null;
  const emit = () => onChange(describeActiveSeries());

  const rebindSliceListener = () => {
    const viewportId = viewportGridService.getActiveViewportId();
    const next = viewportId ? viewportFor(viewportId)?.element ?? null : null;
    if (next === element) return;
    sliceEvents.forEach(e => element?.removeEventListener(e, emit));
    element = next;
    sliceEvents.forEach(e => element?.addEventListener(e, emit));
  };
  const onStructureChange = () => {
    rebindSliceListener();
    emit();
  };

  const subscriptions: Subscription[] = [
    viewportGridService.subscribe(viewportGridService.EVENTS.ACTIVE_VIEWPORT_ID_CHANGED, onStructureChange),
    viewportGridService.subscribe(viewportGridService.EVENTS.GRID_STATE_CHANGED, onStructureChange),
    cornerstoneViewportService.subscribe(cornerstoneViewportService.EVENTS.VIEWPORT_DATA_CHANGED, onStructureChange),
    displaySetService.subscribe(displaySetService.EVENTS.DISPLAY_SETS_ADDED, onStructureChange),
  ].filter((s): s is Subscription => Boolean(s?.unsubscribe));

  onStructureChange();
  return () => {
    subscriptions.forEach(s => s.unsubscribe());
    sliceEvents.forEach(e => element?.removeEventListener(e, emit));
    element = null;
  };
}

/** The image ids of a display set, in its display order (empty when the host has no such set). */
export function imageIdsOf(displaySetInstanceUID: string): string[] {
  const { displaySetService } = getHostContext().servicesManager.services;
  return displaySetService.getDisplaySetByUID(displaySetInstanceUID)?.imageIds ?? [];
}
