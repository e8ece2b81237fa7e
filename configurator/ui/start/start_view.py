"""Layout of the start page: three ways to begin a build, side by side."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

MAX_WIDTH, MAX_HEIGHT = 1180, 600  # a readable block, centred on large screens


def _heading(text: str, points_up: int) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() + points_up)
    font.setBold(True)
    label.setFont(font)
    return label


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class _Card(QFrame):
    """One choice: a title, what it does, whatever it needs, and the button that starts it."""

    def __init__(self, title: str, text: str, button: QPushButton, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 16)
        self.body.setSpacing(10)
        self.body.addWidget(_heading(title, 3))
        self.body.addWidget(_text(text))
        self._button = button
        button.setMinimumHeight(button.sizeHint().height() + 8)

    def finish(self, stretch: bool = True) -> None:
        """Close the card with its button at the bottom, aligned across the three cards."""
        if stretch:
            self.body.addStretch(1)
        self.body.addWidget(self._button)


class StartView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        self.workload_button = QPushButton("Describe the workload…")
        self.workload_button.setObjectName("startWorkload")
        self.example_button = QPushButton("Open example")
        self.example_button.setObjectName("startExample")
        self.empty_button = QPushButton("Empty build")
        self.empty_button.setObjectName("startEmpty")
        self.back_button = QPushButton()
        self.back_button.setObjectName("startBack")
        self.back_button.setFlat(True)
        self.examples = QListWidget()
        self.examples.setObjectName("exampleList")
        self.examples.setAccessibleName("Example builds")
        self.examples.setWordWrap(True)  # names differ at their ends ("… dual RTX 5090")
        self.examples.setSpacing(2)
        self.examples.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.example_detail = _text("")
        self.example_detail.setObjectName("exampleDetail")
        self.example_detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)

        workload = _Card(
            "Start from a workload",
            "Say which model the customer wants to run, for how many users, within which "
            "budget and on which wall circuit. The search checks and prices complete builds "
            "from the catalog and ranks those that meet the service levels.",
            self.workload_button)
        workload.body.addWidget(_text(
            "You get the best few builds with price, tokens/s per user, power and warnings, "
            "and a chart of what more money buys."))
        self.workload_button.setDefault(True)
        workload.finish()
        example = _Card(
            "Start from an example",
            "Begin from one of the tested example builds and change it; saving asks for a "
            "new file, so the example stays as it is.",
            self.example_button)
        example.body.addWidget(self.examples, 1)
        example.body.addWidget(self.example_detail)
        example.finish(stretch=False)
        empty = _Card(
            "Empty build",
            "Pick every part yourself: case, board, CPU, GPUs, memory, storage and power "
            "supply, checked as you go.",
            self.empty_button)
        empty.finish()

        cards = QHBoxLayout()
        cards.setSpacing(16)
        cards.addWidget(workload, 4)
        cards.addWidget(example, 5)
        cards.addWidget(empty, 3)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(_heading("Start a build", 8))
        column.addWidget(_text("How does the customer want to begin?"))
        column.addSpacing(8)
        column.addLayout(cards, 1)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumSize(MAX_WIDTH, MAX_HEIGHT)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder, 100)
        row.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(row, 100)
        outer.addStretch(1)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1100, 640)
