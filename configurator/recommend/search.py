"""The search: GPU plans first, bounded by an ideal estimate, then platforms around them.

1. GPU plans. The GPUs the constraints allow, less any that another card no dearer matches or
   beats in every figure the estimator and the rules read (price dominance). For each GPU
   model, every count the catalog's boards can seat and every layout, the price floor is the
   GPUs plus the cheapest board and CPU that seat them and the cheapest case, PSU, memory and
   drive; a plan over the budget is dropped. A plan's ideal estimate puts every GPU on its
   own full-width CPU link and the host on the most cores any CPU offers: no real build does
   better, so a plan that does not fit there (a weight-size VRAM lower bound rules most out
   before the estimator runs), does not serve every user at once or misses a service level,
   is dropped before any platform is looked at. With ``weights`` "any", the first format that
   qualifies, best quality first, is the plan's.
2. Plans are taken best bound first for the objective (lowest price floor, estimated only when
   reached; or highest ideal throughput, or ideal throughput per price floor), and the search
   stops when no remaining plan can enter the top N. A plan that a listed build without
   warnings already beats on both price and ideal throughput is skipped.
3. For a plan, boards are taken cheapest platform first; each gets the cheapest compatible
   completion (``assemble``), is validated by the rules on the request's circuit and
   estimated over its real PCIe links with its CPU's cores. When a build reaches its ideal
   throughput, dearer boards cannot improve on it; when its CPU's cores hold the engines back,
   the board's CPU with the most cores is tried too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from configurator.build import Build, Site, resolve
from configurator.estimate import GpuSpec
from configurator.parts import Catalog, Gpu
from configurator.recommend.assemble import Assembler, Completion, Pools, checkpoint_gb
from configurator.recommend.request import RecommendRequest
from configurator.recommend.tasks import Outcome, task_for
from configurator.rules import RULES, Report, validate

# The search measures the workload itself with the estimator, so the rules about whether the
# workload fits (WORKLOAD-*, which also search the catalog for fixes) run only on the builds it
# returns; they never report an error on a build whose workload fits.
SEARCH_RULES = tuple(r for r in RULES if not r.code.startswith("WORKLOAD-"))
# An estimate over real links within this share of the ideal one cannot be bettered by a board.
IDEAL_SHARE = 0.999
MAX_GPUS = 16
# Output within half a percent is the same output to a customer.
SAME_OUTPUT = 0.995


@dataclass(frozen=True)
class GpuPlan:
    gpu: Gpu
    count: int
    fmt: str
    parallel: str
    ideal: Outcome
    floor: Decimal  # the GPUs plus the cheapest board and CPU that seat them


@dataclass(frozen=True)
class Candidate:
    """A fully checked build: validated on the circuit and estimated over its real links.
    ``report`` holds every rule's findings but the WORKLOAD-* ones (see SEARCH_RULES)."""

    build: Build
    report: Report
    outcome: Outcome
    price: Decimal
    plan: GpuPlan
    completion: Completion

    @property
    def hardware(self) -> tuple:
        return tuple(sorted((i.part, i.quantity) for i in self.build.items))

    @property
    def throughput(self) -> float:
        return self.outcome.throughput


@dataclass
class SearchState:
    candidates: list[Candidate] = field(default_factory=list)
    cancelled: bool = False


def objective_key(request: RecommendRequest, price: Decimal, throughput: float) -> tuple:
    """Smaller is better; the ranking sorts by this."""
    if request.objective == "fastest":
        return (-throughput, price)
    if request.objective == "value":
        return (-(throughput / float(price)) if price > 0 else 0.0, price)
    return (price, -throughput)


def warnings(c: Candidate) -> int:
    return sum(1 for f in c.report.findings if f.severity == "warning")


def _covers(better: Candidate, c: Candidate) -> bool:
    return (better.price <= c.price and better.throughput >= SAME_OUTPUT * c.throughput
            and warnings(better) <= warnings(c))


class Shared:
    """What searches over one catalog can share: ideal estimates per workload, and completed
    platforms per set of part filters and circuit (the nearest misses search many times)."""

    def __init__(self):
        self._ideal: dict[str, dict[tuple, Outcome | None]] = {}
        self._assemblers: dict[tuple, Assembler] = {}

    def ideal(self, request: RecommendRequest, host_cores: int | None) -> dict[tuple, Outcome | None]:
        return self._ideal.setdefault(f"{request.workload.model_dump_json()} {host_cores}", {})

    def assembler(self, request: RecommendRequest, catalog: Catalog, currency: str) -> Assembler:
        key = (request.circuit, request.form, request.gpu_classes, request.exclude_brands,
               request.must_include, currency)
        if key not in self._assemblers:
            self._assemblers[key] = Assembler(Pools(request, catalog, currency), request)
        return self._assemblers[key]


