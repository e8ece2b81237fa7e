"""The site's circuit is one value: the summary bar, the quote dialog, compare and the saved file agree."""

from __future__ import annotations

from configurator import paths
from configurator.build import load_build


def _open(window, name: str) -> None:
    assert window.files.open_path(paths.examples_dir() / f"{name}.json", ask=False)


def _codes(window) -> set[str]:
    return {f.code for f in window.document.state.report.findings}


def test_quote_dialog_checks_the_build_on_the_site_the_window_shows(qtbot, window):
    from configurator.ui.quote import QuoteDialog

    _open(window, "trpro-quad-pro6000-maxq")
    assert window.summary.circuit.currentData() == "230v16a"
    assert window.document.state.report.ok
    dialog = QuoteDialog(window.document.build, window.document.catalog, window)
    qtbot.addWidget(dialog)
    assert dialog.report.ok and dialog.report.circuit == "230v16a"
    assert dialog.export_button.isEnabled()


def test_changing_the_circuit_is_an_undo_step_saved_with_the_build(qtbot, window, tmp_path):
    _open(window, "es620-dual-pro6000")
    summary = window.summary
    assert "POWER-CIRCUIT" in _codes(window)
    summary.circuit.setCurrentIndex(summary.circuit.findData("230v16a"))
    assert window.document.circuit == "230v16a" and "POWER-CIRCUIT" not in _codes(window)
    assert window.document.is_dirty
    window.document.undo_stack.undo()
    assert summary.circuit.currentData() == "120v15a" and "POWER-CIRCUIT" in _codes(window)
    window.document.undo_stack.redo()
    assert window.files.save_to(tmp_path / "site.json")
    assert load_build(tmp_path / "site.json").circuit == "230v16a"


def test_compare_checks_the_other_build_on_the_same_site(qtbot, window):
    _open(window, "es620-dual-pro6000")
    window.summary.circuit.setCurrentIndex(window.summary.circuit.findData("230v16a"))
    compare = window.compare_with(paths.examples_dir() / "trpro-quad-pro6000-maxq.json")
    qtbot.addWidget(compare)
    assert compare.other.report.circuit == "230v16a"
    window.summary.circuit.setCurrentIndex(window.summary.circuit.findData("120v15a"))
    assert compare.other.report.circuit == "120v15a"
