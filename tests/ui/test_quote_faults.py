"""The app asks before replacing quote files and offers to move a damaged register aside."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from configurator import paths
from configurator.build import load_build
from configurator.quote import REGISTER_FILE

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, catalog, example):
    from configurator.ui.quote import QuoteDialog

    dialog = QuoteDialog(load_build(example("es620-dual-rtx5090")), catalog)
    qtbot.addWidget(dialog)
    return dialog


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(path), "PDF (*.pdf)")))


def test_replacing_an_existing_quote_asks_first(dialog, monkeypatch, tmp_path, message_boxes):
    pdf = tmp_path / "q.pdf"
    (tmp_path / "q.json").write_text("the customer's copy")
    choose_file(monkeypatch, pdf)
    message_boxes.answer = QMessageBox.StandardButton.No
    dialog._choose_and_export()
    kind, _, text = message_boxes.shown[-1]
    assert kind == "question" and "q.json already exists" in text
    assert (tmp_path / "q.json").read_text() == "the customer's copy" and not pdf.exists()
    message_boxes.answer = QMessageBox.StandardButton.Yes
    dialog._choose_and_export()
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_a_damaged_register_is_offered_to_be_moved_aside(dialog, monkeypatch, tmp_path,
                                                         message_boxes):
    register = paths.user_data_dir() / REGISTER_FILE
    register.parent.mkdir(parents=True, exist_ok=True)
    register.write_bytes(b"garbage" * 50)
    choose_file(monkeypatch, tmp_path / "q.pdf")
    message_boxes.answer = QMessageBox.StandardButton.No
    dialog._choose_and_export()
    kind, _, text = message_boxes.shown[-1]
    assert kind == "question" and "damaged" in text and str(register) in text
    assert register.read_bytes() == b"garbage" * 50
    message_boxes.answer = QMessageBox.StandardButton.Yes
    dialog._choose_and_export()
    moved = [p for p in register.parent.iterdir() if p.name.startswith(f"{REGISTER_FILE}.damaged-")]
    assert len(moved) == 1 and moved[0].read_bytes() == b"garbage" * 50
    assert not register.exists()
    dialog._choose_and_export()
    assert (tmp_path / "q.pdf").is_file()


def test_the_register_window_offers_to_move_a_damaged_register_aside(window, qtbot,
                                                                     message_boxes):
    register = paths.user_data_dir() / REGISTER_FILE
    register.parent.mkdir(parents=True, exist_ok=True)
    register.write_bytes(b"garbage" * 50)
    message_boxes.answer = QMessageBox.StandardButton.No
    window.quotes.open_register()
    shown = window.quotes.register_window
    qtbot.addWidget(shown)  # a window of its own: closed after the test
    qtbot.waitUntil(lambda: not shown.loading, timeout=10_000)
    kind, _, text = message_boxes.shown[-1]
    assert kind == "question" and "damaged" in text and str(register) in text
    assert shown.state.full_text.startswith(f"The register cannot be read: the quote register "
                                            f"{register} is damaged")
    assert shown.retry.isVisible() and register.read_bytes() == b"garbage" * 50
    message_boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(shown.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shown.loading, timeout=10_000)
    assert not shown.state.isVisible() and shown.count.text() == "0 quotes"
    moved = [p for p in register.parent.iterdir() if p.name.startswith(f"{REGISTER_FILE}.damaged-")]
    assert len(moved) == 1 and moved[0].read_bytes() == b"garbage" * 50
