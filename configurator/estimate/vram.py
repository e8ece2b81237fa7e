"""Per-GPU memory: weights share, KV cache, activations, runtime overhead, against the budget.

The budget is total × memory utilization (vLLM's ``--gpu-memory-utilization``, default 0.90).
Whatever the weights, the profiling pass and the runtime leave inside it is KV cache. An
instance can take as many requests as its tightest stage has cache for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from configurator.estimate import engine
from configurator.estimate.architectures import Architecture
from configurator.estimate.placement import Stage, cached_layer_tokens
from configurator.parts.vram import gb


@dataclass(frozen=True, slots=True)
class GpuMemory:
    name: str
    total_bytes: float
    usable_bytes: float
    weight_bytes: float
    activation_bytes: float
    overhead_bytes: float

    @property
    def kv_bytes(self) -> float:
        return max(0.0, self.free_bytes)

    @property
    def needed_bytes(self) -> float:
        """Weights, activations and runtime: what must fit before any KV cache."""
        return self.weight_bytes + self.activation_bytes + self.overhead_bytes

    @property
    def free_bytes(self) -> float:
        """Budget left after weights, activations and overhead; negative when they do not fit."""
        return self.usable_bytes - self.needed_bytes

    def to_json(self) -> dict:
        return {
            "gpu": self.name,
            "vram_total_gb": gb(self.total_bytes),
            "usable_gb": gb(self.usable_bytes),
            "weights_gb": gb(self.weight_bytes),
            "kv_cache_gb": gb(self.kv_bytes),
            "activations_gb": gb(self.activation_bytes),
            "overhead_gb": gb(self.overhead_bytes),
        }


def stage_memory(arch: Architecture, stages: list[Stage], tensor: int, mem_util: float) -> list[GpuMemory]:
    """One entry per stage (every GPU of a stage's tensor-parallel group holds the same)."""
    group = len(stages) * tensor
    overhead = engine.runtime_overhead_bytes(group)
    out = []
    for stage in stages:
        gpu = stage.gpu
        out.append(GpuMemory(
            name=gpu.name,
            total_bytes=gpu.vram_bytes,
            usable_bytes=gpu.vram_bytes * mem_util,
            weight_bytes=stage.weight_bytes,
            activation_bytes=engine.activation_bytes(arch, gpu, tensor),
            overhead_bytes=overhead,
        ))
    return out


def sequences_that_fit(arch: Architecture, stages: list[Stage], memory: list[GpuMemory],
                       context: float, prefix: float = 0.0) -> float:
    """How many sequences of ``context`` tokens the instance's KV cache holds at once.

    The first ``prefix`` tokens of every sequence are the same (a shared system prompt): with
    prefix caching their blocks are stored once and every sequence points at them.
    """
    return kv_capacity(arch, stages, memory, prefix)(context)


def kv_capacity(arch: Architecture, stages: list[Stage], memory: list[GpuMemory],
                prefix: float = 0.0) -> Callable[[float], float]:
    """``sequences_that_fit`` as a function of the context, for asking it at many contexts (the
    search for the longest context a number of users can hold)."""
    window = arch.sliding_window_tokens
    rows = [(stage, stage.kv_bytes_per_layer_token, stage.state_bytes_per_sequence, mem.kv_bytes)
            for stage, mem in zip(stages, memory, strict=True)]

    def fits_at(context: float) -> float:
        held_prefix = min(prefix, context)
        fits = float("inf")
        for stage, per_token, state, kv in rows:
            shared = cached_layer_tokens(stage, held_prefix, window) * per_token
            own = cached_layer_tokens(stage, context, window) * per_token - shared + state
            fits = min(fits, max(0.0, kv - shared) / own if own > 0 else float("inf"))
        return fits

    return fits_at


def kv_bytes_per_sequence(arch: Architecture, stages: list[Stage], context: float) -> float:
    """Cache one sequence of ``context`` tokens takes on the busiest stage, per GPU."""
    window = arch.sliding_window_tokens
    return max(cached_layer_tokens(s, context, window) * s.kv_bytes_per_layer_token
               + s.state_bytes_per_sequence for s in stages)
