"""Per-slot choosers: which card or drive sits in which PCIe and M.2 slot of the board."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from configurator.build import Unit
from configurator.graph import auto_place, slot_states
from configurator.parts import Gpu, Storage
from configurator.ui.document import BuildDocument
from configurator.ui.placing import clear_placements, place, take_out
from configurator.ui.state import BuildChanges
from configurator.ui.theme import DISABLED_COLOR
from configurator.ui.wrapped_label import WrappedLabel

EMPTY = "— empty —"


def _fits(unit: Unit, slot, is_pcie: bool) -> bool:
    part = unit.part
    if is_pcie:
        return isinstance(part, Gpu)
    return (isinstance(part, Storage) and part.m2_length in slot.lengths
            and (part.interface == "nvme" or slot.sata))


class PlacementPanel(QWidget):
    def __init__(self, document: BuildDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._document = document
        self._shape: str | None = ""
        self._stale = True
        self.choosers: dict[str, QComboBox] = {}
        self.states: dict[str, QLabel] = {}

        self.auto_button = QPushButton("&Auto-place")
        self.auto_button.setToolTip("Place every card and drive afresh: CPU-wired slots first, "
                                    "no M.2 slot that switches off a populated slot")
        self.auto_button.clicked.connect(self._auto_place)
        self.hint = WrappedLabel()
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setColumnStretch(1, 1)
        self._grid.setVerticalSpacing(2)
        # Each slot is two lines (what the slot is, then its chooser), so a narrow dock never
        # hides a chooser off to the right.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._grid_host)

        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.auto_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, changes: BuildChanges) -> None:
        if changes.parts or changes.placement:
            # Behind the Findings tab nobody sees the rows: they catch up when shown.
            self._stale = True
            if self.isVisible() and not self.visibleRegion().isEmpty():
                self.refresh()

    def catch_up(self) -> None:
        """Show the current build if a change came while the panel was out of sight (a tab
        behind another is moved out of the window, not hidden)."""
        if self._stale:
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.catch_up()

    def refresh(self) -> None:
        resolved = self._document.state.resolved
        board = resolved.motherboard
        shape = board.id if board else None  # rows are the board's slots; choosers refill below
        if shape != self._shape:
            self._shape = shape
            self._rebuild_rows()
        self._update_rows()
        self._stale = False

    def _rebuild_rows(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.choosers.clear()
        self.states.clear()
        board = self._document.state.resolved.motherboard
        self.auto_button.setEnabled(board is not None)
        if board is None:
            self.hint.setText("Choose a motherboard to place cards and drives.")
            return
        self.hint.setText(f"Slots of {board.name}. A card or drive in a disabled slot is not detected.")
        row = 0
        for slot in [*board.pcie_slots, *board.m2_slots]:
            is_pcie = board.pcie_slot(slot.id) is not None
            name = QLabel(f"<b>{slot.id}</b>")
            name.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            state = WrappedLabel()
            state.setProperty("spec", f"PCIe {slot.gen}.0 x{slot.lanes} · {slot.source.upper()}"
                              + ("" if is_pcie else " · M.2"))
            chooser = QComboBox()
            chooser.setAccessibleName(f"Device in {slot.id}")
            chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            chooser.setMinimumContentsLength(8)
            chooser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            chooser.activated.connect(lambda _n, s=slot.id: self._on_chosen(s))
            chooser.setProperty("pcie", is_pcie)
            name.setBuddy(chooser)
            self._grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(state, row, 1)
            self._grid.addWidget(chooser, row + 1, 0, 1, 2)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            self._grid.addWidget(line, row + 2, 0, 1, 2)
            self.choosers[slot.id] = chooser
            self.states[slot.id] = state
            row += 3
        self._grid.setRowStretch(row, 1)

    def _update_rows(self) -> None:
        resolved = self._document.state.resolved
        board = resolved.motherboard
        if board is None:
            return
        states = slot_states(board, resolved.populated_slots)
        units = [u for u in resolved.units if isinstance(u.part, Gpu | Storage)]
        for slot in [*board.pcie_slots, *board.m2_slots]:
            is_pcie = board.pcie_slot(slot.id) is not None
            chooser = self.choosers[slot.id]
            chooser.blockSignals(True)
            chooser.clear()
            chooser.addItem(EMPTY, None)
            for unit in units:
                if not _fits(unit, slot, is_pcie):
                    continue
                where = f" (in {unit.slot})" if unit.slot and unit.slot != slot.id else (
                    "" if unit.slot else " (not placed)")
                chooser.addItem(f"{unit.part.model} #{unit.number + 1}{where}", (unit.part.id, unit.slot))
                if unit.slot == slot.id:
                    chooser.setCurrentIndex(chooser.count() - 1)
            chooser.blockSignals(False)
            state = states[slot.id]
            label = self.states[slot.id]
            spec = label.property("spec")
            if state.disabled:
                label.setText(f"{spec} · <span style='color:{DISABLED_COLOR}'><b>disabled</b> by "
                              f"{', '.join(state.disabled_by)}</span>")
            elif state.narrowed_by:
                label.setText(f"{spec} · runs at x{state.lanes} (narrowed by {', '.join(state.narrowed_by)})")
            else:
                label.setText(spec)
            chooser.setToolTip(chooser.currentText())

    def _on_chosen(self, slot_id: str) -> None:
        data = self.choosers[slot_id].currentData()
        build = self._document.build
        if data is None:
            after, text = take_out(build, slot_id), f"Empty {slot_id}"
        else:
            part_id, from_slot = data
            if from_slot == slot_id:
                return
            if from_slot and slot_id not in self._document.state.resolved.populated_slots:
                self._document.apply_edit({"action": "move", "part": part_id,
                                           "from_slot": from_slot, "to_slot": slot_id})
                return
            after, text = place(build, part_id, from_slot, slot_id), f"Place {part_id} in {slot_id}"
        self._document.set_build(after, text)

    def _auto_place(self) -> None:
        catalog = self._document.catalog
        after = auto_place(clear_placements(self._document.build), catalog)
        self._document.set_build(after, "Auto-place cards and drives")
