"""The build's topology graph and the effective PCIe link of every device."""

from configurator.graph.digraph import DiGraph
from configurator.graph.links import (
    Link,
    SlotState,
    build_slot_states,
    effective_links,
    lane_gbps,
    link_gbps,
    rule_applies,
    slot_states,
)
from configurator.graph.placement import auto_place
from configurator.graph.power import PowerBudget, power_budget
from configurator.graph.topology import build_graph, slot_node

__all__ = [
    "DiGraph", "Link", "PowerBudget", "auto_place", "SlotState", "build_graph", "build_slot_states", "effective_links", "lane_gbps", "link_gbps", "power_budget",
    "rule_applies", "slot_node", "slot_states",
]
