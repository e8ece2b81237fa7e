"""The build graph's own directed graph: reads like networkx's DiGraph and converts to it."""

from __future__ import annotations

import pytest

from configurator.build import load_build, resolve
from configurator.graph import DiGraph, build_graph


def small() -> DiGraph:
    g = DiGraph()
    g.add_node("board", kind="motherboard")
    g.add_edge("slot:A", "board", rel="mounted-in")
    g.add_edge("gpu#1", "slot:A", rel="mounted-in", width=16)
    g.add_edge("slot:B", "slot:A", rel="shares-lanes-with", effect="narrow")
    return g


def test_nodes_and_edges_read_like_networkx():
    g = small()
    assert list(g.nodes) == ["board", "slot:A", "gpu#1", "slot:B"]
    assert g.nodes["board"] == {"kind": "motherboard"}
    assert g.nodes["slot:A"] == {}, "an edge adds its end nodes without attributes"
    assert ("gpu#1", "slot:A") in g.edges and ("slot:A", "gpu#1") not in g.edges
    assert g.edges["gpu#1", "slot:A"]["width"] == 16
    assert list(g.successors("slot:A")) == ["board"]
    assert sorted(g.predecessors("slot:A")) == ["gpu#1", "slot:B"]
    assert g.in_edges("slot:A", data=True) == [
        ("gpu#1", "slot:A", {"rel": "mounted-in", "width": 16}),
        ("slot:B", "slot:A", {"rel": "shares-lanes-with", "effect": "narrow"}),
    ]
    assert g.has_edge("slot:B", "slot:A") and not g.has_edge("board", "slot:A")
    assert len(g) == 4 and len(g.edges) == 3 and "gpu#2" not in g


def test_adding_again_updates_attributes_instead_of_duplicating():
    g = small()
    g.add_node("board", label="X870")
    g.add_edge("gpu#1", "slot:A", width=8)
    assert g.nodes["board"] == {"kind": "motherboard", "label": "X870"}
    assert g.edges["gpu#1", "slot:A"] == {"rel": "mounted-in", "width": 8}
    assert g.in_edges("slot:A", data=True)[0][2]["width"] == 8, "both directions see one edge"
    assert len(g.edges) == 3


def test_unknown_nodes_and_edges_raise_key_error():
    g = small()
    with pytest.raises(KeyError):
        g.nodes["nowhere"]
    with pytest.raises(KeyError):
        g.edges["board", "gpu#1"]
    with pytest.raises(KeyError):
        list(g.successors("nowhere"))


@pytest.mark.parametrize("name", ["mes2x-dual-rtx5090-nvme-m2d-sb", "trpro-quad-pro6000-maxq"])
def test_to_networkx_is_the_same_graph(example, catalog, name):
    g = build_graph(resolve(load_build(example(name)), catalog))
    nxg = g.to_networkx()
    assert dict(nxg.nodes(data=True)) == dict(g.nodes(data=True))
    assert {(u, v): d for u, v, d in nxg.edges(data=True)} == {(u, v): d for u, v, d in g.edges(data=True)}
    nxg.nodes["board"]["label"] = "changed"
    assert g.nodes["board"]["label"] != "changed", "the copy does not share attribute dicts"
