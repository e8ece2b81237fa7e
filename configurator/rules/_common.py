"""What every rule shares: the finding it reports and the facts it reads.

A rule module defines one class with ``code``, ``name``, ``severity``, ``aliases`` and a
docstring in three parts (What it checks / Why it matters / Fix), and a ``check(ctx)`` that
returns findings. Rules never import each other; shared helpers live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Literal

from configurator.build import CIRCUITS, DEFAULT_CIRCUIT, ResolvedBuild, describe_edit
from configurator.graph import (
    DiGraph,
    Link,
    PowerBudget,
    SlotState,
    build_graph,
    build_slot_states,
    effective_links,
    power_budget,
    slot_node,
)
from configurator.parts import Catalog

Severity = Literal["error", "warning", "info"]
BOARD_NODE = "board"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def describe_slot(state) -> str:
    """'PCIe 4.0 x4, ~7.9 GB/s' for a slot state; used in fix texts so a person sees the trade."""
    from configurator.graph import link_gbps

    if state.disabled:
        return "disabled"
    return f"PCIe {state.gen}.0 x{state.lanes}, ~{link_gbps(state.gen, state.lanes):.1f} GB/s"


@dataclass(frozen=True)
class Fix:
    text: str
    edit: dict | None = None

    def to_json(self) -> dict:
        return {"text": self.text, "edit": self.edit}


@dataclass(frozen=True)
class Unconfirmed:
    """A catalog value a finding rests on that no source confirms: which part, which value
    (its provenance key) and the words a person reads ("…: M2D_SB disabling PCIEX4: unconfirmed")."""

    part: str
    field: str
    text: str
    what: str = ""  # the value alone, without the part's name: "M2D_SB disabling PCIEX4"

    def to_json(self) -> dict:
        return {"part": self.part, "field": self.field, "text": self.text}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    parts: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()
    fixes: tuple[Fix, ...] = ()
    # The catalog values the finding rests on that no source confirms, as a person reads
    # them ("…: M2D_SB disabling PCIEX4: unconfirmed"), so the manual is checked first.
    unconfirmed: tuple[Unconfirmed, ...] = ()

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "parts": list(self.parts),
            "chain": list(self.chain),
            "fixes": [f.to_json() for f in self.fixes],
            "unconfirmed": [u.to_json() for u in self.unconfirmed],
        }


def fix(edit: dict, text: str | None = None) -> Fix:
    if text is None:
        words = describe_edit(edit)
        text = words[:1].upper() + words[1:]
    return Fix(text, edit)


@dataclass
class CheckContext:
    """Everything the rules read, computed once per validation."""

    resolved: ResolvedBuild
    circuit: str = DEFAULT_CIRCUIT

    @property
    def catalog(self) -> Catalog:
        return self.resolved.catalog

    @cached_property
    def links(self) -> list[Link]:
        return effective_links(self.resolved)

    @cached_property
    def states(self) -> dict[str, SlotState]:
        return build_slot_states(self.resolved)

    @cached_property
    def graph(self) -> DiGraph:
        return build_graph(self.resolved, self.links)

    @cached_property
    def power(self) -> PowerBudget:
        return power_budget(self.resolved, low_line=self.low_line)

    @property
    def low_line(self) -> bool:
        return CIRCUITS[self.circuit].low_line

    # --- reading the build graph ----------------------------------------------------------

    def _out(self, node: str, rel: str) -> list[str]:
        g = self.graph
        return [v for v in g.successors(node) if g.edges[node, v].get("rel") == rel] if node in g else []

    def lane_chain(self, unit_key: str) -> list[str]:
        """Where a device's lanes come from, cause to effect, read off the graph: the case the
        board is mounted in, the board, the CPU and (for a chipset slot) the chipset, the slot,
        the device. A device in no slot is just itself."""
        slot = next((v for v in self._out(unit_key, "mounted-in") if v.startswith("slot:")), None)
        if slot is None:
            return [unit_key]
        sources, node = [], slot
        while upstream := self._out(node, "lanes-from"):
            node = upstream[0]
            if node != BOARD_NODE:
                sources.append(node)
        head = [BOARD_NODE, *self._out(BOARD_NODE, "mounted-in")]
        return [*reversed(head), *reversed(sources), slot, unit_key]

    def sharing_causes(self, slot_id: str, effect: str) -> list[str]:
        """Populated slots whose sharing rules ``effect`` ('disable', 'narrow') this slot: the
        graph's shares-lanes-with edges into it."""
        target = slot_node(slot_id)
        g = self.graph
        if target not in g:
            return []
        return sorted(u.removeprefix("slot:") for u, _v, d in g.in_edges(target, data=True)
                      if d.get("rel") == "shares-lanes-with" and d.get("effect") == effect)

    def link_of(self, unit_key: str) -> Link | None:
        return next((link for link in self.links if link.unit == unit_key), None)

    def free_slots(self, kind: str, part=None) -> list[str]:
        """Slots of a kind ('pcie' or 'm2') that are empty, not disabled and, if a part is
        given, physically take it."""
        board = self.resolved.motherboard
        if board is None:
            return []
        slots = board.pcie_slots if kind == "pcie" else board.m2_slots
        used = self.resolved.populated_slots
        out = []
        for slot in slots:
            if slot.id in used or self.states[slot.id].disabled:
                continue
            if part is not None and kind == "m2" and (
                getattr(part, "m2_length", None) not in slot.lengths
                or (part.interface == "sata" and not slot.sata)
            ):
                continue
            out.append(slot.id)
        return out


class Rule:
    """Class data every rule declares; subclasses only set attributes and define check()."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    aliases: ClassVar[tuple[str, ...]] = ()
    # Part fields the rule's findings rest on, by part kind.
    reads: ClassVar[dict[str, tuple[str, ...]]] = {}

    def check(self, ctx: CheckContext) -> list[Finding]:
        raise NotImplementedError

    def finding(self, message: str, *, parts=(), chain=(), fixes=(), severity: Severity | None = None) -> Finding:
        return Finding(self.code, severity or self.severity, message, tuple(parts), tuple(chain), tuple(fixes))


__all__ = ["CIRCUITS", "CheckContext", "Finding", "Fix", "Rule", "Severity", "Unconfirmed", "fix", "slot_node"]
