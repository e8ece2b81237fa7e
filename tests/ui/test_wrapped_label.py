"""WrappedLabel measures like QLabel, and measures again when anything but the width changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from configurator.ui.wrapped_label import WrappedLabel

pytestmark = pytest.mark.gui

TEXT = "The machine draws about 1,665 W from the wall under sustained load; " * 4


def _plain(text: str, font=None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if font is not None:
        label.setFont(font)
    return label


def test_sizes_are_qlabels_for_every_text_and_width(qtbot):
    label = WrappedLabel(TEXT)
    qtbot.addWidget(label)
    plain = _plain(TEXT)
    qtbot.addWidget(plain)
    for width in (120, 300, 120, 600):
        assert label.heightForWidth(width) == plain.heightForWidth(width)
    assert label.sizeHint() == plain.sizeHint()
    assert label.minimumSizeHint() == plain.minimumSizeHint()
    label.setText("short")
    assert label.heightForWidth(300) == _plain("short").heightForWidth(300)


def test_a_new_font_style_or_format_is_measured_again(qtbot):
    label = WrappedLabel(TEXT)
    qtbot.addWidget(label)
    before = label.heightForWidth(300)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.heightForWidth(300) == _plain(TEXT, font).heightForWidth(300) > before
    padded = label.heightForWidth(300)
    label.setContentsMargins(0, 40, 0, 0)
    assert label.heightForWidth(300) == padded + 40
    label.setContentsMargins(0, 0, 0, 0)
    label.setText("<b>" + "bold words " * 30 + "</b>")
    rich = label.heightForWidth(300)
    label.setTextFormat(Qt.TextFormat.PlainText)
    plain = _plain(label.text(), font)
    plain.setTextFormat(Qt.TextFormat.PlainText)
    assert label.heightForWidth(300) == plain.heightForWidth(300) != rich
