"""Automatic placement: where a newly added card or drive should go.

Cards go where they get the fastest link (CPU-wired first), without covering a populated
slot with their cooler and within the case's brackets. Drives go to M.2 slots that neither
disable nor narrow a populated slot, CPU-wired first. Placements a person made are kept.
"""

from __future__ import annotations

import math

from configurator.build import Build, BuildItem, ResolvedBuild, resolve
from configurator.graph.links import link_gbps, slot_states
from configurator.parts import Catalog, Gpu, Motherboard, Storage


def auto_place(build: Build, catalog: Catalog) -> Build:
    """Return the build with every unplaced GPU and M.2 drive given a slot, where one is free.

    Linear in the number of units: the bracket positions cards cover and the populated card
    slots are kept up to date as cards are placed, not recomputed for each new card. The build
    itself when nothing needed a slot or none was free.
    """
    resolved = resolve(build, catalog)
    board = resolved.motherboard
    if board is None:
        return build
    slots: dict[int, list[str]] = {n: list(item.slots) for n, item in enumerate(build.items)}
    populated = set(resolved.populated_slots)
    case = resolved.case
    brackets = case.expansion_slots if case else 99
    taken = _occupied_positions(board, resolved)
    gpu_slots = {s for s in populated if board.pcie_slot(s)}
    placed = False
    for unit in resolved.units:
        if unit.slot is not None:
            continue
        if isinstance(unit.part, Gpu):
            best = _best_gpu_slot(board, unit.part, populated, taken, gpu_slots, brackets)
        elif isinstance(unit.part, Storage) and unit.part.m2_length:
            best = _best_drive_slot(board, unit.part, populated)
        else:
            continue
        if best is None:
            continue
        # Slots are listed per unit in order, so a unit beyond the listed ones appends.
        if len(slots[unit.index]) == unit.number:
            slots[unit.index].append(best)
            placed = True
            populated.add(best)
            if isinstance(unit.part, Gpu):
                gpu_slots.add(best)
                taken |= _span(board.pcie_slot(best).position, unit.part)
    if not placed:
        return build
    items = [BuildItem(part=i.part, quantity=i.quantity, slots=slots[n]) for n, i in enumerate(build.items)]
    return build.with_items(items)


def _span(position: int, gpu: Gpu) -> set[int]:
    """The bracket positions a card in the slot at ``position`` covers."""
    return set(range(position, position + math.ceil(gpu.slot_width - 0.05)))


def _occupied_positions(board: Motherboard, resolved: ResolvedBuild) -> set[int]:
    taken: set[int] = set()
    for unit in resolved.units:
        if isinstance(unit.part, Gpu) and unit.slot:
            slot = board.pcie_slot(unit.slot)
            if slot:
                taken |= _span(slot.position, unit.part)
    return taken


def _gpu_bandwidth_total(board: Motherboard, populated: set[str], gpu_slots: set[str]) -> float:
    states = slot_states(board, populated)
    return sum(0.0 if states[s].disabled else link_gbps(states[s].gen, states[s].lanes) for s in gpu_slots)


def _best_gpu_slot(board, gpu: Gpu, populated, taken, gpu_slots, brackets) -> str | None:
    best, best_score = None, None
    for slot in board.pcie_slots:
        if slot.id in populated or slot.physical < min(gpu.pcie_lanes, 16):
            continue
        span = _span(slot.position, gpu)
        if span & taken or max(span) > brackets:
            continue
        trial = populated | {slot.id}
        state = slot_states(board, trial)[slot.id]
        if state.disabled:
            continue
        own = link_gbps(min(state.gen, gpu.pcie_gen), min(state.lanes, gpu.pcie_lanes))
        total = _gpu_bandwidth_total(board, trial, gpu_slots | {slot.id})
        score = (slot.source == "cpu", total, own, -slot.position)
        if best_score is None or score > best_score:
            best, best_score = slot.id, score
    return best


def _best_drive_slot(board: Motherboard, drive: Storage, populated: set[str]) -> str | None:
    before = slot_states(board, populated)
    best, best_score = None, None
    for slot in board.m2_slots:
        if slot.id in populated or drive.m2_length not in slot.lengths:
            continue
        if drive.interface == "sata" and not slot.sata:
            continue
        trial = populated | {slot.id}
        after = slot_states(board, trial)
        if after[slot.id].disabled:
            continue
        harm = sum(
            10 if after[s].disabled else 1
            for s in populated
            if after[s].disabled or after[s].lanes < before[s].lanes
        )
        shares_usb4 = any(r.target == "USB4" and slot.id in r.when_populated for r in board.sharing)
        speed = link_gbps(min(slot.gen, drive.pcie_gen or 3), min(slot.lanes, drive.pcie_lanes or 4))
        # Prefer harmless, then slots that take nothing from anyone later, then speed.
        future_harm = sum(1 for r in board.sharing if slot.id in r.when_populated and r.target != "USB4")
        score = (-harm, -future_harm, not shares_usb4, speed, slot.source == "cpu")
        if best_score is None or score > best_score:
            best, best_score = slot.id, score
    return best
