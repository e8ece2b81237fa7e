"""FIT-MEMORY: memory type, module kind, DIMM count and capacity against board and CPU."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import memory_problems


class Memory(Rule):
    """Memory matches the board and CPU.

    What it checks: DDR generation, UDIMM vs RDIMM, number of modules vs DIMM slots, and total
    capacity vs the board's supported maximum.
    Why it matters: DDR4 does not fit a DDR5 slot; RDIMMs do not work on consumer AM5 boards
    and TRX50/WRX90 boards take only RDIMMs; more modules than slots cannot be installed.
    Fix: a kit of the right type and module count.
    """

    code = "FIT-MEMORY"
    name = "fit.memory"
    severity = "error"
    reads = {
        "memory": ("memory_type", "module", "modules"),
        "motherboard": ("memory_type", "memory_module", "dimm_slots", "max_memory_gb"),
        "cpu": ("memory_module",),
    }

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        kits = ctx.resolved.memory_kits
        if board is None or not kits:
            return []
        parts = sorted({k.id for k in kits}) + [board.id]
        return [self.finding(msg, parts=parts, chain=["memory#1", "board"])
                for msg in memory_problems(kits, board, ctx.resolved.cpu)]
