"""The banner over the main window when some of the store's own part or model files could not
be loaded: the app runs without them, and Details… lists each file and why."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget


class LeftOutBanner(QFrame):
    def __init__(self, lines: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("leftOutBanner")
        self.lines = list(lines)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#leftOutBanner { background: #fff4ce; border: 1px solid #c8a200; }"
                           "#leftOutBanner QLabel { color: #3b2f00; }")
        count = len(self.lines)
        self.label = QLabel(
            f"{count} of your own part or model file{'s' if count != 1 else ''} could not be "
            "loaded and {} left out; everything else works. Builds that use {} show an error."
            .format("is" if count == 1 else "are", "it" if count == 1 else "them"))
        self.label.setWordWrap(True)
        self.details = QPushButton("Details…")
        self.details.clicked.connect(self.show_details)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.dismiss)
        self.setVisible(bool(self.lines))

    def details_box(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "Files left out",
                          "These files in your parts folder could not be loaded. Fix or remove "
                          "them, then restart the app.", QMessageBox.StandardButton.Close, self)
        box.setDetailedText("\n".join(self.lines))
        box.setInformativeText("\n".join(self.lines[:5]) + ("\n…" if len(self.lines) > 5 else ""))
        return box

    def show_details(self) -> None:
        self.details_box().exec()
