/** Decision-curve analysis (Vickers & Elkin 2006): net benefit of acting on p >= pt, against treat-all / treat-none. */
import { assertScoresAndLabels, BinaryLabel } from './auc';

export interface DecisionCurvePoint {
  threshold: number;
  model: number;
  treatAll: number;
  treatNone: 0;
}

/** Net benefit = TP/n − FP/n · pt/(1 − pt). Thresholds must lie in (0, 1). */
export function decisionCurve(
  probabilities: readonly number[],
  labels: readonly BinaryLabel[],
  thresholds: readonly number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
): DecisionCurvePoint[] {
  assertScoresAndLabels(probabilities, labels);
  const n = labels.length;
  if (n === 0) throw new Error('decision curve needs at least one case');
  const prevalence = labels.reduce<number>((a, l) => a + l, 0) / n;
  return thresholds.map((pt) => {
    if (!(pt > 0 && pt < 1)) throw new Error(`threshold probability must be in (0,1), got ${pt}`);
    const odds = pt / (1 - pt);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (probabilities[i] >= pt) labels[i] === 1 ? tp++ : fp++;
    }
    return {
      threshold: pt,
      model: tp / n - (fp / n) * odds,
      treatAll: prevalence - (1 - prevalence) * odds,
      treatNone: 0,
    };
  });
}
