"""Patient-level statistics for the model card: AUC with DeLong CI, paired DeLong test,
Clopper-Pearson intervals, Youden threshold, reference histograms. numpy only (no scipy here)."""

from __future__ import annotations

import math
from typing import Dict, List, Sequence, Tuple

import numpy as np

Z975 = 1.959963984540054


def _midrank(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    n = len(x)
    ranks = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and xs[j] == xs[i]:
            j += 1
        ranks[i:j] = 0.5 * (i + j - 1) + 1
        i = j
    out = np.empty(n)
    out[order] = ranks
    return out


def delong_components(scores: np.ndarray, labels: np.ndarray) -> Tuple[float, np.ndarray, np.ndarray]:
    """Fast DeLong (Sun & Xu 2014) for one score vector: (AUC, V10 per positive, V01 per negative)."""
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    m, n = len(pos), len(neg)
    if m == 0 or n == 0:
        raise ValueError("AUC needs at least one positive and one negative")
    tx, ty, tz = _midrank(pos), _midrank(neg), _midrank(np.concatenate([pos, neg]))
    auc = (tz[:m].sum() - m * (m + 1) / 2) / (m * n)
    v10 = (tz[:m] - tx) / n
    v01 = 1.0 - (tz[m:] - ty) / m
    return float(auc), v10, v01


def auc_delong(scores: Sequence[float], labels: Sequence[int]) -> Dict[str, object]:
    s, y = np.asarray(scores, float), np.asarray(labels, int)
    auc, v10, v01 = delong_components(s, y)
    var = (np.var(v10, ddof=1) if len(v10) > 1 else 0.0) / len(v10) + \
          (np.var(v01, ddof=1) if len(v01) > 1 else 0.0) / len(v01)
    se = math.sqrt(max(var, 0.0))
    return {"value": auc, "se": se,
            "ci95": [max(0.0, auc - Z975 * se), min(1.0, auc + Z975 * se)], "method": "DeLong"}


def delong_paired_test(scores_a: Sequence[float], scores_b: Sequence[float], labels: Sequence[int]) -> Dict[str, float]:
    """Two-sided paired DeLong test of AUC_a == AUC_b on the same patients."""
    y = np.asarray(labels, int)
    a1, a10, a01 = delong_components(np.asarray(scores_a, float), y)
    b1, b10, b01 = delong_components(np.asarray(scores_b, float), y)
    s10 = np.cov(np.vstack([a10, b10]))
    s01 = np.cov(np.vstack([a01, b01]))
    cov = s10 / len(a10) + s01 / len(a01)
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    if var <= 0:
        return {"auc_a": a1, "auc_b": b1, "z": 0.0, "p": 1.0}
    z = (a1 - b1) / math.sqrt(var)
    p = math.erfc(abs(z) / math.sqrt(2))
    return {"auc_a": a1, "auc_b": b1, "z": z, "p": p}


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x > (a + 1) / (a + b + 2):
        return 1.0 - _betainc(b, a, 1 - x)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return math.exp(lbeta) * h / a


def _beta_quantile(q: float, a: float, b: float) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _betainc(a, b, mid) < q:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def clopper_pearson(k: int, n: int, alpha: float = 0.05) -> List[float]:
    if n <= 0:
        return [0.0, 1.0]
    lo = 0.0 if k == 0 else _beta_quantile(alpha / 2, k, n - k + 1)
    hi = 1.0 if k == n else _beta_quantile(1 - alpha / 2, k + 1, n - k)
    return [lo, hi]


def confusion(scores: Sequence[float], labels: Sequence[int], threshold: float) -> Dict[str, int]:
    s, y = np.asarray(scores, float), np.asarray(labels, int)
    pred = s >= threshold
    return {"tp": int(np.sum(pred & (y == 1))), "fn": int(np.sum(~pred & (y == 1))),
            "tn": int(np.sum(~pred & (y == 0))), "fp": int(np.sum(pred & (y == 0)))}


def sens_spec(scores: Sequence[float], labels: Sequence[int], threshold: float) -> Dict[str, Dict]:
    c = confusion(scores, labels, threshold)
    npos, nneg = c["tp"] + c["fn"], c["tn"] + c["fp"]
    return {
        "sensitivity": {"value": c["tp"] / npos if npos else 0.0, "ci95": clopper_pearson(c["tp"], npos),
                        "method": "Clopper-Pearson", "k": c["tp"], "n": npos},
        "specificity": {"value": c["tn"] / nneg if nneg else 0.0, "ci95": clopper_pearson(c["tn"], nneg),
                        "method": "Clopper-Pearson", "k": c["tn"], "n": nneg},
        "confusion": c,
    }


def youden_threshold(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Threshold maximising sensitivity + specificity - 1 (midpoint between adjacent scores)."""
    s, y = np.asarray(scores, float), np.asarray(labels, int)
    uniq = np.unique(s)
    cands = np.concatenate([[uniq[0] - 1e-9], (uniq[:-1] + uniq[1:]) / 2, [uniq[-1] + 1e-9]]) if len(uniq) > 1 \
        else np.array([uniq[0]])
    best, best_t = -2.0, 0.5
    for t in cands:
        c = confusion(s, y, t)
        j = c["tp"] / max(c["tp"] + c["fn"], 1) + c["tn"] / max(c["tn"] + c["fp"], 1) - 1
        if j > best + 1e-12:
            best, best_t = j, float(t)
    return min(max(best_t, 0.0), 1.0)


def histogram(scores: Sequence[float], bins: int = 10) -> Tuple[List[float], List[int]]:
    edges = [round(i / bins, 10) for i in range(bins + 1)]
    counts, _ = np.histogram(np.clip(np.asarray(scores, float), 0, 1), bins=np.array(edges))
    return edges, [int(c) for c in counts]
