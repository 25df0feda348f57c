import { aucMannWhitney, BinaryLabel } from '../../../extension/src/core/metrics/auc';
import { aucDeLong, pairedDeLong, placementValues } from '../../../extension/src/core/metrics/delong';
import { normalCdf } from '../../../extension/src/core/metrics/special';
import { mulberry32 } from '../../../extension/src/core/metrics/prng';
import { rocCurve, trapezoidArea } from '../../../extension/src/core/metrics/roc';

/** AUC by enumerating every positive–negative pair (the definition), O(n²). */
function aucAllPairs(scores: number[], labels: BinaryLabel[]): number {
  let s = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      s += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      pairs++;
    }
  }
  return s / pairs;
}

/**
 * Two-sample jackknife variance: delete one positive at a time and one negative at a time, recompute
 * the AUC by all pairs, sum (n_k − 1)/n_k · Σ(θ_(i) − θ̄)² over both samples. For the AUC this equals the
 * DeLong estimator exactly, since θ_(−i) − θ̄ = −(V_i − V̄)/(n_k − 1) for the deleted placement value V_i.
 */
function jackknifeVariance(scores: number[], labels: BinaryLabel[]): number {
  let total = 0;
  for (const cls of [1, 0] as const) {
    const idx = labels.map((l, i) => (l === cls ? i : -1)).filter((i) => i >= 0);
    const k = idx.length;
    const thetas = idx.map((drop) => {
      const keep = scores.map((_, i) => i).filter((i) => i !== drop);
      return aucAllPairs(keep.map((i) => scores[i]), keep.map((i) => labels[i]));
    });
    const m = thetas.reduce((a, b) => a + b, 0) / k;
    total += ((k - 1) / k) * thetas.reduce((a, t) => a + (t - m) ** 2, 0);
  }
  return total;
}

function randomCohort(seed: number, nPos: number, nNeg: number, shift: number, roundTo = 0) {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const round = (v: number) => (roundTo > 0 ? Math.round(v * roundTo) / roundTo : v);
  const scores: number[] = [];
  const labels: BinaryLabel[] = [];
  for (let i = 0; i < nPos; i++) { scores.push(round(gauss() + shift)); labels.push(1); }
  for (let i = 0; i < nNeg; i++) { scores.push(round(gauss())); labels.push(0); }
  return { scores, labels, gauss };
}

