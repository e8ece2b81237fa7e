"""What the app says when the quote register cannot be used: the same one line as the command
line, and for a damaged register the offer to move it aside so a new one can start."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from configurator.errors import one_line
from configurator.quote import RegisterDamagedError, move_aside


def offer_move_aside(parent: QWidget | None, exc: RegisterDamagedError) -> bool:
    """Ask to move the damaged register aside; True if it was moved."""
    answer = QMessageBox.question(
        parent, "Quote register damaged",
        f"{one_line(exc)}.\n\nMove it aside now? It is kept under a new name for recovery; "
        "new quotes then go to a new, empty register.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        target = move_aside(exc.path)
    except OSError as err:
        QMessageBox.warning(parent, "Quote register damaged",
                            f"It could not be moved: {one_line(err.strerror or err)}")
        return False
    QMessageBox.information(parent, "Quote register moved aside", f"It is now {target}.")
    return True

