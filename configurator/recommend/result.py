"""What a recommendation returns: ranked builds, the frontier, nearest misses; and their JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from configurator.build import Build, dump_build, resolve
from configurator.graph import PowerBudget
from configurator.parts import Catalog
from configurator.recommend.naming import money, percent
from configurator.recommend.search import Candidate
from configurator.rules import Finding, validate

OBJECTIVE_WORDS = {
    "cheapest": "Cheapest build that runs the workload",
    "fastest": "Most {unit} within the constraints",
    "value": "Most {unit} per {currency}",
}


@dataclass(frozen=True)
class Recommendation:
    rank: int
    build: Build
    price: Decimal
    currency: str
    power: PowerBudget
    estimate: object  # InferenceEstimate or FinetuneEstimate
    findings: tuple[Finding, ...]
    why: str
    throughput: float  # output tokens/s (serving) or trained tokens/s (fine-tuning)
    per_user_tokens_per_s: float | None
    ttft_s: float | None

    def to_json(self) -> dict:
        estimate = self.estimate.to_json()
        if self.per_user_tokens_per_s is not None:
            estimate.setdefault("suggestions", [])  # as ``estimate --json`` has it
        return {
            "rank": self.rank,
            "name": self.build.name,
            "build": json.loads(dump_build(self.build)),
            "price": {"currency": self.currency, "total": f"{self.price:.2f}"},
            "power": self.power.to_json(),
            "estimate": estimate,
            "findings": [f.to_json() for f in self.findings],
            "why": self.why,
            "throughput": round(self.throughput, 1),
            "per_user_tokens_per_s": _round(self.per_user_tokens_per_s, 1),
            "ttft_s": _round(self.ttft_s, 3),
        }


@dataclass(frozen=True)
class FrontierPoint:
    """A build no other evaluated build beats on both price and throughput."""

    name: str
    price: Decimal
    throughput: float
    per_user_tokens_per_s: float | None
    build: Build
    rank: int | None  # its rank among the returned builds, if it is one

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "price": f"{self.price:.2f}",
            "throughput": round(self.throughput, 1),
            "per_user_tokens_per_s": _round(self.per_user_tokens_per_s, 1),
            "rank": self.rank,
        }


@dataclass(frozen=True)
class NearMiss:
    """A build that would qualify if the request gave way on one thing."""

    relaxation: str  # "budget 23,400 USD", "FP8 weights", "a 230 V / 16 A circuit", …
    kind: str  # budget, weights, kv_cache, context, method, circuit, users, service, max_gpus, form,
    #            gpu_classes, brands, must_include; hardware: several of the constraints at once
    build: Build
    price: Decimal
    currency: str
    throughput: float
    per_user_tokens_per_s: float | None

    def to_json(self) -> dict:
        return {
            "relaxation": self.relaxation,
            "kind": self.kind,
            "name": self.build.name,
            "price": {"currency": self.currency, "total": f"{self.price:.2f}"},
            "throughput": round(self.throughput, 1),
            "per_user_tokens_per_s": _round(self.per_user_tokens_per_s, 1),
            "build": json.loads(dump_build(self.build)),
        }


@dataclass
class RecommendResult:
    builds: list[Recommendation]
    frontier: list[FrontierPoint]
    nearest_misses: list[NearMiss]
    evaluated: int
    elapsed_ms: float
    currency: str
    objective: str
    cancelled: bool = False
    candidates: list[Candidate] = field(default_factory=list, repr=False)

    def to_json(self) -> dict:
        return {
            "objective": self.objective,
            "currency": self.currency,
            "builds": [b.to_json() for b in self.builds],
            "frontier": [p.to_json() for p in self.frontier],
            "nearest_misses": [m.to_json() for m in self.nearest_misses],
            "evaluated": self.evaluated,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "cancelled": self.cancelled,
        }

    as_dict = to_json


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# --- turning candidates into results -------------------------------------------------------------


def recommendations(ranked: list[Candidate], catalog: Catalog, objective: str, currency: str,
                    service_levels: bool = False) -> list[Recommendation]:
    """The ranked candidates with the findings of every rule, as ``validate`` gives them."""
    out = []
    for n, c in enumerate(ranked):
        report = validate(resolve(c.build, catalog))
        out.append(Recommendation(
            rank=n + 1, build=c.build, price=c.price, currency=currency, power=report.power,
            estimate=c.outcome.estimate, findings=report.findings,
            why=why(ranked, n, objective, currency, service_levels), throughput=c.throughput,
            per_user_tokens_per_s=c.outcome.per_user, ttft_s=c.outcome.ttft_s,
        ))
    return out


def frontier(candidates: list[Candidate], ranked: list[Candidate]) -> list[FrontierPoint]:
    """Price against throughput over every evaluated build that is buildable and meets the
    workload and service levels (the budget aside, so the chart shows what more money buys)."""
    pool = sorted(candidates, key=lambda c: (c.price, -c.throughput, c.build.name))
    ranks = {c.hardware: n + 1 for n, c in enumerate(ranked)}
    out: list[FrontierPoint] = []
    best = -1.0
    for c in pool:
        if c.throughput > best:
            best = c.throughput
            out.append(FrontierPoint(c.build.name, c.price, c.throughput, c.outcome.per_user, c.build,
                                     ranks.get(c.hardware)))
    return out


def why(ranked: list[Candidate], n: int, objective: str, currency: str,
        service_levels: bool = False) -> str:
    """One sentence: why this build ranks here, and what it trades against its neighbours."""
    c = ranked[n]
    unit = "output tokens/s" if c.outcome.per_user is not None else "trained tokens/s"
    if n == 0:
        head = OBJECTIVE_WORDS[objective].format(currency=currency, unit=unit)
        if service_levels:
            head += " at the service levels asked"
        text = f"{head}: {c.throughput:,.0f} {unit} for {money(c.price, currency)}"
        if len(ranked) > 1:
            nxt = ranked[1]
            text += f"; #2 {_trade(nxt, c, currency)}"
        return text + "."
    prev = ranked[n - 1]
    return f"Against #{n}, it {_trade(c, prev, currency)} ({_difference(c, prev)})."


def _trade(c: Candidate, other: Candidate, currency: str) -> str:
    what = "output" if c.outcome.per_user is not None else "training speed"
    delta = c.price - other.price
    if delta > 0:
        cost = f"costs {money(delta, currency)} more"
    elif delta < 0:
        cost = f"costs {money(-delta, currency)} less"
    else:
        cost = "costs the same"
    return f"{cost} for {percent(c.throughput, other.throughput)} {what}"


def _difference(c: Candidate, other: Candidate) -> str:
    a, b = c.plan, other.plan
    if (a.gpu.id, a.count) != (b.gpu.id, b.count):
        return f"{a.count} × {a.gpu.name} instead of {b.count} × {b.gpu.name}"
    if a.fmt != b.fmt:
        return f"{a.fmt} weights instead of {b.fmt}"
    if a.parallel != b.parallel:
        return f"{_layout(a.parallel)} instead of {_layout(b.parallel)}"
    if c.completion.board.id != other.completion.board.id:
        return f"on {c.completion.board.name} instead of {other.completion.board.name}"
    return "a different case, cooling or power supply"


def _layout(parallel: str) -> str:
    return {"replicas": "replicas", "pp": "pipeline parallel", "tp": "tensor parallel"}[parallel]
