/**
 * DeLong, DeLong & Clarke-Pearson (1988) variance of the empirical AUC via placement values,
 * computed with mid-ranks (Sun & Xu 2014) in O(n log n), and the paired test of two correlated AUCs.
 */
import { assertScoresAndLabels, BinaryLabel, midRanks } from './auc';
import { Interval } from './proportion';
import { normalCdf, normalQuantile } from './special';

export interface PlacementValues {
  /** V10_i = P(score of positive i > random negative) + ½·P(tie), one per positive, in input order. */
  positives: number[];
  /** V01_j = P(random positive > score of negative j) + ½·P(tie), one per negative, in input order. */
  negatives: number[];
  auc: number;
}

export function placementValues(scores: readonly number[], labels: readonly BinaryLabel[]): PlacementValues {
  assertScoresAndLabels(scores, labels);
  const pos: number[] = [];
  const neg: number[] = [];
  scores.forEach((s, i) => (labels[i] === 1 ? pos : neg).push(s));
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) throw new Error(`AUC needs both classes (positives: ${m}, negatives: ${n})`);
  const all = midRanks([...pos, ...neg]);
  const rPos = midRanks(pos);
  const rNeg = midRanks(neg);
  // A positive's rank in the pooled sample minus its rank among positives counts the negatives below it (ties ½).
  const positives = pos.map((_, i) => (all[i] - rPos[i]) / n);
  const negatives = neg.map((_, j) => 1 - (all[m + j] - rNeg[j]) / m);
  const auc = positives.reduce((a, b) => a + b, 0) / m;
  return { positives, negatives, auc };
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

/** Sample covariance (n − 1 denominator); 0 for a single value, which makes a one-case class contribute nothing. */
function covariance(a: readonly number[], b: readonly number[]): number {
  if (a.length < 2) return 0;
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

export interface AucWithCi {
  auc: number;
  variance: number;
  se: number;
  /** Normal-approximation interval clipped to [0, 1]. */
  ci: Interval;
  positives: number;
  negatives: number;
}

export function delongVariance(pv: PlacementValues): number {
  return (
    covariance(pv.positives, pv.positives) / pv.positives.length +
    covariance(pv.negatives, pv.negatives) / pv.negatives.length
  );
}

export function aucDeLong(scores: readonly number[], labels: readonly BinaryLabel[], level = 0.95): AucWithCi {
  const pv = placementValues(scores, labels);
  const variance = delongVariance(pv);
  const se = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    auc: pv.auc,
    variance,
    se,
    ci: [Math.max(0, pv.auc - z * se), Math.min(1, pv.auc + z * se)],
    positives: pv.positives.length,
    negatives: pv.negatives.length,
  };
}

export interface PairedDeLong {
  aucA: number;
  aucB: number;
  /** aucA − aucB */
  difference: number;
  varianceA: number;
  varianceB: number;
  covariance: number;
  se: number;
  z: number;
  /** Two-sided p-value; NaN when both models rank every pair identically (se = 0). */
  p: number;
  ci: Interval;
}

/** Paired DeLong test of H0: AUC_A = AUC_B for two models scored on the same cases (same order, same labels). */
export function pairedDeLong(
  scoresA: readonly number[],
  scoresB: readonly number[],
  labels: readonly BinaryLabel[],
  level = 0.95,
): PairedDeLong {
  if (scoresA.length !== scoresB.length) {
    throw new Error(`paired DeLong needs the same cases for both models (${scoresA.length} vs ${scoresB.length})`);
  }
  const a = placementValues(scoresA, labels);
  const b = placementValues(scoresB, labels);
  const m = a.positives.length;
  const n = a.negatives.length;
  const varianceA = delongVariance(a);
  const varianceB = delongVariance(b);
  const cov = covariance(a.positives, b.positives) / m + covariance(a.negatives, b.negatives) / n;
  const varDiff = Math.max(0, varianceA + varianceB - 2 * cov);
  const se = Math.sqrt(varDiff);
  const difference = a.auc - b.auc;
  const z = se > 0 ? difference / se : difference === 0 ? NaN : Math.sign(difference) * Infinity;
  const p = Number.isNaN(z) ? NaN : 2 * normalCdf(-Math.abs(z));
  const zc = normalQuantile(1 - (1 - level) / 2);
  return {
    aucA: a.auc,
    aucB: b.auc,
    difference,
    varianceA,
    varianceB,
    covariance: cov,
    se,
    z,
    p,
    ci: [difference - zc * se, difference + zc * se],
  };
}
