"""Betweenness: exact wherever it is affordable, sampled with its error stated elsewhere
(datasets/README.md, Analysis definitions, §4.10).

Brandes' algorithm costs about nodes x edges of each connected component (a shortest-path
search from every node, each over its component). :func:`component_betweenness` computes
it exactly on the components whose costs, taken from the cheapest, add up to at most
:data:`BETWEENNESS_BUDGET`; on the rest it draws sources at random and states the sample,
the seed and the standard error. Values are given raw (``betweenness_pairs``: over
unordered pairs of nodes, the share of their shortest paths through the node) and
normalised within the component (``betweenness``: raw / ((n - 1)(n - 2) / 2), n the
component's size; 0 in components of 1 or 2 nodes). The kernels are igraph's, in C.

>>> net = nx.Graph([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z"), ("z", "w")])
>>> table, note = component_betweenness(net)
>>> table.set_index("node")["betweenness_pairs"].to_dict()
{'a': 0.0, 'b': 1.0, 'c': 0.0, 'x': 0.0, 'y': 2.0, 'z': 2.0, 'w': 0.0}
>>> table.set_index("node")["betweenness"].to_dict()["y"]  # 2 of the 3 pairs it can lie on
0.6666666666666666
>>> note  # cost: 3 x 2 + 4 x 3
{'betweenness': 'exact', 'cost': 18, 'budget': 500000000}
"""

from __future__ import annotations

import random

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "BETWEENNESS_BUDGET",
    "SAMPLE_SIZE",
    "betweenness",
    "betweenness_cost",
    "component_betweenness",
    "to_igraph",
]

#: Σ over components of nodes x edges up to which betweenness is exact. igraph takes 40-90
#: ns per unit on one component of 20,000-50,000 nodes on the benchmark machine (2 cores,
#: loaded; benchmarks/README.md, bench_metrics.py), so 5e8 is 20-45 s: under the 60 s goal.
BETWEENNESS_BUDGET = 500_000_000
#: Sources drawn in each component that is sampled, unless `k` says otherwise.
SAMPLE_SIZE = 1000
BETWEENNESS_COLUMNS = {
    "node": "object",
    "betweenness": "float64",
    "betweenness_pairs": "float64",
    "betweenness_se": "float64",
}


def to_igraph(net: nx.Graph) -> ig.Graph:
    """`net` as an igraph graph: vertex i is ``list(net.nodes)[i]``, edges in ``net.edges``
    order (no attributes: callers pass weights as lists in the same order)."""
    index = {v: i for i, v in enumerate(net.nodes)}
    edges = [(index[u], index[v]) for u, v in net.edges()]
    return ig.Graph(n=len(index), edges=edges, directed=False)


