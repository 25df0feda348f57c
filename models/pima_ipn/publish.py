"""Turn a training run into a committed model folder: model.onnx (+ golden/), manifest.json with
held-out validation metrics, training-log.jsonl, and metrics.json for the card.

  cd models && /usr/bin/python3 -m pima_ipn.publish --run /tmp/run-sedas --baseline-run /tmp/run-r50 \
      --out sedas-r50-phantom-demo --id sedas-r50-phantom-demo --weights int8
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from typing import Dict, List, Optional

import numpy as np
import torch

from . import manifest as mf
from .cohort import SliceSet, patient_scores
from .export import export_onnx, load_checkpoint, prepare_weights, write_golden
from .metrics import auc_delong, delong_paired_test, histogram, sens_spec, youden_threshold
from .model import count_parameters
from .train import predict

THRESHOLD = 0.5


def load_run(run: str):
    model, cfg, ckpt = load_checkpoint(os.path.join(run, "checkpoint.pt"))
    inp = ckpt["input"]
    z = np.load(os.path.join(run, f"slices-{inp['size']}.npz"))
    data = SliceSet(z["images"], z["patients"], z["labels"])
    with open(os.path.join(run, "predictions.json")) as f:
        preds = json.load(f)
    return model, cfg, ckpt, inp, data, preds


def patient_eval(model, data: SliceSet, inp: dict, ids: List[str]):
    sub = data.subset(ids)
    probs = predict(model, sub, inp)
    return patient_scores(sub.patients, probs, sub.labels)


def summarise(scores: np.ndarray, labels: np.ndarray, threshold: float) -> Dict:
    ss = sens_spec(scores, labels, threshold)
    return {"auc": auc_delong(scores, labels), "sensitivity": ss["sensitivity"], "specificity": ss["specificity"],
            "confusion": ss["confusion"], "accuracy": (ss["confusion"]["tp"] + ss["confusion"]["tn"]) / len(labels)}


@torch.no_grad()
def compare_das_impls(model, data: SliceSet, inp: dict, n: int = 8) -> Optional[Dict[str, float]]:
    """Max abs difference of every output between the GridSample DAS path (exported) and
    torchvision's DeformConv2d on up to n validation slices."""
    if model.last_gate() is None:
        return None
    from .train import to_input
    x = to_input(torch.from_numpy(data.images[:n]).unsqueeze(1), inp)
    model.eval()
    model.set_das_impl("grid")
    a = model.forward_explain(x)
    model.set_das_impl("torchvision")
    b = model.forward_explain(x)
    model.set_das_impl("grid")
    return {name: float((u - v).abs().max()) for name, u, v in zip(("logits", "cam", "attention"), a, b)}


COMMAND_KEYS = ("cohort", "variant", "size", "epochs", "batch", "lr", "seed", "out", "threads", "time_budget_min", "cache",
                "init", "channels_last")


def train_command(args: Dict) -> str:
    parts = ["nice -n 19 /usr/bin/python3 -m pima_ipn.train"]
    for k, v in args.items():
        # Unset options are left out, but zero epochs is a choice (an evaluation-only stage), not a default.
        if k not in COMMAND_KEYS or (v in ("", 0, 0.0, None, False) and k != "epochs"):
            continue
        parts.append(f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}"))
    return " ".join(parts)


def train_commands(log: List[dict], last_args: Dict) -> List[str]:
    """One command per training stage, from each stage's start event (older logs: the checkpoint's args)."""
    starts = [x["args"] for x in log if x.get("event") == "start" and "args" in x]
    return [train_command(a) for a in starts] or [train_command(last_args)]


