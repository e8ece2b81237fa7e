"""The few GPU figures the estimator needs, from a catalog part or from a spec string.

Memory is in bytes from the spec-sheet size, converted in ``configurator.parts.vram`` (the one
definition of total and the GB every view prints).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from configurator.parts.vram import GB, GIB, card_bytes

if TYPE_CHECKING:
    from configurator.parts.models import Gpu

__all__ = ["GB", "GIB", "GpuSpec", "MemoryFamily"]

MemoryFamily = Literal["gddr", "hbm"]

# GB/s per lane per direction, after 8b/10b (gen 1-2) or 128b/130b encoding
_PCIE_LANE_GBPS = {1: 0.25, 2: 0.5, 3: 0.985, 4: 1.969, 5: 3.938, 6: 7.877}

# GDDR7 tops out at 1.8 TB/s on a 512-bit bus; anything faster is stacked HBM.
_HBM_THRESHOLD_GBPS = 1900.0

_REQUIRED_KEYS = ("vram_gb", "bandwidth_gbps", "bf16_tflops")
_NUMBER_KEYS = ("vram_gb", "bandwidth_gbps", "bf16_tflops", "fp8_tflops", "fp4_tflops", "int8_tops")
_LIMITS = {
    "vram_gb": (1, 1024),
    "bandwidth_gbps": (50, 20000),
    "bf16_tflops": (1, 10000),
    "fp8_tflops": (1, 20000),
    "fp4_tflops": (1, 40000),
    "int8_tops": (1, 20000),
}


@dataclass(frozen=True, slots=True)
class GpuSpec:
    """One GPU as the estimator sees it. Tensor rates are dense (no sparsity)."""

    name: str
    vram_gb: float
    bandwidth_gbps: float
    bf16_tflops: float
    fp8_tflops: float | None = None
    fp4_tflops: float | None = None
    int8_tops: float | None = None
    memory: MemoryFamily = "gddr"
    p2p: bool = True
    nvlink: bool = False
    part_id: str | None = None
    pcie_gbps: float = 63.0  # its own interface, per direction (PCIe 5.0 x16)
    vendor: str = "nvidia"  # the throughput model is calibrated on NVIDIA's CUDA stack only
    vram_bytes: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vram_bytes", card_bytes(self.vram_gb))

    @classmethod
    def from_part(cls, gpu: Gpu) -> GpuSpec:
        memory: MemoryFamily = "hbm" if gpu.memory_type.upper().startswith("HBM") else "gddr"
        return cls(
            name=gpu.name,
            vram_gb=gpu.vram_gb,
            bandwidth_gbps=gpu.bandwidth_gbps,
            bf16_tflops=gpu.bf16_tflops,
            fp8_tflops=gpu.fp8_tflops,
            fp4_tflops=gpu.fp4_tflops,
            int8_tops=gpu.int8_tops,
            memory=memory,
            p2p=gpu.p2p,
            nvlink=gpu.nvlink,
            part_id=gpu.id,
            pcie_gbps=_PCIE_LANE_GBPS[gpu.pcie_gen] * gpu.pcie_lanes,
            vendor=gpu.gpu_vendor,
        )

    @classmethod
    def from_spec_string(cls, text: str) -> GpuSpec:
        """Parse ``vram_gb=80,bandwidth_gbps=3350,bf16_tflops=989,fp8_tflops=1979``.

        Optional keys: ``fp4_tflops``, ``int8_tops``, ``memory=gddr|hbm`` (default: HBM above
        1.9 TB/s), ``p2p=yes|no`` (default yes), ``nvlink=yes|no``, ``name=…``.
        """
        values: dict[str, str] = {}
        for chunk in text.split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            key, sep, value = chunk.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key or not value:
                raise ValueError(f"GPU spec: '{chunk}' is not key=value")
            if key in values:
                raise ValueError(f"GPU spec: '{key}' given twice")
            values[key] = value
        allowed = {*_NUMBER_KEYS, "memory", "p2p", "nvlink", "name"}
        unknown = sorted(set(values) - allowed)
        if unknown:
            raise ValueError(
                f"GPU spec: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})"
            )
        missing = [k for k in _REQUIRED_KEYS if k not in values]
        if missing:
            raise ValueError(f"GPU spec: missing {', '.join(missing)}")
        numbers = {k: _number(k, values[k]) for k in _NUMBER_KEYS if k in values}
        bandwidth = numbers["bandwidth_gbps"]
        memory = values.get("memory", "hbm" if bandwidth >= _HBM_THRESHOLD_GBPS else "gddr")
        if memory not in ("gddr", "hbm"):
            raise ValueError(f"GPU spec: memory must be gddr or hbm, not '{memory}'")
        name = values.get("name") or f"custom GPU ({numbers['vram_gb']:g} GB)"
        return cls(
            name=name,
            memory=memory,
            p2p=_flag("p2p", values.get("p2p", "yes")),
            nvlink=_flag("nvlink", values.get("nvlink", "no")),
            **numbers,
        )

    def tensor_tflops(self, rate: str) -> float:
        """Dense tensor rate for a compute path; falls back to BF16 when the GPU lacks it."""
        if rate == "fp8" and self.fp8_tflops:
            return self.fp8_tflops
        if rate == "fp4" and self.fp4_tflops:
            return self.fp4_tflops
        if rate == "int8" and self.int8_tops:
            return self.int8_tops
        return self.bf16_tflops


def _number(key: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"GPU spec: {key} must be a number, not '{text}'") from None
    low, high = _LIMITS[key]
    if not low <= value <= high:
        raise ValueError(f"GPU spec: {key}={text} is outside {low}..{high}")
    return value


def _flag(key: str, text: str) -> bool:
    lowered = text.lower()
    if lowered in ("yes", "true", "1"):
        return True
    if lowered in ("no", "false", "0"):
        return False
    raise ValueError(f"GPU spec: {key} must be yes or no, not '{text}'")
