/**
 * The lesion box is a standard cornerstone RectangleROI, so it shows in OHIF's measurement panel with
 * HU statistics and travels with OHIF's own SR export. Here: find it, read it in image pixels, add one.
 */
import type { Roi } from '../core/preprocess/types';
import { getHostContext } from './hostContext';

export const RECTANGLE_ROI = 'RectangleROI';

export interface FoundRoi {
  annotationUID: string;
  imageId: string;
  roi: Roi;
}

interface RectAnnotation {
  annotationUID?: string;
  metadata?: { toolName?: string; referencedImageId?: string };
  data?: { handles?: { points?: number[][] }; label?: string };
  isVisible?: boolean;
}

function toImageRoi(imageId: string, points: number[][]): Roi {
  const { cornerstone: cs } = getHostContext();
  const xy = points.map(p => cs.utilities.worldToImageCoords(imageId, p as [number, number, number]) as unknown as number[]);
  const xs = xy.map(p => p[0]);
  const ys = xy.map(p => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * The RectangleROI to analyse among `imageIds`: the one on the displayed image if there is one,
 * else the most recently added on the series.
 */
export function findRectangleRoi(imageIds: string[], currentImageId: string | null): FoundRoi | null {
  const { cornerstoneTools } = getHostContext();
  const all = (cornerstoneTools.annotation.state.getAllAnnotations() as unknown as RectAnnotation[]).filter(
    a => a.metadata?.toolName === RECTANGLE_ROI && a.metadata.referencedImageId && a.data?.handles?.points?.length === 4
  );
  const inSeries = all.filter(a => imageIds.includes(a.metadata!.referencedImageId!));
  const chosen = inSeries.filter(a => a.metadata!.referencedImageId === currentImageId).pop() ?? inSeries.pop();
  if (!chosen) return null;
  const imageId = chosen.metadata!.referencedImageId!;
  return { annotationUID: chosen.annotationUID ?? '', imageId, roi: toImageRoi(imageId, chosen.data!.handles!.points!) };
}

/** Adds a RectangleROI on `imageId` in `viewportId` from image-pixel corners; returns its UID. */
export function addRectangleRoi(viewportId: string, imageId: string, roi: Roi, label?: string): string {
  const { cornerstone: cs, cornerstoneTools: cst } = getHostContext();
  const w = (x: number, y: number) => cs.utilities.imageToWorldCoords(imageId, [x, y]);
  const annotationUID = `pima-ipn-roi-${Date.now().toString(36)}`;
  const tool = cst.RectangleROITool as unknown as {
    hydrate(viewportId: string, points: unknown[], options: { annotationUID: string; referencedImageId: string }): unknown;
  };
  tool.hydrate(viewportId, [w(roi.x0, roi.y0), w(roi.x1, roi.y0), w(roi.x0, roi.y1), w(roi.x1, roi.y1)], {
    annotationUID,
    referencedImageId: imageId,
  });
  if (label) setRoiLabel(annotationUID, label);
  return annotationUID;
}

export function setRoiLabel(annotationUID: string, label: string): void {
  const { cornerstoneTools: cst } = getHostContext();
  const annotation = cst.annotation.state.getAnnotation(annotationUID) as unknown as RectAnnotation | undefined;
  if (!annotation?.data) return;
  annotation.data.label = label;
  cst.annotation.state.triggerAnnotationModified(annotation as never);
}

/** Calls `onChange` whenever an annotation is added, modified, completed or removed; returns a stop function. */
export function watchAnnotations(onChange: () => void): () => void {
  const { cornerstone: cs, cornerstoneTools: cst } = getHostContext();
  const E = cst.Enums.Events;
  const events = [E.ANNOTATION_ADDED, E.ANNOTATION_MODIFIED, E.ANNOTATION_COMPLETED, E.ANNOTATION_REMOVED].filter(Boolean) as string[];
  events.forEach(e => cs.eventTarget.addEventListener(e, onChange));
  return () => events.forEach(e => cs.eventTarget.removeEventListener(e, onChange));
}
