/** Empirical ROC curve (rule: score >= threshold → positive) and its step-function reading at given FPRs. */
import { assertScoresAndLabels, BinaryLabel } from './auc';

export interface RocPoint {
  /** Cases with score >= threshold are called positive; +Infinity gives the (0,0) corner. */
  threshold: number;
  fpr: number;
  tpr: number;
}

export function rocCurve(scores: readonly number[], labels: readonly BinaryLabel[]): RocPoint[] {
  assertScoresAndLabels(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const nPos = labels.reduce<number>((a, l) => a + l, 0);
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) throw new Error(`ROC needs both classes (positives: ${nPos}, negatives: ${nNeg})`);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  let i = 0;
  while (i < order.length) {
    const t = scores[order[i]];
    // Tied scores move together: one diagonal step, which is what makes the trapezoid area equal the ½-tie AUC.
    while (i < order.length && scores[order[i]] === t) {
      if (labels[order[i]] === 1) tp++;
      else fp++;
      i++;
    }
    points.push({ threshold: t, fpr: fp / nNeg, tpr: tp / nPos });
  }
  return points;
}

/** Trapezoidal area under an ROC polyline (equals the Mann–Whitney AUC for rocCurve output). */
export function trapezoidArea(points: readonly RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    area += ((points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr)) / 2;
  }
  return area;
}

/** Highest TPR reachable with FPR <= each requested value (the conservative step reading used for CI bands). */
export function tprAtFpr(points: readonly RocPoint[], fprs: readonly number[]): number[] {
  return fprs.map((f) => {
    let best = 0;
    for (const p of points) if (p.fpr <= f + 1e-12 && p.tpr > best) best = p.tpr;
    return best;
  });
}
