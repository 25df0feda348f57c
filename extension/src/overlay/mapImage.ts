/**
 * Turns a 0..1 display map into what the SVG layer draws: a colour-mapped PNG data URL (fill) or an
 * iso-contour path (outline), both in the unit square of the map's image rectangle. Memoised, since
 * cornerstone redraws annotations on every render (scroll, pan, zoom, window change).
 */
import { colorize, upsampleBilinear, type ColormapName } from './colormap';
import { isoContour, segmentsToPath } from './isoContour';
import type { DisplayMap } from '../core/result/types';

/** Upsampled resolution: smooth at any zoom yet cheap to encode. */
export const RENDER_SIZE = 128;

const cache = new Map<string, string>();
const CACHE_LIMIT = 64;

function remember(key: string, value: string): string {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

let ids = new WeakMap<DisplayMap, number>();
let nextId = 1;
function idOf(map: DisplayMap): number {
  let id = ids.get(map);
  if (!id) ids.set(map, (id = nextId++));
  return id;
}

export function fillImageUrl(map: DisplayMap, colormap: ColormapName, threshold: number): string {
  const key = `fill:${idOf(map)}:${colormap}:${threshold}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const values = upsampleBilinear(map.values, map.width, map.height, RENDER_SIZE, RENDER_SIZE);
  const rgba = colorize(values, colormap, threshold);
  const canvas = document.createElement('canvas');
  canvas.width = RENDER_SIZE;
  canvas.height = RENDER_SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  const image = ctx.createImageData(RENDER_SIZE, RENDER_SIZE);
  image.data.set(rgba);
  ctx.putImageData(image, 0, 0);
  return remember(key, canvas.toDataURL('image/png'));
}

export function outlinePath(map: DisplayMap, threshold: number): string {
  const key = `outline:${idOf(map)}:${threshold}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const n = 64;
  const values = upsampleBilinear(map.values, map.width, map.height, n, n);
  return remember(key, segmentsToPath(isoContour(values, n, n, threshold)));
}

export function clearMapImageCache(): void {
  cache.clear();
  ids = new WeakMap();
}
