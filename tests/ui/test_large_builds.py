"""A build listing a thousand cards opens in seconds: the findings list shows the first cards
of each group and says how many more there are."""

from __future__ import annotations

import json
import time

import pytest

from configurator.ui.panels.findings_panel import MAX_CARDS_PER_GROUP

pytestmark = pytest.mark.gui


def test_a_thousand_card_build_opens_quickly_with_a_bounded_findings_list(window, example,
                                                                          tmp_path):
    data = json.loads(example("es620-dual-rtx5090").read_text())
    data["items"] += [{"part": "nvidia-rtx-5090-fe"}] * 1000
    build = tmp_path / "thousand.json"
    build.write_text(json.dumps(data))
    started = time.perf_counter()
    assert window.files.open_path(build, ask=False)
    assert time.perf_counter() - started < 10
    panel = window.findings
    errors = [c for c in panel.card_list if c.finding.severity == "error"]
    assert len(errors) == MAX_CARDS_PER_GROUP
    more = panel.findChild(type(panel.counts), "errorMore")
    assert more is not None and "more (configurator validate lists them all)" in more.text()
