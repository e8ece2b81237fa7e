"""The build as a picture: case → board → CPU/chipset → slots → devices, links labelled and
coloured by bandwidth. A finding's causal chain can be highlighted; dragging a card or drive
onto a slot asks for that placement."""

from __future__ import annotations

from statistics import mean
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from configurator.graph import DiGraph
from configurator.ui.document import BuildDocument
from configurator.ui.panels.topology_items import EdgeItem, NodeItem, rect_at, set_movable
from configurator.ui.state import BuildChanges
from configurator.ui.theme import (
    DISABLED_COLOR,
    HIGHLIGHT_COLOR,
    bandwidth_color,
    is_dark,
    link_color,
)

ROW = 50
# (x, width) per column; the gap before "device" holds the link labels.
COLUMNS = {"case": (0, 125), "board": (150, 160), "ctrl": (335, 140), "slot": (505, 160),
           "device": (835, 240)}
# Parts shown for completeness, without lines: their relations are not about lanes.
_LOOSE = {"cooler", "psu", "memory#1"}
LEGEND = (("≥ 48 GB/s", 60.0), ("24–48 GB/s", 30.0), ("12–24 GB/s", 15.0), ("< 12 GB/s", 5.0))
_DISABLED = {"subtext": QColor(DISABLED_COLOR), "border": QColor(DISABLED_COLOR), "dashed": True}


class _Box(NamedTuple):
    """Where a node's box goes and what it says."""

    title: str
    subtitle: str
    column: str
    y: float
    disabled: bool = False
    movable: bool = False


