"""Table model of a picker: rank_options' result for one kind, filtered and sorted for display."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from configurator.rules.options import Option
from configurator.ui.panels.part_columns import SPEC_COLUMNS, Column

OPTION_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


_ANSWERED = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.AccessibleDescriptionRole, OPTION_ROLE,
})


def reasons_text(option: Option) -> str:
    if option.compatible:
        return "Compatible with the rest of the build."
    return "\n".join(f"{message} ({code})" for code, message in option.reasons)


def _one_currency(rows: list[Option]) -> str:
    """The currency every row is priced in, shown once in the header like the other columns'
    units; empty when the rows mix currencies, and then each price names its own."""
    currencies = {o.part.price.currency for o in rows}
    return currencies.pop() if len(currencies) == 1 else ""


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class OptionsModel(QAbstractTableModel):
    """Rows are Options; incompatible ones are greyed and carry their reasons as a tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Option] = []
        self._columns: tuple[Column, ...] = ()
        self._quantities: dict[str, int] = {}
        self._currency = ""

    def set_rows(self, kind: str, rows: list[Option], quantities: dict[str, int]) -> None:
        ids, shown = [o.part.id for o in rows], [o.part.id for o in self._rows]
        if SPEC_COLUMNS.get(kind, ()) == self._columns and _one_currency(rows) == self._currency \
                and sorted(ids) == sorted(shown):
            # The same parts, maybe in a new order: keep the selection and each row's measured
            # height, and redraw only the rows whose compatibility or count in the build changed.
            before = {o.part.id: (o, self._quantities.get(o.part.id)) for o in self._rows}
            reordered = ids != shown
            if reordered:
                self.layoutAboutToBeChanged.emit()
            self._rows, self._quantities = rows, quantities
            if reordered:
                position = {part_id: n for n, part_id in enumerate(ids)}
                persistent = self.persistentIndexList()
                self.changePersistentIndexList(persistent, [
                    self.index(position[shown[i.row()]], i.column()) for i in persistent])
                self.layoutChanged.emit()
            changed = [n for n, new in enumerate(rows)
                       if before[new.part.id] != (new, quantities.get(new.part.id))]
            for first, last in _runs(changed):
                self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
            return
        self.beginResetModel()
        self._columns = SPEC_COLUMNS.get(kind, ())
        self._rows = rows
        self._quantities = quantities
        self._currency = _one_currency(rows)
        self.endResetModel()

    def option(self, row: int) -> Option | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, part_id: str) -> int:
        return next((n for n, o in enumerate(self._rows) if o.part.id == part_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2 + len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        price = f"Price\n{self._currency}" if self._currency else "Price"
        headers = ["Part", price, *(c.title for c in self._columns)]
        return headers[section] if section < len(headers) else None

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED:  # the view asks about a dozen roles per cell when measuring
            return None
        option = self.option(index.row())
        if option is None:
            return None
        col = index.column()
        part = option.part
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                qty = self._quantities.get(part.id, 0)
                in_build = f" (× {qty} in build)" if qty > 1 else " (in build)" if qty else ""
                return part.name + in_build + ("" if option.compatible else "  ⊘")
            if col == 1:
                amount = f"{part.price.amount:,.2f}"
                return amount if self._currency else f"{amount} {part.price.currency}"
            return self._columns[col - 2].text(part)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Every figure, also those of columns a narrow panel leaves out.
            figures = " · ".join(f"{c.title.replace(chr(10), ' ')}: {c.text(part)}" for c in self._columns)
            price = f"{part.price.amount:,.2f} {part.price.currency}"
            return f"{part.name}\n{price}" + (f" · {figures}" if figures else "") + f"\n{reasons_text(option)}"
        if role == Qt.ItemDataRole.ForegroundRole and not option.compatible:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and self._quantities.get(part.id):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return reasons_text(option)
        if role == OPTION_ROLE:
            return option
        return None
