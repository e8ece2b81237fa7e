"""POWER-CIRCUIT: wall draw against the continuous capacity of one household circuit."""

from __future__ import annotations

from configurator.rules._common import CIRCUITS, CheckContext, Finding, Rule


class Circuit(Rule):
    """The machine runs on one wall circuit.

    What it checks: sustained wall draw (sustained load ÷ PSU efficiency at 50 % load)
    against the selected circuit's continuous capacity: 120 V / 15 A → 1440 W, 230 V / 16 A
    → 2944 W (80 % of the breaker rating, for loads running hours at a time).
    Why it matters: a 4-GPU tower pulling 2 kW trips a North American 15 A breaker the first
    time a training run starts; the other things on the circuit count too.
    Fix: a 230 V or 20 A dedicated circuit, power-limiting the GPUs, or fewer GPUs.
    """

    code = "POWER-CIRCUIT"
    name = "power.circuit"
    severity = "error"

    def check(self, ctx: CheckContext) -> list[Finding]:
        if ctx.resolved.psu is None:
            return []
        volts, amps, limit = CIRCUITS[ctx.circuit]
        wall = ctx.power.wall_w
        label = f"{volts} V / {amps} A"
        if wall > limit:
            return [self.finding(
                f"the machine draws ~{wall:.0f} W from the wall under sustained load; a "
                f"{label} circuit carries {limit:.0f} W continuously. Plan a dedicated "
                f"higher-capacity circuit or lower the GPUs' power limits",
                parts=[ctx.resolved.psu.id], chain=["psu"])]
        if wall > 0.8 * limit:
            return [self.finding(
                f"the machine draws ~{wall:.0f} W from the wall, {100 * wall / limit:.0f} % of a "
                f"{label} circuit's {limit:.0f} W; nothing else substantial can share the circuit",
                parts=[ctx.resolved.psu.id], chain=["psu"], severity="warning")]
        return []
