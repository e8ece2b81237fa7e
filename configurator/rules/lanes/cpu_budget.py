"""LANE-CPU-BUDGET: the populated CPU-wired slots need more lanes than the CPU has."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule


class CpuBudget(Rule):
    """The CPU has enough PCIe lanes for everything wired to it.

    What it checks: effective lanes of populated CPU-wired slots plus lanes the board wires
    permanently to onboard devices (USB4, 10 GbE) against the CPU's usable lanes. An M.2 slot
    that shares its lanes with USB4 (effect ``share``, target ``USB4``) uses those reserved
    lanes rather than adding its own.
    Why it matters: a board designed for a 128-lane Threadripper PRO leaves slots dead or
    narrowed with a smaller CPU (an APU or a 48-lane HEDT part).
    Fix: a CPU with more lanes, or fewer CPU-wired devices.
    """

    code = "LANE-CPU-BUDGET"
    name = "lanes.cpu_budget"
    severity = "error"
    reads = {
        "cpu": ("pcie_lanes_usable",),
        "motherboard": ("pcie_slots", "m2_slots", "cpu_lanes_reserved"),
    }

    def check(self, ctx: CheckContext) -> list[Finding]:
        board, cpu = ctx.resolved.motherboard, ctx.resolved.cpu
        if board is None or cpu is None:
            return []
        with_usb4 = {slot for rule in board.sharing if rule.effect == "share" and rule.target == "USB4"
                     for slot in rule.when_populated}
        shared = own = 0
        for link in ctx.links:
            if link.source == "cpu" and not link.disabled:
                lanes = ctx.states[link.slot].lanes
                if link.slot in with_usb4:
                    shared += lanes
                else:
                    own += lanes
        used = own + max(board.cpu_lanes_reserved, shared)
        available = cpu.pcie_lanes_usable * ctx.resolved.cpu_count
        if used <= available:
            return []
        count = ctx.resolved.cpu_count
        return [self.finding(
            f"the CPU-wired devices need {used} PCIe lanes; "
            f"{'' if count == 1 else f'{count} × '}{cpu.name} provide{'s' if count == 1 else ''} "
            f"{available}",
            parts=[cpu.id, board.id], chain=["board", "cpu"],
        )]
