"""Output tokens/s against concurrency, with the estimate's uncertainty band and the current point."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QWidget,
)

from configurator.ui.charts.base import ChartView, nice_limit

LINE = "#4c78a8"
POINT = "#f58518"
POINT_PX = 11


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
        # The workload's point and its uncertainty: a dot of fixed size on screen and a
        # vertical line, plain items rather than a scatter plot and error bars for one point.
        self.point = QGraphicsEllipseItem(-POINT_PX / 2, -POINT_PX / 2, POINT_PX, POINT_PX)
        self.point.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.point.setBrush(QColor(POINT))
        self.point.setPen(pg.mkPen("#8a4500", width=1.5))
        self.point_error = QGraphicsLineItem()
        self.point_error.setPen(pg.mkPen(POINT, width=2))
        for item in (self.band, self.curve, self.point_error, self.point):
            self.plot.addItem(item)
        self.point.setZValue(self.point_error.zValue() + 1)
        self.point.hide()
        self.point_error.hide()
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
            self.point.setPos(x, y)
            self.point_error.setLine(x, lo, x, hi)
        self.point.setVisible(bool(current))
        self.point_error.setVisible(bool(current))
        top = max([c[3] for c in curve] + ([current[3]] if current else []) + [1.0])
        right = max(xs + ([current[0]] if current else []) + [2])
        self.set_range((0, right * 1.03), (0, nice_limit(top * 1.08)))

    def clear_curve(self, message: str) -> None:
        self.show_curve([], None)
        self.set_empty(message)
