"""The workload panel's answer (verdict, suggestions, errors) is whole and in view on a laptop's
and a desktop's screen: every line wrapped inside the panel, none cut, the verdict scrolled into
view when the answer changes. Screenshots go to $CONFIGURATOR_SESSION_SHOTS (or the test's folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import pick, set_workload
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from configurator import paths
from configurator.ui.theme import status_colors

pytestmark = pytest.mark.gui


def cut_off(panel) -> list[str]:
    """Each visible text of the panel that is cut: lower than its wrapped lines need, narrower
    than its one line, or running past the right edge of the scroll area."""
    content, right = panel.scroll.widget(), panel.scroll.viewport().width()
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
        if widget.mapTo(content, QPoint(widget.width(), 0)).x() > right:
            problems.append(f"{widget.text()[:40]!r}: past the right edge")
    return problems


def verdict_in_view(panel) -> bool:
    """The verdict's top line, and all of it when the view is tall enough, is on screen."""
    top = panel.result.mapTo(panel.scroll.viewport(), QPoint(0, 0)).y()
    height = panel.scroll.viewport().height()
    return top >= 0 and top + min(panel.result.height(), height) <= height


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)], ids=["1280x800", "1600x1000"])
def test_every_answer_line_is_whole_and_the_verdict_in_view(qtbot, make_window, tmp_path, size):
    shots = Path(os.environ.get("CONFIGURATOR_SESSION_SHOTS", tmp_path)) / f"{size[0]}x{size[1]}"
    shots.mkdir(parents=True, exist_ok=True)
    window = make_window()
    window.resize(*size)
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    panel = window.workload

    def check(name: str, status: str) -> None:
        qtbot.wait(30)  # the verdict is brought into view once laid out
        assert panel.grab().save(str(shots / f"workload-{name}.png"))
        assert cut_off(panel) == [], name
        assert verdict_in_view(panel), name
        edge = panel.result.grab().toImage().pixelColor(2, panel.result.height() // 2)
        assert edge.name() == status_colors(status, panel.palette())[0], f"{name}: verdict's colour"

    set_workload(window, "llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)
    assert "does not fit" in panel.result.text() and panel.suggestion_buttons
    check("does-not-fit", "errors")
    nvfp4 = next(n for n, button in enumerate(panel.suggestion_buttons) if "NVFP4" in button.toolTip())
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(panel.suggestion_buttons[nvfp4], Qt.MouseButton.LeftButton)
    assert " fits " in panel.result.text()
    check("suggestion-taken", "buildable")
    pick(panel.parallel, "tp")
    window.document.apply_edit({"action": "set_quantity", "part": "nvidia-rtx-5090-fe", "quantity": 3})
    assert panel.result.text().startswith("Tensor parallel needs")
    check("estimate-error", "errors")
    pick(panel.mode, "finetune")
    assert "LoRA of" in panel.result.text()
    check("fine-tuning", "errors")
