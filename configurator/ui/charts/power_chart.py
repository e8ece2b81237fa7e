"""Power budget: sustained draw, wall draw and peaks against the PSU and the wall circuit."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from configurator.ui.charts.base import ChartView

ROWS = (
    ("Sustained (DC)", "#4c78a8"),
    ("Wall draw (AC)", "#3b8f8a"),
    ("Peak (1 ms)", "#f58518"),
    ("PSU rating", "#3d8a35"),
)
LIMIT = "#c0392b"


def _place(label: pg.TextItem, at: tuple[float, float], anchor: tuple[float, float]) -> None:
    """Move a label only when it moves: each move lays its text out again."""
    if tuple(label.anchor) != anchor:
        label.setAnchor(anchor)
    if (label.pos().x(), label.pos().y()) != at:
        label.setPos(*at)


class PowerChart(ChartView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Power budget", parent)
        self.plot.setLabel("bottom", "W")
        self.plot.invertY(True)
        brushes = [QColor(color) for _label, color in ROWS]
        self.bars = pg.BarGraphItem(x0=[0] * len(ROWS), y=list(range(len(ROWS))),
                                    height=0.62, width=[0] * len(ROWS), brushes=brushes,
                                    pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        # The circuit is a limit, not a load: a line the wall draw must stay left of.
        self.limit = pg.InfiniteLine(angle=90, movable=False,
                                     pen=pg.mkPen(LIMIT, width=2, style=Qt.PenStyle.DashLine))
        self.limit_label = pg.TextItem("circuit limit", anchor=(1, 1), color=LIMIT)
        self.plot.addItem(self.limit)
        self.plot.addItem(self.limit_label)
        self.circuit = 0.0
        self.labels = []
        for _row in ROWS:
            # Inside the bar's end, so a narrow chart never clips the number.
            label = pg.TextItem("", anchor=(1, 0.5), color="#ffffff")
            self.plot.addItem(label)
            self.labels.append(label)
        self.set_ticks("left", [(n, label) for n, (label, _c) in enumerate(ROWS)])
        self.values: list[float] = [0.0] * len(ROWS)
        self._right = 100.0
        self.plot.getViewBox().sigResized.connect(self._place_labels)

    def show_budget(self, sustained: float, wall: float, peak: float, psu: float,
                    circuit: float, psu_label: str = "PSU rating") -> None:
        self.values = [sustained, wall, peak, psu]
        self.circuit = circuit
        brushes = [QColor(color) for _label, color in ROWS]
        if wall > circuit:  # drawing more than the circuit carries: the wall bar says so
            brushes[1] = QColor(LIMIT)
        self.bars.setOpts(width=self.values, brushes=brushes)
        self.limit.setValue(circuit)
        self.limit.setToolTip(f"The wall circuit carries {circuit:,.0f} W continuously (80 % of the "
                              "breaker)" + ("; the wall draw is above it" if wall > circuit else ""))
        names = [label for label, _c in ROWS]
        names[3] = psu_label
        self.set_ticks("left", list(enumerate(names)))
        # At most three labelled ticks: the chart is narrow and the numbers are wide. The axis
        # ends on the next quarter step: bars keep most of the width for their numbers, and
        # similar builds share the range.
        highest = max(self.values + [circuit, 100.0]) * 1.05
        step = next((s for s in (250, 500, 1000, 2000, 5000) if highest / s <= 3), 10000)
        self._right = math.ceil(highest / (step / 4)) * (step / 4)
        for label, value in zip(self.labels, self.values, strict=True):
            text = f"{value:,.0f} W" if value else "none"
            if label.toPlainText() != text:
                label.setText(text)
        self.set_tick_spacing("bottom", step)
        self.set_range((0, self._right), (-1.0, len(ROWS) - 0.4))
        self._place_labels()

    def _place_labels(self, *_args) -> None:
        """Each number inside its bar's end when it fits there, else just past it, else against
        the chart's right edge: never cut off."""
        view = self.plot.getViewBox()
        width_px = view.width()
        for n, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            bar_px = value / self._right * width_px if width_px > 0 else 0.0
            label_px = label.textItem.boundingRect().width()
            inside = bar_px > label_px + 6
            color = QColor("#ffffff") if inside else self._text_color
            if label.color != color:
                label.setColor(color)
            if inside:
                _place(label, (value, n), (1, 0.5))
            elif width_px <= 0 or width_px - bar_px >= label_px:
                _place(label, (value, n), (0, 0.5))
            else:
                _place(label, (self._right, n), (1, 0.5))
        # Above the first bar, beside the line on a side with room, else from the chart's left.
        line_px = self.circuit / self._right * width_px if width_px > 0 else 0.0
        label_px = self.limit_label.textItem.boundingRect().width()
        if line_px >= label_px:
            _place(self.limit_label, (self.circuit, -0.6), (1, 0))
        elif width_px - line_px >= label_px:
            _place(self.limit_label, (self.circuit, -0.6), (0, 0))
        else:
            _place(self.limit_label, (0.0, -0.6), (0, 0))
