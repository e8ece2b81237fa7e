"""The workload's answer in one short line for the verdict strip, and the colour of its edge.

The full answer (model, GPUs, memory per GPU, tokens/s range) stays in the panel's details; the
strip says only whether it fits and by how much, so it reads at a glance on a laptop's dock.
"""

from __future__ import annotations

from configurator.estimate.words import tokens
from configurator.parts.vram import gb_text
from configurator.ui.estimates import WorkloadEstimate

NO_MODEL = "Choose a model to see whether it fits and how fast it runs."


def headline(estimate: WorkloadEstimate | None) -> tuple[str, str | None]:
    """(sentence, status for the edge's colour, or None for no edge)."""
    if estimate is None:
        return NO_MODEL, None
    if estimate.error:
        return f"Cannot tell: {_lower_first(estimate.text)}", "errors"
    if estimate.finetune is not None:
        memory = estimate.finetune.per_gpu
        if estimate.finetune.fits:
            return (f"Fits: {gb_text(memory.required_bytes)} of {gb_text(memory.vram_bytes)} "
                    "per GPU", "buildable")
        return f"Does not fit: {-estimate.finetune.margin_gb:.1f} GB short per GPU", "errors"
    est = estimate.inference
    if est is None:
        return estimate.text, None
    workload = est.workload
    if not est.fits:
        if est.margin_gb < 0:
            return f"Does not fit: {-est.margin_gb:.1f} GB short on the fullest GPU", "errors"
        return (f"Does not fit: no room for one {tokens(workload.context)}-token request",
                "errors")
    if est.max_concurrency < workload.concurrency:
        return (f"Fits, but only {est.max_concurrency:,} of {workload.concurrency:,} users at "
                f"once at the full {tokens(workload.context)} context", "warnings")
    users = "1 user" if workload.concurrency == 1 else f"{workload.concurrency:,} users at once"
    if est.throughput is None:
        return f"Fits: {users} at {tokens(workload.context)} context", "buildable"
    return (f"Fits: {users}, about {est.throughput.output_tokens_per_s.value:,.0f} output "
            "tokens/s in total", "buildable")


def _lower_first(text: str) -> str:
    """'Add a GPU…' -> 'add a GPU…'; an initialism ('GPU spec: …') keeps its capitals."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
