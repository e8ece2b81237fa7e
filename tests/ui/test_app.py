"""Starting the app, the About box and importing a price list."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog

from configurator import paths
from configurator.parts.prices import load_price_overrides
from configurator.ui.dialogs.about import about_text
from configurator.ui.dialogs.price_import import PriceImportDialog, import_prices, report_text

pytestmark = pytest.mark.gui


def test_smoke_test_shows_the_window_and_quits_by_itself(tmp_path):
    env = {**os.environ, "CONFIGURATOR_USER_DATA": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "configurator", "--smoke-test"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("smoke-test: window shown in ")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "autosave.json").exists()


def test_about_names_the_version_and_catalog_date(catalog):
    from configurator import __version__

    text = about_text(catalog)
    assert __version__ in text
    newest = max(p.price.as_of for p in catalog).isoformat()
    assert newest in text and f"{len(catalog)} parts" in text


def test_price_import_shows_the_report_and_applies_on_agreement(qtbot, window, tmp_path, monkeypatch):
    window.files.open_path(paths.examples_dir() / "es620-dual-pro6000.json", ask=False)
    before = window.document.state.report.price.total
    csv = tmp_path / "prices.csv"
    csv.write_text("part,price,currency,as_of\n"
                   "nvidia-rtx-pro-6000-blackwell-ws,8000.00,USD,2026-11-01\n"
                   "no-such-part,1.00,USD,2026-11-01\n"
                   "amd-ryzen-9-9950x3d,abc,USD,2026-11-01\n", encoding="utf-8")
    shown = []

    def accept(dialog):
        shown.append(report_text(dialog.result))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PriceImportDialog, "exec", accept)
    assert import_prices(window, window.document, csv)
    assert "no-such-part" in shown[0] and "line 4" in shown[0]
    assert window.document.state.report.price.total < before
    assert "nvidia-rtx-pro-6000-blackwell-ws" in load_price_overrides()


def test_starting_with_a_bad_build_file_shows_why_and_opens_an_empty_build(qtbot, tmp_path,
                                                                           message_boxes):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from configurator.ui.app import run_app
    from configurator.ui.main_window import MainWindow

    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema_version": 1, "items": [', encoding="utf-8")
    seen = {}

    def inspect_and_quit():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen["items"] = window.document.build.items
        seen["visible"] = window.isVisible()
        window.close()
        window.deleteLater()
        app.quit()

    QTimer.singleShot(0, inspect_and_quit)
    try:
        assert run_app([str(bad)]) == 0
    finally:
        app.setStyle(style)
        app.setPalette(palette)
    assert seen == {"items": [], "visible": True}
    assert message_boxes.shown[0][0] == "critical" and "broken.json" in message_boxes.shown[0][2]


def test_window_layout_and_recent_files_persist(qtbot, make_window, tmp_path):
    first = make_window()
    first.docks["workload"].hide()
    first.files.save_to(tmp_path / "a.json")
    first.close()

    second = make_window()
    assert not second.docks["workload"].isVisible()
    assert second.recent_menu.actions()[0].text().endswith("a.json")
