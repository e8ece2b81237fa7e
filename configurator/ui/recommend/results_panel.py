"""The search results: ranked builds (or the nearest misses), the frontier, and a preview of the
build picked in the list or pointed at in the chart."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from configurator.parts import Catalog
from configurator.recommend import RecommendResult
from configurator.ui.recommend.results_view import COLUMNS, ResultsView
from configurator.ui.recommend.shown import (
    Shown,
    parts_list,
    shown_miss,
    shown_point,
    shown_recommendation,
)


class ResultsPanel(ResultsView):
    open_requested = Signal(object)  # Build

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._catalog: Catalog | None = None  # the one the shown result was priced from
        self.rows: list[Shown] = []
        self.points: list[Shown] = []
        self.previewed: Shown | None = None
        self._pinned: Shown | None = None  # picked in the list or clicked; hovering shows others
        self.table.selectionModel().selectionChanged.connect(self._on_row_selected)
        self.table.activated.connect(lambda _index: self._open())
        self.chart.point_hovered.connect(self._on_point_hovered)
        self.chart.point_clicked.connect(self._on_point_clicked)
        self.preview.open_button.clicked.connect(self._open)
        self.show_message("No search yet",
                          "Describe the workload on the left and press Find builds.")

    def show_message(self, headline: str, detail: str = "") -> None:
        """No results, one message instead (before a search, or when it could not run)."""
        self.empty.setText(f"{headline}\n\n{detail}" if detail else headline)
        self.pages.setCurrentWidget(self.empty)
        self._fill([], [])
        self.chart.show_points([], [], [], [], "", "tokens/s")

    def show_result(self, result: RecommendResult, catalog: Catalog) -> None:
        self._catalog = catalog
        seconds = result.elapsed_ms / 1000
        checked = f"{result.evaluated:,} complete builds checked in {seconds:,.1f} s"
        stopped = "Search cancelled: " if result.cancelled else ""
        if result.builds:
            self.headline.setText(f"{stopped}{len(result.builds)} recommended builds")
            rows = [shown_recommendation(r) for r in result.builds]
            detail = checked + "; the chart shows the frontier of price against speed."
        elif result.nearest_misses:
            self.headline.setText(f"{stopped}No build meets every constraint; the nearest misses")
            rows = [shown_miss(m) for m in result.nearest_misses]
            detail = checked + "; each miss says what it would take."
        else:
            self.show_message(f"{stopped}No build found", checked + ". Try a larger budget, "
                              "another form factor or fewer constraints.")
            return
        self.pages.setCurrentWidget(self.found)
        self.detail.setText(detail)
        # Every ranked build, and the frontier builds outside the ranking, each once.
        ranked = {row.rank for row in rows if row.rank is not None}
        points = rows + [shown_point(p, result.currency) for p in result.frontier
                         if p.rank is None or p.rank not in ranked]
        self._fill(rows, points)
        unit = "trained tokens/s" if rows[0].training else "output tokens/s, all users"
        line = [(float(p.price), p.throughput) for p in result.frontier]
        self.chart.show_points(line, [p.spot for p in points], [p.rank for p in points],
                               [p.tip for p in points], result.currency, unit)
        if rows:
            self.table.selectRow(0)

    # --- filling -------------------------------------------------------------------------------

    def _fill(self, rows: list[Shown], points: list[Shown]) -> None:
        self.rows, self.points = rows, points
        misses = bool(rows) and rows[0].relaxation != ""
        training = bool(rows) and rows[0].training
        headers = list(COLUMNS)
        headers[-1] = "Would qualify with" if misses else headers[-1]
        headers[4] = "Trained tokens/s" if training else headers[4]
        cells = [(str(row.rank) if row.rank else "—", row.title, row.price, row.per_user, row.total,
                  row.power, row.relaxation or row.warnings_text) for row in rows]
        tips = [("", "", "", "", "", "", "\n".join(row.warnings)) for row in rows]
        self.table.model().set_rows(cells, tips, tuple(headers))
        self.table.setColumnHidden(3, training)  # per user: training has no users
        if not rows:
            self._pin(None)

    def _preview(self, row: Shown | None) -> None:
        self.previewed = row
        preview = self.preview
        preview.setEnabled(row is not None)
        preview.open_button.setEnabled(row is not None)
        if row is None:
            for label in (preview.title, preview.why, preview.figures, preview.estimate, preview.warnings):
                label.clear()
            preview.parts.model().set_rows([])
            return
        rank = f"#{row.rank}  " if row.rank else ""
        preview.title.setText(rank + row.title)
        preview.why.setText(row.why)
        preview.why.setVisible(bool(row.why))
        preview.figures.setText(row.figures)
        preview.estimate.setText(row.estimate)
        preview.estimate.setVisible(bool(row.estimate))
        notes = [f"Error: {m}" for m in row.errors] + [f"Warning: {m}" for m in row.warnings]
        preview.warnings.setText("\n".join(notes))
        preview.warnings.setVisible(bool(notes))
        lines = parts_list(row.build, self._catalog)
        preview.parts.model().set_rows([(f"{n} ×", name, price) for n, name, price in lines])
        preview.fit_parts()

    # --- reactions -----------------------------------------------------------------------------

    def _pin(self, row: Shown | None) -> None:
        self._pinned = row
        self._preview(row)
        self.chart.select(next((n for n, p in enumerate(self.points) if row is not None and p is row), -1))

    def _on_row_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self._pin(self.rows[selected[0].row()])

    def _on_point_hovered(self, index: int) -> None:
        self._preview(self.points[index] if 0 <= index < len(self.points) else self._pinned)

    def _on_point_clicked(self, index: int) -> None:
        point = self.points[index]
        row = next((n for n, r in enumerate(self.rows) if r is point), None)
        if row is not None:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
            self._pin(point)

    def _open(self) -> None:
        if self.previewed is not None:
            self.open_requested.emit(self.previewed.build)
