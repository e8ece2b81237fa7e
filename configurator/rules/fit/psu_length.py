"""FIT-PSU-LENGTH: the power supply must fit the case's PSU bay."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import psu_fits_case


class PsuLength(Rule):
    """The power supply fits the PSU bay.

    What it checks: PSU length against the case's maximum, a CRPS module only in a rack
    chassis, a module form the chassis's bays take where it restricts them (a barebone's CRPS
    backplane), and a second PSU only in a case built for two.
    Why it matters: 1600 W+ units are often 200–220 mm long and block drive cages or cables.
    Fix: a shorter PSU of the same rating, or a case with a longer PSU bay.
    """

    code = "FIT-PSU-LENGTH"
    name = "fit.psu_length"
    severity = "error"
    reads = {"psu": ("length_mm", "form_factor"),
             "case": ("max_psu_length_mm", "rack_units", "psu_form_factors")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        psu, case = ctx.resolved.psu, ctx.resolved.case
        if psu is None or case is None:
            return []
        out = []
        reason = psu_fits_case(psu, case)
        if reason:
            out.append(self.finding(reason, parts=[psu.id, case.id], chain=["psu", "case"]))
        count = ctx.resolved.psu_count
        bays = max(case.psu_bays, 2 if case.dual_psu else 1)
        if count > bays:
            out.append(self.finding(
                f"the build has {count} power supplies; {case.name} holds "
                f"{'one' if bays == 1 else bays}",
                parts=[psu.id, case.id], chain=["psu", "case"]))
        return out
