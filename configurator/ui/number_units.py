"""Units on number fields that agree with the number: "1 user", "2 users", "1 token"."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

SINGULAR = {" tokens": " token", " users": " user", " builds": " build", " days": " day"}


def agreeing_suffix(spin: QSpinBox, suffix: str) -> None:
    """Give ``spin`` the unit ``suffix``, in the singular while it shows 1."""
    one = SINGULAR.get(suffix, suffix)

    def show(value: int) -> None:
        spin.setSuffix(one if value == 1 else suffix)

    show(spin.value())
    spin.valueChanged.connect(show)
