"""Where the nodes of a graph are drawn, on the server: a seeded force layout (networkx's
Fruchterman-Reingold), so the same graph is drawn the same way every time and the browser
does not have to lay out hundreds of nodes itself. The store's graphs carry no positions;
this adds them."""
from __future__ import annotations

import threading

import numpy as np

from coopgraph.store.cache import SizedLRU

NETWORK = 1000.0  # the side of the square the cooperation network is drawn in
SMALL = 400.0     # ego networks and briefs (the side of macros.html's SVG)
FEW = 24          # below this many nodes (ego networks, briefs) `_force_layout` draws as networkx does
DENSE = 1000      # up to this many, `_force_layout` (n-by-n arrays, 8 MB each at 1,000); networkx's sparse layout above
SEED, ITERATIONS = 7, 60
# positions by the graph's weights: a layout is a function of its weights alone, and small
# graphs (ego networks of a few partners) come back in the same shape profile after profile
KEPT_NODES = 100   # graphs up to this many nodes are kept (the weights of one: 80 KB)
_laid_out = SizedLRU(8 * 2**20, lambda kept: kept[0].nbytes + kept[1])   # weights -> (positions, bytes of the key)
_laid_out_lock = threading.Lock()


def lay_out(graph: dict, size: float = NETWORK) -> dict:
    """`graph` with `x` and `y` (0 to `size`) on each of its nodes; edges (between its nodes)
    weigh by `weight`."""
    import networkx as nx

    nodes = graph["nodes"]
    k = 1.5 / max(len(nodes), 1) ** 0.5
    if len(nodes) > DENSE:
        g = nx.Graph()
        g.add_nodes_from(n["id"] for n in nodes)
        g.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in graph["edges"])
        positions = nx.spring_layout(g, seed=SEED, iterations=ITERATIONS, k=k)
    elif len(nodes) > 1:
        at = {n["id"]: i for i, n in enumerate(nodes)}
        weights = np.zeros((len(nodes), len(nodes)))
        for e in graph["edges"]:
            weights[at[e["source"]], at[e["target"]]] = weights[at[e["target"]], at[e["source"]]] = e["weight"]
        positions = dict(zip(at, _positions(weights, k)))
    else:
        positions = {n["id"]: (0.0, 0.0) for n in nodes}  # one node: in the middle
    for n in nodes:
        x, y = positions[n["id"]]
        n["x"], n["y"] = round(float(x + 1) * size / 2, 1), round(float(y + 1) * size / 2, 1)
    return graph


def _positions(weights: np.ndarray, k: float) -> np.ndarray:
    """`_force_layout`, rescaled to -1..1, computed once for each distinct graph (`weights`
    and `k`, which the number of nodes gives) while it is among the last ones laid out."""
    import networkx as nx

    if len(weights) > KEPT_NODES:
        return nx.rescale_layout(_force_layout(weights, k))
    key = (weights.tobytes(), k)
    with _laid_out_lock:
        kept = _laid_out.get(key)
    if kept is None:
        kept = (nx.rescale_layout(_force_layout(weights, k)), len(key[0]))
        with _laid_out_lock:
            _laid_out.put(key, kept)
    return kept[0]


def _force_layout(weights: np.ndarray, k: float, threshold: float = 1e-4) -> np.ndarray:
    """networkx's dense Fruchterman-Reingold (`spring_layout` below 500 nodes), step for step,
    with x and y apart instead of three-dimensional arrays and `einsum`s: two to three times
    faster, where laying out a profile's ego network was two thirds of an entity page's time.
    Below `FEW` nodes it draws every node where networkx does; from about 24 its sums, made
    in another order, drift apart from networkx's (to the pixel: hence `FEW`). From 500 nodes
    networkx lays out row by row in Python (its sparse layout): on the network page's 568
    nodes this took 14.6 s against 1.6 s here, on a busy 2-core machine."""
    n = len(weights)
    x, y = np.random.RandomState(SEED).rand(n, 2).T.copy()
    t = max(np.ptp(x), np.ptp(y)) * 0.1
    dt = t / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        dx, dy = x[:, np.newaxis] - x[np.newaxis, :], y[:, np.newaxis] - y[np.newaxis, :]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 0.01)
        force = k * k / distance**2 - weights * distance / k
        fx, fy = (dx * force).sum(axis=1), (dy * force).sum(axis=1)
        scale = t / np.maximum(np.sqrt(fx * fx + fy * fy), 0.01)
        sx, sy = fx * scale, fy * scale
        x += sx
        y += sy
        t -= dt
        if np.sqrt((sx * sx + sy * sy).sum()) / n < threshold:
            break
    return np.column_stack([x, y])
