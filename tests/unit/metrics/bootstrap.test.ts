import { BinaryLabel } from '../../../extension/src/core/metrics/auc';
import {
  bootstrapAucCi,
  bootstrapRocBand,
  quantileSorted,
  stratifiedBootstrap,
} from '../../../extension/src/core/metrics/bootstrap';
import { aucDeLong } from '../../../extension/src/core/metrics/delong';
import { mulberry32 } from '../../../extension/src/core/metrics/prng';

function cohort(seed: number, n: number, shift: number) {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const scores: number[] = [];
  const labels: BinaryLabel[] = [];
  for (let i = 0; i < n; i++) { scores.push(gauss() + shift); labels.push(1); }
  for (let i = 0; i < n + 10; i++) { scores.push(gauss()); labels.push(0); }
  return { scores, labels };
}

describe('quantileSorted (type 7)', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([10, 20], 0.025)).toBeCloseTo(10.25, 12);
  });
});

describe('stratified bootstrap', () => {
  it('keeps each replicate\'s class sizes equal to the cohort\'s', () => {
    const { scores, labels } = cohort(1, 12, 1);
    const positives = stratifiedBootstrap(scores, labels, (_s, l) => l.filter((v) => v === 1).length, {
      resamples: 50,
      seed: 3,
    });
    expect(new Set(positives)).toEqual(new Set([12]));
  });
  it('is reproducible for a seed and changes with the seed', () => {
    const { scores, labels } = cohort(2, 30, 1);
    const a = bootstrapAucCi(scores, labels, { resamples: 300, seed: 11 });
    const b = bootstrapAucCi(scores, labels, { resamples: 300, seed: 11 });
    const c = bootstrapAucCi(scores, labels, { resamples: 300, seed: 12 });
    expect(a).toEqual(b);
    expect(c.ci).not.toEqual(a.ci);
  });
  it('defaults to 2,000 resamples and roughly agrees with DeLong on a moderate cohort', () => {
    const { scores, labels } = cohort(3, 60, 1);
    const boot = bootstrapAucCi(scores, labels);
    const delong = aucDeLong(scores, labels);
    expect(boot.resamples).toBe(2000);
    expect(boot.ci[0]).toBeLessThan(boot.estimate);
    expect(boot.ci[1]).toBeGreaterThan(boot.estimate);
    // Both estimate the same sampling distribution; with n = 130 they agree to about a hundredth.
    expect(Math.abs(boot.ci[0] - delong.ci[0])).toBeLessThan(0.02);
    expect(Math.abs(boot.ci[1] - delong.ci[1])).toBeLessThan(0.02);
  });
});

describe('bootstrap ROC band', () => {
  it('brackets a monotone band within [0,1] that is pinned at FPR = 1', () => {
    const { scores, labels } = cohort(4, 40, 1.2);
    const grid = [0, 0.1, 0.2, 0.5, 1];
    const band = bootstrapRocBand(scores, labels, grid, { resamples: 200, seed: 1 });
    band.tprLower.forEach((lo, k) => {
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(band.tprUpper[k]).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(band.tprUpper[k]);
      if (k > 0) expect(lo).toBeGreaterThanOrEqual(band.tprLower[k - 1]);
    });
    expect(band.tprLower[4]).toBe(1);
    expect(band.tprUpper[1] - band.tprLower[1]).toBeGreaterThan(0);
  });
});
