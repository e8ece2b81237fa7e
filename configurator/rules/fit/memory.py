"""FIT-MEMORY: memory type, module kind, DIMM count and capacity against board and CPU."""

from __future__ import annotations

from configurator.parts import Cpu, MemoryKit, Motherboard
from configurator.rules._common import CheckContext, Finding, Rule


def memory_problems(kits: list[MemoryKit], board: Motherboard, cpu: Cpu | None) -> list[str]:
    out = []
    for kit in {k.id: k for k in kits}.values():
        if kit.memory_type != board.memory_type:
            out.append(f"{kit.name} is {kit.memory_type}; {board.name} takes {board.memory_type}")
        elif kit.module != board.memory_module:
            out.append(f"{kit.name} is {kit.module}; {board.name} takes {board.memory_module} modules")
        elif cpu and kit.module not in cpu.memory_module:
            out.append(f"{cpu.name} does not support {kit.module} modules")
    modules = sum(k.modules for k in kits)
    if modules > board.dimm_slots:
        out.append(f"{modules} memory modules for {board.dimm_slots} DIMM slots on {board.name}")
    capacity = sum(k.capacity_gb for k in kits)
    if capacity > board.max_memory_gb:
        out.append(f"{capacity} GB of memory; {board.name} supports up to {board.max_memory_gb} GB")
    return out


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

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        kits = ctx.resolved.memory_kits
        if board is None or not kits:
            return []
        parts = sorted({k.id for k in kits}) + [board.id]
        return [self.finding(msg, parts=parts, chain=["memory#1", "board"])
                for msg in memory_problems(kits, board, ctx.resolved.cpu)]