def betweenness(
    net: nx.Graph, *, k: int | None = None, seed: int = 0, arrays: ig.Graph | None = None
) -> dict:
    """Shortest-path betweenness of every node, normalised as networkx's
    ``betweenness_centrality(net, k=k, seed=seed)`` (unweighted, endpoints excluded, over
    the whole graph) and equal to it, computed by igraph's Brandes kernel in C.

    Exact when `k` is None or not below the node count. Otherwise the sources are the `k`
    nodes networkx would draw (``random.Random(seed).sample(list(net), k)``), each source's
    dependencies are summed over all targets, and the sum is scaled by
    ``1 / ((k - 1) (n - 2))`` for a source node and ``1 / (k (n - 2))`` for any other, as
    networkx 3.5+ does. `arrays` is ``to_igraph(net)`` if already built. The network
    metrics use :func:`component_betweenness`; this one is for comparing with networkx.

    >>> b = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> b == nx.betweenness_centrality(nx.path_graph(["a", "b", "c"]))
    True
    """
    n = net.number_of_nodes()
    nodes = list(net.nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    h = to_igraph(net) if arrays is None else arrays
    if k is None or k >= n:
        # igraph counts each unordered pair once; networkx divides ordered pairs by (n-1)(n-2).
        raw = h.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
        return {v: b * scale for v, b in zip(nodes, raw, strict=True)}
    sources = random.Random(seed).sample(nodes, k)
    index = {v: i for i, v in enumerate(nodes)}
    # With sources, igraph still halves undirected counts: double to get ordered pairs.
    raw = h.betweenness(directed=False, sources=[index[s] for s in sources])
    sampled = set(sources)
    source_scale = 2 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    other_scale = 2 / (k * (n - 2))
    return {
        v: b * (source_scale if v in sampled else other_scale)
        for v, b in zip(nodes, raw, strict=True)
    }


def _components(h: ig.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(component of each vertex, nodes and edges of each component)."""
    membership = np.asarray(h.connected_components().membership, dtype=np.int64)
    sizes = np.bincount(membership, minlength=1 if h.vcount() else 0)
    ends = np.asarray(h.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    edges = np.bincount(membership[ends[:, 0]], minlength=len(sizes))
    return membership, sizes, edges


def betweenness_cost(net: nx.Graph, *, arrays: ig.Graph | None = None) -> int:
    """Σ over the connected components of `net` of nodes x edges (what exact betweenness
    costs, in units of 40-90 ns with igraph: see :data:`BETWEENNESS_BUDGET`).

    >>> betweenness_cost(nx.Graph([("a", "b"), ("b", "c"), ("x", "y")]))  # 3 x 2 + 2 x 1
    8
    """
    _, sizes, edges = _components(to_igraph(net) if arrays is None else arrays)
    return int((sizes * edges).sum())


def component_betweenness(
    net: nx.Graph,
    *,
    budget: int = BETWEENNESS_BUDGET,
    k: int | None = None,
    seed: int = 0,
    arrays: ig.Graph | None = None,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Betweenness of every node of `net`: ``node, betweenness`` (normalised within its
    component), ``betweenness_pairs`` (raw) and ``betweenness_se`` (the standard error of
    ``betweenness``; 0 where exact), in ``net.nodes`` order, and a note on how it was
    computed.

    Components are taken from the cheapest (nodes x edges): exact while their costs add up
    to at most `budget` (and on any of no more than `k` nodes, where sampling would cost
    as much); each remaining one is sampled from `k` (default :data:`SAMPLE_SIZE`) sources
    drawn with ``random.Random(seed)`` from its nodes in
    ``net.nodes`` order. A source's dependencies (its shortest paths to every other node
    of the component, through each node) are summed; scaled by n / k they estimate the raw
    value without bias. The standard error is n x the sources' standard deviation / √k,
    with the finite population correction √(1 - k/n). It is an estimate too: a node that
    only the shortest paths from a few sources run through may be seen by no source
    drawn (estimate and error 0).

    The note: ``betweenness`` (``exact`` or ``sampled``), ``cost`` and ``budget``; when
    sampled also ``k``, ``seed``, ``sampled_components``, ``sampled_nodes``, ``error``
    (the largest ``betweenness_se``) and ``error_pairs`` (the largest standard error of
    ``betweenness_pairs``).
    """
    if k is not None and k < 1:
        raise ValueError(f"k (betweenness sources) must be at least 1, not {k}")
    h = to_igraph(net) if arrays is None else arrays
    nodes = list(net.nodes)
    raw = np.zeros(len(nodes))
    se = np.zeros(len(nodes))
    membership, sizes, edges = _components(h) if nodes else (np.zeros(0, int),) * 3
    cost = sizes * edges
    order = np.argsort(cost, kind="stable")
    exact = np.zeros(len(sizes), dtype=bool)
    exact[order[np.cumsum(cost[order]) <= budget]] = True
    exact |= sizes <= 2  # nothing lies between two nodes: exact at no cost
    k = SAMPLE_SIZE if k is None else k
    exact |= sizes <= k  # sampling k sources of k nodes or fewer is the exact computation
    note: dict[str, object] = {"betweenness": "exact", "cost": int(cost.sum()), "budget": budget}
    inside = np.flatnonzero(exact[membership] & (sizes[membership] > 2))
    if len(inside):
        part = h.induced_subgraph(inside.tolist()) if len(inside) < len(nodes) else h
        raw[inside] = part.betweenness(directed=False)
    sampled = np.flatnonzero(~exact)
    if len(sampled):
        rng = random.Random(seed)
        for comp in sampled:
            members = np.flatnonzero(membership == comp)
            raw[members], se[members] = _sampled(h.induced_subgraph(members.tolist()), k, rng)
        note |= {
            "betweenness": "sampled",
            "k": k,
            "seed": seed,
            "sampled_components": len(sampled),
            "sampled_nodes": int(sizes[sampled].sum()),
        }
    n = sizes[membership].astype(float)
    pairs = np.where(n > 2, (n - 1) * (n - 2) / 2, np.inf)
    table = pd.DataFrame(
        {"node": nodes, "betweenness": raw / pairs, "betweenness_pairs": raw,
         "betweenness_se": se / pairs}
    )  # fmt: skip
    if len(sampled):
        note["error"] = float(table["betweenness_se"].max())
        note["error_pairs"] = float(se.max())
    return table.astype(BETWEENNESS_COLUMNS), note


def _sampled(part: ig.Graph, k: int, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """(estimated raw betweenness, its standard error) on one component from `k` sources."""
    n = part.vcount()
    total, squares = np.zeros(n), np.zeros(n)
    for source in rng.sample(range(n), k):
        # igraph gives half a source's dependencies (an unordered pair is counted once
        # when every node is a source), so the raw value is the sum of these over all n.
        half = np.asarray(part.betweenness(directed=False, sources=[source]))
        total += half
        squares += half * half
    mean = total / k
    if k < 2:
        return n * mean, np.full(n, np.nan)
    variance = np.maximum(squares - k * mean * mean, 0) / (k - 1)
    return n * mean, n * np.sqrt(variance / k * (1 - k / n))
