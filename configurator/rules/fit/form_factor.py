"""FIT-FORM-FACTOR: the motherboard must fit the case."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import board_size_problem


class BoardFitsCase(Rule):
    """The motherboard fits the case.

    What it checks: a consumer board's form factor (E-ATX, ATX, Micro-ATX, Mini-ITX) is one
    the case supports (a case that takes a larger one takes the smaller ones on the same
    standoffs), and any board's width is within the case's stated maximum. Server standards
    (CEB, EEB) are FIT-BOARD-STANDARD's.
    Why it matters: a board that does not fit cannot be built at all; wide E-ATX/EEB boards
    collide with cable-management grommets in cases that only list ATX.
    Fix: choose a case that supports the board's form factor, or a board the case supports.
    """

    code = "FIT-FORM-FACTOR"
    name = "fit.form_factor"
    severity = "error"
    reads = {"case": ("form_factors", "max_board_width_mm"), "motherboard": ("form_factor", "depth_mm")}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board, case = ctx.resolved.motherboard, ctx.resolved.case
        if board is None or case is None:
            return []
        reason = board_size_problem(board, case)
        if reason is None:
            return []
        return [self.finding(reason, parts=[board.id, case.id], chain=["board", "case"])]
