/**
 * Youden-optimal threshold. Meant for a tuning cohort only: a threshold fitted on the test cohort
 * makes its sensitivity/specificity optimistic, so the validation tool never calls this on test data.
 */
import { BinaryLabel } from './auc';
import { rocCurve } from './roc';

export interface YoudenResult {
  threshold: number;
  j: number;
  sensitivity: number;
  specificity: number;
}

/**
 * Maximises J = TPR − FPR over the empirical ROC. The returned threshold is the midpoint between the
 * optimal cut score and the next lower distinct score, so it classifies the tuning cohort identically
 * while not sitting on a tuning case's exact score. Ties in J go to the higher threshold (fewer positives).
 */
export function youdenThreshold(scores: readonly number[], labels: readonly BinaryLabel[]): YoudenResult {
  const points = rocCurve(scores, labels);
  let best = 1;
  for (let k = 2; k < points.length; k++) {
    if (points[k].tpr - points[k].fpr > points[best].tpr - points[best].fpr + 1e-12) best = k;
  }
  const cut = points[best].threshold;
  const threshold = best + 1 < points.length ? (cut + points[best + 1].threshold) / 2 : cut;
  return {
    threshold,
    j: points[best].tpr - points[best].fpr,
    sensitivity: points[best].tpr,
    specificity: 1 - points[best].fpr,
  };
}
