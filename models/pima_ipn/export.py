"""ONNX export (opset 17, dynamic batch; outputs logits, cam[, attention]) + golden fixtures.

Usage:
  /usr/bin/python3 -m pima_ipn.export --tiny --out models/tiny-test            (from models/)
  /usr/bin/python3 -m pima_ipn.export --checkpoint CKPT.pt --out models/<id> --weights int8 \
      --id <id> --version 1.0.0 --name "..."
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from typing import Dict, List, Optional

import numpy as np
import onnx
import torch
from torch import nn

from . import manifest as mf
from .das import DASGate, DeformConv3x3
from .model import ExplainWrapper, ModelConfig, SEDASResNet, build_model, count_parameters, tiny_config
from .onnx_weights import fake_quantize_int8_, to_fp16_weights, to_int8_weights

OPSET = 17
WEIGHTS = ("fp32", "fp16w", "int8")


def output_names(model: SEDASResNet) -> List[str]:
    return ["logits", "cam", "attention"] if model.last_gate() is not None else ["logits", "cam"]


def export_onnx(model: SEDASResNet, path: str, input_size: int, weights: str = "fp32") -> Dict:
    """Writes ``path``; ``model`` must already hold the weights to ship (see ``prepare_weights``)."""
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS}")
    model.eval()
    model.set_das_impl("grid")
    names = output_names(model)
    dummy = torch.zeros(1, 3, input_size, input_size)
    with torch.no_grad():
        shapes = [tuple(t.shape) for t in model.forward_explain(dummy)]
    t0 = time.time()
    # The exporter restores the wrapper's train/eval flag afterwards, recursively: a wrapper left in
    # train mode would switch BatchNorm to batch statistics for every later forward.
    wrapper = ExplainWrapper(model).eval()
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.onnx")
        torch.onnx.export(wrapper, dummy, raw, opset_version=OPSET, do_constant_folding=True,
                          input_names=["input"], output_names=names,
                          dynamic_axes={n: {0: "N"} for n in ["input"] + names})
        proto = onnx.load(raw)
    assert not model.training
    set_static_output_shapes(proto, names, shapes)
    count = 0
    if weights == "int8":
        proto, count = to_int8_weights(proto)
    elif weights == "fp16w":
        proto, count = to_fp16_weights(proto)
    proto.producer_name = "pima_ipn.export"
    onnx.checker.check_model(proto)
    onnx.save(proto, path)
    ops = sorted({n.op_type for n in proto.graph.node})
    return {"path": path, "bytes": os.path.getsize(path), "weights": weights, "converted_tensors": count,
            "ops": ops, "outputs": names, "seconds": round(time.time() - t0, 2)}


def set_static_output_shapes(proto: onnx.ModelProto, names: List[str], shapes: List[tuple]) -> None:
    """torch 1.13 declares non-batch output dims as symbols (e.g. 'Convcam_dim_2'); only the batch
    is dynamic, so write the real sizes for consumers that read shapes from the graph."""
    by_name = dict(zip(names, shapes))
    for out in proto.graph.output:
        dims = out.type.tensor_type.shape.dim
        for d, size in list(zip(dims, by_name[out.name]))[1:]:
            d.ClearField("dim_param")
            d.dim_value = int(size)


def prepare_weights(model: nn.Module, weights: str) -> None:
    """Makes the PyTorch weights equal to what the graph will store (golden = shipped maths)."""
    if weights == "int8":
        fake_quantize_int8_(model)


@torch.no_grad()
def randomise_for_tests(model: SEDASResNet, seed: int, input_size: int) -> None:
    """Non-trivial random weights for parity tests: random BN affine + running stats from noise
    batches, non-zero residual gammas, and non-zero DAS offsets so GridSample really deforms."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=g))
            m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=g))
            m.momentum = None  # cumulative average over the noise batches
            m.reset_running_stats()
        elif isinstance(m, DASGate):
            m.offset.weight.copy_(0.05 * torch.randn(m.offset.weight.shape, generator=g))
            m.offset.bias.copy_(0.7 * torch.randn(m.offset.bias.shape, generator=g))
        elif isinstance(m, nn.Linear):
            m.weight.copy_(0.2 * torch.randn(m.weight.shape, generator=g))
            m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=g))
    model.train()
    for _ in range(3):
        model(torch.randn(4, 3, input_size, input_size, generator=g))
    model.eval()


