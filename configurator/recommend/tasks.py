"""What the search measures on a set of GPUs: serving (inference) or fine-tuning.

Both answer the same questions through the estimator's public functions: does the workload
fit, how much does it deliver (output tokens/s for serving, trained tokens/s for
fine-tuning), and, for serving, what each user sees (tokens/s, time to first token).
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.build import ResolvedBuild, ServiceLevels, Workload
from configurator.estimate import (
    WEIGHT_FORMATS,
    FinetuneEstimate,
    GpuLink,
    GpuSpec,
    InferenceEstimate,
    build_inputs,
    estimate_finetune,
    estimate_inference,
    finetune_setup_from_build,
    get_architecture,
    workload_from_build,
)
from configurator.estimate.finetune import training_step
from configurator.recommend.request import ANY_FORMAT, RecommendRequest

# Formats the recommender may choose when the customer leaves it open, best quality first.
# GGUF is left out: it is llama.cpp's format, not a serving engine's.
CHOSEN_FORMATS = ("bf16", "fp8", "nvfp4", "awq-int4")
PARALLEL_MODES = ("replicas", "pp", "tp")
SAME_SPEED = 0.995


@dataclass(frozen=True)
class Outcome:
    """One workload on one set of GPUs."""

    fits: bool  # the model fits and every user is served at once
    throughput: float  # output tokens/s (serving) or trained tokens/s (fine-tuning)
    per_user: float | None
    ttft_s: float | None
    estimate: InferenceEstimate | FinetuneEstimate

    def shortfalls(self, service: ServiceLevels) -> list[str]:
        """Which requested service levels it misses, in words (empty: meets them all)."""
        out = []
        if service.min_tokens_per_user is not None and (self.per_user or 0) < service.min_tokens_per_user:
            out.append(f"{self.per_user or 0:,.1f} tokens/s per user, under {service.min_tokens_per_user:g}")
        if service.max_ttft_s is not None and (self.ttft_s is None or self.ttft_s > service.max_ttft_s):
            out.append(f"first token after {self.ttft_s or 0:,.2f} s, over {service.max_ttft_s:g} s")
        return out

    def meets(self, service: ServiceLevels) -> bool:
        return self.fits and not self.shortfalls(service)


def _bits(fmt) -> int:
    """16, 8 or 4: the width class of a weight format."""
    return round(fmt.linear_bytes * 8 / 4) * 4


class ServingTask:
    """Inference: choose weight format and layout; measure with the inference estimator."""

    def __init__(self, request: RecommendRequest, host_cores: int | None = None):
        self.workload = request.workload
        self.arch = get_architecture(self.workload.model)
        self.users = self.workload.concurrency
        # The most cores any CPU offers: with them no engine waits for the host.
        self.host_cores = host_cores

    def formats(self) -> list[str]:
        if self.workload.weights != ANY_FORMAT:
            return [self.workload.weights]
        wanted = [self.arch.native_format, *CHOSEN_FORMATS] if self.arch.native_format in WEIGHT_FORMATS \
            else list(CHOSEN_FORMATS)
        formats = []
        for fid in wanted:
            fmt = WEIGHT_FORMATS[fid]
            if fid not in formats and not (fmt.experts_only and not self.arch.is_moe):
                formats.append(fid)
        native = WEIGHT_FORMATS.get(self.arch.native_format)
        # A model is not served from a larger conversion of itself, nor from another format of
        # the width it was released in (an AWQ copy of a 4-bit release).
        if native is not None:
            formats = [f for f in formats if f == native.id
                       or _bits(WEIGHT_FORMATS[f]) < _bits(native)]
        return sorted(formats, key=lambda f: -WEIGHT_FORMATS[f].linear_bytes)

    def formats_for(self, spec: GpuSpec) -> list[str]:
        """The formats to try on this GPU: when the choice is open, FP4 formats only where the
        card has FP4 tensor cores (elsewhere no serving engine has kernels for them)."""
        if self.workload.weights != ANY_FORMAT:
            return self.formats()
        return [f for f in self.formats() if WEIGHT_FORMATS[f].compute != "fp4" or spec.fp4_tflops]

    def layouts(self, count: int) -> list[str]:
        if count == 1:
            return ["replicas"]
        out = ["replicas", "pp"]
        a = self.arch
        if not (a.attention_heads % count or (a.attention == "gqa" and a.kv_heads % count
                                              and count % a.kv_heads)):
            out.append("tp")
        return out

    def checkpoint_bytes_per_param(self, fmt: str) -> float:
        return WEIGHT_FORMATS[fmt].linear_bytes

    def weight_floor_bytes(self, fmt: str) -> float:
        """No fewer bytes than every parameter at the format's smallest width: the VRAM lower
        bound that rules a GPU count out before the estimator runs."""
        f = WEIGHT_FORMATS[fmt]
        return self.arch.total_params_b * 1e9 * min(f.linear_bytes, f.embedding_bytes, f.lm_head_bytes)

    def workload_for(self, fmt: str, parallel: str) -> Workload:
        return self.workload.model_copy(update={"weights": fmt, "parallel": parallel, "gpus": None})

    def ideal(self, spec: GpuSpec, count: int, fmt: str, parallel: str) -> Outcome | None:
        """The workload on ``count`` × ``spec``, each on its own full CPU link: what no real
        board betters, so a bound for the search."""
        if self.weight_floor_bytes(fmt) > count * spec.vram_bytes * self.workload.mem_util:
            return None
        w = self.workload_for(fmt, parallel)
        try:
            est = estimate_inference(self.arch, WEIGHT_FORMATS[fmt], [spec] * count,
                                     workload_from_build(w), [GpuLink(spec.pcie_gbps)] * count,
                                     host_cores=self.host_cores)
        except ValueError:
            return None
        return self._outcome(est)

    def measure(self, resolved: ResolvedBuild, host_cores: int | None = None) -> Outcome | None:
        """The estimate over the build's links and with its CPU's cores (or ``host_cores``)."""
        inputs = build_inputs(resolved)
        if inputs is None:
            return None
        try:
            est = estimate_inference(inputs.arch, inputs.fmt, inputs.gpus, inputs.serving, inputs.links,
                                     host_cores=host_cores or inputs.host_cores)
        except ValueError:
            return None
        return self._outcome(est)

    def host_bound(self, resolved: ResolvedBuild, outcome: Outcome) -> bool:
        """Would a CPU with more cores serve this build's engines faster?"""
        richer = self.measure(resolved, self.host_cores)
        return richer is not None and richer.throughput > outcome.throughput / SAME_SPEED

    def _outcome(self, est: InferenceEstimate) -> Outcome:
        t = est.throughput
        # Every user's request running at once at its usual length (none queued), and room for
        # one request at the full context.
        fits = est.fits and t is not None and t.running_requests >= self.users
        return Outcome(
            fits=fits,
            throughput=t.output_tokens_per_s.value if t else 0.0,
            per_user=t.per_user_tokens_per_s.value if t else None,
            ttft_s=t.ttft_s.value if t else None,
            estimate=est,
        )


