"""LANE-SLOT-NARROWED: a populated M.2 slot takes lanes from a graphics card's slot."""

from __future__ import annotations

from configurator.graph import link_gbps, slot_states
from configurator.rules._common import CheckContext, Finding, Rule, fix, slot_node


class SlotNarrowed(Rule):
    """Say when an M.2 drive takes lanes from a graphics card.

    What it checks: GPU slots narrowed by the board's sharing rules because an M.2 slot is
    populated (not the normal x16 → x8/x8 split between two card slots).
    Why it matters: the card loses half its link or more for a drive that could sit in a
    slot sharing nothing; the manual's footnote is easy to miss when ordering parts.
    Fix: move the drive to an M.2 slot that shares nothing with a populated slot.
    """

    code = "LANE-SLOT-NARROWED"
    name = "lanes.slot_narrowed"
    severity = "info"
    reads = {"motherboard": ("pcie_slots", "m2_slots", "sharing")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        out = []
        for link in ctx.links:
            if link.kind != "gpu" or link.disabled:
                continue
            state = ctx.states[link.slot]
            drives = [s for s in ctx.sharing_causes(link.slot, "narrow") if board.m2_slot(s)]
            if not drives:
                continue
            without = slot_states(board, ctx.resolved.populated_slots - set(drives))[link.slot]
            if without.lanes <= state.lanes:
                continue
            unit = next(u for u in ctx.resolved.gpus if u.key == link.unit)
            causes = [ctx.resolved.unit_in_slot(s) for s in drives]
            out.append(self.finding(
                f"{unit.part.name} in {link.slot} runs at x{state.lanes} instead of "
                f"x{without.lanes} because {', '.join(drives)} is populated "
                f"(~{link.gbps:.1f} instead of ~{link_gbps(link.gen, min(without.lanes, unit.part.pcie_lanes)):.1f} GB/s)",
                parts=[unit.part.id, *(c.part.id for c in causes if c)],
                chain=[*(c.key for c in causes if c), *(slot_node(s) for s in drives),
                       slot_node(link.slot), unit.key],
                fixes=self._moves(ctx, causes),
            ))
        return out

    @staticmethod
    def _moves(ctx: CheckContext, causes) -> list:
        board = ctx.resolved.motherboard
        out = []
        for cause in causes:
            if cause is None:
                continue
            shared = [s for r in board.sharing for s in r.when_populated]
            for target in sorted(ctx.free_slots("m2", cause.part), key=shared.count):
                trial = (ctx.resolved.populated_slots - {cause.slot}) | {target}
                states = slot_states(board, trial)
                if all(states[s].lanes >= ctx.states[s].lanes and not states[s].disabled
                       for s in trial if s != target):
                    out.append(fix({"action": "move", "part": cause.part.id,
                                    "from_slot": cause.slot, "to_slot": target},
                                   f"Move {cause.part.name} from {cause.slot} to {target}"))
                    break
        return out
