"""FIT-CHASSIS-BOARD: a barebone server chassis takes only the board it is built around."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import chassis_board_problem


class ChassisBoard(Rule):
    """A barebone chassis holds its own board and no other.

    What it checks: when the case lists the boards it is built around (a GPU server barebone
    sold with its motherboard, risers and power distribution), the build's board is one of them.
    Why it matters: such a chassis lists a server standard (SSI-EEB) only nominally; its GPU
    risers, fan wall and PSU backplane are cabled for its own board, so a retail board of the
    same standard has nowhere to plug in and cannot be built.
    Fix: the chassis's own board, or a case that takes retail boards.
    """

    code = "FIT-CHASSIS-BOARD"
    name = "fit.chassis_board"
    severity = "error"
    reads = {"case": ("boards",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        board, case = ctx.resolved.motherboard, ctx.resolved.case
        if board is None or case is None:
            return []
        reason = chassis_board_problem(board, case)
        if reason is None:
            return []
        return [self.finding(reason, parts=[board.id, case.id], chain=["board", "case"])]
