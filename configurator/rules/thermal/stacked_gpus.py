"""THERMAL-STACKED-GPUS: open-air or flow-through cards with no gap between them."""

from __future__ import annotations

import math

from configurator.rules._common import CheckContext, Finding, Rule, slot_node

AXIAL = {"open-air", "flow-through"}


class StackedGpus(Rule):
    """Fan-cooled cards have a free slot of air between them.

    What it checks: two open-air or flow-through cards where the lower card's bracket
    begins right where the upper card's cooler ends.
    Why it matters: the upper card's fans draw in the lower card's exhaust; under sustained
    load it runs 10–20 °C hotter and throttles. Blower and passive cards are built to stack.
    Fix: leave one slot free between the cards, or use blower (Max-Q) cards.
    """

    code = "THERMAL-STACKED-GPUS"
    name = "thermal.stacked_gpus"
    severity = "warning"
    reads = {"gpu": ("cooler", "slot_width"), "motherboard": ("pcie_slots",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        placed = sorted(
            (board.pcie_slot(u.slot).position, u) for u in ctx.resolved.gpus
            if u.slot and board.pcie_slot(u.slot)
        )
        out = []
        for (pos, upper), (next_pos, lower) in zip(placed, placed[1:], strict=False):
            if upper.part.cooler not in AXIAL or lower.part.cooler not in AXIAL:
                continue
            gap = next_pos - (pos + math.ceil(upper.part.slot_width - 0.05))
            if gap > 0:
                continue
            out.append(self.finding(
                f"{upper.part.name} in {upper.slot} and {lower.part.name} in {lower.slot} sit with "
                f"no free slot between them; the upper card breathes the lower card's exhaust",
                parts=sorted({upper.part.id, lower.part.id}),
                chain=[lower.key, slot_node(lower.slot), slot_node(upper.slot), upper.key]))
        return out
