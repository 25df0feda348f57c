"""Preprocessing specification version 1 (docs/architecture.md), mirrored line by line from the
TypeScript implementation (extension/src/core/preprocess/): float64 throughout, float32 at the end,
same operation order, so the two agree to float32 rounding. Numbers come from the manifest ``input``.
"""

from __future__ import annotations

import math
from typing import Dict, Mapping, Optional, Sequence, Tuple

import numpy as np

Roi = Tuple[float, float, float, float]  # x0, y0, x1, y1 (x1, y1 exclusive)


def to_hu(stored: np.ndarray, slope: Optional[float], intercept: Optional[float],
          assume_identity: bool = False) -> np.ndarray:
    """Step 1: HU = stored * slope + intercept in float64."""
    if slope is None or intercept is None:
        if not assume_identity:
            raise ValueError("Missing RescaleSlope/RescaleIntercept")
        slope = 1.0 if slope is None else slope
        intercept = 0.0 if intercept is None else intercept
    return stored.astype(np.float64) * float(slope) + float(intercept)


def crop_box(roi: Optional[Roi], rows: int, columns: int, crop: Mapping) -> Dict[str, float]:
    """Step 2: {x, y, width, height} of the square crop in image pixel coordinates."""
    if roi is None:
        s = max(rows, columns)
        return {"x": columns / 2 - s / 2, "y": rows / 2 - s / 2, "width": s, "height": s}
    x0, y0, x1, y1 = (float(v) for v in roi)
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or not (x1 > x0) or not (y1 > y0):
        raise ValueError(f"Invalid ROI {roi}: need x1 > x0 and y1 > y0")
    s = max(crop["scale"] * max(x1 - x0, y1 - y0), crop["minSizePx"])
    cx = (x0 + x1) / 2
    cy = (y0 + y1) / 2
    return {"x": cx - s / 2, "y": cy - s / 2, "width": s, "height": s}


def bilinear_crop(hu: np.ndarray, box: Mapping, size: int, pad_value: float) -> np.ndarray:
    """Step 3: crop + resize (align_corners=False, no antialiasing); outside neighbours = pad."""
    rows, columns = hu.shape
    step_x = box["width"] / size
    step_y = box["height"] / size
    u = np.arange(size, dtype=np.float64)
    sx = box["x"] + (u + 0.5) * step_x - 0.5
    sy = box["y"] + (u + 0.5) * step_y - 0.5
    x0 = np.floor(sx)
    y0 = np.floor(sy)
    fx = (sx - x0)[None, :]
    fy = (sy - y0)[:, None]
    x0 = x0.astype(np.int64)
    y0 = y0.astype(np.int64)
    padded = np.full((rows + 2, columns + 2), pad_value, dtype=np.float64)
    padded[1:-1, 1:-1] = hu

    def at(ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
        # Indices outside the image (any distance) read the pad border.
        yi = np.clip(ys, -1, rows) + 1
        xi = np.clip(xs, -1, columns) + 1
        return padded[yi[:, None], xi[None, :]]

    p00 = at(y0, x0)
    p01 = at(y0, x0 + 1)
    p10 = at(y0 + 1, x0)
    p11 = at(y0 + 1, x0 + 1)
    top = (1 - fx) * p00 + fx * p01
    bottom = (1 - fx) * p10 + fx * p11
    return (1 - fy) * top + fy * bottom


def window(hu: np.ndarray, w: Mapping) -> np.ndarray:
    """Step 4: clamp((HU - (center - width/2)) / width, 0, 1)."""
    v = (hu - (w["center"] - w["width"] / 2)) / w["width"]
    return np.clip(v, 0.0, 1.0)


def write_channels(plane: np.ndarray, inp: Mapping) -> np.ndarray:
    """Steps 5-6: channels (replicate or one window each), (v - mean) / std, float32 CHW."""
    out = np.empty((3, inp["size"], inp["size"]), dtype=np.float32)
    for c in range(3):
        w = inp["windows"][0] if inp["channelMode"] == "replicate" else inp["windows"][c]
        out[c] = ((window(plane, w) - inp["mean"][c]) / inp["std"][c]).astype(np.float32)
    return out


def preprocess_slice(stored: np.ndarray, slope: Optional[float], intercept: Optional[float],
                     roi: Optional[Roi], inp: Mapping) -> Tuple[np.ndarray, Dict[str, float]]:
    """The whole specification for one slice: (float32 [3, size, size], crop box)."""
    hu = to_hu(np.asarray(stored), slope, intercept)
    rows, columns = hu.shape
    box = crop_box(roi, rows, columns, inp["crop"])
    plane = bilinear_crop(hu, box, inp["size"], inp["crop"]["padHU"])
    return write_channels(plane, inp), box


def preprocess_hu(hu: np.ndarray, roi: Optional[Roi], inp: Mapping) -> np.ndarray:
    """Same as preprocess_slice for an array already in HU (slope 1, intercept 0)."""
    rows, columns = hu.shape
    box = crop_box(roi, rows, columns, inp["crop"])
    return write_channels(bilinear_crop(hu.astype(np.float64), box, inp["size"], inp["crop"]["padHU"]), inp)


def roi_from_row(row: Mapping[str, str]) -> Optional[Roi]:
    keys = ("roi_x0", "roi_y0", "roi_x1", "roi_y1")
    if not all(row.get(k) not in (None, "") for k in keys):
        return None
    return tuple(float(row[k]) for k in keys)  # type: ignore[return-value]


def slice_indices(text: str) -> Sequence[int]:
    return [int(t) for t in text.split(";") if t.strip() != ""]
