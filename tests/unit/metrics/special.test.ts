import {
  betaQuantile,
  erfc,
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
} from '../../../extension/src/core/metrics/special';

function binomialUpperTail(k: number, n: number, p: number): number {
  // Direct sum Σ_{j>=k} C(n,j) p^j (1-p)^{n-j}: independent of the continued fraction under test.
  let s = 0;
  for (let j = k; j <= n; j++) {
    let c = 1;
    for (let t = 0; t < j; t++) c = (c * (n - t)) / (t + 1);
    s += c * p ** j * (1 - p) ** (n - j);
  }
  return s;
}

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    let f = 1;
    for (let n = 1; n <= 20; n++) {
      expect(logGamma(n + 1)).toBeCloseTo(Math.log((f *= n)), 10);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // ln Γ(0.1), tabulated
  });
  it('rejects non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow();
  });
});

describe('normal distribution', () => {
  it('reproduces tabulated CDF values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    // Far tail keeps relative accuracy (a 1 − Φ implementation would return 0 here).
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
  });
  it('quantile reproduces tabulated values and inverts the CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514729, 13);
    for (const p of [1e-12, 1e-6, 0.01, 0.2, 0.7, 0.999, 1 - 1e-9]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 9);
    }
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow();
  });
});

describe('regularized incomplete gamma', () => {
  it('P(1, x) = 1 − e^{−x} on both sides of the series/fraction switch', () => {
    for (const x of [0.1, 1, 1.9, 2.1, 10, 40]) expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 14);
  });
});

describe('regularized incomplete beta', () => {
  it('matches closed forms', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.99]) {
      expect(regularizedBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(regularizedBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 13);
      expect(regularizedBeta(x, 1, 2.5)).toBeCloseTo(1 - (1 - x) ** 2.5, 13);
      expect(regularizedBeta(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 13);
    }
    expect(regularizedBeta(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 13);
  });
  it('equals the binomial upper tail for integer parameters: I_p(k, n−k+1) = P(X >= k)', () => {
    for (const [k, n] of [[1, 5], [38, 38], [48, 51], [3, 89], [20, 40]]) {
      for (const p of [0.05, 0.5, 0.9, 0.97]) {
        expect(regularizedBeta(p, k, n - k + 1)).toBeCloseTo(binomialUpperTail(k, n, p), 12);
      }
    }
  });
  it('rejects arguments outside the domain', () => {
    expect(() => regularizedBeta(1.2, 1, 1)).toThrow();
    expect(() => regularizedBeta(0.5, 0, 1)).toThrow();
  });
});

describe('betaQuantile', () => {
  it('inverts the incomplete beta, including skewed and U-shaped cases', () => {
    for (const [a, b] of [[38, 1], [48, 4], [49, 3], [0.5, 0.5], [0.3, 7], [200, 3]]) {
      for (const p of [0.001, 0.025, 0.5, 0.975, 0.999]) {
        const x = betaQuantile(p, a, b);
        expect(regularizedBeta(x, a, b)).toBeCloseTo(p, 11);
      }
    }
  });
  it('has the closed form (p)^{1/a} for Beta(a, 1)', () => {
    expect(betaQuantile(0.025, 38, 1)).toBeCloseTo(0.025 ** (1 / 38), 13);
  });
});
