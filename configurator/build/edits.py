"""Edits a person (or a one-click fix) makes to a build. Each returns a new Build.

Edits are plain data (``{"action": "move", ...}``) so a finding can carry one as its fix and the
app can apply it, undo it and show it in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from configurator.build.errors import BuildError
from configurator.build.model import Build, BuildItem, Workload


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Move(_Edit):
    action: Literal["move"] = "move"
    part: str
    from_slot: str
    to_slot: str


class Unplace(_Edit):
    action: Literal["unplace"] = "unplace"
    part: str
    slot: str


class Replace(_Edit):
    """Swap one part for another; ``placements``, when given, is the build's complete new
    placement (part id → slots), needed when the motherboard changes and slot ids with it."""

    action: Literal["replace"] = "replace"
    from_part: str
    to_part: str
    placements: dict[str, list[str]] | None = None


class Remove(_Edit):
    action: Literal["remove"] = "remove"
    part: str


class SetQuantity(_Edit):
    action: Literal["set_quantity"] = "set_quantity"
    part: str
    quantity: int = Field(ge=1, le=64)


class Add(_Edit):
    action: Literal["add"] = "add"
    part: str
    quantity: int = Field(default=1, ge=1, le=64)
    slots: list[str] = Field(default_factory=list)


class SetWorkload(_Edit):
    """Change some of the workload's settings (weights, kv_cache, context, parallel, gpus…)."""

    action: Literal["set_workload"] = "set_workload"
    changes: dict[str, str | int | float]


class Steps(_Edit):
    """Several edits applied in order as one step (one more GPU and pipeline parallel)."""

    action: Literal["steps"] = "steps"
    steps: list[dict] = Field(min_length=1, max_length=8)


Edit = Annotated[Move | Unplace | Replace | Remove | SetQuantity | Add | SetWorkload | Steps,
                 Field(discriminator="action")]
EDIT_ADAPTER: TypeAdapter = TypeAdapter(Edit)


def parse_edit(data: dict) -> Move | Unplace | Replace | Remove | SetQuantity | Add | SetWorkload | Steps:
    return EDIT_ADAPTER.validate_python(data)


def _line_index(build: Build, part: str) -> int:
    for n, item in enumerate(build.items):
        if item.part == part:
            return n
    raise BuildError(f"the build has no '{part}'")


def apply_edit(build: Build, edit) -> Build:
    if isinstance(edit, dict):
        edit = parse_edit(edit)
    items = list(build.items)
    if isinstance(edit, Add):
        for n, item in enumerate(items):
            if item.part == edit.part:
                items[n] = BuildItem(part=item.part, quantity=item.quantity + edit.quantity,
                                     slots=[*item.slots, *edit.slots])
                return build.with_items(items)
        items.append(BuildItem(part=edit.part, quantity=edit.quantity, slots=list(edit.slots)))
        return build.with_items(items)
    if isinstance(edit, Move):
        for n, item in enumerate(items):
            if item.part == edit.part and edit.from_slot in item.slots:
                slots = [edit.to_slot if s == edit.from_slot else s for s in item.slots]
                items[n] = item.model_copy(update={"slots": slots})
                break
        else:
            raise BuildError(f"'{edit.part}' is not in slot '{edit.from_slot}'")
        return Build.model_validate({**build.model_dump(), "items": [i.model_dump() for i in items]})
    if isinstance(edit, Unplace):
        n = _line_index(build, edit.part)
        items[n] = items[n].model_copy(update={"slots": [s for s in items[n].slots if s != edit.slot]})
        return build.with_items(items)
    if isinstance(edit, Replace):
        n = _line_index(build, edit.from_part)
        items[n] = items[n].model_copy(update={"part": edit.to_part})
        if edit.placements is not None:
            items = [
                BuildItem(part=i.part, quantity=i.quantity,
                          slots=edit.placements.get(i.part, [])[: i.quantity])
                for i in items
            ]
        return Build.model_validate({**build.model_dump(), "items": [i.model_dump() for i in items]})
    if isinstance(edit, Remove):
        n = _line_index(build, edit.part)
        del items[n]
        return build.with_items(items)
    if isinstance(edit, SetQuantity):
        n = _line_index(build, edit.part)
        item = items[n]
        items[n] = BuildItem(part=item.part, quantity=edit.quantity, slots=item.slots[: edit.quantity])
        return build.with_items(items)
    if isinstance(edit, SetWorkload):
        if build.workload is None:
            raise BuildError("the build has no workload to change")
        workload = Workload.model_validate({**build.workload.model_dump(), **edit.changes})
        return build.model_copy(update={"workload": workload})
    if isinstance(edit, Steps):
        for step in edit.steps:
            build = apply_edit(build, step)
        return build
    raise BuildError(f"unknown edit {edit!r}")


def describe_edit(edit, name_of: Callable[[str], str] = str) -> str:
    """The edit in words; ``name_of`` turns a part id into the name a person reads."""
    if isinstance(edit, dict):
        edit = parse_edit(edit)
    match edit:
        case Move():
            return f"move {name_of(edit.part)} from {edit.from_slot} to {edit.to_slot}"
        case Unplace():
            return f"take {name_of(edit.part)} out of {edit.slot}"
        case Replace():
            return f"replace {name_of(edit.from_part)} with {name_of(edit.to_part)}"
        case Remove():
            return f"remove {name_of(edit.part)}"
        case SetQuantity():
            return f"set {name_of(edit.part)} quantity to {edit.quantity}"
        case Add():
            return f"add {edit.quantity} × {name_of(edit.part)}"
        case SetWorkload():
            return "set the workload's " + ", ".join(
                f"{key.replace('_', ' ')} to {value}" for key, value in edit.changes.items())
        case Steps():
            return " and ".join(describe_edit(step, name_of) for step in edit.steps)
    return str(edit)
