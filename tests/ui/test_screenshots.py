"""Screenshots of the main window for a person to look at: both article builds built by hand,
the comparison, and the dark palette. Written to $CONFIGURATOR_SCREENSHOTS (docs/screenshots
when refreshing the README) or to the test's temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ES620, MES2X, build_by_hand, set_workload
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from configurator import paths
from configurator.ui.theme import apply_theme

pytestmark = pytest.mark.gui


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("CONFIGURATOR_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(qtbot, widget, path: Path) -> None:
    qtbot.wait(250)  # let the docks settle and the chart axes measure their labels
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 20_000


def name_build(window, monkeypatch, name: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (name, True)))
    window.rename_action.trigger()


def test_screenshots_of_the_two_article_builds(qtbot, window, shots, monkeypatch):
    build_by_hand(qtbot, window, MES2X)
    name_build(window, monkeypatch, "MES2X: Meshify 2 XL + X870 AORUS ELITE, dual RTX 5090")
    set_workload(window, "qwen3-30b-a3b", "awq-int4", "bf16", 8192, 64, 1000, 1000)
    window.findings.select_code("LANE-CHIPSET-GPU")
    save(qtbot, window, shots / "mes2x-dual-rtx5090.png")

    window.files.new()
    build_by_hand(qtbot, window, ES620)
    name_build(window, monkeypatch, "ES620: Enthoo Pro 2 Server + X870E Dark Hero, dual RTX PRO 6000")
    set_workload(window, "llama-3.3-70b", "fp8", "fp8", 32768, 8, 2000, 500)
    save(qtbot, window, shots / "es620-dual-pro6000.png")

    compare = window.compare_with(paths.examples_dir() / "mes2x-dual-rtx5090.json")
    qtbot.addWidget(compare)
    save(qtbot, compare, shots / "compare-es620-vs-mes2x.png")


def test_screenshot_in_the_dark_palette(qtbot, make_window, shots):
    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    apply_theme(app, dark=True)
    try:
        window = make_window()
        window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090-nvme-m2d-sb.json", ask=False)
        window.findings.select_code("LANE-SLOT-DISABLED")
        save(qtbot, window, shots / "mes2x-nvme-disables-slot-dark.png")
    finally:
        app.setStyle(style)
        app.setPalette(palette)
        apply_theme(app, dark=False)


def test_screenshots_of_the_start_page_and_a_workload_search(qtbot, window, shots):
    window.show_start()
    save(qtbot, window, shots / "start-page.png")
    qtbot.mouseClick(window.start.page.workload_button, Qt.MouseButton.LeftButton)
    screen = window.start.recommend
    with qtbot.waitSignal(screen.search.finished, timeout=60_000):
        qtbot.mouseClick(screen.form.find_button, Qt.MouseButton.LeftButton)
    assert screen.results.rows
    save(qtbot, window, shots / "recommend-70b-8-users.png")
