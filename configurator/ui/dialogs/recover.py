"""Offer back a build an earlier session left unsaved when it ended without closing cleanly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from configurator.build import Build


def ask_recover(parent: QWidget | None, build: Build, origin: Path | None) -> bool:
    where = f" (from {origin.name})" if origin else ""
    answer = QMessageBox.question(
        parent, "Recover unsaved build",
        f"The configurator did not close normally last time. Recover the unsaved build "
        f"“{build.name}”{where}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