class Search:
    def __init__(self, request: RecommendRequest, catalog: Catalog, currency: str,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, shared: Shared | None = None):
        self.request = request
        self.catalog = catalog
        self.currency = currency
        self.progress = progress
        self.cancelled = cancelled or (lambda: False)
        shared = shared or Shared()
        self.assembler = shared.assembler(request, catalog, currency)
        self.pools = self.assembler.pools
        cores = max((c.cores for c in self.pools["cpu"]), default=None)
        self.task = task_for(request, cores)
        self.ideal_cache = shared.ideal(request, cores)
        self.state = SearchState()
        self._best: tuple[int, list[Candidate]] | None = None

    # --- step 1: GPU plans ------------------------------------------------------------------

    def slots(self) -> list[tuple[Decimal, Gpu, int, str]]:
        """Every GPU model, count and layout with its price floor, within the budget."""
        request, task = self.request, self.task
        included_gpus = sum(n for pid, n in self.pools.included.items() if self.catalog[pid].kind == "gpu")
        out = []
        for gpu in self.pools["gpu"]:
            for count in range(max(1, included_gpus), (request.max_gpus or MAX_GPUS) + 1):
                floor = self._floor(gpu, count)
                if floor is None:
                    break  # no board seats this many
                if request.budget is not None and floor > request.budget:
                    break  # nor more of them
                out.extend((floor, gpu, count, parallel) for parallel in task.layouts(count))
        out.sort(key=lambda s: (s[0], s[1].id, s[2], s[3]))
        return out

    def plan(self, floor: Decimal, gpu: Gpu, count: int, parallel: str) -> GpuPlan | None:
        """The slot with the best-quality weight format that, on ideal links, fits, serves every
        user at once and meets the service levels; None if no format does."""
        spec = GpuSpec.from_part(gpu)
        for fmt in self.task.formats_for(spec):
            outcome = self._ideal(spec, count, fmt, parallel)
            if outcome is not None and outcome.meets(self.request.service):
                return GpuPlan(gpu, count, fmt, parallel, outcome, floor)
        return None

    def _floor(self, gpu: Gpu, count: int) -> Decimal | None:
        floors = [f for b in self.assembler.boards_for(gpu, count)
                  if (f := self.assembler.platform_floor(b)) is not None]
        if not floors:
            return None
        return gpu.price.amount * count + min(floors)

    def _ideal(self, spec: GpuSpec, count: int, fmt: str, parallel: str) -> Outcome | None:
        key = (spec.vram_gb, spec.bandwidth_gbps, spec.bf16_tflops, spec.fp8_tflops, spec.fp4_tflops,
               spec.int8_tops, spec.memory, spec.p2p, spec.nvlink, spec.pcie_gbps, count, fmt, parallel)
        if key not in self.ideal_cache:
            self.ideal_cache[key] = self.task.ideal(spec, count, fmt, parallel)
        return self.ideal_cache[key]

    # --- steps 2 and 3: platforms -------------------------------------------------------------

    def run(self) -> SearchState:
        """Progress counts GPU slots; for the throughput objectives each slot counts twice,
        once when it is estimated and once when its platforms are checked."""
        slots = self.slots()
        total = len(slots)
        if self.request.objective == "cheapest":
            # The price floor alone bounds this objective: plans are estimated only when reached.
            ordered = [(s, None) for s in slots]
            done = 0
        else:
            total *= 2
            plans = []
            for done, slot in enumerate(slots, start=1):
                if self.cancelled():
                    self.state.cancelled = True
                    return self.state
                if (p := self.plan(*slot)) is not None:
                    plans.append(p)
                self._report(done, total)
            plans.sort(key=lambda p: objective_key(self.request, p.floor, p.ideal.throughput)
                       + (p.gpu.id, p.count, p.parallel))
            ordered = [(None, p) for p in plans]
        step = (total - done) / max(1, len(ordered))
        for n, (slot, plan) in enumerate(ordered, start=1):
            if self.cancelled():
                self.state.cancelled = True
                return self.state
            floor = slot[0] if slot else plan.floor
            if self._beaten(floor, plan.ideal.throughput if plan else float("inf")):
                break
            plan = plan or self.plan(*slot)
            if plan is not None and not self._covered(plan.floor, plan.ideal.throughput):
                self._platforms(plan)
            self._report(done + round(n * step), total)
        self._report(total, total)
        return self.state

    def _report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(min(done, total), total)

    def _platforms(self, plan: GpuPlan) -> None:
        gpu_cost = plan.gpu.price.amount * plan.count
        boards = [(f, b) for b in self.assembler.boards_for(plan.gpu, plan.count)
                  if (f := self.assembler.platform_floor(b)) is not None]
        boards.sort(key=lambda fb: (fb[0], fb[1].id))
        ckpt = checkpoint_gb(self.task.arch.total_params_b, self.task.checkpoint_bytes_per_param(plan.fmt))
        for floor, board in boards:
            if self.cancelled():
                return
            if self._beaten(gpu_cost + floor, plan.ideal.throughput) or self._covered(
                    gpu_cost + floor, plan.ideal.throughput):
                return
            if self.request.budget is not None and gpu_cost + floor > self.request.budget:
                return
            completion = self.assembler.complete(plan.gpu, plan.count, board, ckpt)
            if completion is None:
                continue
            candidate = self._evaluate(plan, completion)
            if candidate is None:
                continue
            if candidate.throughput >= IDEAL_SHARE * plan.ideal.throughput:
                return
            # Short of the ideal: the links, or a CPU with too few cores for the engines.
            cpu = next(self.catalog[i.part] for i in completion.items if self.catalog[i.part].kind == "cpu")
            if self.assembler.more_cores_than(board, cpu.cores) and self.task.host_bound(
                    resolve(candidate.build, self.catalog), candidate.outcome):
                richer = self.assembler.complete(plan.gpu, plan.count, board, ckpt, most_cores=True)
                if richer is not None and richer.items != completion.items:
                    self._evaluate(plan, richer)

    def _evaluate(self, plan: GpuPlan, completion: Completion) -> Candidate | None:
        from configurator.recommend.naming import build_name

        workload = self.task.workload_for(plan.fmt, plan.parallel)
        if self.request.service.any:
            workload = workload.model_copy(update={"service": self.request.service})
        build = Build(name=build_name(self.catalog, completion.items), items=list(completion.items),
                      workload=workload, site=Site(circuit=self.request.circuit))
        resolved = resolve(build, self.catalog)
        report = validate(resolved, self.request.circuit, SEARCH_RULES)
        outcome = self.task.measure(resolved)
        if outcome is None:
            return None
        candidate = Candidate(build, report, outcome, completion.price, plan, completion)
        self.state.candidates.append(candidate)
        return candidate

    # --- bounds -----------------------------------------------------------------------------

    def qualifies(self, c: Candidate) -> bool:
        within = self.request.budget is None or c.price <= self.request.budget
        return c.report.ok and within and c.outcome.meets(self.request.service)

    def best(self) -> list[Candidate]:
        """The qualifying candidates best first, each one a real choice: a build is left out
        when a better-ranked one is no dearer, no slower and has no more warnings."""
        if self._best is not None and self._best[0] == len(self.state.candidates):
            return self._best[1]
        ranked = sorted((c for c in self.state.candidates if self.qualifies(c)),
                        key=lambda c: (self._key(c), warnings(c), c.build.name))
        out: list[Candidate] = []
        for c in ranked:
            if not any(_covers(b, c) for b in out):
                out.append(c)
        self._best = (len(self.state.candidates), out)
        return out

    def _key(self, c: Candidate) -> tuple:
        return objective_key(self.request, c.price, c.throughput)

    def _covered(self, floor: Decimal, ideal: float) -> bool:
        """A listed build without warnings is no dearer and no slower than anything from here
        can be, so nothing from here would be listed."""
        return any(warnings(b) == 0 and b.price <= floor and b.throughput >= SAME_OUTPUT * ideal
                   for b in self.best())

    def _beaten(self, floor: Decimal, ideal: float) -> bool:
        """No build from here on can enter the top N."""
        best = self.best()
        if len(best) < self.request.top:
            return False
        last = self._key(best[self.request.top - 1])
        return objective_key(self.request, floor, ideal)[0] > last[0]

