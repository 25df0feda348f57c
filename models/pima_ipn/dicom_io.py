"""Reading CT slices with pydicom (Debian: apt-get install -y python3-pydicom)."""

from __future__ import annotations

import os
from typing import List, Optional, Tuple

import numpy as np


def read_slice(path: str) -> Tuple[np.ndarray, Optional[float], Optional[float], object]:
    """(stored values as a signed/unsigned integer array, slope, intercept, dataset).

    pydicom decodes RLE Lossless natively; ``pixel_array`` honours PixelRepresentation, so the
    values are the stored integers that the TypeScript modality LUT also starts from.
    """
    import pydicom

    ds = pydicom.dcmread(path)
    if getattr(ds, "SamplesPerPixel", 1) != 1:
        raise ValueError(f"{path}: {ds.SamplesPerPixel} samples per pixel; CT must be monochrome")
    stored = ds.pixel_array
    slope = float(ds.RescaleSlope) if "RescaleSlope" in ds else None
    intercept = float(ds.RescaleIntercept) if "RescaleIntercept" in ds else None
    return stored, slope, intercept, ds


def series_files(series_dir: str) -> List[str]:
    """DICOM files of one series sorted by ImagePositionPatient z ascending (slice index k)."""
    import pydicom

    entries = []
    for name in os.listdir(series_dir):
        if not name.lower().endswith(".dcm"):
            continue
        path = os.path.join(series_dir, name)
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        z = float(ds.ImagePositionPatient[2]) if "ImagePositionPatient" in ds else float(ds.InstanceNumber)
        entries.append((z, int(getattr(ds, "InstanceNumber", 0)), path))
    entries.sort()
    return [p for _, _, p in entries]
