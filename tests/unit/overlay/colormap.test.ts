import { colorAt, colorize, upsampleBilinear } from '../../../extension/src/overlay/colormap';

test('colour stops are hit exactly and interpolated between', () => {
  expect(colorAt('viridis', 0)).toEqual([68, 1, 84]);
  expect(colorAt('viridis', 1)).toEqual([253, 231, 37]);
  const mid = colorAt('jet', 0.25);
  expect(mid).toEqual([0, 128, 255]);
  expect(colorAt('inferno', -3)).toEqual(colorAt('inferno', 0));
  expect(colorAt('inferno', Number.NaN)).toEqual(colorAt('inferno', 0));
});

test('values below the threshold are transparent, values at or above are opaque', () => {
  const rgba = colorize([0.1, 0.5, 0.49, 1], 'inferno', 0.5);
  expect([rgba[3], rgba[7], rgba[11], rgba[15]]).toEqual([0, 255, 0, 255]);
  expect([...rgba.slice(0, 3)]).toEqual([0, 0, 0]);
  expect([...rgba.slice(12, 15)]).toEqual(colorAt('inferno', 1));
});

test('upsampling is cell-centre aligned: a 2×1 map becomes a left-to-right ramp that keeps its ends', () => {
  const out = upsampleBilinear([0, 1], 2, 1, 4, 1);
  expect([...out]).toEqual([0, 0.25, 0.75, 1]);
  const constant = upsampleBilinear(new Float32Array(49).fill(0.3), 7, 7, 56, 56);
  expect(Math.max(...constant) - Math.min(...constant)).toBeLessThan(1e-6);
  expect(() => upsampleBilinear([1, 2, 3], 2, 2, 4, 4)).toThrow(/expected 2×2/);
});

test('upsampling preserves where the peak is', () => {
  const map = new Float32Array(49);
  map[2 * 7 + 5] = 1; // row 2, column 5
  const out = upsampleBilinear(map, 7, 7, 70, 70);
  const peak = out.indexOf(Math.max(...out));
  const [py, px] = [Math.floor(peak / 70), peak % 70];
  expect(Math.abs(px - 55)).toBeLessThanOrEqual(1);
  expect(Math.abs(py - 25)).toBeLessThanOrEqual(1);
});
