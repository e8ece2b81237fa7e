"""Picker traps a new consultant walked into: category switches with a search typed, a second
drive, names cut to the same string, rack chassis among towers."""

from __future__ import annotations

import pytest
from conftest import choose
from PySide6.QtCore import Qt

from configurator.ui.panels.part_columns import KINDS


def test_switching_category_with_a_search_typed_shows_the_new_kinds_rows(qtbot, window):
    parts = window.parts
    for kind, _label in KINDS:
        parts.show_kind(kind)
        qtbot.keyClicks(parts.search, "pro")
        for next_kind, _next_label in KINDS:
            parts.show_kind(next_kind)
            model = parts.model
            for row in range(model.rowCount()):
                assert model.option(row).part.kind == next_kind
                for col in range(model.columnCount()):
                    model.data(model.index(row, col))  # raised AttributeError before
            window.grab()
        parts.show_kind(kind)
        parts.search.clear()


def test_use_on_a_second_different_drive_adds_it(qtbot, window):
    choose(qtbot, window, "storage", "samsung-9100-pro-4tb")
    assert window.parts.use_button.text() == "&Use"
    choose(qtbot, window, "storage", "samsung-990-pro-4tb")
    drives = [i.part for i in window.document.build.items]
    assert drives == ["samsung-9100-pro-4tb", "samsung-990-pro-4tb"]


def test_use_on_another_case_says_it_replaces(qtbot, window):
    choose(qtbot, window, "case", "fractal-meshify-2-xl")
    window.parts.select_part("phanteks-enthoo-pro-2-server")
    assert window.parts.use_button.text() == "&Use instead"
    assert "Replace Fractal Design Meshify 2 XL" in window.parts.use_button.toolTip()


def test_rack_chassis_are_told_apart_from_towers(qtbot, window):
    parts = window.parts
    parts.show_kind("case")
    model = parts.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    kind_col = headers.index("Type")
    kinds = {model.option(r).part.id: model.data(model.index(r, kind_col)) for r in range(model.rowCount())}
    assert kinds["asus-esc8000a-e12"].endswith("U rack") and kinds["fractal-meshify-2-xl"] == "tower"


def test_an_empty_build_is_incomplete_not_a_warning(qtbot, window):
    assert window.summary.status.text() == "Incomplete"
    choose(qtbot, window, "case", "fractal-meshify-2-xl")
    assert window.summary.status.text() == "Incomplete"


def test_example_menus_list_the_builds_by_their_names(qtbot, window):
    names = [a.text() for a in window.examples_menu.actions()]
    assert "Threadripper PRO workstation, 4 × RTX PRO 6000 Max-Q" in names
    assert not any("-" in n and " " not in n for n in names)


@pytest.mark.parametrize("shrunk", [False, True], ids=["opened", "shrunk-from-1600"])
def test_every_gpu_column_is_in_view_at_1280_by_800(qtbot, make_window, shrunk):
    window = make_window(show=shrunk)
    qtbot.wait(50)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the docks take their widths once the window is laid out
    parts = window.parts
    parts.show_kind("gpu")
    table, model = parts.table, parts.model
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(model.columnCount()):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= table.viewport().width()
    for column in range(1, model.columnCount()):  # the name wraps; figures are never cut
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)
    assert header.sectionSize(0) >= table.MIN_NAME_WIDTH
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[1] == "Price\nUSD" and headers[-1] == "Slots" and "Length\nmm" in headers
    row = model.row_of("nvidia-rtx-5090-fe")
    assert model.index(row, headers.index("Length\nmm")).data() == "304"


def _opened_at_1280_by_800(qtbot, make_window):
    window = make_window(show=False)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the docks take their widths once the window is laid out
    return window


@pytest.mark.parametrize("kind", ["storage", "motherboard", "psu", "case", "cpu", "memory", "cooler"])
def test_no_figure_column_is_cut_at_1280_by_800(qtbot, make_window, kind):
    window = _opened_at_1280_by_800(qtbot, make_window)
    parts = window.parts
    parts.show_kind(kind)
    table, model = parts.table, parts.model
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    shown = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    assert 1 in shown, "the price is never left out"
    for column in shown:
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= table.viewport().width()
        if column:
            assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
    tooltip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    for column in set(range(2, model.columnCount())) - set(shown):
        title = model.headerData(column, Qt.Orientation.Horizontal).replace("\n", " ")
        assert f"{title}: {model.index(0, column).data()}" in tooltip


def test_a_left_out_column_comes_back_when_the_panel_widens(qtbot, make_window):
    window = _opened_at_1280_by_800(qtbot, make_window)
    parts = window.parts
    parts.show_kind("storage")
    table = parts.table
    header = table.horizontalHeader()
    window.resizeDocks([window.docks["parts"]], [300], Qt.Orientation.Horizontal)
    qtbot.wait(50)
    hidden = [c for c in range(header.count()) if header.isSectionHidden(c)]
    assert hidden and 1 not in hidden
    assert table.horizontalScrollBar().maximum() == 0
    window.resizeDocks([window.docks["parts"]], [700], Qt.Orientation.Horizontal)
    qtbot.wait(50)
    assert not any(header.isSectionHidden(c) for c in range(header.count()))


@pytest.mark.parametrize("kind", [k for k, _label in KINDS])
@pytest.mark.parametrize("width", [300, 440])
def test_a_fitted_table_stays_still(qtbot, make_window, monkeypatch, kind, width):
    """A left-out column whose title is wider than its figures must not come back and go out
    again on every fit: that loop never ends and keeps a core busy while nothing changes."""
    from configurator.ui.panels.parts_view import OptionsTable

    window = _opened_at_1280_by_800(qtbot, make_window)
    window.parts.show_kind(kind)
    window.resizeDocks([window.docks["parts"]], [width], Qt.Orientation.Horizontal)
    qtbot.wait(100)
    fits: list[int] = []
    fit = OptionsTable._fit_columns
    monkeypatch.setattr(OptionsTable, "_fit_columns", lambda self: (fits.append(1), fit(self)))
    qtbot.wait(100)
    assert not fits


def test_reordered_rows_keep_heights_that_fit_their_names(qtbot, make_window):
    """A part change that only reorders the picker moves each row with its measured height,
    and a row whose words changed is measured again."""
    window = _opened_at_1280_by_800(qtbot, make_window)
    parts = window.parts
    parts.show_kind("case")
    table, model = parts.table, parts.model
    rows = [model.option(n) for n in range(model.rowCount())]
    assert len({table.rowHeight(n) for n in range(len(rows))}) > 1, "names of different lengths"
    model.set_rows("case", rows[::-1], {rows[0].part.id: 1})
    for n in range(model.rowCount()):
        assert table.rowHeight(n) == table.sizeHintForRow(n), model.option(n).part.name
    assert "(in build)" in model.index(model.row_of(rows[0].part.id), 0).data()
