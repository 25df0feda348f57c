import { BinaryLabel } from '../../../extension/src/core/metrics/auc';
import {
  binnedCalibration,
  brierScore,
  fitLogistic,
  isotonicCalibration,
  isSeparated,
  logisticRecalibration,
  logit,
} from '../../../extension/src/core/metrics/calibration';
import { mulberry32 } from '../../../extension/src/core/metrics/prng';

/** Outcomes drawn from true probabilities; the model reports sigmoid(k·logit(true) + shift). */
function simulate(seed: number, n: number, k: number, shift: number) {
  const rnd = mulberry32(seed);
  const probabilities: number[] = [];
  const labels: BinaryLabel[] = [];
  for (let i = 0; i < n; i++) {
    const truth = 0.02 + 0.96 * rnd();
    labels.push(rnd() < truth ? 1 : 0);
    probabilities.push(1 / (1 + Math.exp(-(k * logit(truth) + shift))));
  }
  return { probabilities, labels };
}

describe('brierScore', () => {
  it('is the mean squared error of the probabilities', () => {
    expect(brierScore([1, 0, 0.5, 0.8], [1, 0, 1, 0])).toBeCloseTo((0 + 0 + 0.25 + 0.64) / 4, 14);
  });
  it('rejects values that are not probabilities', () => {
    expect(() => brierScore([1.2], [1])).toThrow(/outside \[0,1\]/);
  });
});

describe('binnedCalibration', () => {
  it('averages predictions and outcomes per equal-width bin, p = 1 in the last bin, empty bins dropped', () => {
    const bins = binnedCalibration([0.05, 0.15, 0.12, 1, 0.95], [0, 1, 0, 1, 1], 10);
    expect(bins.map((b) => b.n)).toEqual([1, 2, 2]);
    expect(bins[1].meanPredicted).toBeCloseTo(0.135, 14);
    expect(bins[1].observed).toBe(0.5);
    expect(bins[2].lower).toBeCloseTo(0.9, 14);
    expect(bins[2].observedCi[1]).toBe(1);
  });
});

describe('isotonicCalibration', () => {
  it('pools adjacent violators', () => {
    const steps = isotonicCalibration([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    expect(steps.map((s) => [s.from, s.to, s.value, s.n])).toEqual([
      [0.1, 0.1, 0, 1],
      [0.2, 0.3, 0.5, 2],
      [0.4, 0.4, 1, 1],
    ]);
  });
  it('is monotone, preserves the overall event rate and gives tied predictions one value', () => {
    const { probabilities, labels } = simulate(5, 300, 1, 0);
    probabilities[1] = probabilities[0];
    const steps = isotonicCalibration(probabilities, labels);
    for (let i = 1; i < steps.length; i++) expect(steps[i].value).toBeGreaterThanOrEqual(steps[i - 1].value);
    const events = steps.reduce((a, s) => a + s.value * s.n, 0);
    expect(events).toBeCloseTo(labels.reduce<number>((a, l) => a + l, 0), 9);
    expect(steps.filter((s) => s.from <= probabilities[0] && probabilities[0] <= s.to)).toHaveLength(1);
  });
});

describe('logistic recalibration (Newton–Raphson)', () => {
  it('satisfies the score equations at the fitted values', () => {
    const { probabilities, labels } = simulate(6, 400, 0.7, 0.3);
    const x = probabilities.map(logit);
    const fit = fitLogistic(x, labels, true);
    expect(fit.converged).toBe(true);
    let g0 = 0;
    let g1 = 0;
    x.forEach((xi, i) => {
      const r = labels[i] - 1 / (1 + Math.exp(-(fit.a + fit.b * xi)));
      g0 += r;
      g1 += r * xi;
    });
    expect(Math.abs(g0)).toBeLessThan(1e-8);
    expect(Math.abs(g1)).toBeLessThan(1e-8);
  });
  it('recovers slope ≈ 1 and intercept ≈ 0 for a calibrated model, slope ≈ ½ for an over-confident one', () => {
    const fair = simulate(7, 4000, 1, 0);
    const calibrated = logisticRecalibration(fair.probabilities, fair.labels);
    expect(calibrated.converged).toBe(true);
    expect(calibrated.slope).toBeGreaterThan(0.85);
    expect(calibrated.slope).toBeLessThan(1.15);
    expect(Math.abs(calibrated.intercept)).toBeLessThan(0.12);
    const sharp = simulate(7, 4000, 2, 0);
    const over = logisticRecalibration(sharp.probabilities, sharp.labels);
    expect(over.slope).toBeGreaterThan(0.42);
    expect(over.slope).toBeLessThan(0.58);
    // A model that over-predicts risk everywhere has a negative calibration-in-the-large.
    const high = simulate(7, 4000, 1, 1);
    expect(logisticRecalibration(high.probabilities, high.labels).intercept).toBeLessThan(-0.7);
  });
  it('reports non-convergence on perfectly separated data instead of a huge slope', () => {
    const r = logisticRecalibration([0.01, 0.2, 0.3, 0.7, 0.8, 0.99], [0, 0, 0, 1, 1, 1]);
    expect(r.converged).toBe(false);
    expect(r.slope).toBeNaN();
    // Calibration-in-the-large still exists (one free parameter, both classes present).
    expect(Number.isFinite(r.intercept)).toBe(true);
    // Quasi-separation (a tie at the boundary) has no finite slope either.
    expect(isSeparated([1, 2, 2, 3], [0, 0, 1, 1])).toBe(true);
    expect(isSeparated([1, 2.5, 2, 3], [0, 0, 1, 1])).toBe(false);
  });
  it('keeps predictions of exactly 0 and 1 finite through the clip', () => {
    const r = logisticRecalibration([0, 0.3, 0.6, 1, 0.4, 0.7], [0, 1, 0, 1, 0, 1]);
    expect(Number.isFinite(r.intercept)).toBe(true);
  });
});
