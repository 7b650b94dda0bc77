"""Where the nodes of a graph are drawn, on the server: a seeded force layout (networkx),
so the same graph is drawn the same way every time and the browser does not have to lay
out hundreds of nodes itself. The store's graphs carry no positions; this adds them."""
from __future__ import annotations

NETWORK = 1000.0  # the side of the square the cooperation network is drawn in
SMALL = 400.0     # ego networks and briefs (the side of macros.html's SVG)


def lay_out(graph: dict, size: float = NETWORK) -> dict:
    """`graph` with `x` and `y` (0 to `size`) on each of its nodes; edges weigh by `weight`."""
    import networkx as nx

    nodes = graph["nodes"]
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in graph["edges"])
    if len(nodes) > 1:
        positions = nx.spring_layout(g, seed=7, iterations=60, k=1.5 / len(nodes) ** 0.5)
    else:
        positions = {n["id"]: (0.0, 0.0) for n in nodes}  # one node: in the middle
    for n in nodes:
        x, y = positions[n["id"]]
        n["x"], n["y"] = round(float(x + 1) * size / 2, 1), round(float(y + 1) * size / 2, 1)
    return graph
