"""Completing a platform around a set of GPUs: the cheapest parts that fit, placed the way the
app places them.

The parts a search may use come from ``Pools``: each kind filtered by the request's
constraints and currency, cheapest first, with any part that has exactly the same
specification as a cheaper one dropped (it can never make a build better). Completion picks,
for one board, the cheapest CPU, cooler, memory, drive, case and power supply that pass the
same fit predicates the rules use, then lets the app's auto-placement seat the cards and
drives. Whatever the rules still object to is checked afterwards by ``validate`` itself.

Sizing rules (stated so a consultant can repeat them): system memory at least the GPUs' total
VRAM and at least 64 GB (the serving engine stages weights through host memory); one NVMe
drive of at least twice the checkpoint and at least 1 TB; PSUs sized so sustained load stays
within the 80 % the PSU rule asks for.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from configurator.build import Build, BuildError, BuildItem, ResolvedBuild, Unit, resolve
from configurator.graph import auto_place, power_budget
from configurator.graph.power import low_line_rating, psu_rating
from configurator.parts import Catalog, Cooler, Cpu, Gpu, MemoryKit, Motherboard, PartBase, Psu
from configurator.recommend.request import RecommendRequest, excluded_by_constraints
from configurator.rules import CIRCUITS
from configurator.rules._predicates import (
    board_fits_case,
    cooler_fits_case,
    cooler_fits_socket,
    cpu_chipset_problem,
    cpu_fits_board,
    gpu_fits_case,
    kit_problem,
    psu_fits_case,
)
from configurator.rules.power.psu_wattage import LOAD_CEILING_PCT

MIN_MEMORY_GB = 64
MIN_DRIVE_GB = 1000
MAX_TRIES = 3
# Errors a dearer part of one kind may clear, and those no part choice clears.
PSU_CODES = {"POWER-PSU-WATTAGE", "POWER-CONNECTORS", "FIT-PSU-LENGTH"}
CPU_CODES = {"LANE-CPU-BUDGET", "FIT-MEMORY", "FIT-SOCKET", "FIT-CPU-CHIPSET"}
UNFIXABLE = {"POWER-CIRCUIT"}
SPEC_EXCLUDED = {"id", "brand", "model", "mpn", "price", "sources", "notes"}


def spec_key(part: PartBase) -> str:
    """What makes two parts interchangeable in a build: every field but names and price."""
    return json.dumps(part.model_dump(mode="json", exclude=SPEC_EXCLUDED), sort_keys=True)


# A GPU no cheaper than another and better in none of these figures never makes a build better:
# the estimator reads the first group (more is better), the rules the second (less is better).
GPU_MORE = ("vram_gb", "bandwidth_gbps", "bf16_tflops", "fp8_tflops", "fp4_tflops", "int8_tops",
            "pcie_gen", "pcie_lanes", "p2p", "nvlink", "ecc")
GPU_LESS = ("board_power_w", "slot_width", "length_mm", "height_mm")
GPU_SAME = ("gpu_class", "cooler", "memory_type", "power_connectors")


def _dominates(a: Gpu, b: Gpu) -> bool:
    if a.price.amount > b.price.amount or any(getattr(a, f) != getattr(b, f) for f in GPU_SAME):
        return False
    return (all((getattr(a, f) or 0) >= (getattr(b, f) or 0) for f in GPU_MORE)
            and all((getattr(a, f) or 0) <= (getattr(b, f) or 0) for f in GPU_LESS))


def _undominated_gpus(gpus: list[Gpu]) -> list[Gpu]:
    """Price dominance: drop a card when another (listed earlier, so no dearer) is at least as
    good in every figure that matters."""
    kept: list[Gpu] = []
    for gpu in gpus:
        if not any(_dominates(k, gpu) for k in kept):
            kept.append(gpu)
    return kept


class Pools:
    """The parts a search may use, per kind, cheapest first."""

    def __init__(self, request: RecommendRequest, catalog: Catalog, currency: str):
        self.catalog = catalog
        self.included = request.included()
        self.by_kind: dict[str, list[PartBase]] = {}
        for kind in ("case", "motherboard", "cpu", "cooler", "memory", "storage", "gpu", "psu"):
            parts = [p for p in catalog.of_kind(kind)
                     if p.id in self.included or (p.price.currency == currency
                                                  and excluded_by_constraints(p, request) is None)]
            parts.sort(key=lambda p: (p.id not in self.included, p.price.amount, p.id))
            kept: dict[str, PartBase] = {}
            for part in parts:
                kept.setdefault(spec_key(part), part)
            fixed = [p for p in kept.values() if p.id in self.included]
            # A kind the customer already chose is not searched (drives and memory are added to).
            pool = fixed if fixed and kind not in ("storage", "memory") else list(kept.values())
            self.by_kind[kind] = _undominated_gpus(pool) if kind == "gpu" and not fixed else pool
        self.fixed_memory = [p for p in self.by_kind["memory"] if p.id in self.included]
        self.fixed_storage = [p for p in self.by_kind["storage"] if p.id in self.included]

    def __getitem__(self, kind: str) -> list[PartBase]:
        return self.by_kind[kind]


@dataclass(frozen=True)
class Completion:
    """A buildable set of parts around the GPUs (no workload yet)."""

    items: tuple[BuildItem, ...]
    price: Decimal
    board: Motherboard


def x16_slots(board: Motherboard, gpu: Gpu) -> int:
    need = min(gpu.pcie_lanes, 16)
    return sum(1 for s in board.pcie_slots if s.physical >= need)


class Assembler:
    def __init__(self, pools: Pools, request: RecommendRequest):
        self.pools = pools
        self.request = request
        self.circuit = CIRCUITS[request.circuit]
        self._cache: dict[tuple, Completion | None] = {}
        self._floors: dict[str, Decimal | None] = {}
        self._placements: dict[tuple, dict[str, list[str]] | None] = {}
        # Every build has a case, a PSU and memory; a drive is chosen unless the customer's own is kept.
        kinds = ["case", "psu", "memory"] + ([] if pools.fixed_storage else ["storage"])
        self._others_floor = sum((min((p.price.amount for p in pools[k]), default=Decimal(0))
                                  for k in kinds), Decimal(0))
        self._others_floor += sum((p.price.amount * pools.included[p.id] for p in pools.fixed_storage),
                                  Decimal(0))

    def boards_for(self, gpu: Gpu, count: int) -> list[Motherboard]:
        return [b for b in self.pools["motherboard"] if x16_slots(b, gpu) >= count]

    def platform_floor(self, board: Motherboard) -> Decimal | None:
        """Board, the cheapest CPU(s) it takes, and the cheapest case, power supply, memory and
        drive of the whole pool: a lower bound on any completion's price."""
        if board.id not in self._floors:
            cpu = next(iter(self._cpus(board)), None)
            self._floors[board.id] = None if cpu is None else (
                board.price.amount + cpu.price.amount * board.sockets + self._others_floor)
        return self._floors[board.id]

    def complete(self, gpu: Gpu, count: int, board: Motherboard, checkpoint_gb: float,
                 most_cores: bool = False) -> Completion | None:
        """The cheapest completion; with ``most_cores`` the same around the CPU with the most
        cores the board takes (serving engines share the host's cores)."""
        key = (spec_key(gpu), gpu.id, count, board.id, round(checkpoint_gb), most_cores)
        if key not in self._cache:
            self._cache[key] = self._complete(gpu, count, board, checkpoint_gb, most_cores)
        return self._cache[key]

    def more_cores_than(self, board: Motherboard, cores: int) -> bool:
        return any(c.cores > cores for c in self._cpus(board))

    # --- choosing each part -------------------------------------------------------------------

    def _cpus(self, board: Motherboard) -> list[Cpu]:
        return [c for c in self.pools["cpu"] if cpu_fits_board(c, board) is None
                and cpu_chipset_problem(c, board) is None and board.memory_module in c.memory_module]

    def _coolers(self, cpu: Cpu) -> list[Cooler]:
        return [c for c in self.pools["cooler"]
                if cooler_fits_socket(c, cpu.socket) is None and c.max_tdp_w >= cpu.tdp_w]

    def _memory(self, board: Motherboard, cpu: Cpu, target_gb: float) -> list[tuple[MemoryKit, int]]:
        """Kit and quantity, cheapest first among those reaching the target with one module per
        channel the CPU drives (two per channel costs memory speed); else the largest."""
        if self.pools.fixed_memory:
            return [(k, self.pools.included[k.id]) for k in self.pools.fixed_memory]
        channels = cpu.memory_channels * board.sockets
        if board.memory_channels:
            channels = min(channels, board.memory_channels)
            slots = channels * (board.dimm_slots // board.memory_channels)
        else:
            slots = board.dimm_slots
        options = []
        for kit in self.pools["memory"]:
            if kit_problem(kit, board, cpu):
                continue
            for qty in range(1, slots // kit.modules + 1):
                capacity = kit.capacity_gb * qty
                if capacity > board.max_memory_gb:
                    break
                one_per_channel = kit.modules * qty <= channels
                options.append((capacity >= target_gb, one_per_channel, kit, qty, capacity))
                if capacity >= target_gb:
                    break
        reaching = sorted((o for o in options if o[0]),
                          key=lambda o: (not o[1], o[2].price.amount * o[3], -o[4]))
        if reaching:
            return [(o[2], o[3]) for o in reaching[:1]]
        largest = sorted(options, key=lambda o: (-o[4], not o[1], o[2].price.amount * o[3]))
        return [(o[2], o[3]) for o in largest[:1]]

    def _drive(self, board: Motherboard, need_gb: float):
        if self.pools.fixed_storage:
            return []
        for drive in self.pools["storage"]:
            if drive.interface != "nvme" or drive.capacity_gb < need_gb or not drive.m2_length:
                continue
            if any(drive.m2_length in s.lengths for s in board.m2_slots):
                return [(drive, 1)]
        return []

    def _cases(self, board: Motherboard, gpu: Gpu, cooler: Cooler | None) -> list:
        out = []
        for case in self.pools["case"]:
            if board_fits_case(board, case) or gpu_fits_case(gpu, case):
                continue
            if cooler and cooler_fits_case(cooler, case):
                continue
            if gpu.cooler == "passive" and not case.passive_gpu_airflow:
                continue
            out.append(case)
        return out

    def _psus(self, resolved: ResolvedBuild, case) -> list[tuple[Psu, int]]:
        if self.pools.included and any(p.kind == "psu" and p.id in self.pools.included
                                       for p in self.pools["psu"]):
            return [(p, self.pools.included[p.id]) for p in self.pools["psu"]]
        sustained = power_budget(resolved, low_line=self.circuit.low_line).sustained_w
        needed = sustained * 100 / LOAD_CEILING_PCT
        need = Counter()
        for unit in resolved.gpus:
            need.update(unit.part.power_connectors)
        bays = max(case.psu_bays, 2 if case.dual_psu else 1)
        others = [u for u in resolved.units if u.part.kind != "psu"]
        options = []
        for psu in self.pools["psu"]:
            if psu_fits_case(psu, case):
                continue
            rating = low_line_rating(psu) if self.circuit.low_line else psu.wattage_w
            for qty in range(1, bays + 1):
                if rating * qty < needed:
                    continue  # redundancy only lowers what the units add up to
                trial = ResolvedBuild(resolved.build, resolved.catalog,
                                      [*others, *(Unit(psu, len(resolved.build.items), n, None)
                                                  for n in range(qty))])
                if psu_rating(trial, self.circuit.low_line) < needed:
                    continue
                have = Counter()
                for _ in range(qty):
                    have.update(psu.connectors)
                if need["8-pin-pcie"] > have["8-pin-pcie"]:
                    continue
                options.append((psu.price.amount * qty, qty, psu))
                break
        options.sort(key=lambda o: (o[0], o[1], o[2].id))
        return [(psu, qty) for _, qty, psu in options]

    def _complete(self, gpu: Gpu, count: int, board: Motherboard, checkpoint_gb: float,
                  most_cores: bool) -> Completion | None:
        """The cheapest parts around ``count`` × ``gpu`` on ``board`` that validate without
        errors on the request's circuit; None if none do within a few tries per part."""
        from configurator.rules import validate

        sockets = board.sockets
        cpus = self._cpus(board)
        if most_cores:
            cpus = sorted(cpus, key=lambda c: (-c.cores, c.price.amount, c.id))
        for cpu in cpus[:MAX_TRIES]:
            coolers = self._coolers(cpu)
            cooler = coolers[0] if coolers else None
            cases = self._cases(board, gpu, cooler)
            if not cases and cooler is not None:
                # GPU server barebones (a ducted fan wall) ship with their own CPU heatsinks.
                cases = [c for c in self._cases(board, gpu, None) if c.passive_gpu_airflow]
                cooler = None
            memory = self._memory(board, cpu, max(MIN_MEMORY_GB, gpu.vram_gb * count))
            if not memory:
                continue
            drive = self._drive(board, max(MIN_DRIVE_GB, 2 * checkpoint_gb))
            base = [(board, 1), (cpu, sockets), *memory, *drive, (gpu, count)]
            base += [(d, self.pools.included[d.id]) for d in self.pools.fixed_storage]
            if cooler is not None:
                base.append((cooler, sockets))
            codes: set[str] = set()
            for case in cases[:MAX_TRIES]:
                placed = self._placed([(case, 1), *base])
                if placed is None:
                    continue
                for psu, qty in self._psus(placed, case)[:MAX_TRIES]:
                    resolved = _with_psu(placed, psu, qty)
                    report = validate(resolved, self.request.circuit)
                    codes = {f.code for f in report.findings if f.severity == "error"}
                    if not codes:
                        price = sum((self.pools.catalog[i.part].price.amount * i.quantity
                                     for i in resolved.build.items), Decimal("0"))
                        return Completion(tuple(resolved.build.items), price, board)
                    if not codes & PSU_CODES:
                        break
                if codes and codes <= UNFIXABLE:
                    return None
            if codes and not codes & CPU_CODES:
                return None
        return None

    def _placed(self, lines: list[tuple[PartBase, int]]) -> ResolvedBuild | None:
        """The parts with cards and drives auto-placed; None when a GPU finds no slot.

        Placement reads only the board, the cards, the drives and how many brackets the case
        has, so it is worked out once for each such set and reused."""
        catalog = self.pools.catalog
        placed_kinds = ("motherboard", "gpu", "storage")
        case = next(p for p, _ in lines if p.kind == "case")
        key = (case.expansion_slots, *sorted((p.id, q) for p, q in lines if p.kind in placed_kinds))
        if key not in self._placements:
            items = [BuildItem(part=p.id, quantity=q) for p, q in lines if p.kind in placed_kinds]
            probe = Build(items=[BuildItem(part=case.id), *items])
            try:
                placed = auto_place(probe, catalog)
            except BuildError:
                placed = None
            slots = None if placed is None else {i.part: i.slots for i in placed.items}
            gpus_placed = slots is not None and all(
                len(slots[p.id]) == q for p, q in lines if p.kind == "gpu")
            self._placements[key] = slots if gpus_placed else None
        slots = self._placements[key]
        if slots is None:
            return None
        items = [BuildItem(part=p.id, quantity=q, slots=slots.get(p.id, [])) for p, q in lines]
        try:
            return resolve(Build(items=items), catalog)
        except BuildError:
            return None


def _with_psu(resolved: ResolvedBuild, psu: Psu, qty: int) -> ResolvedBuild:
    items = [i for i in resolved.build.items if resolved.catalog[i.part].kind != "psu"]
    items.append(BuildItem(part=psu.id, quantity=qty))
    return resolve(resolved.build.with_items(items), resolved.catalog)


def checkpoint_gb(total_params_b: float, bytes_per_param: float) -> float:
    return math.ceil(total_params_b * bytes_per_param)
