"""Placement edits the edit vocabulary has no single word for: place, swap and take out.

Each returns a new Build. A build line lists one slot per placed unit; units without a slot are
the line's last ones, so placing an unplaced unit appends, and taking one out removes.
"""

from __future__ import annotations

from configurator.build import Build, BuildItem


def _slots(build: Build) -> list[list[str]]:
    return [list(item.slots) for item in build.items]


def _rebuild(build: Build, slots: list[list[str]]) -> Build:
    return build.with_items(
        [BuildItem(part=i.part, quantity=i.quantity, slots=s) for i, s in zip(build.items, slots, strict=True)]
    )


def place(build: Build, part_id: str, from_slot: str | None, to_slot: str) -> Build:
    """Put a unit of ``part_id`` (the one in ``from_slot``, or an unplaced one) into ``to_slot``.

    Whatever sat in ``to_slot`` moves to ``from_slot`` (a swap), or is taken out when the unit
    came from nowhere.
    """
    slots = _slots(build)
    occupant = next((n for n, s in enumerate(slots) if to_slot in s), None)
    if from_slot is None:
        line = next((n for n, i in enumerate(build.items)
                     if i.part == part_id and len(slots[n]) < i.quantity), None)
        if line is None:
            raise ValueError(f"every unit of '{part_id}' is already placed")
        if occupant is not None:
            slots[occupant].remove(to_slot)
        slots[line].append(to_slot)
        return _rebuild(build, slots)
    line = next((n for n, i in enumerate(build.items) if i.part == part_id and from_slot in slots[n]), None)
    if line is None:
        raise ValueError(f"'{part_id}' is not in slot '{from_slot}'")
    if occupant == line:
        return build  # two units of one part trading places changes nothing
    if occupant is not None:
        slots[occupant] = [from_slot if s == to_slot else s for s in slots[occupant]]
    slots[line] = [to_slot if s == from_slot else s for s in slots[line]]
    return _rebuild(build, slots)


def take_out(build: Build, slot: str) -> Build:
    """Leave ``slot`` empty; its unit stays in the build, unplaced."""
    return _rebuild(build, [[s for s in line if s != slot] for line in _slots(build)])


def clear_placements(build: Build) -> Build:
    return _rebuild(build, [[] for _ in build.items])
