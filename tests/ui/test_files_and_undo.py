"""Undo/redo of every edit, saving and opening, bad files, autosave and crash recovery."""

from __future__ import annotations

import json

import pytest
from conftest import MES2X, build_by_hand, choose
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from configurator.build import load_build
from configurator.ui.files import autosave_path, read_autosave

pytestmark = pytest.mark.gui


def test_undo_and_redo_walk_every_edit(qtbot, window):
    build_by_hand(qtbot, window, MES2X)
    stack = window.document.undo_stack
    built = window.document.build
    assert stack.count() == 9  # eight picks, one "Add another"
    choose(qtbot, window, "gpu", "nvidia-rtx-pro-6000-blackwell-ws")
    assert "206.2 GB" in window.summary.vram.text()

    window.undo_action.trigger()
    assert window.document.build == built
    assert "68.7 GB" in window.summary.vram.text()
    window.redo_action.trigger()
    assert "206.2 GB" in window.summary.vram.text()
    while stack.canUndo():
        window.undo_action.trigger()
    assert window.document.build.items == []
    assert "0.0 GB" in window.summary.vram.text()


def test_save_then_open_round_trips_and_tracks_dirty_state(qtbot, window, tmp_path):
    build_by_hand(qtbot, window, MES2X[:3])
    assert window.isWindowModified()
    path = tmp_path / "mes2x.json"
    assert window.files.save_to(path)
    assert not window.isWindowModified()
    assert load_build(path) == window.document.build
    assert window.files.recent()[0] == str(path.resolve())

    window.files.new()
    assert window.document.build.items == []
    assert window.files.open_path(path)
    assert [i.part for i in window.document.build.items] == [p for _k, p, _q in MES2X[:3]]
    assert "mes2x.json" in window.windowTitle()


@pytest.mark.parametrize("content", [
    b"{not json",
    b'{"schema_version": 1, "items": [{"part": "no-such-part"}]}',
    b'{"schema_version": 99}',
    b"[" * 100_000 + b"]" * 100_000,
    b"\xff\xfe\x00garbage",
    b'{"schema_version": 1, "items": [{"part": "nvidia-rtx-5090-fe", "slots": ["M.2_1"]}]}',
])
def test_a_bad_file_shows_a_message_and_leaves_the_build_alone(qtbot, window, tmp_path,
                                                               message_boxes, content):
    build_by_hand(qtbot, window, MES2X[:2])
    before = window.document.build
    bad = tmp_path / "hostile.json"
    bad.write_bytes(content)

    assert not window.files.open_path(bad, ask=False)

    kind, title, text = message_boxes.shown[-1]
    assert kind == "critical" and "hostile.json" in text
    assert window.document.build == before
    assert window.isWindowModified()


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window, message_boxes):
    build_by_hand(qtbot, window, MES2X[:1])
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert message_boxes.shown[-1][0] == "question"
    assert window.isVisible()
    message_boxes.answer = QMessageBox.StandardButton.Discard
    assert window.close()


def test_autosave_is_offered_back_after_a_crash(qtbot, make_window):
    first = make_window()
    build_by_hand(qtbot, first, MES2X[:4])
    assert first.files.autosave_now()
    saved = json.loads(autosave_path().read_text())
    assert [i["part"] for i in saved["build"]["items"]] == [p for _k, p, _q in MES2X[:4]]
    # A crash: the session never shuts down; its lock dies with the process.
    first.files._lock.unlock()

    second = make_window()
    pending = second.files.pending_recovery()
    assert pending is not None
    second.files.recover(*pending)
    assert [i.part for i in second.document.build.items] == [p for _k, p, _q in MES2X[:4]]
    assert second.isWindowModified(), "recovered work is unsaved work"


def test_a_clean_exit_leaves_nothing_to_recover(qtbot, window, message_boxes):
    build_by_hand(qtbot, window, MES2X[:2])
    window.files.autosave_now()
    assert autosave_path().exists()
    message_boxes.answer = QMessageBox.StandardButton.Discard
    window.close()
    assert not autosave_path().exists()
    assert read_autosave() is None


def test_keyboard_undo_shortcut(qtbot, window):
    build_by_hand(qtbot, window, MES2X[:2])
    window.activateWindow()
    qtbot.keyClick(window.parts.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [i.part for i in window.document.build.items] == [MES2X[0][1]]
