"""DAS spatial gate (deformable attention, arXiv:2311.12091 as read in shared/notes/model-spec.md §4).

The deformable 3x3 convolution has two implementations that share one weight tensor:
* ``grid``: bilinear sampling with ``F.grid_sample`` (ONNX GridSample, opset 16+), which exports and
  runs in onnxruntime-web (WASM and WebGPU);
* ``torchvision``: ``torchvision.ops.deform_conv2d``, the faithful reference, which does not export.
Both sample at ``p + p_k + Δp_k`` with zeros outside the image; the tests hold them equal.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

KERNEL = 3
TAPS = KERNEL * KERNEL


def deform_conv3x3_grid(x: torch.Tensor, offset: torch.Tensor, weight: torch.Tensor,
                        bias: torch.Tensor | None) -> torch.Tensor:
    """3x3, stride 1, padding 1 deformable convolution via one GridSample.

    ``offset`` is (N, 18, H, W) in torchvision's layout: channel 2k is Δy and 2k+1 is Δx of tap
    k = ky*3 + kx. The 9 sampled copies are stacked so that channel c*9+k matches
    ``weight.reshape(C_out, C_in*9)``; the convolution is then a 1x1 convolution.
    """
    c, h, w = int(x.shape[1]), int(x.shape[2]), int(x.shape[3])
    dy = offset[:, 0::2]  # (N, 9, H, W)
    dx = offset[:, 1::2]
    ys = torch.arange(h, dtype=x.dtype, device=x.device).view(1, 1, h, 1)
    xs = torch.arange(w, dtype=x.dtype, device=x.device).view(1, 1, 1, w)
    taps = torch.arange(TAPS, device=x.device)
    ky = (taps // KERNEL - 1).to(x.dtype).view(1, TAPS, 1, 1)
    kx = (taps % KERNEL - 1).to(x.dtype).view(1, TAPS, 1, 1)
    py = ys + ky + dy
    px = xs + kx + dx
    # align_corners=True maps pixel centre index i to -1 + 2i/(size-1); zeros padding reproduces
    # torchvision's "neighbour outside the image contributes 0".
    gy = py * (2.0 / max(h - 1, 1)) - 1.0
    gx = px * (2.0 / max(w - 1, 1)) - 1.0
    grid = torch.stack((gx, gy), dim=-1).reshape(-1, TAPS * h, w, 2)
    sampled = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    sampled = sampled.reshape(-1, c * TAPS, h, w)
    out_c = weight.shape[0]
    return F.conv2d(sampled, weight.reshape(out_c, c * TAPS, 1, 1), bias)


class DeformConv3x3(nn.Module):
    """Deformable 3x3 conv whose weight layout equals torchvision.ops.DeformConv2d."""

    def __init__(self, in_ch: int, out_ch: int, impl: str = "grid") -> None:
        super().__init__()
        if impl not in ("grid", "torchvision"):
            raise ValueError(f"unknown deformable implementation {impl!r}")
        self.impl = impl
        self.weight = nn.Parameter(torch.empty(out_ch, in_ch, KERNEL, KERNEL))
        self.bias = nn.Parameter(torch.zeros(out_ch))
        nn.init.kaiming_uniform_(self.weight, a=5 ** 0.5)

    def forward(self, x: torch.Tensor, offset: torch.Tensor) -> torch.Tensor:
        if self.impl == "torchvision":
            from torchvision.ops import deform_conv2d
            return deform_conv2d(x, offset, self.weight, self.bias, padding=(1, 1))
        return deform_conv3x3_grid(x, offset, self.weight, self.bias)


class DASGate(nn.Module):
    """x -> depthwise 3x3 -> 1x1 (C->C') -> InstanceNorm -> GELU -> offsets (3x3, 18 ch)
    -> deformable 3x3 (C'->C) -> GroupNorm(1, C) -> sigmoid = A; out = x + x*A (or x*A)."""

    def __init__(self, channels: int, reduction: int = 1, residual: bool = True,
                 impl: str = "grid") -> None:
        super().__init__()
        mid = max(channels // reduction, 1)
        self.depthwise = nn.Conv2d(channels, channels, 3, padding=1, groups=channels, bias=False)
        self.pointwise = nn.Conv2d(channels, mid, 1, bias=False)
        self.norm_in = nn.InstanceNorm2d(mid, affine=True)
        self.act = nn.GELU()
        self.offset = nn.Conv2d(mid, 2 * TAPS, 3, padding=1)
        # Zero offsets start the gate on the regular 3x3 grid (model-spec §6.3).
        nn.init.zeros_(self.offset.weight)
        nn.init.zeros_(self.offset.bias)
        self.deform = DeformConv3x3(mid, channels, impl)
        self.norm_out = nn.GroupNorm(1, channels)
        self.residual = residual
        self.last_attention: torch.Tensor | None = None

    def set_impl(self, impl: str) -> None:
        if impl not in ("grid", "torchvision"):
            raise ValueError(f"unknown deformable implementation {impl!r}")
        self.deform.impl = impl

    def gate(self, x: torch.Tensor) -> torch.Tensor:
        y = self.act(self.norm_in(self.pointwise(self.depthwise(x))))
        return torch.sigmoid(self.norm_out(self.deform(y, self.offset(y))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.gate(x)
        # Kept for the explanation output (channel-mean of A); no copy, so export sees one graph.
        self.last_attention = a
        return x + x * a if self.residual else x * a