class TopologyView(QGraphicsView):
    placement_requested = Signal(str, str, str)  # part id, from slot ("" if unplaced), to slot

    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self.setObjectName("topology")
        self.setAccessibleName("Build topology")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple[str, str], EdgeItem] = {}
        self.chain: tuple[str, ...] = ()
        self._dragged: NodeItem | None = None
        self._legend: list[QGraphicsItem] = []
        self._legend_key: tuple | None = None
        self._empty: QGraphicsSimpleTextItem | None = None
        self._zoom: float | None = None  # the person's zoom; None fits the build to the view
        document.changed.connect(self._on_document_changed)
        self.refresh()

    # --- public ----------------------------------------------------------------------------------

    def highlight_chain(self, chain: tuple[str, ...]) -> None:
        """Emphasise a finding's chain (node ids, cause to effect); an empty chain clears."""
        self.chain = tuple(chain)
        on = set(self.chain)
        pairs = {frozenset(p) for p in zip(self.chain, self.chain[1:], strict=False)}
        color = QColor(HIGHLIGHT_COLOR)
        for node_id, item in self.nodes.items():
            item.set_highlight(node_id in on, color)
            item.setOpacity(1.0 if not on or node_id in on else 0.45)
        for key, edge in self.edges.items():
            hit = frozenset(key) in pairs
            edge.set_highlight(hit, color)
            edge.setOpacity(1.0 if not on or hit else 0.35)
        shown = [self.nodes[n].sceneBoundingRect() for n in self.chain if n in self.nodes]
        if shown:  # scrolled to, when the view is zoomed in past fitting the whole build
            area = shown[0]
            for rect in shown[1:]:
                area = area.united(rect)
            self.ensureVisible(area, 20, 20)

    def link_labels(self) -> dict[str, str]:
        """Device node id → the label on its link (what a person reads on the picture)."""
        return {u: e.label_text() for (u, _v), e in self.edges.items()
                if e.label_text() and u in self.nodes and not u.startswith("slot:")}

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, never past text at MIN_TEXT_PT or MAX_USER_ZOOM."""
        self._zoom = min(self.MAX_USER_ZOOM, max(self.min_zoom(), self.zoom() * factor))
        self._apply_zoom()

    def reset_zoom(self) -> None:
        """Back to the whole build fitted to the view."""
        self._zoom = None
        self._apply_zoom()

    # --- drawing ---------------------------------------------------------------------------------

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.hardware:
            self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "nodes"):
            self.refresh()

    def refresh(self) -> None:
        """Bring the picture up to date in place: boxes and lines keyed by node id, each changed
        only where the build changed, so a part change repaints only what it touched."""
        graph = self._document.state.graph
        colors = self._colors()
        if "board" not in graph:
            self._show_nodes({}, colors)
            self._show_edges({})
            self._show_legend(None)
            self._show_empty(colors)
        else:
            self._show_empty(None)
            self._show_nodes(self._layout_nodes(graph), colors)
            self._show_edges(self._edge_lines(graph, colors))
            self._show_legend(colors)
            self.highlight_chain(tuple(n for n in self.chain if n in self.nodes))
        self._fit()

    def _colors(self) -> dict:
        palette = self.palette()
        return {
            "text": palette.color(QPalette.ColorRole.Text),
            "subtext": QColor(175, 175, 175) if is_dark(palette) else QColor(90, 90, 90),
            "fill": palette.color(QPalette.ColorRole.Base),
            "border": palette.color(QPalette.ColorRole.Mid),
            "line": QColor(140, 140, 140),
        }

    def _layout_nodes(self, graph: DiGraph) -> dict[str, _Box]:
        """Where each node goes and what it says, in drawing order."""
        boxes: dict[str, _Box] = {}
        slots = [n for n, d in graph.nodes(data=True) if d.get("kind") in ("pcie-slot", "m2-slot")]
        rows = {node: n * ROW for n, node in enumerate(slots)}
        for node in slots:
            data = graph.nodes[node]
            spec = f"PCIe {data['gen']}.0 x{data['effective_lanes']} · {data['source'].upper()}"
            if data["effective_lanes"] < data["lanes"]:
                spec += f" (of x{data['lanes']})"
            if data["disabled"]:
                causes = [u.removeprefix("slot:") for u, _v, d in graph.in_edges(node, data=True)
                          if d.get("rel") == "shares-lanes-with" and d.get("effect") == "disable"]
                spec = f"disabled by {', '.join(causes)}" if causes else "disabled"
                boxes[node] = _Box(data["label"], spec, "slot", rows[node], disabled=True)
            else:
                boxes[node] = _Box(data["label"], spec, "slot", rows[node])
        bottom = len(slots) * ROW
        middle = (bottom - ROW) / 2
        controllers = []
        for source in ("cpu", "chipset", "usb4"):
            if source not in graph:
                continue
            fed = [rows[s] for s in slots if graph.has_edge(s, source)]
            subtitle = {"cpu": "CPU lanes", "chipset": "chipset lanes", "usb4": "shares lanes"}[source]
            boxes[source] = _Box(graph.nodes[source]["label"], subtitle, "ctrl", mean(fed) if fed else middle)
            controllers.append(source)
        # Keep boxes in one column from overlapping (CPU and chipset can both sit mid-board).
        controllers.sort(key=lambda n: boxes[n].y)
        for above, below in zip(controllers, controllers[1:], strict=False):
            if boxes[below].y < boxes[above].y + ROW:
                boxes[below] = boxes[below]._replace(y=boxes[above].y + ROW)
        boxes["board"] = _Box(graph.nodes["board"]["label"], "motherboard", "board", middle)
        if "case" in graph:
            boxes["case"] = _Box(graph.nodes["case"]["label"], "case", "case", middle)
        extra = bottom + ROW * 0.4
        for node, column in (("cooler", "ctrl"), ("psu", "board"), ("memory#1", "case")):
            if node in graph:
                boxes[node] = _Box(graph.nodes[node]["label"], graph.nodes[node]["kind"], column, extra)
        free = extra
        counts = {"gpu": 0, "storage": 0}  # numbered across parts: two different drives are #1 and #2
        for node, data in graph.nodes(data=True):
            if data.get("kind") not in counts:
                continue
            counts[data["kind"]] += 1
            slot = next((v for v in graph.successors(node) if v.startswith("slot:")), None)
            y = rows[slot] if slot else free
            if slot is None:
                free += ROW
            unit = f"{data['kind'].upper()} #{counts[data['kind']]}"
            boxes[node] = _Box(data["label"], unit if slot else f"{unit}, not placed", "device", y,
                               movable=True)
        return boxes

    def _show_nodes(self, boxes: dict[str, _Box], colors: dict) -> None:
        """Keep the box of every node still shown; a node that left lends its box to one that
        came (a swapped card), and only what is left over is removed or added."""
        old, self.nodes = self.nodes, {}
        spare = [item for node, item in old.items() if node not in boxes]
        for node, box in boxes.items():
            x, width = COLUMNS[box.column]
            item = old.get(node)
            if item is None and spare:
                item = next((i for i in spare if i.pos().x() == x), spare[0])
                spare.remove(item)
            if item is None:
                item = NodeItem(node)
                self.scene().addItem(item)
            item.node_id = node
            item.set_content(box.title, box.subtitle, width, {**colors, **_DISABLED} if box.disabled else colors)
            item.setPos(x, box.y)
            set_movable(item, box.movable)
            self.nodes[node] = item
        for item in spare:
            self.scene().removeItem(item)

    def _edge_lines(self, graph: DiGraph, colors: dict) -> dict[tuple[str, str], tuple[int, tuple]]:
        """Each drawn edge's stacking order and line (its ends, pen, label and look, as
        EdgeItem.set_line takes them); lane sharing is drawn over the links."""
        lines: dict[tuple[str, str], tuple] = {}
        plain = QPen(colors["line"], 1.2)
        for u, v, data in graph.edges(data=True):
            if u not in self.nodes or v not in self.nodes:
                continue
            rel = data.get("rel")
            a, b = self.nodes[u], self.nodes[v]
            if rel == "shares-lanes-with":
                pen = QPen(QColor(DISABLED_COLOR if data.get("effect") == "disable" else "#d39b1e"), 2,
                           Qt.PenStyle.DashLine)
                word = {"disable": "disables", "narrow": f"narrows to x{data.get('lanes')}",
                        "share": "shares"}[data.get("effect", "share")]
                lines[(u, v)] = 3, (a.anchor("right"), b.anchor("right"), pen, word, None, 90,
                                    colors["fill"])
            elif "gbps" in data:
                kind = graph.nodes[u].get("kind", "")
                color = link_color(data["gbps"], kind, data.get("disabled", False))
                pen = QPen(color, 1.5 + data.get("width", 1) / 4)
                lines[(u, v)] = 1, (b.anchor("right"), a.anchor("left"), pen, data["label"], colors["text"])
            elif (rel == "lanes-from" or (rel == "mounted-in" and not u.startswith("slot:"))) \
                    and a.pos().x() != b.pos().x() and u not in _LOOSE and v not in _LOOSE:
                left, right = (a, b) if a.pos().x() < b.pos().x() else (b, a)
                label = ""
                if rel == "lanes-from" and u == "chipset":
                    label = f"uplink PCIe {data['gen']}.0 x{data['width']}"
                lines[(u, v)] = 1, (left.anchor("right"), right.anchor("left"), QPen(plain), label,
                                    colors["subtext"])
        return lines

    def _show_edges(self, lines: dict[tuple[str, str], tuple[int, tuple]]) -> None:
        old, self.edges = self.edges, {}
        spare = [edge for key, edge in old.items() if key not in lines]
        for key, (z, line) in lines.items():
            edge = old.get(key) or (spare.pop() if spare else None)
            if edge is None:
                edge = EdgeItem()
                self.scene().addItem(edge)
            edge.set_line(*line)
            edge.setZValue(z)
            self.edges[key] = edge
        for edge in spare:
            self.scene().removeItem(edge)

    def _show_legend(self, colors: dict | None) -> None:
        """The bandwidth legend and the hint above the picture, drawn again only when the
        palette changes."""
        key = None if colors is None else tuple(c.name() for c in colors.values())
        if key == self._legend_key:
            return
        self._legend_key = key
        for item in self._legend:
            self.scene().removeItem(item)
        self._legend = []
        if colors is None:
            return
        x, y = COLUMNS["case"][0], -ROW * 0.9
        for n, (text, gbps) in enumerate((*LEGEND, ("disabled", 0.0))):
            pen = QPen(bandwidth_color(gbps), 4)
            line = self.scene().addLine(x + n * 115, y + 8, x + n * 115 + 26, y + 8, pen)
            line.setZValue(0)
            label = QGraphicsSimpleTextItem(text)
            label.setBrush(colors["text"])
            label.setPos(x + n * 115 + 32, y)
            self.scene().addItem(label)
            self._legend += [line, label]
        hint = QGraphicsSimpleTextItem("Drag a card or drive onto a slot to move it; hover a box for "
                                       "its full name; Ctrl+wheel zooms, Ctrl+0 fits.")
        hint.setBrush(colors["subtext"])
        hint.setPos(x, y + 22)
        self.scene().addItem(hint)
        self._legend.append(hint)

    def _show_empty(self, colors: dict | None) -> None:
        if colors is None:
            if self._empty is not None:
                self.scene().removeItem(self._empty)
                self._empty = None
            return
        if self._empty is None:
            self._empty = self.scene().addSimpleText(
                "Choose a case and a motherboard to see how the build connects.")
        self._empty.setBrush(colors["text"])

    MAX_ZOOM = 1.25  # fitting never enlarges past this: the text would outgrow the window
    MAX_USER_ZOOM = 3.0
    ZOOM_STEP = 1.15  # one wheel notch or key press
    MIN_TEXT_PT = 9.0  # below this a laptop screen cannot be read: scroll instead

    def min_zoom(self) -> float:
        return self.MIN_TEXT_PT / (self.font().pointSizeF() or self.MIN_TEXT_PT)

    def _fit(self, *, again: bool = False) -> None:
        """Make the scene as large as the picture; unchanged, the view is left as it is
        (``again`` after a resize refits)."""
        rect = self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10)
        if rect == self.sceneRect() and not again:
            return
        self.setSceneRect(rect)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self._zoom is not None:
            self.setTransform(QTransform.fromScale(self._zoom, self._zoom))
            return
        rect = self.sceneRect()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        scale = self.zoom()
        if scale > self.MAX_ZOOM or scale < self.min_zoom():
            zoom = self.MAX_ZOOM if scale > self.MAX_ZOOM else self.min_zoom()
            self.setTransform(QTransform.fromScale(zoom, zoom))
            self.centerOn(rect.center())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(760, 520)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit(again=True)

    # --- zoom ------------------------------------------------------------------------------------

    def wheelEvent(self, event) -> None:  # noqa: N802
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        notches = event.angleDelta().y() / 120
        if notches:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            self.zoom_by(self.ZOOM_STEP ** notches)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            key = event.key()
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.zoom_by(self.ZOOM_STEP)
                return
            if key == Qt.Key.Key_Minus:
                self.zoom_by(1 / self.ZOOM_STEP)
                return
            if key == Qt.Key.Key_0:
                self.reset_zoom()
                return
        super().keyPressEvent(event)

    # --- drag a card or drive onto a slot --------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802
        item = rect_at(list(self.nodes.values()), self.mapToScene(event.position().toPoint()))
        self._dragged = item if item and "#" in item.node_id and item.node_id != "memory#1" else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        dragged, self._dragged = self._dragged, None
        if dragged is None:
            return
        point: QPointF = self.mapToScene(event.position().toPoint())
        slots = [i for i in self.nodes.values() if i.node_id.startswith("slot:")]
        target = rect_at(slots, point)
        graph = self._document.state.graph
        current = next((v for v in graph.successors(dragged.node_id) if v.startswith("slot:")), None)
        if target is not None and target.node_id != current:
            part = graph.nodes[dragged.node_id]["part"]
            self.placement_requested.emit(part, (current or "").removeprefix("slot:"),
                                          target.node_id.removeprefix("slot:"))
        self.refresh()  # snap back; a placement, if accepted, redraws again

