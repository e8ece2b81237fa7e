"""The cheapest changes that make a model fit, each with what it does to the estimate.

Tried in order of what they cost the customer: a setting (FP8 KV cache, a shorter context),
another checkpoint (a smaller weight format), then hardware (one more GPU of the same kind,
then a larger GPU from the candidates given, cheapest first).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from configurator.estimate.formats import WEIGHT_FORMATS
from configurator.estimate.gpu import GpuSpec
from configurator.estimate.inference import (
    InferenceEstimate,
    estimate_fit,
    estimate_inference,
    longest_context,
)
from configurator.estimate.interconnect import GpuLink
from configurator.estimate.words import tokens
from configurator.parts.vram import gb_text

# smaller checkpoints, least lossy first
FORMAT_LADDER = ("fp8", "int8", "nvfp4", "awq-int4", "gptq-int4", "gguf-q4_k_m")
MIN_CONTEXT = 2048


@dataclass(frozen=True)
class Suggestion:
    """``settings`` are the workload fields it changes, ``extra_gpus`` the GPUs it adds and
    ``gpu_part`` the catalog GPU it swaps in, so a caller can turn it into an edit."""

    change: str
    effect: str
    estimate: InferenceEstimate
    settings: tuple[tuple[str, str | int], ...] = ()
    extra_gpus: int = 0
    gpu_part: str | None = None

    def to_json(self) -> dict:
        t = self.estimate.throughput
        return {
            "change": self.change,
            "effect": self.effect,
            "max_concurrency": self.estimate.max_concurrency,
            "output_tokens_per_s": round(t.output_tokens_per_s.value, 1) if t else None,
        }


def suggest_changes(est: InferenceEstimate, candidates: list[GpuSpec] | None = None,
                    links: list[GpuLink] | None = None, limit: int = 5, *,
                    host_cores: int | None = None) -> list[Suggestion]:
    """Changes that make ``est`` fit (or serve all its users at once), cheapest first;
    ``host_cores`` as ``est`` was estimated with, so each effect is the figure the changed
    build shows."""
    out: list[Suggestion] = []
    w = est.workload

    def attempt(change: str, settings=(), extra_gpus=0, gpu_part=None, **kwargs) -> InferenceEstimate | None:
        args = (kwargs.get("arch", est.model), kwargs.get("fmt", est.weights), kwargs.get("gpus", est.gpus),
                kwargs.get("workload", w), kwargs.get("links", links))
        try:
            # The speeds only for a change that does what was missing.
            if not fit_solves(est, *estimate_fit(*args, host_cores=host_cores)):
                return None
            e = estimate_inference(*args, host_cores=host_cores)
        except ValueError:
            return None
        out.append(Suggestion(change, describe_effect(est, e), e, tuple(settings), extra_gpus, gpu_part))
        return e

    if w.kv_cache == "bf16":
        attempt("FP8 KV cache", workload=replace(w, kv_cache="fp8"), settings=[("kv_cache", "fp8")])
    shorter = _shorter_context(est, max(1, w.concurrency))
    if shorter:
        attempt(f"context {tokens(shorter)} instead of {tokens(w.context)}",
                workload=replace(w, context=shorter), settings=[("context", shorter)])
    current = est.weights.linear_bytes
    for fid in FORMAT_LADDER:
        fmt = WEIGHT_FORMATS[fid]
        if fmt.linear_bytes < current and attempt(f"{fmt.label} weights", fmt=fmt,
                                                  settings=[("weights", fid)]):
            break
    more = [*est.gpus, est.gpus[-1]]
    more_links = [*links, links[-1]] if links else None
    one_more = f"one more {est.gpus[-1].name}"
    if not attempt(one_more, gpus=more, links=more_links, extra_gpus=1) and w.parallel == "tp":
        attempt(f"{one_more}, pipeline parallel", gpus=more, links=more_links,
                workload=replace(w, parallel="pp"), settings=[("parallel", "pp")], extra_gpus=1)
    biggest = max(g.vram_bytes for g in est.gpus)
    for gpu in candidates or []:
        if gpu.vram_bytes > biggest and attempt(
                f"{gpu.name} instead ({gb_text(gpu.vram_bytes)} each)", gpus=[gpu] * len(est.gpus),
                gpu_part=gpu.part_id):
            break
    return out[:limit]


def _shorter_context(est: InferenceEstimate, users: int) -> int | None:
    per_instance = max(1, -(-users // len(est.instances)))
    best = longest_context(est.model, est.instances, per_instance)
    need = est.workload.input_tokens + est.workload.output_tokens
    if best < max(MIN_CONTEXT, need) or best >= est.workload.context:
        return None
    step = 1024 if best >= 4096 else 256
    return best // step * step


def solves(before: InferenceEstimate, after: InferenceEstimate) -> bool:
    """Whether a change does what was missing: the model fits, and if it already did, every
    user asked for is served at once."""
    return fit_solves(before, after.fits, after.max_concurrency)


def fit_solves(before: InferenceEstimate, fits: bool, max_concurrency: int) -> bool:
    """``solves`` for a change whose estimate says ``fits`` and ``max_concurrency``."""
    wants = max(1, before.workload.concurrency)
    return fits and (before.fits is False or max_concurrency >= wants)


def describe_effect(before: InferenceEstimate, after: InferenceEstimate) -> str:
    w = after.workload
    users = "user" if after.max_concurrency == 1 else "users"
    text = f"fits {after.max_concurrency:,} {users} at {tokens(w.context)} context"
    t = after.throughput
    if t is not None:
        text += f", about {t.output_tokens_per_s.value:,.0f} output tokens/s"
        old = before.throughput
        if old is not None and old.output_tokens_per_s.value > 0:
            change = t.output_tokens_per_s.value / old.output_tokens_per_s.value - 1
            text += f" ({change:+.0%})"
    return text
