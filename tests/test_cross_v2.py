"""Typed cross-appointments and the merged interlock network (datasets/README.md, Analysis
definitions, §4.9-§4.10) on tests/data/v2-cross, worked out by hand.

Communities: C1 上保社区 330106002051, C2 宝石社区 330106002052 (北山街道), C3 东江嘴村委会
330106110200 (双浦镇). Organizations: A (social group, in C1), B (social service, in C2),
D (in C1, abnormal from 2020-03-01), E (founded 2021-01-01), G (foundation, county); filed
community organizations F1, F2 (C3) and F3 (C1).

Party organizations: PT territorial; PC1 community (leads C1); PC2 community (leads C2,
founded 2021-03-01); PB1 branch covering A; PB2 branch covering B from 2020-06-01; PJ joint
branch covering F1 and F2; PK branch covering D.

Posts (all from 2019-01-01 unless said):

    P01 PC1 secretary, C1 director, PB1 secretary    P06 PC2 secretary, E chair
    P02 PC1 part_time_member (兼职委员), B chair       P07 C1 staff, PK secretary
    P03 PC1 part_time_member, PJ committee_member     P08 G liaison
    P04 C3 committee_member, F1 volunteer_lead        P09 B social_worker, PB2 member
    P05 C2 committee_member, PB2 secretary            P10 C1 member 2018-01-01..2020-06-30,
                                                          F3 chair

On the dataset's date, 2020-12-31: D is abnormal and E and PC2 do not exist yet, so the
merged bodies are C1 (committee + PC1), C2, C3 (committees only), org:A (A + PB1, the branch
covering only A), org:B (B + PB2, whose cover has begun), party_org:PJ (a joint branch stays
its own node), party_org:PK (it covers no active organization: no sector), PT, and the
organizations F1, F2, F3, G.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import networkx as nx
import pytest

import graphgov
from graphgov.analyses.centrality import betweenness_cost, component_betweenness
from graphgov.analyses.cross_appointments import (
    cross_appointment_ties,
    cross_appointments,
    interlock_network,
)
from graphgov.analyses.metrics import cut_points, node_metrics
from graphgov.analyses.projections import projection

DATA = Path(__file__).parent / "data" / "v2-cross"
C1, C2, C3 = "330106002051", "330106002052", "330106110200"
A, B, D = "51330106MJ0000065D", "52330106MJ0000066D", "52330106MJ0000068K"
G = "53330106MJ0000071U"
F1, F2, F3 = "C330106110200-0001", "C330106110200-0002", "C330106002051-0001"


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return graphgov.open(DATA)


def test_cross_appointments_typed(g):
    out = cross_appointments(g)
    assert list(out.columns) == ["person_id", "type", "bodies", "communities", "organizations"]
    # P01: PC1 (community Party org) + PB1 (covers A): party_to_party; PC1 and the C1
    #      committee are one body, PB1 and A another: 2 bodies, not 3.
    # P02: PC1 as part-time member + B itself (no Party organization post): registered.
    # P03: PC1 part-time + PJ, a Party organization covering F1, F2: party_to_party.
    # P04: C3's committee + F1, filed only: community_to_filed.
    # P05: C2's committee (PC2 does not exist yet) + PB2 (covers B): registered.
    # P06: both bodies do not exist yet. P07: PK covers only the abnormal D: no sector.
    # P09: B and PB2 are one body. P10: the C1 post ended on 2020-06-30.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("P01", "party_to_party", 2, [C1], [A]),
        ("P02", "community_to_registered", 2, [C1], [B]),
        ("P03", "party_to_party", 2, [C1], [F1, F2]),
        ("P04", "community_to_filed", 2, [C3], [F1]),
        ("P05", "community_to_registered", 2, [C2], [B]),
    ]


def test_cross_appointments_on_an_earlier_date(g):
    out = cross_appointments(g, as_of="2019-06-01")
    # PB2's cover begins 2020-06-01: PB2 covers nothing, P05 is not crossed, and P09's
    # two posts are at two bodies (B, and PB2 with no sector). D is active: PK covering
    # only D is D's body, so P07 ties C1 to D through PK (a branch, not a community Party
    # organization): registered. P10's C1 post is active: C1 to F3, filed.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("P01", "party_to_party", 2, [C1], [A]),
        ("P02", "community_to_registered", 2, [C1], [B]),
        ("P03", "party_to_party", 2, [C1], [F1, F2]),
        ("P04", "community_to_filed", 2, [C3], [F1]),
        ("P07", "community_to_registered", 2, [C1], [D]),
        ("P10", "community_to_filed", 2, [C1], [F3]),
    ]


def test_ties_count_party_to_party(g):
    out = cross_appointment_ties(g)
    assert list(out.columns) == [
        "community_code", "community_name", "persons", "party_to_party", "org_ids",
    ]  # fmt: skip
    # C1: P01 (A), P02 (B), P03 (F1, F2); P01 and P03 are party_to_party.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        (C1, "上保社区", 3, 2, [A, B, F1, F2]),
        (C2, "宝石社区", 1, 0, [B]),
        (C3, "东江嘴村委会", 1, 0, [F1]),
    ]


def test_interlock_merges_a_body_with_its_own_party_organization(g):
    net = interlock_network(g)
    # Bodies with an active post: C1 (P01 P02 P03 P07), org:A (P01 via PB1), org:B (P02,
    # P05 via PB2, P09), PJ (P03), C3 and F1 (P04), C2 (P05), PK (P07), G (P08, a liaison),
    # F3 (P10). Not PC1, PB1 or PB2 on their own; no edge joins a body to its own Party
    # organization (P01's PC1 + C1 posts, P09's B + PB2 posts give no edge).
    assert sorted(net.nodes) == sorted(
        [f"community:{C1}", f"community:{C2}", f"community:{C3}", f"org:{A}", f"org:{B}",
         f"org:{F1}", f"org:{F3}", f"org:{G}", "party_org:PJ", "party_org:PK"]
    )  # fmt: skip
    assert sorted(net.edges(data="weight")) == [
        (f"community:{C1}", f"org:{A}", 1),  # P01
        (f"community:{C1}", f"org:{B}", 1),  # P02
        (f"community:{C1}", "party_org:PJ", 1),  # P03
        (f"community:{C1}", "party_org:PK", 1),  # P07
        (f"community:{C3}", f"org:{F1}", 1),  # P04
        (f"org:{B}", f"community:{C2}", 1),  # P05
    ]
    assert net.nodes[f"community:{C1}"]["name"] == "上保社区"
    assert net.nodes[f"org:{A}"]["sector"] == "social_org"
    assert net.nodes["party_org:PJ"]["sector"] == "social_org"
    assert net.nodes["party_org:PK"]["sector"] == "none"


def test_interlock_on_an_earlier_date_keeps_a_branch_without_cover_apart(g):
    net = interlock_network(g, as_of="2019-06-01")
    # PB2 covers nothing yet: its own node, linked to B by P09 and to C2 by P05; PK is D's
    # body; P10 links C1 and F3.
    assert net.has_edge(f"org:{B}", "party_org:PB2")
    assert net.has_edge(f"community:{C2}", "party_org:PB2")
    assert net.has_edge(f"community:{C1}", f"org:{D}")
    assert net.has_edge(f"community:{C1}", f"org:{F3}")
    assert "party_org:PK" not in net


def test_cut_points_count_each_community_once(g):
    net = projection(g, "interlock")
    cuts = cut_points(net)
    # C1 leaves {A} {B, C2} {PJ} {PK}: communities C2; organizations A, B, PJ. Pairs
    # cut: (C2, A), (C2, PJ) = 2; C2 loses A and PJ: 1 community; A and PJ lose C2: 2.
    # B leaves {C2} {C1 A PJ PK}: pairs (C2, A), (C2, PJ) = 2; C2 cut: 1; A, PJ: 2.
    assert cuts[
        ["node", "pieces", "separated_pairs", "communities_cut", "organizations_cut"]
    ].values.tolist() == [
        [f"community:{C1}", 4, 2, 1, 2],
        [f"org:{B}", 2, 2, 1, 2],
    ]


def test_betweenness_raw_and_within_the_component(g):
    net = projection(g, "interlock")
    nodes, note = node_metrics(net)
    assert note == {"betweenness": "exact", "cost": 6 * 5 + 2 * 1, "budget": note["budget"]}
    by = nodes.set_index("node")
    # The tree C1-{A, PJ, PK, B-C2}: C1 lies on the paths between its four branches
    # (5 other nodes: 10 pairs, less the pair B-C2 inside one branch) = 9; B between C2
    # and the four others = 4. Within the component: 10 pairs, 0.9 and 0.4.
    assert by.loc[f"community:{C1}", "betweenness_pairs"] == 9
    assert by.loc[f"org:{B}", "betweenness_pairs"] == 4
    assert by.loc[f"community:{C1}", "betweenness"] == pytest.approx(0.9)
    assert by.loc[f"org:{B}", "betweenness"] == pytest.approx(0.4)
    assert (by["betweenness_se"] == 0).all()
    # Louvain on the 6-node component only: the pair C3-F1 and the isolated G, F3 have none.
    assert by.loc[[f"community:{C3}", f"org:{F1}", f"org:{G}", f"org:{F3}"], "louvain"].isna().all()
    assert by.loc[f"community:{C1}", "louvain"] == 0


# --- the budget: exact where affordable, sampled with the error stated -------------------


def test_cost_is_nodes_times_edges_per_component():
    net = nx.disjoint_union(nx.path_graph(4), nx.complete_graph(5))
    assert betweenness_cost(net) == 4 * 3 + 5 * 10


def test_exact_within_budget_equals_networkx_per_component():
    net = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(5))
    table, note = component_betweenness(net)
    assert note["betweenness"] == "exact"
    theirs = nx.betweenness_centrality(net, normalized=False)  # unordered pairs
    assert table["betweenness_pairs"].tolist() == pytest.approx([theirs[v] for v in net])
    # Normalised within the component: karate's 34 nodes, the path's 5.
    karate = nx.betweenness_centrality(nx.karate_club_graph())
    assert table["betweenness"].tolist()[:34] == pytest.approx(list(karate.values()))
    assert table["betweenness"].tolist()[34 + 2] == pytest.approx(4 / 6)  # path's middle


def test_over_budget_the_costly_component_is_sampled_and_the_cheap_one_exact():
    big = nx.barabasi_albert_graph(400, 2, seed=1)
    net = nx.disjoint_union(big, nx.path_graph(5))
    cost = betweenness_cost(net)
    table, note = component_betweenness(net, budget=cost - 1, k=100, seed=3)
    assert note["betweenness"] == "sampled"
    assert (note["k"], note["seed"], note["sampled_components"], note["sampled_nodes"]) == (
        100, 3, 1, 400,
    )  # fmt: skip
    # The path (cost 20) stays exact: its middle lies on 4 of its 6 pairs.
    assert table["betweenness_pairs"].tolist()[400:] == [0.0, 3.0, 4.0, 3.0, 0.0]
    assert table["betweenness_se"].tolist()[400:] == [0.0] * 5
    # The most central nodes are estimated within a few stated standard errors. (For a
    # node that few sources' paths run through the error is understated: see
    # component_betweenness.)
    exact = nx.betweenness_centrality(big, normalized=False)
    se = table["betweenness_se"][:400] * (399 * 398 / 2)
    assert note["error"] == pytest.approx(table["betweenness_se"].max())
    for v in sorted(exact, key=exact.get, reverse=True)[:20]:
        assert abs(table["betweenness_pairs"][v] - exact[v]) < 4 * se[v]
    again, _ = component_betweenness(net, budget=cost - 1, k=100, seed=3)
    assert again.equals(table)  # same seed, same sources


def test_sampled_estimate_and_error_by_hand():
    # Path a-b-c, 2 of its 3 nodes as sources. Half the dependencies of b (what igraph
    # gives per source): from a 1/2 (the target c), from c 1/2, from b itself 0. The
    # estimate is n x their mean, the error n x sd / sqrt(k) x sqrt(1 - k/n).
    net = nx.path_graph(["a", "b", "c"])
    table, note = component_betweenness(net, budget=0, k=2, seed=5)
    assert note["betweenness"] == "sampled"
    assert sorted(random.Random(5).sample(range(3), 2)) == [1, 2]  # the sources: b and c
    # b's half-dependencies from b and c: 0 and 1/2; mean 1/4, variance 2 (1/4)^2 / 1 = 1/8.
    b = table.set_index("node").loc["b"]
    assert b["betweenness_pairs"] == pytest.approx(3 * 1 / 4)
    assert b["betweenness_se"] == pytest.approx(3 * math.sqrt(1 / 8 / 2 * (1 - 2 / 3)))


def test_a_component_no_larger_than_the_sample_is_exact():
    net = nx.path_graph(50)
    table, note = component_betweenness(net, budget=0, k=50)
    assert note["betweenness"] == "exact"
    assert table["betweenness_pairs"][25] == 25 * 24  # nodes on either side


def test_metrics_command_states_the_budget_and_how_betweenness_was_computed(cli, tmp_path):
    from graphgov.analyses.centrality import BETWEENNESS_BUDGET

    shown = cli(["metrics", "--help"])
    assert f"{BETWEENNESS_BUDGET:,}" in " ".join(shown.stdout.split())
    exact = cli(["metrics", "interlock", "--data", str(DATA), "--out-dir", str(tmp_path / "a")])
    assert exact.exit_code == 0, exact.output
    # Cost: 6 x 5 (C1's component) + 2 x 1 (C3 - F1).
    assert f"betweenness: exact (cost 32 within the budget of {BETWEENNESS_BUDGET:,}" in (
        " ".join(exact.stdout.split())
    )
    sampled = cli(
        ["metrics", "interlock", "--data", str(DATA), "--out-dir", str(tmp_path / "b"),
         "--budget", "0", "--k", "2", "--seed", "4"]
    )  # fmt: skip
    assert sampled.exit_code == 0, sampled.output
    text = " ".join(sampled.stdout.split())
    assert "betweenness: sampled from 2 sources in each of 1 component (6 bodies; cost 32 " in text
    assert "seed 4: standard error up to" in text


def test_bodies_keep_the_rows_of_one_body_together(g):
    from graphgov.analyses.merged_bodies import bodies

    known = bodies(g)
    # PJ covers F1 and F2: two rows, one after the other, one node, in the social sector.
    pj = known.index[known["body"] == "party_org:PJ"].tolist()
    assert len(pj) == 2 and pj[1] == pj[0] + 1
    assert sorted(known.loc[pj, "org_id"]) == [F1, F2]
    assert set(known.loc[pj, "node"]) == {"party_org:PJ"}
    assert set(known.loc[pj, "sector"]) == {"social_org"}
    # Every body's rows are consecutive: a body seen again later is a body split apart.
    body = known["body"].tolist()
    starts = [b for i, b in enumerate(body) if i == 0 or body[i - 1] != b]
    assert len(starts) == len(set(body))


def test_an_empty_graph_has_no_cross_appointments():
    from graphgov.graph import from_tables
    from graphgov.meta import DatasetInfo

    empty = from_tables({}, DatasetInfo(name="empty", as_of="2020-12-31"))
    out = cross_appointments(empty)
    assert out.empty and list(out.columns) == [
        "person_id", "type", "bodies", "communities", "organizations",
    ]  # fmt: skip
    assert cross_appointment_ties(empty).empty
    assert interlock_network(empty).number_of_nodes() == 0


def test_group_lists_and_distinct_counts_by_hand():
    import pandas as pd

    from graphgov.analyses._common import distinct_counts, group_lists

    frame = pd.DataFrame(
        {
            "key": ["b", "a", "b", "a", None, "b", "c"],
            "value": ["y", "x", "x", "x", "z", "y", None],
        },
        dtype="string",
    )
    # a: x twice (one distinct); b: y, x, y (x and y); c: only a missing value; the row
    # without a key counts nowhere.
    assert group_lists(frame, "key", "value").to_dict() == {"a": ["x"], "b": ["x", "y"]}
    assert distinct_counts(frame, "key", "value").sort_index().to_dict() == {"a": 1, "b": 2}
    assert group_lists(frame.iloc[:0], "key", "value").empty
