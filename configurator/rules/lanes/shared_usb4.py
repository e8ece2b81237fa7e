"""LANE-SHARED-USB4: a populated M.2 slot shares its lanes with the USB4 controller."""

from __future__ import annotations

from configurator.graph import rule_applies
from configurator.rules._common import CheckContext, Finding, Rule, fix, slot_node


class SharedUsb4(Rule):
    """Say when an M.2 drive and the USB4 ports share lanes.

    What it checks: board sharing rules whose target is USB4 and whose M.2 slot is populated.
    Why it matters: the drive and external USB4 devices (enclosures, capture cards) compete
    for the same lanes, or one of them runs narrower.
    Fix: put the drive in an M.2 slot that shares nothing, if one is free.
    """

    code = "LANE-SHARED-USB4"
    name = "lanes.shared_usb4"
    severity = "info"
    reads = {"motherboard": ("m2_slots", "sharing", "usb4")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        out = []
        populated = ctx.resolved.populated_slots
        shared_slots = {s for r in board.sharing if r.target == "USB4" for s in r.when_populated}
        for rule in board.sharing:
            if rule.target != "USB4" or not rule_applies(rule, populated):
                continue
            for slot_id in rule.when_populated:
                unit = ctx.resolved.unit_in_slot(slot_id)
                if unit is None:
                    continue
                free = [s for s in ctx.free_slots("m2", unit.part) if s not in shared_slots
                        and not any(r.target != "USB4" and s in r.when_populated for r in board.sharing)]
                out.append(self.finding(
                    f"{unit.part.name} in {slot_id} shares lanes with the USB4 ports"
                    + (f" ({rule.note})" if rule.note else ""),
                    parts=[unit.part.id, board.id],
                    chain=[unit.key, slot_node(slot_id), "usb4"],
                    fixes=[fix({"action": "move", "part": unit.part.id, "from_slot": slot_id,
                                "to_slot": s}, f"Move {unit.part.name} from {slot_id} to {s}")
                           for s in free[:1]],
                ))
        return out
