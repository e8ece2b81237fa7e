"""A workload that does not fit is a finding, and the estimator's suggestions change the build."""

from __future__ import annotations

import re

import pytest
from conftest import set_workload
from PySide6.QtCore import Qt

from configurator import paths
from configurator.rules.workload import fit as fit_rule
from configurator.ui.estimates import Estimator
from configurator.ui.panels.finding_card import sentence
from configurator.ui.state import compute_state


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


def _tokens_per_s(text: str) -> str | None:
    found = re.search(r"about ([\d,]+) output tokens/s", text)
    return found.group(1) if found else None


@pytest.mark.parametrize(("example", "workload"), [
    # Does not fit: another format, one more card and a larger card each leave a note.
    ("mes2x-dual-rtx5090", ("llama-3.3-70b", "fp8", "bf16", 32768, 8, 1000, 1000)),
    ("es620-dual-rtx5090", ("qwen3-32b", "bf16", "bf16", 32768, 16, 1000, 1000)),
    # Fits, but serves only 8 of 128 users at once, on a 16-core desktop CPU.
    ("mes2x-dual-rtx5090", ("qwen3-30b-a3b", "awq-int4", "bf16", 32768, 128, 500, 200)),
], ids=["70b-fp8-does-not-fit", "32b-bf16-does-not-fit", "30b-serves-8-of-128"])
def test_after_any_suggestion_every_note_and_verdict_is_the_new_builds(qtbot, window, example,
                                                                       workload):
    assert window.files.open_path(paths.examples_dir() / f"{example}.json", ask=False)
    set_workload(window, *workload)
    panel, document = window.workload, window.document
    taken = document.undo_stack.index()
    offered = [fix for fix in _fit(window).fixes if fix.edit is not None]
    assert len(panel.suggestion_buttons) == len(offered) >= 1
    for n, fix in enumerate(offered):
        document.undo_stack.setIndex(taken)
        with qtbot.waitSignal(document.changed):
            qtbot.mouseClick(panel.suggestion_buttons[n], Qt.MouseButton.LeftButton)
        fit_rule._verdict.cache_clear()
        fresh = compute_state(document.build, document.catalog, Estimator())
        shown = sorted(card.message.text() for card in window.findings.card_list)
        assert shown == sorted(sentence(f.message) for f in fresh.report.findings), fix.text
        assert panel.result.text() == sentence(fresh.estimate.text), fix.text
        note = next((f for f in fresh.report.findings if f.code == "WORKLOAD-FIT"), None)
        users = fresh.estimate.inference.max_concurrency
        if note is not None and note.severity == "info":
            assert f"serves only {users:,} of the {workload[4]:,}" in note.message
        assert panel.suggestions_title.isVisibleTo(panel) == any(f.edit for f in (note.fixes if note else ()))
        if panel.suggestions_title.isVisibleTo(panel):
            assert ("make it fit" in panel.suggestions_title.text()) == (note.severity == "warning")
        # What the suggestion promised is what the changed build shows, a new card estimated
        # in the slot it gets: the users and the tokens/s.
        assert f"fits {users:,} user" in fix.text, fix.text
        assert _tokens_per_s(fix.text) == _tokens_per_s(panel.result.text()), fix.text
