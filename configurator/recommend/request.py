"""What the customer asks for: a workload, the constraints around it, and what to optimise."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from configurator.build import ServiceLevels, Workload
from configurator.parts import Catalog, PartBase

Objective = Literal["cheapest", "fastest", "value"]
Form = Literal["tower", "rack", "any"]
OBJECTIVES: tuple[str, ...] = ("cheapest", "fastest", "value")
FORMS: tuple[str, ...] = ("tower", "rack", "any")
GPU_CLASSES: tuple[str, ...] = ("consumer", "workstation", "datacenter")
ANY_FORMAT = "any"


class RecommendError(ValueError):
    """The request cannot be searched (unknown model, no users, contradictory constraints);
    the message is one line naming the problem."""


@dataclass(frozen=True)
class RecommendRequest:
    """A recommendation request.

    ``workload`` is the build-file workload; for inference its ``weights`` may be ``"any"``
    (the recommender chooses, highest precision first), its ``concurrency`` is the number of
    users served at once, and ``parallel``/``gpus`` are chosen by the search. ``must_include``
    lists part ids that must be in every build; an id given twice means two units (the GPUs a
    customer already owns, say).
    """

    workload: Workload
    service: ServiceLevels = field(default_factory=ServiceLevels)
    budget: Decimal | None = None
    currency: str | None = None
    circuit: str = "120v15a"
    form: Form = "any"
    max_gpus: int | None = None
    gpu_classes: tuple[str, ...] = ()
    exclude_brands: tuple[str, ...] = ()
    must_include: tuple[str, ...] = ()
    objective: Objective = "cheapest"
    top: int = 5

    @property
    def users(self) -> int:
        return self.workload.concurrency

    @property
    def finetune(self) -> bool:
        return self.workload.task == "finetune"

    def included(self) -> Counter:
        return Counter(self.must_include)


def working_currency(request: RecommendRequest, catalog: Catalog) -> str:
    """The currency prices are compared in: the budget's, else the one most parts use."""
    if request.currency:
        return request.currency
    counts = Counter(p.price.currency for p in catalog)
    return counts.most_common(1)[0][0] if counts else "USD"


def check_request(request: RecommendRequest, catalog: Catalog) -> None:
    """Raise RecommendError for input the search cannot answer."""
    from configurator.estimate import get_architecture, weight_format
    from configurator.rules import CIRCUITS

    w = request.workload
    try:
        arch = get_architecture(w.model)
    except Exception as exc:  # unknown id, or a broken user models folder
        raise RecommendError(str(exc).replace("\n", " ")) from None
    if w.concurrency < 1:
        raise RecommendError(f"users must be at least 1, not {w.concurrency}")
    if w.task == "inference":
        if w.weights != ANY_FORMAT:
            try:
                fmt = weight_format(w.weights)
            except ValueError as exc:
                raise RecommendError(str(exc)) from None
            if fmt.experts_only and not arch.is_moe:
                raise RecommendError(f"{fmt.label} quantizes only the experts of a mixture-of-experts "
                                     f"model; {arch.name} has none")
        if w.context > arch.max_context_tokens:
            raise RecommendError(f"context {w.context:,} exceeds {arch.name}'s maximum of "
                                 f"{arch.max_context_tokens:,}")
        if w.input_tokens + w.output_tokens > w.context:
            raise RecommendError(f"input + output tokens ({w.input_tokens + w.output_tokens:,}) "
                                 f"exceed the context ({w.context:,})")
    elif w.training.sequence_length > arch.max_context_tokens:
        raise RecommendError(f"sequence length {w.training.sequence_length:,} exceeds {arch.name}'s "
                             f"maximum of {arch.max_context_tokens:,}")
    if request.circuit not in CIRCUITS:
        raise RecommendError(f"unknown circuit '{request.circuit}' (known: {', '.join(sorted(CIRCUITS))})")
    if request.objective not in OBJECTIVES:
        raise RecommendError(f"objective must be one of {', '.join(OBJECTIVES)}")
    if request.form not in FORMS:
        raise RecommendError(f"form factor must be one of {', '.join(FORMS)}")
    if request.top < 1:
        raise RecommendError(f"top must be at least 1, not {request.top}")
    if request.max_gpus is not None and request.max_gpus < 1:
        raise RecommendError(f"max GPUs must be at least 1, not {request.max_gpus}")
    unknown = [c for c in request.gpu_classes if c not in GPU_CLASSES]
    if unknown:
        raise RecommendError(f"unknown GPU class '{unknown[0]}' (known: {', '.join(GPU_CLASSES)})")
    if request.budget is not None and request.budget <= 0:
        raise RecommendError(f"the budget must be more than 0, not {request.budget}")
    currencies = {p.price.currency for p in catalog}
    if request.currency and request.currency not in currencies:
        raise RecommendError(f"no part in the catalog is priced in {request.currency} "
                             f"(prices are in {', '.join(sorted(currencies))})")
    _check_included(request, catalog)


