"""The three live charts under the topology, fed from the document's cached state."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from configurator.rules import CIRCUITS
from configurator.ui.charts.power_chart import PowerChart
from configurator.ui.charts.throughput_chart import ThroughputChart
from configurator.ui.charts.vram_chart import VramChart
from configurator.ui.document import BuildDocument
from configurator.ui.state import BuildChanges


class ChartsPanel(QWidget):
    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self.vram = VramChart()
        self.throughput = ThroughputChart()
        self.power = PowerChart()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for chart, stretch in ((self.vram, 4), (self.throughput, 4), (self.power, 3)):
            layout.addWidget(chart, stretch)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, _changes: BuildChanges) -> None:
        self.refresh()

    def refresh(self) -> None:
        state = self._document.state
        estimate = state.estimate
        if estimate is None or not estimate.bars:
            reason = "no workload" if estimate is None else estimate.error or "no estimate"
            self.vram.clear_bars(f"VRAM per GPU: {reason}")
        else:
            self.vram.set_title("VRAM per GPU" if estimate.mode == "inference"
                                else "Training memory per GPU")
            self.vram.show_bars([b.label for b in estimate.bars], [b.segments for b in estimate.bars],
                                [b.usable_gb for b in estimate.bars], estimate.mode)
        if estimate is None or not estimate.curve:
            why = ("for serving only" if estimate and estimate.mode == "finetune"
                   else "does not fit" if estimate and estimate.fits is False else "no workload")
            self.throughput.clear_curve(f"Tokens/s: {why}")
        else:
            self.throughput.set_title("Tokens/s vs concurrency")
            self.throughput.show_curve(estimate.curve, estimate.current)
        power = state.report.power
        circuit = CIRCUITS[self._document.circuit][2]
        self.power.show_budget(power.sustained_w, power.wall_w, power.peak_w, power.psu_w, circuit)
