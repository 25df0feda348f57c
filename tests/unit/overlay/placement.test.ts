import { applyPlacement, placeRect } from '../../../extension/src/overlay/placement';

const rect = { x: 100, y: 50, width: 40, height: 40 };

test('with an identity view, the unit square maps onto the rectangle in image pixels', () => {
  const { matrix, bounds } = placeRect(rect, (x, y) => [x, y]);
  expect(applyPlacement(matrix, 0, 0)).toEqual([100, 50]);
  expect(applyPlacement(matrix, 1, 1)).toEqual([140, 90]);
  expect(bounds).toEqual({ minX: 100, minY: 50, maxX: 140, maxY: 90 });
});

test('zoom and pan scale and shift it', () => {
  const { matrix } = placeRect(rect, (x, y) => [2 * x - 30, 2 * y + 7]);
  expect(applyPlacement(matrix, 0.5, 0.5)).toEqual([210, 147]);
});

test('a rotated and flipped view keeps every map cell on the image pixel it was computed for', () => {
  // 90° rotation plus a horizontal flip: canvas = (y, x) scaled by 1.5, offset.
  const view = (x: number, y: number): [number, number] => [1.5 * y + 10, 1.5 * x - 20];
  const { matrix, bounds } = placeRect(rect, view);
  for (const [u, v] of [[0, 0], [1, 0], [0, 1], [0.25, 0.75]]) {
    const [cx, cy] = applyPlacement(matrix, u, v);
    const [ex, ey] = view(rect.x + u * rect.width, rect.y + v * rect.height);
    expect(cx).toBeCloseTo(ex, 9);
    expect(cy).toBeCloseTo(ey, 9);
  }
  expect(bounds.minX).toBeCloseTo(85, 9);
  expect(bounds.maxY).toBeCloseTo(190, 9);
});