def read_log(run: str) -> List[dict]:
    with open(os.path.join(run, "training-log.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def publish(run: str, out: str, model_id: str, version: str, name: str, weights: str, seed: int,
            baseline_run: Optional[str]) -> Dict:
    os.makedirs(out, exist_ok=True)
    model, cfg, ckpt, inp, data, preds = load_run(run)
    splits = ckpt["splits"]
    log = read_log(run)
    start = log[0]
    val_ids = splits["validation"]

    _, fp32_scores, labels = patient_eval(model, data, inp, val_ids)
    fp32_auc = auc_delong(fp32_scores, labels)["value"]
    prepare_weights(model, weights)
    ids, scores, labels = patient_eval(model, data, inp, val_ids)
    shipped = summarise(scores, labels, THRESHOLD)
    tune_youden = None
    if splits.get("tune"):
        _, tscores, tlabels = patient_eval(model, data, inp, splits["tune"])
        if len(set(tlabels.tolist())) == 2:
            t = youden_threshold(tscores, tlabels)
            tune_youden = {"threshold": t, "validation": summarise(scores, labels, t)}

    impl_diff = compare_das_impls(model, data.subset(val_ids), inp)

    onnx_path = os.path.join(out, "model.onnx")
    info = export_onnx(model, onnx_path, inp["size"], weights)
    # Alternative storage, measured for the card, not shipped.
    alt = {}
    with tempfile.TemporaryDirectory() as tmp:
        m2, _, _ = load_checkpoint(os.path.join(run, "checkpoint.pt"))
        for w in ("fp32", "fp16w"):
            alt[w] = export_onnx(m2, os.path.join(tmp, f"{w}.onnx"), inp["size"], w)["bytes"]
            if w == "fp16w" and os.environ.get("KEEP_FP16W"):
                shutil.copy(os.path.join(tmp, f"{w}.onnx"), os.environ["KEEP_FP16W"])
    write_golden(model, out, inp["size"], seed, weights,
                 tolerance={"logits": 1e-4, "cam": 1e-4, "attention": 1e-4})

    edges, pima_hist = histogram(scores[labels == 1])
    _, ipn_hist = histogram(scores[labels == 0])
    baseline = None
    if baseline_run:
        bmodel, bcfg, bckpt, binp, bdata, bpreds = load_run(baseline_run)
        if bckpt["splits"]["validation"] != val_ids:
            raise ValueError("baseline was trained on a different split")
        bids, bscores, blabels = patient_eval(bmodel, bdata, binp, val_ids)
        assert bids == ids
        blog = read_log(baseline_run)
        baseline = {"variant": bcfg.variant, "parameters": count_parameters(bmodel),
                    "metrics": summarise(bscores, blabels, THRESHOLD),
                    "paired_delong_vs_shipped": delong_paired_test(scores, bscores, labels),
                    "minutes": blog[-1].get("minutes"), "best_epoch": blog[-1].get("best_epoch"),
                    "scores": bscores.tolist()}

    npos, nneg = int(labels.sum()), int((1 - labels).sum())
    epochs = log[-1].get("epochs_run", start["epochs"])
    minutes = log[-1].get("minutes")
    training = {
        "data": "synthetic CT phantoms generated by this project (tools/phantoms), not patient data",
        "patients": start["patients"]["train"], "slices": start["slices"]["train"],
        "split": (f"patient-level stratified 80/20 train/validation (seed {ckpt['seed']}); "
                  f"{start['patients']['tune']} of the training patients held out for tuning (checkpoint by tuning AUC)"),
        "seed": ckpt["seed"], "epochs": epochs, "bestEpoch": log[-1].get("best_epoch"), "minutes": minutes,
        "inputSize": inp["size"],
        "command": " && ".join(train_commands(log, ckpt["args"])),
    }
    validation = {
        "cohort": "held-out synthetic phantoms (20% of patients, never used for training or checkpoint choice)",
        "patients": len(ids), "positives": npos, "negatives": nneg, "unit": "patient (mean of slice probabilities)",
        "auc": {k: shipped["auc"][k] for k in ("value", "ci95", "method")},
        "sensitivity": {k: shipped["sensitivity"][k] for k in ("value", "ci95", "method")},
        "specificity": {k: shipped["specificity"][k] for k in ("value", "ci95", "method")},
        "referenceDistribution": {"edges": edges, "PIMA": pima_hist, "IPN": ipn_hist},
    }
    man = mf.build_manifest(
        model_id=model_id, version=version, name=name, cfg=cfg, parameters=count_parameters(model),
        onnx_path=onnx_path, weights=weights, input_size=inp["size"],
        threshold={"value": THRESHOLD, "method": "fixed before training (class-weighted loss), not fitted; the "
                                                 "tuning-set Youden threshold is reported in card.md"},
        training=training, validation=validation,
        intended_use=("Demonstration of the viewer extension on synthetic phantoms; research use only. "
                      "Not for clinical use: trained and validated only on synthetic phantoms."),
        limitations=mf.RESEARCH_LIMITATIONS + [
            f"Trained from scratch (no ImageNet weights reachable) at {inp['size']} px for {epochs} epochs on 2 CPU cores.",
            "Validation patients come from the same synthetic generator as the training patients (no external validation).",
        ],
        demo=True)
    mf.write_json(os.path.join(out, "manifest.json"), man)
    shutil.copy(os.path.join(run, "training-log.jsonl"), os.path.join(out, "training-log.jsonl"))
    metrics = {"shipped": {"weights": weights, **shipped}, "fp32_auc_same_weights_before_quantisation": fp32_auc,
               "tune_youden": tune_youden, "validation_patients": ids, "validation_scores": scores.tolist(),
               "validation_labels": labels.tolist(), "export": info, "sizes_bytes": {**alt, weights: info["bytes"]},
               "baseline": baseline, "das_grid_vs_torchvision_max_abs_diff": impl_diff}
    mf.write_json(os.path.join(out, "metrics.json"), metrics)
    return {"onnx": info, "sizes": metrics["sizes_bytes"], "auc": shipped["auc"], "fp32_auc": fp32_auc,
            "sensitivity": shipped["sensitivity"]["value"], "specificity": shipped["specificity"]["value"],
            "baseline_auc": baseline["metrics"]["auc"] if baseline else None,
            "paired": baseline["paired_delong_vs_shipped"] if baseline else None}


def publish_checkpoint(checkpoint: str, out: str, weights: str, seed: int) -> Dict:
    run = os.path.dirname(os.path.abspath(checkpoint))
    mid = os.path.basename(os.path.normpath(out))
    return publish(run, out, mid, "1.0.0", mid, weights, seed, None)


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--baseline-run")
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", required=True)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--name", default="SE-DAS ResNet-50 (demonstration weights, synthetic phantoms)")
    ap.add_argument("--weights", choices=("fp32", "fp16w", "int8"), default="int8")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    print(json.dumps(publish(args.run, args.out, args.id, args.version, args.name, args.weights, args.seed,
                             args.baseline_run), indent=2, default=float))


if __name__ == "__main__":
    main()
