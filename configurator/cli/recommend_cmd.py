"""``configurator recommend …`` and ``configurator recommend finetune …``: ranked builds for a
workload, budget and site."""

from __future__ import annotations

import argparse
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError

from configurator.build import FinetuneOptions, ServiceLevels, Workload, save_build
from configurator.cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CliError,
    add_catalog_arg,
    catalog_or_exit,
    print_json,
)
from configurator.recommend import (
    FORMS,
    GPU_CLASSES,
    OBJECTIVES,
    RecommendError,
    RecommendRequest,
    RecommendResult,
    recommend,
)
from configurator.rules import CIRCUITS


def register(sub) -> None:
    rec = sub.add_parser(
        "recommend", help="ranked, buildable, priced builds for a workload",
        description="Search the catalog for the builds that run a workload within a budget on the "
                    "site's circuit. Exit 0 with at least one build, 1 when none qualifies (the "
                    "nearest misses are printed), 2 on bad input.",
    )
    rec.add_argument("--model", metavar="ID", help="architecture id (see: configurator models list)")
    rec.add_argument("--weights", metavar="FORMAT", default="any",
                     help="bf16, fp8, int8, awq-int4, gptq-int4, nvfp4, mxfp4, … or any (default: "
                          "the recommender chooses, best quality first)")
    rec.add_argument("--kv-cache", choices=("bf16", "fp8"), default="bf16")
    rec.add_argument("--context", type=int, metavar="N", default=8192, help="longest request, default 8192")
    rec.add_argument("--users", type=int, metavar="N", help="users served at once (required)")
    rec.add_argument("--input-tokens", type=int, metavar="N", default=1000, help="prompt length, default 1000")
    rec.add_argument("--output-tokens", type=int, metavar="N", default=1000, help="answer length, default 1000")
    rec.add_argument("--min-tokens-per-user", type=float, metavar="X",
                     help="each user gets at least X output tokens/s")
    rec.add_argument("--max-ttft", type=float, metavar="S", help="time to first token at most S seconds")
    _add_constraints(rec)
    rec.set_defaults(func=run_inference)
    actions = rec.add_subparsers(dest="recommend_action", metavar="ACTION")
    ft = actions.add_parser("finetune", help="builds for fine-tuning a model",
                            description="Search the catalog for builds that fine-tune a model.")
    ft.add_argument("--model", metavar="ID", required=True)
    ft.add_argument("--method", choices=("full", "lora", "qlora"), required=True)
    ft.add_argument("--seq-len", type=int, metavar="N", default=2048, dest="sequence_length")
    ft.add_argument("--micro-batch", type=int, metavar="N", default=1)
    ft.add_argument("--gradient-checkpointing", action=argparse.BooleanOptionalAction, default=True)
    ft.add_argument("--optimizer", choices=("adamw", "adamw-8bit"), default="adamw")
    ft.add_argument("--sharding", choices=("ddp", "fsdp"), default="fsdp")
    ft.add_argument("--lora-rank", type=int, metavar="R", default=16)
    _add_constraints(ft)
    ft.set_defaults(func=run_finetune)


