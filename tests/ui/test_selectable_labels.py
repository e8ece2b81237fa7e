"""The workload answer's labels are plain labels, measured fast on every part change, that
turn selectable under the pointer and stay so while a selection is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def test_the_workload_answer_is_selectable_under_the_pointer_and_keeps_a_selection(window):
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    for label in (window.workload.verdict, window.workload.result):
        label.setText("Fits, with room for 64 users at once")
        assert not label.textInteractionFlags() & selectable  # measured as a plain label
        QApplication.sendEvent(label, QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2)))
        assert label.textInteractionFlags() & selectable
        label.setSelection(0, 4)
        QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))
        assert label.textInteractionFlags() & selectable and label.selectedText() == "Fits"
        label.setSelection(0, 0)
        QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))
        assert not label.textInteractionFlags() & selectable
