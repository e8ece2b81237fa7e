"""The seller's logo in the quote settings: chosen with a file dialog filtered to PNG and JPEG,
previewed, refused in one line when it is not a printable image, removed, and printed."""

from __future__ import annotations

import os
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from configurator.quote import QuoteRegister, QuoteSettings, issue_quote, load_settings

pytestmark = pytest.mark.gui


def image_file(path, width: int, height: int):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f6f8b"))
    assert image.save(str(path))
    return path


@pytest.fixture
def dialog(qtbot):
    from configurator.ui.quote.settings_dialog import SellerSettingsDialog

    dialog = SellerSettingsDialog(QuoteSettings())
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def chooses(monkeypatch):
    """Stands in for the file dialog: answers with the next path and records the filter."""
    asked: list[str] = []
    answers: list = []

    def open_file(_parent, _title, _start, file_filter, *_args, **_kwargs):
        asked.append(file_filter)
        return (str(answers.pop(0)), file_filter) if answers else ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    return answers, asked


def test_a_png_is_chosen_previewed_saved_and_printed(qtbot, dialog, chooses, tmp_path,
                                                     resolved, report, request_):
    shots = Path(os.environ.get("CONFIGURATOR_SESSION_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    answers, asked = chooses
    logo = dialog.logo
    assert not logo.preview.pixmap().isNull(), "the bundled logo is shown before one is chosen"
    assert not logo.remove_button.isEnabled()
    png = image_file(tmp_path / "northwind.png", 600, 150)
    answers.append(png)
    qtbot.mouseClick(logo.choose_button, Qt.MouseButton.LeftButton)
    assert "*.png" in asked[0] and "*.jpg" in asked[0] and "*.jpeg" in asked[0]
    assert logo.path == str(png) and logo.name.text() == "northwind.png"
    assert logo.preview.pixmap().height() <= logo.preview.height()
    assert logo.remove_button.isEnabled() and not logo.problem.isVisibleTo(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(shots / "settings-with-logo.png"))
    dialog.save()
    settings = load_settings()
    assert settings.logo_path == str(png)
    result = issue_quote(resolved, request_, settings, tmp_path / "q.pdf",
                         register=QuoteRegister(tmp_path / "register.sqlite3"), report=report)
    images = pypdf.PdfReader(result.pdf_path).pages[0].images
    assert [image.image.size for image in images] == [(600, 150)], "this logo, not the bundled one"


def test_a_jpeg_is_taken_too(qtbot, dialog, chooses, tmp_path):
    answers, _asked = chooses
    answers.append(image_file(tmp_path / "logo.jpg", 400, 200))
    qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.edited().logo_path == str(tmp_path / "logo.jpg")


@pytest.mark.parametrize(("name", "make", "says"), [
    ("notes.png", lambda p: p.write_text("not an image", encoding="utf-8"), "is not a PNG or JPEG image"),
    ("banner.png", lambda p: image_file(p, 2000, 100), "more than 8 times as wide as high"),
    ("dot.png", lambda p: image_file(p, 8, 8), "a logo needs 16 to 6,000 px on each side"),
    ("photo.png", lambda p: image_file(p, 7000, 5000), "a logo needs 16 to 6,000 px on each side"),
    ("gone.png", lambda p: None, "gone.png cannot be read"),
], ids=["text-file", "too-wide", "too-small", "too-large", "missing"])
def test_a_file_that_is_not_a_printable_image_is_refused_in_one_line(qtbot, dialog, chooses,
                                                                     tmp_path, name, make, says):
    answers, _asked = chooses
    good = image_file(tmp_path / "good.png", 300, 100)
    answers.append(good)
    qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
    bad = tmp_path / name
    make(bad)
    answers.append(bad)
    qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
    problem = dialog.logo.problem
    assert problem.isVisibleTo(dialog) and says in problem.text() and "\n" not in problem.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert problem.width() >= problem.sizeHint().width(), "the reason is not cut"
    assert problem.height() >= problem.sizeHint().height()
    for widget in (dialog.logo.name, dialog.logo.choose_button, dialog.logo.remove_button):
        assert widget.height() >= widget.sizeHint().height(), widget.text()
    dialog.grab().save(str(tmp_path / f"refused-{name}.png"))
    assert dialog.logo.path == str(good), "the logo chosen before stays"
    assert dialog.edited().logo_path == str(good)


def test_remove_goes_back_to_the_bundled_logo(qtbot, dialog, chooses, tmp_path):
    answers, _asked = chooses
    answers.append(image_file(tmp_path / "logo.png", 300, 100))
    qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.logo.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.edited().logo_path == "" and dialog.logo.name.text() == "The bundled logo"
    assert not dialog.logo.remove_button.isEnabled() and not dialog.logo.preview.pixmap().isNull()


def test_a_saved_logo_since_removed_from_disk_says_so(qtbot, tmp_path):
    from configurator.ui.quote.settings_dialog import SellerSettingsDialog

    dialog = SellerSettingsDialog(QuoteSettings(logo_path=str(tmp_path / "moved.png")))
    qtbot.addWidget(dialog)
    assert "moved.png cannot be read" in dialog.logo.name.text()
    assert dialog.logo.remove_button.isEnabled()
