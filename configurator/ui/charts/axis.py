"""An axis that keeps the drawings of its last few ranges, for the charts' back-and-forth."""

from __future__ import annotations

from collections import OrderedDict

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication

_KEPT_DRAWINGS = 6


def _pen_key(pen) -> tuple:
    return (pen.color().rgba(), pen.widthF(), int(pen.style().value), pen.isCosmetic())


class RememberingAxis(pg.AxisItem):
    """pyqtgraph draws an axis (ticks and numbers) into a picture again for every new range.

    Undo, redo and trying a part back and forth show the same few ranges again, so the last
    few pictures are kept under everything that goes into one: range, ticks, size, position
    on screen, style and pens. The room the numbers took is kept with each, so the axis keeps
    its width exactly as when it was drawn first."""

    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        self._drawings: OrderedDict[tuple, tuple] = OrderedDict()
        self._text_size: float | None = None

    def _updateMaxTextSize(self, x) -> None:  # noqa: N802
        self._text_size = x
        super()._updateMaxTextSize(x)

    def _look(self) -> tuple | None:
        """Everything a drawing depends on, or None when the axis is not on screen yet."""
        device = [self.mapToDevice(QPointF(x, y)) for x, y in ((0.0, 0.0), (1.0, 1.0))]
        if None in device:
            return None
        view = self.linkedView()
        grid_rect = view.mapRectToItem(self, view.boundingRect()).getRect() \
            if view is not None and self.grid is not False else None
        geometry = self.geometry()
        return (self.orientation, tuple(self.range), geometry.getRect(),
                tuple((p.x(), p.y()) for p in device), grid_rect, self.grid,
                repr(self._tickLevels), repr(self._tickSpacing), self._tickDensity, self.logMode,
                self.scale, self.autoSIPrefixScale, self.autoSIPrefix, repr(sorted(self.style.items())),
                _pen_key(self.pen()), _pen_key(self.textPen()), _pen_key(self.tickPen()),
                self.font().toString(), QGuiApplication.font().toString())

    def paint(self, p, opt, widget) -> None:
        if self.picture is not None:
            super().paint(p, opt, widget)
            return
        look = self._look()
        kept = self._drawings.get(look) if look is not None else None
        if kept is None:
            self._text_size = None
            super().paint(p, opt, widget)
            if look is not None:
                self._drawings[look] = (self.picture, self._text_size)
                if len(self._drawings) > _KEPT_DRAWINGS:
                    self._drawings.popitem(last=False)
            return
        self._drawings.move_to_end(look)
        picture, text_size = kept
        if text_size is not None:
            super()._updateMaxTextSize(text_size)
        self.picture = picture
        picture.play(p)
