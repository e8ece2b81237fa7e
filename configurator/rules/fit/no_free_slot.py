"""FIT-NO-FREE-SLOT: a card or an M.2 drive that has no slot to go in."""

from __future__ import annotations

from configurator.parts import Gpu, Storage
from configurator.rules._common import CheckContext, Finding, Rule


class NoFreeSlot(Rule):
    """Every graphics card and M.2 drive has a slot.

    What it checks: units of the build that sit in no slot. When the board has no free slot
    that takes them (an x16-length PCIe slot for a card; an M.2 slot of the drive's length and
    interface) it is an error; when one is free, a warning that names it (the app and the
    command line place such units automatically).
    Why it matters: a fifth NVMe drive on a four-slot board, or a third GPU on a two-slot
    board, is a line on the quote that cannot be installed.
    Fix: fewer units, a board with more slots, or (for drives) a PCIe adapter card.
    """

    code = "FIT-NO-FREE-SLOT"
    name = "fit.no_free_slot"
    severity = "error"
    reads = {"motherboard": ("pcie_slots", "m2_slots")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        populated = ctx.resolved.populated_slots
        free_pcie = [s.id for s in board.pcie_slots if s.physical == 16 and s.id not in populated]
        out = []
        for unit in ctx.resolved.units:
            if unit.slot is not None:
                continue
            part = unit.part
            if isinstance(part, Gpu):
                free, what = free_pcie, "x16-length PCIe slot"
            elif isinstance(part, Storage) and part.m2_length:
                free = [s.id for s in board.m2_slots if s.id not in populated
                        and part.m2_length in s.lengths and (part.interface == "nvme" or s.sata)]
                what = f"M.2 slot that takes a {part.form_factor} {'NVMe' if part.interface == 'nvme' else 'SATA'} drive"
            else:
                continue
            if free:
                slot = free[0]
                populated = populated | {slot}
                if slot in free_pcie:
                    free_pcie = [s for s in free_pcie if s != slot]
                out.append(self.finding(
                    f"{part.name} (unit {unit.number + 1}) is not placed in a slot; {slot} on "
                    f"{board.name} is free for it", severity="warning",
                    parts=[part.id, board.id], chain=[unit.key, "board"]))
            else:
                out.append(self.finding(
                    f"{part.name} (unit {unit.number + 1}) has no slot: every {what} on "
                    f"{board.name} is taken", parts=[part.id, board.id], chain=[unit.key, "board"]))
        return out