def golden_inputs(input_size: int, seed: int) -> Dict[str, np.ndarray]:
    """Two N=2 cases: Gaussian noise, and windowed/normalised disks on lung background."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((2, 3, input_size, input_size)).astype(np.float32)
    yy, xx = np.mgrid[0:input_size, 0:input_size].astype(np.float64)
    imgs = []
    for radius, hu in ((0.18, 20.0), (0.3, -250.0)):
        c = input_size / 2
        r = np.hypot(yy - c, xx - c) / input_size
        img = np.where(r < radius, hu, -850.0) + rng.normal(0, 30, yy.shape)
        v = np.clip((img - (-600 - 750)) / 1500, 0, 1)
        mean = np.array(mf.DEFAULT_INPUT["mean"]).reshape(3, 1, 1)
        std = np.array(mf.DEFAULT_INPUT["std"]).reshape(3, 1, 1)
        imgs.append(((v[None] - mean) / std).astype(np.float32))
    return {"noise": noise, "disks": np.stack(imgs)}


@torch.no_grad()
def write_golden(model: SEDASResNet, out_dir: str, input_size: int, seed: int, weights: str,
                 tolerance: Optional[Dict[str, float]] = None) -> Dict:
    gdir = os.path.join(out_dir, "golden")
    os.makedirs(gdir, exist_ok=True)
    model.eval()
    model.set_das_impl("grid")
    names = output_names(model)
    cases = []
    for case, x in golden_inputs(input_size, seed).items():
        outs = model.forward_explain(torch.from_numpy(x))
        entry = {"name": case, "input": {"name": "input", "file": f"{case}.input.bin", "shape": list(x.shape)},
                 "outputs": {}}
        x.astype("<f4").tofile(os.path.join(gdir, f"{case}.input.bin"))
        for name, t in zip(names, outs):
            arr = t.numpy().astype("<f4")
            arr.tofile(os.path.join(gdir, f"{case}.{name}.bin"))
            entry["outputs"][name] = {"file": f"{case}.{name}.bin", "shape": list(arr.shape)}
        cases.append(entry)
    tol = tolerance or {"logits": 1e-4, "cam": 1e-4, "attention": 1e-4}
    spec = {"model": "../model.onnx", "dtype": "float32", "byteOrder": "little-endian", "layout": "NCHW",
            "reference": f"PyTorch {torch.__version__} fp32 forward_explain (DAS via grid_sample), weights as "
                         f"stored in the graph ({weights})",
            "toleranceRule": "pass when maxAbsDiff <= tolerance * max(1, max|reference|)",
            "tolerance": {k: v for k, v in tol.items() if k in names}, "cases": cases}
    mf.write_json(os.path.join(gdir, "golden.json"), spec)
    return spec


def load_checkpoint(path: str) -> tuple:
    ckpt = torch.load(path, map_location="cpu")
    cfg = ModelConfig.from_dict(ckpt["config"])
    model = build_model(cfg)
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    return model, cfg, ckpt


def export_tiny(out_dir: str, seed: int = 1234, input_size: int = 224) -> Dict:
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(seed)
    cfg = tiny_config()
    model = build_model(cfg)
    randomise_for_tests(model, seed, input_size)
    onnx_path = os.path.join(out_dir, "model.onnx")
    info = export_onnx(model, onnx_path, input_size, "fp32")
    write_golden(model, out_dir, input_size, seed, "fp32")
    manifest = mf.build_manifest(
        model_id="tiny-test", version="0.0.1",
        name="Tiny SE-DAS test network (random weights, for software tests only)",
        cfg=cfg, parameters=count_parameters(model), onnx_path=onnx_path, weights="fp32",
        input_size=input_size,
        threshold={"value": 0.5, "method": "fixed default; random weights, no threshold was fitted"},
        training={"data": "none: random weights with BatchNorm statistics from Gaussian noise", "patients": 0,
                  "slices": 0, "split": "none", "seed": seed, "epochs": 0, "minutes": 0,
                  "command": "cd models && /usr/bin/python3 -m pima_ipn.export --tiny --out tiny-test"},
        validation={"cohort": "none: random weights, never validated", "patients": 0},
        intended_use="Software testing of the viewer, runtime and parity tests only. Outputs are meaningless.",
        limitations=["Random weights: the predictions carry no information."] + mf.RESEARCH_LIMITATIONS,
        demo=True)
    mf.write_json(os.path.join(out_dir, "manifest.json"), manifest)
    return {"export": info, "parameters": count_parameters(model)}


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", action="store_true", help="export the tiny random test network")
    ap.add_argument("--checkpoint")
    ap.add_argument("--out", required=True)
    ap.add_argument("--weights", choices=WEIGHTS, default="int8")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    if args.tiny:
        print(json.dumps(export_tiny(args.out, args.seed), indent=2))
        return
    if not args.checkpoint:
        ap.error("--checkpoint or --tiny is required")
    from .publish import publish_checkpoint  # training-side metadata lives there
    print(json.dumps(publish_checkpoint(args.checkpoint, args.out, args.weights, args.seed), indent=2))


if __name__ == "__main__":
    main()
