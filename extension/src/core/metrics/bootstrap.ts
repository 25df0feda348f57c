/**
 * Stratified bootstrap (positives and negatives resampled separately, so every replicate keeps the
 * cohort's class sizes and an AUC always exists) with percentile intervals and a seeded PRNG.
 */
import { aucMannWhitney, assertScoresAndLabels, BinaryLabel } from './auc';
import { mulberry32, randomIndex, Random } from './prng';
import { Interval } from './proportion';
import { rocCurve, tprAtFpr } from './roc';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20260101;

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
}

/** Linear-interpolation sample quantile (Hyndman–Fan type 7, the R / NumPy default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function percentileInterval(values: number[], level: number): Interval {
  const sorted = [...values].sort((a, b) => a - b);
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, 1 - (1 - level) / 2)];
}

/** Index lists of one stratified replicate. */
function stratifiedReplicate(posIdx: readonly number[], negIdx: readonly number[], random: Random): number[] {
  const out: number[] = [];
  for (let k = 0; k < posIdx.length; k++) out.push(posIdx[randomIndex(random, posIdx.length)]);
  for (let k = 0; k < negIdx.length; k++) out.push(negIdx[randomIndex(random, negIdx.length)]);
  return out;
}

function splitByClass(labels: readonly BinaryLabel[]): { pos: number[]; neg: number[] } {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((l, i) => (l === 1 ? pos : neg).push(i));
  if (pos.length === 0 || neg.length === 0) {
    throw new Error(`bootstrap needs both classes (positives: ${pos.length}, negatives: ${neg.length})`);
  }
  return { pos, neg };
}

/**
 * Generic stratified bootstrap of any statistic of (scores, labels); returns the replicate values
 * in draw order so callers can derive several intervals from one run.
 */
export function stratifiedBootstrap(
  scores: readonly number[],
  labels: readonly BinaryLabel[],
  statistic: (s: number[], l: BinaryLabel[]) => number,
  options: BootstrapOptions = {},
): number[] {
  assertScoresAndLabels(scores, labels);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const { pos, neg } = splitByClass(labels);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const idx = stratifiedReplicate(pos, neg, random);
    values.push(statistic(idx.map((i) => scores[i]), idx.map((i) => labels[i])));
  }
  return values;
}

export interface BootstrapCi {
  estimate: number;
  ci: Interval;
  resamples: number;
  seed: number;
  method: 'stratified bootstrap, percentile';
}

export function bootstrapAucCi(
  scores: readonly number[],
  labels: readonly BinaryLabel[],
  options: BootstrapOptions = {},
): BootstrapCi {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const level = options.level ?? 0.95;
  const values = stratifiedBootstrap(scores, labels, aucMannWhitney, { resamples, seed });
  return {
    estimate: aucMannWhitney(scores, labels),
    ci: percentileInterval(values, level),
    resamples,
    seed,
    method: 'stratified bootstrap, percentile',
  };
}

export interface RocBand {
  fpr: number[];
  tprLower: number[];
  tprUpper: number[];
}

/** Pointwise percentile band of TPR at fixed FPRs (vertical averaging), for plotting an ROC CI band. */
export function bootstrapRocBand(
  scores: readonly number[],
  labels: readonly BinaryLabel[],
  fprGrid: readonly number[],
  options: BootstrapOptions = {},
): RocBand {
  assertScoresAndLabels(scores, labels);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const { pos, neg } = splitByClass(labels);
  const columns: number[][] = fprGrid.map(() => []);
  for (let r = 0; r < resamples; r++) {
    const idx = stratifiedReplicate(pos, neg, random);
    const tprs = tprAtFpr(rocCurve(idx.map((i) => scores[i]), idx.map((i) => labels[i])), fprGrid);
    tprs.forEach((t, k) => columns[k].push(t));
  }
  const intervals = columns.map((c) => percentileInterval(c, level));
  return { fpr: [...fprGrid], tprLower: intervals.map((i) => i[0]), tprUpper: intervals.map((i) => i[1]) };
}
