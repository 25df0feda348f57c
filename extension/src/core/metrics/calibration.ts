/**
 * Calibration of predicted probabilities: binned reliability curve, isotonic (PAV) fit, loess
 * (local linear, tricube) smooth curve as in flexible calibration curves (Van Calster et al. 2016),
 * logistic recalibration intercept/slope (Cox 1958) fitted by Newton–Raphson on logit(p), Brier score.
 */
import { assertScoresAndLabels, BinaryLabel } from './auc';
import { Interval, wilson } from './proportion';

function assertProbabilities(p: readonly number[]): void {
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new Error(`probability ${i} is outside [0,1]: ${v}`);
  });
}

export function brierScore(probabilities: readonly number[], labels: readonly BinaryLabel[]): number {
  assertScoresAndLabels(probabilities, labels);
  assertProbabilities(probabilities);
  if (probabilities.length === 0) throw new Error('Brier score needs at least one case');
  let s = 0;
  for (let i = 0; i < probabilities.length; i++) s += (probabilities[i] - labels[i]) ** 2;
  return s / probabilities.length;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  n: number;
  meanPredicted: number;
  observed: number;
  /** Wilson interval of the observed positive fraction in the bin. */
  observedCi: Interval;
}

/** Equal-width bins on [0,1]; empty bins are omitted; p = 1 falls into the last bin. */
export function binnedCalibration(
  probabilities: readonly number[],
  labels: readonly BinaryLabel[],
  bins = 10,
): CalibrationBin[] {
  assertScoresAndLabels(probabilities, labels);
  assertProbabilities(probabilities);
  const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  probabilities.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    sums[b].n++;
    sums[b].p += p;
    sums[b].y += labels[i];
  });
  const out: CalibrationBin[] = [];
  sums.forEach((s, b) => {
    if (s.n === 0) return;
    out.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      n: s.n,
      meanPredicted: s.p / s.n,
      observed: s.y / s.n,
      observedCi: wilson(s.y, s.n),
    });
  });
  return out;
}

export interface IsotonicStep {
  /** Range of predicted probabilities pooled into this block. */
  from: number;
  to: number;
  /** Fitted (monotone non-decreasing) observed probability. */
  value: number;
  n: number;
}

/** Isotonic regression of outcome on predicted probability by pool-adjacent-violators (ties pooled first). */
export function isotonicCalibration(probabilities: readonly number[], labels: readonly BinaryLabel[]): IsotonicStep[] {
  assertScoresAndLabels(probabilities, labels);
  assertProbabilities(probabilities);
  const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[a] - probabilities[b]);
  const blocks: { from: number; to: number; sum: number; n: number }[] = [];
  for (const i of order) {
    const p = probabilities[i];
    const last = blocks[blocks.length - 1];
    // Equal predictions must get one fitted value, so they start in the same block.
    if (last && last.to === p) {
      last.sum += labels[i];
      last.n++;
    } else {
      blocks.push({ from: p, to: p, sum: labels[i], n: 1 });
    }
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.splice(blocks.length - 2, 2, { from: a.from, to: b.to, sum: a.sum + b.sum, n: a.n + b.n });
    }
  }
  return blocks.map((b) => ({ from: b.from, to: b.to, value: b.sum / b.n, n: b.n }));
}

export interface SmoothPoint {
  predicted: number;
  observed: number;
}

/**
 * Local linear regression of y on x at each point of `at` (Cleveland's lowess without its robustness
 * iterations, which suit continuous outcomes, not 0/1 ones): the ceil(span·n) nearest x get tricube
 * weights (1 − (d/dmax)³)³, and the weighted least-squares line is evaluated at the point.
 */
export function localLinearSmooth(x: readonly number[], y: readonly number[], at: readonly number[], span = 0.75): number[] {
  if (x.length !== y.length) throw new Error(`${x.length} x values but ${y.length} y values`);
  if (x.length < 2) throw new Error('a smooth needs at least two points');
  if (!(span > 0 && span <= 1)) throw new Error(`span must be in (0, 1], got ${span}`);
  const k = Math.max(2, Math.ceil(span * x.length));
  return at.map((x0) => {
    const d = x.map((v) => Math.abs(v - x0));
    const dmax = [...d].sort((a, b) => a - b)[k - 1];
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (let i = 0; i < x.length; i++) {
      // Ties at the k-th distance are all included; with dmax = 0 only exact matches count.
      const u = dmax > 0 ? d[i] / (dmax * (1 + 1e-12)) : d[i] === 0 ? 0 : 1;
      if (u >= 1) continue;
      const w = (1 - u ** 3) ** 3;
      sw += w;
      sx += w * x[i];
      sy += w * y[i];
      sxx += w * x[i] * x[i];
      sxy += w * x[i] * y[i];
    }
    const mx = sx / sw;
    const my = sy / sw;
    const vxx = sxx / sw - mx * mx;
    // All neighbours at one x: the local line is flat at their mean.
    const slope = vxx > 1e-12 * Math.max(1, mx * mx) ? (sxy / sw - mx * my) / vxx : 0;
    return my + slope * (x0 - mx);
  });
}

