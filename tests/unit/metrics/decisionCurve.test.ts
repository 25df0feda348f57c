import { decisionCurve } from '../../../extension/src/core/metrics/decisionCurve';

describe('decisionCurve', () => {
  // 10 cases, 4 positive. Probabilities: positives 0.9, 0.8, 0.6, 0.3; negatives 0.7, 0.4, 0.2, 0.1, 0.1, 0.05.
  const p = [0.9, 0.8, 0.6, 0.3, 0.7, 0.4, 0.2, 0.1, 0.1, 0.05];
  const y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0] as const;
  it('computes net benefit by hand at pt = 0.5 and pt = 0.25', () => {
    const [at50, at25] = decisionCurve(p, [...y], [0.5, 0.25]);
    // pt = 0.5: treated = {0.9, 0.8, 0.6, 0.7} → TP 3, FP 1; NB = 3/10 − 1/10 · 1 = 0.2.
    expect(at50.model).toBeCloseTo(0.2, 14);
    // treat-all: 4/10 − 6/10 · 1 = −0.2.
    expect(at50.treatAll).toBeCloseTo(-0.2, 14);
    // pt = 0.25: treated adds 0.3 (pos) and 0.4 (neg) → TP 4, FP 2; NB = 0.4 − 0.2 · (1/3).
    expect(at25.model).toBeCloseTo(0.4 - 0.2 / 3, 14);
    expect(at25.treatNone).toBe(0);
  });
  it('uses the 0.01…0.99 grid by default and rejects thresholds outside (0,1)', () => {
    const curve = decisionCurve(p, [...y]);
    expect(curve).toHaveLength(99);
    expect(curve[0].threshold).toBeCloseTo(0.01, 14);
    // At a tiny threshold every case is treated, so the model equals treat-all.
    expect(curve[0].model).toBeCloseTo(curve[0].treatAll, 14);
    expect(() => decisionCurve(p, [...y], [1])).toThrow(/\(0,1\)/);
  });
});
