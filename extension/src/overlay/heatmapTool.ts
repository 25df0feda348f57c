/**
 * A display-only cornerstone tool that draws the selected model map over the exact image pixels it
 * was computed for. It keeps no annotation state (so nothing leaks into OHIF's measurement panel):
 * each render looks up the displayed imageId in the analysis store. Drawn as SVG under the other
 * annotations, placed by an affine transform from the image rectangle to canvas coordinates, so it
 * follows scrolling, pan, zoom, rotation and flips; window changes do not touch it.
 *
 * Built by a factory because the base class is the host's cornerstone, known only at runtime.
 */
import { HEATMAP_TOOL_NAME } from '../id';
import type { Cornerstone, CornerstoneToolsLib } from '../host/hostContext';
import { analysisStore } from '../state/analysisStore';
import { fillImageUrl, outlinePath } from './mapImage';
import { selectMap } from './mapSelection';
import { placeRect } from './placement';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface SvgHelper {
  svgLayerElement: SVGElement;
  getSvgNode(key: string): SVGElement | undefined;
  appendNode(node: SVGElement, key: string): void;
  setNodeTouched(key: string): void;
}

interface RenderViewport {
  id: string;
  getCurrentImageId?: () => string | undefined;
  worldToCanvas(point: number[]): number[];
}

function node(svg: SvgHelper, key: string, tag: string, underOthers: boolean): SVGElement {
  let el = svg.getSvgNode(key);
  if (el && el.tagName.toLowerCase() !== tag) el = undefined;
  if (!el) {
    el = document.createElementNS(SVG_NS, tag) as SVGElement;
    svg.appendNode(el, key);
    // appendNode puts it last; the heat map belongs under ROIs and their text.
    if (underOthers) svg.svgLayerElement.insertBefore(el, svg.svgLayerElement.firstChild);
  } else {
    svg.setNodeTouched(key);
  }
  return el;
}

export function makeHeatmapTool(cs: Cornerstone, cst: CornerstoneToolsLib) {
  const Base = cst.AnnotationDisplayTool as unknown as new (props: unknown, defaults: unknown) => object;

  class PimaIpnHeatmapTool extends Base {
    static toolName = HEATMAP_TOOL_NAME;

    constructor(toolProps: unknown = {}, defaultToolProps: unknown = { configuration: {} }) {
      super(toolProps, defaultToolProps);
    }

    renderAnnotation = (enabledElement: { viewport: RenderViewport }, svgDrawingHelper: SvgHelper): boolean => {
      const { viewport } = enabledElement;
      const state = analysisStore.get();
      const imageId = viewport.getCurrentImageId?.();
      const slice = imageId ? state.overlays[imageId] : undefined;
      if (!imageId || !slice || !state.overlay.visible || !state.run) return false;
      const positive = state.manifest?.positiveClass ?? 'PIMA';
      const selected = selectMap(slice, state.overlay.map, positive);
      if (!selected) return false;

      const placement = placeRect(selected.map.imageRect, (x, y) =>
        viewport.worldToCanvas(cs.utilities.imageToWorldCoords(imageId, [x, y]) as unknown as number[])
      );
      const transform = `matrix(${placement.matrix.join(' ')})`;
      const base = `${HEATMAP_TOOL_NAME}::${viewport.id}`;
      const { overlay } = state;

      if (overlay.style === 'fill') {
        const img = node(svgDrawingHelper, `${base}::fill`, 'image', true);
        img.setAttribute('href', fillImageUrl(selected.map, overlay.colormap, overlay.threshold));
        img.setAttribute('width', '1');
        img.setAttribute('height', '1');
        img.setAttribute('preserveAspectRatio', 'none');
        img.setAttribute('transform', transform);
        img.setAttribute('opacity', String(overlay.opacity));
        img.setAttribute('style', 'image-rendering: auto; pointer-events: none');
        img.setAttribute('data-pima-heatmap', 'fill');
        img.setAttribute('data-image-id', imageId);
      } else {
        const path = node(svgDrawingHelper, `${base}::outline`, 'path', true);
        path.setAttribute('d', outlinePath(selected.map, overlay.threshold));
        path.setAttribute('transform', transform);
        path.setAttribute('fill', 'none');
        path.setAttribute('stroke', 'rgb(255, 170, 0)');
        path.setAttribute('stroke-width', '2');
        path.setAttribute('vector-effect', 'non-scaling-stroke');
        path.setAttribute('opacity', String(Math.max(overlay.opacity, 0.6)));
        path.setAttribute('style', 'pointer-events: none');
        path.setAttribute('data-pima-heatmap', 'outline');
        path.setAttribute('data-image-id', imageId);
      }

      const label = node(svgDrawingHelper, `${base}::label`, 'text', false);
      const model = state.run.result.model;
      label.textContent = `${selected.method} · ${model.id} v${model.version}`;
      label.setAttribute('x', String(placement.bounds.minX));
      label.setAttribute('y', String(Math.max(12, placement.bounds.minY - 6)));
      label.setAttribute('fill', 'rgb(255, 200, 80)');
      label.setAttribute('font-size', '12');
      label.setAttribute('style', 'paint-order: stroke; stroke: black; stroke-width: 3px; pointer-events: none');
      label.setAttribute('data-pima-heatmap', 'label');
      return true;
    };
  }
  return PimaIpnHeatmapTool;
}
