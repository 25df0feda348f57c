/** Binomial proportion point estimates with Clopper–Pearson (exact) and Wilson score intervals. */
import { betaQuantile, normalQuantile } from './special';

export type Interval = [number, number];

export interface Proportion {
  successes: number;
  total: number;
  /** successes / total; NaN when total is 0 (the metric is undefined, not zero). */
  value: number;
  clopperPearson: Interval;
  wilson: Interval;
}

function checkCounts(x: number, n: number, level: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new Error(`invalid binomial counts: ${x}/${n}`);
  }
  if (!(level > 0 && level < 1)) throw new Error(`confidence level must be in (0,1), got ${level}`);
}

/** Exact interval from the beta quantiles of the binomial tails; the 0/n and n/n ends are closed at 0 and 1. */
export function clopperPearson(x: number, n: number, level = 0.95): Interval {
  checkCounts(x, n, level);
  if (n === 0) return [NaN, NaN];
  const alpha = 1 - level;
  const lower = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return [lower, upper];
}

/** Wilson score interval (no continuity correction). */
export function wilson(x: number, n: number, level = 0.95): Interval {
  checkCounts(x, n, level);
  if (n === 0) return [NaN, NaN];
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  // Clamp only float round-off: the exact interval lies inside [0,1].
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function proportion(x: number, n: number, level = 0.95): Proportion {
  return {
    successes: x,
    total: n,
    value: n === 0 ? NaN : x / n,
    clopperPearson: clopperPearson(x, n, level),
    wilson: wilson(x, n, level),
  };
}
