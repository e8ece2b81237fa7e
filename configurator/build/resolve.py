"""Checking a build against the catalog: every id known, every placement in a slot of the right kind.

A problem here is bad input (exit code 2 on the CLI), not a compatibility finding: a build that
names a part the catalog does not have cannot be reasoned about at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from configurator.build.errors import BuildError
from configurator.build.model import Build
from configurator.parts import (
    Case,
    Catalog,
    Cooler,
    Cpu,
    Gpu,
    MemoryKit,
    Motherboard,
    PartBase,
    Psu,
    Storage,
)

SINGLETON_KINDS = ("case", "motherboard", "cpu", "cooler", "psu")
T = TypeVar("T")


@dataclass(frozen=True)
class Unit:
    """One physical unit of a build line: the n-th card of a 'quantity: 2' GPU line, say."""

    part: PartBase
    index: int  # position of its line in build.items
    number: int  # 0-based unit within the line
    slot: str | None

    @property
    def key(self) -> str:
        """Stable node id for the graph: part id, plus #n when a line has several units."""
        return f"{self.part.id}#{self.number + 1}"


@dataclass
class ResolvedBuild:
    """A build bound to its parts. Not changed once made (an edit resolves a new one), so
    what is derived from it is worked out once: its units by kind, its links, its estimate's
    inputs."""

    build: Build
    catalog: Catalog
    units: list[Unit] = field(default_factory=list)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, name: str, make: Callable[[ResolvedBuild], T]) -> T:
        """``make(self)``, worked out on the first call for ``name``."""
        try:
            return self._derived[name]
        except KeyError:
            value = self._derived[name] = make(self)
            return value

    @property
    def _by_kind(self) -> dict[str, list[Unit]]:
        try:
            return self._derived["units by kind"]
        except KeyError:
            by_kind: dict[str, list[Unit]] = {}
            for unit in self.units:
                by_kind.setdefault(unit.part.kind, []).append(unit)
            self._derived["units by kind"] = by_kind
            return by_kind

    def _single(self, kind: str):
        units = self._by_kind.get(kind)
        return units[0].part if units else None

    @property
    def case(self) -> Case | None:
        return self._single("case")

    @property
    def motherboard(self) -> Motherboard | None:
        return self._single("motherboard")

    @property
    def cpu(self) -> Cpu | None:
        return self._single("cpu")

    @property
    def cooler(self) -> Cooler | None:
        return self._single("cooler")

    @property
    def psu(self) -> Psu | None:
        return self._single("psu")

    @property
    def cpu_count(self) -> int:
        return len(self._by_kind.get("cpu", ()))

    @property
    def psu_count(self) -> int:
        return len(self._by_kind.get("psu", ()))

    def units_of(self, kind: str) -> list[Unit]:
        return list(self._by_kind.get(kind, ()))

    @property
    def gpus(self) -> list[Unit]:
        return self.units_of("gpu")

    @property
    def memory_kits(self) -> list[MemoryKit]:
        return [u.part for u in self.units_of("memory")]

    @property
    def drives(self) -> list[Unit]:
        return self.units_of("storage")

    def unit_in_slot(self, slot_id: str) -> Unit | None:
        return next((u for u in self.units if u.slot == slot_id), None)

    @property
    def populated_slots(self) -> set[str]:
        return {u.slot for u in self.units if u.slot}


def resolve(build: Build, catalog: Catalog) -> ResolvedBuild:
    """Bind a build to catalog parts. Raises BuildError listing every problem found."""
    problems: list[str] = []
    units: list[Unit] = []
    for index, item in enumerate(build.items):
        part = catalog.get(item.part)
        if part is None:
            reason = catalog.left_out_reason(item.part)
            problems.append(f"item {index + 1}: part '{item.part}' is left out, its file cannot "
                            f"be loaded: {reason}" if reason else
                            f"item {index + 1}: unknown part id '{item.part}'")
            continue
        most = _most_any_board_holds(part, catalog) if item.quantity > 1 else None
        if most is not None and item.quantity > most[0]:
            problems.append(f"item {index + 1}: {item.quantity} × '{item.part}', but no board in "
                            f"the catalog holds more than {most[0]} {most[1]}")
            continue
        for number in range(item.quantity):
            slot = item.slots[number] if number < len(item.slots) else None
            units.append(Unit(part, index, number, slot))
    board = next((u.part for u in units if u.part.kind == "motherboard"), None)
    for kind in ("case", "motherboard", "cpu"):
        count = sum(1 for u in units if u.part.kind == kind)
        allowed = board.sockets if kind == "cpu" and board else 1
        if count > allowed:
            problems.append(f"a build has {'one' if allowed == 1 else allowed} {kind}"
                            f"{'' if allowed == 1 else 's'} at most; this one has {count}")
    for unit in units:
        if unit.slot is None:
            continue
        problems.extend(_placement_problems(unit, board))
    if problems:
        raise BuildError("; ".join(problems))
    return ResolvedBuild(build, catalog, units)


def _most_any_board_holds(part: PartBase, catalog: Catalog) -> tuple[int, str] | None:
    """How many units of ``part`` the roomiest board in the catalog takes, and of what; None
    when boards do not bound it (or the catalog has none)."""
    most = catalog.most_per_board
    if isinstance(part, Gpu) and most["pcie"]:
        return most["pcie"], "PCIe cards"
    if isinstance(part, Storage) and part.m2_length and most["m2"]:
        return most["m2"], "M.2 drives"
    if isinstance(part, MemoryKit) and most["dimm"]:
        return most["dimm"] // part.modules, f"kits of {part.modules} modules"
    return None


def _placement_problems(unit: Unit, board: Motherboard | None) -> list[str]:
    part, slot = unit.part, unit.slot
    where = f"'{part.id}' in slot '{slot}'"
    if board is None:
        return [f"{where}: the build has no motherboard to hold it"]
    pcie, m2 = board.pcie_slot(slot), board.m2_slot(slot)
    if pcie is None and m2 is None:
        known = ", ".join([s.id for s in board.pcie_slots] + [s.id for s in board.m2_slots])
        return [f"{where}: {board.model} has no slot '{slot}' (it has {known})"]
    if isinstance(part, Gpu) and pcie is None:
        return [f"{where}: a graphics card goes in a PCIe slot, '{slot}' is an M.2 slot"]
    if isinstance(part, Storage):
        if part.m2_length is None:
            return [f"{where}: a {part.form_factor} drive does not go in a board slot"]
        if m2 is None:
            return [f"{where}: an M.2 drive goes in an M.2 slot, '{slot}' is a PCIe slot"]
        if part.interface == "sata" and not m2.sata:
            return [f"{where}: '{slot}' is NVMe-only and this drive is SATA"]
        if part.m2_length not in m2.lengths:
            sizes = "/".join(str(x) for x in m2.lengths)
            return [f"{where}: the slot takes M.2 {sizes}, the drive is {part.form_factor}"]
        return []
    if not isinstance(part, Gpu | Storage):
        return [f"{where}: a {part.kind} is not placed in a slot"]
    return []
