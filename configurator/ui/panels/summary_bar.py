"""The always-visible line: price, power, VRAM and whether the build can be built."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from configurator.parts.vram import BASIS, gb_text, total_text
from configurator.rules import CIRCUITS
from configurator.ui.document import BuildDocument
from configurator.ui.state import BuildChanges
from configurator.ui.theme import status_colors

STATUS_TEXT = {"buildable": "Buildable", "warnings": "Warnings", "errors": "Errors",
               "incomplete": "Incomplete"}
STATUS_TIPS = {
    "incomplete": "Parts are still missing; the findings say which.",
    "buildable": "Every check passes.",
    "warnings": "It can be built; the findings list what to watch.",
    "errors": "It cannot be built as it is; see the findings for fixes.",
}
CIRCUIT_LABELS = {key: circuit.name for key, circuit in CIRCUITS.items()}


class ElidedLabel(QLabel):
    """A bold one-line label that ends in "…" when it does not fit; the tooltip has it whole."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.full_text = ""
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def set_full_text(self, text: str) -> None:
        if text == self.full_text:
            return
        self.full_text = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.update()

    def visible_text(self) -> str:
        return self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         self.visible_text())


class FigureLabel(QWidget):
    """A figure in bold and the words after it, drawn as two runs of plain text: a rich-text
    label would lay its text out again while painting and so paint twice on every change."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.figure, self.words = "", ""
        self.bold = self.font()
        self.bold.setBold(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_text(self, figure: str, words: str = "") -> None:
        if (figure, words) == (self.figure, self.words):
            return
        self.figure, self.words = figure, words
        self.setAccessibleName(self.text())
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return self.figure + self.words

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.bold = self.font()
            self.bold.setBold(True)
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        bold, plain = QFontMetrics(self.bold), self.fontMetrics()
        width = bold.horizontalAdvance(self.figure) + plain.horizontalAdvance(self.words)
        return QSize(width, max(bold.height(), plain.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.rect()
        align = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        painter.setFont(self.bold)
        painter.drawText(rect, align, self.figure)
        rect.setLeft(rect.left() + QFontMetrics(self.bold).horizontalAdvance(self.figure))
        painter.setFont(self.font())
        painter.drawText(rect, align, self.words)


class SummaryBar(QFrame):
    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self.setObjectName("summaryBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.name = ElidedLabel()
        self.name.setObjectName("buildName")
        self.price = FigureLabel()
        self.price.setObjectName("price")
        self.price.setToolTip("Total price of the build")
        self.power = FigureLabel()
        self.power.setObjectName("power")
        self.vram = FigureLabel()
        self.vram.setObjectName("vram")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.circuit = QComboBox()
        self.circuit.setAccessibleName("Wall circuit")
        self.circuit.setToolTip("The wall circuit the machine will run on")
        for name, label in CIRCUIT_LABELS.items():
            self.circuit.addItem(label, name)
        self.circuit.setCurrentIndex(self.circuit.findData(document.circuit))
        self.circuit.currentIndexChanged.connect(
            lambda _n: document.set_circuit(self.circuit.currentData()))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(14)
        layout.addWidget(self.name, 1)
        for widget in (self.price, self.power, self.vram, self.circuit, self.status):
            layout.addWidget(widget)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, _changes: BuildChanges) -> None:
        self.refresh()

    def refresh(self) -> None:
        state = self._document.state
        report = state.report
        self.name.set_full_text(state.build.name)
        price = report.price
        self.price.set_text(price.text())
        power = report.power
        psu = f" / {power.psu_w:,.0f} W PSU" if power.psu_w else ", no PSU"
        if state.psu_line_volts:
            psu += f" at {state.psu_line_volts} V"
        self.power.set_text(f"{power.sustained_w:,.0f} W", psu)
        self.power.setToolTip(f"Sustained {power.sustained_w:,.0f} W · peak {power.peak_w:,.0f} W"
                              f" · wall {power.wall_w:,.0f} W · PSU load {power.load_pct:.0f} %")
        gpus, working = len(state.resolved.gpus), len(state.working_gpus)
        count = f"{gpus} GPU{'s' * (gpus != 1)}" if working == gpus else f"{working} of {gpus} GPUs usable"
        self.vram.set_text(gb_text(state.total_vram_bytes), f" VRAM, {count}")
        cards = [u.part.vram_bytes for u in state.working_gpus]
        self.vram.setToolTip(f"Memory of the working GPUs: {total_text(cards)}. {BASIS}.")
        status = report.status
        # Missing parts are work in progress, not a warning about what was chosen.
        if status == "warnings" and any(f.code == "FIT-INCOMPLETE" for f in report.findings):
            status = "incomplete"
        background, foreground = status_colors(status, self.palette())
        self.status.setText(STATUS_TEXT[status])
        self.status.setToolTip(STATUS_TIPS[status])
        sheet = (f"QLabel {{ background: {background}; color: {foreground}; border-radius: 4px;"
                 " padding: 2px 8px; font-weight: bold; }")
        if sheet != self.status.styleSheet():  # a new style sheet restyles the chip: only on a change
            self.status.setStyleSheet(sheet)
        if self.circuit.currentData() != self._document.circuit:
            self.circuit.blockSignals(True)
            self.circuit.setCurrentIndex(self.circuit.findData(self._document.circuit))
            self.circuit.blockSignals(False)
