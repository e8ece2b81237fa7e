"""A workload that does not fit is a finding, and the estimator's suggestions change the build."""

from __future__ import annotations

from conftest import set_workload
from PySide6.QtCore import Qt

from configurator import paths


def _fit(window):
    return next((f for f in window.document.state.report.findings if f.code == "WORKLOAD-FIT"), None)


def test_does_not_fit_is_a_warning_with_suggestions_that_apply(qtbot, window):
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    set_workload(window, "llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)
    finding = _fit(window)
    assert finding is not None and finding.severity == "warning" and "does not fit" in finding.message
    assert window.findings.findings()[0].code == "WORKLOAD-FIT"  # leads the warnings
    assert window.summary.status.text() == "Warnings"
    panel = window.workload
    assert panel.suggestions_title.isVisibleTo(panel) and len(panel.suggestion_buttons) >= 2
    texts = [fix.text for fix in finding.fixes]
    assert any("NVFP4" in t and "tokens/s" in t for t in texts)
    assert any(t.startswith("One more") for t in texts)
    more = texts.index(next(t for t in texts if t.startswith("One more")))
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(panel.suggestion_buttons[more], Qt.MouseButton.LeftButton)
    gpus = next(i for i in window.document.build.items if i.part == "nvidia-rtx-5090-fe")
    assert gpus.quantity == 3 and len(gpus.slots) == 3
    assert _fit(window) is None or _fit(window).severity == "info"
    window.undo_action.trigger()
    assert "does not fit" in _fit(window).message


def test_a_format_suggestion_changes_the_workload_from_the_findings_list(qtbot, window):
    assert window.files.open_path(paths.examples_dir() / "mes2x-dual-rtx5090.json", ask=False)
    set_workload(window, "llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)
    card = window.findings.card("WORKLOAD-FIT")
    n = next(i for i, label in enumerate(card.fix_labels) if "NVFP4" in label.text())
    with qtbot.waitSignal(window.document.changed):
        qtbot.mouseClick(card.fix_buttons[n], Qt.MouseButton.LeftButton)
    assert window.document.build.workload.weights == "nvfp4"
    assert window.workload.weights.currentData() == "nvfp4"


def test_no_workload_shows_only_the_model_chooser(qtbot, window):
    panel = window.workload
    assert panel.model.isVisibleTo(panel)
    assert not panel.concurrency.isVisibleTo(panel) and not panel.context.isVisibleTo(panel)
