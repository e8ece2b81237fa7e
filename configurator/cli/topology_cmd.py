"""``configurator topology BUILD``: the build graph the app draws, as text, JSON or GraphML."""

from __future__ import annotations

import io
import sys

from configurator.cli._common import (
    EXIT_OK,
    add_catalog_arg,
    catalog_or_exit,
    print_json,
    resolved_build,
)
from configurator.fileio import atomic_write_bytes
from configurator.graph import build_graph


def register(sub) -> None:
    p = sub.add_parser(
        "topology", help="print the build's topology graph",
        description="The build as a graph: parts and slots as nodes; mounted-in, lanes-from, "
                    "shares-lanes-with, powered-by and link relations as edges.")
    p.add_argument("build", help="build file (JSON)")
    p.add_argument("--json", action="store_true", help="print the graph as node-link JSON")
    p.add_argument("--graphml", metavar="FILE",
                   help="also write the graph as GraphML (for yEd, Gephi or networkx)")
    add_catalog_arg(p)
    p.set_defaults(func=run)


def run(args) -> int:
    catalog = catalog_or_exit(args.catalog)
    graph = build_graph(resolved_build(args.build, catalog))
    if args.graphml:
        write_graphml(graph, args.graphml)
    if args.json:
        print_json(node_link(graph))
    else:
        for node, data in graph.nodes(data=True):
            print(f"{node:<28} {data.get('kind', ''):<12} {data.get('label', '')}")
        for u, v, data in graph.edges(data=True):
            extra = f"  {data['label']}" if data.get("label") else ""
            print(f"  {u} -[{data['rel']}]-> {v}{extra}")
    return EXIT_OK


def node_link(graph) -> dict:
    """networkx's node-link form, the common JSON exchange format for graphs."""
    from networkx.readwrite import json_graph

    return json_graph.node_link_data(graph.to_networkx(), edges="edges")


def write_graphml(graph, path: str) -> None:
    import networkx as nx

    g = graph.to_networkx()
    # GraphML has no null: an attribute without a value is left out.
    for data in [d for _n, d in g.nodes(data=True)] + [d for _u, _v, d in g.edges(data=True)]:
        for key in [k for k, value in data.items() if value is None]:
            del data[key]
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer)
    atomic_write_bytes(path, buffer.getvalue())
    print(f"wrote {path}", file=sys.stderr)
