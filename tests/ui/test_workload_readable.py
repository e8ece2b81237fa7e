"""The workload panel's answer (verdict, suggestions, errors) is whole and in sight on a laptop's
and a desktop's screen, and never moves the field being edited: every line wrapped inside the
panel, none cut; the verdict strip with its colour edge and the first change that makes it fit
in view after every change, while the chooser or number just used stays where it was.
Screenshots go to $CONFIGURATOR_SESSION_SHOTS (or the test's folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import pick, set_workload
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from configurator import paths
from configurator.ui.theme import status_colors

pytestmark = pytest.mark.gui

SIZES = pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)], ids=["1280x800", "1600x1000"])


def cut_off(panel) -> list[str]:
    """Each visible text of the panel that is cut: lower than its wrapped lines need, narrower
    than its one line, or running past the right edge of its scroll area (or of the panel)."""
    problems = []
    for widget in (*panel.findChildren(QLabel), *panel.findChildren(QPushButton)):
        if not widget.isVisibleTo(panel) or not widget.text():
            continue
        wraps = isinstance(widget, QLabel) and widget.wordWrap()
        if wraps and widget.height() < widget.heightForWidth(widget.width()):
            problems.append(f"{widget.text()[:40]!r}: {widget.height()} px high for "
                            f"{widget.heightForWidth(widget.width())} px of lines")
        if not wraps and widget.width() < widget.sizeHint().width():
            problems.append(f"{widget.text()[:40]!r}: {widget.width()} px wide for "
                            f"{widget.sizeHint().width()} px of text")
        area = next((a for a in (panel.scroll, panel.answer_scroll) if a.widget().isAncestorOf(widget)), None)
        inside, right = (area.widget(), area.viewport().width()) if area else (panel, panel.width())
        if widget.mapTo(inside, QPoint(widget.width(), 0)).x() > right:
            problems.append(f"{widget.text()[:40]!r}: past the right edge")
    return problems


def in_sight(widget: QWidget) -> bool:
    """The whole widget is on screen: shown, and cut by none of its parents (a scroll area's
    viewport, the splitter, the dock)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while widget.isVisible() and parent is not None and parent is not window:
        if not QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()).contains(rect):
            return False
        parent = parent.parentWidget()
    return widget.isVisible()


def answer_in_sight(panel) -> list[str]:
    """What of the answer is out of sight: the verdict strip, the first change and its text."""
    shown = [("verdict", panel.verdict)]
    if panel.suggestion_buttons:
        button = panel.suggestion_buttons[0]
        text = panel.suggestions.itemAtPosition(0, 1).widget()
        shown += [("first change's Apply", button), ("first change's text", text)]
    return [name for name, widget in shown if not in_sight(widget)]


