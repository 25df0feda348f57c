"""Compact weight storage for exported graphs, compute stays fp32.

* ``int8``: per-output-channel symmetric int8 Conv weights + DequantizeLinear(axis=0).
* ``fp16w``: fp16 Conv/Gemm initializers + Cast(to=float).
The same selection rule (``is_quantisable``) is applied to the PyTorch model by
``fake_quantize_int8_`` so that the PyTorch reference and the int8 graph hold the same weights:
BatchNorm folding multiplies each output channel by one factor, which per-channel int8 absorbs
exactly into its scale.
"""

from __future__ import annotations

from typing import Dict, List

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

from .das import DeformConv3x3

MIN_ELEMENTS = 1024
HEAD_CHANNELS = 2  # class head and CAM weights (2 output channels) stay fp32


def is_quantisable(shape: tuple) -> bool:
    return len(shape) == 4 and shape[0] > HEAD_CHANNELS and int(np.prod(shape)) >= MIN_ELEMENTS


def quantise_per_channel(w: np.ndarray) -> tuple:
    """Returns (int8 values, float32 scales) with w ~= q * scale[:, None, None, None]."""
    flat = w.reshape(w.shape[0], -1).astype(np.float64)
    amax = np.abs(flat).max(axis=1)
    scale = np.where(amax > 0, amax / 127.0, 1.0)
    q = np.clip(np.rint(flat / scale[:, None]), -127, 127).astype(np.int8)
    return q.reshape(w.shape), scale.astype(np.float32)


@torch.no_grad()
def fake_quantize_int8_(model: nn.Module) -> int:
    """Rounds every quantisable conv weight of ``model`` to its int8 grid in place; returns count."""
    n = 0
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, DeformConv3x3)) and is_quantisable(tuple(m.weight.shape)):
            q, s = quantise_per_channel(m.weight.detach().cpu().numpy())
            deq = q.astype(np.float32) * s.reshape(-1, 1, 1, 1)
            m.weight.copy_(torch.from_numpy(deq))
            n += 1
    return n


def _weight_initializers(graph: onnx.GraphProto, op_types: tuple) -> Dict[str, List[onnx.NodeProto]]:
    inits = {i.name for i in graph.initializer}
    used: Dict[str, List[onnx.NodeProto]] = {}
    for node in graph.node:
        if node.op_type in op_types:
            for idx, name in enumerate(node.input):
                if name in inits and idx >= 1:
                    used.setdefault(name, []).append(node)
    return used


def to_int8_weights(model: onnx.ModelProto) -> tuple:
    """Returns (new model, number of quantised tensors)."""
    graph = model.graph
    targets = _weight_initializers(graph, ("Conv",))
    new_inits, deq_nodes, count = [], [], 0
    for init in graph.initializer:
        arr = numpy_helper.to_array(init)
        conv_weight = init.name in targets and all(n.input[1] == init.name for n in targets[init.name])
        if conv_weight and arr.dtype == np.float32 and is_quantisable(arr.shape):
            q, s = quantise_per_channel(arr)
            qname, sname, zname = init.name + "_q", init.name + "_scale", init.name + "_zero"
            new_inits += [numpy_helper.from_array(q, qname), numpy_helper.from_array(s, sname),
                          numpy_helper.from_array(np.zeros(s.shape, np.int8), zname)]
            deq_nodes.append(helper.make_node("DequantizeLinear", [qname, sname, zname],
                                              [init.name], name=init.name + "_dequant", axis=0))
            count += 1
        else:
            new_inits.append(init)
    del graph.initializer[:]
    graph.initializer.extend(new_inits)
    nodes = deq_nodes + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model, count


def to_fp16_weights(model: onnx.ModelProto) -> tuple:
    graph = model.graph
    targets = _weight_initializers(graph, ("Conv", "Gemm"))
    new_inits, cast_nodes, count = [], [], 0
    for init in graph.initializer:
        arr = numpy_helper.to_array(init)
        if init.name in targets and arr.dtype == np.float32 and arr.size >= 16:
            hname = init.name + "_fp16"
            new_inits.append(numpy_helper.from_array(arr.astype(np.float16), hname))
            cast_nodes.append(helper.make_node("Cast", [hname], [init.name],
                                               name=init.name + "_cast", to=TensorProto.FLOAT))
            count += 1
        else:
            new_inits.append(init)
    del graph.initializer[:]
    graph.initializer.extend(new_inits)
    nodes = cast_nodes + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model, count
