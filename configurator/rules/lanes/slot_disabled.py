"""LANE-SLOT-DISABLED: a device sits in a slot that a populated M.2 slot switches off."""

from __future__ import annotations

from configurator.graph import slot_states
from configurator.rules._common import (
    CheckContext,
    Finding,
    Rule,
    describe_slot,
    fix,
    slot_node,
)


class SlotDisabled(Rule):
    """No card or drive sits in a slot the board disables.

    What it checks: the board's sharing rules (the manual's footnotes, e.g. "PCIEX4 becomes
    unavailable when M2D_SB is populated") applied to what is populated; a device in a slot
    that ends up disabled is reported with the slot that disabled it.
    Why it matters: the device is not detected at all; on many boards the second GPU slot
    shares its lanes with a chipset M.2 slot, so adding an NVMe drive silently removes a GPU.
    Fix: move the drive to an M.2 slot that shares nothing populated, or move the card.
    """

    code = "LANE-SLOT-DISABLED"
    name = "lanes.slot_disabled"
    severity = "error"
    reads = {"motherboard": ("pcie_slots", "m2_slots", "sharing")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        out = []
        for slot_id, state in ctx.states.items():
            victim = ctx.resolved.unit_in_slot(slot_id)
            if not state.disabled or victim is None:
                continue
            for cause_slot in ctx.sharing_causes(slot_id, "disable"):
                cause = ctx.resolved.unit_in_slot(cause_slot)
                out.append(self.finding(
                    f"{victim.part.name} in {slot_id} is not usable: populating {cause_slot}"
                    f"{' with ' + cause.part.name if cause else ''} disables {slot_id} "
                    f"on {board.name}",
                    parts=[victim.part.id, *( [cause.part.id] if cause else []), board.id],
                    chain=[*( [cause.key] if cause else []), slot_node(cause_slot),
                           slot_node(slot_id), victim.key],
                    fixes=self._fixes(ctx, cause, victim),
                ))
        return out

    @staticmethod
    def _fixes(ctx: CheckContext, cause, victim) -> list:
        """Moves that bring the victim back, harmless ones first, each saying what it costs."""
        board = ctx.resolved.motherboard
        populated = ctx.resolved.populated_slots
        ranked = []
        if cause is not None:
            kind = "m2" if board.m2_slot(cause.slot) else "pcie"
            for slot_id in ctx.free_slots(kind, cause.part):
                trial = (populated - {cause.slot}) | {slot_id}
                states = slot_states(board, trial)
                if any(states[s].disabled for s in trial):
                    continue
                costs = [f"{s} then runs at {describe_slot(states[s])}" for s in sorted(trial - {slot_id})
                         if states[s].lanes < ctx.states[s].lanes and s != victim.slot]
                text = f"Move {cause.part.name} from {cause.slot} to {slot_id}"
                text += f" ({'; '.join(costs)})" if costs else " (shares nothing populated)"
                edit = {"action": "move", "part": cause.part.id, "from_slot": cause.slot, "to_slot": slot_id}
                ranked.append((len(costs), fix(edit, text)))
        ranked.sort(key=lambda pair: pair[0])
        out = [f for _, f in ranked[:2]]
        for slot_id in ctx.free_slots("pcie" if board.pcie_slot(victim.slot) else "m2"):
            state = ctx.states[slot_id]
            out.append(fix({"action": "move", "part": victim.part.id, "from_slot": victim.slot,
                            "to_slot": slot_id},
                           f"Move {victim.part.name} to {slot_id} ({describe_slot(state)})"))
            break
        return out
