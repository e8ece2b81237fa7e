"""Price against tokens/s for the builds a search found: the frontier as a line, its builds as
dots, the ranked builds numbered. Hovering or clicking a dot reports which build it is."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from configurator.ui.charts.base import ChartView
from configurator.ui.theme import HIGHLIGHT_COLOR

FRONTIER = "#4c78a8"
RANKED = "#f58518"


def _clusters(numbered: list[tuple[tuple[float, float], int]]
              ) -> list[tuple[tuple[float, float], list[int]]]:
    """Ranked dots that would sit on top of each other share one label ("3, 4")."""
    if not numbered:
        return []
    xs = [x for (x, _y), _r in numbered]
    ys = [y for (_x, y), _r in numbered]
    near_x = max(max(xs) - min(xs), max(xs) * 0.1) * 0.015
    near_y = max(max(ys) - min(ys), max(ys) * 0.1) * 0.03
    groups: list[tuple[tuple[float, float], list[int]]] = []
    for (x, y), rank in sorted(numbered, key=lambda n: n[1]):
        group = next((g for g in groups if abs(g[0][0] - x) <= near_x and abs(g[0][1] - y) <= near_y),
                     None)
        if group is None:
            groups.append(((x, y), [rank]))
        else:
            group[1].append(rank)
    return groups


class FrontierChart(ChartView):
    point_hovered = Signal(int)  # index into the points shown, -1 when the pointer leaves them
    point_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Price vs tokens/s", parent)
        self.plot.setLabel("left", "output tokens/s, all users")
        self.plot.setLabel("bottom", "price")
        self.line = pg.PlotDataItem([], [], pen=pg.mkPen(FRONTIER, width=1.5,
                                                             style=Qt.PenStyle.DashLine))
        self.dots = pg.ScatterPlotItem([], [], size=10, hoverable=True, hoverSize=14,
                                       hoverPen=pg.mkPen(HIGHLIGHT_COLOR, width=2), tip=self._tip)
        self.selected = pg.ScatterPlotItem([], [], size=20, brush=pg.mkBrush(None),
                                           pen=pg.mkPen(HIGHLIGHT_COLOR, width=2.5))
        for item in (self.line, self.dots, self.selected):
            self.plot.addItem(item)
        self.labels: list[pg.TextItem] = []
        self._brushes = {True: pg.mkBrush(RANKED), False: pg.mkBrush(FRONTIER)}  # ranked or not
        self.points: list[tuple[float, float]] = []
        self.ranks: list[int | None] = []
        self.tips: list[str] = []
        self._hovered = -1
        self.dots.sigHovered.connect(self._on_hovered)
        self.dots.sigClicked.connect(self._on_clicked)
        self.setToolTip("The dashed line joins the builds no other checked build beats on both "
                        "price and speed; numbered dots are the ranked recommendations.")

    def show_points(self, line: list[tuple[float, float]], points: list[tuple[float, float]],
                    ranks: list[int | None], tips: list[str], currency: str, unit: str) -> None:
        """``line`` is the frontier, (price, tokens/s) by price; ``points`` every build to mark,
        with its place in the ranked list in ``ranks`` (None for a frontier build not ranked)
        and its tooltip in ``tips``; ``unit`` names what the tokens/s count."""
        self.points, self.ranks, self.tips = list(points), list(ranks), list(tips)
        self.line.setData([p for p, _t in line], [t for _p, t in line])
        brushes = [self._brushes[rank is not None] for rank in self.ranks]
        self.dots.setData(pos=self.points, data=list(range(len(self.points))), brush=brushes,
                          pen=self._pen)
        numbered = _clusters([(spot, rank) for spot, rank in zip(self.points, self.ranks, strict=True)
                              if rank is not None])
        while len(self.labels) < len(numbered):  # labels are kept and reused, not rebuilt
            label = pg.TextItem("", anchor=(-0.6, 1.2), color=self._text_color)
            self.plot.addItem(label)
            self.labels.append(label)
        for n, label in enumerate(self.labels):
            label.setVisible(n < len(numbered))
            if n < len(numbered):
                (price, tokens), ranks = numbered[n]
                label.setText(", ".join(str(r) for r in ranks))
                label.setPos(price, tokens)
        self._set_axis("bottom", f"price ({currency})" if currency else "price")
        self._set_axis("left", unit)
        self.select(-1)
        self._fit()

    def _set_axis(self, side: str, text: str) -> None:
        if self.plot.getAxis(side).labelText != text:
            self.plot.setLabel(side, text)

    def apply_palette(self, palette) -> None:
        super().apply_palette(palette)
        self._pen = pg.mkPen(self._text_color, width=0.8)
        for label in getattr(self, "labels", ()):  # none yet while the base class sets up
            label.setColor(self._text_color)
        if getattr(self, "points", None):
            self.dots.setPen(self._pen)

    def select(self, index: int) -> None:
        """Ring one dot (the build being previewed); -1 rings none."""
        if 0 <= index < len(self.points):
            self.selected.setData(pos=[self.points[index]])
        else:
            self.selected.setData([], [])

    def _fit(self) -> None:
        if not self.points:
            self.set_range((0, 1), (0, 1))
            return
        prices = [p for p, _t in self.points]
        tokens = [t for _p, t in self.points]
        low, high = min(prices), max(prices)
        margin = max((high - low) * 0.08, high * 0.04, 1.0)
        self.set_range((max(0.0, low - margin), high + margin * 1.6), (0, max(tokens + [1.0]) * 1.15))

    def _tip(self, x: float, y: float, data) -> str:
        return self.tips[int(data)] if data is not None and 0 <= int(data) < len(self.tips) else ""

    def _on_hovered(self, _item, points, _event) -> None:
        index = int(points[0].data()) if len(points) else -1
        if index != self._hovered:
            self._hovered = index
            self.point_hovered.emit(index)

    def _on_clicked(self, _item, points, _event) -> None:
        if len(points):
            self.point_clicked.emit(int(points[0].data()))
