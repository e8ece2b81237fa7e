"""``configurator estimate …``, ``configurator estimate finetune …`` and ``configurator models list``."""

from __future__ import annotations

import argparse
from pathlib import Path

from configurator.build import FinetuneOptions
from configurator.cli._common import (
    CliError,
    add_catalog_arg,
    catalog_or_exit,
    first_problem,
    print_json,
    resolved_build,
    warn_left_out,
)
from configurator.estimate import (
    FinetuneSetup,
    GpuLink,
    GpuSpec,
    InferenceWorkload,
    estimate_finetune,
    estimate_inference,
    get_architecture,
    gpus_from_build,
    load_architectures,
    suggest_changes,
    weight_format,
)
from configurator.estimate.finetune import TRAINER_NAMES
from configurator.estimate.words import BOTTLENECKS, summary, tokens
from configurator.parts import CatalogError, Gpu
from configurator.parts.vram import BASIS, budget_label, gb, gb_text

DEFAULTS = {
    "weights": None, "kv_cache": "bf16", "context": 8192, "concurrency": 1, "input_tokens": 1000,
    "output_tokens": 1000, "parallel": "replicas", "mem_util": 0.9, "shared_prefix_tokens": 0,
    "speculative": "none", "draft_tokens": 0, "acceptance_length": 0.0,
}


def register(subparsers) -> None:
    est = subparsers.add_parser(
        "estimate", help="will a model run on these GPUs, and how fast",
        description="Estimate VRAM fit and serving speed of an LLM on a build's GPUs.",
    )
    _add_gpu_args(est)
    _add_serving_args(est)
    est.set_defaults(func=run_inference)
    actions = est.add_subparsers(dest="estimate_action", metavar="ACTION")
    ft = actions.add_parser("finetune", help="fine-tuning memory per GPU",
                            description="Per-GPU memory of full, LoRA or QLoRA fine-tuning.")
    _add_gpu_args(ft)
    # Unset options come from the build's fine-tuning set-up (--build), else the defaults.
    ft.add_argument("--method", choices=("full", "lora", "qlora"), help="default lora")
    ft.add_argument("--seq-len", type=int, metavar="N", dest="sequence_length", help="default 2048")
    ft.add_argument("--micro-batch", type=int, metavar="N", help="default 1")
    ft.add_argument("--gradient-checkpointing", action=argparse.BooleanOptionalAction, help="default on")
    ft.add_argument("--optimizer", choices=("adamw", "adamw-8bit", "paged-adamw-8bit"), help="default adamw")
    ft.add_argument("--trainer", choices=("hf", "torchtune", "unsloth"),
                    help="training library: Hugging Face Trainer (default), torchtune or Unsloth")
    ft.add_argument("--sharding", choices=("ddp", "fsdp"),
                    help="across several GPUs: data parallel copies, or FSDP/ZeRO-3 shards (default)")
    ft.add_argument("--precision", choices=("bf16-mixed", "fp32"), default="bf16-mixed")
    ft.add_argument("--lora-rank", type=int, metavar="R", help="default 16")
    ft.add_argument("--lora-targets", choices=("attention", "all-linear"), default="all-linear")
    ft.set_defaults(func=run_finetune)

    models = subparsers.add_parser("models", help="the LLM architectures the estimator knows")
    models_actions = models.add_subparsers(dest="models_action", metavar="ACTION", required=True)
    listing = models_actions.add_parser("list", help="list the architectures")
    listing.add_argument("--json", action="store_true")
    add_catalog_arg(listing)
    listing.set_defaults(func=run_models_list)


def _add_gpu_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="ID", help="architecture id (see: configurator models list)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--gpu", metavar="PART_ID", help="a GPU from the catalog")
    source.add_argument("--gpu-spec", metavar="SPEC",
                        help="vram_gb=80,bandwidth_gbps=3350,bf16_tflops=989,fp8_tflops=1979")
    source.add_argument("--build", metavar="BUILD", help="a build file: its GPUs and their links")
    parser.add_argument("--gpus", type=int, metavar="N", help="how many GPUs (default 1, or all in the build)")
    parser.add_argument("--json", action="store_true")
    add_catalog_arg(parser)


