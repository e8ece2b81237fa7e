"""Every call into the estimator, in one place: the panels only read what this returns.

The build file's workload says what to estimate: serving, or fine-tuning with its set-up.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from configurator.build import ResolvedBuild
from configurator.estimate import (
    WEIGHT_FORMATS,
    BuildInputs,
    FinetuneEstimate,
    InferenceEstimate,
    build_inputs,
    concurrency_curve,
    estimate_finetune,
    estimate_inference,
    load_architectures,
)
from configurator.estimate.local_calibration import local_factors
from configurator.estimate.words import memory_words, summary
from configurator.parts.vram import GB, budget_label, gb, gb_text

KEPT_ESTIMATES = 16  # builds whose estimate is kept (see Estimator._serving)
CURVE_POINTS = 32  # a smooth enough line; the curve is most of the estimate's cost
FINETUNE_METHODS = {"lora": "LoRA", "qlora": "QLoRA (4-bit base)", "full": "Full fine-tune"}


@dataclass(frozen=True)
class MemoryBar:
    """One GPU's memory, in GB, split the way the VRAM chart stacks it."""

    label: str
    segments: dict[str, float]
    usable_gb: float
    total_gb: float


@dataclass(frozen=True)
class WorkloadEstimate:
    mode: str  # "inference" or "finetune"
    text: str
    fits: bool | None = None
    bars: list[MemoryBar] = field(default_factory=list)
    curve: list[tuple[int, float, float, float]] = field(default_factory=list)
    current: tuple[int, float, float, float] | None = None
    error: str | None = None
    inference: InferenceEstimate | None = None
    finetune: FinetuneEstimate | None = None


class Estimator:
    """Turns the build's workload and GPUs into what the workload panel and charts show."""

    def __init__(self):
        self._kept: OrderedDict[tuple, tuple] = OrderedDict()

    @cached_property
    def models(self) -> dict[str, str]:
        """Model id → display name, for the model chooser."""
        return {model_id: arch.name for model_id, arch in load_architectures().items()}

    @staticmethod
    def weight_formats() -> dict[str, str]:
        return {fmt_id: fmt.label for fmt_id, fmt in WEIGHT_FORMATS.items()}

    def estimate(self, resolved: ResolvedBuild, _report=None) -> WorkloadEstimate | None:
        workload = resolved.build.workload
        if workload is None:
            return None
        try:
            inputs = build_inputs(resolved)
            if inputs is None:
                return WorkloadEstimate(workload.task, "Add a GPU to estimate this workload.",
                                        error="no GPU")
            if inputs.task == "finetune":
                return self._finetune(inputs)
            serving = inputs.serving
            est, curve = self._serving(inputs)
        except ValueError as exc:
            return WorkloadEstimate(workload.task, str(exc), error=str(exc))
        current = None
        if est.throughput:
            t = est.throughput.output_tokens_per_s
            current = (serving.concurrency, t.value, t.low, t.high)
        bars = [
            MemoryBar(f"GPU {n}", {
                "weights": m.weight_bytes / GB, "kv": m.kv_bytes / GB,
                "activations": m.activation_bytes / GB, "overhead": m.overhead_bytes / GB,
            }, m.usable_bytes / GB, m.total_bytes / GB)
            for n, m in enumerate(est.per_gpu, start=1)
        ]
        text = f"{summary(est)}. Per GPU: {memory_words(est.fullest)}"
        return WorkloadEstimate("inference", text, est.fits, bars, curve, current,
                                inference=est)

    def _serving(self, inputs: BuildInputs) -> tuple[InferenceEstimate, list]:
        """The estimate and its tokens/s curve (most of the cost), kept for the last few builds:
        a change that leaves the GPUs, links and workload alone (a case, a PSU), undo, redo and
        trying parts back and forth reuse them. The store's calibration is part of the key, so
        importing a run estimates again."""
        factors = local_factors()
        key = (id(inputs.arch), inputs.fmt, tuple(inputs.gpus), tuple(inputs.links), inputs.serving,
               inputs.host_cores, tuple(sorted(factors.items())))
        kept = self._kept.get(key)
        if kept is not None and kept[0] is inputs.arch:  # the same model, not one at a reused id
            self._kept.move_to_end(key)
            return kept[1], kept[2]
        args = (inputs.arch, inputs.fmt, inputs.gpus, inputs.serving, inputs.links)
        est = estimate_inference(*args, host_cores=inputs.host_cores, local_calibration=factors)
        curve = concurrency_curve(*args, points=CURVE_POINTS, host_cores=inputs.host_cores,
                                  local_calibration=factors)
        self._kept[key] = (inputs.arch, est, curve)
        if len(self._kept) > KEPT_ESTIMATES:
            self._kept.popitem(last=False)
        return est, curve

    def _finetune(self, inputs: BuildInputs) -> WorkloadEstimate:
        arch, gpus, setup = inputs.arch, inputs.gpus, inputs.training
        est = estimate_finetune(arch, gpus, setup)
        m = est.per_gpu
        bar = {"weights": m.weights_bytes / GB, "kv": (m.gradients_bytes + m.optimizer_bytes) / GB,
               "activations": m.activations_bytes / GB, "overhead": m.overhead_bytes / GB}
        bars = [MemoryBar(f"GPU {n}", bar, m.vram_bytes / GB, m.vram_bytes / GB)
                for n in range(1, len(gpus) + 1)]
        verdict = "fits" if est.fits else "does not fit"
        text = (f"{FINETUNE_METHODS[setup.method]} of {arch.name} on {len(gpus)} GPU(s) "
                f"{verdict}: {gb_text(m.total_bytes)} of {budget_label(gb(m.vram_bytes), gb(m.vram_bytes))} per GPU, "
                f"{est.trainable_params / 1e9:,.2f} B trainable parameters; sequences of "
                f"{setup.sequence_length:,} tokens, micro-batch {setup.micro_batch}")
        if est.notes:
            text += ". " + "; ".join(est.notes)
        return WorkloadEstimate("finetune", text, est.fits, bars, finetune=est)