def _add_constraints(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", metavar="AMOUNT", help="price ceiling of the whole build")
    p.add_argument("--currency", metavar="CUR", help="currency of the budget (default: the catalog's)")
    p.add_argument("--circuit", choices=sorted(CIRCUITS), default="120v15a",
                   help="the site's wall circuit (default 120v15a)")
    p.add_argument("--form", choices=FORMS, default="any", help="tower, rack or any (default)")
    p.add_argument("--max-gpus", type=int, metavar="N")
    p.add_argument("--gpu-class", action="append", choices=GPU_CLASSES, dest="gpu_classes",
                   help="allowed GPU class (repeat for several; default all)")
    p.add_argument("--exclude-brand", action="append", metavar="BRAND", dest="exclude_brands")
    p.add_argument("--include", action="append", metavar="PART_ID[:N]",
                   help="a part the build must contain (N units); repeat for several")
    p.add_argument("--objective", choices=OBJECTIVES, default="cheapest")
    p.add_argument("--top", type=int, metavar="N", default=5, help="how many builds, default 5")
    p.add_argument("--save-dir", metavar="DIR", help="write each build as its own build file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_catalog_arg(p)


# --- building the request ---------------------------------------------------------------------


def _constraints(args) -> dict:
    budget = None
    if args.budget is not None:
        try:
            budget = Decimal(args.budget.replace(",", "").replace("_", ""))
        except InvalidOperation:
            raise CliError(f"--budget must be an amount, not '{args.budget}'") from None
        if not budget.is_finite():
            raise CliError(f"--budget must be an amount, not '{args.budget}'")
    currency = args.currency.upper() if args.currency else None
    if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
        raise CliError(f"--currency must be a three-letter code such as USD, not '{args.currency}'")
    return {
        "budget": budget, "currency": currency, "circuit": args.circuit, "form": args.form,
        "max_gpus": args.max_gpus, "gpu_classes": tuple(args.gpu_classes or ()),
        "exclude_brands": tuple(args.exclude_brands or ()), "must_include": _included(args.include),
        "objective": args.objective, "top": args.top,
    }


def _included(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or []:
        part, _, count = value.partition(":")
        try:
            n = int(count) if count else 1
        except ValueError:
            raise CliError(f"--include {value}: the count after ':' must be a whole number") from None
        if n < 1:
            raise CliError(f"--include {value}: the count must be at least 1")
        out.extend([part] * n)
    return tuple(out)


OPTION_OF = {"concurrency": "--users", "sequence_length": "--seq-len", "max_ttft_s": "--max-ttft"}
BOUND_WORDS = (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than"))


def _refused(exc: ValidationError) -> CliError:
    """The first problem as the option a person typed: '--context must be at least 128'."""
    err = exc.errors(include_url=False)[0]
    field = str(err["loc"][-1]) if err["loc"] else ""
    option = OPTION_OF.get(field, f"--{field.replace('_', '-')}")
    ctx = err.get("ctx") or {}
    bound = next((f"must be {words} {ctx[key]:g}" for key, words in BOUND_WORDS
                  if isinstance(ctx.get(key), int | float)), None)
    return CliError(f"{option} {bound or 'is not valid: ' + err['msg'].removeprefix('Value error, ')}")


def _workload(**fields) -> Workload:
    try:
        return Workload(**fields)
    except ValidationError as exc:
        raise _refused(exc) from None


def run_inference(args) -> int:
    if not args.model:
        raise CliError("--model is required (see: configurator models list)")
    if args.users is None:
        raise CliError("--users is required: how many users are served at once")
    if args.users < 1:
        raise CliError(f"--users must be at least 1, not {args.users}")
    workload = _workload(model=args.model, weights=args.weights, kv_cache=args.kv_cache,
                         context=args.context, concurrency=args.users, input_tokens=args.input_tokens,
                         output_tokens=args.output_tokens)
    try:
        service = ServiceLevels(min_tokens_per_user=args.min_tokens_per_user, max_ttft_s=args.max_ttft)
    except ValidationError as exc:
        raise _refused(exc) from None
    return _run(args, RecommendRequest(workload=workload, service=service, **_constraints(args)))


def run_finetune(args) -> int:
    try:
        options = FinetuneOptions(method=args.method, sequence_length=args.sequence_length,
                                  micro_batch=args.micro_batch,
                                  gradient_checkpointing=args.gradient_checkpointing,
                                  optimizer=args.optimizer, sharding=args.sharding,
                                  lora_rank=args.lora_rank)
    except ValidationError as exc:
        raise _refused(exc) from None
    workload = _workload(task="finetune", model=args.model, finetune=options)
    return _run(args, RecommendRequest(workload=workload, **_constraints(args)))


def _run(args, request: RecommendRequest) -> int:
    catalog = catalog_or_exit(args.catalog)
    try:
        result = recommend(request, catalog)
    except RecommendError as exc:
        raise CliError(str(exc)) from None
    if args.save_dir:
        _save(result, Path(args.save_dir))
    if args.json:
        print_json(result.to_json())
    else:
        _print(result, request)
    return EXIT_OK if result.builds else EXIT_FINDINGS


def _save(result: RecommendResult, folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for rec in result.builds:
            slug = re.sub(r"[^a-z0-9]+", "-", rec.build.name.lower()).strip("-")[:80]
            save_build(rec.build, folder / f"{rec.rank:02d}-{slug}.json")
    except OSError as exc:
        raise CliError(f"cannot write to {folder}: {exc.strerror or exc}") from None


def _print(result: RecommendResult, request: RecommendRequest) -> None:
    unit = "trained tokens/s" if request.finetune else "output tokens/s"
    if not result.builds:
        print("No build qualifies.")
    for rec in result.builds:
        print(f"#{rec.rank} {rec.build.name}")
        print(f"   {rec.price:,.2f} {rec.currency} · {rec.throughput:,.0f} {unit}"
              + (f" · {rec.per_user_tokens_per_s:,.1f} per user" if rec.per_user_tokens_per_s is not None else "")
              + (f" · first token {rec.ttft_s:.2f} s" if rec.ttft_s is not None else "")
              + f" · ~{rec.power.sustained_w:,.0f} W sustained")
        w = rec.build.workload
        if w is not None and not request.finetune:
            print(f"   {w.weights} weights, {w.parallel}")
        for f in rec.findings:
            if f.severity != "info":
                print(f"   {f.severity}: {f.code}: {f.message}")
        print(f"   why: {rec.why}")
    if result.nearest_misses:
        print("Nearest misses (each qualifies with the change named):")
        for m in result.nearest_misses:
            print(f"   with {m.relaxation}: {m.build.name}, {m.price:,.2f} {m.currency}, "
                  f"{m.throughput:,.0f} {unit}")
    print(f"{result.evaluated} candidates checked in {result.elapsed_ms / 1000:.2f} s"
          + (" (cancelled)" if result.cancelled else ""))

