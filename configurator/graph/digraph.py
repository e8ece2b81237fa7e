"""A small directed graph with attributes on nodes and edges.

The build graph has a few dozen nodes; the rules and the topology view read it on every
change, and every command-line call builds it once. networkx's ``DiGraph`` reads the same way
(``g.nodes[n]``, ``g.edges[u, v]``, ``successors``, ``in_edges``) but importing networkx costs
about 100 ms, a third of a cold ``configurator validate``; this class keeps that reading
interface and ``to_networkx()`` hands the graph over when an analysis or export needs networkx.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Attrs = dict[str, Any]


class NodeView:
    """``g.nodes``: iterate ids, ``g.nodes[n]`` for attributes, ``g.nodes(data=True)`` for pairs."""

    def __init__(self, nodes: dict[str, Attrs]):
        self._nodes = nodes

    def __call__(self, data: bool = False) -> list:
        return list(self._nodes.items()) if data else list(self._nodes)

    def __getitem__(self, node: str) -> Attrs:
        return self._nodes[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes


class EdgeView:
    """``g.edges``: ``g.edges[u, v]`` for attributes, ``g.edges(data=True)`` for triples."""

    def __init__(self, succ: dict[str, dict[str, Attrs]]):
        self._succ = succ

    def __call__(self, data: bool = False) -> list:
        if data:
            return [(u, v, d) for u, out in self._succ.items() for v, d in out.items()]
        return [(u, v) for u, out in self._succ.items() for v in out]

    def __getitem__(self, edge: tuple[str, str]) -> Attrs:
        u, v = edge
        return self._succ[u][v]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self())

    def __len__(self) -> int:
        return sum(len(out) for out in self._succ.values())

    def __contains__(self, edge: object) -> bool:
        if not isinstance(edge, tuple) or len(edge) != 2:
            return False
        u, v = edge
        return v in self._succ.get(u, {})


class DiGraph:
    """Directed graph, one edge per ordered pair; adding an existing node or edge updates its
    attributes, and an edge adds its end nodes if they are missing (as networkx does)."""

    def __init__(self) -> None:
        self._nodes: dict[str, Attrs] = {}
        self._succ: dict[str, dict[str, Attrs]] = {}
        self._pred: dict[str, dict[str, Attrs]] = {}
        self.nodes = NodeView(self._nodes)
        self.edges = EdgeView(self._succ)

    # The build graph is made on every change of the build: a new node or edge keeps the
    # call's own keyword dict as its attributes instead of copying it.
    def add_node(self, node: str, **attrs: Any) -> None:
        data = self._nodes.get(node)
        if data is None:
            self._nodes[node] = attrs
            self._succ[node] = {}
            self._pred[node] = {}
        else:
            data.update(attrs)

    def add_edge(self, u: str, v: str, **attrs: Any) -> None:
        if u not in self._nodes:
            self.add_node(u)
        if v not in self._nodes:
            self.add_node(v)
        out = self._succ[u]
        data = out.get(v)
        if data is None:
            out[v] = attrs
            self._pred[v][u] = attrs
        else:
            data.update(attrs)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def has_edge(self, u: str, v: str) -> bool:
        return v in self._succ.get(u, {})

    def successors(self, node: str) -> Iterator[str]:
        return iter(self._succ[node])

    def predecessors(self, node: str) -> Iterator[str]:
        return iter(self._pred[node])

    def out_edges(self, node: str, data: bool = False) -> list:
        return [(node, v, d) if data else (node, v) for v, d in self._succ[node].items()]

    def in_edges(self, node: str, data: bool = False) -> list:
        return [(u, node, d) if data else (u, node) for u, d in self._pred[node].items()]

    def to_networkx(self):
        """The same graph as a ``networkx.DiGraph`` (imported here, on demand)."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from((n, dict(d)) for n, d in self._nodes.items())
        g.add_edges_from((u, v, dict(d)) for u, out in self._succ.items() for v, d in out.items())
        return g
