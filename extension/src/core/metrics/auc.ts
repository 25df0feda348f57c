/**
 * Area under the ROC curve as the Mann–Whitney probability P(score_pos > score_neg) + ½·P(tie).
 * Computed from mid-ranks in O(n log n) so it scales to slice-level cohorts.
 * Label 1 is the positive class (PIMA).
 */
export type BinaryLabel = 0 | 1;

export function assertScoresAndLabels(scores: readonly number[], labels: readonly BinaryLabel[]): void {
  if (scores.length !== labels.length) {
    throw new Error(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`score ${i} is not a finite number: ${scores[i]}`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`label ${i} is not 0 or 1: ${String(labels[i])}`);
  }
}

/** Mid-ranks (1-based; tied values share the mean of their ranks). */
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = mid;
    i = j + 1;
  }
  return ranks;
}

export function aucMannWhitney(scores: readonly number[], labels: readonly BinaryLabel[]): number {
  assertScoresAndLabels(scores, labels);
  let nPos = 0;
  for (const l of labels) nPos += l;
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new Error(`AUC needs both classes (positives: ${nPos}, negatives: ${nNeg})`);
  }
  const ranks = midRanks(scores);
  let rankSumPos = 0;
  for (let i = 0; i < ranks.length; i++) if (labels[i] === 1) rankSumPos += ranks[i];
  const u = rankSumPos - (nPos * (nPos + 1)) / 2;
  return u / (nPos * nNeg);
}
