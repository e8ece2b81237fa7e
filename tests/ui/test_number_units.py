"""Number fields say "1 user", "1 token", "1 day" and "2 users": the unit agrees with the number."""

from __future__ import annotations

from configurator.ui.panels.workload_view import WorkloadView
from configurator.ui.recommend.form_view import RecommendFormView


def test_workload_fields_agree_with_their_number(qtbot):
    view = WorkloadView()
    qtbot.addWidget(view)
    view.concurrency.setValue(1)
    view.input_tokens.setValue(1)
    assert view.concurrency.text() == "1 user" and view.input_tokens.text() == "1 token"
    view.concurrency.setValue(2)
    view.input_tokens.setValue(1000)
    assert view.concurrency.text() == "2 users" and view.input_tokens.text() == "1,000 tokens"
    view.concurrency.setValue(1)
    assert view.concurrency.text() == "1 user"


def test_a_value_set_with_signals_blocked_shows_its_own_unit(qtbot):
    view = WorkloadView()
    qtbot.addWidget(view)
    view.concurrency.blockSignals(True)
    view.concurrency.setValue(8)
    view.concurrency.blockSignals(False)
    assert view.concurrency.text() == "8 users"


def test_typing_a_number_keeps_its_unit(qtbot):
    view = WorkloadView()
    qtbot.addWidget(view)
    view.concurrency.lineEdit().selectAll()
    qtbot.keyClicks(view.concurrency.lineEdit(), "1")
    view.concurrency.interpretText()
    assert view.concurrency.value() == 1 and view.concurrency.text() == "1 user"
    for typed, value in (("12 users", 12), ("2,000 users", 2000), ("1 user", 1), ("7", 7)):
        view.concurrency.lineEdit().setText(typed)
        view.concurrency.interpretText()
        assert view.concurrency.value() == value, typed


def test_recommend_form_counts_builds(qtbot):
    form = RecommendFormView()
    qtbot.addWidget(form)
    form.top.setValue(1)
    assert form.top.text() == "1 build"
    form.top.setValue(5)
    assert form.top.text() == "5 builds"