def _add_serving_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weights", metavar="FORMAT", help="bf16, fp8, int8, awq-int4, gptq-int4, nvfp4, mxfp4, gguf-q8_0, gguf-q4_k_m")
    parser.add_argument("--kv-cache", choices=("bf16", "fp8"))
    parser.add_argument("--context", type=int, metavar="N", help="longest request (max-model-len), default 8192")
    parser.add_argument("--concurrency", type=int, metavar="N", help="simultaneous requests, default 1")
    parser.add_argument("--input-tokens", type=int, metavar="N", help="prompt length, default 1000")
    parser.add_argument("--output-tokens", type=int, metavar="N", help="answer length, default 1000")
    parser.add_argument("--parallel", choices=("replicas", "pp", "tp"))
    parser.add_argument("--link-gbps", type=float, metavar="X", help="every GPU's PCIe link, GB/s per direction")
    parser.add_argument("--mem-util", type=float, metavar="F", help="share of VRAM the engine may use, default 0.9")
    parser.add_argument("--shared-prefix-tokens", type=int, metavar="N",
                        help="prompt tokens every request shares (a system prompt): cached once, default 0")
    parser.add_argument("--speculative", choices=("none", "mtp", "eagle", "ngram"),
                        help="speculative decoding: the model's MTP layer, an EAGLE head, or n-gram lookup")
    parser.add_argument("--draft-tokens", type=int, metavar="N", help="tokens the draft proposes per step")
    parser.add_argument("--acceptance-length", type=float, metavar="X",
                        help="mean tokens accepted per step, bonus token included (vLLM's mean acceptance length)")
    parser.add_argument("--host-cores", type=int, metavar="N",
                        help="serving host's CPU cores (default: the build's CPU, else 32)")


# --- inputs -------------------------------------------------------------------------------------


def _gpus(args) -> tuple[list[GpuSpec], list[GpuLink] | None, object | None]:
    """GPUs, their links (None = defaults) and the build's workload, if any."""
    gpus, links, workload, _ = _gpus_and_host(args)
    return gpus, links, workload


def _gpus_and_host(args) -> tuple[list[GpuSpec], list[GpuLink] | None, object | None, int | None]:
    """As ``_gpus``, plus the build's CPU cores (None without a build or CPU)."""
    if args.gpus is not None and args.gpus < 1:
        raise CliError("--gpus must be at least 1")
    if args.build:
        catalog = catalog_or_exit(args.catalog)
        resolved = resolved_build(args.build, catalog)
        gpus, links = gpus_from_build(resolved)
        if not gpus:
            raise CliError(f"{args.build}: the build has no working GPU")
        workload = resolved.build.workload
        count = args.gpus or (workload.gpus if workload and workload.gpus else len(gpus))
        if count > len(gpus):
            raise CliError(f"--gpus {count}: the build has {len(gpus)} working GPU(s)")
        cpu = resolved.cpu
        return gpus[:count], links[:count], workload, cpu.cores if cpu else None
    count = args.gpus or 1
    if args.gpu_spec:
        try:
            spec = GpuSpec.from_spec_string(args.gpu_spec)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        return [spec] * count, None, None, None
    if args.gpu:
        catalog = catalog_or_exit(args.catalog)
        part = catalog.get(args.gpu)
        if not isinstance(part, Gpu):
            known = ", ".join(p.id for p in catalog.of_kind("gpu"))
            raise CliError(f"unknown GPU id '{args.gpu}' (known: {known})")
        return [GpuSpec.from_part(part)] * count, None, None, None
    raise CliError("give the GPUs: --gpu PART_ID, --gpu-spec SPEC or --build BUILD")


def _architecture(model_id: str | None, catalog: str | None = None):
    if not model_id:
        raise CliError("--model is required (see: configurator models list)")
    try:
        return get_architecture(model_id, Path(catalog) if catalog else None)
    except CatalogError as exc:
        raise CliError(str(exc).replace("\n", " ")) from None
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _setting(args, workload, name: str):
    given = getattr(args, name)
    if given is not None:
        return given
    value = getattr(workload, name, None) if workload is not None else None
    return value if value is not None else DEFAULTS[name]


# --- commands -----------------------------------------------------------------------------------


def run_inference(args) -> int:
    gpus, links, build_workload, build_cores = _gpus_and_host(args)
    model_id = args.model or (build_workload.model if build_workload else None)
    arch = _architecture(model_id, args.catalog)
    format_id = _setting(args, build_workload, "weights")
    if not format_id:
        raise CliError("--weights is required (bf16, fp8, int8, awq-int4, gptq-int4, nvfp4, …)")
    if args.link_gbps is not None:
        if not 0.1 <= args.link_gbps <= 2000:
            raise CliError("--link-gbps must be between 0.1 and 2000")
        chipset = [link.chipset for link in links] if links else [False] * len(gpus)
        links = [GpuLink(args.link_gbps, c) for c in chipset]
    try:
        fmt = weight_format(format_id)
        workload = InferenceWorkload(**{name: _setting(args, build_workload, name)
                                        for name in DEFAULTS if name != "weights"})
        host_cores = args.host_cores or build_cores
        est = estimate_inference(arch, fmt, gpus, workload, links, host_cores=host_cores)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    suggestions = []
    if not est.fits or est.max_concurrency < workload.concurrency:
        catalog_gpus = _catalog_gpus(args) if not args.gpu_spec else []
        suggestions = suggest_changes(est, catalog_gpus, links, host_cores=host_cores)
    if args.json:
        data = est.to_json()
        data["suggestions"] = [s.to_json() for s in suggestions]
        print_json(data)
    else:
        _print_inference(est, suggestions)
    return 0