describe('aucMannWhitney', () => {
  it('is 1 for perfect separation, 0 for reversed, ½ for all ties', () => {
    expect(aucMannWhitney([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(aucMannWhitney([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
    expect(aucMannWhitney([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
  });
  it('equals the all-pairs count and the ROC trapezoid area on random data with ties', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { scores, labels } = randomCohort(seed, 5 + seed, 30 - seed, 0.8, seed % 2 ? 4 : 0);
      const auc = aucMannWhitney(scores, labels);
      expect(auc).toBeCloseTo(aucAllPairs(scores, labels), 12);
      expect(trapezoidArea(rocCurve(scores, labels))).toBeCloseTo(auc, 12);
    }
  });
  it('rejects a single class, mismatched lengths and non-finite scores', () => {
    expect(() => aucMannWhitney([0.1, 0.2], [1, 1])).toThrow(/both classes/);
    expect(() => aucMannWhitney([0.1], [1, 0])).toThrow(/length/);
    expect(() => aucMannWhitney([NaN, 0.2], [1, 0])).toThrow(/finite/);
  });
});

describe('DeLong variance', () => {
  it('matches a small example worked by hand', () => {
    // Positives X = (0.9, 0.8, 0.4), negatives Y = (0.7, 0.4, 0.2); ψ(x,y) = 1 if x > y, ½ if equal, 0 otherwise.
    // Placement values of positives V10(x) = mean_y ψ(x, y):
    //   V10(0.9) = (1+1+1)/3 = 1,  V10(0.8) = (1+1+1)/3 = 1,  V10(0.4) = (0+½+1)/3 = ½.
    // Placement values of negatives V01(y) = mean_x ψ(x, y):
    //   V01(0.7) = (1+1+0)/3 = ⅔,  V01(0.4) = (1+1+½)/3 = ⅚,  V01(0.2) = (1+1+1)/3 = 1.
    // AUC = mean V10 = 2.5/3 = ⅚ (= mean V01 = (4+5+6)/18 = ⅚).
    // S10 = Σ(V10 − ⅚)²/(3−1) = (1/36 + 1/36 + 4/36)/2 = 1/12.
    // S01 = Σ(V01 − ⅚)²/(3−1) = (1/36 + 0 + 1/36)/2 = 1/36.
    // Var(AUC) = S10/m + S01/n = (1/12)/3 + (1/36)/3 = 1/36 + 1/108 = 4/108 = 1/27 ≈ 0.037037.
    const scores = [0.9, 0.8, 0.4, 0.7, 0.4, 0.2];
    const labels: BinaryLabel[] = [1, 1, 1, 0, 0, 0];
    const pv = placementValues(scores, labels);
    expect(pv.positives).toEqual([1, 1, 0.5]);
    pv.negatives.forEach((v, j) => expect(v).toBeCloseTo([2 / 3, 5 / 6, 1][j], 14));
    const r = aucDeLong(scores, labels);
    expect(r.auc).toBeCloseTo(5 / 6, 14);
    expect(r.variance).toBeCloseTo(1 / 27, 14);
    // CI = ⅚ ± 1.95996·√(1/27) = 0.8333 ± 0.3772 → upper end clipped at 1.
    expect(r.ci[0]).toBeCloseTo(5 / 6 - 1.959963984540054 * Math.sqrt(1 / 27), 12);
    expect(r.ci[1]).toBe(1);
  });
  it('reproduces the published AUC of Hanley & McNeil (Radiology 1982;143:29–36, Table 1) and its DeLong variance', () => {
    // Five-point CT ratings (1 = definitely normal … 5 = definitely abnormal), published counts:
    //   normal   (negatives, n = 58): 33, 6, 6, 11, 2
    //   abnormal (positives, m = 51):  3, 2, 2, 11, 33
    // Placement value of a positive rated r: V10(r) = (#negatives rated < r + ½·#negatives rated r) / 58
    //   r=1: (0 + 16.5)/58 = 0.28448   r=2: (33 + 3)/58 = 0.62069   r=3: (39 + 3)/58 = 0.72414
    //   r=4: (45 + 5.5)/58 = 0.87069   r=5: (56 + 1)/58 = 0.98276
    // AUC = Σ m_r·V10(r) / 51 = (3·16.5 + 2·36 + 2·42 + 11·50.5 + 33·57) / (58·51) = 2642/2958 = 0.89317
    //   (published: 0.893).
    // Placement value of a negative rated r: V01(r) = (#positives rated > r + ½·#positives rated r) / 51
    //   r=1: 49.5/51 = 0.97059   r=2: 47/51 = 0.92157   r=3: 45/51 = 0.88235   r=4: 38.5/51 = 0.75490
    //   r=5: 16.5/51 = 0.32353
    // S10 = Σ m_r (V10(r) − AUC)² / 50 = (3·0.60869² + 2·0.27248² + 2·0.16903² + 11·0.02248² + 33·0.08959²) / 50
    //     = (1.11150 + 0.14849 + 0.05714 + 0.00556 + 0.26486) / 50 = 1.58755 / 50 = 0.031751
    // S01 = Σ n_r (V01(r) − AUC)² / 57 = (33·0.07742² + 6·0.02840² + 6·0.01082² + 11·0.13827² + 2·0.56964²) / 57
    //     = (0.19778 + 0.00484 + 0.00070 + 0.21030 + 0.64898) / 57 = 1.06261 / 57 = 0.018642
    // Var = S10/51 + S01/58 = 0.00062257 + 0.00032142 = 0.00094399, SE = 0.03072
    //   (Hanley & McNeil's own approximation gives SE 0.032).
    const scores: number[] = [];
    const labels: BinaryLabel[] = [];
    [33, 6, 6, 11, 2].forEach((count, r) => { for (let i = 0; i < count; i++) { scores.push(r + 1); labels.push(0); } });
    [3, 2, 2, 11, 33].forEach((count, r) => { for (let i = 0; i < count; i++) { scores.push(r + 1); labels.push(1); } });
    const r = aucDeLong(scores, labels);
    expect(r.auc).toBeCloseTo(2642 / 2958, 14);
    expect(Math.round(r.auc * 1000) / 1000).toBe(0.893);
    expect(r.variance).toBeCloseTo(0.031751125 / 51 + 0.018642255 / 58, 9);
    expect(r.se).toBeCloseTo(0.03072, 5);
  });
  it('is consistent with the paper\'s AUC 0.990 (0.978–1.000) for one plausible 38 PIMA / 51 IPN score layout', () => {
    // Not a reproduction (the paper's scores are unknown): 48 IPN score below every PIMA, and three IPN
    // outrank the 7, 6 and 6 lowest-scored PIMA, i.e. 19 of 38·51 = 1938 pairs mis-ranked (model-spec.md §2).
    const scores: number[] = [];
    const labels: BinaryLabel[] = [];
    for (let i = 0; i < 38; i++) { scores.push(100 + i); labels.push(1); }
    for (let i = 0; i < 48; i++) { scores.push(i); labels.push(0); }
    for (const k of [7, 6, 6]) { scores.push(100 + k - 0.5); labels.push(0); }
    const r = aucDeLong(scores, labels);
    expect(r.auc).toBeCloseTo(1 - 19 / 1938, 14);
    expect(r.ci[0]).toBeCloseTo(0.977, 3);
    expect(r.ci[1]).toBe(1);
  });
  it('equals the two-sample jackknife variance (exact identity) on random data with ties', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { scores, labels } = randomCohort(100 + seed, 4 + seed, 20 - seed, 1, seed % 3 === 0 ? 3 : 0);
      expect(aucDeLong(scores, labels).variance).toBeCloseTo(jackknifeVariance(scores, labels), 12);
    }
  });
  it('gives a nominal CI that is narrower for larger cohorts and is zero-width at perfect separation', () => {
    const small = randomCohort(5, 20, 20, 1);
    const large = randomCohort(5, 200, 200, 1);
    expect(aucDeLong(large.scores, large.labels).se).toBeLessThan(aucDeLong(small.scores, small.labels).se);
    const perfect = aucDeLong([3, 4, 5, 0, 1, 2], [1, 1, 1, 0, 0, 0]);
    expect(perfect.ci).toEqual([1, 1]);
  });
});

describe('paired DeLong', () => {
  it('difference variance equals the jackknife variance of the AUC difference', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { scores, labels, gauss } = randomCohort(200 + seed, 10 + seed, 15, 1);
      // Model B = model A plus noise: correlated, as two models on the same patients are.
      const scoresB = scores.map((s) => s + 0.8 * gauss());
      const pd = pairedDeLong(scores, scoresB, labels);
      // Jackknife on case indices, deleting one case at a time within each class.
      let jack = 0;
      for (const cls of [1, 0] as const) {
        const idx = labels.map((l, i) => (l === cls ? i : -1)).filter((i) => i >= 0);
        const thetas = idx.map((drop) => {
          const keep = labels.map((_, i) => i).filter((i) => i !== drop);
          const l = keep.map((i) => labels[i]);
          return aucAllPairs(keep.map((i) => scores[i]), l) - aucAllPairs(keep.map((i) => scoresB[i]), l);
        });
        const m = thetas.reduce((a, b) => a + b, 0) / thetas.length;
        jack += ((idx.length - 1) / idx.length) * thetas.reduce((a, t) => a + (t - m) ** 2, 0);
      }
      expect(pd.se ** 2).toBeCloseTo(jack, 12);
      expect(pd.difference).toBeCloseTo(aucAllPairs(scores, labels) - aucAllPairs(scoresB, labels), 12);
      expect(pd.z).toBeCloseTo(pd.difference / pd.se, 12);
    }
  });
  it('detects a clearly better model and not a relabelled copy', () => {
    const { scores, labels, gauss } = randomCohort(42, 60, 60, 2);
    const worse = scores.map((s) => s + 3 * gauss());
    const better = pairedDeLong(scores, worse, labels);
    expect(better.difference).toBeGreaterThan(0);
    expect(better.p).toBeLessThan(0.05);
    expect(better.ci[0]).toBeGreaterThan(0);
    // A monotone transform ranks identically: no difference and no variance, so no test statistic.
    const same = pairedDeLong(scores, scores.map((s) => Math.exp(s)), labels);
    expect(same.difference).toBe(0);
    expect(same.p).toBeNaN();
  });
  it('is antisymmetric in the two models and two-sided (p = 2·Φ(−|z|))', () => {
    const { scores, labels, gauss } = randomCohort(43, 30, 30, 1);
    const other = scores.map((s) => s + gauss());
    const ab = pairedDeLong(scores, other, labels);
    const ba = pairedDeLong(other, scores, labels);
    expect(ba.z).toBeCloseTo(-ab.z, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
    expect(ab.p).toBeCloseTo(2 * normalCdf(-Math.abs(ab.z)), 14);
  });
  it('refuses cohorts of different sizes', () => {
    expect(() => pairedDeLong([1, 2], [1, 2, 3], [1, 0])).toThrow(/same cases/);
  });
});
