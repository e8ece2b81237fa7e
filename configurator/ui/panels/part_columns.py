"""Which facts a picker shows per part kind, as (header, value) columns with numeric sort keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from configurator.parts import Gpu, PartBase
from configurator.parts.vram import gb

KINDS: tuple[tuple[str, str], ...] = (
    ("case", "Case"),
    ("motherboard", "Motherboard"),
    ("cpu", "CPU"),
    ("cooler", "Cooler"),
    ("memory", "Memory"),
    ("gpu", "GPU"),
    ("storage", "Storage"),
    ("psu", "PSU"),
)
KIND_LABELS = dict(KINDS)
# Kinds a build holds one of; choosing another replaces it.
SINGLE_KINDS = {"case", "motherboard", "cpu", "cooler", "psu"}
# Kinds a build collects: "Use" on another one adds it beside the ones already chosen.
ADDITIVE_KINDS = {"storage"}


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[PartBase], float | str | None]
    unit: str = ""

    @property
    def title(self) -> str:
        """The header with the unit on a line of its own, so each cell holds only its figure
        and the figure columns stay narrow enough to show beside the part name."""
        return f"{self.header}\n{self.unit}" if self.unit else self.header

    def text(self, part: PartBase) -> str:
        """The figure alone: its unit is in the title."""
        value = self.value(part)
        if value is None:
            return "—"
        return f"{value:g}" if isinstance(value, float) else str(value)


def _opt(name: str):
    return lambda p: getattr(p, name, None)


SPEC_COLUMNS: dict[str, tuple[Column, ...]] = {
    "case": (
        Column("Type", lambda p: f"{p.rack_units}U rack" if p.rack_units else "tower"),
        Column("Max GPU", _opt("max_gpu_length_mm"), "mm"),
        Column("Max cooler", _opt("max_cooler_height_mm"), "mm"),
        Column("Brackets", _opt("expansion_slots")),
    ),
    "motherboard": (
        Column("Chipset", _opt("chipset")),
        Column("Form", _opt("form_factor")),
        Column("x16 slots", lambda p: sum(1 for s in p.pcie_slots if s.physical == 16)),
        Column("M.2", lambda p: len(p.m2_slots)),
    ),
    "cpu": (
        Column("Cores", _opt("cores")),
        Column("Power", _opt("peak_power_w"), "W"),
        Column("Lanes", _opt("pcie_lanes_usable")),
    ),
    "cooler": (
        Column("Type", _opt("cooler_type")),
        Column("Height", _opt("height_mm"), "mm"),
        Column("Max TDP", _opt("max_tdp_w"), "W"),
    ),
    "memory": (
        Column("Capacity", _opt("capacity_gb"), "GB"),
        Column("Speed", _opt("speed_mts"), "MT/s"),
    ),
    "gpu": (
        Column("VRAM", lambda p: gb(p.vram_bytes) if isinstance(p, Gpu) else None, "GB"),
        Column("Power", _opt("board_power_w"), "W"),
        Column("Length", _opt("length_mm"), "mm"),
        Column("Slots", _opt("slot_width")),
    ),
    "storage": (
        Column("Capacity", _opt("capacity_gb"), "GB"),
        Column("Interface", lambda p: f"{'NVMe' if p.interface == 'nvme' else p.interface.upper()} {p.form_factor}"),
        Column("Power", _opt("power_w"), "W"),
    ),
    "psu": (
        Column("Rating", _opt("wattage_w"), "W"),
        Column("Length", _opt("length_mm"), "mm"),
        Column("Efficiency", _opt("efficiency")),
    ),
}


def sort_choices(kind: str) -> list[tuple[str, Callable[[PartBase], object], bool]]:
    """(label, key, descending) choices for the picker's sort box; compatible parts stay first."""
    choices = [
        ("Recommended", lambda p: 0, False),
        ("Price, lowest first", lambda p: p.price.amount, False),
        ("Price, highest first", lambda p: p.price.amount, True),
        ("Name", lambda p: p.name.casefold(), False),
    ]
    for column in SPEC_COLUMNS.get(kind, ()):
        if column.unit:
            descending = column.header in {"VRAM", "Capacity", "Rating", "Max GPU", "Max cooler", "Max TDP"}
            order = "highest" if descending else "lowest"
            choices.append((f"{column.header}, {order} first",
                            lambda p, c=column: c.value(p) or 0, descending))
    return choices
