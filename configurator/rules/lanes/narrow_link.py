"""LANE-NARROW-LINK: a graphics card on a CPU link slower than PCIe 4.0 x8."""

from __future__ import annotations

from configurator.graph import link_gbps
from configurator.rules._common import CheckContext, Finding, Rule, fix, slot_node

FLOOR_GBPS = link_gbps(4, 8)


class NarrowLink(Rule):
    """Graphics cards get at least a PCIe 4.0 x8 link (~15.8 GB/s per direction).

    What it checks: each CPU-fed GPU's effective link after bifurcation and M.2 sharing
    (chipset-fed cards are reported by LANE-CHIPSET-GPU with their figure).
    Why it matters: below this, loading weights and multi-GPU traffic slow noticeably;
    a slot narrowed to x4 by an M.2 drive is the usual cause.
    Fix: move the drive that narrows the slot, or use a slot with more lanes.
    """

    code = "LANE-NARROW-LINK"
    name = "lanes.narrow_link"
    severity = "warning"
    reads = {"motherboard": ("pcie_slots", "sharing"), "gpu": ("pcie_gen", "pcie_lanes")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        out = []
        for link in ctx.links:
            if link.kind != "gpu" or link.source != "cpu" or link.disabled:
                continue
            if link.gbps + 1e-6 >= FLOOR_GBPS:
                continue
            unit = next(u for u in ctx.resolved.gpus if u.key == link.unit)
            causes = ctx.sharing_causes(link.slot, "narrow")
            chain = [slot_node(s) for s in causes] + [slot_node(link.slot), unit.key]
            fixes = []
            for cause_slot in causes:
                cause = ctx.resolved.unit_in_slot(cause_slot)
                if cause is None:
                    continue
                for target in ctx.free_slots("m2", cause.part):
                    fixes.append(fix({"action": "move", "part": cause.part.id,
                                      "from_slot": cause_slot, "to_slot": target},
                                     f"Move {cause.part.name} from {cause_slot} to {target}"))
                    break
            out.append(self.finding(
                f"{unit.part.name} in {link.slot} gets PCIe {link.gen}.0 x{link.width} "
                f"(~{link.gbps:.1f} GB/s per direction), below PCIe 4.0 x8",
                parts=[unit.part.id], chain=chain, fixes=fixes[:2],
            ))
        return out
