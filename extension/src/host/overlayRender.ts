/** Asks cornerstone to redraw annotations (and so our heat map) in every viewport that shows an image. */
import { getHostContext, hasHostContext } from './hostContext';

export async function requestOverlayRender(): Promise<void> {
  if (!hasHostContext()) return;
  const { cornerstone: cs, cornerstoneTools: cst } = getHostContext();
  const ids = (cs.getRenderingEngines() ?? []).flatMap(engine => engine.getViewports().map(vp => vp.id));
  if (!ids.length) return;
  cst.utilities.triggerAnnotationRenderForViewportIds(ids);
  // Resolve after the next frame, when the SVG layer has been redrawn.
  await new Promise<void>(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
