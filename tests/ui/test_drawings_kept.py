"""Drawings kept for the back-and-forth of a part change: a chart's axis drawn for a range seen
before, and a scroll bar in a look seen before, are the same pixels as drawn afresh."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QScrollArea

import configurator.ui.scrolling as scrolling

pytestmark = pytest.mark.gui


def _shown(qtbot, widget):
    widget.resize(300, 240)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_an_axis_draws_a_range_seen_before_from_its_kept_picture_with_the_same_pixels(qtbot):
    from configurator.ui.charts.base import ChartView

    chart = _shown(qtbot, ChartView("Test"))
    axis = chart.plot.getAxis("left")
    chart.set_range((0, 1), (0, 40))
    first = chart.grab().toImage()
    kept = axis.picture
    chart.set_range((0, 1), (0, 120))
    assert chart.grab().toImage() != first  # another range, other numbers
    chart.set_range((0, 1), (0, 40))
    again = chart.grab().toImage()
    assert axis.picture is kept
    assert again == first


def test_a_kept_axis_picture_is_not_used_for_other_ticks(qtbot):
    from configurator.ui.charts.base import ChartView

    chart = _shown(qtbot, ChartView("Test"))
    chart.set_range((0, 1), (0, 40))
    chart.grab()
    chart.set_ticks("left", [(10, "ten"), (30, "thirty")])
    ticks = chart.grab().toImage()
    plain = _shown(qtbot, ChartView("Test"))
    plain.set_range((0, 1), (0, 40))
    plain.set_ticks("left", [(10, "ten"), (30, "thirty")])
    assert plain.grab().toImage() == ticks


def _scroll(qtbot, rows: int, cached: bool) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(QLabel("\n".join(f"line {n}" for n in range(rows))))
    scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    if cached:
        scrolling.cache_scroll_bar(scroll)
    return _shown(qtbot, scroll)


def test_a_scroll_bar_looks_as_drawn_by_the_style_itself_in_each_look_it_takes(qtbot):
    plain = _scroll(qtbot, 40, cached=False)
    cached = _scroll(qtbot, 40, cached=True)
    for rows in (40, 80, 40):  # a new range, then one seen before
        for scroll in (plain, cached):
            scroll.widget().setText("\n".join(f"line {n}" for n in range(rows)))
            scroll.widget().adjustSize()
        a = plain.verticalScrollBar().grab().toImage()
        b = cached.verticalScrollBar().grab().toImage()
        assert a.size() == b.size()
        # The same pixels, give or take rounding in the anti-aliased edges (a grey level or two).
        worst = max(abs(getattr(QColor(a.pixel(x, y)), c)() - getattr(QColor(b.pixel(x, y)), c)())
                    for x in range(a.width()) for y in range(a.height())
                    for c in ("red", "green", "blue"))
        assert worst <= 2

