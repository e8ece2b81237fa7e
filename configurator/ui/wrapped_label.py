"""A word-wrapped label that measures each text once per width."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget

_KEPT_SIZES = 16


class WrappedLabel(QLabel):
    """A QLabel with word wrap whose sizes are remembered per text and width.

    Qt lays a wrapped label's text out afresh for every size a layout asks about, and the
    layouts of a dock ask the same label the same few widths (with and without a scroll bar)
    a dozen times or more while settling one change; one long text costs a millisecond that
    way. Everything else a size depends on (format, selectability, which measures the text as
    a document, margins, font and style) forgets the sizes when it changes."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._sizes: OrderedDict[tuple, object] = OrderedDict()

    def _remembered(self, what: str, width: int, measure):
        key = (what, width, self.text())
        size = self._sizes.get(key)
        if size is None:
            size = measure()
            self._sizes[key] = size
            if len(self._sizes) > _KEPT_SIZES:
                self._sizes.popitem(last=False)
        else:
            self._sizes.move_to_end(key)
        return size

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._remembered("height", width, lambda: super(WrappedLabel, self).heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._remembered("hint", -1, lambda: super(WrappedLabel, self).sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._remembered("minimum", -1, lambda: super(WrappedLabel, self).minimumSizeHint())

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._sizes.clear()
        super().changeEvent(event)

    def setTextFormat(self, text_format) -> None:  # noqa: N802
        self._sizes.clear()
        super().setTextFormat(text_format)

    def setTextInteractionFlags(self, flags) -> None:  # noqa: N802
        self._sizes.clear()
        super().setTextInteractionFlags(flags)

    def setIndent(self, indent: int) -> None:  # noqa: N802
        self._sizes.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802
        self._sizes.clear()
        super().setMargin(margin)

    def setContentsMargins(self, *margins) -> None:  # noqa: N802
        self._sizes.clear()
        super().setContentsMargins(*margins)
