"""Start from a workload: the form, the search off the GUI thread, the ranked list, the frontier
chart and its preview, and opening a recommendation as a normal unsaved document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import pick
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox

from configurator import paths
from configurator.build import load_build
from configurator.recommend import NearMiss, RecommendResult
from configurator.rules import validate
from configurator.ui.recommend.results_panel import ResultsPanel

pytestmark = pytest.mark.gui
SEARCH_MS = 60_000


def open_workload_form(qtbot, window):
    window.show_start()
    qtbot.mouseClick(window.start.page.workload_button, Qt.MouseButton.LeftButton)
    screen = window.start.recommend
    assert window.start.currentWidget() is screen
    return screen


def search(qtbot, screen) -> None:
    with qtbot.waitSignal(screen.search.finished, timeout=SEARCH_MS):
        qtbot.mouseClick(screen.form.find_button, Qt.MouseButton.LeftButton)
        assert screen.search.running and not screen.form.find_button.isEnabled()
    assert screen.form.find_button.isEnabled() and not screen.form.cancel_button.isEnabled()


def hover(qtbot, chart, index: int) -> None:
    """Move the mouse over one dot of the chart, as a person does."""
    x, y = chart.points[index]
    scene = chart.plot.getViewBox().mapViewToScene(QPointF(x, y))
    qtbot.mouseMove(chart.viewport(), chart.mapFromScene(scene))


def test_start_page_to_an_opened_recommended_build(qtbot, window, message_boxes):
    screen = open_workload_form(qtbot, window)
    form = screen.form
    pick(form.model, "llama-3.3-70b")
    pick(form.weights, "fp8")
    pick(form.kv_cache, "fp8")
    form.context.setValue(32768)
    form.users.setValue(8)
    form.min_tokens.setValue(10)
    pick(form.circuit, "120v15a")
    search(qtbot, screen)

    results = screen.results
    rows = results.rows
    table = results.table.model()
    assert rows and table.rowCount() == len(rows) <= form.top.value()
    assert [table.text(n, 0) for n in range(len(rows))] == [str(n + 1) for n in range(len(rows))]
    prices = [float(r.spot[0]) for r in rows]
    assert prices == sorted(prices)  # cheapest first
    assert all(float(r.per_user.replace(",", "")) >= 10 for r in rows)
    assert results.previewed is rows[0]
    assert results.preview.title.text().startswith("#1")
    assert results.chart.points and len(results.chart.points) >= len(rows)

    # Hovering a dot previews its build; leaving the dots goes back to the row picked.
    other = len(results.points) - 1
    hover(qtbot, results.chart, other)
    qtbot.waitUntil(lambda: results.previewed is results.points[other])
    results.chart.point_hovered.emit(-1)
    assert results.previewed is rows[0]

    results.table.selectRow(len(rows) - 1)
    chosen = rows[-1]
    assert results.preview.title.text().startswith(f"#{chosen.rank}")
    qtbot.mouseClick(results.preview.open_button, Qt.MouseButton.LeftButton)

    document = window.document
    assert not window.showing_start
    assert document.build.name == chosen.title
    assert document.build.workload.model == "llama-3.3-70b"
    assert document.build.circuit == "120v15a"
    assert [(i.part, i.quantity) for i in document.build.items] == [
        (i.part, i.quantity) for i in chosen.build.items]
    assert validate(document.state.resolved, document.circuit).status != "errors"
    assert document.state.estimate.fits
    assert document.path is None and window.isWindowModified()  # unsaved, so closing asks
    assert document.undo_stack.count() == 0

    document.set_build(document.build.model_copy(update={"name": "For the Smith account"}), "Rename")
    window.undo_action.trigger()
    assert document.build.name == chosen.title
    message_boxes.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert message_boxes.shown[-1][1] == "Unsaved changes" and window.isVisible()
    message_boxes.answer = QMessageBox.StandardButton.Discard


def test_when_nothing_qualifies_the_nearest_misses_say_what_it_would_take(qtbot, catalog):
    """The panel alone, fed a result as the recommender returns it (finding real misses takes
    the recommender several searches; the command-line tests cover that)."""
    build = load_build(paths.examples_dir() / "es620-dual-pro6000.json")
    miss = NearMiss(relaxation="budget 23,400 USD", kind="budget", build=build,
                    price=Decimal("23391.50"), currency="USD", throughput=812.0,
                    per_user_tokens_per_s=101.5)
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.show_result(RecommendResult(builds=[], frontier=[], nearest_misses=[miss], evaluated=12,
                                      elapsed_ms=8000, currency="USD", objective="cheapest"), catalog)
    assert "No build meets every constraint" in panel.headline.text()
    table = panel.table.model()
    last = table.columnCount() - 1
    assert table.headerData(last, Qt.Orientation.Horizontal) == "Would qualify with"
    assert table.text(0, last) == "budget 23,400 USD"
    assert table.text(0, 2) == "23,392 USD" and table.text(0, 0) == "—"
    assert "Qualifies with budget 23,400 USD" in panel.preview.why.text()
    with qtbot.waitSignal(panel.open_requested) as opened:
        qtbot.mouseClick(panel.preview.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [build]


def test_bad_input_is_one_line_and_nothing_runs(qtbot, window):
    screen = open_workload_form(qtbot, window)
    form = screen.form
    form.context.setValue(4096)
    form.input_tokens.setValue(4000)
    form.output_tokens.setValue(1000)
    with qtbot.waitSignal(screen.search.failed, timeout=SEARCH_MS) as failed:
        qtbot.mouseClick(form.find_button, Qt.MouseButton.LeftButton)
    assert "exceed the context" in failed.args[0] and "\n" not in failed.args[0]
    assert form.status.text() == failed.args[0]
    assert form.find_button.isEnabled()


def test_cancel_stops_the_search_and_the_window_stays_usable(qtbot, window):
    screen = open_workload_form(qtbot, window)
    pick(screen.form.model, "deepseek-v3")
    with qtbot.waitSignals([screen.search.started], timeout=SEARCH_MS):
        qtbot.mouseClick(screen.form.find_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.form.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.search.running, timeout=SEARCH_MS)
    assert screen.form.find_button.isEnabled()
    assert "ancel" in screen.form.status.text()


def test_find_builds_that_fit_keeps_the_platform_of_the_open_build(qtbot, window):
    window.files.open_path(paths.examples_dir() / "es620-dual-rtx5090.json", ask=False)
    panel = window.workload
    assert panel.find_builds.isHidden()
    pick(panel.model, "llama-3.3-70b")
    pick(panel.weights, "bf16")
    assert window.document.state.estimate.fits is False
    assert not panel.find_builds.isHidden()

    qtbot.mouseClick(panel.find_builds, Qt.MouseButton.LeftButton)
    screen = window.start.recommend
    assert window.showing_start and window.start.currentWidget() is screen
    form = screen.form
    assert form.model.currentData() == "llama-3.3-70b" and form.weights.currentData() == "bf16"
    kept = form.included_parts()
    kinds = {window.document.catalog[p].kind for p in kept}
    assert kinds == {"case", "motherboard", "cpu", "memory", "storage"}

    search(qtbot, screen)
    assert screen.results.rows
    for row in screen.results.rows:
        parts = {i.part for i in row.build.items}
        assert set(kept) <= parts
    before = window.document.build
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    back = window.start.page.back_button
    assert back.isVisible()  # the open build is still there to go back to
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert not window.showing_start and window.document.build == before


def test_find_builds_that_fit_lets_the_parts_go_when_no_build_can_keep_them(qtbot, window):
    window.files.open_path(paths.examples_dir() / "es620-dual-rtx5090.json", ask=False)
    window.document.set_circuit("400v16a-3ph")
    panel = window.workload
    pick(panel.model, "llama-3.1-405b")
    pick(panel.weights, "fp8")
    pick(panel.kv_cache, "fp8")
    qtbot.mouseClick(panel.find_builds, Qt.MouseButton.LeftButton)
    screen = window.start.recommend
    assert screen.form.circuit.currentData() == "400v16a-3ph"
    kept = set(screen.form.included_parts())

    # Two searches: none keeps the two-slot tower platform, so the second lets it go.
    with qtbot.waitSignal(screen.search.finished, timeout=SEARCH_MS):
        qtbot.mouseClick(screen.form.find_button, Qt.MouseButton.LeftButton)
    assert screen.search.running and "without keeping them" in screen.form.status.text()
    qtbot.waitUntil(lambda: not screen.search.running, timeout=SEARCH_MS)
    results = screen.results
    assert results.rows
    assert "No build keeps all of the open build's parts" in results.detail.text()
    assert not kept <= {i.part for i in results.rows[0].build.items}


def test_fine_tuning_asks_only_the_training_set_up(qtbot, window):
    form = open_workload_form(qtbot, window).form
    pick(form.task, "finetune")
    assert form.sequence_length.isVisibleTo(form) and not form.weights.isVisibleTo(form)
    assert not form.service.isVisibleTo(form)
    pick(form.model, "qwen3-32b")
    pick(form.method, "qlora")
    form.sequence_length.setValue(4096)
    request = form.request()
    assert request.workload.task == "finetune" and request.workload.weights != "any"
    assert request.workload.training.method == "qlora"
    assert request.workload.training.sequence_length == 4096
    assert not request.service.any


def test_the_chart_marks_every_build_and_ranked_dots_on_one_spot_share_a_label(qtbot):
    from configurator.ui.charts.frontier_chart import FrontierChart

    chart = FrontierChart()
    qtbot.addWidget(chart)
    line = [(3000.0, 50.0), (4000.0, 57.2), (4200.0, 76.0)]
    spots = [(3000.0, 50.0), (4000.0, 57.2), (4000.0, 56.9), (4200.0, 76.0), (3500.0, 40.0)]
    chart.show_points(line, spots, [1, 2, 3, None, 4], ["a", "b", "c", "d", "e"], "EUR",
                      "output tokens/s, all users")
    shown = sorted(label.textItem.toPlainText() for label in chart.labels if label.isVisible())
    assert shown == ["1", "2, 3", "4"]
    assert chart.plot.getAxis("bottom").labelText == "price (EUR)"
    chart.show_points([], [(1.0, 1.0)], [1], ["x"], "USD", "trained tokens/s")
    assert [label.isVisible() for label in chart.labels] == [True, False, False]
    assert chart.plot.getAxis("left").labelText == "trained tokens/s"


def test_the_search_prices_builds_with_the_prices_imported_in_this_session(qtbot, window):
    screen = open_workload_form(qtbot, window)
    search(qtbot, screen)
    first = screen.results.rows[0]
    gpu = next(i for i in first.build.items if window.document.catalog[i.part].kind == "gpu")
    old = window.document.catalog[gpu.part].price
    # What File › Import prices does to the open catalog: the cheapest build gets cheaper still.
    cut = (old.amount / 2).quantize(old.amount)
    window.document.catalog = window.document.catalog.with_prices(
        {gpu.part: old.model_copy(update={"amount": old.amount - cut})})
    search(qtbot, screen)
    again = screen.results.rows[0]
    assert again.build.items == first.build.items
    assert again.spot[0] == pytest.approx(first.spot[0] - float(cut) * gpu.quantity)


def test_constraints_typed_into_the_form_reach_the_request(qtbot, window, catalog):
    form = open_workload_form(qtbot, window).form
    case = catalog["phanteks-enthoo-pro-2-server"]
    qtbot.keyClicks(form.include_part.lineEdit(), f"{case.name} (case)")
    qtbot.mouseClick(form.include_add, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.include_part.lineEdit(), "no such part")
    qtbot.keyClick(form.include_part.lineEdit(), Qt.Key.Key_Return)
    assert "not a part in the catalog" in form.status.text()
    assert form.included_parts() == [case.id]

    brand = next(a for a in form.brands_menu.actions() if a.text() == "ASUS")
    brand.setChecked(True)
    assert form.brands_button.text() == "ASUS"
    form.gpu_classes["consumer"].setChecked(False)
    form.budget.setValue(25_000)
    pick(form.form_factor, "tower")
    form.max_gpus.setValue(4)
    pick(form.objective, "value")
    assert "per USD" in form.objective.currentText()
    request = form.request()
    assert request.must_include == (case.id,)
    assert request.exclude_brands == ("ASUS",)
    assert set(request.gpu_classes) == {"workstation", "datacenter"}
    assert (request.budget, request.currency, request.form) == (25_000, "USD", "tower")
    assert (request.max_gpus, request.objective) == (4, "value")

    form.included.setCurrentRow(0)
    qtbot.mouseClick(form.include_remove, Qt.MouseButton.LeftButton)
    assert form.request().must_include == ()
