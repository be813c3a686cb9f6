"""Projections and network metrics on tests/data/handcheck-network (see
test_network_analyses.py for the dataset).

Active posts at existing bodies, person by person:

    P1: PC11 (community Party org of C11: merged with C11), X        W1: X
    P2, P6: C12 committee, joint branch PJ          W2: C12
    P3: C21, PT (territorial: no sector)            P4: C21 (post at H2 ended)
    P5: C22, H3, PT                                 W3: C13    W4: S3    N1: Z
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pytest

import graphgov
from graphgov.analyses.centrality import to_igraph
from graphgov.analyses.metrics import (
    BETWEENNESS_BUDGET,
    betweenness,
    components,
    cut_points,
    louvain,
    node_metrics,
    ordered_subgraph,
)
from graphgov.analyses.projections import _in_county, projection
from graphgov.errors import UsageError

DATA = Path(__file__).parent / "data" / "handcheck-network"
C12, C13, C21, C22 = "330106001002", "330106001201", "330106002001", "330106002002"


def test_appointments_cut_points(network_graph):
    net = projection(network_graph, "appointments")
    cuts = cut_points(net)
    # Component P4 - C21 - P3 - PT - P5 - {C22, H3}:
    #   P5 leaves {C22} {H3} {PT P3 C21 P4}: pairs (C22,H3) (C21,H3) = 2; C22, C21 cut.
    #   PT leaves {P3 C21 P4} {P5 C22 H3}: pair (C21,H3) = 1.   P3: the same split = 1.
    # Component PC11 - P1 - X - W1: P1 separates PC11 from X = 1. X only cuts W1: 0.
    # C12 with P2, P6 and PJ is a cycle: removing C12 only cuts W2 (no sector): 0.
    assert cuts[["node", "pieces", "separated_pairs", "communities_cut"]].values.tolist() == [
        ["person:P5", 3, 2, 2],
        ["party_org:PT", 2, 1, 1],
        ["person:P1", 2, 1, 1],
        ["person:P3", 2, 1, 1],
    ]


def test_interlock_cut_points_and_components(network_graph):
    net = projection(network_graph, "interlock")
    # C21 - PT - {C22, H3 triangle}: only PT separates C21 from H3.
    assert cut_points(net)["node"].tolist() == ["party_org:PT"]
    comps = components(net)
    # {C21 PT C22 H3} 4 nodes 4 edges (2 community, H3 social_org; PT no sector),
    # {C12 PJ}, {X PC11}, then isolated C13, S3, Z (ordered by smallest key).
    assert comps.drop(columns="component").values.tolist() == [
        [4, 4, 2, 1],
        [2, 1, 1, 1],
        [2, 1, 1, 1],
        [1, 0, 1, 0],
        [1, 0, 0, 1],
        [1, 0, 0, 1],
    ]


def test_bipartite_projections(network_graph):
    oc = projection(network_graph, "org-community")
    # Active orgs in communities: X S1 in C11; Z in C12; H2 in C21, S3 serves C21; Q in C32.
    assert oc.number_of_edges() == 6
    assert set(oc.neighbors(f"community:{C21}")) == {
        n for n in oc.nodes if oc.nodes[n]["name"] in ("H2", "S3")
    }
    hr = projection(network_graph, "hub-reach")
    assert hr.number_of_edges() == 7  # the hub_reach pairs of test_network_analyses
    assert hr.nodes[f"community:{C22}"]["sector"] == "community"


def test_county_cut_keeps_neighbours(network_graph):
    net = projection(network_graph, "hub-reach", county="330106")
    assert net.number_of_edges() == 7
    assert projection(network_graph, "hub-reach", county="330102").number_of_nodes() == 0


def test_appointments_cut_before_the_graph_is_the_cut_of_the_whole_projection():
    # The county cut of `appointments` is taken from the posts, before any graph is built:
    # the same nodes, attributes and edges as the whole projection cut by _in_county.
    g = graphgov.open(Path(__file__).parent.parent / "datasets" / "zhejiang-sample")
    whole = projection(g, "appointments")
    for county in ("330106", "330326"):
        cut, expected = projection(g, "appointments", county=county), _in_county(whole, county)
        assert dict(cut.nodes(data=True)) == dict(expected.nodes(data=True))
        assert {frozenset(e) for e in cut.edges} == {frozenset(e) for e in expected.edges}
        bodies = [n for n in cut if not n.startswith("person:")]
        assert bodies and all(cut.nodes[n]["region"][:6] == county for n in bodies)
        # Some of its persons also hold posts outside: the cut leaves those edges out.
        persons = [n for n in cut if n.startswith("person:")]
        assert any(whole.degree(p) > cut.degree(p) for p in persons)


def test_node_metrics_on_a_star():
    net = nx.star_graph(4)  # centre 0 with leaves 1..4
    net = nx.relabel_nodes(net, {i: f"n{i}" for i in net.nodes})
    out, note = node_metrics(net)
    # Cost: one component of 5 nodes and 4 edges.
    assert note == {"betweenness": "exact", "cost": 20, "budget": BETWEENNESS_BUDGET}
    centre = out.iloc[0]
    assert centre["node"] == "n0" and centre["degree"] == 4
    # All 6 shortest paths between leaf pairs go through the centre: normalised 1.0.
    assert centre["betweenness"] == pytest.approx(1.0)
    assert centre["betweenness_pairs"] == 6
    assert out["pagerank"].sum() == pytest.approx(1.0)
    assert set(out["component"]) == {0}


def test_node_metrics_sampled_and_deterministic(network_graph):
    net = projection(network_graph, "appointments")
    # Budget 0: the components of more than 5 nodes are sampled from 5 sources. The
    # appointments network's largest is P4 C21 P3 PT P5 C22 H3 (7 nodes, 6 edges); C12's
    # with P2, P6, PJ, W2 has 5 nodes, no more than k: exact.
    a, note = node_metrics(net, k=5, seed=7, budget=0)
    b, _ = node_metrics(net, k=5, seed=7, budget=0)
    assert {key: note[key] for key in ("betweenness", "k", "seed")} == {
        "betweenness": "sampled", "k": 5, "seed": 7,
    }  # fmt: skip
    assert (note["sampled_components"], note["sampled_nodes"]) == (1, 7)
    assert note["error"] > 0
    assert a.equals(b)


def test_unknown_projection(network_graph):
    with pytest.raises(UsageError, match="unknown projection"):
        projection(network_graph, "everything")


# --- the igraph kernels against networkx -------------------------------------------------


def _small_graphs() -> list[nx.Graph]:
    florentine = nx.florentine_families_graph()  # string keys, one component
    two = nx.disjoint_union(nx.path_graph(4), nx.cycle_graph(5))  # two components
    return [nx.karate_club_graph(), florentine, two, nx.les_miserables_graph()]


@pytest.mark.parametrize("net", _small_graphs(), ids=["karate", "florentine", "two", "lesmis"])
def test_betweenness_exact_equals_networkx(net):
    ours = betweenness(net)
    theirs = nx.betweenness_centrality(net, weight=None)
    assert ours.keys() == theirs.keys()
    assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("net", _small_graphs(), ids=["karate", "florentine", "two", "lesmis"])
@pytest.mark.parametrize(("k", "seed"), [(2, 3), (5, 1), (8, 7)])
def test_betweenness_sampled_equals_networkx_with_the_same_sources(net, k, seed):
    # Same seed, same sources (random.Random(seed).sample(list(net), k)), same values.
    ours = betweenness(net, k=k, seed=seed)
    theirs = nx.betweenness_centrality(net, k=k, seed=seed, weight=None)
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_betweenness_sampled_on_a_path_by_hand():
    # Path a-b-c-d, sources {b, c} drawn with seed 0 or not: check the scaling by hand.
    net = nx.path_graph(["a", "b", "c", "d"])
    sources = random.Random(0).sample(list(net), 2)
    # Ordered-pair dependencies of b from each source: from a: 2 (c, d); from c: 1 (a);
    # from d: 1 (a); from b itself: 0. n = 4: a source is scaled by 1/((k-1)(n-2)) = 1/2,
    # any other node by 1/(k(n-2)) = 1/4.
    delta_b = {"a": 2, "b": 0, "c": 1, "d": 1}
    scale = 1 / 2 if "b" in sources else 1 / 4
    assert betweenness(net, k=2, seed=0)["b"] == pytest.approx(
        scale * sum(delta_b[s] for s in sources)
    )


def test_betweenness_tiny_graphs():
    assert betweenness(nx.Graph()) == {}
    assert betweenness(nx.path_graph(2)) == {0: 0.0, 1: 0.0}


def test_louvain_finds_the_cliques_and_is_deterministic():
    net = nx.ring_of_cliques(4, 5)  # four 5-cliques joined in a ring by single edges
    found = louvain(net, seed=3)
    assert sorted(sorted(c) for c in found) == [list(range(i, i + 5)) for i in (0, 5, 10, 15)]
    assert sorted(map(sorted, found)) == sorted(
        map(sorted, nx.community.louvain_communities(net, seed=3))
    )
    karate = nx.karate_club_graph()
    assert louvain(karate, seed=5) == louvain(karate, seed=5)


def test_louvain_uses_weights_and_restores_python_random():
    # A square whose two heavy edges pair its corners: a-b and c-d weigh 10, b-c and d-a 1.
    net = nx.Graph()
    net.add_weighted_edges_from([("a", "b", 10), ("b", "c", 1), ("c", "d", 10), ("d", "a", 1)])
    assert sorted(map(sorted, louvain(net, seed=0))) == [["a", "b"], ["c", "d"]]
    # Quality comparable to networkx's Louvain on a real graph.
    karate = nx.karate_club_graph()
    ours = nx.community.modularity(karate, louvain(karate, seed=1))
    theirs = nx.community.modularity(karate, nx.community.louvain_communities(karate, seed=1))
    assert ours > 0.4 and abs(ours - theirs) < 0.02
    # With Python's random module in place (igraph's default), it is in place after.
    ig.set_random_number_generator(random)
    louvain(karate, seed=1)
    state = random.getstate()
    random.seed(99)
    a = ig.Graph.Erdos_Renyi(n=20, p=0.2).get_edgelist()
    random.seed(99)
    assert ig.Graph.Erdos_Renyi(n=20, p=0.2).get_edgelist() == a
    random.setstate(state)


class _CountingRandom(random.Random):
    """A generator that counts the numbers igraph draws from it."""

    draws = 0

    def getrandbits(self, k: int) -> int:
        self.draws += 1
        return super().getrandbits(k)

    def random(self) -> float:
        self.draws += 1
        return super().random()


def test_louvain_puts_back_the_generator_igraph_had_even_when_it_raises():
    karate = nx.karate_club_graph()
    negative = nx.Graph()
    negative.add_weighted_edges_from([("a", "b", -1.0), ("b", "c", 1.0)])
    mine = _CountingRandom(7)
    try:
        ig.set_random_number_generator(mine)
        louvain(karate, seed=1)
        drawn = mine.draws
        ig.Graph.Erdos_Renyi(n=20, p=0.2)  # draws from the generator in place
        assert mine.draws > drawn
        with pytest.raises(ig.InternalError, match="must not be negative"):
            louvain(negative, seed=1)  # igraph refuses negative weights inside the loan
        drawn = mine.draws
        ig.Graph.Erdos_Renyi(n=20, p=0.2)
        assert mine.draws > drawn
        # igraph's own C generator (None) is put back too: neither Python generator is drawn.
        ig.set_random_number_generator(None)
        louvain(karate, seed=1)
        drawn, state = mine.draws, random.getstate()
        ig.Graph.Erdos_Renyi(n=20, p=0.2)
        assert mine.draws == drawn and random.getstate() == state
    finally:
        ig.set_random_number_generator(random)


def test_ordered_subgraph_keeps_the_graphs_order_not_that_of_keep():
    net = nx.Graph(name="n")
    net.add_nodes_from([("d", {"x": 1}), "b", "a", "e", "c", "f"])
    net.add_edges_from([("d", "a", {"weight": 2}), ("e", "b"), ("a", "b"), ("c", "f")])
    sub = ordered_subgraph(net, ["a", "e", "b", "d"])  # a set of 4 of 6: a view would use set order
    assert list(sub.nodes) == ["d", "b", "a", "e"]
    assert list(sub.edges(data=True)) == [("d", "a", {"weight": 2}), ("b", "e", {}), ("b", "a", {})]
    assert sub.nodes["d"] == {"x": 1} and sub.graph == {"name": "n"}
    assert ordered_subgraph(net, set(net.nodes)) is net


def test_louvain_among_some_nodes_is_louvain_of_their_subgraph():
    # Two triangles joined by b-d, and a pair y-z left out: among = every node but y and z.
    net = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("b", "d"), ("d", "e"), ("e", "f")])
    net.add_edges_from([("d", "f", {"weight": 3}), ("y", "z")])
    among = np.array([i for i, n in enumerate(net.nodes) if n not in "yz"])
    arrays = to_igraph(net)
    found = louvain(net, arrays=arrays, among=among)
    assert sorted(map(sorted, found)) == [["a", "b", "c"], ["d", "e", "f"]]
    assert found == louvain(ordered_subgraph(net, "abcdef"))
    assert "_weight" not in arrays.es.attributes()  # the lent weights are taken back


_LOUVAIN_OF_THE_SAMPLE = (
    "from graphgov.analyses.network import network_metrics\n"
    "from graphgov.graph import open_graph\n"
    "m = network_metrics(open_graph({data!r}), 'interlock')\n"
    "print(m.nodes[['node', 'louvain']].to_csv(index=False))\n"
)


def test_louvain_of_the_sample_does_not_change_with_the_hash_seed():
    # Before ordered_subgraph, hash seeds 0 and 2 gave the sample's interlock network 2 other
    # communities out of 277 (and so other numbers for 8,239 nodes).
    data = str(Path(__file__).parent.parent / "datasets" / "zhejiang-sample")
    said = []
    for seed in ("0", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", _LOUVAIN_OF_THE_SAMPLE.format(data=data)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        said.append(run.stdout)
    assert said[0] == said[1]
    assert said[0].count("\n") > 9000  # the 9,725 nodes were written
