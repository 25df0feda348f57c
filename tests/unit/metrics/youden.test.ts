import { BinaryLabel } from '../../../extension/src/core/metrics/auc';
import { confusionMatrix } from '../../../extension/src/core/metrics/confusion';
import { mulberry32 } from '../../../extension/src/core/metrics/prng';
import { youdenThreshold } from '../../../extension/src/core/metrics/youden';

describe('youdenThreshold', () => {
  it('splits a separable set between the classes', () => {
    const r = youdenThreshold([0.1, 0.2, 0.3, 0.7, 0.8], [0, 0, 0, 1, 1]);
    expect(r.threshold).toBeCloseTo(0.5, 14);
    expect(r.j).toBe(1);
  });
  it('maximises J over every possible cut (brute force on random data)', () => {
    const rnd = mulberry32(9);
    for (let t = 0; t < 20; t++) {
      const scores: number[] = [];
      const labels: BinaryLabel[] = [];
      for (let i = 0; i < 40; i++) {
        const y: BinaryLabel = rnd() < 0.4 ? 1 : 0;
        labels.push(y);
        scores.push(Math.round((rnd() + 0.4 * y) * 20) / 20);
      }
      if (!labels.includes(1) || !labels.includes(0)) continue;
      const r = youdenThreshold(scores, labels);
      const jAt = (th: number) => {
        const cm = confusionMatrix(scores, labels, th);
        return cm.tp / (cm.tp + cm.fn) - cm.fp / (cm.fp + cm.tn);
      };
      let best = -Infinity;
      for (const s of new Set(scores)) best = Math.max(best, jAt(s));
      expect(r.j).toBeCloseTo(best, 12);
      // The returned (midpoint) threshold really achieves that J on the tuning data.
      expect(jAt(r.threshold)).toBeCloseTo(best, 12);
    }
  });
});
