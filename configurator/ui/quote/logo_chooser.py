"""The seller's logo in the quote settings: a preview, Choose… (PNG or JPEG) and Remove.

A file that is not a readable image of a printable size is refused with one line, and the
logo chosen before stays.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from configurator.quote import QuoteSettings

FORMATS = {b"png": "PNG", b"jpeg": "JPEG"}
MAX_FILE_BYTES = 10 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 16, 6000  # px: a logo too small to print sharp, or a photo
MAX_ASPECT = 8  # printed 12 mm high, so 96 mm wide at most: half the page
PREVIEW_HEIGHT, PREVIEW_WIDTH = 40, 200
FILTER = "Images (*.png *.jpg *.jpeg);;PNG (*.png);;JPEG (*.jpg *.jpeg)"


def read_logo(path: Path) -> QImage:
    """The logo at ``path``; raises ValueError with one line when it cannot be printed."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValueError(f"{name} cannot be read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ValueError(f"{name} is not a file")
    if size > MAX_FILE_BYTES:
        raise ValueError(f"{name} is {size / 1024 / 1024:.0f} MB; a logo needs at most "
                         f"{MAX_FILE_BYTES // 1024 // 1024} MB")
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    kind = bytes(reader.format().data())
    if kind not in FORMATS:
        raise ValueError(f"{name} is not a PNG or JPEG image")
    image = reader.read()
    if image.isNull():
        raise ValueError(f"{name} cannot be read as a {FORMATS[kind]} image: {reader.errorString()}")
    width, height = image.width(), image.height()
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise ValueError(f"{name} is {width} × {height} px; a logo needs {MIN_SIDE} to "
                         f"{MAX_SIDE:,} px on each side")
    if width > MAX_ASPECT * height:
        raise ValueError(f"{name} is {width} × {height} px, more than {MAX_ASPECT} times as wide "
                         "as high: it would not fit the quote's header")
    return image


class LogoChooser(QWidget):
    """Holds the chosen logo's path ('' for the bundled logo); says in one line, under it, why
    a file was refused."""

    def __init__(self, logo_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = logo_path
        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(PREVIEW_WIDTH, PREVIEW_HEIGHT)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.name = QLabel()
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setToolTip("A PNG or JPEG file, printed 12 mm high on every quote page")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Print the bundled logo instead")
        self.remove_button.clicked.connect(self.remove)
        self.problem = QLabel()
        self.problem.setObjectName("logoProblem")
        self.problem.setStyleSheet("color: #a1261b")
        self.problem.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self.name)
        column.addLayout(buttons)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem)  # one line across the row; the dialog widens to it
        self._show()

    def choose(self) -> None:
        start = str(Path(self.path).parent) if self.path else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the store's logo", start, FILTER)
        if chosen:
            self.use(Path(chosen))

    def use(self, path: Path) -> bool:
        """Take ``path`` as the logo; False, saying why, when it cannot be printed."""
        try:
            read_logo(path)
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return False
        self.path = str(path)
        self._show()
        return True

    def remove(self) -> None:
        self.path = ""
        self._show()

    def _show(self) -> None:
        self.problem.hide()
        try:
            image = read_logo(QuoteSettings(logo_path=self.path).logo_file())
        except ValueError as exc:  # a logo chosen earlier and since moved or damaged
            self.preview.clear()
            self.name.setText(f"{exc}; choose it again or remove it")
        else:
            self.preview.setPixmap(QPixmap.fromImage(image).scaled(
                PREVIEW_WIDTH, PREVIEW_HEIGHT, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
            self.name.setText(Path(self.path).name if self.path else "The bundled logo")
        self.name.setToolTip(self.path)
        self.remove_button.setEnabled(bool(self.path))
