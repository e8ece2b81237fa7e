"""GPU-to-GPU traffic over the build's real links.

Each GPU talks over one link (its slot's effective PCIe bandwidth, per direction, after any
chipset uplink cap). Between two GPUs the slower link sets the rate. On top of the wire:

- GeForce cards have no PCIe peer-to-peer: collectives are staged through host memory and
  reach only a small fraction of the link (``host_staged_efficiency``).
- A GPU behind the chipset crosses the chipset and its uplink, which roughly halves
  peer-to-peer bandwidth again (``chipset_p2p_factor``) and adds latency.
- An all-reduce moves 2(n-1)/n of the message per GPU (the ring's bandwidth term, which large
  messages see). Decode-size messages are latency-bound, and for them the engines use one-shot
  / two-shot kernels (vLLM's custom all-reduce, NCCL's LL/LL128 tree) whose latency grows with
  log2(n), not with the ring's 2(n-1) hops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from configurator.estimate.calibration import Constants
from configurator.estimate.gpu import GB, GpuSpec

NVLINK_BRIDGE_GBPS = 300.0  # per direction, H100/H200 NVL bridges
DEFAULT_LINK_GBPS = 63.0  # PCIe 5.0 x16, per direction


@dataclass(frozen=True, slots=True)
class GpuLink:
    """The link one GPU talks over: GB/s per direction, and whether it goes via the chipset."""

    gbps: float = DEFAULT_LINK_GBPS
    chipset: bool = False


@dataclass(frozen=True, slots=True)
class GroupLinks:
    """The effective path between the GPUs of one tensor- or pipeline-parallel group."""

    gbps: float  # achievable bandwidth per direction for collectives
    hop_latency_s: float  # one point-to-point send
    allreduce_step_s: float  # small all-reduce latency per doubling of the group
    host_staged: bool
    through_chipset: bool
    wire_gbps: float


def group_links(gpus: list[GpuSpec], links: list[GpuLink], k: Constants) -> GroupLinks:
    wire = min(link.gbps for link in links)
    chipset = any(link.chipset for link in links)
    if all(g.nvlink for g in gpus) and len(gpus) <= 4:
        return GroupLinks(NVLINK_BRIDGE_GBPS * k.p2p_efficiency, k.hop_latency_p2p_s,
                          k.allreduce_step_nvlink_s, False, False, NVLINK_BRIDGE_GBPS)
    p2p = all(g.p2p for g in gpus)
    efficiency = k.p2p_efficiency if p2p else k.host_staged_efficiency
    latency = k.hop_latency_p2p_s if p2p else k.hop_latency_host_s
    step = k.allreduce_step_p2p_s if p2p else k.allreduce_step_host_s
    gbps = wire * efficiency
    if chipset:
        gbps *= k.chipset_p2p_factor
        latency *= 2
        step *= 2
    return GroupLinks(gbps, latency, step, not p2p, chipset, wire)


def all_reduce_s(message_bytes: float, ways: int, path: GroupLinks) -> float:
    """log2(n) latency steps (one-shot / two-shot, tree) plus the ring's bandwidth term."""
    if ways <= 1:
        return 0.0
    steps = math.ceil(math.log2(ways))
    return steps * path.allreduce_step_s + message_bytes * 2 * (ways - 1) / ways / (path.gbps * GB)


def send_s(message_bytes: float, path: GroupLinks) -> float:
    """One pipeline-stage boundary: activations (and the residual) to the next GPU."""
    return path.hop_latency_s + message_bytes / (path.gbps * GB)
