"""A minimal cohort in the phantom generator's folder/labels.csv format, for fast tests of the
training and evaluation code (the real phantoms come from `npm run phantoms`)."""

from __future__ import annotations

import csv
import os

import numpy as np

COLUMNS = ["patient_id", "label", "study_instance_uid", "series_instance_uid", "key_slice_index", "slice_indices",
           "key_sop_instance_uid", "roi_x0", "roi_y0", "roi_x1", "roi_y1", "centre_x_mm", "centre_y_mm",
           "centre_z_mm", "centre_i", "centre_j", "centre_k", "bbox_k0", "bbox_k1", "rows", "columns",
           "num_slices", "pixel_spacing_mm", "slice_thickness_mm", "params"]


def write_slice(path: str, hu: np.ndarray, patient: str, study: str, series: str, k: int) -> str:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian
    import pydicom

    sop = f"{series}.{k + 1}"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = sop
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, sop
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.PatientID = study, series, patient
    ds.Modality = "CT"
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [0.0, 0.0, float(k)]
    ds.PixelSpacing = [0.7, 0.7]
    ds.SliceThickness = 1.0
    ds.Rows, ds.Columns = hu.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleSlope, ds.RescaleIntercept = 1, -1024
    ds.PixelData = np.round(hu + 1024).astype(np.int16).tobytes()
    pydicom.dcmwrite(path, ds, write_like_original=False)
    return sop


def make_cohort(root: str, patients: int = 8, size: int = 48, slices: int = 3, seed: int = 0) -> str:
    """PIMA: large, low-density (mucinous) lesion; IPN: small dense lesion. Returns labels.csv path."""
    rng = np.random.default_rng(seed)
    rows = []
    yy, xx = np.mgrid[0:size, 0:size]
    for i in range(patients):
        label = "PIMA" if i % 2 == 0 else "IPN"
        pid, study = f"SYN{i:03d}", f"2.25.9{i:03d}1"
        series = f"2.25.9{i:03d}2"
        sdir = os.path.join(root, pid, series)
        os.makedirs(sdir, exist_ok=True)
        cx, cy = size / 2 + rng.uniform(-4, 4), size / 2 + rng.uniform(-4, 4)
        r = size * (0.25 if label == "PIMA" else 0.12)
        hu_lesion = -150.0 if label == "PIMA" else 60.0
        for k in range(slices):
            hu = np.full((size, size), -850.0) + rng.normal(0, 20, (size, size))
            hu[(yy - cy) ** 2 + (xx - cx) ** 2 < r ** 2] = hu_lesion
            write_slice(os.path.join(sdir, f"{k + 1:04d}.dcm"), hu, pid, study, series, k)
        x0, y0 = int(np.floor(cx - r)), int(np.floor(cy - r))
        x1, y1 = int(np.ceil(cx + r)), int(np.ceil(cy + r))
        rows.append({"patient_id": pid, "label": label, "study_instance_uid": study, "series_instance_uid": series,
                     "key_slice_index": 1, "slice_indices": ";".join(str(k) for k in range(slices)),
                     "key_sop_instance_uid": f"{series}.2", "roi_x0": x0, "roi_y0": y0, "roi_x1": x1, "roi_y1": y1,
                     "rows": size, "columns": size, "num_slices": slices, "pixel_spacing_mm": 0.7,
                     "slice_thickness_mm": 1.0, "params": '{"synthetic": true, "note": "a, quoted"}'})
    path = os.path.join(root, "labels.csv")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path
