"""Part pickers: rank the visible category's parts against the build and turn choices into edits."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget

from configurator.rules.options import Option, rank_options
from configurator.ui.dialogs.part_editor import new_part_like
from configurator.ui.document import BuildDocument
from configurator.ui.panels.part_columns import ADDITIVE_KINDS, KINDS, SINGLE_KINDS, sort_choices
from configurator.ui.panels.parts_model import OptionsModel, reasons_text
from configurator.ui.panels.parts_view import PartsView
from configurator.ui.state import BuildChanges


class PartsPanel(PartsView):
    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self._kind = KINDS[0][0]
        self._options: list[Option] = []
        self._stale = True
        self._follow_build = False  # after opening a build, show its parts rather than the last row
        self.model = OptionsModel(self)
        self.table.setModel(self.model)

        self.categories.currentRowChanged.connect(self._on_category_changed)
        self.search.textChanged.connect(self._refill)
        self.compatible_only.toggled.connect(self._refill)
        self.sort.currentIndexChanged.connect(self._refill)
        self.max_price.valueChanged.connect(self._refill)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.table.activated.connect(lambda _index: self.use_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.use_button.clicked.connect(self.use_selected)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.quantity.editingFinished.connect(self._on_quantity_edited)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search,
                  context=Qt.ShortcutContext.WindowShortcut)
        document.changed.connect(self._on_document_changed)
        document.opening.connect(self._on_opening)

        self._fill_sort_choices()
        self._update_category_labels()
        self.categories.setCurrentRow(0)
        self.fit_categories()

    @property
    def kind(self) -> str:
        return self._kind

    def show_kind(self, kind: str) -> None:
        row = next(n for n, (k, _label) in enumerate(KINDS) if k == kind)
        self.categories.setCurrentRow(row)

    def select_part(self, part_id: str) -> bool:
        """Make a part the current row (clearing filters that hide it)."""
        row = self.model.row_of(part_id)
        if row < 0:
            self.search.clear()
            self.compatible_only.setChecked(False)
            self.max_price.setValue(0)
            row = self.model.row_of(part_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def current_option(self) -> Option | None:
        return self.model.option(self.table.currentIndex().row())

    # --- actions -------------------------------------------------------------------------------

    def _replaces(self) -> str | None:
        """The part "Use" swaps out, or None when it adds the selected part."""
        lines = [i for i in self._document.build.items if self._kind_of(i.part) == self._kind]
        if lines and self._kind not in ADDITIVE_KINDS and (self._kind in SINGLE_KINDS or len(lines) == 1):
            return lines[0].part
        return None

    def use_selected(self) -> None:
        """Put the selected part in the build: replace the category's part, or add it."""
        option = self.current_option()
        if option is None or option.selected:
            return
        replaced = self._replaces()
        if replaced:
            edit = {"action": "replace", "from_part": replaced, "to_part": option.part.id}
            if self._kind == "motherboard":
                edit["placements"] = {}  # new board, new slot ids: place everything afresh
            self._document.apply_edit(edit)
        else:
            self._document.apply_edit({"action": "add", "part": option.part.id})

    def part_menu(self) -> QMenu:
        menu = QMenu(self)
        option = self.current_option()
        action = menu.addAction("New part like this one…", self.new_part_like_selected)
        action.setEnabled(option is not None)
        return menu

    def _context_menu(self, pos) -> None:
        self.part_menu().exec(self.table.viewport().mapToGlobal(pos))

    def new_part_like_selected(self) -> None:
        """Copy the selected part into the part editor; a saved part is listed and selected."""
        option = self.current_option()
        if option is None:
            return
        saved = new_part_like(self._document, option.part, self)
        if saved is not None:
            self._stale = True
            self.refresh()
            self.select_part(saved.id)

    def add_selected(self) -> None:
        option = self.current_option()
        if option is not None:
            self._document.apply_edit({"action": "add", "part": option.part.id})

    def remove_selected(self) -> None:
        option = self.current_option()
        if option is not None and option.selected:
            self._document.apply_edit({"action": "remove", "part": option.part.id})

    def _on_quantity_edited(self) -> None:
        option = self.current_option()
        if option is None or not option.selected:
            return
        if self.quantity.value() != self._quantities().get(option.part.id):
            self._document.apply_edit({"action": "set_quantity", "part": option.part.id,
                                       "quantity": self.quantity.value()})

    # --- refresh -------------------------------------------------------------------------------

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if not (changes.hardware or changes.workload):  # hardware includes the circuit
            return
        self._update_category_labels()
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _on_opening(self) -> None:
        self._follow_build = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit_categories()
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Re-rank the visible category only; other categories re-rank when shown."""
        self._options = rank_options(self._document.state.resolved, self._kind,
                                     circuit=self._document.circuit)
        self._stale = False
        self._refill()

    def _refill(self) -> None:
        current = None if self._follow_build else self.current_option()
        self._follow_build = False
        needle = self.search.text().strip().casefold()
        max_price = self.max_price.value()
        rows = [
            o for o in self._options
            if (not needle or needle in f"{o.part.name} {o.part.id} {o.part.mpn or ''}".casefold())
            and (o.compatible or not self.compatible_only.isChecked())
            and (not max_price or o.part.price.amount <= max_price)
        ]
        _label, key, descending = sort_choices(self._kind)[max(0, self.sort.currentIndex())]
        rows.sort(key=key, reverse=descending)
        # Stable: compatible first, towers before rack chassis, the chosen order within.
        rows.sort(key=lambda o: (not o.compatible, getattr(o.part, "rack_units", None) is not None))
        self.model.set_rows(self._kind, rows, self._quantities())
        if self.current_option() is not None and current is not None and \
                self.current_option().part.id == current.part.id:
            self._on_row_changed()
            return
        if not (current and self.select_existing(current.part.id)):
            selected = next((o for o in rows if o.selected), rows[0] if rows else None)
            if selected:
                self.select_existing(selected.part.id)
        self._on_row_changed()

    def select_existing(self, part_id: str) -> bool:
        row = self.model.row_of(part_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        return row >= 0

    def _on_category_changed(self, row: int) -> None:
        if row < 0:
            return
        self._kind = KINDS[row][0]
        # Quietly: a refill now would show the previous kind's rows under the new kind's columns.
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._fill_sort_choices()
        self.add_button.setVisible(self._kind not in SINGLE_KINDS)
        self.refresh()

    def _on_row_changed(self, *_args) -> None:
        option = self.current_option()
        self.use_button.setEnabled(option is not None and not option.selected)
        replaced = self._replaces()
        if replaced:
            self.use_button.setText("&Use instead")
            self.use_button.setToolTip(f"Replace {self._document.catalog.get(replaced).name} "
                                       "with this part (Enter)")
        else:
            self.use_button.setText("&Use")
            self.use_button.setToolTip("Add this part to the build (Enter)")
        in_build = option is not None and option.selected
        self.remove_button.setEnabled(in_build)
        self.quantity.setEnabled(in_build and self._kind not in SINGLE_KINDS)
        self.quantity.blockSignals(True)
        self.quantity.setValue(self._quantities().get(option.part.id, 1) if in_build else 1)
        self.quantity.blockSignals(False)
        if option is None:
            self.detail.setText("No part matches the filters.")
            return
        state = "In the build. " if in_build else ""
        self.detail.setText(f"<b>{option.part.name}</b> — {state}"
                            + reasons_text(option).replace("\n", "<br>"))

    def _fill_sort_choices(self) -> None:
        self.sort.blockSignals(True)
        self.sort.clear()
        for label, _key, _desc in sort_choices(self._kind):
            self.sort.addItem(label)
        self.sort.blockSignals(False)

    def _update_category_labels(self) -> None:
        counts: dict[str, list[str]] = {}
        for unit in self._document.state.resolved.units:
            counts.setdefault(unit.part.kind, []).append(unit.part.model)
        for row, (kind, label) in enumerate(KINDS):
            names = Counter(counts.get(kind, []))
            chosen = ", ".join(f"{n} × {m}" if n > 1 else m for m, n in names.items()) or "—"
            item = self.categories.item(row)
            text = f"{label}: {chosen}"
            if item.text() != text:  # each new text lays the list out and repaints it
                item.setText(text)
                item.setToolTip(text)

    def _quantities(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self._document.build.items:
            out[item.part] = out.get(item.part, 0) + item.quantity
        return out

    def _kind_of(self, part_id: str) -> str | None:
        part = self._document.catalog.get(part_id)
        return part.kind if part else None

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