class TrainingTask:
    """Fine-tuning: one layout (the workload's sharding); measure with the fine-tuning estimator."""

    def __init__(self, request: RecommendRequest, host_cores: int | None = None):
        workload = request.workload
        # The method sets the base weights' precision; the serving format is not searched.
        if workload.weights not in WEIGHT_FORMATS:
            workload = workload.model_copy(update={"weights": "bf16"})
        self.workload = workload
        self.arch = get_architecture(self.workload.model)
        self.setup = finetune_setup_from_build(self.workload)
        self.users = 1

    def formats(self) -> list[str]:
        return [self.workload.weights]

    def formats_for(self, spec: GpuSpec) -> list[str]:
        return self.formats()

    def layouts(self, count: int) -> list[str]:
        return [self.workload.parallel]

    def checkpoint_bytes_per_param(self, fmt: str) -> float:
        return 2.0

    def workload_for(self, fmt: str, parallel: str) -> Workload:
        return self.workload.model_copy(update={"gpus": None})

    def ideal(self, spec: GpuSpec, count: int, fmt: str, parallel: str) -> Outcome | None:
        return self._outcome([spec] * count, [GpuLink(spec.pcie_gbps)] * count)

    def measure(self, resolved: ResolvedBuild) -> Outcome | None:
        inputs = build_inputs(resolved)
        if inputs is None:
            return None
        return self._outcome(inputs.gpus, inputs.links)

    def host_bound(self, resolved: ResolvedBuild, outcome: Outcome) -> bool:
        return False

    def _outcome(self, gpus: list[GpuSpec], links: list[GpuLink]) -> Outcome | None:
        try:
            est = estimate_finetune(self.arch, gpus, self.setup)
            step = training_step(self.arch, gpus, self.setup, links)
        except ValueError:
            return None
        tokens = self.setup.sequence_length * self.setup.micro_batch * len(gpus)
        rate = tokens / step.step_s if step.step_s > 0 else 0.0
        return Outcome(fits=est.fits, throughput=rate, per_user=None, ttft_s=None, estimate=est)


def task_for(request: RecommendRequest, host_cores: int | None = None) -> ServingTask | TrainingTask:
    return TrainingTask(request, host_cores) if request.finetune else ServingTask(request, host_cores)

