"""FIT-BOARD-STANDARD: a CEB, SSI-CEB, EEB or SSI-EEB board needs a case that lists its holes."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import board_standard_problem


class BoardStandard(Rule):
    """Workstation and server boards go only in cases that list their standard.

    What it checks: a board of a server standard (CEB = SSI-CEB, EEB = SSI-EEB) against the
    form factors the case's maker lists. An SSI-EEB case also carries the SSI-CEB holes; a
    case that lists only E-ATX takes neither, whatever its size.
    Why it matters: SSI boards put mounting holes where E-ATX cases have no standoffs, so the
    board hangs on a few screws and flexes, or its holes land on the tray's cut-outs.
    Fix: a case that lists the board's standard (or SSI-EEB), or an ATX/E-ATX board.
    """

    code = "FIT-BOARD-STANDARD"
    name = "fit.board_standard"
    severity = "error"
    reads = {"case": ("form_factors",), "motherboard": ("form_factor",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board, case = ctx.resolved.motherboard, ctx.resolved.case
        if board is None or case is None:
            return []
        reason = board_standard_problem(board, case)
        if reason is None:
            return []
        return [self.finding(reason, parts=[board.id, case.id], chain=["board", "case"])]
