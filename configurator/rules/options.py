"""Ranking the catalog's parts of one kind for an open choice in a build.

Each candidate is screened with the same predicates the rules use, against the rest of the
build, so a part picker can show every part: compatible ones first, incompatible ones with the
finding code and message that rules them out. Screening is per candidate and cheap (no graph),
which keeps a 10,000-part catalog under 100 ms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from configurator.build import ResolvedBuild
from configurator.graph import PowerBudget, power_budget
from configurator.graph.power import low_line_rating
from configurator.parts import (
    Case,
    Cooler,
    Cpu,
    Gpu,
    MemoryKit,
    Motherboard,
    PartBase,
    Psu,
    Storage,
)
from configurator.rules._common import CIRCUITS
from configurator.rules._predicates import (
    board_size_problem,
    board_standard_problem,
    chassis_board_problem,
    cooler_fits_case,
    cooler_fits_socket,
    cpu_chipset_problem,
    cpu_fits_board,
    gpu_fits_case,
    kit_problem,
    memory_problems,
    memory_size_problems,
    psu_fits_case,
)

Reason = tuple[str, str]  # (finding code, message)


@dataclass(frozen=True)
class Option:
    part: PartBase
    reasons: tuple[Reason, ...]
    selected: bool = False

    @property
    def compatible(self) -> bool:
        return not self.reasons

    def to_json(self) -> dict:
        return {
            "id": self.part.id,
            "name": self.part.name,
            "price": {"amount": f"{self.part.price.amount:.2f}", "currency": self.part.price.currency},
            "compatible": self.compatible,
            "selected": self.selected,
            "reasons": [{"code": c, "message": m} for c, m in self.reasons],
        }


class _Screen:
    """Facts about the rest of the build, each computed once per ranking when the kind being
    ranked needs it."""

    def __init__(self, resolved: ResolvedBuild, kind: str, circuit: str):
        r = self.resolved = resolved
        self.low_line = CIRCUITS[circuit].low_line
        self.volts = CIRCUITS[circuit].volts
        self.kind = kind
        self.case, self.board, self.cpu = r.case, r.motherboard, r.cpu
        self.cooler, self.psu = r.cooler, r.psu
        self.gpus = [u.part for u in r.gpus]
        self.kits = r.memory_kits
        self.check = getattr(self, f"_{kind}")

    @cached_property
    def unique_gpus(self) -> list[Gpu]:
        return list({g.id: g for g in self.gpus}.values())

    @cached_property
    def passive_gpu(self) -> Gpu | None:
        return next((g for g in self.gpus if g.cooler == "passive"), None)

    @cached_property
    def unique_kits(self) -> list[MemoryKit]:
        return list({k.id: k for k in self.kits}.values())

    @cached_property
    def kit_modules(self) -> int:
        return sum(k.modules for k in self.kits)

    @cached_property
    def kit_capacity(self) -> int:
        return sum(k.capacity_gb for k in self.kits)

    @cached_property
    def m2_drives(self) -> list[Storage]:
        return [u.part for u in self.resolved.drives if u.part.m2_length]

    @cached_property
    def _budget(self) -> PowerBudget:
        return power_budget(self.resolved, low_line=self.low_line)

    @cached_property
    def other_w(self) -> float:
        budget = self._budget
        return budget.sustained_w - budget.gpu_w - budget.cpu_w

    @cached_property
    def gpu_connectors(self) -> Counter:
        connectors = Counter()
        for gpu in self.gpus:
            connectors.update(gpu.power_connectors)
        return connectors

    @cached_property
    def gpu_span(self) -> int:
        return self._lowest_bracket(self.resolved)

    @cached_property
    def _positions(self) -> tuple[list[int], set[int]]:
        return self._card_positions(self.resolved)

    @cached_property
    def gpu_positions(self) -> list[int]:
        return self._positions[0]

    @cached_property
    def other_positions(self) -> set[int]:
        return self._positions[1]

    @cached_property
    def populated_positions(self) -> set[int]:
        return set(self.gpu_positions) | self.other_positions

    def _lowest_bracket(self, r: ResolvedBuild) -> int:
        if self.board is None:
            return 0
        lowest = 0
        for unit in r.gpus:
            slot = self.board.pcie_slot(unit.slot) if unit.slot else None
            if slot:
                lowest = max(lowest, slot.position + math.ceil(unit.part.slot_width - 0.05) - 1)
        return lowest

    def _card_positions(self, r: ResolvedBuild) -> tuple[list[int], set[int]]:
        """Bracket positions of the placed GPUs, and of every other populated PCIe slot."""
        if self.board is None:
            return [], set()
        gpus: list[int] = []
        others: set[int] = set()
        for unit in r.units:
            slot = self.board.pcie_slot(unit.slot) if unit.slot else None
            if slot is None:
                continue
            if isinstance(unit.part, Gpu):
                gpus.append(slot.position)
            else:
                others.add(slot.position)
        return sorted(gpus), others

    def reasons(self, part: PartBase) -> list[Reason]:
        return [(code, msg) for code, msg in self.check(part) if msg]

    def _case(self, case: Case):
        # Ranked on every change of the build while the picker shows cases: a list, no generator.
        out = []
        if board := self.board:
            if msg := chassis_board_problem(board, case):
                out.append(("FIT-CHASSIS-BOARD", msg))
            if msg := board_standard_problem(board, case):
                out.append(("FIT-BOARD-STANDARD", msg))
            if msg := board_size_problem(board, case):
                out.append(("FIT-FORM-FACTOR", msg))
        for gpu in self.unique_gpus:
            if msg := gpu_fits_case(gpu, case):
                out.append(("FIT-GPU-LENGTH", msg))
        if self.cooler and (msg := cooler_fits_case(self.cooler, case)):
            out.append(("FIT-COOLER-HEIGHT", msg))
        if self.psu and (msg := psu_fits_case(self.psu, case)):
            out.append(("FIT-PSU-LENGTH", msg))
        passive = self.passive_gpu
        if passive and not case.passive_gpu_airflow:
            out.append(("THERMAL-PASSIVE-GPU", f"{passive.name} is passively cooled; {case.name} has no "
                                               f"server fan wall to cool it"))
        if self.gpu_span > case.expansion_slots:
            out.append(("FIT-SLOT-BLOCKED", f"the cards need {self.gpu_span} expansion brackets; "
                                            f"{case.name} has {case.expansion_slots}"))
        return out

    def _motherboard(self, board: Motherboard):
        # The hot path of a motherboard picker over a large catalog: a list, no generator.
        out = []
        if self.case and (msg := chassis_board_problem(board, self.case)):
            out.append(("FIT-CHASSIS-BOARD", msg))
        if self.case and (msg := board_standard_problem(board, self.case)):
            out.append(("FIT-BOARD-STANDARD", msg))
        if self.case and (msg := board_size_problem(board, self.case)):
            out.append(("FIT-FORM-FACTOR", msg))
        if self.cpu and (msg := cpu_fits_board(self.cpu, board)):
            out.append(("FIT-SOCKET", msg))
        if self.cpu and (msg := cpu_chipset_problem(self.cpu, board)):
            out.append(("FIT-CPU-CHIPSET", msg))
        for kit in self.unique_kits:
            if msg := kit_problem(kit, board, self.cpu):
                out.append(("FIT-MEMORY", msg))
        if self.kits:
            out.extend(("FIT-MEMORY", msg)
                       for msg in memory_size_problems(self.kit_modules, self.kit_capacity, board))
        if self.gpus:
            x16 = sum(1 for s in board.pcie_slots if s.physical == 16)
            if len(self.gpus) > x16:
                out.append(("FIT-NO-FREE-SLOT", f"{board.name} has {x16} x16 slots for {len(self.gpus)} GPUs"))
        if len(self.m2_drives) > len(board.m2_slots):
            out.append(("FIT-NO-FREE-SLOT", f"{board.name} has {len(board.m2_slots)} M.2 slots for "
                                            f"{len(self.m2_drives)} drives"))
        return out

    def _cpu(self, cpu: Cpu):
        if self.board:
            yield "FIT-SOCKET", cpu_fits_board(cpu, self.board)
            yield "FIT-CPU-CHIPSET", cpu_chipset_problem(cpu, self.board)
            if self.kits:
                for msg in memory_problems(self.kits, self.board, cpu):
                    yield "FIT-MEMORY", msg
        if self.cooler:
            yield "FIT-SOCKET", cooler_fits_socket(self.cooler, cpu.socket)
        if self.psu:
            yield from self._power(cpu_w=cpu.peak_power_w)

    def _cooler(self, cooler: Cooler):
        socket = self.board.socket if self.board else (self.cpu.socket if self.cpu else None)
        if socket:
            yield "FIT-SOCKET", cooler_fits_socket(cooler, socket)
        if self.case:
            yield "FIT-COOLER-HEIGHT", cooler_fits_case(cooler, self.case)

    def _memory(self, kit: MemoryKit):
        if self.board:
            for msg in memory_problems([kit], self.board, self.cpu):
                yield "FIT-MEMORY", msg

    def _gpu(self, gpu: Gpu):
        # Ranked on every change of the build while the picker shows GPUs: a list, no generator.
        out = []
        case = self.case
        if case and (msg := gpu_fits_case(gpu, case)):
            out.append(("FIT-GPU-LENGTH", msg))
        if msg := self._thickness(gpu):
            out.append(("FIT-SLOT-BLOCKED", msg))
        if gpu.cooler == "passive" and case and not case.passive_gpu_airflow:
            out.append(("THERMAL-PASSIVE-GPU", f"{gpu.name} is passively cooled and needs a server chassis; "
                                               f"{case.name} has no fan wall for it"))
        count = max(1, len(self.gpus))
        if self.psu:
            out.extend(self._power(gpu_w=gpu.board_power_w * count))
            need = {k: v * count for k, v in gpu.power_connectors.items()}
            out.extend(self._connectors(self.psu, need))
        return out

    def _thickness(self, gpu: Gpu) -> str | None:
        """The candidate in the slots the build's GPUs sit in: does its cooler cover the next
        populated slot, or reach past the case's brackets?"""
        width = math.ceil(gpu.slot_width - 0.05)
        taken = self.populated_positions
        for position in self.gpu_positions:
            covered = set(range(position + 1, position + width)) & taken
            if covered:
                return (f"{gpu.name} is {gpu.slot_width:g} slots thick and would cover the populated "
                        f"slot at bracket {min(covered)}")
        if self.case and self.gpu_positions and self.gpu_positions[-1] + width - 1 > self.case.expansion_slots:
            return (f"{gpu.name} is {gpu.slot_width:g} slots thick; in the lowest GPU slot it needs "
                    f"{self.gpu_positions[-1] + width - 1} brackets, {self.case.name} has "
                    f"{self.case.expansion_slots}")
        return None

    def _psu(self, psu: Psu):
        if self.case:
            yield "FIT-PSU-LENGTH", psu_fits_case(psu, self.case)
        yield from self._power(psu=psu)
        yield from self._connectors(psu, self.gpu_connectors)

    def _storage(self, drive: Storage):
        if self.board and drive.m2_length:
            fits = [s for s in self.board.m2_slots if drive.m2_length in s.lengths
                    and (drive.interface == "nvme" or s.sata)]
            if not fits:
                yield "FIT-FORM-FACTOR", f"{self.board.name} has no M.2 slot for a {drive.form_factor} {drive.interface.upper()} drive"

    def _power(self, *, gpu_w=None, cpu_w=None, psu=None) -> list[Reason]:
        psu = psu or self.psu
        sustained = self.other_w + (self._budget.gpu_w if gpu_w is None else gpu_w) + (
            self._budget.cpu_w if cpu_w is None else cpu_w)
        rating = low_line_rating(psu) if self.low_line else psu.wattage_w
        if rating <= 0:
            return [("POWER-PSU-WATTAGE", f"{psu.name} runs only on 200–240 V; it cannot run on a "
                                          f"{self.volts} V circuit")]
        if sustained > rating:
            return [("POWER-PSU-WATTAGE", f"~{sustained:.0f} W sustained exceeds the {rating:.0f} W "
                                          f"rating of {psu.name}")]
        return []

    @staticmethod
    def _connectors(psu: Psu, need: Mapping[str, int]) -> list[Reason]:
        short = need.get("12v-2x6", 0) - psu.connectors.get("12v-2x6", 0)
        spare = psu.connectors.get("8-pin-pcie", 0) - need.get("8-pin-pcie", 0)
        if short > 0 and spare < 4 * short:
            return [("POWER-CONNECTORS", f"the GPUs need {need['12v-2x6']} × 12V-2x6; {psu.name} "
                                         f"has {psu.connectors.get('12v-2x6', 0)}")]
        return []


def rank_options(resolved: ResolvedBuild, kind: str, candidates=None,
                 circuit: str | None = None) -> list[Option]:
    """Every catalog part of ``kind``: compatible first (cheapest first, towers before rack
    chassis), then the others.
    ``circuit`` overrides the build's site circuit, which decides the PSU ratings that count."""
    screen = _Screen(resolved, kind, circuit or resolved.build.circuit)
    selected = {u.part.id for u in resolved.units if u.part.kind == kind}
    pool = candidates if candidates is not None else resolved.catalog.of_kind(kind)
    options = [Option(p, tuple(screen.reasons(p)), p.id in selected) for p in pool]
    # Rack chassis are listed after the towers: a different purchase, not a cheaper tower.
    options.sort(key=lambda o: (bool(o.reasons), _racked(o.part), o.part.price.amount, o.part.id))
    return options


def _racked(part: PartBase) -> bool:
    return isinstance(part, Case) and part.rack_units is not None
