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

    def __init__(self, node_id: str, title: str, subtitle: str, width: float, colors: dict):
        super().__init__(0, 0, width, NODE_H)
        self.node_id = node_id
        self._colors = colors
        self.setBrush(QBrush(colors["fill"]))
        self.setPen(QPen(colors["border"], 1.2))
        self.title = QGraphicsSimpleTextItem(title, self)
        font = QFont()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setBrush(colors["text"])
        self.subtitle = QGraphicsSimpleTextItem(subtitle, self)
        self.subtitle.setBrush(colors.get("subtext", colors["text"]))
        self._elide(width)
        self.setZValue(2)
        self.setToolTip(f"{title}\n{subtitle}".strip())

    def _elide(self, width: float) -> None:
        for item, y in ((self.title, 3), (self.subtitle, 20)):
            metrics = QFontMetricsF(item.font())
            item.setText(shorten(item.text(), lambda t, m=metrics: m.horizontalAdvance(t), width - 12,
                                 lambda t, w, m=metrics: m.elidedText(t, Qt.TextElideMode.ElideRight, w)))
            item.setPos(6, y)

    def set_highlight(self, on: bool, color: QColor) -> None:
        pen = QPen(color, 3) if on else QPen(self._colors["border"], 1.2)
        if self._colors.get("dashed") and not on:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)

    def anchor(self, side: str) -> QPointF:
        rect = self.sceneBoundingRect()
        return QPointF(rect.left() if side == "left" else rect.right(), rect.center().y())


class EdgeItem(QGraphicsPathItem):
    """A relation between two nodes; link edges carry the PCIe label above the line."""

    def __init__(self, start: QPointF, end: QPointF, pen: QPen, label: str = "",
                 label_color: QColor | None = None, curve: float = 0.0,
                 background: QColor | None = None):
        super().__init__()
        path = QPainterPath(start)
        if curve:
            mid = (start + end) / 2
            path.quadTo(QPointF(mid.x() + curve, mid.y()), end)
        else:
            path.lineTo(end)
        self.setPath(path)
        self.setPen(pen)
        self._pen = QPen(pen)
        self.setZValue(1)
        self.label = None
        if label:
            self.label = QGraphicsSimpleTextItem(label, self)
            self.label.setBrush(label_color or pen.color())
            rect = self.label.boundingRect()
            if curve:
                # Beside the curve's outermost point, on a plate so crossing lines stay behind it.
                point = path.pointAtPercent(0.5)
                self.label.setPos(point.x() + 4, point.y() - rect.height() / 2)
                plate = QGraphicsRectItem(self.label.pos().x() - 2, self.label.pos().y(),
                                          rect.width() + 4, rect.height(), self)
                plate.setBrush(QBrush(background or QColor("white")))
                plate.setPen(QPen(Qt.PenStyle.NoPen))
                self.label.setZValue(1)
            else:
                point = QLineF(start, end).pointAt(0.5)
                self.label.setPos(point.x() - rect.width() / 2, point.y() - rect.height() - 1)

    def set_highlight(self, on: bool, color: QColor) -> None:
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


def make_movable(item: QGraphicsItem) -> None:
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
    item.setCursor(Qt.CursorShape.OpenHandCursor)


def rect_at(items: list[NodeItem], point: QPointF) -> NodeItem | None:
    return next((i for i in items if i.sceneBoundingRect().contains(point)), None)

