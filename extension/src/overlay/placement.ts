/**
 * Where a map's unit square lands on the canvas: the affine matrix that sends (0,0), (1,0), (0,1) of
 * the map to the canvas positions of its image rectangle's corners. Pure: the caller supplies the
 * image → canvas mapping (cornerstone's imageToWorldCoords then viewport.worldToCanvas), so pan,
 * zoom, rotation and flips are whatever that mapping says.
 */
import type { Rect } from '../core/result/types';

export type Point = [number, number];

export interface Placement {
  /** SVG `matrix(a b c d e f)` argument list. */
  matrix: [number, number, number, number, number, number];
  /** Axis-aligned canvas bounds of the placed rectangle. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

export function placeRect(rect: Rect, imageToCanvas: (x: number, y: number) => ArrayLike<number>): Placement {
  const p = (x: number, y: number): Point => {
    const c = imageToCanvas(x, y);
    return [c[0], c[1]];
  };
  const tl = p(rect.x, rect.y);
  const tr = p(rect.x + rect.width, rect.y);
  const bl = p(rect.x, rect.y + rect.height);
  const br: Point = [tr[0] + bl[0] - tl[0], tr[1] + bl[1] - tl[1]];
  const xs = [tl[0], tr[0], bl[0], br[0]];
  const ys = [tl[1], tr[1], bl[1], br[1]];
  return {
    matrix: [tr[0] - tl[0], tr[1] - tl[1], bl[0] - tl[0], bl[1] - tl[1], tl[0], tl[1]],
    bounds: { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) },
  };
}

/** Applies a placement to a point of the unit square (what the SVG renderer will do). */
export function applyPlacement(m: Placement['matrix'], u: number, v: number): Point {
  return [m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]];
}
