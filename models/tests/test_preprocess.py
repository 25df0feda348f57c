import json
import os
import unittest

import _path  # noqa: F401
import numpy as np

from pima_ipn.make_preprocess_golden import OUT_DIR, write_fixture
from pima_ipn.manifest import DEFAULT_INPUT
from pima_ipn.preprocess import bilinear_crop, crop_box, preprocess_slice, to_hu, window

CROP = DEFAULT_INPUT["crop"]


class SpecTest(unittest.TestCase):
    """Hand-worked cases from docs/architecture.md (the same numbers the TypeScript tests use)."""

    def test_crop_box(self):
        self.assertEqual(crop_box((10, 20, 30, 60), 512, 512, CROP), {"x": -12, "y": 8, "width": 64, "height": 64})
        self.assertEqual(crop_box((0, 0, 100, 50), 512, 512, CROP), {"x": -25, "y": -50, "width": 150, "height": 150})
        self.assertEqual(crop_box(None, 4, 6, CROP), {"x": 0, "y": -1, "width": 6, "height": 6})
        with self.assertRaises(ValueError):
            crop_box((5, 5, 5, 9), 10, 10, CROP)

    def test_bilinear(self):
        hu = np.array([[0.0, 100.0], [200.0, 300.0]])
        box = {"x": 0, "y": 0, "width": 2, "height": 2}
        np.testing.assert_array_equal(bilinear_crop(hu, box, 2, -1000), hu)
        np.testing.assert_array_equal(bilinear_crop(hu, box, 1, -1000), [[150.0]])
        out = bilinear_crop(np.array([[1000.0]]), {"x": 0, "y": 0, "width": 1, "height": 1}, 2, -1000)
        np.testing.assert_array_equal(out, np.full((2, 2), 125.0))

    def test_far_outside_crop_is_all_padding(self):
        out = bilinear_crop(np.zeros((4, 4)), {"x": 100, "y": -50, "width": 8, "height": 8}, 4, -1000)
        np.testing.assert_array_equal(out, np.full((4, 4), -1000.0))

    def test_modality_lut_and_window(self):
        np.testing.assert_array_equal(to_hu(np.array([0, 1024, 2048, 3], np.int16), 0.5, -1024), [-1024, -512, 0, -1022.5])
        with self.assertRaises(ValueError):
            to_hu(np.array([1]), None, None)
        self.assertEqual(float(window(np.array(-2000.0), {"center": -600, "width": 1500})), 0.0)
        self.assertEqual(float(window(np.array(-600.0), {"center": -600, "width": 1500})), 0.5)

    def test_full_pipeline_one_pixel(self):
        inp = dict(DEFAULT_INPUT, size=2)
        t, box = preprocess_slice(np.array([[2024]], np.int16), 1, -1024, None, inp)
        v = (125 + 1350) / 1500
        for c in range(3):
            np.testing.assert_allclose(t[c], np.float32((v - inp["mean"][c]) / inp["std"][c]), rtol=0, atol=1e-7)
        self.assertEqual(t.dtype, np.float32)


class CommittedFixturesTest(unittest.TestCase):
    def test_fixtures_are_reproduced_from_their_dicom(self):
        names = sorted(f[:-5] for f in os.listdir(OUT_DIR) if f.endswith(".json"))
        self.assertGreaterEqual(len(names), 4)
        tmp = os.path.join(_path.REPO, "test-output", "preprocess-golden-check")
        for name in names:
            with open(os.path.join(OUT_DIR, name + ".json")) as f:
                meta = json.load(f)
            roi = None if meta["roi"] is None else [meta["roi"][k] for k in ("x0", "y0", "x1", "y1")]
            new = write_fixture(os.path.join(_path.REPO, meta["source"]), roi, meta["input"], name, tmp)
            self.assertEqual(new["sourceSha256"], meta["sourceSha256"])
            ref = np.fromfile(os.path.join(OUT_DIR, name + ".bin"), "<f4")
            got = np.fromfile(os.path.join(tmp, name + ".bin"), "<f4")
            self.assertEqual(ref.size, int(np.prod(meta["tensor"]["shape"])))
            np.testing.assert_array_equal(got, ref)

    def test_roi_fixture_reaches_outside_the_image(self):
        with open(os.path.join(OUT_DIR, "nema-ct1-roi-outside.json")) as f:
            meta = json.load(f)
        self.assertLess(min(meta["cropBox"]["x"], meta["cropBox"]["y"]), 0)
        t = np.fromfile(os.path.join(OUT_DIR, "nema-ct1-roi-outside.bin"), "<f4").reshape(meta["tensor"]["shape"])
        pad = (np.clip((-1000 - (-600 - 750)) / 1500, 0, 1) - DEFAULT_INPUT["mean"][0]) / DEFAULT_INPUT["std"][0]
        self.assertAlmostEqual(float(t[0, 0, 0, 0]), pad, places=5)


if __name__ == "__main__":
    unittest.main()
