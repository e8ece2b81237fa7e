"""Number fields whose unit agrees with the number: "1 user", "2 users", "1 token"."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

SINGULAR = {" tokens": " token", " users": " user", " builds": " build", " days": " day"}


class CountSpinBox(QSpinBox):
    """A spin box showing its unit after the number, in the singular while it shows 1.

    The unit is part of the displayed text rather than Qt's fixed suffix, so it is right
    however the value was set (with signals blocked too); typed text may carry either form.
    """

    def __init__(self, minimum: int, maximum: int, step: int, unit: str = ""):
        # Set before Qt's constructor, which already asks for the text of the value.
        self._many = unit
        self._one = SINGULAR.get(unit, unit)
        super().__init__(minimum=minimum, maximum=maximum, singleStep=step)

    def unit_for(self, value: int) -> str:
        return self._one if value == 1 else self._many

    def textFromValue(self, value: int) -> str:  # noqa: N802
        return super().textFromValue(value) + self.unit_for(value)

    def valueFromText(self, text: str) -> int:  # noqa: N802
        return super().valueFromText(self._number(text))

    def validate(self, text: str, pos: int):
        number = self._number(text)
        state, _text, _pos = super().validate(number, min(pos, len(number)))
        return state, text, pos

    def _number(self, text: str) -> str:
        for unit in (self._many, self._one):
            if unit.strip() and text.rstrip().endswith(unit.strip()):
                return text.rstrip()[: -len(unit.strip())].rstrip()
        return text
