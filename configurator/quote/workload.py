"""The workload the customer asked about, as the quote prints it: the one place that reads the
estimator, so a change in its interface is adapted here only."""

from __future__ import annotations

from configurator.build import PARALLEL_LABELS, ResolvedBuild
from configurator.parts.vram import gb, gb_text
from configurator.quote.model import CurvePoint, ThroughputRow, TrainingMemory, WorkloadSection

CURVE_POINTS = 40


def workload_section(resolved: ResolvedBuild) -> WorkloadSection | None:
    """Estimate for the build's ``workload``; None when the build has none or no GPU, or the
    estimator cannot model it (an unknown model id, a context past the model's limit)."""
    from configurator.estimate.build_input import build_inputs
    from configurator.estimate.inference import concurrency_curve, estimate_inference
    from configurator.estimate.words import summary

    workload = resolved.build.workload
    try:
        inputs = build_inputs(resolved)
        if inputs is None:
            return None
        if inputs.task == "finetune":
            return _finetune_section(inputs)
        arch, fmt, gpus, links, inference = (inputs.arch, inputs.fmt, inputs.gpus, inputs.links,
                                             inputs.serving)
        estimate = estimate_inference(arch, fmt, gpus, inference, links, host_cores=inputs.host_cores)
        curve = concurrency_curve(arch, fmt, gpus, inference, links, points=CURVE_POINTS,
                                  max_concurrency=max(2, 2 * workload.concurrency),
                                  host_cores=inputs.host_cores)
    except ValueError:
        return None
    fullest = estimate.fullest
    rows: tuple[ThroughputRow, ...] = ()
    if estimate.throughput is not None:
        t = estimate.throughput
        rows = tuple(
            ThroughputRow(label=label, tokens_per_s=round(r.value, 1), low=round(r.low, 1),
                          high=round(r.high, 1))
            for label, r in (
                ("Output, all requests", t.output_tokens_per_s),
                ("Output, per request", t.per_user_tokens_per_s),
                ("Prompt processing", t.prefill_tokens_per_s),
            )
        )
    return WorkloadSection(
        model=arch.name,
        weights=fmt.label,
        kv_cache=workload.kv_cache,
        context=workload.context,
        concurrency=workload.concurrency,
        gpus=len(gpus),
        layout=estimate.layout,
        parallel=PARALLEL_LABELS[workload.parallel],
        fits=estimate.fits,
        vram_per_gpu_gb=gb(fullest.needed_bytes),
        kv_cache_per_gpu_gb=gb(fullest.kv_bytes),
        vram_capacity_gb=gb(fullest.total_bytes),
        vram_usable_gb=gb(fullest.usable_bytes),
        rows=rows,
        curve=tuple(CurvePoint(concurrency=c, tokens_per_s=round(v, 1), low=round(lo, 1),
                               high=round(hi, 1)) for c, v, lo, hi in curve),
        service_levels=service_words(workload.service, estimate.throughput),
        summary=summary(estimate),
        note="; ".join(estimate.notes),
    )


def service_words(service, throughput) -> tuple[str, ...]:
    """Each requested service level with what the estimate gives: 'at least 20 output tokens/s
    per user: about 23.5 (met)'."""
    if service is None:
        return ()
    out = []
    if service.min_tokens_per_user is not None:
        got = throughput.per_user_tokens_per_s.value if throughput else None
        out.append(_level(f"at least {service.min_tokens_per_user:g} output tokens/s per user",
                          None if got is None else f"about {got:,.1f}",
                          got is not None and got >= service.min_tokens_per_user))
    if service.max_ttft_s is not None:
        got = throughput.ttft_s.value if throughput else None
        out.append(_level(f"first token within {service.max_ttft_s:g} s",
                          None if got is None else f"about {got:,.2f} s",
                          got is not None and got <= service.max_ttft_s))
    return tuple(out)


def _level(asked: str, estimate: str | None, met: bool) -> str:
    if not estimate:
        return f"{asked}: no estimate (the workload does not fit)"
    return f"{asked}: {estimate} ({'met' if met else 'not met'})"


BASE_WORDS = {"full": "BF16, trained", "lora": "BF16, frozen", "qlora": "NF4 4-bit, frozen"}


def _finetune_section(inputs) -> WorkloadSection:
    from configurator.estimate.finetune import METHOD_NAMES, SHARDING_WORDS, estimate_finetune

    setup = inputs.training
    est = estimate_finetune(inputs.arch, inputs.gpus, setup)
    m = est.per_gpu
    method = METHOD_NAMES[setup.method] + (f" (rank {setup.lora_rank})" if setup.method != "full" else "")
    words = (f"{method}, sequences of {setup.sequence_length:,} tokens, micro-batch "
             f"{setup.micro_batch} per GPU, gradient checkpointing "
             f"{'on' if setup.gradient_checkpointing else 'off'}, "
             f"{'8-bit AdamW' if setup.optimizer == 'adamw-8bit' else 'AdamW'}, "
             f"{SHARDING_WORDS[setup.sharding]}")
    return WorkloadSection(
        task="finetune",
        model=inputs.arch.name,
        weights=BASE_WORDS[setup.method],
        context=setup.sequence_length,
        concurrency=setup.micro_batch,
        gpus=len(inputs.gpus),
        layout=words,
        fits=est.fits,
        vram_per_gpu_gb=gb(m.total_bytes),
        vram_capacity_gb=gb(m.vram_bytes),
        vram_usable_gb=gb(m.vram_bytes),
        training=TrainingMemory(
            weights_gb=gb(m.weights_bytes), gradients_gb=gb(m.gradients_bytes),
            optimizer_gb=gb(m.optimizer_bytes),
            activations_gb=gb(m.activations_bytes),
            overhead_gb=gb(m.overhead_bytes),
            trainable_params_b=round(est.trainable_params / 1e9, 3), setup=words,
        ),
        summary=(f"{method} of {inputs.arch.name} on {len(inputs.gpus)} GPU(s) "
                 f"{'fits' if est.fits else 'does not fit'}: {gb_text(m.total_bytes)} of "
                 f"{gb_text(m.vram_bytes)} per GPU."),
        note="; ".join(est.notes),
    )
