"""GPUs as the calibration measurements ran them (datasheet figures, see hardware-facts.md A)."""

from __future__ import annotations

from configurator.estimate import GpuSpec

RTX_4090 = GpuSpec("RTX 4090", 24, 1008, 165.2, 330.3, memory="gddr", p2p=False)
RTX_5090 = GpuSpec("RTX 5090", 32, 1792, 209.5, 419, memory="gddr", p2p=False)
PRO_6000 = GpuSpec("RTX PRO 6000 Blackwell", 96, 1792, 503.8, 1007.6, memory="gddr", p2p=True)
H200_SXM = GpuSpec("H200 SXM", 141, 4800, 989, 1979, memory="hbm", p2p=True, nvlink=True)

