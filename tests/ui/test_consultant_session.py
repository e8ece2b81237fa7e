"""A consultant's whole session through the real widgets, at a laptop's and a desktop's size:
build the Meshify 2 XL dual-GPU machine with the pickers, move the NVMe into the slot that
switches off the second GPU slot, apply a fix from the findings, set a workload that does not
fit and take a suggestion, compare with an example on one workload, quote on a 230 V site,
undo, redo, save and reopen. pytest-qt fails the test on any exception raised inside Qt.

Screenshots of every step go to $CONFIGURATOR_SESSION_SHOTS (or the test's folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MES2X, build_by_hand, choose, set_workload
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog

from configurator import paths
from configurator.build import load_build

pytestmark = pytest.mark.gui


def _codes(window) -> list[str]:
    return [f.code for f in window.document.state.report.findings]


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)], ids=["1280x800", "1600x1000"])
def test_consultant_session(qtbot, make_window, monkeypatch, tmp_path, size):
    shots = Path(os.environ.get("CONFIGURATOR_SESSION_SHOTS", tmp_path)) / f"{size[0]}x{size[1]}"
    shots.mkdir(parents=True, exist_ok=True)
    window = make_window()
    window.resize(*size)
    qtbot.wait(50)
    step = iter(range(1, 100))

    def shot(name: str, widget=None) -> None:
        qtbot.wait(30)
        assert (widget or window).grab().save(str(shots / f"{next(step):02d}-{name}.png"))

    # 1. The Meshify 2 XL dual RTX 5090 machine, part by part, and a second drive with "Use".
    build_by_hand(qtbot, window, MES2X)
    choose(qtbot, window, "storage", "samsung-990-pro-4tb")
    drives = [i.part for i in window.document.build.items if i.part.startswith("samsung")]
    assert drives == ["samsung-9100-pro-4tb", "samsung-990-pro-4tb"]
    shot("built-by-hand")

    # 2. The NVMe into M2D_SB, which switches off the second GPU's slot.
    window.docks["placement"].raise_()
    chooser = window.placement.choosers["M2D_SB"]
    index = next(n for n in range(chooser.count())
                 if (chooser.itemData(n) or ("",))[0] == "samsung-990-pro-4tb")
    with qtbot.waitSignal(window.document.changed):
        chooser.setCurrentIndex(index)
        chooser.activated.emit(index)
    assert "LANE-SLOT-DISABLED" in _codes(window)
    assert window.summary.status.text() == "Errors"
    assert "1 of 2 GPUs usable" in window.summary.vram.text()
    shot("nvme-disables-second-gpu-slot")

    # 3. The first fix, one click on its row.
    window.docks["findings"].raise_()
    card = window.findings.card("LANE-SLOT-DISABLED")
    assert card.fix_buttons[0].isVisible()
    shot("fix-on-the-row")
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(card.fix_buttons[0], Qt.MouseButton.LeftButton)
    assert "LANE-SLOT-DISABLED" not in _codes(window)
    assert window.summary.status.text() != "Errors"
    fixed = window.document.build

    # 4. A workload that does not fit, and one of the estimator's suggestions.
    set_workload(window, "llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)
    fit = next(f for f in window.document.state.report.findings if f.code == "WORKLOAD-FIT")
    assert fit.severity == "warning" and "does not fit" in fit.message
    assert window.findings.findings()[0].code == "WORKLOAD-FIT"
    panel = window.workload
    assert panel.suggestion_buttons
    shot("workload-does-not-fit")
    nvfp4 = next(n for n, fix in enumerate(f for f in fit.fixes if f.edit) if "NVFP4" in fix.text)
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(panel.suggestion_buttons[nvfp4], Qt.MouseButton.LeftButton)
    assert window.document.build.workload.weights == "nvfp4"
    assert not any(f.code == "WORKLOAD-FIT" and f.severity == "warning"
                   for f in window.document.state.report.findings)
    assert window.charts.throughput.curve_data
    shot("suggestion-taken")

    # 5. Compare with an example, both on this build's workload.
    compare = window.compare_with(paths.examples_dir() / "es620-dual-pro6000.json")
    assert compare.workload() == window.document.build.workload
    assert compare.other.build.workload == window.document.build.workload
    rows = {compare.table.item(r, 0).text(): compare.table.item(r, 2).text()
            for r in range(compare.table.rowCount())}
    assert rows["Price difference"].startswith("+") and "tokens/s" in rows["Throughput difference"]
    shot("compare-on-one-workload", compare)
    compare.close()

    # 6. The customer's site is 230 V / 16 A; the quote checks and prints it.
    summary = window.summary
    summary.circuit.setCurrentIndex(summary.circuit.findData("230v16a"))
    assert window.document.circuit == "230v16a"
    from configurator.ui import quote as quote_ui
    from configurator.ui.quote.register_window import COLUMNS

    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *_a, **_k: ("MES2X for Acme Research", True)))

    logo = QImage(480, 120, QImage.Format.Format_RGB32)
    logo.fill(QColor("#1f6f8b"))
    assert logo.save(str(tmp_path / "northwind.png"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(tmp_path / "northwind.png"), "")))

    def seller(dialog):
        dialog._edits["store_name"].setText("Northwind Workstations")
        dialog.address.setPlainText("1 Harbour Road, Springfield")
        dialog._edits["phone"].setText("+1 555 0100")
        dialog._edits["email"].setText("sales@northwind.example")
        dialog._edits["tax_id"].setText("US-12-3456789")
        qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
        assert dialog.logo.name.text() == "northwind.png"
        dialog.show()
        shot("seller-settings", dialog)
        dialog.save()
        return 1

    pdf = tmp_path / "quote.pdf"
    exported = []

    def quote(dialog):
        assert dialog.report.circuit == "230v16a" and dialog.export_button.isEnabled()
        dialog.customer_name.setText("Dana Lee")
        dialog.company.setText("Acme Research")
        dialog.grab().save(str(shots / f"{next(step):02d}-quote-dialog.png"))
        exported.append(dialog.export_to(pdf))
        return 1

    monkeypatch.setattr(quote_ui.SellerSettingsDialog, "exec", seller)
    monkeypatch.setattr(quote_ui.QuoteDialog, "exec", quote)
    window.quotes.quote.trigger()
    assert exported and window.document.build.name == "MES2X for Acme Research"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "checked for a 230 V / 16 A wall circuit" in flat and "Northwind Workstations" in flat
    assert "Phone: +1 555 0100" in flat and "E-mail: sales@northwind.example" in flat
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(shots / "quote-page")], check=True)
    window.quotes.open_register()
    register = window.quotes.register_window  # deleted when closed
    register.resize(*size)
    qtbot.waitExposed(register)
    qtbot.waitUntil(lambda: not register.loading, timeout=10_000)
    status = register.model.index(0, COLUMNS.index("Status"))
    assert status.data() == "Issued"
    assert register.table.columnWidth(status.column()) >= register.table.sizeHintForIndex(status).width()
    shot("quote-register", register)
    register.close()

    # 7. Undo back past the fix, then redo to the quoted build.
    quoted = window.document.build
    stack = window.document.undo_stack
    while window.document.build != fixed:
        assert stack.canUndo()
        window.undo_action.trigger()
    window.undo_action.trigger()
    assert "LANE-SLOT-DISABLED" in _codes(window)
    while stack.canRedo():
        window.redo_action.trigger()
    assert window.document.build == quoted
    shot("after-undo-redo")

    # 8. Save, open something else, reopen: the same build, site and workload.
    path = tmp_path / "mes2x-acme.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    assert window.files.save_as()
    assert load_build(path).circuit == "230v16a"
    assert window.files.open_path(paths.examples_dir() / "es620-dual-pro6000.json")
    assert window.files.open_path(path)
    assert window.document.build == quoted and not window.document.is_dirty
    assert summary.circuit.currentData() == "230v16a"
    shot("reopened")
