"""FIT-FORM-FACTOR: the motherboard must fit the case."""

from __future__ import annotations

from configurator.parts import Case, Motherboard
from configurator.rules._common import CheckContext, Finding, Rule

# A case that takes a larger standard also takes the smaller ones mounted on the same holes.
IMPLIED = {
    "SSI-EEB": {"EEB", "E-ATX", "SSI-CEB", "CEB", "ATX", "Micro-ATX", "Mini-ITX"},
    "EEB": {"E-ATX", "SSI-CEB", "CEB", "ATX", "Micro-ATX", "Mini-ITX"},
    "SSI-CEB": {"CEB", "ATX", "Micro-ATX", "Mini-ITX"},
    "CEB": {"ATX", "Micro-ATX", "Mini-ITX"},
    "E-ATX": {"ATX", "Micro-ATX", "Mini-ITX"},
    "ATX": {"Micro-ATX", "Mini-ITX"},
    "Micro-ATX": {"Mini-ITX"},
}


def board_fits_case(board: Motherboard, case: Case) -> str | None:
    """Why the board does not fit, or None."""
    supported = set(case.form_factors)
    for ff in case.form_factors:
        supported |= IMPLIED.get(ff, set())
    if board.form_factor not in supported:
        listed = ", ".join(case.form_factors)
        return f"{case.name} takes {listed} boards; {board.name} is {board.form_factor}"
    if case.max_board_width_mm and board.depth_mm > case.max_board_width_mm:
        return (f"{board.name} is {board.depth_mm:.0f} mm wide; {case.name} takes boards up to "
                f"{case.max_board_width_mm:.0f} mm")
    return None


class BoardFitsCase(Rule):
    """The motherboard fits the case.

    What it checks: the board's form factor is one the case supports (a case that takes a
    larger standard takes the smaller ones on the same standoffs), and the board's width is
    within the case's stated maximum.
    Why it matters: a board that does not fit cannot be built at all; wide E-ATX/EEB boards
    collide with cable-management grommets in cases that only list ATX.
    Fix: choose a case that supports the board's form factor, or a board the case supports.
    """

    code = "FIT-FORM-FACTOR"
    name = "fit.form_factor"
    severity = "error"

    def check(self, ctx: CheckContext) -> list[Finding]:
        board, case = ctx.resolved.motherboard, ctx.resolved.case
        if board is None or case is None:
            return []
        reason = board_fits_case(board, case)
        if reason is None:
            return []
        return [self.finding(reason, parts=[board.id, case.id], chain=["board", "case"])]
