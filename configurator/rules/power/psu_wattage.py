"""POWER-PSU-WATTAGE: sustained load and short peaks against the PSU's rating."""

from __future__ import annotations

from configurator.graph.power import low_line_rating
from configurator.rules._common import CheckContext, Finding, Rule

# NVIDIA recommends a 1000 W PSU for an RTX 5090 system and 850 W for an RTX 4090. With a
# 230 W desktop CPU and a typical platform those systems draw ~890 W and ~765 W sustained,
# 89-90 % of the recommended rating, so a 90 % ceiling agrees with NVIDIA's own sizing.
LOAD_CEILING_PCT = 90.0


class PsuWattage(Rule):
    """The power supply carries the build with headroom.

    What it checks: the sustained load (GPUs at board power, CPU at its package power limit,
    platform) against the PSU's continuous rating on the selected mains voltage, and the
    GPUs' millisecond peaks (1.5 × board power) against what the PSU is specified to ride
    through (ATX 3.x: 180 % for 1 ms; older designs 145 %).
    Headroom rule: sustained load at most 90 % of rating, the load NVIDIA's own PSU
    recommendations imply (RTX 5090: 1000 W for a ~890 W system with a 230 W desktop CPU;
    RTX 4090: 850 W for ~765 W). Above that the unit has no margin for ageing, hot intake
    air or a CPU boosting past its limit. Over 100 % is an error.
    Why it matters: an undersized PSU trips its over-current protection under a sustained
    inference or training load and the machine switches off.
    Fix: a PSU of at least the recommended wattage from the catalog.
    """

    code = "POWER-PSU-WATTAGE"
    name = "power.psu_wattage"
    severity = "error"
    reads = {"psu": ("wattage_w", "wattage_115v_w", "high_line_only", "atx_version"),
             "gpu": ("board_power_w",), "cpu": ("peak_power_w",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        psu = ctx.resolved.psu
        if psu is None:
            return []
        if psu.high_line_only and ctx.low_line:
            return [self.finding(
                f"{psu.name} runs on 200–240 V only and cannot be used on a 100–120 V circuit",
                parts=[psu.id], chain=["psu"], fixes=_bigger_psus(ctx, ctx.power.sustained_w * 1.25))]
        p = ctx.power
        if p.load_pct <= LOAD_CEILING_PCT and p.peak_w <= p.psu_peak_w:
            return []
        needed = p.sustained_w * 100 / LOAD_CEILING_PCT
        fixes = _bigger_psus(ctx, needed)
        parts = [psu.id, *sorted({u.part.id for u in ctx.resolved.gpus})]
        chain = [u.key for u in ctx.resolved.gpus] + ["psu"]
        derated = " on a 100–120 V line" if psu.wattage_115v_w and ctx.low_line else ""
        if p.load_pct > 100:
            return [self.finding(
                f"sustained load ~{p.sustained_w:.0f} W exceeds the {p.psu_w:.0f} W rating of "
                f"{psu.name}{derated} ({p.load_pct:.0f} %); at least {needed:.0f} W is recommended",
                parts=parts, chain=chain, fixes=fixes)]
        out = []
        if p.load_pct > LOAD_CEILING_PCT:
            out.append(self.finding(
                f"sustained load ~{p.sustained_w:.0f} W is {p.load_pct:.0f} % of the {p.psu_w:.0f} W "
                f"rating of {psu.name}{derated}; keep it under {LOAD_CEILING_PCT:.0f} % "
                f"(≥ {needed:.0f} W)",
                parts=parts, chain=chain, fixes=fixes, severity="warning"))
        if p.peak_w > p.psu_peak_w:
            out.append(self.finding(
                f"GPU power peaks may reach ~{p.peak_w:.0f} W for about a millisecond; "
                f"{psu.name} ({psu.atx_version}) is specified for {p.psu_peak_w:.0f} W",
                parts=parts, chain=chain, fixes=fixes, severity="warning"))
        return out


def _bigger_psus(ctx: CheckContext, needed_w: float):
    from configurator.rules._common import fix
    from configurator.rules._predicates import psu_fits_case

    current = ctx.resolved.psu
    low_line = ctx.low_line
    case = ctx.resolved.case
    candidates = []
    for psu in ctx.catalog.of_kind("psu"):
        rating = low_line_rating(psu) if low_line else psu.wattage_w
        if psu.id == current.id or rating < needed_w:
            continue
        if case and psu_fits_case(psu, case):
            continue
        candidates.append((psu.price.amount, psu))
    candidates.sort(key=lambda pair: pair[0])
    return [fix({"action": "replace", "from_part": current.id, "to_part": psu.id},
                f"Use {psu.name} ({psu.wattage_w:.0f} W)") for _, psu in candidates[:2]]
