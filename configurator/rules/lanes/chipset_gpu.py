"""LANE-CHIPSET-GPU: a graphics card on a chipset-fed link instead of CPU lanes."""

from __future__ import annotations

from configurator.rules._alternatives import better_boards
from configurator.rules._common import CheckContext, Finding, Rule, fix


class ChipsetGpu(Rule):
    """Graphics cards hang off the CPU, not the chipset.

    What it checks: each GPU's effective link; one whose slot is wired to the chipset is
    reported with its generation, width and GB/s per direction.
    Why it matters: a chipset slot is typically PCIe 4.0 x4 (~7.9 GB/s per direction) and
    shares the chipset's own x4 uplink with every USB, network and chipset M.2 device, so
    model loading, peer-to-peer and tensor-parallel traffic to that card crawl. On AM5 the
    second x16-length slot of most X870 boards is such a slot.
    Fix: a free CPU-direct slot if the board has one; otherwise a board whose second x16 slot
    is CPU-wired (x8/x8) and that fits the same case and CPU.
    """

    code = "LANE-CHIPSET-GPU"
    name = "lanes.chipset_gpu"
    severity = "warning"
    reads = {
        "motherboard": ("pcie_slots", "chipset_uplink_gen", "chipset_uplink_lanes"),
        "gpu": ("pcie_gen", "pcie_lanes"),
    }

    def check(self, ctx: CheckContext) -> list[Finding]:
        board = ctx.resolved.motherboard
        if board is None:
            return []
        out = []
        for link in ctx.links:
            if link.kind != "gpu" or link.source != "chipset" or link.disabled:
                continue
            unit = next(u for u in ctx.resolved.gpus if u.key == link.unit)
            fixes = [
                fix({"action": "move", "part": unit.part.id, "from_slot": link.slot, "to_slot": s},
                    f"Move {unit.part.name} to the CPU-wired slot {s}")
                for s in ctx.free_slots("pcie") if board.pcie_slot(s).source == "cpu"
            ][:1]
            if not fixes:
                fixes = better_boards(ctx, limit=2)
            chain = ctx.lane_chain(unit.key)
            out.append(self.finding(
                f"{unit.part.name} in {link.slot} runs on a chipset-fed PCIe {link.gen}.0 "
                f"x{link.width} link: ~{link.gbps:.1f} GB/s per direction, shared with all "
                f"chipset devices (a CPU-direct x16 slot gives "
                f"{_cpu_x16(ctx):.1f} GB/s)",
                parts=[unit.part.id, board.id] + ([ctx.resolved.case.id] if ctx.resolved.case else []),
                chain=chain, fixes=fixes,
            ))
        return out


def _cpu_x16(ctx: CheckContext) -> float:
    from configurator.graph import link_gbps

    cpu = ctx.resolved.cpu
    return link_gbps(cpu.pcie_gen if cpu else 5, 16)
