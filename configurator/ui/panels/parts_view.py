"""Layout of the parts panel: categories, search and sort, the option table, the detail line."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.panels.part_columns import KINDS
from configurator.ui.wrapped_label import WrappedLabel


class OptionsTable(QTableView):
    """The option table: the figures columns fit their contents and the part name takes what is
    left (elided, never below a readable width), so prices stay visible in a narrow dock. When
    even that does not fit, figure columns are left out from the right (the price never) and
    come back as the panel widens; a row's tooltip has every figure."""

    MIN_NAME_WIDTH = 130
    COME_BACK_MARGIN = 24

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._left_out: list[int] = []
        self._title_widths: dict[int, int] = {}
        self._fitting = False
        self._fit_again = False
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._figures_resized)

    def setModel(self, model) -> None:  # noqa: N802
        super().setModel(model)
        model.modelReset.connect(self._columns_changed)
        # Rows moved keep their heights; a row whose words changed (now in the build, or not
        # compatible) is measured again, alone.
        model.dataChanged.connect(self._rows_changed)
        self._columns_changed()

    def _rows_changed(self, first, last, _roles=()) -> None:
        for row in range(first.row(), last.row() + 1):
            self.resizeRowToContents(row)

    def _columns_changed(self) -> None:
        header = self.horizontalHeader()
        for column in range(header.count()):
            header.showSection(column)
        self._left_out = []
        self._title_widths = {}
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.fit_name_column()
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped names, measured when the rows or the name column's
        width change, not on every refresh of the cells (that would read every cell)."""
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_name_column()

    def _figures_resized(self, index: int, _old: int, _new: int) -> None:
        if index:
            self.fit_name_column()

    def fit_name_column(self) -> None:
        # Showing or hiding a column, or rows growing a scroll bar, resize the table again
        # while it is being fitted: fit once more then, rather than from inside.
        if self._fitting:
            self._fit_again = True
            return
        self._fitting = True
        try:
            for _attempt in range(3):
                self._fit_again = False
                self._fit_columns()
                if not self._fit_again:
                    break
        finally:
            self._fitting = False

    def _column_width(self, column: int) -> int:
        """The width a column takes shown: its title or its widest cell. A left-out column's
        title is measured while it was shown: the header measures hidden ones as 0, and
        deciding on that would bring the column back, leave it out again, and so on."""
        header = self.horizontalHeader()
        if not header.isSectionHidden(column):
            self._title_widths[column] = header.sectionSizeHint(column)
            return header.sectionSize(column)
        return max(self._title_widths.get(column, 0), self.sizeHintForColumn(column))

    def _fit_columns(self) -> None:
        header = self.horizontalHeader()
        room = self.viewport().width() - self.MIN_NAME_WIDTH
        left_out, figures = [], 0
        for column in range(1, header.count()):
            was_out = column in self._left_out
            width = self._column_width(column)
            # A column comes back only with room to spare, so a scroll bar that appears with
            # it cannot send it out again.
            need = width + (self.COME_BACK_MARGIN if was_out else 0)
            if column > 1 and (left_out or figures + need > room):
                left_out.append(column)
            else:
                figures += width
        for column in range(1, header.count()):
            if (column in left_out) != header.isSectionHidden(column):
                header.setSectionHidden(column, column in left_out)
        self._left_out = left_out
        width = max(self.MIN_NAME_WIDTH, self.viewport().width() - figures)
        if width != header.sectionSize(0):
            header.resizeSection(0, width)
            self._fit_rows()


class PartsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.categories = QListWidget()
        self.categories.setObjectName("categories")
        self.categories.setAccessibleName("Part categories")
        for kind, label in KINDS:
            self.categories.addItem(label)
            self.categories.item(self.categories.count() - 1).setData(Qt.ItemDataRole.UserRole, kind)
        self.categories.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.categories.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.categories.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.categories.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.categories.setUniformItemSizes(True)

        self.search = QLineEdit(placeholderText="Search parts (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search parts")
        self.compatible_only = QCheckBox("&Compatible only")
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sort parts")
        self.max_price = QSpinBox(prefix="≤ ", suffix=" $", maximum=1_000_000, singleStep=100)
        self.max_price.setSpecialValueText("Any price")
        self.max_price.setAccessibleName("Maximum price")

        self.table = OptionsTable()
        self.table.setObjectName("options")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Long names wrap onto a second line rather than being cut to the same prefix.
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between rows
        # A name too long even for two lines keeps its end (capacity, variant) visible.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setMinimumWidth(300)

        self.detail = WrappedLabel()
        self.detail.setObjectName("detail")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(3 * self.detail.fontMetrics().lineSpacing())
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.use_button = QPushButton("&Use")
        self.use_button.setToolTip("Put this part in the build (Enter)")
        self.add_button = QPushButton("&Add another")
        self.quantity = QSpinBox(prefix="Qty ", minimum=1, maximum=64)
        self.quantity.setAccessibleName("Quantity")
        self.remove_button = QPushButton("&Remove")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.compatible_only)
        sorting = QHBoxLayout()
        sorting.addWidget(QLabel("Sort:"))
        sorting.addWidget(self.sort, 1)
        sorting.addWidget(self.max_price)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quantity)
        buttons.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.categories)
        layout.addLayout(filters)
        layout.addLayout(sorting)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(520, 700)

    def fit_categories(self) -> None:
        """Show every category without a scroll bar."""
        rows = self.categories.count() * max(self.categories.sizeHintForRow(0),
                                             self.fontMetrics().height() + 4)
        self.categories.setFixedHeight(rows + 2 * self.categories.frameWidth() + 2)
