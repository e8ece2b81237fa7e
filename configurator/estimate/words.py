"""The estimate in sentences a customer understands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from configurator.parts.vram import budget_label, gb, gb_text

if TYPE_CHECKING:
    from configurator.estimate.inference import InferenceEstimate
    from configurator.estimate.vram import GpuMemory

BOTTLENECKS = {
    "memory-bandwidth": "memory bandwidth (reading weights and cache every step)",
    "compute": "compute (tensor-core throughput)",
    "interconnect": "the GPU-to-GPU link",
    "vram-limited-batch": "VRAM: the KV cache holds fewer requests than are waiting",
    "scheduler": "the serving host (per-step and per-request engine work)",
}


def tokens(n: float) -> str:
    """8192 -> '8k', 131072 -> '128k', 1000 -> '1,000'."""
    n = int(n)
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024}k"
    return f"{n:,}"


def summary(est: InferenceEstimate) -> str:
    w = est.workload
    kv = "FP8 KV cache" if w.kv_cache == "fp8" else "BF16 KV cache"
    what = f"{est.model.name} ({est.weights.label}) on {_gpus(est)}"
    if not est.fits:
        return f"{what} does not fit: short by {-est.margin_gb:.1f} GB on the fullest GPU" \
            if est.margin_gb < 0 else \
            f"{what} does not fit: no room left for even one {tokens(w.context)}-token request"
    users = "user" if est.max_concurrency == 1 else "simultaneous users"
    text = (f"{what} fits with {tokens(w.context)} context for {est.max_concurrency:,} {users} "
            f"(each at the full {tokens(w.context)}), {kv}")
    t = est.throughput
    if t is not None:
        text += (f"; about {t.output_tokens_per_s.value:,.0f} output tokens/s "
                 f"({t.output_tokens_per_s.low:,.0f}-{t.output_tokens_per_s.high:,.0f}) for "
                 f"{w.concurrency:,} concurrent request{'s' if w.concurrency > 1 else ''} of "
                 f"{tokens(w.input_tokens)} in + {tokens(w.output_tokens)} out tokens, "
                 f"{t.per_user_tokens_per_s.value:,.0f} tokens/s each")
    if est.calibrated_runs:
        text += f"; {calibrated(est.calibrated_runs)}"
    if t is not None and est.uncalibrated_stacks:
        text += f" (throughput uncalibrated for {' and '.join(est.uncalibrated_stacks)})"
    return text


def memory_words(m: GpuMemory) -> str:
    """'38.1 GB for weights, activations and runtime of 30.9 GB usable (34.4 GB total)'."""
    return (f"{gb_text(m.needed_bytes)} for weights, activations and runtime of "
            f"{budget_label(gb(m.usable_bytes), gb(m.total_bytes))}")


def calibrated(runs: int) -> str:
    return f"calibrated on {runs} local run{'s' if runs != 1 else ''}"


def _gpus(est: InferenceEstimate) -> str:
    names: dict[str, int] = {}
    for g in est.gpus:
        names[g.name] = names.get(g.name, 0) + 1
    return " + ".join(f"{n} × {name}" if n > 1 else name for name, n in names.items())
