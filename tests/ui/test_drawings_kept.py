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
