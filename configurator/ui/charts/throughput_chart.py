"""Output tokens/s against concurrency, with the estimate's uncertainty band and the current point."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem, QWidget

from configurator.ui.charts.base import ChartView, nice_limit

LINE = "#4c78a8"


class ThroughputChart(ChartView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Output tokens/s", parent)
        self.plot.setLabel("left", "total output tokens/s")
        self.plot.setLabel("bottom", "simultaneous users")
        # A bare curve, not a PlotDataItem: no symbols or downsampling to set up on every update.
        # The band is one filled outline (low end out, high end back), not two hidden curves
        # with a fill between them.
        band = QColor(LINE)
        band.setAlpha(60)
        self.band = QGraphicsPathItem()
        self.band.setBrush(band)
        self.band.setPen(QPen(Qt.PenStyle.NoPen))
        self.curve = pg.PlotCurveItem([], [], pen=pg.mkPen(LINE, width=2))
        self.point = pg.ScatterPlotItem([], [], size=11, brush=pg.mkBrush("#f58518"),
                                        pen=pg.mkPen("#8a4500", width=1.5))
        empty = np.zeros(0)
        self.point_error = pg.ErrorBarItem(x=empty, y=empty, top=empty, bottom=empty, beam=0.0,
                                           pen=pg.mkPen("#f58518", width=2))
        for item in (self.band, self.curve, self.point_error, self.point):
            self.plot.addItem(item)
        self.setToolTip("Line: estimate. Band: its uncertainty. Dot: the workload's simultaneous users.")
        self.curve_data: list[tuple[int, float, float, float]] = []
        self.current: tuple[int, float, float, float] | None = None

    def show_curve(self, curve: list[tuple[int, float, float, float]],
                   current: tuple[int, float, float, float] | None) -> None:
        self.curve_data, self.current = curve, current
        self.set_empty(None)
        xs = [c[0] for c in curve]
        self.curve.setData(xs, [c[1] for c in curve])
        outline = QPolygonF([QPointF(x, low) for x, _y, low, _high in curve]
                            + [QPointF(x, high) for x, _y, _low, high in reversed(curve)])
        path = QPainterPath()
        path.addPolygon(outline)
        self.band.setPath(path)
        if current:
            x, y, lo, hi = current
            self.point.setData([x], [y])
            self.point_error.setData(x=np.array([x]), y=np.array([y]), top=np.array([hi - y]),
                                     bottom=np.array([y - lo]))
        else:
            empty = np.zeros(0)
            self.point.setData([], [])
            self.point_error.setData(x=empty, y=empty, top=empty, bottom=empty)
        top = max([c[3] for c in curve] + ([current[3]] if current else []) + [1.0])
        right = max(xs + ([current[0]] if current else []) + [2])
        self.set_range((0, right * 1.03), (0, nice_limit(top * 1.08)))

    def clear_curve(self, message: str) -> None:
        self.show_curve([], None)
        self.set_empty(message)
