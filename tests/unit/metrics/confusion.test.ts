import { classificationMetrics, confusionMatrix, metricsFromConfusion } from '../../../extension/src/core/metrics/confusion';

describe('confusion matrix', () => {
  it('counts score >= threshold as positive', () => {
    const cm = confusionMatrix([0.9, 0.5, 0.49, 0.5, 0.1], [1, 1, 1, 0, 0], 0.5);
    expect(cm).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
  });
});

describe('metrics from the paper\'s inferred confusion matrix (TP 38, FN 0, FP 3, TN 48)', () => {
  const m = metricsFromConfusion({ tp: 38, fn: 0, fp: 3, tn: 48 }, 0.5);
  it('reproduces sensitivity, specificity, accuracy, F1 and Youden J', () => {
    expect(m.sensitivity.value).toBe(1);
    expect(m.specificity.value).toBeCloseTo(48 / 51, 14);
    expect(Math.round(m.accuracy.value * 1000) / 10).toBe(96.6);
    expect(m.f1).toBeCloseTo(76 / 79, 14);
    expect(Math.round(m.f1 * 1000) / 1000).toBe(0.962);
    expect(m.youdenJ).toBeCloseTo(48 / 51, 14);
  });
  it('carries Clopper–Pearson and Wilson intervals for every proportion', () => {
    expect(Math.round(m.sensitivity.clopperPearson[0] * 1000) / 10).toBe(90.7);
    expect(Math.round(m.specificity.wilson[0] * 1000) / 10).toBe(84.1);
    expect(Math.round(m.npv.clopperPearson[0] * 1000) / 10).toBe(92.6);
    expect(m.ppv.successes).toBe(38);
    expect(m.ppv.total).toBe(41);
  });
});

describe('classificationMetrics', () => {
  it('reports F1 as NaN when nothing is positive, and ppv with an empty denominator as NaN', () => {
    const m = classificationMetrics([0.1, 0.2], [0, 0], 0.5);
    expect(m.f1).toBeNaN();
    expect(m.ppv.value).toBeNaN();
    expect(m.specificity.value).toBe(1);
  });
});
