/** Confusion matrix at a threshold (score >= threshold → positive) and the proportions derived from it. */
import { assertScoresAndLabels, BinaryLabel } from './auc';
import { proportion, Proportion } from './proportion';

export interface ConfusionMatrix {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

export function confusionMatrix(
  scores: readonly number[],
  labels: readonly BinaryLabel[],
  threshold: number,
): ConfusionMatrix {
  assertScoresAndLabels(scores, labels);
  const cm: ConfusionMatrix = { tp: 0, fn: 0, fp: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const predictedPositive = scores[i] >= threshold;
    if (labels[i] === 1) predictedPositive ? cm.tp++ : cm.fn++;
    else predictedPositive ? cm.fp++ : cm.tn++;
  }
  return cm;
}

export interface ClassificationMetrics {
  threshold: number;
  confusion: ConfusionMatrix;
  sensitivity: Proportion;
  specificity: Proportion;
  ppv: Proportion;
  npv: Proportion;
  accuracy: Proportion;
  /** 2TP / (2TP + FP + FN); NaN when there are no positives either predicted or true. */
  f1: number;
  youdenJ: number;
}

export function metricsFromConfusion(cm: ConfusionMatrix, threshold: number, level = 0.95): ClassificationMetrics {
  const sensitivity = proportion(cm.tp, cm.tp + cm.fn, level);
  const specificity = proportion(cm.tn, cm.tn + cm.fp, level);
  const f1Denominator = 2 * cm.tp + cm.fp + cm.fn;
  return {
    threshold,
    confusion: cm,
    sensitivity,
    specificity,
    ppv: proportion(cm.tp, cm.tp + cm.fp, level),
    npv: proportion(cm.tn, cm.tn + cm.fn, level),
    accuracy: proportion(cm.tp + cm.tn, cm.tp + cm.tn + cm.fp + cm.fn, level),
    f1: f1Denominator === 0 ? NaN : (2 * cm.tp) / f1Denominator,
    youdenJ: sensitivity.value + specificity.value - 1,
  };
}

export function classificationMetrics(
  scores: readonly number[],
  labels: readonly BinaryLabel[],
  threshold: number,
  level = 0.95,
): ClassificationMetrics {
  return metricsFromConfusion(confusionMatrix(scores, labels, threshold), threshold, level);
}
