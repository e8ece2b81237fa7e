"""The window while the recommender searches: the longest the GUI event loop goes without
running, from pressing Find builds until the results are drawn. A 5 ms timer ticks throughout;
the longest gap between two ticks, less the 5 ms, is the worst frame the search caused.

The same gap measured on the idle window (no search) is recorded beside it: on a loaded
machine the operating system alone delays the event loop, and the figure should be read
against that floor."""

from __future__ import annotations

import gc
import time

import pytest

from configurator.parts import load_catalog

TICK_MS = 5
MAX_STALL_MS = 50


@pytest.fixture
def screen(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONFIGURATOR_USER_DATA", str(tmp_path))
    from configurator.ui.estimates import Estimator
    from configurator.ui.recommend.recommend_screen import RecommendScreen

    catalog = load_catalog(with_user_prices=False)
    screen = RecommendScreen(lambda: catalog, Estimator(), "120v15a")
    qtbot.addWidget(screen)
    screen.resize(1600, 1000)
    screen.show()
    qtbot.waitExposed(screen)
    gc.freeze()  # as the app does once its window is built
    yield screen
    screen.shutdown()


class _Ticks:
    """Gaps between the ticks of a 5 ms timer while it runs."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer(interval=TICK_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def __enter__(self) -> _Ticks:
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._timer.stop()

    @property
    def longest_stall_ms(self) -> float:
        return max(self.gaps) * 1000 - TICK_MS


def _search_stall_ms(qtbot, screen) -> float:
    with _Ticks() as ticks:
        with qtbot.waitSignal(screen.search.finished, timeout=60_000):
            screen.form.find_button.click()
        qtbot.wait(150)  # the results table, chart and preview are drawn after the result arrives
    return ticks.longest_stall_ms


def test_bench_gui_recommend_frame_stall(benchmark, qtbot, screen):
    """A 70B model for 8 users, any weight format, over the bundled catalog."""
    with _Ticks() as idle:
        qtbot.wait(1000)
    stalls: list[float] = []
    benchmark.pedantic(lambda: stalls.append(_search_stall_ms(qtbot, screen)), rounds=7,
                       warmup_rounds=1)
    measured = sorted(stalls[1:])  # the warm-up round is not a measurement
    median = measured[len(measured) // 2]
    benchmark.extra_info.update(longest_stall_ms=round(measured[-1], 1),
                                median_longest_stall_ms=round(median, 1),
                                idle_longest_stall_ms=round(idle.longest_stall_ms, 1))
    assert screen.results.rows
    assert median < MAX_STALL_MS, measured
