"""The open build: current Build, its file, the undo stack and the state every panel reads.

Every edit goes through here as an undo command holding the Build before and after, so undo
and redo cover every change a person makes. After each change the document recomputes the
state once and emits ``changed`` with what changed; panels read ``document.state``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from configurator.build import (
    CIRCUITS,
    DEFAULT_CIRCUIT,
    Build,
    BuildError,
    Workload,
    apply_edit,
    describe_edit,
)
from configurator.graph import auto_place
from configurator.parts import Catalog
from configurator.ui.state import BuildChanges, BuildState, compute_state

# Edits that can leave a card or drive without a slot; the new units get placed right away.
_PLACING_ACTIONS = {"add", "replace", "set_quantity", "steps"}
_MERGE_ID = 1


class BuildCommand(QUndoCommand):
    """One undoable change: the whole Build before and after (builds are small and immutable)."""

    def __init__(self, document: BuildDocument, before: Build, after: BuildState, text: str,
                 merge_key: str | None = None):
        super().__init__(text)
        self._document = document
        self.before = before
        self.after = after.build
        self._first_state: BuildState | None = after
        self.merge_key = merge_key

    def redo(self) -> None:
        state, self._first_state = self._first_state, None
        self._document._show(self.after, state)

    def undo(self) -> None:
        self._document._show(self.before)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, BuildCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class BuildDocument(QObject):
    changed = Signal(object)  # BuildChanges
    file_changed = Signal()  # path or unsaved-changes flag
    opening = Signal()  # another build replaces this one (sent just before it is shown)
    edit_refused = Signal(str)  # an edit that would make the build unreadable

    def __init__(self, catalog: Catalog, *, estimator=None, circuit: str = DEFAULT_CIRCUIT,
                 parent: QObject | None = None):
        """``circuit`` is the store's usual site, given to new builds."""
        super().__init__(parent)
        self.catalog = catalog
        self.estimator = estimator
        self.new_build_circuit = circuit
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.state: BuildState = compute_state(self.new_build(), catalog, estimator)

    @property
    def build(self) -> Build:
        return self.state.build

    @property
    def circuit(self) -> str:
        """The customer's site circuit, carried by the build so every view reads the same one."""
        return self.build.circuit

    def new_build(self) -> Build:
        return Build().with_circuit(self.new_build_circuit)

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def title(self) -> str:
        return self.path.name if self.path else self.build.name

    # --- edits ---------------------------------------------------------------------------------

    def apply_edit(self, edit: dict) -> bool:
        """Apply an edit dict (configurator.build.edits); False, with edit_refused, if it fails."""
        try:
            after = apply_edit(self.build, edit)
            if edit.get("action") == "remove" and self._board_id() == edit.get("part"):
                after = after.with_items([i.model_copy(update={"slots": []}) for i in after.items])
            if edit.get("action") in _PLACING_ACTIONS:
                after = auto_place(after, self.catalog)
            text = describe_edit(edit, self._part_name)
        except (BuildError, ValueError) as exc:
            self.edit_refused.emit(str(exc))
            return False
        return self.set_build(after, text[:1].upper() + text[1:])

    def set_build(self, after: Build, text: str, *, merge_key: str | None = None) -> bool:
        """Push a replacement Build as one undoable step."""
        if after == self.build:
            return True
        try:
            state = compute_state(after, self.catalog, self.estimator)
        except (BuildError, ValueError) as exc:
            self.edit_refused.emit(str(exc))
            return False
        self.undo_stack.push(BuildCommand(self, self.build, state, text, merge_key))
        return True

    def set_workload(self, workload: Workload | None, field: str = "workload") -> bool:
        """Workload edits of the same field merge, so typing a number is one undo step."""
        after = self.build.model_copy(update={"workload": workload})
        return self.set_build(after, f"Change {field}", merge_key=f"workload:{field}")

    def set_circuit(self, circuit: str) -> bool:
        return self.set_build(self.build.with_circuit(circuit),
                              f"Set the site's circuit to {CIRCUITS[circuit].name}")

    def recompute(self) -> None:
        """Recompute after the catalog changed underneath (imported prices)."""
        self._show(self.build, changes=BuildChanges.everything())

    # --- files ---------------------------------------------------------------------------------

    def open(self, build: Build, path: Path | None, *, dirty: bool = False) -> None:
        """Replace the document; raises BuildError (leaving it untouched) if the build is bad."""
        placed = auto_place(build, self.catalog)
        if placed.site is None:  # saved with the build from now on, so every view reads one value
            placed = placed.with_circuit(placed.circuit)
        state = compute_state(placed, self.catalog, self.estimator)
        self.undo_stack.clear()
        self.path = Path(path) if path else None
        self.opening.emit()
        self._show(placed, state, BuildChanges.everything())
        if dirty:
            # A recovered build is unsaved work: mark the stack dirty without an undo step.
            self.undo_stack.resetClean()
        self.file_changed.emit()

    def mark_saved(self, path: Path) -> None:
        self.path = Path(path)
        self.undo_stack.setClean()
        self.file_changed.emit()

    # --- internals -------------------------------------------------------------------------------

    def _on_clean_changed(self, _clean: bool) -> None:
        self.file_changed.emit()

    def _part_name(self, part_id: str) -> str:
        part = self.catalog.get(part_id)
        return part.name if part else part_id

    def _board_id(self) -> str | None:
        board = self.state.resolved.motherboard
        return board.id if board else None

    def _show(self, build: Build, state: BuildState | None = None,
              changes: BuildChanges | None = None) -> None:
        before = self.state.build
        if state is None:
            state = compute_state(build, self.catalog, self.estimator)
        self.state = state
        self.changed.emit(changes or BuildChanges.between(before, build))
