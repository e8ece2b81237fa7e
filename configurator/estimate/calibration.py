"""The estimator's efficiency constants, each with the range the throughput range comes from.

Physics sets the shape of every figure (bytes moved, FLOPs done, messages sent); these
constants say what fraction of the datasheet rates real kernels reach, and what a step costs
beyond moving data. They are few, shared by every model, GPU and format, and were fitted once
to the published vLLM measurements in ``../shared/reference/calibration.md`` (tests print the
error on every row).

Method:
1. Memory is not fitted: weights, KV cache and runtime overhead come from the architecture,
   the format's bytes per parameter and the engine's documented behaviour (``engine``).
   They decide how many requests run at once, which is what separates an RTX 5090 from an
   RTX PRO 6000 with the same bandwidth.
2. Priors from microbenchmarks: streaming kernels reach 80-90 % of GDDR bandwidth; paged
   attention reads the cache less efficiently than GEMMs stream weights; cuBLAS reaches about
   70 % of dense BF16/FP8 peak; with CUDA graphs a layer costs tens of microseconds beyond its
   data; all-reduce over PCIe with peer-to-peer reaches most of the link, without it (GeForce)
   a small fraction.
3. The constants with no measurement behind them keep their priors. The rest (bandwidth
   efficiency per memory family, KV read efficiency, the Marlin int4 kernels' share of tensor
   peak, per-step and per-sequence overhead, host-staged all-reduce efficiency) were adjusted
   by a coarse grid search minimising the largest relative error over the seven rows,
   then rounded; the result is within ±15 % on every row.
4. The low-high range of every throughput figure is the estimate with all constants at their
   pessimistic ends, then at their optimistic ends.

HBM parts stream weights at the same share of their datasheet bandwidth as GDDR parts
(streaming microbenchmarks reach 80-90 % on both); what a fast memory exposes is the fixed
per-layer and per-step cost, which the overhead constants carry. What does differ is compute:
Hopper's datasheet tensor peak assumes its wgmma instructions, and the weight-only int4
kernels (Marlin) and the GGUF kernels still issue Ampere-style mma.sync, which reaches well
under that peak; ``hopper_legacy_mma_factor`` scales those kernels on HBM (Hopper-class)
parts. cuBLAS/CUTLASS BF16, FP8 and INT8 GEMMs use wgmma and are not scaled. The one HBM row
(GLM-4.5-Air AWQ on an H200) fixes that factor.

Constants taken from public microbenchmarks, not from the rows:
- ``kernel_launch_s``: a kernel inside a CUDA graph costs a few microseconds beyond its data
  (launch, tail, the small norm/rope kernels); 3 us x 9-10 kernels is the 30 us per layer the
  first fit found, now counted per kernel so a MoE layer (about 16 kernels) costs more than a
  dense one (about 9).
- ``allreduce_step_*_s``: latency per doubling of the group for decode-size all-reduces.
  NVLink (H100, sglang PR #2904): one-shot custom all-reduce of 512 B in 3.7 / 4.8 / 5.9 us on
  2 / 4 / 8 GPUs. PCIe with peer-to-peer (flashinfer PR #5023): NCCL all-gather and
  reduce-scatter of one 4096-wide row in 8-14 us on 2-4 GPUs, so about 9 us per doubling for
  the all-reduce. Without peer-to-peer (NVIDIA/nccl #1530, nccl #1439): all_reduce_perf at 8 B
  on 8 x RTX 4090 42.6 us, on 8 x RTX 3090 54.2 us, i.e. 14-18 us per doubling.
- ``host_core_tps``: output tokens per second one spare host core streams through the API
  servers and the load balancer; 375 keeps the earlier 9,000 tokens/s ceiling for four
  single-GPU engines on the default 32-core host, and scales it with the build's real CPU.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Constants:
    bandwidth_efficiency_gddr: float  # weight streaming, share of datasheet bandwidth
    bandwidth_efficiency_hbm: float
    kv_read_efficiency: float  # paged-attention cache reads, relative to weight streaming
    compute_efficiency_dense16: float  # cuBLAS BF16/FP16 GEMMs, share of dense tensor peak
    compute_efficiency_fp8: float
    compute_efficiency_int8: float
    compute_efficiency_marlin: float  # int4/fp4 weight-only kernels (Marlin family)
    compute_efficiency_fp4: float
    compute_efficiency_gguf: float
    hopper_legacy_mma_factor: float  # mma.sync kernels (Marlin, GGUF) on Hopper-class parts
    attention_compute_efficiency: float  # prefill attention FLOPs
    roofline_sharpness: float  # p in (mem^p + compute^p)^(1/p): kernels near the ridge
    kernel_launch_s: float  # per kernel per step inside a CUDA graph: launch, tail, small kernels
    step_overhead_s: float  # per engine step: scheduling, input preparation, sampling
    sequence_overhead_s: float  # per running request per step
    p2p_efficiency: float  # collectives with PCIe peer-to-peer, share of the link
    host_staged_efficiency: float  # collectives staged through host memory (no P2P)
    hop_latency_p2p_s: float  # one point-to-point send (pipeline stage boundary)
    hop_latency_host_s: float
    allreduce_step_nvlink_s: float  # small all-reduce latency per doubling of the group
    allreduce_step_p2p_s: float
    allreduce_step_host_s: float
    chipset_p2p_factor: float  # extra bandwidth factor for a GPU behind the chipset
    host_core_tps: float  # output tokens/s one host core carries through API servers and balancer

    def compute_efficiency(self, kernel: str, memory: str) -> float:
        value = getattr(self, _KERNEL_FIELDS[kernel])
        if memory == "hbm" and kernel in LEGACY_MMA_KERNELS:
            return value * self.hopper_legacy_mma_factor
        return value

    def bandwidth_efficiency(self, memory: str) -> float:
        return self.bandwidth_efficiency_hbm if memory == "hbm" else self.bandwidth_efficiency_gddr


LEGACY_MMA_KERNELS = frozenset({"marlin", "gguf"})

_KERNEL_FIELDS = {
    kernel: f"compute_efficiency_{kernel}"
    for kernel in ("dense16", "fp8", "int8", "marlin", "fp4", "gguf")
}

# name: (nominal, pessimistic, optimistic). "Pessimistic" is the end that lowers throughput.
RANGES: dict[str, tuple[float, float, float]] = {
    "bandwidth_efficiency_gddr": (0.85, 0.78, 0.90),
    "bandwidth_efficiency_hbm": (0.85, 0.78, 0.90),
    "kv_read_efficiency": (0.60, 0.50, 0.75),
    "compute_efficiency_dense16": (0.70, 0.60, 0.80),
    "compute_efficiency_fp8": (0.60, 0.50, 0.70),
    "compute_efficiency_int8": (0.60, 0.50, 0.70),
    "compute_efficiency_marlin": (0.45, 0.38, 0.55),
    "compute_efficiency_fp4": (0.45, 0.35, 0.55),
    "compute_efficiency_gguf": (0.30, 0.22, 0.40),
    "hopper_legacy_mma_factor": (0.45, 0.35, 0.60),
    "attention_compute_efficiency": (0.50, 0.40, 0.60),
    "roofline_sharpness": (2.0, 1.6, 3.0),
    "kernel_launch_s": (3.0e-6, 4.0e-6, 2.0e-6),
    "step_overhead_s": (1.5e-3, 2.5e-3, 1.0e-3),
    "sequence_overhead_s": (20e-6, 30e-6, 12e-6),
    "p2p_efficiency": (0.70, 0.55, 0.80),
    "host_staged_efficiency": (0.065, 0.05, 0.08),
    "hop_latency_p2p_s": (8e-6, 12e-6, 5e-6),
    "hop_latency_host_s": (25e-6, 35e-6, 15e-6),
    "allreduce_step_nvlink_s": (3e-6, 4.5e-6, 2e-6),
    "allreduce_step_p2p_s": (9e-6, 12e-6, 6e-6),
    "allreduce_step_host_s": (15e-6, 20e-6, 12e-6),
    "chipset_p2p_factor": (0.5, 0.4, 0.65),
    "host_core_tps": (375.0, 270.0, 500.0),
}

NOMINAL = Constants(**{name: r[0] for name, r in RANGES.items()})
PESSIMISTIC = Constants(**{name: r[1] for name, r in RANGES.items()})
OPTIMISTIC = Constants(**{name: r[2] for name, r in RANGES.items()})
