"""The throughput chart on the workload page: output tokens/s against concurrent requests, the
estimate as a line inside its likely range, and the customer's concurrency marked.

Drawn as vector graphics so it stays sharp when printed and costs little to render.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors

from configurator.quote.model import CurvePoint
from configurator.quote.render.fonts import REGULAR

LINE = colors.HexColor("#1f3a5f")
BAND = colors.HexColor("#c7d9ec")
GRID = colors.HexColor("#d5dde6")
MARK = colors.HexColor("#a1261b")
LEFT, BOTTOM, TOP_PAD, RIGHT_PAD = 48, 30, 20, 12
TICKS = 5


def nice_step(span: float, ticks: int = TICKS) -> float:
    """A 1-2-5 step that divides ``span`` into about ``ticks`` round intervals."""
    raw = max(span, 1e-9) / ticks
    exponent = math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        step = multiple * 10**exponent
        if step >= raw:
            return float(step)
    return float(10 ** (exponent + 1))


def throughput_chart(curve: tuple[CurvePoint, ...], marked_concurrency: int, width: float,
                     height: float = 150) -> Drawing:
    drawing = Drawing(width, height)
    plot_w, plot_h = width - LEFT - RIGHT_PAD, height - BOTTOM - TOP_PAD
    x_max = max(p.concurrency for p in curve)
    y_step = nice_step(max(p.high for p in curve))
    y_max = y_step * math.ceil(max(p.high for p in curve) / y_step)
    x_step = nice_step(x_max)

    def xy(concurrency: float, tokens: float) -> tuple[float, float]:
        return LEFT + plot_w * concurrency / x_max, BOTTOM + plot_h * tokens / y_max

    for i in range(int(y_max / y_step) + 1):
        _, y = xy(0, i * y_step)
        drawing.add(Line(LEFT, y, LEFT + plot_w, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(String(LEFT - 4, y - 2.5, f"{i * y_step:,.0f}", fontName=REGULAR,
                           fontSize=7, textAnchor="end"))
    for i in range(int(x_max / x_step) + 1):
        x, _ = xy(i * x_step, 0)
        drawing.add(String(x, BOTTOM - 10, f"{i * x_step:,.0f}", fontName=REGULAR, fontSize=7,
                           textAnchor="middle"))
    drawing.add(Line(LEFT, BOTTOM, LEFT + plot_w, BOTTOM, strokeColor=LINE, strokeWidth=0.6))

    upper = [c for p in curve for c in xy(p.concurrency, p.high)]
    lower = [c for p in reversed(curve) for c in xy(p.concurrency, p.low)]
    drawing.add(Polygon(upper + lower, fillColor=BAND, strokeColor=None))
    drawing.add(PolyLine([c for p in curve for c in xy(p.concurrency, p.tokens_per_s)],
                         strokeColor=LINE, strokeWidth=1.4))

    if marked_concurrency <= x_max:
        x, _ = xy(marked_concurrency, 0)
        drawing.add(Line(x, BOTTOM, x, BOTTOM + plot_h, strokeColor=MARK, strokeWidth=0.8,
                         strokeDashArray=[3, 2]))
        drawing.add(String(x + 3, BOTTOM + plot_h - 8, f"{marked_concurrency} users",
                           fontName=REGULAR, fontSize=7, fillColor=MARK))
    drawing.add(String(LEFT + plot_w / 2, 2,
                       "simultaneous users (line: estimate, band: likely range)",
                       fontName=REGULAR, fontSize=7, textAnchor="middle"))
    drawing.add(String(4, height - 8, "total output tokens/s", fontName=REGULAR, fontSize=7))
    return drawing
