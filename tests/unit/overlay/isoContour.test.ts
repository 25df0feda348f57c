import { isoContour, segmentsToPath } from '../../../extension/src/overlay/isoContour';

test('a single high cell is enclosed by a closed diamond around its centre', () => {
  const w = 3, h = 3;
  const v = new Float32Array(9);
  v[4] = 1;
  const segs = isoContour(v, w, h, 0.5);
  expect(segs).toHaveLength(4);
  // Every end point lies halfway between the centre cell and a neighbour: distance 1/(2·3) from centre.
  for (const [a, b, c, d] of segs) {
    for (const [x, y] of [[a, b], [c, d]]) {
      expect(Math.abs(x - 0.5) + Math.abs(y - 0.5)).toBeCloseTo(1 / 6, 6);
    }
  }
});

test('no contour when the whole grid is above or below the level', () => {
  expect(isoContour(new Float32Array(16).fill(1), 4, 4, 0.5)).toEqual([]);
  expect(isoContour(new Float32Array(16), 4, 4, 0.5)).toEqual([]);
});

test('a vertical step edge gives one straight vertical line at the interpolated position', () => {
  const v = [0, 1, 0, 1]; // 2×2: left column 0, right column 1
  const segs = isoContour(v, 2, 2, 0.25);
  expect(segs).toHaveLength(1);
  const [x0, , x1] = segs[0];
  expect(x0).toBeCloseTo(0.25 + 0.25 * 0.5, 6);
  expect(x1).toBeCloseTo(x0, 6);
  expect(segmentsToPath(segs)).toMatch(/^M0\.3750 /);
});
