"""FIT-SOCKET: the CPU and the cooler must match the board's socket."""

from __future__ import annotations

from configurator.rules._common import CheckContext, Finding, Rule
from configurator.rules._predicates import cooler_fits_socket, cpu_fits_board


class Socket(Rule):
    """CPU, board and cooler share one socket.

    What it checks: the CPU's socket equals the board's; the cooler lists that socket.
    Why it matters: a mismatched CPU does not seat; a cooler without the mounting kit
    cannot be fastened (sTR5 and SP5 need their own large cold plates).
    Fix: a CPU or board of the same platform; a cooler sold for the socket.
    """

    code = "FIT-SOCKET"
    name = "fit.socket"
    severity = "error"
    reads = {"cpu": ("socket",), "motherboard": ("socket",), "cooler": ("sockets",)}

    def check(self, ctx: CheckContext) -> list[Finding]:
        cpu, board, cooler = ctx.resolved.cpu, ctx.resolved.motherboard, ctx.resolved.cooler
        out = []
        if cpu and board:
            reason = cpu_fits_board(cpu, board)
            if reason:
                out.append(self.finding(reason, parts=[cpu.id, board.id], chain=["cpu", "board"]))
        socket = board.socket if board else (cpu.socket if cpu else None)
        if cooler and socket:
            reason = cooler_fits_socket(cooler, socket)
            if reason:
                out.append(self.finding(reason, parts=[cooler.id], chain=["cooler", "cpu"]))
        return out
