import type { ManifestInput } from '../../../extension/src/core/manifest';
import {
  bilinearCrop,
  cropBox,
  ImageInputError,
  preprocessBatch,
  preprocessSlice,
  toHU,
  windowValue,
} from '../../../extension/src/core/preprocess';

const input = (over: Partial<ManifestInput> = {}): ManifestInput => ({
  name: 'input',
  size: 2,
  channelMode: 'replicate',
  windows: [{ center: -600, width: 1500 }],
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  crop: { scale: 1.5, minSizePx: 64, padHU: -1000 },
  neighbours: 1,
  preprocessVersion: 1,
  ...over,
});

const ct = (values: number[], rows: number, columns: number, over: object = {}) => ({
  pixelData: Int16Array.from(values),
  rows,
  columns,
  rescaleSlope: 1,
  rescaleIntercept: -1024,
  ...over,
});

describe('modality LUT', () => {
  it('applies slope and intercept in float64', () => {
    expect(Array.from(toHU(ct([0, 1024, 2048, 3], 2, 2, { rescaleSlope: 0.5 })))).toEqual([-1024, -512, 0, -1022.5]);
  });
  it('passes cornerstone pre-scaled HU through unchanged', () => {
    const hu = Float32Array.from([-1000, 40.5]);
    expect(Array.from(toHU({ pixelData: hu, rows: 1, columns: 2, preScaled: true, rescaleSlope: 2, rescaleIntercept: 7 }))).toEqual([-1000, 40.5]);
  });
  it('refuses missing rescale unless the caller accepts identity, then warns', () => {
    const s = { pixelData: Int16Array.from([5]), rows: 1, columns: 1 };
    expect(() => toHU(s)).toThrow(/Missing RescaleSlope\/RescaleIntercept/);
    const warnings: string[] = [];
    expect(Array.from(toHU({ ...s, assumeIdentityRescale: true }, warnings))).toEqual([5]);
    expect(warnings).toEqual([expect.stringMatching(/assumed 1\/0/)]);
  });
  it.each([
    ['RGB', { samplesPerPixel: 3, photometricInterpretation: 'RGB', pixelData: new Int16Array(12) }, /Unsupported image type: RGB with 3 samples/],
    ['8-bit pixels', { pixelData: new Uint8Array(4) }, /stored CT values must be 16-bit/],
    ['BitsAllocated 32', { bitsAllocated: 32 }, /BitsAllocated 32; CT must be 16-bit/],
    ['no pixel data', { pixelData: undefined }, /Missing pixel data/],
    ['wrong length', { pixelData: new Int16Array(3) }, /length 3 does not match 2x2/],
    ['MR', { modality: 'MR' }, /Unsupported modality MR/],
  ])('refuses %s with an ImageInputError', (_name, over, msg) => {
    const slice = { ...ct([0, 0, 0, 0], 2, 2), ...over };
    expect(() => preprocessSlice(slice, null, input())).toThrow(ImageInputError);
    expect(() => preprocessSlice(slice, null, input())).toThrow(msg);
  });
});

describe('crop box', () => {
  const crop = input().crop;
  it('uses minSizePx for a small ROI, centred on the ROI', () => {
    expect(cropBox({ x0: 10, y0: 20, x1: 30, y1: 60 }, 512, 512, crop)).toEqual({ x: -12, y: 8, width: 64, height: 64 });
  });
  it('scales the longer ROI side by crop.scale', () => {
    expect(cropBox({ x0: 0, y0: 0, x1: 100, y1: 50 }, 512, 512, crop)).toEqual({ x: -25, y: -50, width: 150, height: 150 });
  });
  it('covers the whole image, centred, without an ROI', () => {
    expect(cropBox(null, 4, 6, crop)).toEqual({ x: 0, y: -1, width: 6, height: 6 });
  });
  it('refuses an empty ROI', () => {
    expect(() => cropBox({ x0: 5, y0: 5, x1: 5, y1: 9 }, 10, 10, crop)).toThrow(/need x1 > x0/);
  });
});

