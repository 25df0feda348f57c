/** The few 3-vector helpers the tree and lesion builders share. */
export type V3 = [number, number, number];

/** Unit vector along v (v itself when it has zero length is returned as [0, 0, 0] / 1). */
export function normalize(v: V3): V3 {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}
