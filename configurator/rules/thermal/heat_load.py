"""THERMAL-HEAT-LOAD: heat released inside the case against what its airflow removes."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule

# Share of a card's heat that stays inside the case: a blower exhausts through the bracket,
# a flow-through card pushes part of it straight out of the top/rear fans.
HEAT_INSIDE = {"open-air": 1.0, "flow-through": 0.8, "blower": 0.25, "passive": 1.0}


def heat_inside_w(ctx: CheckContext) -> float:
    gpu = sum(u.part.board_power_w * HEAT_INSIDE[u.part.cooler] for u in ctx.resolved.gpus)
    p = ctx.power
    psu_loss = p.wall_w - p.sustained_w
    return gpu + p.cpu_w + p.platform_w + psu_loss


class HeatLoad(Rule):
    """The case can carry away the heat the build makes.

    What it checks: heat released inside the case (CPU, platform, PSU losses and the share
    of each GPU's power its cooler does not exhaust directly) against the case's airflow
    rating (heat removed at about a 15 °C air temperature rise with its fan positions used).
    Over 90 % of an airflow estimated from fan positions is a warning (the estimate is rough);
    for a chassis whose rating is the configuration its maker builds it to cool (a GPU server's
    fan wall), only going past that rating is.
    Why it matters: past that point the cards throttle under a long run, and consumer cards
    stacked in a closed case reach their memory-temperature limits first.
    Fix: more or faster intake fans, a case with more airflow, blower or Max-Q cards.
    """

    code = "THERMAL-HEAT-LOAD"
    name = "thermal.heat_load"
    severity = "warning"
    reads = {"case": ("airflow_w",), "gpu": ("board_power_w",), "cpu": ("peak_power_w",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        case = ctx.resolved.case
        if case is None or not ctx.resolved.gpus:
            return []
        heat = heat_inside_w(ctx)
        margin = 1.0 if case.airflow_basis == "rated" else 0.9
        if heat <= margin * case.airflow_w:
            return []
        return [self.finding(
            f"~{heat:.0f} W of heat is released inside {case.name}; its airflow removes about "
            f"{case.airflow_w:.0f} W at a 15 °C rise ({100 * heat / case.airflow_w:.0f} %)",
            parts=[case.id, *sorted({u.part.id for u in ctx.resolved.gpus})],
            chain=[u.key for u in ctx.resolved.gpus] + ["case"])]
