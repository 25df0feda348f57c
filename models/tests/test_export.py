import hashlib
import json
import os
import tempfile
import unittest

import _path  # noqa: F401
import numpy as np
import onnx
import torch

from pima_ipn.export import export_onnx, export_tiny, prepare_weights, randomise_for_tests
from pima_ipn.model import build_model, tiny_config
from pima_ipn.onnx_weights import is_quantisable, quantise_per_channel

torch.set_num_threads(2)
TINY = os.path.join(_path.MODELS, "tiny-test")


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.model = build_model(tiny_config())
        randomise_for_tests(cls.model, 7, 64)
        cls.infos = {w: export_onnx(cls.model, os.path.join(cls.tmp.name, f"{w}.onnx"), 64, w)
                     for w in ("fp32", "fp16w")}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_graph_contract(self):
        m = onnx.load(os.path.join(self.tmp.name, "fp32.onnx"))
        onnx.checker.check_model(m)
        self.assertEqual([o.version for o in m.opset_import if o.domain in ("", "ai.onnx")], [17])
        self.assertEqual([i.name for i in m.graph.input], ["input"])
        outs = {o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim] for o in m.graph.output}
        self.assertEqual(outs, {"logits": ["N", 2], "cam": ["N", 2, 2, 2], "attention": ["N", 1, 2, 2]})
        ops = {n.op_type for n in m.graph.node}
        self.assertIn("GridSample", ops)
        self.assertNotIn("DeformConv", ops)

    def test_export_leaves_the_model_in_eval_mode_with_unchanged_outputs(self):
        x = torch.randn(2, 3, 64, 64)
        with torch.no_grad():
            before = self.model.forward_explain(x)[0]
        export_onnx(self.model, os.path.join(self.tmp.name, "again.onnx"), 64)
        self.assertFalse(any(m.training for m in self.model.modules()))
        with torch.no_grad():
            after = self.model.forward_explain(x)[0]
        self.assertEqual(float((before - after).abs().max()), 0.0)

    def test_variant_without_das_has_no_attention_output(self):
        m = build_model(tiny_config("se_resnet50"))
        info = export_onnx(m, os.path.join(self.tmp.name, "se.onnx"), 64)
        self.assertEqual(info["outputs"], ["logits", "cam"])
        self.assertNotIn("GridSample", info["ops"])

    def test_fp16w_halves_the_weights(self):
        self.assertLess(self.infos["fp16w"]["bytes"], 0.6 * self.infos["fp32"]["bytes"])
        m = onnx.load(os.path.join(self.tmp.name, "fp16w.onnx"))
        self.assertIn("Cast", {n.op_type for n in m.graph.node})

    def test_int8_graph_and_fake_quantised_model_hold_the_same_weights(self):
        m = build_model(tiny_config())
        randomise_for_tests(m, 8, 64)
        prepare_weights(m, "int8")
        info = export_onnx(m, os.path.join(self.tmp.name, "int8.onnx"), 64, "int8")
        self.assertGreater(info["converted_tensors"], 10)
        self.assertIn("DequantizeLinear", info["ops"])
        self.assertLess(info["bytes"], 0.45 * self.infos["fp32"]["bytes"])
        # Quantising again is a no-op: the PyTorch weights are already on the int8 grid.
        ws = [p.detach().numpy() for n, p in m.named_parameters() if n.endswith("weight") and is_quantisable(tuple(p.shape))]
        self.assertGreater(len(ws), 10)
        for w in ws:
            q, s = quantise_per_channel(w)
            self.assertLess(np.abs(q * s[:, None, None, None] - w).max(), 1e-6)

    def test_per_channel_quantisation_error_is_within_half_a_step(self):
        w = np.random.default_rng(0).normal(size=(8, 4, 3, 3)).astype(np.float32) * np.arange(1, 9).reshape(8, 1, 1, 1)
        q, s = quantise_per_channel(w)
        err = np.abs(q.astype(np.float64) * s[:, None, None, None] - w)
        self.assertTrue(np.all(err <= s[:, None, None, None] / 2 + 1e-6))
        self.assertEqual(int(np.abs(q).max()), 127)


class CommittedTinyModelTest(unittest.TestCase):
    def test_manifest_describes_the_committed_file(self):
        with open(os.path.join(TINY, "manifest.json")) as f:
            man = json.load(f)
        with open(os.path.join(TINY, man["file"]["url"]), "rb") as f:
            data = f.read()
        self.assertEqual(man["file"]["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(man["file"]["bytes"], len(data))
        self.assertLess(len(data), 1_000_000)
        self.assertTrue(man["researchUseOnly"] and man["demo"])
        self.assertEqual(man["version"], "0.0.1")

    def test_golden_fixtures_are_reproduced_by_the_export_code(self):
        with tempfile.TemporaryDirectory() as tmp:
            export_tiny(tmp)
            with open(os.path.join(TINY, "golden", "golden.json")) as f:
                golden = json.load(f)
            for case in golden["cases"]:
                for spec in [case["input"], *case["outputs"].values()]:
                    ref = np.fromfile(os.path.join(TINY, "golden", spec["file"]), "<f4")
                    new = np.fromfile(os.path.join(tmp, "golden", spec["file"]), "<f4")
                    self.assertEqual(ref.size, int(np.prod(spec["shape"])))
                    self.assertLess(float(np.abs(ref - new).max()), 1e-5, spec["file"])


if __name__ == "__main__":
    unittest.main()
