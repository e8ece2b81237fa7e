"""FIT-GPU-LENGTH: every graphics card must fit the case's GPU length clearance."""

from __future__ import annotations

from configurator.parts import Case, Gpu
from configurator.rules._common import CheckContext, Finding, Rule


def gpu_fits_case(gpu: Gpu, case: Case) -> str | None:
    if gpu.length_mm > case.max_gpu_length_mm:
        return (f"{gpu.name} is {gpu.length_mm:.0f} mm long; {case.name} takes cards up to "
                f"{case.max_gpu_length_mm:.0f} mm")
    return None


class GpuLength(Rule):
    """Graphics cards fit the case's length clearance.

    What it checks: each card's length against the case's maximum GPU length.
    Why it matters: a card longer than the clearance hits the front fans or drive cage.
    Fix: a shorter card (reference/blower designs are usually 267 mm) or a larger case.
    """

    code = "FIT-GPU-LENGTH"
    name = "fit.gpu_length"
    severity = "error"

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
