import unittest

import _path  # noqa: F401
import torch
import torchvision

from pima_ipn.das import DeformConv3x3, deform_conv3x3_grid
from pima_ipn.model import VARIANTS, ModelConfig, build_model, count_parameters, tiny_config

torch.set_num_threads(2)


class DeformableSamplingTest(unittest.TestCase):
    def test_grid_sample_path_equals_torchvision_deform_conv(self):
        g = torch.Generator().manual_seed(0)
        x = torch.randn(2, 5, 9, 11, generator=g)
        # Offsets up to several pixels push taps outside the image, where both must read zeros.
        off = 3 * torch.randn(2, 18, 9, 11, generator=g)
        conv = DeformConv3x3(5, 7, "grid")
        with torch.no_grad():
            conv.bias.normal_()
        ours = conv(x, off)
        conv.impl = "torchvision"
        ref = conv(x, off)
        self.assertLess((ours - ref).abs().max().item(), 1e-5)

    def test_zero_offsets_are_a_plain_3x3_convolution(self):
        x = torch.randn(1, 4, 6, 6)
        w = torch.randn(3, 4, 3, 3)
        b = torch.randn(3)
        out = deform_conv3x3_grid(x, torch.zeros(1, 18, 6, 6), w, b)
        self.assertLess((out - torch.nn.functional.conv2d(x, w, b, padding=1)).abs().max().item(), 1e-5)

    def test_whole_model_outputs_agree_between_implementations(self):
        from pima_ipn.export import randomise_for_tests
        m = build_model(tiny_config())
        randomise_for_tests(m, 3, 64)
        x = torch.randn(2, 3, 64, 64)
        with torch.no_grad():
            a = m.forward_explain(x)
            m.set_das_impl("torchvision")
            b = m.forward_explain(x)
        for u, v in zip(a, b):
            self.assertLess((u - v).abs().max().item(), 1e-4)


class VariantsTest(unittest.TestCase):
    def test_full_size_baseline_has_torchvision_resnet50_parameter_count(self):
        ours = count_parameters(build_model(ModelConfig(variant="resnet50")))
        self.assertEqual(ours, count_parameters(torchvision.models.resnet50(num_classes=2)))

    def test_se_and_das_add_parameters_in_the_expected_order(self):
        n = {v: count_parameters(build_model(ModelConfig(variant=v))) for v in VARIANTS}
        self.assertLess(n["resnet50"], n["se_resnet50"])
        self.assertLess(n["se_resnet50"], n["se_das_resnet50"])
        self.assertEqual(n["se_das_resnet50"] - n["das_resnet50"], n["se_resnet50"] - n["resnet50"])
        # int8 weights must stay under the 30 MB per-file budget.
        self.assertLess(n["se_das_resnet50"], 29_000_000)

    def test_each_variant_runs_and_explains(self):
        x = torch.randn(2, 3, 64, 64)
        for variant, (se, das) in VARIANTS.items():
            with self.subTest(variant=variant):
                m = build_model(tiny_config(variant)).eval()
                self.assertEqual(m.last_gate() is not None, das)
                self.assertEqual(any(hasattr(b, "se") and b.se is not None for b in m.modules()), se)
                with torch.no_grad():
                    outs = m.forward_explain(x)
                self.assertEqual(tuple(outs[0].shape), (2, 2))
                self.assertEqual(tuple(outs[1].shape), (2, 2, 2, 2))
                self.assertEqual(len(outs), 3 if das else 2)
                if das:
                    self.assertEqual(tuple(outs[2].shape), (2, 1, 2, 2))

    def test_cam_averages_to_the_logits_minus_bias(self):
        from pima_ipn.export import randomise_for_tests
        m = build_model(tiny_config())
        randomise_for_tests(m, 5, 96)
        with torch.no_grad():
            logits, cam, attention = m.forward_explain(torch.randn(3, 3, 96, 96))
        self.assertLess((cam.mean(dim=(2, 3)) + m.head.bias - logits).abs().max().item(), 1e-4)
        self.assertTrue(bool(((attention > 0) & (attention < 1)).all()))
        self.assertGreater(cam.std().item(), 0)

    def test_unknown_variant_is_refused(self):
        with self.assertRaises(ValueError):
            build_model(ModelConfig(variant="vit"))


if __name__ == "__main__":
    unittest.main()
