import { clopperPearson, proportion, wilson } from '../../../extension/src/core/metrics/proportion';
import { mulberry32 } from '../../../extension/src/core/metrics/prng';

/** Exact binomial tail by summing the pmf in log space: an implementation independent of the beta quantile. */
function binomialTail(x: number, n: number, p: number, upper: boolean): number {
  let lc = 0; // log C(n, 0)
  let s = 0;
  for (let j = 0; j <= n; j++) {
    if (j > 0) lc += Math.log(n - j + 1) - Math.log(j);
    if (upper ? j >= x : j <= x) s += Math.exp(lc + j * Math.log(p) + (n - j) * Math.log1p(-p));
  }
  return s;
}

/** Clopper–Pearson by definition: bisect p on P(X >= x | p) = α/2 and P(X <= x | p) = α/2. */
function clopperPearsonByBisection(x: number, n: number, alpha = 0.05): [number, number] {
  const solve = (f: (p: number) => number, increasing: boolean): number => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) < alpha / 2 === increasing) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = x === 0 ? 0 : solve((p) => binomialTail(x, n, p, true), true);
  const upper = x === n ? 1 : solve((p) => binomialTail(x, n, p, false), false);
  return [lower, upper];
}

describe('paper reference vectors (Xie et al. 2026 validation cohort, see shared/notes/model-spec.md §2)', () => {
  it('38/38 sensitivity: Clopper–Pearson 90.7–100%', () => {
    const [lo, hi] = clopperPearson(38, 38);
    expect(lo * 100).toBeCloseTo(90.7, 1);
    expect(hi).toBe(1);
    // The 0/n end has the closed form (α/2)^{1/n}.
    expect(lo).toBeCloseTo(0.025 ** (1 / 38), 12);
  });
  it('48/51 specificity: Clopper–Pearson 83.8–98.8% and Wilson 84.1–98.0%', () => {
    const cp = clopperPearson(48, 51);
    expect(cp[0] * 100).toBeCloseTo(83.8, 1);
    expect(cp[1] * 100).toBeCloseTo(98.8, 1);
    const w = wilson(48, 51);
    expect(w[0] * 100).toBeCloseTo(84.1, 1);
    expect(w[1] * 100).toBeCloseTo(98.0, 1);
  });
  it('derived PPV 38/41 and accuracy 86/89 Clopper–Pearson intervals', () => {
    const ppv = clopperPearson(38, 41);
    expect([ppv[0] * 100, ppv[1] * 100].map((v) => Math.round(v * 10) / 10)).toEqual([80.1, 98.5]);
    const acc = clopperPearson(86, 89);
    expect([acc[0] * 100, acc[1] * 100].map((v) => Math.round(v * 10) / 10)).toEqual([90.5, 99.3]);
  });
});

describe('Clopper–Pearson agrees with bisection on the exact binomial tails', () => {
  it('on random (x, n)', () => {
    const rnd = mulberry32(7);
    for (let t = 0; t < 40; t++) {
      const n = 1 + Math.floor(rnd() * 150);
      const x = Math.floor(rnd() * (n + 1));
      const [lo, hi] = clopperPearson(x, n);
      const [blo, bhi] = clopperPearsonByBisection(x, n);
      expect(lo).toBeCloseTo(blo, 9);
      expect(hi).toBeCloseTo(bhi, 9);
    }
  });
  it('honours the confidence level', () => {
    const [lo90] = clopperPearson(10, 20, 0.9);
    const [lo99] = clopperPearson(10, 20, 0.99);
    expect(lo90).toBeCloseTo(clopperPearsonByBisection(10, 20, 0.1)[0], 9);
    expect(lo99).toBeLessThan(lo90);
  });
});

describe('Wilson interval', () => {
  it('solves (p̂ − p)² = z²·p(1−p)/n at both ends (its defining equation)', () => {
    const z = 1.959963984540054;
    for (const [x, n] of [[0, 10], [3, 10], [48, 51], [500, 1000]]) {
      for (const p of wilson(x, n)) {
        expect((x / n - p) ** 2).toBeCloseTo((z * z * p * (1 - p)) / n, 14);
      }
    }
  });
});

describe('proportion', () => {
  it('reports NaN, not 0, for an empty denominator and rejects impossible counts', () => {
    const p = proportion(0, 0);
    expect(p.value).toBeNaN();
    expect(p.clopperPearson[0]).toBeNaN();
    expect(() => proportion(5, 3)).toThrow(/invalid binomial counts/);
    expect(() => proportion(1.5, 3)).toThrow();
  });
});
