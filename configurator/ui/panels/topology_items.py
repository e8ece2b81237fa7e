"""Graphics items of the topology view: a labelled box per node, a line per relation."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

NODE_H = 38


class NodeItem(QGraphicsRectItem):
    """A part, slot or controller: a rounded box with a title and an optional second line."""

    def __init__(self, node_id: str):
        super().__init__()
        self.node_id = node_id
        self._shown: tuple | None = None
        self._lit: tuple | None = None  # (highlighted, colour) as last drawn
        self._colors: dict = {}
        self.title = QGraphicsSimpleTextItem(self)
        font = QFont()
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QGraphicsSimpleTextItem(self)
        self.title.setPos(6, 3)
        self.subtitle.setPos(6, 20)
        self.setZValue(2)

    def set_content(self, title: str, subtitle: str, width: float, colors: dict) -> None:
        """Show these words and colours; a box already showing them is left alone (nothing to
        measure or repaint)."""
        shown = (title, subtitle, width, tuple(colors.items()))
        if shown == self._shown:
            return
        self._shown = shown
        self._colors = colors
        self.setRect(0, 0, width, NODE_H)
        self.setBrush(QBrush(colors["fill"]))
        self.setPen(self._pen(False, None))
        self._lit = (False, None)
        self.title.setBrush(colors["text"])
        self.subtitle.setBrush(colors.get("subtext", colors["text"]))
        for item, text in ((self.title, title), (self.subtitle, subtitle)):
            metrics = QFontMetricsF(item.font())
            item.setText(shorten(text, lambda t, m=metrics: m.horizontalAdvance(t), width - 12,
                                 lambda t, w, m=metrics: m.elidedText(t, Qt.TextElideMode.ElideRight, w)))
        self.setToolTip(f"{title}\n{subtitle}".strip())

    def _pen(self, on: bool, color: QColor | None) -> QPen:
        pen = QPen(color, 3) if on else QPen(self._colors["border"], 1.2)
        if self._colors.get("dashed") and not on:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def set_highlight(self, on: bool, color: QColor) -> None:
        lit = (on, color.rgba() if on else None)
        if lit != self._lit:
            self._lit = lit
            self.setPen(self._pen(on, color))

    def anchor(self, side: str) -> QPointF:
        rect = self.rect().translated(self.pos())
        return QPointF(rect.left() if side == "left" else rect.right(), rect.center().y())


class EdgeItem(QGraphicsPathItem):
    """A relation between two nodes; link edges carry the PCIe label above the line."""

    def __init__(self):
        super().__init__()
        self._shown: tuple | None = None
        self._lit: tuple | None = None  # (highlighted, colour) as last drawn
        self._pen = QPen()
        self.label: QGraphicsSimpleTextItem | None = None
        self._plate: QGraphicsRectItem | None = None
        self.setZValue(1)

    def set_line(self, start: QPointF, end: QPointF, pen: QPen, label: str = "",
             label_color: QColor | None = None, curve: float = 0.0,
             background: QColor | None = None) -> None:
        """Draw the line from ``start`` to ``end``; an edge already drawn so is left alone."""
        shown = (start.toTuple(), end.toTuple(), pen.color().name(), pen.widthF(), pen.style(), label,
                 label_color.name() if label_color else None, curve,
                 background.name() if background else None)
        if shown == self._shown:
            return
        self._shown = shown
        path = QPainterPath(start)
        if curve:
            mid = (start + end) / 2
            path.quadTo(QPointF(mid.x() + curve, mid.y()), end)
        else:
            path.lineTo(end)
        self.setPath(path)
        self._pen = QPen(pen)
        self.setPen(pen)
        self._lit = (False, None)
        if self._plate is not None:
            self._plate.setVisible(bool(label and curve))
        if not label:
            if self.label is not None:
                self.label.hide()
            return
        if self.label is None:
            self.label = QGraphicsSimpleTextItem(self)
        self.label.show()
        self.label.setText(label)
        self.label.setBrush(label_color or pen.color())
        rect = self.label.boundingRect()
        if curve:
            # Beside the curve's outermost point, on a plate so crossing lines stay behind it.
            point = path.pointAtPercent(0.5)
            self.label.setPos(point.x() + 4, point.y() - rect.height() / 2)
            if self._plate is None:
                self._plate = QGraphicsRectItem(self)
                self._plate.setPen(QPen(Qt.PenStyle.NoPen))
            self._plate.setRect(self.label.pos().x() - 2, self.label.pos().y(), rect.width() + 4,
                                rect.height())
            self._plate.setBrush(QBrush(background or QColor("white")))
            self.label.setZValue(1)
        else:
            point = QLineF(start, end).pointAt(0.5)
            self.label.setPos(point.x() - rect.width() / 2, point.y() - rect.height() - 1)

    def label_text(self) -> str:
        return self.label.text() if self.label is not None and self.label.isVisible() else ""

    def set_highlight(self, on: bool, color: QColor) -> None:
        lit = (on, color.rgba() if on else None)
        if lit == self._lit:
            return
        self._lit = lit
        pen = QPen(self._pen)
        if on:
            pen.setColor(color)
            pen.setWidthF(max(3.5, pen.widthF() + 1.5))
        self.setPen(pen)


def shorten(text: str, advance, width: float, elide) -> str:
    """``text`` within ``width``, keeping what tells parts apart: first the variant in
    parentheses goes, then leading brand words, never a word with a digit (the model number,
    the capacity); only then is the end cut."""
    candidates = [text]
    bare = text.split(" (")[0] if " (" in text else text
    candidates.append(bare)
    words = bare.split()
    while len(words) > 2 and not any(ch.isdigit() for ch in words[0]):
        words = words[1:]
        candidates.append(" ".join(words))
    for candidate in candidates:
        if advance(candidate) <= width:
            return candidate
    return elide(candidates[-1], width)


def set_movable(item: QGraphicsItem, movable: bool) -> None:
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
    if movable:
        item.setCursor(Qt.CursorShape.OpenHandCursor)
    else:
        item.unsetCursor()


def rect_at(items: list[NodeItem], point: QPointF) -> NodeItem | None:
    return next((i for i in items if i.sceneBoundingRect().contains(point)), None)

