"""A frameless area that scrolls its content vertically and never sideways."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QProxyStyle,
    QScrollArea,
    QStyle,
    QStyleFactory,
    QWidget,
)

_KEPT_IMAGES = 24


class CachedScrollBarStyle(QProxyStyle):
    """The application's style, with each scroll bar drawn once per look and blitted after.

    Fusion draws a scroll bar's gradients on worker threads, which costs a few milliseconds
    on a busy machine; a list that changes length with every edit would pay it each time,
    although its bar mostly goes back and forth between the same few looks."""

    def __init__(self):
        super().__init__(QStyleFactory.create(QApplication.style().name()))
        self._images: OrderedDict[tuple, QPixmap] = OrderedDict()

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        if control != QStyle.ComplexControl.CC_ScrollBar or option.rect.isEmpty():
            super().drawComplexControl(control, option, painter, widget)
            return
        ratio = painter.device().devicePixelRatioF()
        key = (option.rect.width(), option.rect.height(), ratio, int(option.orientation.value),
               option.minimum, option.maximum, option.sliderPosition, option.pageStep,
               int(option.state.value), int(option.activeSubControls.value),
               int(option.subControls.value), int(option.direction.value), option.palette.cacheKey())
        image = self._images.get(key)
        if image is None:
            image = QPixmap(option.rect.size() * ratio)
            image.setDevicePixelRatio(ratio)
            # Opaque (the bar paints its whole rect over the window colour): copied, not blended.
            image.fill(option.palette.window().color())
            at_origin = type(option)(option)
            at_origin.rect.moveTo(QPoint(0, 0))
            image_painter = QPainter(image)
            super().drawComplexControl(control, at_origin, image_painter, widget)
            image_painter.end()
            self._images[key] = image
            if len(self._images) > _KEPT_IMAGES:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(key)
        painter.drawPixmap(option.rect.topLeft(), image)


def cache_scroll_bar(scroll: QScrollArea) -> None:
    """Draw ``scroll``'s vertical bar through CachedScrollBarStyle (one style per bar)."""
    bar = scroll.verticalScrollBar()
    style = CachedScrollBarStyle()
    style.setParent(bar)
    bar.setStyle(style)


def vertical_scroll(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: a short dock scrolls it instead of squashing
    its fields, and its width follows the area so nothing hides off to the right."""
    # Laid out from the top left: growing or shrinking repaints only what it uncovers.
    content.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    cache_scroll_bar(scroll)
    return scroll
