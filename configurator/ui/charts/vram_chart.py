"""VRAM per GPU: weights, KV cache, activations and overhead stacked against usable VRAM."""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from configurator.parts.vram import BASIS, budget_label, gb_label
from configurator.ui.charts.base import ChartView, keep_drawn, nice_limit
from configurator.ui.theme import SERIES

BAR_WIDTH = 0.6
SEGMENT_NAMES = {
    "inference": {"weights": "Weights", "kv": "KV cache", "activations": "Activations",
                  "overhead": "Overhead"},
    "finetune": {"weights": "Weights", "kv": "Gradients + optimizer", "activations": "Activations",
                 "overhead": "Overhead"},
}


class Swatch(ItemSample):
    """A legend entry's colour; a click does not hide the segment (a stack with a gap would
    misread as less memory)."""

    def mouseClickEvent(self, event) -> None:  # noqa: N802
        event.accept()


class VramChart(ChartView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("VRAM per GPU", parent)
        self.plot.setLabel("left", "GB (10⁹ bytes)")
        self.setToolTip(BASIS)
        self.legend = self.plot.addLegend(offset=(2, 2), labelTextSize="8pt", colCount=1,
                                          labelTextColor=self._text_color)
        # Every segment of every bar is one item: one item to update and paint, not four. The
        # legend's swatches stand for the segments.
        self._brushes = {key: QColor(SERIES[key]) for key in SEGMENT_NAMES["inference"]}
        self._pens = {key: pg.mkPen(color.darker(130)) for key, color in self._brushes.items()}
        # (pyqtgraph needs at least one pen in the list, also for no bars.)
        self.stack = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, y0=[], brushes=[],
                                     pens=list(self._pens.values()))
        self.plot.addItem(self.stack)
        self.swatches: dict[str, pg.BarGraphItem] = {}
        for key, name in SEGMENT_NAMES["inference"].items():
            swatch = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=self._brushes[key],
                                     pen=self._pens[key])
            self.legend.addItem(Swatch(swatch), name)
            self.swatches[key] = swatch
        self.limit = pg.PlotCurveItem([], [], pen=pg.mkPen("#c0392b", width=2.5), connect="pairs",
                                      name="Usable")
        self.plot.addItem(self.limit)
        for sample, label in self.legend.items:
            keep_drawn(sample)
            keep_drawn(label.item)
        self._mode = "inference"
        self._top = 1.0
        self.stacks: list[dict[str, float]] = []
        self.usable: list[float] = []
        self._axis_label: str | None = ""
        self.plot.getViewBox().sigResized.connect(self._fit_range)

    def apply_palette(self, palette) -> None:
        super().apply_palette(palette)
        legend = getattr(self, "legend", None)  # absent while the base class sets up
        if legend is not None:
            legend.setLabelTextColor(self._text_color)
            for _sample, label in legend.items:  # labels keep the colour they were drawn with
                label.setText(label.text, color=self._text_color)

    def show_bars(self, labels: list[str], stacks: list[dict[str, float]], usable: list[float],
                  mode: str = "inference", totals: list[float] | None = None) -> None:
        """Stack each GPU's segments (GB) and draw its usable VRAM as a red line across the bar;
        the legend and tooltip give usable and total in the words the other views use."""
        self.stacks, self.usable = stacks, usable
        self.set_empty(None)
        if mode != self._mode:
            self._mode = mode
            for key, swatch in self.swatches.items():
                self.legend.getLabel(swatch).setText(SEGMENT_NAMES[mode][key])
        totals = totals or usable
        budgets = {(round(u, 1), round(t, 1)) for u, t in zip(usable, totals, strict=True)}
        limit = "Usable"
        if len(budgets) == 1:
            u, t = budgets.pop()
            limit += f": {gb_label(u)}" + (f" of {gb_label(t)}" if u != t else "")
        label = self.legend.getLabel(self.limit)
        if label.text != limit:  # typesetting the legend again lays it out again
            label.setText(limit)
        self.setToolTip("\n".join([*(f"{label}: {budget_label(round(u, 1), round(t, 1))}"
                                      for label, u, t in zip(labels, usable, totals, strict=True)),
                                    BASIS]))
        xs = list(range(len(stacks)))
        bottom = [0.0] * len(stacks)
        x, y0, height, brushes, pens = [], [], [], [], []
        for key in self.swatches:  # segment by segment, in the legend's order, as drawn before
            for n, stack in enumerate(stacks):
                segment = stack.get(key, 0.0)
                x.append(n)
                y0.append(bottom[n])
                height.append(segment)
                bottom[n] += segment
                brushes.append(self._brushes[key])
                pens.append(self._pens[key])
        self.stack.setOpts(x=x, y0=y0, height=height, width=BAR_WIDTH, brushes=brushes,
                           pens=pens or list(self._pens.values()))
        lx, ly = [], []
        for x, u in zip(xs, usable, strict=True):
            lx += [x - 0.42, x + 0.42]
            ly += [u, u]
        self.limit.setData(lx, ly)
        if len(labels) > 4:  # "GPU 1 … GPU 8" would overlap; the axis says what the numbers are
            labels = [label.removeprefix("GPU ") for label in labels]
        axis_label = "GPU" if len(labels) > 4 else None
        if axis_label != self._axis_label:  # showing or hiding it lays the plot out again
            self._axis_label = axis_label
            self.plot.setLabel("bottom", axis_label)
        self.set_ticks("bottom", list(zip(xs, labels, strict=True)))
        self._top = max([*bottom, *usable, 1.0])
        self._fit_range()

    def _fit_range(self, *_args) -> None:
        """Leave the legend its own band above the bars, measured in pixels, so it never covers
        a bar or a usable-VRAM line whatever the labels and the chart's size."""
        view_height = self.plot.getViewBox().height()
        legend_height = self.legend.boundingRect().height() + 6
        free = max(0.4, 1 - legend_height / view_height) if view_height > 0 else 0.7
        self.set_range((-0.6, max(len(self.stacks), 1) - 0.4), (0, nice_limit(self._top * 1.04 / free)))

    def clear_bars(self, message: str) -> None:
        self.show_bars([], [], [])
        self.set_empty(message)
