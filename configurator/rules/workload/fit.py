"""WORKLOAD-FIT: the customer's model does not fit the build, or serves fewer users than asked."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache

from configurator.build import BuildError, apply_edit, resolve
from configurator.estimate import (
    BuildInputs,
    GpuSpec,
    Suggestion,
    build_inputs,
    estimate_finetune,
    estimate_inference,
    get_architecture,
    suggest_changes,
)
from configurator.estimate.advice import describe_effect, solves
from configurator.estimate.finetune import METHOD_NAMES
from configurator.estimate.local_calibration import local_factors
from configurator.estimate.words import summary, tokens
from configurator.graph import auto_place
from configurator.parts.vram import gb_text
from configurator.rules._common import CheckContext, Finding, Fix, Rule


class WorkloadFit(Rule):
    """Check the build's workload against its GPUs' memory.

    What it checks: when the build carries a workload, whether the model, its KV cache and
    activations fit the working GPUs (for serving: at the asked context, a warning when not,
    and a note when fewer simultaneous users than asked fit at the full context; for
    fine-tuning: the training memory per GPU).
    Why it matters: a machine that cannot load the customer's model is the wrong machine,
    however well its parts fit together; it is the first thing the customer asks.
    Fix: the estimator's cheapest changes that make it fit, each with its tokens/s: a setting
    (FP8 KV cache, a shorter context), a smaller weight format, one more GPU of the same kind,
    or a larger card from the catalog.
    """

    code = "WORKLOAD-FIT"
    name = "workload.fit"
    severity = "warning"

    def check(self, ctx: CheckContext) -> list[Finding]:
        try:
            inputs = build_inputs(ctx.resolved)
        except ValueError:
            return []  # an unknown model or format is the workload panel's to explain
        if inputs is None:
            return []
        chain = [u.key for u in _working_gpus(ctx)][: len(inputs.gpus)]
        parts = sorted({u.part.id for u in ctx.resolved.gpus})
        try:
            if inputs.task == "finetune":
                est = estimate_finetune(inputs.arch, inputs.gpus, inputs.training)
                if est.fits:
                    return []
                m = est.per_gpu
                return [self.finding(
                    f"{METHOD_NAMES[inputs.training.method]} of {inputs.arch.name} does not fit: it "
                    f"needs ~{gb_text(m.total_bytes)} per GPU and each has "
                    f"{gb_text(m.vram_bytes)}", parts=parts, chain=chain)]
            candidates = ctx.catalog.derived("gpu specs by price", _gpu_specs_by_price)
            est, suggestions = _verdict(ctx.resolved.build.workload.model, inputs.fmt,
                                        tuple(inputs.gpus), tuple(inputs.links), inputs.serving,
                                        inputs.host_cores, candidates,
                                        tuple(sorted(local_factors().items())))
        except ValueError:
            return []
        if not suggestions and est.fits and est.max_concurrency >= inputs.serving.concurrency:
            return []
        wanted = inputs.serving.concurrency
        # Fewer users at once at the full context is a note: shorter requests share the cache,
        # and the others wait their turn. A model that does not load is a warning.
        severity = "info" if est.fits else "warning"
        if est.fits:
            message = (f"{est.model.name} ({est.weights.label}) serves only {est.max_concurrency:,} "
                       f"of the {wanted:,} simultaneous users asked for at the full context "
                       f"({tokens(inputs.serving.context)} tokens each); the others wait their turn")
        else:
            message = summary(est)
        fixes = []
        for suggestion in suggestions:
            edit = _edit(ctx, suggestion)
            if suggestion.extra_gpus or suggestion.gpu_part:
                suggestion = _as_built(ctx, est, suggestion, edit)
                if suggestion is None:
                    continue
            fixes.append(Fix(f"{suggestion.change[:1].upper()}{suggestion.change[1:]}: {suggestion.effect}", edit))
        return [self.finding(message, parts=parts, chain=chain, fixes=fixes, severity=severity)]


@lru_cache(maxsize=32)
def _verdict(model_id, fmt, gpus, links, serving, host_cores, candidates, factors):
    """The estimate and, when short, the estimator's suggestions; kept for the last few
    builds, since undo, redo and trying parts back and forth revisit them. The store's own
    calibration is part of the key, so importing a run estimates again. Estimated on the
    build's own CPU, as the workload panel is, so a suggestion's figures are the ones the
    build shows once it is taken."""
    est = estimate_inference(get_architecture(model_id), fmt, list(gpus), serving, list(links),
                             host_cores=host_cores, local_calibration=dict(factors))
    if est.fits and est.max_concurrency >= serving.concurrency:
        return est, ()
    return est, tuple(suggest_changes(est, list(candidates), list(links), host_cores=host_cores))


@lru_cache(maxsize=64)
def _estimate(model_id, fmt, gpus, links, serving, host_cores, factors):
    """A suggestion's build estimated, kept like ``_verdict``'s: the same suggestions come
    back each time a build is shown again."""
    return estimate_inference(get_architecture(model_id), fmt, list(gpus), serving, list(links),
                              host_cores=host_cores, local_calibration=dict(factors))


def _as_built(ctx: CheckContext, before, suggestion: Suggestion, edit: dict | None) -> Suggestion | None:
    """A hardware suggestion estimated on the build it makes, as the app applies it: the edit,
    then the new or swapped cards placed in the slots they get, over those slots' links (one
    more card may land on a narrow chipset slot). None when the build cannot take it or, so
    placed, it no longer does what was missing."""
    if edit is None:
        return suggestion
    built = _built_inputs(ctx, edit)
    if built is None:
        return None
    model_id, inputs = built
    try:
        after = _estimate(model_id, inputs.fmt, tuple(inputs.gpus), tuple(inputs.links), inputs.serving,
                          inputs.host_cores, tuple(sorted(local_factors().items())))
    except ValueError:
        return None
    if not solves(before, after):
        return None
    return replace(suggestion, estimate=after, effect=describe_effect(before, after))


KEPT_BUILDS = 64
_kept_lock = threading.Lock()


def _built_inputs(ctx: CheckContext, edit: dict) -> tuple[str, BuildInputs] | None:
    """The estimate's inputs of the build the edit makes, placed as the app places it; None
    when the build cannot take the edit. Kept per catalog for the last builds and edits, since
    the same suggestions come back each time a build is shown again."""
    kept = ctx.catalog.derived("workload fixes as built", lambda _catalog: OrderedDict())
    key = (ctx.resolved.build.model_dump_json(), json.dumps(edit, sort_keys=True))
    with _kept_lock:  # the recommender checks builds on its own thread
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    try:
        changed = resolve(auto_place(apply_edit(ctx.resolved.build, edit), ctx.catalog), ctx.catalog)
        inputs = build_inputs(changed)
        built = (changed.build.workload.model, inputs) if inputs is not None else None
    except (BuildError, ValueError):
        built = None
    with _kept_lock:
        kept[key] = built
        if len(kept) > KEPT_BUILDS:
            kept.popitem(last=False)
    return built


def _gpu_specs_by_price(catalog) -> tuple[GpuSpec, ...]:
    return tuple(GpuSpec.from_part(p) for p in sorted(catalog.of_kind("gpu"), key=lambda p: p.price.amount))


def _working_gpus(ctx: CheckContext) -> list:
    disabled = {link.unit for link in ctx.links if link.disabled}
    return [u for u in ctx.resolved.gpus if u.key not in disabled]


def _edit(ctx: CheckContext, suggestion) -> dict | None:
    """The suggestion as an edit of the build, or None when the build cannot take it as one."""
    steps: list[dict] = []
    lines = [i for i in ctx.resolved.build.items if ctx.catalog.get(i.part) is not None
             and ctx.catalog.get(i.part).kind == "gpu"]
    workload = ctx.resolved.build.workload
    settings = dict(suggestion.settings)
    if suggestion.extra_gpus:
        if len(lines) != 1:
            return None
        line = lines[0]
        steps.append({"action": "set_quantity", "part": line.part,
                      "quantity": line.quantity + suggestion.extra_gpus})
        if workload.gpus:
            settings["gpus"] = workload.gpus + suggestion.extra_gpus
    if suggestion.gpu_part:
        if len(lines) != 1:
            return None
        steps.append({"action": "replace", "from_part": lines[0].part, "to_part": suggestion.gpu_part})
    if settings:
        steps.append({"action": "set_workload", "changes": settings})
    if not steps:
        return None
    return steps[0] if len(steps) == 1 else {"action": "steps", "steps": steps}
