"""Nearest misses: when nothing qualifies, the smallest change to the request that would.

Each relaxation gives way on one thing only and searches again for the cheapest build that
then qualifies: a larger budget (the build's price, rounded up to 100), a smaller weight
format (least lossy first, the estimator's own order), an FP8 KV cache, a shorter context, a
lighter fine-tuning method, a larger wall circuit, fewer users (the most that still qualify), a lower per-user speed or a
longer time to first token (what the build delivers), more GPUs, another form factor, GPU
class or brand, or without one of the parts the customer wanted kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from configurator.estimate import WEIGHT_FORMATS
from configurator.estimate.advice import FORMAT_LADDER
from configurator.estimate.words import tokens
from configurator.parts import Catalog
from configurator.recommend.request import ANY_FORMAT, RecommendRequest
from configurator.recommend.result import NearMiss
from configurator.recommend.search import Candidate, Search, Shared
from configurator.rules import CIRCUITS

ROUND_BUDGET_TO = Decimal(100)
KIND_WORDS = {"gpu": "GPU", "cpu": "CPU", "psu": "power supply", "motherboard": "board",
              "storage": "drive", "memory": "memory kit", "case": "case", "cooler": "cooler"}


class _Relaxer:
    def __init__(self, request: RecommendRequest, catalog: Catalog, currency: str,
                 cancelled: Callable[[], bool], shared: Shared):
        self.request = request
        self.catalog = catalog
        self.currency = currency
        self.cancelled = cancelled
        self.shared = shared
        self.evaluated = 0

    def cheapest(self, request: RecommendRequest) -> Candidate | None:
        if self.cancelled():
            return None
        search = Search(replace(request, objective="cheapest", top=1), self.catalog, self.currency,
                        cancelled=self.cancelled, shared=self.shared)
        search.run()
        self.evaluated += len(search.state.candidates)
        best = search.best()
        return best[0] if best else None

    def miss(self, kind: str, words: str, c: Candidate | None) -> NearMiss | None:
        if c is None:
            return None
        return NearMiss(words, kind, c.build, c.price, self.currency, c.throughput, c.outcome.per_user)

    def workload(self, **changes) -> RecommendRequest:
        return replace(self.request, workload=self.request.workload.model_copy(update=changes))


def nearest_misses(request: RecommendRequest, catalog: Catalog, currency: str,
                   cancelled: Callable[[], bool] | None = None,
                   shared: Shared | None = None) -> tuple[list[NearMiss], int]:
    """The nearest misses and how many candidates their searches checked."""
    r = _Relaxer(request, catalog, currency, cancelled or (lambda: False), shared or Shared())
    out = [m for m in (
        _budget(r), _weights(r), _kv_cache(r), _context(r), _method(r), _circuit(r), _users(r),
        _service(r), _max_gpus(r), _form(r), _classes(r), _brands(r), _included(r),
    ) if m is not None]
    if not out and (combined := _hardware(r)) is not None:
        out.append(combined)
    return out, r.evaluated


def _budget(r: _Relaxer) -> NearMiss | None:
    if r.request.budget is None:
        return None
    c = r.cheapest(replace(r.request, budget=None))
    if c is None:
        return None
    needed = (c.price / ROUND_BUDGET_TO).to_integral_value(rounding="ROUND_CEILING") * ROUND_BUDGET_TO
    return r.miss("budget", f"budget {needed:,.0f} {r.currency}", c)


def _weights(r: _Relaxer) -> NearMiss | None:
    w = r.request.workload
    if w.task != "inference" or w.weights == ANY_FORMAT:
        return None
    current = WEIGHT_FORMATS[w.weights].linear_bytes
    for fid in FORMAT_LADDER:
        fmt = WEIGHT_FORMATS[fid]
        if fmt.linear_bytes < current:
            c = r.cheapest(r.workload(weights=fid))
            if c is not None:
                return r.miss("weights", f"{fmt.label} weights", c)
    return None


def _kv_cache(r: _Relaxer) -> NearMiss | None:
    w = r.request.workload
    if w.task != "inference" or w.kv_cache != "bf16":
        return None
    return r.miss("kv_cache", "FP8 KV cache", r.cheapest(r.workload(kv_cache="fp8")))


def _context(r: _Relaxer) -> NearMiss | None:
    w = r.request.workload
    if w.task != "inference":
        return None
    need = w.input_tokens + w.output_tokens
    context = w.context // 2
    while context >= max(need, 2048):
        c = r.cheapest(r.workload(context=context))
        if c is not None:
            return r.miss("context", f"context {tokens(context)} instead of {tokens(w.context)}", c)
        context //= 2
    return None


METHOD_LADDER = ("full", "lora", "qlora")  # fine-tuning methods, most memory first
METHOD_WORDS = {"full": "full fine-tuning", "lora": "LoRA", "qlora": "QLoRA"}


def _method(r: _Relaxer) -> NearMiss | None:
    w = r.request.workload
    if w.task != "finetune":
        return None
    method = w.training.method
    for lighter in METHOD_LADDER[METHOD_LADDER.index(method) + 1:]:
        training = w.training.model_copy(update={"method": lighter})
        c = r.cheapest(r.workload(finetune=training))
        if c is not None:
            return r.miss("method", f"{METHOD_WORDS[lighter]} instead of {METHOD_WORDS[method]}", c)
    return None


def _circuit(r: _Relaxer) -> NearMiss | None:
    here = CIRCUITS[r.request.circuit].continuous_w
    for key in sorted(CIRCUITS, key=lambda k: CIRCUITS[k].continuous_w):
        if CIRCUITS[key].continuous_w > here:
            c = r.cheapest(replace(r.request, circuit=key))
            if c is not None:
                return r.miss("circuit", f"a {CIRCUITS[key].name} circuit", c)
    return None


def _users(r: _Relaxer) -> NearMiss | None:
    users = r.request.workload.concurrency
    if r.request.workload.task != "inference" or users < 2:
        return None
    low, high, found = 0, users, None  # the most users that qualify lies in (low, high)
    while high - low > 1:
        mid = (low + high) // 2
        c = r.cheapest(r.workload(concurrency=mid))
        if c is None:
            high = mid
        else:
            low, found = mid, c
    if found is None:
        return None
    return r.miss("users", f"{low:,} user{'s' if low > 1 else ''} instead of {users:,}", found)


def _service(r: _Relaxer) -> NearMiss | None:
    s = r.request.service
    if not s.any:
        return None
    c = r.cheapest(replace(r.request, service=type(s)()))
    if c is None or c.outcome.per_user is None:
        return None
    words = []
    if s.min_tokens_per_user is not None and c.outcome.per_user < s.min_tokens_per_user:
        got = math.floor(c.outcome.per_user * 10) / 10
        words.append(f"{got:g} tokens/s per user instead of {s.min_tokens_per_user:g}")
    if s.max_ttft_s is not None and (c.outcome.ttft_s or 0) > s.max_ttft_s:
        got = math.ceil((c.outcome.ttft_s or 0) * 10) / 10
        words.append(f"first token within {got:g} s instead of {s.max_ttft_s:g} s")
    return r.miss("service", " and ".join(words) or "no service levels", c)


def _max_gpus(r: _Relaxer) -> NearMiss | None:
    if r.request.max_gpus is None:
        return None
    c = r.cheapest(replace(r.request, max_gpus=None))
    return r.miss("max_gpus", f"{c.plan.count} GPUs", c) if c else None


def _form(r: _Relaxer) -> NearMiss | None:
    if r.request.form == "any":
        return None
    c = r.cheapest(replace(r.request, form="any"))
    if c is None:
        return None
    other = "tower" if r.request.form == "rack" else "rack"
    return r.miss("form", f"a {other} case", c)


def _classes(r: _Relaxer) -> NearMiss | None:
    if not r.request.gpu_classes:
        return None
    c = r.cheapest(replace(r.request, gpu_classes=()))
    return r.miss("gpu_classes", f"{c.plan.gpu.gpu_class} cards", c) if c else None


def _brands(r: _Relaxer) -> NearMiss | None:
    if not r.request.exclude_brands:
        return None
    c = r.cheapest(replace(r.request, exclude_brands=()))
    if c is None:
        return None
    excluded = {b.casefold() for b in r.request.exclude_brands}
    used = sorted({r.catalog[i.part].brand for i in c.build.items
                   if r.catalog[i.part].brand.casefold() in excluded})
    return r.miss("brands", f"{' and '.join(used)} parts", c)


def _included(r: _Relaxer) -> NearMiss | None:
    """The cheapest build without one of the parts the customer asked to keep."""
    best = None
    for part_id in dict.fromkeys(r.request.must_include):
        rest = tuple(p for p in r.request.must_include if p != part_id)
        c = r.cheapest(replace(r.request, must_include=rest))
        if c is not None and (best is None or c.price < best[1].price):
            best = (part_id, c)
    if best is None:
        return None
    part = r.catalog[best[0]]
    return r.miss("must_include", f"another {KIND_WORDS[part.kind]} than {part.name}", best[1])


def _hardware(r: _Relaxer) -> NearMiss | None:
    """When no one change is enough: every constraint on the hardware at once (budget, GPU
    count, form factor, GPU classes, brands, the largest circuit), the workload as asked."""
    q = r.request
    largest = max(CIRCUITS, key=lambda k: CIRCUITS[k].continuous_w)
    c = r.cheapest(replace(q, budget=None, max_gpus=None, form="any", gpu_classes=(),
                           exclude_brands=(), circuit=largest))
    if c is None:
        return None
    parts = [r.catalog[i.part] for i in c.build.items]
    words = []
    if q.budget is not None and c.price > q.budget:
        needed = (c.price / ROUND_BUDGET_TO).to_integral_value(rounding="ROUND_CEILING") * ROUND_BUDGET_TO
        words.append(f"budget {needed:,.0f} {r.currency}")
    if q.max_gpus is not None and c.plan.count > q.max_gpus:
        words.append(f"{c.plan.count} GPUs")
    case = next(p for p in parts if p.kind == "case")
    if q.form != "any" and (case.rack_units is not None) != (q.form == "rack"):
        words.append(f"a {'rack' if case.rack_units is not None else 'tower'} case")
    if q.gpu_classes and c.plan.gpu.gpu_class not in q.gpu_classes:
        words.append(f"{c.plan.gpu.gpu_class} cards")
    excluded = {b.casefold() for b in q.exclude_brands}
    brands = sorted({p.brand for p in parts if p.brand.casefold() in excluded})
    if brands:
        words.append(f"{' and '.join(brands)} parts")
    needed_circuit = _smallest_circuit(c, r)
    if needed_circuit != q.circuit:
        words.append(f"a {CIRCUITS[needed_circuit].name} circuit")
    return r.miss("hardware", ", ".join(words), c)


def _smallest_circuit(c: Candidate, r: _Relaxer) -> str:
    from configurator.build import resolve
    from configurator.rules import validate

    resolved = resolve(c.build, r.catalog)
    for key in sorted(CIRCUITS, key=lambda k: CIRCUITS[k].continuous_w):
        if CIRCUITS[key].continuous_w >= CIRCUITS[r.request.circuit].continuous_w and validate(
                resolved, key).ok:
            return key
    return c.build.circuit
