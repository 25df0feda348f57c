"""Cohort loading: labels.csv + DICOM folders -> preprocessed slices, and the patient-level split."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from .dicom_io import read_slice, series_files
from .preprocess import bilinear_crop, crop_box, roi_from_row, slice_indices, to_hu, window

LABELS = {"IPN": 0, "PIMA": 1}


@dataclass
class SliceSet:
    """Windowed single-channel crops in [0, 1] (N, S, S) float32 with their patient and label."""
    images: np.ndarray
    patients: np.ndarray
    labels: np.ndarray

    def subset(self, patient_ids: Sequence[str]) -> "SliceSet":
        keep = np.isin(self.patients, np.asarray(list(patient_ids)))
        return SliceSet(self.images[keep], self.patients[keep], self.labels[keep])


def read_labels(path: str) -> List[Dict[str, str]]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r.get("label") not in LABELS:
            raise ValueError(f"{path}: patient {r.get('patient_id')}: label must be PIMA or IPN, got {r.get('label')!r}")
    return rows


def slice_path(series_dir: str, k: int, sorted_cache: Dict[str, List[str]]) -> str:
    """Slice k (0-based, z ascending). The phantom generator names files by InstanceNumber = k+1;
    other cohorts fall back to sorting the series by ImagePositionPatient z."""
    direct = os.path.join(series_dir, f"{k + 1:04d}.dcm")
    if os.path.exists(direct):
        return direct
    if series_dir not in sorted_cache:
        sorted_cache[series_dir] = series_files(series_dir)
    return sorted_cache[series_dir][k]


def windowed_crop(path: str, roi, inp: Mapping) -> np.ndarray:
    """Spec steps 1-4 for the first window: the [0, 1] plane that steps 5-6 normalise."""
    stored, slope, intercept, _ = read_slice(path)
    hu = to_hu(stored, slope, intercept)
    box = crop_box(roi, hu.shape[0], hu.shape[1], inp["crop"])
    return window(bilinear_crop(hu, box, inp["size"], inp["crop"]["padHU"]), inp["windows"][0]).astype(np.float32)


def load_cohort(root: str, rows: Sequence[Mapping[str, str]], inp: Mapping) -> SliceSet:
    if inp["channelMode"] != "replicate":
        raise ValueError("training here supports channelMode 'replicate' only")
    images, patients, labels = [], [], []
    cache: Dict[str, List[str]] = {}
    for r in rows:
        series_dir = os.path.join(root, r["patient_id"], r["series_instance_uid"])
        roi = roi_from_row(r)
        for k in slice_indices(r["slice_indices"]):
            images.append(windowed_crop(slice_path(series_dir, k, cache), roi, inp))
            patients.append(r["patient_id"])
            labels.append(LABELS[r["label"]])
    return SliceSet(np.stack(images), np.asarray(patients), np.asarray(labels, dtype=np.int64))


def stratified_split(patient_labels: Mapping[str, int], fraction: float, seed: int) -> Tuple[List[str], List[str]]:
    """(rest, held) with round(fraction * n_class) patients of each class held out."""
    rng = np.random.default_rng(seed)
    rest, held = [], []
    for cls in sorted(set(patient_labels.values())):
        ids = sorted(p for p, l in patient_labels.items() if l == cls)
        rng.shuffle(ids)
        k = int(round(fraction * len(ids)))
        held += ids[:k]
        rest += ids[k:]
    return sorted(rest), sorted(held)


def make_splits(rows: Sequence[Mapping[str, str]], seed: int, val_fraction: float = 0.2,
                tune_fraction: float = 0.1) -> Dict[str, List[str]]:
    """Patient-level: 80/20 train/validation, then 10% of the training patients for tuning."""
    plabels = {r["patient_id"]: LABELS[r["label"]] for r in rows}
    train, val = stratified_split(plabels, val_fraction, seed)
    tune: List[str] = []
    if tune_fraction > 0:
        train, tune = stratified_split({p: plabels[p] for p in train}, tune_fraction, seed + 1)
    return {"train": train, "tune": tune, "validation": val}


def normalise(v: np.ndarray, inp: Mapping) -> np.ndarray:
    """Spec steps 5-6 on windowed planes (N, S, S) -> (N, 3, S, S) float32."""
    mean = np.asarray(inp["mean"], np.float64).reshape(1, 3, 1, 1)
    std = np.asarray(inp["std"], np.float64).reshape(1, 3, 1, 1)
    return ((v[:, None].astype(np.float64) - mean) / std).astype(np.float32)


def patient_scores(patients: Sequence[str], probs: Sequence[float], labels: Sequence[int],
                   aggregation: str = "mean") -> Tuple[List[str], np.ndarray, np.ndarray]:
    agg = {"mean": np.mean, "max": np.max, "median": np.median}[aggregation]
    by: Dict[str, List[float]] = {}
    lab: Dict[str, int] = {}
    for p, s, y in zip(patients, probs, labels):
        by.setdefault(p, []).append(float(s))
        lab[p] = int(y)
    ids = sorted(by)
    return ids, np.array([agg(by[p]) for p in ids]), np.array([lab[p] for p in ids])


def load_or_cache(root: str, labels_csv: str, inp: Mapping, cache_path: Optional[str]) -> Tuple[List[Dict[str, str]], SliceSet]:
    rows = read_labels(labels_csv)
    if cache_path and os.path.exists(cache_path):
        z = np.load(cache_path)
        if int(z["size"]) == inp["size"]:
            return rows, SliceSet(z["images"], z["patients"], z["labels"])
    data = load_cohort(root, rows, inp)
    if cache_path:
        np.savez(cache_path, images=data.images, patients=data.patients, labels=data.labels, size=inp["size"])
    return rows, data
