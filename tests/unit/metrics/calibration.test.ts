import { BinaryLabel } from '../../../extension/src/core/metrics/auc';
import {
  binnedCalibration,
  brierScore,
  fitLogistic,
  isotonicCalibration,
  loessCalibration,
  localLinearSmooth,
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

describe('loess smooth calibration curve', () => {
  /** Independent check: weighted least squares through the normal equations, neighbours found by a full sort. */
  function bruteLocalLinear(x: number[], y: number[], x0: number, span: number): number {
    const k = Math.max(2, Math.ceil(span * x.length));
    const byDistance = x.map((v, i) => ({ i, d: Math.abs(v - x0) })).sort((a, b) => a.d - b.d);
    const h = byDistance[k - 1].d;
    let a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
    for (const { i, d } of byDistance) {
      const w = d < h * (1 + 1e-12) ? (1 - (d / (h * (1 + 1e-12))) ** 3) ** 3 : 0;
      a11 += w;
      a12 += w * x[i];
      a22 += w * x[i] ** 2;
      b1 += w * y[i];
      b2 += w * x[i] * y[i];
    }
    const det = a11 * a22 - a12 * a12;
    const c0 = (a22 * b1 - a12 * b2) / det;
    const c1 = (a11 * b2 - a12 * b1) / det;
    return c0 + c1 * x0;
  }

  test('reproduces a straight line exactly', () => {
    const x = Array.from({ length: 30 }, (_, i) => i / 29);
    const y = x.map(v => 0.2 + 0.5 * v);
    localLinearSmooth(x, y, [0, 0.31, 0.77, 1], 0.4).forEach((v, i) => expect(v).toBeCloseTo(0.2 + 0.5 * [0, 0.31, 0.77, 1][i], 12));
  });

  test('agrees with an independent weighted least-squares fit on random data', () => {
    const r = mulberry32(77);
    const x = Array.from({ length: 60 }, () => r());
    const y = x.map(v => (r() < v ? 1 : 0));
    const at = [0.05, 0.2, 0.5, 0.8, 0.95];
    const got = localLinearSmooth(x, y, at, 0.5);
    at.forEach((x0, i) => expect(got[i]).toBeCloseTo(bruteLocalLinear(x, y, x0, 0.5), 10));
  });

  test('follows the diagonal for calibrated predictions and a shifted curve for over-confident ones', () => {
    const r = mulberry32(5);
    const p = Array.from({ length: 4000 }, () => r());
    const y = p.map(v => (r() < v ? 1 : 0)) as (0 | 1)[];
    const curve = loessCalibration(p, y);
    expect(curve).toHaveLength(41);
    for (const c of curve.filter(c => c.predicted > 0.1 && c.predicted < 0.9)) expect(Math.abs(c.observed - c.predicted)).toBeLessThan(0.05);
    // Over-confident: the true risk is closer to 0.5 than the prediction.
    const yOver = p.map(v => (r() < 0.5 + (v - 0.5) / 2 ? 1 : 0)) as (0 | 1)[];
    const over = loessCalibration(p, yOver);
    const at = (q: number) => over.reduce((a, b) => (Math.abs(b.predicted - q) < Math.abs(a.predicted - q) ? b : a));
    expect(at(0.9).observed).toBeLessThan(0.8);
    expect(at(0.1).observed).toBeGreaterThan(0.2);
  });

  test('refuses bad input and returns nothing for fewer than three cases', () => {
    expect(() => localLinearSmooth([0, 1], [0], [0.5])).toThrow('2 x values but 1 y values');
    expect(() => localLinearSmooth([0, 1], [0, 1], [0.5], 0)).toThrow('span');
    expect(loessCalibration([0.2, 0.4], [0, 1])).toEqual([]);
  });
});
