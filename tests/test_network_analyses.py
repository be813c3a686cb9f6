"""Hubs, social work, linkage and cross-appointments on tests/data/handcheck-network.

The county 西湖区 330106 (as_of 2020-12-31) has three townships and seven communities:

    T1 北山街道 ..001000: C11 北山社区 ..001001 (urban), C12 保俶社区 ..001002 (urban),
                         C13 青芝坞村 ..001201 (rural)
    T2 西溪街道 ..002000: C21 西溪社区 ..002001 (urban), C22 文新社区 ..002002 (urban)
    T3 灵隐街道 ..003000: C31 灵隐社区 ..003001 (urban), C32 玉泉社区 ..003002 (urban)

Organizations (name = letter code below):

    H1 hub      based in T1                      -> covers T1 and C11 C12 C13
    H2 support  based in C21; supports X (C11); incubates Y (C22, deregistered)
                                                 -> covers T2 (its base's township) and C21;
                                                    reaches C21 C11; supports 1 (Y inactive)
    H3 hub      based in the county; serves T2; served C31 until 2020-01-31
                                                 -> covers T2 and C21 C22
    H4 hub      abnormal                         -> not a hub
    H5 hub      based in the county, no links    -> covers and reaches nothing
    X  org in C11;  Y deregistered org in C22
    S1 social-work agency in C11; S2 agency in C13 but abnormal;
    S3 agency based in the county, serves C21 (and C31 only from 2021-06-01)
    Z  community org in C12 (covered by joint branch PJ); Q community org in C32 (also PJ)

People: W1-W4 licensed social workers; P1-P6, N1 not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphgov.analyses.cross_appointments import (
    cross_appointment_ties,
    cross_appointments,
    interlock_edges,
    interlock_network,
)
from graphgov.analyses.hubs import (
    hub_coverage,
    hub_gaps,
    hub_overlap,
    hub_reach,
    hub_townships,
    hubs,
)
from graphgov.analyses.linkage import linkage, linkage_candidates
from graphgov.analyses.social_work import social_work
from graphgov.errors import UsageError

DATA = Path(__file__).parent / "data" / "handcheck-network"
C11, C12, C13 = "330106001001", "330106001002", "330106001201"
C21, C22, C31, C32 = "330106002001", "330106002002", "330106003001", "330106003002"
T1, T2, T3 = "330106001000", "330106002000", "330106003000"
COUNTY = "330106000000"


def test_hub_reach_pairs(network_graph, network_ids):
    pairs = hub_reach(network_graph)
    got = {(h, c) for h, c in zip(pairs["hub_id"], pairs["community_code"], strict=True)}
    assert got == {
        (network_ids["H1"], C11), (network_ids["H1"], C12), (network_ids["H1"], C13),
        (network_ids["H2"], C21), (network_ids["H2"], C11),
        (network_ids["H3"], C21), (network_ids["H3"], C22),
    }  # fmt: skip


def test_hubs(network_graph, network_ids):
    out = hubs(network_graph)
    assert list(out.columns) == [
        "hub_id", "name", "hub_role", "base_level", "orgs_supported", "townships_covered",
        "communities_covered", "communities_reached", "exclusive_communities",
    ]  # fmt: skip
    # v2 (§4.5): covered by C11 H1, C12 H1, C13 H1, C21 H2+H3, C22 H3; H2 also reaches C11
    # (it supports X there) without covering it. Exclusive (covered by no other hub): H1 C11
    # C12 C13, H3 C22. Most covered first, then most reached: H3 (2, 2) before H2 (1, 2).
    assert [tuple(r) for r in out.drop(columns="hub_id").itertuples(index=False)] == [
        ("H1", "hub", "township", 0, 1, 3, 3, 3),
        ("H3", "hub", "county", 0, 1, 2, 2, 1),
        ("H2", "support", "community", 1, 1, 1, 2, 0),
        ("H5", "hub", "county", 0, 0, 0, 0, 0),
    ]


def test_hub_coverage_and_townships(network_graph, network_ids):
    ids = network_ids
    covered = hub_coverage(network_graph)
    assert set(zip(covered["hub_id"], covered["community_code"], strict=True)) == {
        (ids["H1"], C11), (ids["H1"], C12), (ids["H1"], C13),
        (ids["H2"], C21), (ids["H3"], C21), (ids["H3"], C22),
    }  # fmt: skip
    towns = hub_townships(network_graph)
    assert set(zip(towns["hub_id"], towns["township_code"], strict=True)) == {
        (ids["H1"], T1),
        (ids["H2"], T2),
        (ids["H3"], T2),
    }


def test_hubs_county_filter(network_graph):
    assert len(hubs(network_graph, county="330106")) == 4
    assert hubs(network_graph, county="330102").empty
    with pytest.raises(UsageError, match="not a county code"):
        hubs(network_graph, county="330106001")


def test_hub_gaps(network_graph):
    out = hub_gaps(network_graph)
    assert list(out.columns) == ["region_code", "name", "level", "county_code", "communities"]
    # T3 has two communities, neither reached: a hub there would reach 2.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        (T3, "灵隐街道", "township", COUNTY, 2),
        (C31, "灵隐社区", "community", COUNTY, 1),  # H3's link to it ended 2020-01-31
        (C32, "玉泉社区", "community", COUNTY, 1),
    ]


def test_hub_gaps_as_of_before_a_link_ended(network_graph):
    # On 2019-06-01 H3 still serves C31, so C31 is covered; serving a community does not
    # cover its township (v2, §4.5), so T3 stays a gap, with one community left (C32).
    out = hub_gaps(network_graph, as_of="2019-06-01")
    assert [tuple(r) for r in out[["region_code", "communities"]].itertuples(index=False)] == [
        (T3, 1),
        (C32, 1),
    ]


def test_hub_overlap(network_graph, network_ids):
    out = hub_overlap(network_graph)
    # H2 and H3 both cover C21; H1 covers C11, which H2 only reaches (it supports X there):
    # a shared community reached, none shared covered.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        (network_ids["H2"], network_ids["H3"], 1, [C21], 1),
        (network_ids["H1"], network_ids["H2"], 0, [], 1),
    ]


def test_social_work(network_graph):
    out = social_work(network_graph)
    # Urban: C11 C12 C21 C22 C31 C32 = 6; served C11 (S1 based), C21 (S3 serves) = 2.
    # Rural: C13 = 1; S2 there is abnormal: 0 served. S3's link to C31 starts 2021-06-01.
    # Both by the agency path (no station or purchased service in this dataset): 2, 0, 0.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        (COUNTY, "西湖区", 6, 2, pytest.approx(2 / 6), 1, 0, 0.0, 2, 0, 0)
    ]
    later = social_work(network_graph, as_of="2021-07-01")
    assert later["urban_served"].tolist() == [3]


def test_linkage(network_graph):
    out = linkage(network_graph)
    assert list(out.columns) == [
        "community_code", "has_org", "has_worker", "linked", "community_tie", "status",
    ]  # fmt: skip
    # C11: X, S1 in it; W1 works at X; P1 chairs X and is secretary of PC11, which leads
    #   C11: the community tie (§4.8) -> linked.
    # C12: Z in it; W2 at the community (her post at Z ended) -> unlinked.
    # C13: S2 abnormal; W3 at the community -> worker_only.
    # C21: H2 based, S3 serves it; W4 works at S3, whose serves link to C21 is the tie
    #   -> linked.
    # C22: Y deregistered, H3 serves the township not the community -> none.
    # C31: S3's link is in the future -> none.  C32: Q, no worker -> org_only.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        (C11, True, True, True, True, "linked"),
        (C12, True, True, False, False, "unlinked"),
        (C13, False, True, False, False, "worker_only"),
        (C21, True, True, True, True, "linked"),
        (C22, False, False, False, False, "none"),
        (C31, False, False, False, False, "none"),
        (C32, True, False, False, False, "org_only"),
    ]


def test_linkage_by_county(network_graph):
    out = linkage(network_graph, by="county")
    assert list(out.columns) == [
        "county_code", "county_name", "communities", "linked", "unlinked", "org_only",
        "worker_only", "none",
    ]  # fmt: skip
    assert [tuple(r) for r in out.itertuples(index=False)] == [(COUNTY, "西湖区", 7, 2, 1, 1, 1, 2)]


def test_linkage_candidates(network_graph):
    out = linkage_candidates(network_graph)
    assert [tuple(r) for r in out.itertuples(index=False)] == [(C12, "保俶社区", ["Z"], ["W2"])]


def test_cross_appointments(network_graph, network_ids):
    out = cross_appointments(network_graph)
    assert list(out.columns) == ["person_id", "type", "bodies", "communities", "organizations"]
    # P1: community Party org PC11 (leads C11) + chair of X: no post at a Party organization
    #     covering an organization, so not party_to_party; X is registered.
    # P2, P6: committee of C12 + joint branch PJ, which stands for Q and Z (filed only).
    # P3: C21 + Y (deregistered: counts nowhere) + PT (no sector) -> not crossed.
    # P4: C21 + H2, but that post ended -> not crossed.
    # P5: C22 + H3 + PT -> crossed, 3 bodies.
    # (v2: the type column is new; PC11 and C11's committee would be one merged body.)
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        ("P1", "community_to_registered", 2, [C11], [network_ids["X"]]),
        ("P2", "community_to_filed", 2, [C12], ["Q", "Z"]),
        ("P5", "community_to_registered", 3, [C22], [network_ids["H3"]]),
        ("P6", "community_to_filed", 2, [C12], ["Q", "Z"]),
    ]


def test_cross_appointment_ties(network_graph, network_ids):
    out = cross_appointment_ties(network_graph)
    # v2: party_to_party (how many of the persons are of that type): none here.
    assert [tuple(r) for r in out.itertuples(index=False)] == [
        (C11, "北山社区", 1, 0, [network_ids["X"]]),
        (C12, "保俶社区", 2, 0, ["Q", "Z"]),
        (C22, "文新社区", 1, 0, [network_ids["H3"]]),
    ]


def test_interlock_edges_and_network(network_graph, network_ids):
    edges = interlock_edges(network_graph)
    h3, x = f"org:{network_ids['H3']}", f"org:{network_ids['X']}"
    # One edge per pair of merged bodies sharing a person with active posts at both; P2
    # and P6 both sit on C12's committee and the joint branch PJ (its own node): weight 2.
    # v2: PC11 is C11's own Party organization, one node with it: P1's edge is C11 - X.
    assert [tuple(r) for r in edges.itertuples(index=False)] == [
        (f"community:{C11}", x, 1),  # P1
        (f"community:{C12}", "party_org:PJ", 2),  # P2, P6
        (f"community:{C21}", "party_org:PT", 1),  # P3
        (f"community:{C22}", h3, 1),  # P5
        (f"community:{C22}", "party_org:PT", 1),  # P5
        (h3, "party_org:PT", 1),  # P5
    ]
    net = interlock_network(network_graph)
    # Bodies with an active post: the 8 above plus C13 (W3) and S3 (W4) and Z (N1); X and
    # C12 already counted. Isolated: C13, S3, Z.
    assert net.number_of_edges() == 6
    assert set(net.nodes) == {
        f"community:{C12}", "party_org:PJ", f"community:{C21}", "party_org:PT",
        f"community:{C22}", h3, x, f"community:{C11}", f"community:{C13}",
        f"org:{network_ids['S3']}", "org:Z",
    }  # fmt: skip
    assert net.nodes[f"community:{C12}"]["sector"] == "community"
    assert net.nodes[f"community:{C11}"]["sector"] == "community"
    assert net.nodes["party_org:PJ"]["sector"] == "social_org"
    assert net.nodes["party_org:PT"]["sector"] == "none"
    assert net.nodes[x]["name"] == "X"
    assert net[f"community:{C12}"]["party_org:PJ"]["weight"] == 2