def edge_colour(panel) -> str:
    return panel.verdict.grab().toImage().pixelColor(2, panel.verdict.height() // 2).name()


def open_mes2x(qtbot, make_window, size):
    window = make_window()
    window.resize(*size)
    qtbot.wait(50)  # the docks take their default sizes once the window is laid out
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    qtbot.wait(30)  # laid out, as it is by the time a person reaches for the form
    return window


def shots_folder(tmp_path, size) -> Path:
    shots = Path(os.environ.get("CONFIGURATOR_SESSION_SHOTS", tmp_path)) / f"{size[0]}x{size[1]}"
    shots.mkdir(parents=True, exist_ok=True)
    return shots


@SIZES
def test_every_answer_line_is_whole_and_the_verdict_in_sight(qtbot, make_window, tmp_path, size):
    shots = shots_folder(tmp_path, size)
    window = open_mes2x(qtbot, make_window, size)
    panel = window.workload

    def check(name: str, status: str) -> None:
        qtbot.wait(30)
        assert panel.grab().save(str(shots / f"workload-{name}.png"))
        assert cut_off(panel) == [], name
        assert answer_in_sight(panel) == [], name
        assert edge_colour(panel) == status_colors(status, panel.palette())[0], f"{name}: verdict's colour"

    set_workload(window, "llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)
    assert "does not fit" in panel.result.text() and panel.suggestion_buttons
    assert panel.verdict.text() == "Does not fit: 7.2 GB short on the fullest GPU"
    assert panel.suggestions_title.text() == f"<b>{len(panel.suggestion_buttons)} changes that make it fit</b>"
    check("does-not-fit", "errors")
    nvfp4 = next(n for n, button in enumerate(panel.suggestion_buttons) if "NVFP4" in button.toolTip())
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(panel.suggestion_buttons[nvfp4], Qt.MouseButton.LeftButton)
    assert " fits " in panel.result.text()
    assert panel.verdict.text().startswith("Fits, but only 1 of 8 users at once")
    check("suggestion-taken", "warnings")
    panel.concurrency.setValue(1)
    assert panel.verdict.text().startswith("Fits: 1 user, about ") and not panel.suggestion_buttons
    check("fits", "buildable")
    pick(panel.parallel, "tp")
    window.document.apply_edit({"action": "set_quantity", "part": "nvidia-rtx-5090-fe", "quantity": 3})
    assert panel.result.text().startswith("Tensor parallel needs")
    assert panel.verdict.text().startswith("Cannot tell: tensor parallel needs")
    assert not panel.result.isVisible(), "the verdict says the error whole; the details would repeat it"
    check("estimate-error", "errors")
    pick(panel.mode, "finetune")
    assert "LoRA of" in panel.result.text() and panel.verdict.text().startswith("Does not fit: ")
    check("fine-tuning", "errors")


@SIZES
def test_the_field_being_edited_stays_put_and_the_answer_in_sight(qtbot, make_window, tmp_path, size):
    """Focus the model chooser and choose, with the keyboard, a model that does not fit; take a
    change; then change the users with the form scrolled to its end. The field used never moves,
    and the verdict strip says each new answer."""
    shots = shots_folder(tmp_path, size)
    window = open_mes2x(qtbot, make_window, size)
    panel = window.workload
    assert panel.scroll.verticalScrollBar().maximum() > 0, "the form is taller than its area here"

    def where(widget) -> QPoint:
        return widget.mapTo(window, QPoint(0, 0))

    def edit(widget, change) -> None:
        panel.scroll.ensureWidgetVisible(widget)  # the person scrolls to the field and uses it
        widget.setFocus()
        assert widget.hasFocus() and in_sight(widget)
        before = where(widget)
        with qtbot.waitSignal(window.document.changed):
            change()
        qtbot.wait(50)  # anything posted for after the layout has run
        assert where(widget) == before, "the field being edited moved"
        assert in_sight(widget)
        assert answer_in_sight(panel) == []

    window.activateWindow()
    qtbot.waitActive(window)
    set_workload(window, "llama-3.1-8b", "bf16", "bf16", 8192, 8, 1000, 1000)
    qtbot.wait(30)
    assert panel.verdict.text().startswith("Fits: 8 users at once")
    assert panel.model.itemData(panel.model.currentIndex() + 1) == "llama-3.3-70b"
    edit(panel.model, lambda: qtbot.keyClick(panel.model, Qt.Key.Key_Down))
    assert window.document.build.workload.model == "llama-3.3-70b"
    assert panel.verdict.text().startswith("Does not fit: ")
    assert edge_colour(panel) == status_colors("errors", panel.palette())[0]
    assert panel.grab().save(str(shots / "workload-model-chosen.png"))

    before = panel.verdict.text()
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(panel.suggestion_buttons[0], Qt.MouseButton.LeftButton)
    assert panel.verdict.text() != before and panel.verdict.text().startswith("Fits")
    qtbot.wait(30)
    assert answer_in_sight(panel) == []

    bar = panel.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    users = panel.verdict.text()
    edit(panel.concurrency, lambda: qtbot.keyClick(panel.concurrency, Qt.Key.Key_Up))
    assert panel.verdict.text() != users
    edit(panel.concurrency, lambda: panel.concurrency.setValue(1))  # the changes go away
    assert panel.verdict.text().startswith("Fits: 1 user, about ") and not panel.suggestion_buttons
    assert panel.grab().save(str(shots / "workload-users-changed.png"))


def test_tab_goes_down_the_form_then_to_the_changes(qtbot, make_window):
    window = open_mes2x(qtbot, make_window, (1280, 800))
    panel = window.workload
    set_workload(window, "llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)
    window.activateWindow()
    qtbot.waitActive(window)
    panel.mode.setFocus()
    visited = [panel.mode]
    while visited[-1] is not panel.find_builds and len(visited) < 30:
        qtbot.keyClick(visited[-1], Qt.Key.Key_Tab)
        visited.append(window.focusWidget())
    fields = [panel.mode, panel.model, panel.weights, panel.kv_cache, panel.context, panel.concurrency,
              panel.input_tokens, panel.output_tokens, panel.parallel, panel.gpus]
    assert visited == [*fields, *panel.suggestion_buttons, panel.find_builds]
