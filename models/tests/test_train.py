import json
import os
import tempfile
import unittest

import _path  # noqa: F401
import numpy as np
import torch

from pima_ipn.cohort import load_cohort, make_splits, read_labels
from pima_ipn.manifest import DEFAULT_INPUT
from pima_ipn.train import augment, lr_at, parse_args, train
from synthetic_cohort import make_cohort

torch.set_num_threads(2)


class CohortAndTrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cohort = os.path.join(cls.tmp.name, "cohort")
        make_cohort(cls.cohort, patients=20, size=48, seed=3)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_patient_level_stratified_split(self):
        rows = read_labels(os.path.join(self.cohort, "labels.csv"))
        s = make_splits(rows, seed=4)
        self.assertEqual(s, make_splits(rows, seed=4))
        sets = [set(s[k]) for k in ("train", "tune", "validation")]
        self.assertEqual(sum(len(x) for x in sets), 20)
        self.assertEqual(len(set.union(*sets)), 20)
        labels = {r["patient_id"]: r["label"] for r in rows}
        self.assertEqual(sorted(labels[p] for p in s["validation"]), ["IPN", "IPN", "PIMA", "PIMA"])

    def test_cohort_slices_follow_the_preprocessing_spec(self):
        rows = read_labels(os.path.join(self.cohort, "labels.csv"))[:2]
        inp = dict(DEFAULT_INPUT, size=32)
        data = load_cohort(self.cohort, rows, inp)
        self.assertEqual(data.images.shape, (6, 32, 32))
        self.assertTrue(0 <= data.images.min() and data.images.max() <= 1)
        self.assertEqual(list(data.labels), [1, 1, 1, 0, 0, 0])

    def test_augment_keeps_range_and_without_jitter_only_flips(self):
        g = torch.Generator().manual_seed(0)
        v = torch.rand(6, 1, 16, 16)
        out = augment(v, g, 0.23, max_rot_deg=0.0, scale=(1.0, 1.0), jitter=0.0)
        for a, b in zip(v, out):
            cands = [a, a.flip(-1), a.flip(-2), a.flip(-1).flip(-2)]
            self.assertLess(min(float((c - b).abs().max()) for c in cands), 1e-5)
        out = augment(v, g, 0.23)
        self.assertTrue(bool((out >= 0).all() and (out <= 1).all()))

    def test_schedule_warms_up_then_decays_and_follows_the_time_budget(self):
        lrs = [lr_at(s, 100, 10, 1.0) for s in range(100)]
        self.assertTrue(all(a < b for a, b in zip(lrs[:9], lrs[1:10])))
        self.assertAlmostEqual(lrs[9], 1.0)
        self.assertTrue(all(a >= b for a, b in zip(lrs[10:], lrs[11:])))
        self.assertLess(lrs[-1], 0.01)
        # Halfway through the steps but out of time: the schedule is at its end.
        self.assertAlmostEqual(lr_at(50, 100, 10, 1.0, progress=1.0), 0.0)
        self.assertAlmostEqual(lr_at(50, 100, 10, 1.0, progress=0.0), lr_at(50, 100, 10, 1.0))

    def test_smoke_training_writes_log_checkpoint_and_predictions(self):
        out = os.path.join(self.tmp.name, "run")
        args = parse_args(["--cohort", self.cohort, "--out", out, "--size", "64", "--epochs", "2", "--batch", "8",
                           "--base-width", "4", "--blocks", "1,1,1,1", "--das-reduction", "4", "--seed", "5"])
        result = train(args)
        with open(os.path.join(out, "training-log.jsonl")) as f:
            lines = [json.loads(x) for x in f]
        self.assertEqual([x["event"] for x in lines], ["start", "epoch", "epoch", "end"])
        self.assertEqual(lines[0]["patients"], {"train": 14, "tune": 2, "validation": 4})
        self.assertTrue(os.path.exists(os.path.join(out, "checkpoint.pt")))
        with open(os.path.join(out, "predictions.json")) as f:
            preds = json.load(f)
        self.assertEqual(len(preds["validation"]["scores"]), 4)
        self.assertTrue(all(0 <= p <= 1 for p in preds["validation"]["scores"]))
        self.assertIsNotNone(result["validation_auc"])

    def test_second_stage_continues_the_same_model_on_the_same_split(self):
        first = os.path.join(self.tmp.name, "stage1")
        common = ["--cohort", self.cohort, "--size", "64", "--batch", "8", "--base-width", "4", "--blocks", "1,1,1,1",
                  "--das-reduction", "4", "--seed", "5"]
        train(parse_args(common + ["--out", first, "--epochs", "1"]))
        second = os.path.join(self.tmp.name, "stage2")
        result = train(parse_args(common + ["--out", second, "--epochs", "1", "--init", os.path.join(first, "checkpoint.pt")]))
        with open(os.path.join(second, "training-log.jsonl")) as f:
            lines = [json.loads(x) for x in f]
        self.assertEqual([(x["event"], x.get("stage")) for x in lines],
                         [("start", 1), ("epoch", 1), ("end", 1), ("start", 2), ("epoch", 2), ("end", 2)])
        self.assertEqual([x["epoch"] for x in lines if x["event"] == "epoch"], [1, 2])
        self.assertEqual(result["epochs_run"], 2)
        self.assertIn(result["best_epoch"], (1, 2))
        self.assertTrue(all("args" in x for x in lines if x["event"] == "start"))
        from pima_ipn.publish import train_commands
        cmds = train_commands(lines, {})
        self.assertEqual(len(cmds), 2)
        self.assertIn("--init", cmds[1])
        # A different seed means a different split: continuing would leak validation patients.
        with self.assertRaisesRegex(ValueError, "different patient split"):
            train(parse_args(["--cohort", self.cohort, "--size", "64", "--batch", "8", "--base-width", "4", "--blocks",
                              "1,1,1,1", "--das-reduction", "4", "--seed", "6", "--out", os.path.join(self.tmp.name, "x"),
                              "--epochs", "1", "--init", os.path.join(first, "checkpoint.pt")]))

    def test_an_interrupted_stage_is_finished_by_an_evaluation_only_stage(self):
        run = os.path.join(self.tmp.name, "interrupted")
        common = ["--cohort", self.cohort, "--size", "64", "--batch", "8", "--base-width", "4", "--blocks", "1,1,1,1",
                  "--das-reduction", "4", "--seed", "5"]
        train(parse_args(common + ["--out", run, "--epochs", "2"]))
        log_path = os.path.join(run, "training-log.jsonl")
        with open(log_path) as f:
            lines = [json.loads(x) for x in f]
        # As if the machine had stopped after the last epoch: no end event, no predictions.
        with open(log_path, "w") as f:
            f.writelines(json.dumps(x) + "\n" for x in lines if x["event"] != "end")
        os.remove(os.path.join(run, "predictions.json"))
        import torch
        best_epoch = torch.load(os.path.join(run, "checkpoint.pt"), map_location="cpu")["epoch"]
        result = train(parse_args(common + ["--out", run, "--epochs", "0", "--init", os.path.join(run, "checkpoint.pt")]))
        self.assertEqual(result["epochs_run"], 2)
        self.assertEqual(result["best_epoch"], best_epoch)
        self.assertIsNotNone(result["validation_auc"])
        with open(log_path) as f:
            events = [(x["event"], x.get("stage")) for x in map(json.loads, f)]
        self.assertEqual(events, [("start", 1), ("epoch", 1), ("epoch", 1), ("start", 2), ("end", 2)])
        self.assertTrue(os.path.exists(os.path.join(run, "predictions.json")))
        from pima_ipn.publish import train_commands
        with open(log_path) as f:
            cmds = train_commands([json.loads(x) for x in f], {})
        self.assertIn("--epochs 2", cmds[0])
        self.assertIn("--epochs 0 ", cmds[1] + " ")


if __name__ == "__main__":
    unittest.main()
