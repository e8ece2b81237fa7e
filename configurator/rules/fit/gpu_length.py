"""FIT-GPU-LENGTH: every graphics card must fit the case's GPU length clearance."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import gpu_fits_case


class GpuLength(Rule):
    """Graphics cards fit the case's length clearance.

    What it checks: each card's length against the case's maximum GPU length.
    Why it matters: a card longer than the clearance hits the front fans or drive cage.
    Fix: a shorter card (reference/blower designs are usually 267 mm) or a larger case.
    """

    code = "FIT-GPU-LENGTH"
    name = "fit.gpu_length"
    severity = "error"
    reads = {"gpu": ("length_mm",), "case": ("max_gpu_length_mm",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        case = ctx.resolved.case
        if case is None:
            return []
        out, seen = [], set()
        for unit in ctx.resolved.gpus:
            if unit.part.id in seen:
                continue
            seen.add(unit.part.id)
            reason = gpu_fits_case(unit.part, case)
            if reason:
                out.append(self.finding(reason, parts=[unit.part.id, case.id], chain=[unit.key, "case"]))
        return out
