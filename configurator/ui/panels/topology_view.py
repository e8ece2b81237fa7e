"""The build as a picture: case → board → CPU/chipset → slots → devices, links labelled and
coloured by bandwidth. A finding's causal chain can be highlighted; dragging a card or drive
onto a slot asks for that placement."""

from __future__ import annotations

from statistics import mean

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QWidget

from configurator.graph import DiGraph
from configurator.ui.document import BuildDocument
from configurator.ui.panels.topology_items import EdgeItem, NodeItem, make_movable, rect_at
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
        return {u: e.label.text() for (u, _v), e in self.edges.items() if e.label and u in self.nodes
                and self.nodes[u].node_id == u and not u.startswith("slot:")}

    # --- drawing ---------------------------------------------------------------------------------

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.hardware:
            self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "nodes"):
            self.refresh()

    def refresh(self) -> None:
        scene = self.scene()
        scene.clear()
        self.nodes.clear()
        self.edges.clear()
        graph = self._document.state.graph
        colors = self._colors()
        if "board" not in graph:
            text = scene.addSimpleText("Choose a case and a motherboard to see how the build connects.")
            text.setBrush(colors["text"])
            self._fit()
            return
        self._layout_nodes(graph, colors)
        self._draw_edges(graph, colors)
        self._draw_legend(colors)
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

    def _add_node(self, node_id: str, title: str, subtitle: str, column: str, y: float,
                  colors: dict, **overrides) -> NodeItem:
        x, width = COLUMNS[column]
        item = NodeItem(node_id, title, subtitle, width, {**colors, **overrides})
        item.setPos(x, y)
        self.scene().addItem(item)
        self.nodes[node_id] = item
        return item

    def _layout_nodes(self, graph: DiGraph, colors: dict) -> None:
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
                self._add_node(node, data["label"], spec, "slot", rows[node], colors,
                               subtext=QColor(DISABLED_COLOR), border=QColor(DISABLED_COLOR), dashed=True)
            else:
                self._add_node(node, data["label"], spec, "slot", rows[node], colors)
        bottom = len(slots) * ROW
        middle = (bottom - ROW) / 2
        for source in ("cpu", "chipset", "usb4"):
            if source not in graph:
                continue
            fed = [rows[s] for s in slots if graph.has_edge(s, source)]
            data = graph.nodes[source]
            y = mean(fed) if fed else middle
            subtitle = {"cpu": "CPU lanes", "chipset": "chipset lanes", "usb4": "shares lanes"}[source]
            self._add_node(source, data["label"], subtitle, "ctrl", y, colors)
        self._spread("ctrl")
        board = graph.nodes["board"]
        self._add_node("board", board["label"], "motherboard", "board", middle, colors)
        if "case" in graph:
            self._add_node("case", graph.nodes["case"]["label"], "case", "case", middle, colors)
        extra = bottom + ROW * 0.4
        for node, column in (("cooler", "ctrl"), ("psu", "board"), ("memory#1", "case")):
            if node in graph:
                self._add_node(node, graph.nodes[node]["label"], graph.nodes[node]["kind"], column, extra, colors)
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
            item = self._add_node(node, data["label"], unit if slot else f"{unit}, not placed",
                                  "device", y, colors)
            make_movable(item)

    def _spread(self, column: str) -> None:
        """Keep boxes in one column from overlapping (CPU and chipset can both sit mid-board)."""
        x = COLUMNS[column][0]
        items = sorted((i for i in self.nodes.values() if i.pos().x() == x), key=lambda i: i.pos().y())
        for above, below in zip(items, items[1:], strict=False):
            if below.pos().y() < above.pos().y() + ROW:
                below.setY(above.pos().y() + ROW)

    def _draw_edges(self, graph: DiGraph, colors: dict) -> None:
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
                edge = EdgeItem(a.anchor("right"), b.anchor("right"), pen, word, curve=90,
                                background=colors["fill"])
                edge.setZValue(3)
            elif "gbps" in data:
                kind = graph.nodes[u].get("kind", "")
                color = link_color(data["gbps"], kind, data.get("disabled", False))
                pen = QPen(color, 1.5 + data.get("width", 1) / 4)
                edge = EdgeItem(b.anchor("right"), a.anchor("left"), pen, data["label"], colors["text"])
            elif (rel == "lanes-from" or (rel == "mounted-in" and not u.startswith("slot:"))) \
                    and a.pos().x() != b.pos().x() and u not in _LOOSE and v not in _LOOSE:
                left, right = (a, b) if a.pos().x() < b.pos().x() else (b, a)
                label = ""
                if rel == "lanes-from" and u == "chipset":
                    label = f"uplink PCIe {data['gen']}.0 x{data['width']}"
                edge = EdgeItem(left.anchor("right"), right.anchor("left"), QPen(plain), label,
                                colors["subtext"])
            else:
                continue
            self.scene().addItem(edge)
            self.edges[(u, v)] = edge

    def _draw_legend(self, colors: dict) -> None:
        x, y = COLUMNS["case"][0], -ROW * 0.9
        for n, (text, gbps) in enumerate((*LEGEND, ("disabled", 0.0))):
            pen = QPen(bandwidth_color(gbps), 4)
            line = self.scene().addLine(x + n * 115, y + 8, x + n * 115 + 26, y + 8, pen)
            line.setZValue(0)
            label = QGraphicsSimpleTextItem(text)
            label.setBrush(colors["text"])
            label.setPos(x + n * 115 + 32, y)
            self.scene().addItem(label)
        hint = QGraphicsSimpleTextItem("Drag a card or drive onto a slot to move it; "
                                       "hover a box for its full name.")
        hint.setBrush(colors["subtext"])
        hint.setPos(x, y + 22)
        self.scene().addItem(hint)

    MAX_ZOOM = 1.25  # past this the text outgrows the rest of the window
    MIN_TEXT_PT = 9.0  # below this a laptop screen cannot be read: scroll instead

    def min_zoom(self) -> float:
        return self.MIN_TEXT_PT / (self.font().pointSizeF() or self.MIN_TEXT_PT)

    def _fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10)
        self.setSceneRect(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        scale = self.transform().m11()
        if scale > self.MAX_ZOOM or scale < self.min_zoom():
            zoom = self.MAX_ZOOM if scale > self.MAX_ZOOM else self.min_zoom()
            self.resetTransform()
            self.scale(zoom, zoom)
            self.centerOn(rect.center())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(760, 520)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

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

