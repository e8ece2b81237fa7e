"""FIT-CPU-CHIPSET: a CPU that seats in the socket must also be supported by the board's chipset."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import cpu_chipset_problem


class CpuChipset(Rule):
    """The board's chipset supports the CPU, not just its socket.

    What it checks: the CPU's supported chipsets (as its maker lists them) include the board's
    chipset. sTR5 is the case in point: WRX90 boards take only Threadripper PRO, while TRX50
    boards take both Threadripper and Threadripper PRO.
    Why it matters: the CPU drops into the socket but the board's firmware does not support
    it, so the machine does not start; the socket name alone does not show this.
    Fix: a CPU the board supports (a Threadripper PRO on WRX90) or a board of the chipset the
    CPU is made for (TRX50 for a Threadripper).
    """

    code = "FIT-CPU-CHIPSET"
    name = "fit.cpu_chipset"
    severity = "error"
    reads = {"cpu": ("chipsets",), "motherboard": ("chipset",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        cpu, board = ctx.resolved.cpu, ctx.resolved.motherboard
        if cpu is None or board is None:
            return []
        reason = cpu_chipset_problem(cpu, board)
        if reason is None:
            return []
        return [self.finding(reason, parts=[cpu.id, board.id], chain=["cpu", "board"],
                             fixes=self._fixes(ctx))]

    @staticmethod
    def _fixes(ctx: CheckContext):
        from configurator.rules._common import fix

        cpu, board = ctx.resolved.cpu, ctx.resolved.motherboard
        cpus = sorted((c for c in ctx.catalog.of_kind("cpu")
                       if c.socket == board.socket and cpu_chipset_problem(c, board) is None),
                      key=lambda c: (abs(c.cores - cpu.cores), c.price.amount))
        return [fix({"action": "replace", "from_part": cpu.id, "to_part": c.id},
                    f"Use {c.name} ({c.cores} cores), which {board.chipset} supports") for c in cpus[:2]]
