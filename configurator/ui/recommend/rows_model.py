"""A read-only table of text rows, replaced all at once: one reset per search result, so the view
lays out once instead of once per cell."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: tuple[str, ...], right: tuple[int, ...] = (), parent=None):
        """``right`` lists the columns of figures, aligned right."""
        super().__init__(parent)
        self._headers = list(headers)
        self._right = set(right)
        self._rows: list[tuple[str, ...]] = []
        self._tips: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]], tips: list[tuple[str, ...]] | None = None,
                 headers: tuple[str, ...] | None = None) -> None:
        """``tips`` gives each cell's tooltip (empty: the cell's own text)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._tips = list(tips) if tips is not None else []
        if headers is not None:
            self._headers = list(headers)
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tips[row][column] if row < len(self._tips) else ""
            return tip or self._rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column in self._right else LEFT)
        return None
