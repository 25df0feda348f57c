"""Train one variant on a DICOM cohort (labels.csv + <PatientID>/<SeriesInstanceUID>/NNNN.dcm).

  cd models && nice -n 19 /usr/bin/python3 -m pima_ipn.train --cohort /tmp/phantoms-train \
      --variant se_das_resnet50 --size 128 --epochs 12 --out /tmp/run-sedas

Patient-level stratified 80/20 train/validation split (seed), 10% of the training patients held for
tuning (checkpoint = best tuning AUC), AdamW, linear warm-up then cosine decay, augmentation
(flips, rotation, scale jitter, brightness/contrast), one JSONL log line per epoch. The validation
patients are scored once, at the end, with the chosen checkpoint.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import time
from typing import Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as F

from .cohort import SliceSet, load_or_cache, make_splits, patient_scores
from .manifest import DEFAULT_INPUT
from .metrics import auc_delong
from .model import VARIANTS, ModelConfig, build_model, count_parameters


def augment(v: torch.Tensor, gen: torch.Generator, pad_value: float, max_rot_deg: float = 15.0,
            scale: tuple = (0.9, 1.1), jitter: float = 0.1) -> torch.Tensor:
    """v: (B, 1, S, S) windowed [0, 1]. Random flips, rotation, isotropic scale, brightness/contrast."""
    b = v.shape[0]
    flip_x = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0)
    flip_y = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0)
    ang = (torch.rand(b, generator=gen) * 2 - 1) * math.radians(max_rot_deg)
    s = scale[0] + torch.rand(b, generator=gen) * (scale[1] - scale[0])
    cos, sin = torch.cos(ang) / s, torch.sin(ang) / s
    # theta = R(angle)/scale @ diag(flip_x, flip_y), no translation.
    theta = torch.stack([torch.stack([cos * flip_x, -sin * flip_y, torch.zeros(b)], 1),
                         torch.stack([sin * flip_x, cos * flip_y, torch.zeros(b)], 1)], 1)
    grid = F.affine_grid(theta, list(v.shape), align_corners=False)
    # Area brought in from outside the crop gets the padHU value, as the crop itself does.
    out = F.grid_sample(v - pad_value, grid, mode="bilinear", padding_mode="zeros", align_corners=False) + pad_value
    bright = (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1) * jitter
    contrast = 1 + (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1) * jitter
    out = (out - 0.5) * contrast + 0.5 + bright
    return out.clamp(0, 1)


def to_input(v: torch.Tensor, inp: dict) -> torch.Tensor:
    mean = torch.tensor(inp["mean"], dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(inp["std"], dtype=torch.float32).view(1, 3, 1, 1)
    return (v.expand(-1, 3, -1, -1) - mean) / std


@torch.no_grad()
def predict(model: torch.nn.Module, data: SliceSet, inp: dict, batch: int = 64) -> np.ndarray:
    model.eval()
    probs = []
    for i in range(0, len(data.images), batch):
        v = torch.from_numpy(data.images[i:i + batch]).unsqueeze(1)
        probs.append(torch.softmax(model(to_input(v, inp)), dim=1)[:, 1].numpy())
    return np.concatenate(probs) if probs else np.zeros(0)


def patient_auc(model, data: SliceSet, inp: dict) -> Dict:
    probs = predict(model, data, inp)
    ids, scores, labels = patient_scores(data.patients, probs, data.labels)
    out = {"patients": ids, "scores": scores.tolist(), "labels": labels.tolist(), "slice_probs": probs.tolist()}
    if len(set(labels.tolist())) == 2:
        out["auc"] = auc_delong(scores, labels)["value"]
    return out


def lr_at(step: int, total: int, warmup: int, base: float, progress: float = 0.0) -> float:
    """Linear warm-up over ``warmup`` steps, then cosine decay to 0 at the end of training.

    ``progress`` (0..1, elapsed / time budget) may run ahead of the step count: on a shared
    machine the schedule then still completes its decay when the time budget ends."""
    if step < warmup:
        return base * (step + 1) / warmup
    t = max((step - warmup) / max(1, total - warmup), progress)
    return base * 0.5 * (1 + math.cos(math.pi * min(t, 1.0)))


def train(args: argparse.Namespace) -> Dict:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    inp = copy.deepcopy(DEFAULT_INPUT)
    inp["size"] = args.size
    t_load = time.time()
    rows, data = load_or_cache(args.cohort, os.path.join(args.cohort, "labels.csv"), inp,
                               args.cache or os.path.join(args.out, f"slices-{args.size}.npz"))
    if args.limit_patients:
        keep = sorted({r["patient_id"] for r in rows})[: args.limit_patients]
        rows = [r for r in rows if r["patient_id"] in keep]
    splits = make_splits(rows, args.seed, 0.2, args.tune_fraction)
    train_set, tune_set, val_set = (data.subset(splits[k]) for k in ("train", "tune", "validation"))
    load_s = time.time() - t_load
    cfg = ModelConfig(variant=args.variant, dropout=args.dropout, das_reduction=args.das_reduction)
    if args.base_width:
        cfg.base_width = args.base_width
    if args.blocks:
        cfg.blocks = [int(b) for b in args.blocks.split(",")]
    model = build_model(cfg)
    prior_log: List[dict] = []
    if args.init:
        # A second stage (warm restart) must continue the same model on the same patients: otherwise
        # validation patients could have been trained on, or the checkpoint would not load.
        init = torch.load(args.init, map_location="cpu")
        if init["config"] != cfg.to_dict():
            raise ValueError(f"--init {args.init}: model config {init['config']} differs from {cfg.to_dict()}")
        if init["splits"] != splits:
            raise ValueError(f"--init {args.init}: trained on a different patient split (seed or cohort differ)")
        if init["input"]["size"] != inp["size"]:
            raise ValueError(f"--init {args.init}: input size {init['input']['size']} differs from {inp['size']}")
        model.load_state_dict(init["state_dict"])
        init_log = os.path.join(os.path.dirname(os.path.abspath(args.init)), "training-log.jsonl")
        if os.path.exists(init_log):
            with open(init_log) as f:
                prior_log = [json.loads(x) for x in f if x.strip()]
            # Logs written before start events carried their arguments: take them from the checkpoint.
            for x in prior_log:
                if x.get("event") == "start" and "args" not in x:
                    x["args"] = init.get("args")
    # A stage that was interrupted before its end event still logged its epochs: count those.
    prior_epochs = max([int(x.get("epoch", 0)) for x in prior_log if x.get("event") == "epoch"] or [0])
    prior_minutes = sum(next((float(x.get("elapsed_minutes", 0.0)) for x in reversed(prior_log)
                              if x.get("event") == "epoch" and x.get("stage", 1) == st), 0.0)
                        for st in {x.get("stage", 1) for x in prior_log})
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    n = len(train_set.images)
    steps_per_epoch = max(1, n // args.batch)
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(args.warmup_epochs * steps_per_epoch))
    gen = torch.Generator().manual_seed(args.seed)
    pad_v = float(np.clip((inp["crop"]["padHU"] - (inp["windows"][0]["center"] - inp["windows"][0]["width"] / 2))
                          / inp["windows"][0]["width"], 0, 1))
    # Inverse class frequency, so the loss is not dominated by whichever class the cohort has more of.
    counts = np.bincount(train_set.labels, minlength=2).astype(np.float64)
    weights = torch.tensor(counts.sum() / (2 * np.maximum(counts, 1)), dtype=torch.float32)
    log_path = os.path.join(args.out, "training-log.jsonl")
    log = open(log_path, "w")
    # An earlier stage's log comes first, so the committed log covers the whole training.
    for x in prior_log:
        log.write(json.dumps({**x, "stage": x.get("stage", 1)}) + "\n")
    stage = max([int(x.get("stage", 1)) for x in prior_log] or [0]) + 1
    header = {"event": "start", "stage": stage, "init": args.init or None, "variant": args.variant, "config": cfg.to_dict(), "parameters": count_parameters(model),
              "size": args.size, "patients": {k: len(v) for k, v in splits.items()},
              "slices": {"train": n, "tune": len(tune_set.images), "validation": len(val_set.images)},
              "class_counts_train_slices": counts.tolist(), "seed": args.seed, "epochs": args.epochs,
              "batch": args.batch, "lr": args.lr, "weight_decay": args.weight_decay, "load_seconds": round(load_s, 1),
              "threads": args.threads, "args": vars(args)}
    log.write(json.dumps(header) + "\n")
    log.flush()
    print(json.dumps(header), flush=True)
    best = {"auc": -1.0, "loss": float("inf"), "epoch": -1}
    best_path = os.path.join(args.out, "checkpoint.pt")
    if args.init and len(tune_set.images):
        # The starting weights compete for the checkpoint too: a second stage never ships a worse model.
        tune0 = patient_auc(model, tune_set, inp)
        p0 = np.asarray(tune0["slice_probs"])
        loss0 = float(-np.mean(np.where(tune_set.labels == 1, np.log(p0 + 1e-7), np.log(1 - p0 + 1e-7))))
        init_epoch = int(init.get("epoch", prior_epochs))
        best = {"auc": tune0.get("auc") or 0.0, "loss": loss0, "epoch": init_epoch}
        torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(), "input": inp, "splits": splits,
                    "epoch": init_epoch, "seed": args.seed, "args": init.get("args", vars(args))}, best_path)
    step = 0
    epochs_run = 0
    t_start = time.time()
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(n, generator=gen)
        tot_loss, correct, seen = 0.0, 0, 0
        for i in range(steps_per_epoch):
            if args.time_budget_min and (time.time() - t_start) / 60 >= args.time_budget_min:
                break
            idx = perm[i * args.batch:(i + 1) * args.batch]
            v = torch.from_numpy(train_set.images[idx.numpy()]).unsqueeze(1)
            y = torch.from_numpy(train_set.labels[idx.numpy()])
            x = to_input(augment(v, gen, pad_v), inp)
            if args.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            progress = (time.time() - t_start) / (60 * args.time_budget_min) if args.time_budget_min else 0.0
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total, warmup, args.lr, progress)
            logits = model(x)
            loss = F.cross_entropy(logits, y, weight=weights)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            tot_loss += float(loss) * len(y)
            correct += int((logits.argmax(1) == y).sum())
            seen += len(y)
        train_s = time.time() - t0
        entry = {"event": "epoch", "stage": stage, "epoch": prior_epochs + epoch + 1, "train_loss": tot_loss / seen, "train_acc": correct / seen,
                 "lr_end": opt.param_groups[0]["lr"], "train_seconds": round(train_s, 1)}
        if len(tune_set.images):
            t1 = time.time()
            tune = patient_auc(model, tune_set, inp)
            probs = np.asarray(tune["slice_probs"])
            eps = 1e-7
            tune_loss = float(-np.mean(np.where(tune_set.labels == 1, np.log(probs + eps), np.log(1 - probs + eps))))
            entry.update({"tune_auc": tune.get("auc"), "tune_loss": tune_loss, "eval_seconds": round(time.time() - t1, 1)})
            score = (tune.get("auc") or 0.0, -tune_loss)
            improved = score > (best["auc"], -best["loss"])
        else:
            tune_loss, score, improved = 0.0, (0.0, 0.0), True
        if improved:
            best = {"auc": score[0], "loss": -score[1], "epoch": prior_epochs + epoch + 1}
            torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(), "input": inp, "splits": splits,
                        "epoch": prior_epochs + epoch + 1, "seed": args.seed, "args": vars(args)}, best_path)
        entry["best_epoch"] = best["epoch"]
        entry["elapsed_minutes"] = round((time.time() - t_start) / 60, 2)
        epochs_run = epoch + 1
        out_of_time = bool(args.time_budget_min) and (time.time() - t_start) / 60 >= args.time_budget_min
        entry["stopped_by_time_budget"] = out_of_time and epochs_run < args.epochs
        log.write(json.dumps(entry) + "\n")
        log.flush()
        print(json.dumps(entry), flush=True)
        if out_of_time:
            break
    minutes = (time.time() - t_start) / 60 + prior_minutes
    epochs_run += prior_epochs
    ckpt = torch.load(best_path, map_location="cpu")
    model.load_state_dict(ckpt["state_dict"])
    val = patient_auc(model, val_set, inp)
    tune = patient_auc(model, tune_set, inp) if len(tune_set.images) else None
    result = {"event": "end", "stage": stage, "best_epoch": best["epoch"], "epochs_run": epochs_run, "minutes": round(minutes, 2),
              "validation_auc": val.get("auc"), "tune_auc": tune.get("auc") if tune else None}
    log.write(json.dumps(result) + "\n")
    log.close()
    with open(os.path.join(args.out, "predictions.json"), "w") as f:
        json.dump({"validation": val, "tune": tune, "splits": splits, "minutes": round(minutes, 2),
                   "epochs": epochs_run, "epochs_planned": args.epochs, "best_epoch": best["epoch"], "size": args.size,
                   "slices": header["slices"], "variant": args.variant}, f)
    print(json.dumps(result), flush=True)
    return result


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cohort", required=True, help="folder with labels.csv and <PatientID>/<Series>/NNNN.dcm")
    ap.add_argument("--out", required=True)
    ap.add_argument("--variant", choices=sorted(VARIANTS), default="se_das_resnet50")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--warmup-epochs", type=float, default=1.0)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--das-reduction", type=int, default=32)
    ap.add_argument("--base-width", type=int, default=0, help="0 = ResNet-50 width 64")
    ap.add_argument("--blocks", default="", help="comma list, default 3,4,6,3")
    ap.add_argument("--tune-fraction", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=20260)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--init", default="", help="checkpoint.pt of an earlier run on the same split: continue from its "
                    "weights (a warm restart with a new schedule); its log is copied first and it competes for the checkpoint")
    ap.add_argument("--cache", default="", help="npz cache of preprocessed slices (shared between runs)")
    ap.add_argument("--limit-patients", type=int, default=0)
    ap.add_argument("--time-budget-min", type=float, default=0.0,
                    help="stop after the epoch that exceeds this many minutes; the cosine decay follows "
                         "max(step progress, time progress) so it still ends near 0")
    return ap.parse_args(argv)


if __name__ == "__main__":
    train(parse_args())
