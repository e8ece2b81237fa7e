"""FIT-INCOMPLETE: a build that lacks a part every workstation needs."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule

REQUIRED = (("case", "case"), ("motherboard", "motherboard"), ("cpu", "CPU"), ("memory", "memory"),
            ("storage", "drive"), ("psu", "power supply"))


class Incomplete(Rule):
    """The build has every part a working machine needs.

    What it checks: at least one case, motherboard, CPU, memory kit, drive and power supply.
    Why it matters: every other check can only speak about the parts that are there; a build
    missing its power supply passes the power checks by having nothing to check, and a quote
    for it cannot be assembled.
    Fix: add the missing parts; the part pickers list what fits.
    """

    code = "FIT-INCOMPLETE"
    name = "fit.incomplete"
    severity = "warning"

    def check(self, ctx: CheckContext) -> list[Finding]:
        present = {u.part.kind for u in ctx.resolved.units}
        missing = [words for kind, words in REQUIRED if kind not in present]
        if not missing:
            return []
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
        # A missing part has no causal chain: nothing in the build leads to it.
        return [self.finding(f"the build has no {listed} yet; the other checks cover only the parts "
                             "it has", parts=[], chain=[])]
