"""THERMAL-PASSIVE-GPU: a passively cooled server GPU in a case that does not push air through it."""

from __future__ import annotations

from configurator.parts.vram import gb_text
from configurator.rules._common import CheckContext, Finding, Rule, fix


class PassiveGpu(Rule):
    """Passively cooled GPUs sit in a chassis built to cool them.

    What it checks: a card with a passive heatsink (L40S, H100/H200 NVL, RTX PRO 6000 Server
    Edition) in a case without a ducted server fan wall (``passive_gpu_airflow``).
    Why it matters: these cards have no fan of their own; the maker specifies a server
    chassis that forces a given airflow through the heatsink. In a tower they reach their
    thermal limit within minutes and throttle or shut down, however many case fans there are.
    Fix: the actively cooled edition of the card, or a GPU server chassis.
    """

    code = "THERMAL-PASSIVE-GPU"
    name = "thermal.passive_gpu"
    severity = "error"
    reads = {"gpu": ("cooler",), "case": ("passive_gpu_airflow",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        case = ctx.resolved.case
        if case is None or case.passive_gpu_airflow:
            return []
        out = []
        for part in {u.part.id: u.part for u in ctx.resolved.gpus if u.part.cooler == "passive"}.values():
            units = [u.key for u in ctx.resolved.gpus if u.part.id == part.id]
            out.append(self.finding(
                f"{part.name} is passively cooled: it has no fan and needs a server chassis that "
                f"forces air through its heatsink; {case.name} has no such fan wall",
                parts=[part.id, case.id], chain=[*units, "case"], fixes=_active_alternatives(ctx, part)))
        return out


def _active_alternatives(ctx: CheckContext, passive) -> list:
    """Fan-cooled cards with at least as much memory, cheapest first."""
    cards = sorted((g for g in ctx.catalog.of_kind("gpu")
                    if g.cooler != "passive" and g.vram_gb >= passive.vram_gb),
                   key=lambda g: g.price.amount)
    return [fix({"action": "replace", "from_part": passive.id, "to_part": g.id},
                f"Use {g.name} ({gb_text(g.vram_bytes)}, {g.cooler} cooler)") for g in cards[:2]]