describe('bilinear crop', () => {
  const hu = [0, 100, 200, 300];
  it('samples pixel centres exactly when the crop equals the image at the same size', () => {
    expect(Array.from(bilinearCrop(hu, 2, 2, { x: 0, y: 0, width: 2, height: 2 }, 2, -1000))).toEqual(hu);
  });
  it('averages the four pixels when shrinking 2x2 to 1x1', () => {
    expect(Array.from(bilinearCrop(hu, 2, 2, { x: 0, y: 0, width: 2, height: 2 }, 1, -1000))).toEqual([150]);
  });
  it('blends in padHU for neighbours outside the image', () => {
    // sx = (u + 0.5) / 2 - 0.5 = -0.25 | 0.25, so each output sees the pixel with weight 0.75^2 and pad elsewhere.
    const out = bilinearCrop([1000], 1, 1, { x: 0, y: 0, width: 1, height: 1 }, 2, -1000);
    expect(Array.from(out)).toEqual([125, 125, 125, 125]);
  });
  it('interpolates along x with the documented weights', () => {
    // Row [0, 100], crop 2x2 -> 4x4: sx = -0.25, 0.25, 0.75, 1.25. Output row 1 has sy = 0.25, so the image
    // row weighs 0.75 and the padded row below (pad 0) 0.25.
    const out = bilinearCrop([0, 100], 1, 2, { x: 0, y: 0, width: 2, height: 2 }, 4, 0);
    expect(out[4 * 1 + 0]).toBeCloseTo(0.75 * (0.25 * 0 + 0.75 * 0), 12);
    expect(out[4 * 1 + 2]).toBeCloseTo(0.75 * (0.25 * 0 + 0.75 * 100), 12);
    expect(out[4 * 1 + 1]).toBeCloseTo(0.75 * (0.75 * 0 + 0.25 * 100), 12);
  });
});

describe('window, channels and normalisation', () => {
  it('clamps to [0, 1]', () => {
    expect(windowValue(-2000, { center: -600, width: 1500 })).toBe(0);
    expect(windowValue(500, { center: -600, width: 1500 })).toBe(1);
    expect(windowValue(-600, { center: -600, width: 1500 })).toBeCloseTo(0.5, 15);
  });

  it('computes the full pipeline on a hand-worked 1x1 case with padding', () => {
    // stored 2024 - 1024 = 1000 HU; padded sampling gives 125 HU; window -> (125 + 1350) / 1500.
    const r = preprocessSlice(ct([2024], 1, 1), null, input());
    const v = (125 + 1350) / 1500;
    expect(r.crop).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    expect(r.data.length).toBe(12);
    for (let c = 0; c < 3; c++)
      for (let k = 0; k < 4; k++) expect(r.data[c * 4 + k]).toBeCloseTo(Math.fround((v - input().mean[c]) / input().std[c]), 6);
  });

  it('uses one window per channel in "windows" mode', () => {
    const inp = input({
      channelMode: 'windows',
      windows: [
        { center: 0, width: 100 },
        { center: 1000, width: 100 },
        { center: -1000, width: 100 },
      ],
      mean: [0, 0, 0],
      std: [1, 1, 1],
      size: 1,
    });
    const r = preprocessSlice({ pixelData: Float32Array.from([10]), rows: 1, columns: 1, preScaled: true }, null, inp);
    // With size 1 on a 1x1 crop, the sample is the pixel itself.
    expect(Array.from(r.data)).toEqual([Math.fround(0.6), 0, 1]);
  });

  it('gives the same tensor for stored+rescale and for cornerstone pre-scaled HU', () => {
    const stored = Array.from({ length: 64 }, (_, k) => (k * 37) % 1500);
    const a = preprocessSlice(ct(stored, 8, 8, { rescaleSlope: 1, rescaleIntercept: -1024 }), { x0: 2, y0: 2, x1: 5, y1: 6 }, input({ size: 16, crop: { scale: 1.5, minSizePx: 4, padHU: -1000 } }));
    const b = preprocessSlice(
      { pixelData: Float32Array.from(stored, (s) => s - 1024), rows: 8, columns: 8, preScaled: true },
      { x0: 2, y0: 2, x1: 5, y1: 6 },
      input({ size: 16, crop: { scale: 1.5, minSizePx: 4, padHU: -1000 } }),
    );
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.crop).toEqual({ x: 0.5, y: 1, width: 6, height: 6 });
  });

  it('batches slices NCHW, each with its own crop', () => {
    const s1 = ct([2024], 1, 1);
    const s2 = ct([0, 0, 0, 0], 2, 2);
    const b = preprocessBatch([s1, s2], [null, null], input());
    expect(b.dims).toEqual([2, 3, 2, 2]);
    expect(Array.from(b.data.subarray(0, 12))).toEqual(Array.from(preprocessSlice(s1, null, input()).data));
    expect(Array.from(b.data.subarray(12))).toEqual(Array.from(preprocessSlice(s2, null, input()).data));
    expect(b.crops[1]).toEqual({ x: 0, y: 0, width: 2, height: 2 });
  });
});
