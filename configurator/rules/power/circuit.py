"""POWER-CIRCUIT: wall draw against the continuous capacity of the circuit it is plugged into."""

from __future__ import annotations

from configurator.rules._common import CIRCUITS, CheckContext, Finding, Rule


class Circuit(Rule):
    """The machine runs on one wall circuit.

    What it checks: sustained wall draw (sustained load ÷ PSU efficiency at 50 % load)
    against the selected circuit: above its continuous capacity (80 % of the breaker rating,
    for loads running hours at a time: 120 V / 15 A → 1440 W, 230 V / 16 A → 2944 W) is a
    warning, a site requirement to plan for; above the breaker rating itself (1800 W, 3680 W)
    is an error, since the breaker trips. The other circuits: 120 V / 20 A, 208 V / 30 A (a
    North American rack feed), 230 V / 32 A and a 400 V three-phase 16 A feed (11 kW, the
    PSUs spread over the phases).
    Why it matters: a 4-GPU tower pulling 2 kW trips a North American 15 A breaker the first
    time a training run starts; the other things on the circuit count too.
    Fix: a dedicated higher-capacity circuit (the message names the smallest that carries
    the load), power-limiting the GPUs, or fewer GPUs.
    """

    code = "POWER-CIRCUIT"
    name = "power.circuit"
    severity = "error"
    reads = {
        "psu": ("wattage_w", "efficiency_at_50pct", "high_line_only"),
        "gpu": ("board_power_w",),
        "cpu": ("peak_power_w",),
    }

    def check(self, ctx: CheckContext) -> list[Finding]:
        if not ctx.resolved.units:
            return []
        circuit = CIRCUITS[ctx.circuit]
        wall, limit, label = ctx.power.wall_w, circuit.continuous_w, circuit.name
        # Without a PSU yet, the draw is estimated at 90 % efficiency (see power_budget).
        psu_part = [ctx.resolved.psu.id] if ctx.resolved.psu else []
        chain = [u.key for u in ctx.resolved.gpus] + (["psu"] if psu_part else [])
        if wall > circuit.breaker_w:
            return [self.finding(
                f"the machine draws ~{wall:.0f} W from the wall under sustained load, more than "
                f"a {label} breaker carries at all ({circuit.breaker_w:.0f} W); it needs a "
                f"higher-capacity circuit{_bigger(wall)}, or lower GPU power limits",
                parts=psu_part, chain=chain)]
        if wall > limit:
            return [self.finding(
                f"the machine draws ~{wall:.0f} W from the wall under sustained load; a "
                f"{label} circuit carries {limit:.0f} W continuously. Plan a dedicated "
                f"circuit with nothing else on it{_bigger(wall)}, or lower GPU power limits",
                parts=psu_part, chain=chain, severity="warning")]
        if wall > 0.8 * limit:
            return [self.finding(
                f"the machine draws ~{wall:.0f} W from the wall, {100 * wall / limit:.0f} % of a "
                f"{label} circuit's {limit:.0f} W; nothing else substantial can share the circuit",
                parts=psu_part, chain=chain, severity="warning")]
        return []


def _bigger(wall_w: float) -> str:
    """The smallest listed circuit that carries this draw continuously, as a suggestion."""
    fitting = sorted((c.continuous_w, key) for key, c in CIRCUITS.items() if c.continuous_w >= wall_w)
    if not fitting:
        return " (more than one circuit: split the PSUs across feeds)"
    return f" ({CIRCUITS[fitting[0][1]].name} or larger)"
