"""FIT-COOLER-HEIGHT: an air cooler must be lower than the case's cooler clearance."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import cooler_fits_case


class CoolerHeight(Rule):
    """The CPU cooler fits under the side panel.

    What it checks: the cooler's height above the board against the case's CPU cooler
    clearance (for an all-in-one liquid cooler, the pump block's height).
    Why it matters: a tower cooler that is too tall stops the side panel from closing.
    Fix: a lower cooler, a liquid cooler, or a wider case.
    """

    code = "FIT-COOLER-HEIGHT"
    name = "fit.cooler_height"
    severity = "error"
    reads = {"cooler": ("height_mm",), "case": ("max_cooler_height_mm",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        cooler, case = ctx.resolved.cooler, ctx.resolved.case
        if cooler is None or case is None:
            return []
        reason = cooler_fits_case(cooler, case)
        if reason is None:
            return []
        return [self.finding(reason, parts=[cooler.id, case.id], chain=["cooler", "case"])]