def _catalog_gpus(args) -> list[GpuSpec]:
    catalog = catalog_or_exit(args.catalog)
    parts = sorted(catalog.of_kind("gpu"), key=lambda p: p.price.amount)
    return [GpuSpec.from_part(p) for p in parts]


def run_finetune(args) -> int:
    gpus, _, build_workload = _gpus(args)
    arch = _architecture(args.model or (build_workload.model if build_workload else None), args.catalog)
    options = (build_workload.training if build_workload else FinetuneOptions()).model_dump()
    for name in options:
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    try:
        setup = FinetuneSetup(**options, precision=args.precision, lora_targets=args.lora_targets)
        est = estimate_finetune(arch, gpus, setup)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(est.to_json())
        return 0
    m = est.per_gpu
    verdict = "fits" if est.fits else "does not fit"
    print(f"{arch.name}, {setup.method} fine-tune on {len(gpus)} × {gpus[0].name}: {verdict} "
          f"({gb_text(m.required_bytes)} of {budget_label(gb(m.vram_bytes), gb(m.vram_bytes))} per GPU"
          + (f", plus {gb_text(m.pageable_bytes)} of optimizer states that page to host memory"
             if m.pageable_bytes else "") + f"; {TRAINER_NAMES[setup.trainer]})")
    print(f"  weights {gb_text(m.weights_bytes)} · gradients {gb_text(m.gradients_bytes)} · "
          f"optimizer {gb_text(m.optimizer_bytes)} · activations {gb_text(m.activations_bytes)} · "
          f"overhead {gb_text(m.overhead_bytes)}")
    print(f"  {BASIS}")
    print(f"  trainable parameters: {est.trainable_params / 1e9:.3g} B; sequence {setup.sequence_length:,}, "
          f"micro-batch {setup.micro_batch}, gradient checkpointing "
          f"{'on' if setup.gradient_checkpointing else 'off'}")
    for note in est.notes:
        print(f"  note: {note}")
    return 0


def run_models_list(args) -> int:
    try:
        models = load_architectures(Path(args.catalog) if args.catalog else None)
    except CatalogError as exc:
        raise CliError(first_problem(exc)) from None
    if not args.catalog:
        warn_left_out()
    if args.json:
        print_json([
            {**a.model_dump(mode="json"), "kv_bytes_per_token_bf16": a.shape.kv_elements_per_layer * a.layers * 2}
            for a in models.values()
        ])
        return 0
    for a in models.values():
        size = f"{a.total_params_b:g} B" + (f" / {a.active_params_b:g} B active" if a.is_moe else "")
        print(f"{a.id:16} {a.name:38} {size:24} context {tokens(a.max_context_tokens)}")
    return 0


def _print_inference(est, suggestions) -> None:
    print(summary(est) + ".")
    print(f"  layout: {est.layout}")
    for n, m in enumerate(est.per_gpu, start=1):
        print(f"  GPU {n} {m.name}: weights {gb_text(m.weight_bytes)}, KV cache {gb_text(m.kv_bytes)}, "
              f"activations {gb_text(m.activation_bytes)}, overhead {gb_text(m.overhead_bytes)} "
              f"of {budget_label(gb(m.usable_bytes), gb(m.total_bytes))}")
    print(f"  {BASIS}")
    w = est.workload
    if est.fits:
        print(f"  longest context for {w.concurrency:,} user(s): {tokens(est.max_context)}")
    t = est.throughput
    if t is not None:
        print(f"  output: {t.output_tokens_per_s.value:,.0f} tokens/s "
              f"({t.output_tokens_per_s.low:,.0f}-{t.output_tokens_per_s.high:,.0f}), "
              f"{t.per_user_tokens_per_s.value:,.1f} per user, {t.running_requests:,} running at once")
        print(f"  prefill {t.prefill_tokens_per_s.value:,.0f} tokens/s, time to first token "
              f"{t.ttft_s.value:.2f} s, decode step {t.decode_step_ms.value:.1f} ms")
        print(f"  limited by {BOTTLENECKS[t.bottleneck]}")
    for note in est.notes:
        print(f"  note: {note}")
    for s in suggestions:
        print(f"  try: {s.change} — {s.effect}")