def _check_included(request: RecommendRequest, catalog: Catalog) -> None:
    currency = working_currency(request, catalog)
    included = request.included()
    kinds: Counter = Counter()
    for part_id, count in included.items():
        part = catalog.get(part_id)
        if part is None:
            raise RecommendError(f"must-include part '{part_id}' is not in the catalog")
        kinds[part.kind] += count
        if part.price.currency != currency:
            raise RecommendError(f"must-include part '{part_id}' is priced in {part.price.currency}, "
                                 f"the budget in {currency}")
        if why := excluded_by_constraints(part, request):
            raise RecommendError(f"must-include part '{part_id}' contradicts the constraints: {why}")
        if part.kind not in ("case", "cpu", "memory", "storage") and not _some_case_holds(
                part, request, catalog):
            raise RecommendError(f"must-include part '{part_id}' fits no {request.form} case in the "
                                 "catalog" if request.form != "any" else
                                 f"must-include part '{part_id}' fits no case in the catalog")
    for kind in ("case", "motherboard", "psu", "cooler"):
        if kind != "psu" and kinds[kind] > 1:
            raise RecommendError(f"must-include lists {kinds[kind]} {kind}s; a build has one")
    gpu_ids = {pid for pid in included if catalog[pid].kind == "gpu"}
    if len(gpu_ids) > 1:
        raise RecommendError("must-include lists more than one GPU model; a recommended build uses one")
    if request.max_gpus is not None and kinds["gpu"] > request.max_gpus:
        raise RecommendError(f"must-include lists {kinds['gpu']} GPUs, more than the maximum of "
                             f"{request.max_gpus}")


def _some_case_holds(part: PartBase, request: RecommendRequest, catalog: Catalog) -> bool:
    from configurator.rules._predicates import (
        board_fits_case,
        cooler_fits_case,
        gpu_fits_case,
        psu_fits_case,
    )

    def holds(case) -> bool:
        if part.kind == "motherboard":
            return board_fits_case(part, case) is None
        if part.kind == "gpu":
            return gpu_fits_case(part, case) is None and (
                part.cooler != "passive" or case.passive_gpu_airflow)
        if part.kind == "psu":
            return psu_fits_case(part, case) is None
        if part.kind == "cooler":
            return cooler_fits_case(part, case) is None
        return True

    cases = [c for c in catalog.of_kind("case") if excluded_by_constraints(c, request) is None]
    included_cases = [c for c in cases if c.id in request.must_include]
    return any(holds(c) for c in included_cases or cases)


def excluded_by_constraints(part: PartBase, request: RecommendRequest) -> str | None:
    """Why the request's filters rule this part out, or None."""
    brands = {b.casefold() for b in request.exclude_brands}
    if part.brand.casefold() in brands:
        return f"{part.name}: the brand {part.brand} is excluded"
    if part.kind == "gpu" and request.gpu_classes and part.gpu_class not in request.gpu_classes:
        return f"{part.name} is a {part.gpu_class} card; allowed: {', '.join(request.gpu_classes)}"
    if part.kind == "case" and request.form != "any":
        rack = part.rack_units is not None
        if rack != (request.form == "rack"):
            return f"{part.name} is a {'rack' if rack else 'tower'} case; the form factor asked is {request.form}"
    return None
