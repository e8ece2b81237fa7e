"""The build as a graph: parts and slots as nodes, physical and electrical relations as edges.

Node ids (stable, used in findings' causal chains and by the topology view):
    ``case``, ``board``, ``cpu``, ``cooler``, ``chipset``, ``usb4``, ``psu``, ``memory#n``,
    ``slot:<SLOT_ID>`` for every PCIe and M.2 slot, and ``<part-id>#<n>`` for cards and drives.
Edge ``rel`` values: ``mounted-in`` (child → holder), ``lanes-from`` (slot → cpu/chipset,
chipset → cpu), ``shares-lanes-with`` (populated slot → slot or resource it narrows, disables or
shares), ``powered-by`` (consumer → psu), ``link`` (device → slot, with the effective link).
"""

from __future__ import annotations

from configurator.build import ResolvedBuild
from configurator.graph.digraph import DiGraph
from configurator.graph.links import Link, build_slot_states, effective_links, rule_applies

CASE, BOARD, CPU, COOLER, CHIPSET, USB4, PSU = (
    "case", "board", "cpu", "cooler", "chipset", "usb4", "psu"
)


def slot_node(slot_id: str) -> str:
    return f"slot:{slot_id}"


def build_graph(resolved: ResolvedBuild, links: list[Link] | None = None) -> DiGraph:
    g = DiGraph()
    board, case, cpu = resolved.motherboard, resolved.case, resolved.cpu
    if case:
        g.add_node(CASE, kind="case", part=case.id, label=case.name)
    if board:
        g.add_node(BOARD, kind="motherboard", part=board.id, label=board.name)
        if case:
            g.add_edge(BOARD, CASE, rel="mounted-in")
        g.add_node(CHIPSET, kind="chipset", label=f"{board.chipset} chipset")
        g.add_edge(CHIPSET, BOARD, rel="mounted-in")
        if board.usb4:
            g.add_node(USB4, kind="resource", label="USB4 controller")
    if cpu:
        g.add_node(CPU, kind="cpu", part=cpu.id, label=cpu.name)
        if board:
            g.add_edge(CPU, BOARD, rel="mounted-in")
    if board:
        g.add_edge(CHIPSET, CPU if cpu else BOARD, rel="lanes-from",
                   gen=board.chipset_uplink_gen, width=board.chipset_uplink_lanes)
        if board.usb4:
            g.add_edge(USB4, CPU if cpu else BOARD, rel="lanes-from")
        populated = resolved.populated_slots
        states = build_slot_states(resolved)
        slots = [(s, "pcie-slot", s.position) for s in board.pcie_slots]
        slots += [(s, "m2-slot", None) for s in board.m2_slots]
        for slot, kind, position in slots:
            state = states[slot.id]
            node = slot_node(slot.id)
            g.add_node(
                node, kind=kind,
                slot=slot.id, label=slot.id, gen=slot.gen, lanes=slot.lanes,
                effective_lanes=state.lanes, source=slot.source, disabled=state.disabled,
                position=position,
            )
            g.add_edge(node, BOARD, rel="mounted-in")
            upstream = CPU if slot.source == "cpu" and cpu else (CHIPSET if slot.source == "chipset" else BOARD)
            g.add_edge(node, upstream, rel="lanes-from")
        for rule in board.sharing:
            if not rule_applies(rule, populated):
                continue
            target = USB4 if rule.target == "USB4" else slot_node(rule.target)
            if target not in g:
                continue
            for cause in rule.when_populated:
                if cause in populated:
                    g.add_edge(slot_node(cause), target, rel="shares-lanes-with",
                               effect=rule.effect, lanes=rule.lanes, note=rule.note)
    if resolved.cooler and cpu:
        g.add_node(COOLER, kind="cooler", part=resolved.cooler.id, label=resolved.cooler.name)
        g.add_edge(COOLER, CPU, rel="mounted-in")
    psu = resolved.psu
    if psu:
        g.add_node(PSU, kind="psu", part=psu.id, label=psu.name)
        if case:
            g.add_edge(PSU, CASE, rel="mounted-in")
        for node in (BOARD, CPU):
            if node in g:
                g.add_edge(node, PSU, rel="powered-by")
    links_by_unit = {link.unit: link for link in (links if links is not None else effective_links(resolved))}
    for n, kit in enumerate(resolved.units_of("memory")):
        node = f"memory#{n + 1}"
        g.add_node(node, kind="memory", part=kit.part.id, label=kit.part.name)
        if board:
            g.add_edge(node, BOARD, rel="mounted-in")
    for unit in [*resolved.gpus, *resolved.drives]:
        g.add_node(unit.key, kind=unit.part.kind, part=unit.part.id, label=unit.part.name)
        if unit.slot and board and slot_node(unit.slot) in g:
            link = links_by_unit.get(unit.key)
            attrs = {"rel": "mounted-in"}
            if link:
                attrs.update(gen=link.gen, width=link.width, gbps=link.gbps, label=link.label,
                             disabled=link.disabled)
            g.add_edge(unit.key, slot_node(unit.slot), **attrs)
        elif case:
            g.add_edge(unit.key, CASE, rel="mounted-in")
        if psu and unit.part.kind == "gpu":
            g.add_edge(unit.key, PSU, rel="powered-by")
    return g