/** Smoothed (loess) calibration curve on `points` evenly spaced predictions across the observed range, clipped to [0, 1]. */
export function loessCalibration(probabilities: readonly number[], labels: readonly BinaryLabel[], span = 0.75, points = 41): SmoothPoint[] {
  assertScoresAndLabels(probabilities, labels);
  assertProbabilities(probabilities);
  if (probabilities.length < 3) return [];
  const lo = Math.min(...probabilities);
  const hi = Math.max(...probabilities);
  const at = hi > lo ? Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1)) : [lo];
  const fitted = localLinearSmooth(probabilities, labels, at, span);
  return at.map((p, i) => ({ predicted: p, observed: Math.min(1, Math.max(0, fitted[i])) }));
}

export interface LogisticRecalibration {
  /** Calibration-in-the-large: α in logit P(y=1) = α + logit(p) (slope fixed at 1). Ideal 0. */
  intercept: number;
  /** β in logit P(y=1) = a + β·logit(p). Ideal 1; < 1 means predictions too extreme. */
  slope: number;
  /** a of the two-parameter fit (reported for completeness). */
  slopeModelIntercept: number;
  /** False when either fit failed; the failed estimate is then NaN (e.g. slope under separation). */
  converged: boolean;
  /** Probabilities are clipped to [eps, 1 − eps] before the logit so that 0 and 1 stay finite. */
  eps: number;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/**
 * True when one cut on x puts every positive on one side and every negative on the other (ties allowed):
 * then the slope's maximum-likelihood estimate is infinite. Newton–Raphson cannot see this by itself,
 * because the weights μ(1−μ) underflow and the steps shrink to nothing, which looks like convergence.
 */
export function isSeparated(x: readonly number[], y: readonly BinaryLabel[]): boolean {
  let minPos = Infinity;
  let maxPos = -Infinity;
  let minNeg = Infinity;
  let maxNeg = -Infinity;
  x.forEach((v, i) => {
    if (y[i] === 1) {
      minPos = Math.min(minPos, v);
      maxPos = Math.max(maxPos, v);
    } else {
      minNeg = Math.min(minNeg, v);
      maxNeg = Math.max(maxNeg, v);
    }
  });
  return maxNeg <= minPos || maxPos <= minNeg;
}

/**
 * Newton–Raphson for the logistic model y ~ Bernoulli(σ(a + b·x + offset)).
 * With fitSlope false, b is fixed at 1 and x enters as an offset (the calibration-in-the-large model).
 * Where the MLE does not exist (one class only; or separation, for the slope) it returns NaN with
 * converged = false rather than a huge number that looks real.
 */
export function fitLogistic(
  x: readonly number[],
  y: readonly BinaryLabel[],
  fitSlope: boolean,
): { a: number; b: number; converged: boolean } {
  let a = 0;
  const positives = y.reduce<number>((acc, v) => acc + v, 0);
  if (positives === 0 || positives === y.length || (fitSlope && isSeparated(x, y))) {
    return { a: NaN, b: fitSlope ? NaN : 1, converged: false };
  }
  // Start at the identity recalibration (a = 0, b = 1), which is also the fixed slope of the offset model.
  let b = 1;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < x.length; i++) {
      const mu = sigmoid(a + b * x[i]);
      const w = mu * (1 - mu);
      const r = y[i] - mu;
      ga += r;
      gb += r * x[i];
      haa += w;
      hab += w * x[i];
      hbb += w * x[i] * x[i];
    }
    let da: number;
    let db = 0;
    if (fitSlope) {
      const det = haa * hbb - hab * hab;
      if (!(det > 1e-300)) return { a, b, converged: false };
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    } else {
      if (!(haa > 1e-300)) return { a, b, converged: false };
      da = ga / haa;
    }
    a += da;
    b += db;
    if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 1e6 || Math.abs(b) > 1e6) {
      return { a, b, converged: false };
    }
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) return { a, b, converged: true };
  }
  return { a, b, converged: false };
}

export function logisticRecalibration(
  probabilities: readonly number[],
  labels: readonly BinaryLabel[],
  eps = 1e-6,
): LogisticRecalibration {
  assertScoresAndLabels(probabilities, labels);
  assertProbabilities(probabilities);
  const x = probabilities.map((p) => logit(Math.min(1 - eps, Math.max(eps, p))));
  const inLarge = fitLogistic(x, labels, false);
  const withSlope = fitLogistic(x, labels, true);
  return {
    intercept: inLarge.a,
    slope: withSlope.b,
    slopeModelIntercept: withSlope.a,
    converged: inLarge.converged && withSlope.converged,
    eps,
  };
}
