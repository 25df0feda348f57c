"""One configurable SE-DAS ResNet definition; the paper's baseline and the ablations are settings.

Topology (shared/notes/model-spec.md §6.3): stem -> 4 stages of bottlenecks (SE in every
bottleneck when ``se``) -> a DAS gate after each stage listed in ``das_stages`` when ``das`` ->
GAP -> dropout -> linear head. ``forward_explain`` also returns the in-graph class activation
maps and the last DAS gate's attention map.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from .das import DASGate

VARIANTS: Dict[str, Tuple[bool, bool]] = {
    # name: (se, das)
    "resnet50": (False, False),
    "se_resnet50": (True, False),
    "das_resnet50": (False, True),
    "se_das_resnet50": (True, True),
}


@dataclass
class ModelConfig:
    variant: str = "se_das_resnet50"
    base_width: int = 64
    blocks: List[int] = field(default_factory=lambda: [3, 4, 6, 3])
    se_reduction: int = 16
    das_stages: List[int] = field(default_factory=lambda: [1, 2, 3, 4])
    das_reduction: int = 32
    das_residual: bool = True
    das_impl: str = "grid"
    dropout: float = 0.5
    num_classes: int = 2

    @property
    def se(self) -> bool:
        return VARIANTS[self.variant][0]

    @property
    def das(self) -> bool:
        return VARIANTS[self.variant][1]

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "ModelConfig":
        return ModelConfig(**d)


class SqueezeExcite(nn.Module):
    """GAP -> FC(C->C/r) -> ReLU -> FC(C/r->C) -> sigmoid -> channel scale (FCs as 1x1 convs)."""

    def __init__(self, channels: int, reduction: int = 16) -> None:
        super().__init__()
        hidden = max(channels // reduction, 1)
        self.fc1 = nn.Conv2d(channels, hidden, 1)
        self.fc2 = nn.Conv2d(hidden, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = torch.mean(x, dim=(2, 3), keepdim=True)
        return x * torch.sigmoid(self.fc2(F.relu(self.fc1(s))))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_ch: int, width: int, stride: int, se: bool, se_reduction: int) -> None:
        super().__init__()
        out_ch = width * self.expansion
        self.conv1 = nn.Conv2d(in_ch, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out_ch, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_ch)
        self.se = SqueezeExcite(out_ch, se_reduction) if se else None
        self.shortcut: Optional[nn.Sequential] = None
        if stride != 1 or in_ch != out_ch:
            self.shortcut = nn.Sequential(nn.Conv2d(in_ch, out_ch, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(out_ch))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        if self.se is not None:
            y = self.se(y)
        identity = x if self.shortcut is None else self.shortcut(x)
        return F.relu(y + identity)


class SEDASResNet(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        if cfg.variant not in VARIANTS:
            raise ValueError(f"unknown variant {cfg.variant!r}; one of {sorted(VARIANTS)}")
        if len(cfg.blocks) != 4:
            raise ValueError("blocks must list 4 stages")
        self.cfg = cfg
        w = cfg.base_width
        self.stem = nn.Sequential(nn.Conv2d(3, w, 7, stride=2, padding=3, bias=False),
                                  nn.BatchNorm2d(w), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(3, stride=2, padding=1))
        stages, gates = [], []
        in_ch = w
        for i, n_blocks in enumerate(cfg.blocks):
            width = w * (2 ** i)
            blocks = []
            for b in range(n_blocks):
                stride = 2 if (i > 0 and b == 0) else 1
                blocks.append(Bottleneck(in_ch, width, stride, cfg.se, cfg.se_reduction))
                in_ch = width * Bottleneck.expansion
            stages.append(nn.Sequential(*blocks))
            use_gate = cfg.das and (i + 1) in cfg.das_stages
            gates.append(DASGate(in_ch, cfg.das_reduction, cfg.das_residual, cfg.das_impl)
                         if use_gate else nn.Identity())
        self.stages = nn.ModuleList(stages)
        self.gates = nn.ModuleList(gates)
        self.features_dim = in_ch
        self.dropout = nn.Dropout(cfg.dropout)
        self.head = nn.Linear(in_ch, cfg.num_classes)
        self._init_weights()

    def _init_weights(self) -> None:
        for m in self.modules():
            if isinstance(m, nn.Conv2d) and not isinstance(m, DASGate):
                if m.weight.abs().sum() == 0:
                    continue  # DAS offset conv stays zero on purpose
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        # Zero-init the last BN of each residual branch: from-scratch training starts near identity.
        for m in self.modules():
            if isinstance(m, Bottleneck):
                nn.init.zeros_(m.bn3.weight)

    def set_das_impl(self, impl: str) -> None:
        for g in self.gates:
            if isinstance(g, DASGate):
                g.set_impl(impl)

    def last_gate(self) -> Optional[DASGate]:
        gates = [g for g in self.gates if isinstance(g, DASGate)]
        return gates[-1] if gates else None

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        for stage, gate in zip(self.stages, self.gates):
            x = gate(stage(x))
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.features(x)
        return self.head(self.dropout(torch.mean(f, dim=(2, 3))))

    def forward_explain(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """(logits, cam[, attention]).

        cam[n, k] = sum_c W[k, c] * f[n, c] on the last feature map f (no bias), so in eval mode
        mean_ij(cam[n, k]) + b[k] == logits[n, k]: for GAP + linear this is exactly HiResCAM and,
        up to the positive factor 1/(h*w), Grad-CAM before its ReLU.
        attention = channel-mean of the last DAS gate's sigmoid map A, in (0, 1).
        """
        f = self.features(x)
        logits = self.head(self.dropout(torch.mean(f, dim=(2, 3))))
        k, c = self.head.weight.shape
        cam = F.conv2d(f, self.head.weight.reshape(k, c, 1, 1))
        gate = self.last_gate()
        if gate is None:
            return logits, cam
        assert gate.last_attention is not None
        attention = torch.mean(gate.last_attention, dim=1, keepdim=True)
        return logits, cam, attention


class ExplainWrapper(nn.Module):
    """Export entry point: forward == forward_explain."""

    def __init__(self, model: SEDASResNet) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor):
        return self.model.forward_explain(x)


def build_model(cfg: ModelConfig) -> SEDASResNet:
    return SEDASResNet(cfg)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def tiny_config(variant: str = "se_das_resnet50") -> ModelConfig:
    """Same topology as ResNet-50 (4 stages, SE, DAS incl. GridSample), width 6, 2-1-1-1 blocks:
    about 0.2 M parameters, so the fp32 ONNX file stays under 1 MB for engine tests."""
    return ModelConfig(variant=variant, base_width=6, blocks=[2, 1, 1, 1], se_reduction=16,
                       das_reduction=4, dropout=0.5)
