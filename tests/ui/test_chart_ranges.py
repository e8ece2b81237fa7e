"""Charts end their axes on round numbers, and the power chart's circuit label stays in view."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("value", "limit"), [
    (0.5, 0.5), (1.0, 1.0), (1.01, 1.2), (107, 120), (143, 160), (1608, 1800), (2239, 2500),
    (6370, 7000), (9.99, 10), (0, 1.0),
])
def test_an_axis_ends_on_the_next_round_number(value, limit):
    from configurator.ui.charts.base import nice_limit

    assert nice_limit(value) == pytest.approx(limit)


def _power_chart(qtbot, width: int, height: int = 300):
    from configurator.ui.charts.power_chart import PowerChart

    chart = PowerChart()
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_similar_builds_share_one_range_so_the_axes_stay_as_drawn(qtbot):
    chart = _power_chart(qtbot, 300, 240)
    chart.show_budget(1532, 1665, 2132, 1800, 1440)
    before = chart.plot.getViewBox().viewRange()
    chart.show_budget(1490, 1620, 2075, 1800, 1440)
    assert chart.plot.getViewBox().viewRange() == before


@pytest.mark.parametrize("width", [180, 260, 420])
@pytest.mark.parametrize("circuit", [1440, 1920, 3680])
def test_the_circuit_label_is_inside_the_chart_whatever_its_width(qtbot, width, circuit):
    chart = _power_chart(qtbot, width)
    chart.show_budget(1532, 1665, 2132, 1800, circuit)
    qtbot.wait(20)
    view = chart.plot.getViewBox().sceneBoundingRect()
    label = chart.limit_label.textItem.sceneBoundingRect()
    assert view.left() - 1 <= label.left() and label.right() <= view.right() + 1


@pytest.mark.parametrize("width", [150, 200, 260, 420])
@pytest.mark.parametrize("budget", [(1474, 1602, 2049, 1800, 1440), (380, 430, 610, 1000, 1440),
                                    (1532, 1665, 2132, 1800, 1440)])
def test_every_power_figure_is_inside_the_chart(qtbot, width, budget):
    chart = _power_chart(qtbot, width)
    chart.show_budget(*budget)
    qtbot.wait(20)
    view = chart.plot.getViewBox().sceneBoundingRect()
    for label in chart.labels:
        rect = label.textItem.sceneBoundingRect()
        assert view.left() - 1 <= rect.left() and rect.right() <= view.right() + 1, label.toPlainText()
