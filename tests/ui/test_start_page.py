"""The start page: what launch and File › New show, and each way to begin a build from it."""

from __future__ import annotations

import pytest
from conftest import MES2X, build_by_hand
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from configurator import paths
from configurator.build import example_builds

pytestmark = pytest.mark.gui


def new_from_menu(window) -> None:
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&New…")
    action.trigger()


def test_start_page_covers_the_editor_and_gives_the_docks_back(qtbot, window):
    window.show_start()
    assert window.showing_start
    assert not any(dock.isVisible() for dock in window.docks.values())
    assert not window.summary_bar.isVisible()
    assert not window.start.page.back_button.isVisible()  # at launch there is nothing to go back to

    qtbot.mouseClick(window.start.page.empty_button, Qt.MouseButton.LeftButton)
    assert not window.showing_start
    assert all(window.docks[name].isVisible() for name in ("parts", "findings", "workload"))
    assert window.summary_bar.isVisible()
    assert window.document.build.items == [] and not window.isWindowModified()


def test_examples_are_offered_by_name_and_open_as_a_new_unsaved_copy(qtbot, window):
    window.show_start()
    page = window.start.page
    listed = [page.examples.item(n).text() for n in range(page.examples.count())]
    examples = example_builds(paths.examples_dir())
    assert listed == [e.name for e in examples]
    row = next(n for n, e in enumerate(examples) if e.path.stem == "trpro-quad-pro6000-maxq")
    page.examples.setCurrentRow(row)
    assert "4 × NVIDIA RTX PRO 6000" in page.example_detail.text()
    assert "Llama 3.3 70B" in page.example_detail.text()

    qtbot.mouseClick(page.example_button, Qt.MouseButton.LeftButton)
    assert not window.showing_start
    assert window.document.path is None  # saving asks for a new file; the example stays as it is
    assert window.document.build.name == examples[row].name
    assert len(window.document.state.resolved.gpus) == 4
    assert not window.isWindowModified()
    assert window.document.title in window.windowTitle()


def test_new_shows_the_start_page_and_asks_before_replacing_unsaved_work(qtbot, window,
                                                                        message_boxes):
    build_by_hand(qtbot, window, MES2X[:2])
    built = window.document.build
    new_from_menu(window)
    assert window.showing_start
    back = window.start.page.back_button
    assert back.isVisible() and window.document.title in back.text()

    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert not window.showing_start and window.document.build == built

    new_from_menu(window)
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    qtbot.mouseClick(window.start.page.empty_button, Qt.MouseButton.LeftButton)
    assert message_boxes.shown[-1][1] == "Unsaved changes"
    assert window.showing_start and window.document.build == built

    message_boxes.answer = QMessageBox.StandardButton.Discard
    page = window.start.page
    page.examples.setCurrentRow(0)
    page.examples.itemActivated.emit(page.examples.currentItem())
    assert not window.showing_start
    assert window.document.build.name == page.examples.item(0).text()


def test_the_layout_saved_while_the_start_page_shows_is_the_editors(qtbot, make_window):
    first = make_window()
    first.docks["workload"].hide()
    first.show_start()
    first.close()

    second = make_window()
    assert all(second.docks[name].isVisible() for name in ("parts", "findings"))
    assert not second.docks["workload"].isVisible()


def test_launching_without_a_file_opens_on_the_start_page(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from configurator.ui.app import run_app
    from configurator.ui.main_window import MainWindow

    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    seen = {}

    def inspect_and_quit():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen["start"] = window.showing_start and window.isVisible()
        window.close()
        window.deleteLater()
        app.quit()

    QTimer.singleShot(0, inspect_and_quit)
    try:
        assert run_app([]) == 0
    finally:
        app.setStyle(style)
        app.setPalette(palette)
    assert seen == {"start": True}
