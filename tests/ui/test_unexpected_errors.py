"""An error nothing handled: one line in a dialog, the traceback in the log file."""

from __future__ import annotations

import pytest

from configurator.errors import log_file
from configurator.ui.app import _report_unexpected

pytestmark = pytest.mark.gui


def test_an_unhandled_error_is_one_line_in_a_dialog_and_logged(message_boxes):
    try:
        raise RuntimeError("first\nsecond")
    except RuntimeError as exc:
        _report_unexpected(type(exc), exc, exc.__traceback__)
    kind, _, text = message_boxes.shown[-1]
    first_line = text.splitlines()[0]
    assert kind == "critical" and "RuntimeError: first\\nsecond" in first_line
    assert str(log_file()) in text
    assert "Traceback" in log_file().read_text() and "first\nsecond" in log_file().read_text()
