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


class OptionsTable(QTableView):
    """The option table: the figures columns fit their contents and the part name takes what is
    left (elided, never below a readable width), so prices stay visible in a narrow dock."""

    MIN_NAME_WIDTH = 130

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._figures_resized)

    def setModel(self, model) -> None:  # noqa: N802
        super().setModel(model)
        model.modelReset.connect(self._columns_changed)
        model.layoutChanged.connect(self._columns_changed)
        self._columns_changed()

    def _columns_changed(self) -> None:
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
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
        header = self.horizontalHeader()
        figures = sum(header.sectionSize(i) for i in range(1, header.count()) if not header.isSectionHidden(i))
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

        self.detail = QLabel()
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
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
