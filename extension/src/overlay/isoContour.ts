/**
 * Iso-contour of a grid at a level, by marching squares (pure). Segments come back in unit-square
 * coordinates of the grid's extent (0..1 on both axes, cell centres at (i + 0.5) / n), so the caller
 * maps them onto the image rectangle the grid covers.
 */
export type Segment = [number, number, number, number];

export function isoContour(values: ArrayLike<number>, w: number, h: number, level: number): Segment[] {
  const segments: Segment[] = [];
  const at = (x: number, y: number) => values[y * w + x];
  const px = (x: number) => (x + 0.5) / w;
  const py = (y: number) => (y + 0.5) / h;
  const lerp = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let y = 0; y < h - 1; y++) {
    for (let x = 0; x < w - 1; x++) {
      const tl = at(x, y), tr = at(x + 1, y), br = at(x + 1, y + 1), bl = at(x, y + 1);
      const code = (tl >= level ? 8 : 0) | (tr >= level ? 4 : 0) | (br >= level ? 2 : 0) | (bl >= level ? 1 : 0);
      if (code === 0 || code === 15) continue;
      // Edge crossing points: top, right, bottom, left.
      const top: [number, number] = [px(x + lerp(tl, tr)), py(y)];
      const right: [number, number] = [px(x + 1), py(y + lerp(tr, br))];
      const bottom: [number, number] = [px(x + lerp(bl, br)), py(y + 1)];
      const left: [number, number] = [px(x), py(y + lerp(tl, bl))];
      const add = (a: [number, number], b: [number, number]) => segments.push([a[0], a[1], b[0], b[1]]);
      switch (code) {
        case 1: case 14: add(left, bottom); break;
        case 2: case 13: add(bottom, right); break;
        case 3: case 12: add(left, right); break;
        case 4: case 11: add(top, right); break;
        case 6: case 9: add(top, bottom); break;
        case 7: case 8: add(left, top); break;
        // Saddles: resolve by the cell's mean, the usual disambiguation.
        case 5: {
          const centre = (tl + tr + br + bl) / 4 >= level;
          if (centre) { add(left, top); add(bottom, right); } else { add(left, bottom); add(top, right); }
          break;
        }
        case 10: {
          const centre = (tl + tr + br + bl) / 4 >= level;
          if (centre) { add(left, bottom); add(top, right); } else { add(left, top); add(bottom, right); }
          break;
        }
      }
    }
  }
  return segments;
}

export function segmentsToPath(segments: Segment[], digits = 4): string {
  return segments.map(([a, b, c, d]) => `M${a.toFixed(digits)} ${b.toFixed(digits)}L${c.toFixed(digits)} ${d.toFixed(digits)}`).join('');
}
