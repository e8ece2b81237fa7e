"""FIT-SLOT-BLOCKED: a card's cooler covers an occupied slot or runs past the case's brackets."""

from __future__ import annotations

import math

from configurator.rules._common import CheckContext, Finding, Rule, fix, slot_node


def covered_positions(position: int, slot_width: float) -> range:
    """Bracket positions a card occupies: its own and those under its cooler."""
    return range(position, position + math.ceil(slot_width - 0.05))


class SlotBlocked(Rule):
    """Thick cards leave room for their neighbours and fit the case's expansion slots.

    What it checks: for each card, the bracket positions its thickness covers (a 3.5-slot
    card covers four) against the other populated PCIe slots, and against the number of
    expansion slots the case has.
    Why it matters: a card in the slot under a thick cooler cannot be inserted; a card in the
    bottom slot whose cooler hangs past the case's last bracket does not fit.
    Fix: move the card to a slot with enough free positions below it, or use a thinner card.
    """

    code = "FIT-SLOT-BLOCKED"
    name = "fit.slot_blocked"
    severity = "error"
    reads = {"gpu": ("slot_width",), "motherboard": ("pcie_slots",), "case": ("expansion_slots",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board, case = ctx.resolved.motherboard, ctx.resolved.case
        if board is None:
            return []
        out = []
        placed = [u for u in ctx.resolved.gpus if u.slot and board.pcie_slot(u.slot)]
        by_position = {board.pcie_slot(u.slot).position: u for u in placed}
        for unit in placed:
            slot = board.pcie_slot(unit.slot)
            covered = covered_positions(slot.position, unit.part.slot_width)
            for pos in covered[1:]:
                other = by_position.get(pos)
                if other is None:
                    continue
                out.append(self.finding(
                    f"{unit.part.name} in {slot.id} is {unit.part.slot_width:g} slots thick and "
                    f"covers {other.slot}, where {other.part.name} is placed",
                    parts=[unit.part.id, other.part.id],
                    chain=[unit.key, slot_node(slot.id), slot_node(other.slot), other.key],
                    fixes=self._moves(ctx, other, by_position),
                ))
            if case and covered[-1] > case.expansion_slots:
                out.append(self.finding(
                    f"{unit.part.name} in {slot.id} (bracket {slot.position}) needs brackets "
                    f"{covered[0]}–{covered[-1]}; {case.name} has {case.expansion_slots}",
                    parts=[unit.part.id, case.id],
                    chain=[unit.key, slot_node(slot.id), "case"],
                    fixes=self._moves(ctx, unit, by_position),
                ))
        return out

    @staticmethod
    def _moves(ctx: CheckContext, unit, by_position) -> list:
        board, case = ctx.resolved.motherboard, ctx.resolved.case
        limit = case.expansion_slots if case else 99
        blocked = set()
        for other in by_position.values():
            if other is unit:
                continue
            pos = board.pcie_slot(other.slot).position
            blocked.update(covered_positions(pos, other.part.slot_width))
        out = []
        for slot_id in ctx.free_slots("pcie"):
            slot = board.pcie_slot(slot_id)
            span = covered_positions(slot.position, unit.part.slot_width)
            if span[-1] <= limit and not blocked.intersection(span) and not any(
                p in by_position and by_position[p] is not unit for p in span
            ):
                out.append(fix({"action": "move", "part": unit.part.id,
                                "from_slot": unit.slot, "to_slot": slot_id},
                               f"Move {unit.part.name} from {unit.slot} to {slot_id}"))
        return out[:2]
