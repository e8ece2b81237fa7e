"""What the three charts share: a GraphicsView holding one PlotItem, coloured from the palette."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QLabel, QWidget

from configurator.ui.charts.axis import RememberingAxis

pg.setConfigOptions(antialias=True)


NICE_MULTIPLES = (1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)


def nice_limit(value: float) -> float:
    """The smallest round number (a power of ten times one of NICE_MULTIPLES) at or above
    ``value``: an axis ends on a number people read at a glance, and similar builds share one
    range, so a part change leaves the axes as they were. The steps waste at most a fifth of
    the chart."""
    if value <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    return next(m * scale for m in NICE_MULTIPLES if m * scale >= value * (1 - 1e-12))


def keep_drawn(item: QGraphicsItem) -> None:
    """Keep ``item``'s drawing as an image: text that stays the same while the data around it
    changes is copied onto the chart rather than typeset again on every repaint."""
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class ChartView(pg.GraphicsView):
    """One PlotItem in a view; subclasses add their items in __init__ and update them later."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        # One rectangle around what changed is repainted: pyqtgraph's default, the exact
        # region, clips every stroke of the repaint to many small rectangles and costs more.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        # Only the two axes shown: an axis given here is shown.
        self.plot = pg.PlotItem(axisItems={side: RememberingAxis(side) for side in ("left", "bottom")})
        self.setCentralItem(self.plot)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.disableAutoRange()  # each chart sets its own range once per update
        for side in ("left", "bottom", "top", "right"):
            # No unit prefixes in our axis titles, so no title to typeset again on each new range.
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self._title = title
        keep_drawn(self.plot.titleLabel.item)
        self._range: tuple | None = None  # the ranges shown, as last set
        self._ticks: dict[str, object] = {}  # each axis's fixed ticks or spacing as last set
        # Shown instead of the plot when there is nothing to draw: empty axes mean nothing.
        self.empty_label = QLabel(self.viewport())
        self.empty_label.setObjectName("emptyChart")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.apply_palette(self.palette())

    def apply_palette(self, palette: QPalette) -> None:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        self.setBackground(base)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
        self._text_color = text
        self._draw_title()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "plot"):
            self.apply_palette(self.palette())

    def set_range(self, x: tuple[float, float], y: tuple[float, float]) -> None:
        """Show exactly these ranges, with the items placed now: pyqtgraph otherwise places them
        while the chart paints, and that paints it a second time."""
        if (x, y) == self._range:  # the view cannot be panned or zoomed: it still shows them
            return
        self._range = (x, y)
        self.plot.setRange(xRange=x, yRange=y, padding=0)
        self.plot.getViewBox().updateMatrix()

    def set_ticks(self, side: str, ticks: list[tuple[float, str]]) -> None:
        """Fixed ticks on one axis; the axis is drawn again only when they change."""
        if self._ticks.get(side) != ticks:
            self._ticks[side] = ticks
            self.plot.getAxis(side).setTicks([ticks])

    def set_tick_spacing(self, side: str, step: float) -> None:
        """Major and minor ticks every ``step``; the axis is drawn again only when it changes."""
        if self._ticks.get(side) != step:
            self._ticks[side] = step
            self.plot.getAxis(side).setTickSpacing(major=step, minor=step)

    def set_title(self, text: str) -> None:
        if text != self._title:  # a new title lays the plot out again: only when it changes
            self._title = text
            self._draw_title()

    def _draw_title(self) -> None:
        self.plot.setTitle(self._title, color=self._text_color.name(), size="10pt")

    def title(self) -> str:
        return self._title

    def set_empty(self, message: str | None) -> None:
        """A short message in place of the plot, or None to show the plot again."""
        if message is None and self.plot.isVisible() and self.empty_label.isHidden():
            return  # already showing the plot; nothing to lay out again
        self.plot.setVisible(message is None)
        self.empty_label.setText(f"<b>{self._title}</b><br><br>{message}" if message else "")
        self.empty_label.setVisible(message is not None)
        self._place_empty_label()

    def is_empty(self) -> bool:
        return not self.plot.isVisible()

    def empty_text(self) -> str:
        return self.empty_label.text() if self.is_empty() else ""

    def _place_empty_label(self) -> None:
        if not hasattr(self, "empty_label"):  # pyqtgraph resizes the view while it sets up
            return
        self.empty_label.setGeometry(self.viewport().rect().adjusted(12, 12, -12, -12))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_empty_label()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 240)
