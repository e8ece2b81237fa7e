"""POWER-CONNECTORS: the GPUs' power connectors against what the PSU provides natively."""

from __future__ import annotations

import math
from collections import Counter

from configurator.rules._common import CheckContext, Finding, Rule

# A card's 12V-2x6 adapter takes one PCIe 8-pin (150 W) per 150 W of board power.
EIGHT_PIN_W = 150
TWO_PIN_ADAPTER_W = 2 * EIGHT_PIN_W


def adapter_inputs(board_power_w: float) -> int:
    return max(2, math.ceil(board_power_w / EIGHT_PIN_W - 1e-9))


class Connectors(Rule):
    """Every GPU power connector has a native cable from the PSU.

    What it checks: the sum of 12V-2x6 (12VHPWR) and PCIe 8-pin inputs the cards need
    against the PSU's native outputs. Native cables go to the most power-hungry cards; a card
    left without one that spare 8-pin outputs could feed through its adapter (one 8-pin per
    150 W of board power) is a note when every such card draws at most 300 W (the two-8-pin
    adapter the card ships with, each input within its 150 W rating), a warning above that;
    without enough 8-pin outputs it is an error.
    Why it matters: 575–600 W cards run a 12V-2x6 connector at its 600 W rating; adapters and
    daisy-chained cables are where connectors melt.
    Fix: a PSU with enough native 12V-2x6 outputs.
    """

    code = "POWER-CONNECTORS"
    name = "power.connectors"
    severity = "error"
    reads = {"psu": ("connectors",), "gpu": ("power_connectors",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        psus = [u.part for u in ctx.resolved.units_of("psu")]
        if not psus or not ctx.resolved.gpus:
            return []
        need: Counter = Counter()
        for unit in ctx.resolved.gpus:
            need.update(unit.part.power_connectors)
        have: Counter = Counter()
        for psu in psus:
            have.update(psu.connectors)
        short_hp = max(0, need["12v-2x6"] - have["12v-2x6"])
        spare_8 = have["8-pin-pcie"] - need["8-pin-pcie"]
        # Native 12V-2x6 cables go to the hungriest cards; the rest would need adapters.
        hp_cards = sorted((u.part.board_power_w for u in ctx.resolved.gpus
                           for _ in range(u.part.power_connectors.get("12v-2x6", 0))), reverse=True)
        adapted = hp_cards[len(hp_cards) - short_hp:] if short_hp else []
        adapter_8 = sum(adapter_inputs(w) for w in adapted)
        parts = [psus[0].id, *sorted({u.part.id for u in ctx.resolved.gpus})]
        chain = [u.key for u in ctx.resolved.gpus] + ["psu"]
        out = []
        if short_hp:
            adaptable = spare_8 >= adapter_8
            msg = (f"the GPUs need {need['12v-2x6']} × 12V-2x6; {psus[0].name} has "
                   f"{have['12v-2x6']} native")
            if adaptable:
                msg += (f"; the rest would run through 8-pin adapters "
                        f"({adapter_8} of {have['8-pin-pcie']} 8-pin outputs)")
            if not adaptable:
                severity = "error"
            elif max(adapted) <= TWO_PIN_ADAPTER_W:
                severity = "info"
                msg += f"; each of those cards draws at most {max(adapted):,.0f} W, within two 8-pin inputs"
            else:
                severity = "warning"
            out.append(self.finding(msg, parts=parts, chain=chain, severity=severity,
                                    fixes=_psus_with(ctx, need)))
        if need["8-pin-pcie"] > have["8-pin-pcie"]:
            out.append(self.finding(
                f"the GPUs need {need['8-pin-pcie']} × PCIe 8-pin; {psus[0].name} has "
                f"{have['8-pin-pcie']}", parts=parts, chain=chain, fixes=_psus_with(ctx, need)))
        return out


def _psus_with(ctx: CheckContext, need: Counter):
    from configurator.rules._common import fix

    current = ctx.resolved.psu
    sustained = ctx.power.sustained_w
    options = []
    for psu in ctx.catalog.of_kind("psu"):
        if psu.id == current.id or psu.wattage_w < sustained:
            continue
        if all(psu.connectors.get(k, 0) >= n for k, n in need.items()):
            options.append((psu.price.amount, psu))
    options.sort(key=lambda pair: pair[0])
    return [fix({"action": "replace", "from_part": current.id, "to_part": p.id},
                f"Use {p.name} ({p.connectors.get('12v-2x6', 0)} × 12V-2x6)") for _, p in options[:2]]
