"""Effective PCIe links: what each card or drive really gets after sharing rules are applied.

Per-direction bandwidth only. PCIe 3.0 and later use 128b/130b encoding, so one lane carries
GT/s × 128/130 / 8 bytes per second in each direction (PCIe 5.0 x16 ≈ 63 GB/s, x8 ≈ 31.5 GB/s,
PCIe 4.0 x4 ≈ 7.9 GB/s). A chipset-fed device is further capped by the chipset's uplink, which
every chipset device shares.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import NamedTuple

from configurator.build import ResolvedBuild
from configurator.parts import Gpu, Motherboard, SharingRule, Storage

GT_PER_S = {1: 2.5, 2: 5.0, 3: 8.0, 4: 16.0, 5: 32.0, 6: 64.0}


def lane_gbps(gen: int) -> float:
    """GB/s per lane, per direction."""
    encoding = 0.8 if gen <= 2 else 128 / 130
    return GT_PER_S[gen] * encoding / 8


def link_gbps(gen: int, width: int) -> float:
    return lane_gbps(gen) * width


class SlotState(NamedTuple):
    """A slot after the board's sharing rules are applied to what is populated.

    A NamedTuple, not a dataclass: placement search builds thousands of these per edit."""

    slot: str
    lanes: int
    gen: int
    source: str
    disabled: bool
    narrowed_by: tuple[str, ...] = ()
    disabled_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    slot: str
    device: str
    unit: str
    kind: str
    gen: int
    width: int
    source: str
    gbps: float
    disabled: bool
    slot_lanes: int
    slot_gen: int

    def to_json(self) -> dict:
        out = asdict(self)
        out["gbps"] = round(self.gbps, 2)
        return {k: out[k] for k in ("slot", "device", "unit", "kind", "gen", "width", "source", "gbps", "disabled")}

    @property
    def label(self) -> str:
        if self.disabled:
            return "disabled"
        return f"PCIe {self.gen}.0 x{self.width} · {self.gbps:.1f} GB/s"


def rule_applies(rule: SharingRule, populated: set[str]) -> bool:
    hits = [slot in populated for slot in rule.when_populated]
    return all(hits) if rule.match == "all" else any(hits)


def slot_states(board: Motherboard, populated: set[str]) -> dict[str, SlotState]:
    """Lanes, generation and availability of every PCIe and M.2 slot for this population."""
    lanes = {slot.id: slot.lanes for slot in (*board.pcie_slots, *board.m2_slots)}
    narrowed: dict[str, list[str]] = {}
    disabled: dict[str, list[str]] = {}
    for rule in board.sharing:
        if rule.target not in lanes or not rule_applies(rule, populated):
            continue
        causes = [s for s in rule.when_populated if s in populated]
        if rule.effect == "disable":
            disabled.setdefault(rule.target, []).extend(causes)
        elif rule.effect == "narrow" and rule.lanes < lanes[rule.target]:
            lanes[rule.target] = rule.lanes
            narrowed.setdefault(rule.target, []).extend(causes)
    return {
        slot.id: SlotState(
            slot.id, lanes[slot.id], slot.gen, slot.source, slot.id in disabled,
            tuple(dict.fromkeys(narrowed[slot.id])) if slot.id in narrowed else (),
            tuple(dict.fromkeys(disabled[slot.id])) if slot.id in disabled else (),
        )
        for slot in (*board.pcie_slots, *board.m2_slots)
    }


def build_slot_states(resolved: ResolvedBuild) -> dict[str, SlotState]:
    """``slot_states`` of the build's board and population, worked out once per resolved
    build (the same dict each time: read it, do not change it)."""
    return resolved.derived("slot states", _build_slot_states)


def _build_slot_states(resolved: ResolvedBuild) -> dict[str, SlotState]:
    board = resolved.motherboard
    return slot_states(board, resolved.populated_slots) if board else {}


def effective_links(resolved: ResolvedBuild) -> list[Link]:
    """One link per placed card or drive, in board slot order."""
    return list(resolved.derived("links", _effective_links))


def _effective_links(resolved: ResolvedBuild) -> tuple[Link, ...]:
    board = resolved.motherboard
    if board is None:
        return ()
    states = build_slot_states(resolved)
    cpu = resolved.cpu
    uplink = link_gbps(board.chipset_uplink_gen, board.chipset_uplink_lanes)
    order = {s.id: n for n, s in enumerate([*board.pcie_slots, *board.m2_slots])}
    links = []
    for unit in sorted(resolved.units, key=lambda u: order.get(u.slot or "", 999)):
        if unit.slot is None or unit.slot not in states:
            continue
        part = unit.part
        if isinstance(part, Gpu):
            kind, dev_gen, dev_lanes = "gpu", part.pcie_gen, part.pcie_lanes
        elif isinstance(part, Storage) and part.interface == "nvme":
            kind, dev_gen, dev_lanes = "nvme", part.pcie_gen or 3, part.pcie_lanes or 4
        elif isinstance(part, Storage):
            kind, dev_gen, dev_lanes = "sata", 0, 0
        else:
            continue
        state = states[unit.slot]
        if kind == "sata":
            links.append(Link(unit.slot, part.id, unit.key, kind, 0, 0, state.source, 0.6,
                              state.disabled, state.lanes, state.gen))
            continue
        gen = min(state.gen, dev_gen)
        if state.source == "cpu" and cpu is not None:
            gen = min(gen, cpu.pcie_gen)
        # A disabled slot carries no link at all, whatever its wiring.
        width = 0 if state.disabled else min(state.lanes, dev_lanes)
        gbps = 0.0 if state.disabled else link_gbps(gen, width)
        if state.source == "chipset":
            gbps = min(gbps, uplink)
        links.append(Link(unit.slot, part.id, unit.key, kind, gen, width, state.source, gbps,
                          state.disabled, state.lanes, state.gen))
    return tuple(links)
