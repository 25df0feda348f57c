import unittest

import _path  # noqa: F401
import numpy as np

from pima_ipn.metrics import (auc_delong, clopper_pearson, delong_components, delong_paired_test, histogram,
                              sens_spec, youden_threshold)


def brute_auc(s, y):
    pos, neg = s[y == 1], s[y == 0]
    return np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg])


def brute_delong_var(s, y):
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(1), psi.mean(0)
    return np.var(v10, ddof=1) / len(pos) + np.var(v01, ddof=1) / len(neg)


class MetricsTest(unittest.TestCase):
    def test_clopper_pearson_reproduces_the_paper_and_known_values(self):
        lo, hi = clopper_pearson(38, 38)
        self.assertAlmostEqual(lo, 0.9075, places=4)  # the paper's 90.7-100%
        self.assertEqual(hi, 1.0)
        lo, hi = clopper_pearson(48, 51)
        self.assertAlmostEqual(lo, 0.8376, places=3)
        self.assertAlmostEqual(hi, 0.9877, places=3)
        self.assertEqual(clopper_pearson(0, 10)[0], 0.0)

    def test_delong_matches_brute_force(self):
        rng = np.random.default_rng(1)
        y = rng.integers(0, 2, 60)
        s = np.round(rng.normal(size=60) + y, 1)  # rounding creates ties
        r = auc_delong(s, y)
        self.assertAlmostEqual(r["value"], brute_auc(s, y), places=12)
        self.assertAlmostEqual(r["se"] ** 2, brute_delong_var(s, y), places=12)
        self.assertLessEqual(r["ci95"][1], 1.0)

    def test_paired_test_is_antisymmetric_and_zero_for_identical_scores(self):
        rng = np.random.default_rng(2)
        y = np.array([0, 1] * 20)
        a, b = rng.normal(size=40) + y, rng.normal(size=40) + 0.3 * y
        ab, ba = delong_paired_test(a, b, y), delong_paired_test(b, a, y)
        self.assertAlmostEqual(ab["z"], -ba["z"], places=12)
        self.assertAlmostEqual(ab["p"], ba["p"], places=12)
        self.assertEqual(delong_paired_test(a, a, y)["p"], 1.0)
        self.assertEqual(delong_components(a, y)[0], ab["auc_a"])

    def test_threshold_metrics(self):
        s = np.array([0.1, 0.4, 0.35, 0.8, 0.6])
        y = np.array([0, 0, 1, 1, 0])
        r = sens_spec(s, y, 0.5)
        self.assertEqual(r["confusion"], {"tp": 1, "fn": 1, "tn": 2, "fp": 1})
        t = youden_threshold(s, y)
        c = sens_spec(s, y, t)["confusion"]
        self.assertEqual(c["tp"] + c["tn"], 4)  # the best achievable split of these scores
        edges, counts = histogram([0.0, 0.05, 0.95, 1.0])
        self.assertEqual(len(edges), 11)
        self.assertEqual(counts[0] + counts[-1], 4)


if __name__ == "__main__":
    unittest.main()
