"""The three live charts under the topology, fed from the document's cached state.

The charts (and pyqtgraph, a large import) are made right after the window's first frame, or
on first use, so the window appears without waiting for them.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QStackedLayout, QTabWidget, QWidget

from configurator.rules import CIRCUITS
from configurator.ui.document import BuildDocument
from configurator.ui.state import BuildChanges


class ChartsPanel(QWidget):
    CHARTS = (("vram", "VRAM", 4), ("throughput", "Tokens/s", 4), ("power", "Power", 3))
    MIN_ROW_WIDTH = 640
    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self._charts: dict | None = None
        self._shown: dict[str, tuple] = {}  # each chart's figures as last drawn
        self._making = False
        self.setMinimumHeight(230)  # below this the VRAM legend would have to sit on the bars
        # Side by side when there is room for three readable charts, else one tab each.
        self._row = QWidget()
        row = QHBoxLayout(self._row)
        row.setContentsMargins(0, 0, 0, 0)
        self._tabs = QTabWidget()
        self._tabs.setDocumentMode(True)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._row)
        self._stack.addWidget(self._tabs)
        self._tabbed = False
        document.changed.connect(self._on_document_changed)

    @property
    def vram(self):
        return self._made()["vram"]

    @property
    def throughput(self):
        return self._made()["throughput"]

    @property
    def power(self):
        return self._made()["power"]

    def _made(self) -> dict:
        if self._charts is None:
            from configurator.ui.charts.power_chart import PowerChart
            from configurator.ui.charts.throughput_chart import ThroughputChart
            from configurator.ui.charts.vram_chart import VramChart

            self._charts = {"vram": VramChart(), "throughput": ThroughputChart(), "power": PowerChart()}
            tabbed, self._tabbed = self._tabbed, not self._tabbed
            self._arrange(tabbed)
            self.refresh()
            # Once more after the first paint, when the axes have measured their labels.
            # (Tied to a chart, so it is dropped if the window closes first.)
            QTimer.singleShot(0, self._charts["power"], self.refresh)
        return self._charts

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        # After the first frame is on screen, not before it: the window shows without waiting.
        if self._charts is None and not self._making:
            self._making = True
            QTimer.singleShot(0, self, self._made)

    def _arrange(self, tabbed: bool) -> None:
        if tabbed == self._tabbed:
            return
        if self._charts is None:
            self._tabbed = tabbed
            return
        self._tabbed = tabbed
        for name, label, stretch in self.CHARTS:
            chart = getattr(self, name)
            if tabbed:
                self._tabs.addTab(chart, label)
            else:
                self._row.layout().addWidget(chart, stretch)
                chart.show()  # the tab widget hid every page but the current one
        self._stack.setCurrentWidget(self._tabs if tabbed else self._row)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange(tabbed=event.size().width() < self.MIN_ROW_WIDTH)

    def _on_document_changed(self, changes: BuildChanges) -> None:
        self.refresh(again=changes == BuildChanges.everything())

    def refresh(self, *, again: bool = True) -> None:
        """Show the document's state; a chart whose figures did not change is left alone
        (``again`` redraws every chart: a theme or the catalog changed)."""
        if self._charts is None:
            return
        state = self._document.state
        estimate = state.estimate
        # Errors are explained in the workload panel; a chart only says it has nothing to draw.
        if estimate is None or not estimate.bars:
            vram = ("Choose a model in the workload panel." if estimate is None else
                    "No estimate: see the workload panel.",)
        else:
            vram = ("VRAM per GPU" if estimate.mode == "inference" else "Training memory per GPU",
                    [b.label for b in estimate.bars], [b.segments for b in estimate.bars],
                    [b.usable_gb for b in estimate.bars], estimate.mode,
                    [b.total_gb for b in estimate.bars])
        if estimate is None or not estimate.curve:
            throughput = ("Shown for serving workloads." if estimate and estimate.mode == "finetune"
                          else "The model does not fit: no tokens/s." if estimate and estimate.fits is False
                          else "Choose a model in the workload panel." if estimate is None
                          else "No estimate: see the workload panel.",)
        else:
            throughput = (estimate.curve, estimate.current)
        power = state.report.power
        volts = state.psu_line_volts
        budget = (power.sustained_w, power.wall_w, power.peak_w, power.psu_w,
                  CIRCUITS[self._document.circuit].continuous_w,
                  f"PSU at {volts} V" if volts else "PSU rating")
        shown = {"vram": vram, "throughput": throughput, "power": budget}
        for name, figures in shown.items():
            if again or figures != self._shown.get(name):
                getattr(self, f"_show_{name}")(*figures)
        self._shown = shown

    def _show_vram(self, title: str, *bars) -> None:
        if not bars:
            self.vram.clear_bars(title)
            return
        self.vram.set_title(title)
        self.vram.show_bars(*bars)

    def _show_throughput(self, *figures) -> None:
        if len(figures) == 1:
            self.throughput.clear_curve(figures[0])
        else:
            self.throughput.show_curve(*figures)

    def _show_power(self, *budget) -> None:
        *figures, label = budget
        self.power.show_budget(*figures, psu_label=label)
