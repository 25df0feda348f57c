/** Numerically stable softmax (max subtracted first), in float64. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) if (logits[k] > max) max = logits[k];
  const e: number[] = [];
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    const v = Math.exp(logits[k] - max);
    e.push(v);
    sum += v;
  }
  return e.map((v) => v / sum);
}
