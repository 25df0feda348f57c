import { parseManifest } from '../../../extension/src/core/manifest';
import {
  aggregate,
  aggregateSlices,
  buildSliceResults,
  CAM_MEANING,
  mapToImage,
  normaliseForDisplay,
  OutputShapeError,
  softmax,
} from '../../../extension/src/core/result';
import { sampleManifest } from './sampleManifest';

describe('softmax', () => {
  it('matches exp/sum and survives huge logits', () => {
    const p = softmax([0, Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 15);
    expect(p[1]).toBeCloseTo(0.75, 15);
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
  });
});

describe('aggregate', () => {
  it('mean, max and median', () => {
    expect(aggregate([0.2, 0.9, 0.4], 'mean')).toBeCloseTo(0.5, 15);
    expect(aggregate([0.2, 0.9, 0.4], 'max')).toBe(0.9);
    expect(aggregate([0.2, 0.9, 0.4], 'median')).toBe(0.4);
    expect(aggregate([0.2, 0.9, 0.4, 0.6], 'median')).toBeCloseTo(0.5, 15);
  });
  it('refuses empty input and NaN', () => {
    expect(() => aggregate([], 'mean')).toThrow(/no slice/);
    expect(() => aggregate([NaN], 'mean')).toThrow(/non-finite/);
  });
});

describe('maps', () => {
  it('places an h x w map exactly over the crop square', () => {
    const m = mapToImage(new Float32Array(6), 3, 2, { x: -4, y: 10, width: 30, height: 30 });
    expect(m.imageRect).toEqual({ x: -4, y: 10, width: 30, height: 30 });
    expect(() => mapToImage(new Float32Array(5), 3, 2, m.imageRect)).toThrow(/5 values for a 3x2/);
  });
  it('normalises CAM as ReLU / max and labels it as evidence, not probability', () => {
    const m = mapToImage(Float32Array.from([-2, 0, 1, 4]), 2, 2, { x: 0, y: 0, width: 2, height: 2 });
    const d = normaliseForDisplay(m, 'cam');
    expect(Array.from(d.values)).toEqual([0, 0, 0.25, 1]);
    expect(d.meaning).toBe(CAM_MEANING);
    expect(Array.from(normaliseForDisplay(mapToImage(Float32Array.from([-1, -3]), 2, 1, m.imageRect), 'cam').values)).toEqual([0, 0]);
  });
  it('stretches attention min-max', () => {
    const d = normaliseForDisplay(mapToImage(Float32Array.from([0.5, 0.6, 0.7]), 3, 1, { x: 0, y: 0, width: 3, height: 3 }), 'attention');
    expect(d.values[0]).toBe(0);
    expect(d.values[1]).toBeCloseTo(0.5, 6);
    expect(d.values[2]).toBe(1);
  });
});

describe('buildSliceResults', () => {
  const manifest = parseManifest(sampleManifest());
  const crops = [
    { x: 0, y: 0, width: 64, height: 64 },
    { x: 10, y: 20, width: 96, height: 96 },
  ];
  const raw = () => ({
    logits: { data: Float32Array.from([0, Math.log(3), 2, 0]), dims: [2, 2] },
    cam: { data: Float32Array.from({ length: 2 * 2 * 49 }, (_, k) => k), dims: [2, 2, 7, 7] },
    attention: { data: Float32Array.from({ length: 2 * 49 }, (_, k) => k / 100), dims: [2, 1, 7, 7] },
  });

  it('takes P(positive class) in manifest class order and slices maps per item and class', () => {
    const r = buildSliceResults(raw(), manifest, crops, ['a', 'b']);
    expect(r[0].probability).toBeCloseTo(0.75, 6);
    expect(r[1].probability).toBeCloseTo(1 / (1 + Math.exp(2)), 6);
    expect(r[1].id).toBe('b');
    expect(r[1].cam?.raw[1].values[0]).toBe((1 * 2 + 1) * 49);
    expect(r[1].cam?.raw[1].imageRect).toEqual(crops[1]);
    expect(r[1].attention?.raw.values[0]).toBeCloseTo(0.49, 6);
    const agg = aggregateSlices(r, manifest);
    expect(agg.probability).toBeCloseTo((0.75 + 1 / (1 + Math.exp(2))) / 2, 6);
    expect(agg.predictedClass).toBe('IPN');
    expect(aggregateSlices(r, manifest, 'max').predictedClass).toBe('PIMA');
  });

  it('refuses outputs whose shapes disagree with the manifest', () => {
    const bad = raw();
    bad.cam.dims = [2, 2, 14, 14];
    bad.cam.data = new Float32Array(2 * 2 * 196);
    expect(() => buildSliceResults(bad, manifest, crops)).toThrow(OutputShapeError);
    expect(() => buildSliceResults(bad, manifest, crops)).toThrow(/"cam" has shape \[2, 2, 14, 14\].*dim 2 is 14, manifest says 7/);
    const noAtt = raw() as Partial<ReturnType<typeof raw>>;
    delete noAtt.attention;
    expect(() => buildSliceResults(noAtt as ReturnType<typeof raw>, manifest, crops)).toThrow(/"attention" missing/);
  });
});
