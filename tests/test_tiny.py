"""The shipped tiny dataset (graphgov.datasets.tiny), every analysis worked out by hand.

The examples in the analyses' docstrings show these same figures; this file says why they
are right. as_of 2020-12-31, default targets (urban 15, rural 5 community organizations).

Regions (real NBS 2023 codes and names, all under 浙江省 > 杭州市 > 西湖区 330106):

    北山街道 330106002000: 上保社区 ..002051 (urban), 宝石社区 ..002052 (urban)
    西溪街道 330106004000: 石灰桥社区 ..004053 (urban), 下马塍社区 ..004055 (urban)
    双浦镇   330106110000: 袁浦社区 ..110002 (urban), 东江嘴村委会 ..110200 (rural),
                          外张村委会 ..110201 (rural)

Registered organizations (all registered by the county; short name, base, formal Party
members, Party organization or post):

    R1 书画协会          social_group    上保社区    5  own branch PB0000001
    R2 养老服务中心      social_service  袁浦社区    2  -
    R3 青少年活动中心    social_service  东江嘴      1  -
    R4 摄影协会          social_group    宝石社区    0  liaison P04 since 2019-03-01
    R5 康复服务中心      social_service  东江嘴      4  -
    R6 慈善基金会        foundation      西湖区      1  -
    R7 环保服务中心      social_service  外张        0  liaison P05 2018-01-01..2019-06-30 (ended)
    R8 培训学校          social_service  上保社区    3  status abnormal: counts nowhere
    S1 社会工作服务中心  social_service  宝石社区    2  joint branch PB0000003; social-work
                                                       agency, serves 外张 (since 2020-03-01)
    H2 社会组织联合会    social_group    北山街道    1  joint branch PB0000003; hub
    H1 社会组织服务中心  social_service  西湖区      6  own branch PB0000002; support hub,
                                                       serves 双浦镇, supports R1

Filed community organizations: 3 in 上保社区, 1 in 袁浦社区, 5 in 东江嘴村委会.
Posts of the people: P01 secretary of 上保社区's Party committee and committee member of
R1's branch; P02 director of 袁浦社区's committee and vice-chair of R2; P03 committee member
of 东江嘴's committee and volunteer lead of one of its community organizations; P04, P05
the liaisons above; social workers P06 (at S1), P07 (at 袁浦社区's committee), P08 (staff
of 石灰桥社区's committee).
"""

from __future__ import annotations

import pandas as pd
import pytest

import graphgov
from graphgov.datasets import tiny, tiny_path
from graphgov.divisions import get as nbs_unit


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return tiny()


@pytest.fixture(scope="module")
def ids(g: graphgov.Graph) -> dict[str, str]:
    """Short name (as in the module docstring) -> org_id."""
    short = {
        "书画协会": "R1", "养老服务中心": "R2", "青少年活动中心": "R3", "摄影协会": "R4",
        "康复服务中心": "R5", "慈善基金会": "R6", "环保服务中心": "R7", "培训学校": "R8",
        "社会工作服务中心": "S1", "社会组织联合会": "H2", "社会组织服务中心": "H1",
    }  # fmt: skip
    o = g.organizations
    out = {}
    for name, oid in zip(o["name"], o["org_id"], strict=True):
        hits = [k for k in short if name.endswith(k)]
        if hits:
            out[short[max(hits, key=len)]] = oid
    assert len(out) == 11
    return out


def rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return [tuple(r) for r in df[cols].itertuples(index=False)]


# --- the dataset itself -----------------------------------------------------------------


def test_loads_clean_with_the_stated_counts(g):
    assert g.info.name == "tiny" and g.info.as_of == "2020-12-31" and g.info.synthetic
    assert g.warnings == []
    assert all(c["rejected"] == 0 and c["duplicates"] == 0 for c in g.counts.values())
    rows_per_table = {t: c["rows"] for t, c in g.counts.items() if c["rows"]}
    assert rows_per_table == {
        "regions": 13, "organizations": 20, "party_orgs": 8, "party_org_covers": 5,
        "people": 8, "posts": 11, "services": 4,
    }  # fmt: skip


def test_regions_are_the_real_nbs_units(g):
    """Code, name, parent and committee type exactly as the shipped NBS 2023 table has them,
    so the NBS comparison has nothing to say."""
    for r in g.regions.itertuples(index=False):
        real = nbs_unit(r.code)
        assert (real.name, real.level) == (r.name, r.level)
        assert real.parent_code == (None if pd.isna(r.parent_code) else r.parent_code)
        if r.level == "community":
            assert real.committee == r.area_type


def test_each_call_gives_a_fresh_graph(g):
    other = tiny()
    other.organizations.loc[0, "name"] = "changed"
    assert g.organizations.loc[0, "name"] != "changed"
    assert (tiny_path() / "dataset.toml").is_file()


# --- coverage, gaps, joint branches --------------------------------------------------------


def test_coverage(g):
    # Population: the 10 active registered organizations (R8 is abnormal).
    # Organizationally covered: R1, H1 (own branches), H2, S1 (joint branch) = 4.
    # Work covered: those plus R4 (active liaison) = 5; R7's liaison ended in 2019.
    assert rows(graphgov.coverage(g), ["group", "orgs", "org_covered", "work_covered"]) == [
        ("330106000000", 10, 4, 5)
    ]
    # By township: R6 and H1 are based at 西湖区 itself and form its own group;
    # 北山街道: R1 H2 S1 R4 (covered R1 H2 S1, work + R4); 双浦镇: R2 R3 R5 R7 (none).
    by_town = graphgov.coverage(g, by="township")
    assert rows(by_town, ["group", "orgs", "org_covered", "work_covered"]) == [
        ("330106000000", 2, 1, 1),
        ("330106002000", 4, 3, 4),
        ("330106110000", 4, 0, 0),
    ]
    # By kind: foundation R6; social groups R1 R4 H2 (covered R1 H2, work + R4);
    # service agencies R2 R3 R5 R7 S1 H1 (covered S1 H1).
    kind = graphgov.coverage(g, by="kind")
    assert rows(kind, ["group", "orgs", "org_covered", "work_covered"]) == [
        ("foundation", 1, 0, 0),
        ("social_group", 3, 2, 3),
        ("social_service", 6, 2, 2),
    ]
    assert kind["org_coverage"].tolist() == pytest.approx([0.0, 2 / 3, 2 / 6])
    # The 9 community organizations join the population; none is covered, but v2 (§4.1)
    # work-covers the 3 of 上保社区, which has a community Party organization: 5 + 3.
    wide = graphgov.coverage(g, by="province", include_community=True)
    assert rows(wide, ["orgs", "org_covered", "work_covered"]) == [(19, 4, 8)]
    # No functional Party organization; nobody names a manager, all are registered by
    # 西湖区 (USCC digits 330106): its comprehensive committee answers for all.
    assert graphgov.coverage(g)["functional_covered"].tolist() == [0]
    assert rows(graphgov.coverage(g, by="manager"), ["group", "orgs", "org_covered"]) == [
        ("PZ330106000000", 10, 4)
    ]
    assert rows(graphgov.coverage(g, by="authority"), ["group", "group_name", "orgs"]) == [
        ("330106 county", "西湖区民政局", 10)
    ]


def test_gaps(g, ids):
    # Uncovered: R5 (4 members: must form), R6, R2, R3 (1-2: joint candidates, by region
    # code: 西湖区 330106000000 < 袁浦 ..110002 < 东江嘴 ..110200), R7 (no member, no active
    # liaison: needs an instructor), R4 (no member, a liaison: instructed).
    gap = graphgov.gaps(g)
    assert rows(gap, ["org_id", "gap"]) == [
        (ids["R5"], "must_form"),
        (ids["R6"], "joint_candidate"),
        (ids["R2"], "joint_candidate"),
        (ids["R3"], "joint_candidate"),
        (ids["R7"], "needs_instructor"),
        (ids["R4"], "instructed"),
    ]
    # R5's 4 members make a branch (3-49); all answer to 西湖区's comprehensive committee.
    assert gap["suggested_form"].iloc[0] == "branch" and gap["suggested_form"][1:].isna().all()
    assert set(gap["manager_id"]) == {"PZ330106000000"}


def test_joint_branches(g, ids):
    # 双浦镇: R2 (2 members) pairs with R3 (1): 3 members, under 西湖区's comprehensive
    # committee (their responsible Party organization). The joint branch PB0000003 is in
    # 北山街道 and under PT330106002000: not in reach. R6 is based at 西湖区 itself: placed
    # there under the same committee, alone with 1 member (v2, §4.3 step 3).
    jb = graphgov.joint_branches(g)
    cols = ["group_id", "township_code", "superior_party_org_id", "orgs", "party_members"]
    assert rows(jb, cols)[0] == ("330106110000-J01", "330106110000", "PZ330106000000", 2, 3)
    assert jb["org_ids"].tolist() == [sorted([ids["R2"], ids["R3"]]), [ids["R6"]]]
    assert jb["group_id"].isna().tolist() == [False, True]
    assert jb["reason_unplaced"].tolist()[1] == "fewer than 3 members in reach"


# --- density, hubs, social work ----------------------------------------------------------


def test_density(g):
    d = graphgov.density(g)
    # Community organizations based in each community; deficit = target - orgs, at least 0.
    assert rows(d, ["community_code", "orgs", "target", "deficit", "meets_target"]) == [
        ("330106002051", 3, 15, 12, False),
        ("330106002052", 0, 15, 15, False),
        ("330106004053", 0, 15, 15, False),
        ("330106004055", 0, 15, 15, False),
        ("330106110002", 1, 15, 14, False),
        ("330106110200", 5, 5, 0, True),
        ("330106110201", 0, 5, 5, False),
    ]
    # By county (v2, §4.4: the target is an average): urban 5 communities, 3+0+0+0+1 = 4
    # organizations, average 0.8, shortfall 15*5 - 4 = 71; rural 2 communities, 5+0 = 5,
    # average 2.5, shortfall 5*2 - 5 = 5; total 76 (here equal to the sum of the deficits,
    # since no community is above its target). 1 of 7 communities (东江嘴) meets it alone.
    county = graphgov.density(g, by="county")
    cols = ["county_code", "county_name", "urban_communities", "urban_orgs",
            "urban_shortfall", "urban_meeting", "rural_communities", "rural_orgs",
            "rural_shortfall", "rural_meeting", "communities", "shortfall", "meeting"]  # fmt: skip
    assert rows(county, cols) == [("330106000000", "西湖区", 5, 4, 71, 0, 2, 5, 5, 1, 7, 76, 1)]
    assert county["urban_average"].tolist() == pytest.approx([0.8])
    assert county["rural_average"].tolist() == pytest.approx([2.5])
    assert county["share"].tolist() == pytest.approx([1 / 7])
    assert county["rural_share"].tolist() == pytest.approx([0.5])
    # By township, largest shortfall first: 西溪 2 urban, 0 orgs: 30; 北山 2 urban, 3 orgs:
    # 27; 双浦 1 urban (1 org: 14) and 2 rural (5 orgs: 5): 19.
    town = graphgov.density(g, by="township")
    assert rows(town, ["township_name", "urban_shortfall", "rural_shortfall", "shortfall"]) == [
        ("西溪街道", 30, 0, 30),
        ("北山街道", 27, 0, 27),
        ("双浦镇", 14, 5, 19),
    ]
    assert town["rural_average"].isna().tolist() == [True, True, False]  # no rural community


def test_density_counting_registered_organizations(g):
    # --count-registered adds the active registered organizations based in a community:
    # 上保 R1 (R8 is abnormal), 宝石 R4 and S1, 袁浦 R2, 东江嘴 R3 and R5, 外张 R7. H2
    # (a township) and H1, R6 (the county) are in no community.
    d = graphgov.density(g, count_registered=True)
    assert d["orgs"].tolist() == [3 + 1, 0 + 2, 0, 0, 1 + 1, 5 + 2, 0 + 1]
    assert d["meets_target"].tolist() == [False] * 5 + [True, False]


def test_hubs(g, ids):
    # v2 (§4.5). H1 (based at the county) serves 双浦镇: it covers the township and 袁浦,
    # 东江嘴, 外张; it supports R1 in 上保, which it reaches but does not cover (4 reached).
    # H2 (based at 北山街道) covers the township and 上保, 宝石. No community is covered
    # twice: H1 has 3 exclusive communities and H2 has 2 (上保 was shared in v1's reach).
    h = graphgov.hubs(g)
    cols = ["hub_id", "base_level", "orgs_supported", "townships_covered",
            "communities_covered", "communities_reached", "exclusive_communities"]  # fmt: skip
    assert rows(h, cols) == [
        (ids["H1"], "county", 1, 1, 3, 4, 3),
        (ids["H2"], "township", 0, 1, 2, 2, 2),
    ]
    # Uncovered: 西溪街道 and its two communities.
    assert rows(graphgov.hub_gaps(g), ["region_code", "level", "communities"]) == [
        ("330106004000", "township", 2),
        ("330106004053", "community", 1),
        ("330106004055", "community", 1),
    ]
    # H2's id (51…, a social group) sorts before H1's (52…). Both are present in 上保 (H2
    # covers it, H1 supports R1 there) but only H2 covers it: 0 shared covered, 1 reached.
    overlap = graphgov.hub_overlap(g)
    cols = ["hub_a", "hub_b", "shared_communities", "shared_reached"]
    assert rows(overlap, cols) == [(ids["H2"], ids["H1"], 0, 1)]
    assert overlap["communities"].tolist() == [[]]


def test_social_work(g):
    # S1 is based in 宝石 (urban) and serves 外张 (rural): 1 of 5 urban, 1 of 2 rural.
    sw = graphgov.social_work(g)
    cols = ["urban_communities", "urban_served", "rural_communities", "rural_served"]
    assert rows(sw, ["county_code", *cols]) == [("330106000000", 5, 1, 2, 1)]
    assert sw["urban_share"].tolist() == pytest.approx([0.2])
    assert sw["rural_share"].tolist() == pytest.approx([0.5])
    # v2 (§4.7): both by the agency path; no station, no purchased service in the tiny data.
    paths = ["served_by_agency", "served_by_station", "served_by_purchase"]
    assert rows(sw, paths) == [(2, 0, 0)]


# --- linkage and cross-appointments -------------------------------------------------------


def test_linkage(g, ids):
    # 上保: R1 and community orgs, no social worker: org_only.
    # 宝石: S1 with P06 (linked), but S1's only link is its serves to 外张 and P06 holds no
    #   post at 宝石 or its Party organization: no community tie, so unlinked (v2, §4.8; it
    #   was linked in v1, which had no tie).
    # 石灰桥: P08 at the committee, no organization: worker_only. 下马塍: none.
    # 袁浦: R2 and a community org, P07 at the committee but none at an org: unlinked.
    # 东江嘴: R3, R5, community orgs, no worker: org_only.
    # 外张: R7, and S1 serves it: S1's serves link to 外张 is the tie: linked.
    status = graphgov.linkage(g)
    assert rows(status, ["community_code", "linked", "community_tie", "status"]) == [
        ("330106002051", False, False, "org_only"),
        ("330106002052", True, False, "unlinked"),
        ("330106004053", False, False, "worker_only"),
        ("330106004055", False, False, "none"),
        ("330106110002", False, False, "unlinked"),
        ("330106110200", False, False, "org_only"),
        ("330106110201", True, True, "linked"),
    ]
    county = graphgov.linkage(g, by="county")
    assert rows(
        county, ["communities", "linked", "unlinked", "org_only", "worker_only", "none"]
    ) == [(7, 1, 2, 2, 1, 1)]
    # Candidates: 宝石 (R4 and S1 based there, P06 at S1) and 袁浦 (P07 at the committee).
    cand = graphgov.linkage_candidates(g)
    assert cand["community_code"].tolist() == ["330106002052", "330106110002"]
    assert cand["org_ids"].tolist() == [
        sorted([ids["R4"], ids["S1"]]),
        sorted([ids["R2"], "C330106110002-0001"]),
    ]
    assert cand["worker_ids"].tolist() == [["P06"], ["P07"]]


def test_cross_appointments(g, ids):
    # P01: 上保's community Party committee + R1's branch (which stands for R1): a post at a
    # community Party organization and one at a Party organization covering an
    # organization, party_to_party. P02: 袁浦's committee + R2 (registered). P03: 东江嘴's
    # committee + its community org -0001 (filed only).
    ca = graphgov.cross_appointments(g)
    assert rows(ca, ["person_id", "type", "bodies"]) == [
        ("P01", "party_to_party", 2),
        ("P02", "community_to_registered", 2),
        ("P03", "community_to_filed", 2),
    ]
    assert ca["communities"].tolist() == [["330106002051"], ["330106110002"], ["330106110200"]]
    assert ca["organizations"].tolist() == [[ids["R1"]], [ids["R2"]], ["C330106110200-0001"]]
    ties = graphgov.cross_appointment_ties(g)
    assert rows(ties, ["community_code", "persons", "party_to_party"]) == [
        ("330106002051", 1, 1),
        ("330106110002", 1, 0),
        ("330106110200", 1, 0),
    ]


def test_interlock_network(g, ids):
    # Merged bodies with an active post: 上保社区 (its Party committee, P01), R1 (its branch
    # PB0000001, which covers only R1: P01); 袁浦's committee and R2 (P02; P07 too at 袁浦);
    # 东江嘴's committee and its community org (P03); R4 (P04); S1 (P06); 石灰桥's committee
    # (P08). R7's only post ended: 9 nodes. One edge per cross-appointed person, each of
    # weight 1. (v2: the Party committee and the branch are their community's and R1's
    # nodes, not party_org:... nodes of their own.)
    net = graphgov.interlock_network(g)
    assert net.number_of_nodes() == 9
    assert f"org:{ids['R7']}" not in net
    edges = {frozenset((a, b)): w for a, b, w in net.edges(data="weight")}
    assert edges == {
        frozenset({"community:330106002051", f"org:{ids['R1']}"}): 1,
        frozenset({"community:330106110002", f"org:{ids['R2']}"}): 1,
        frozenset({"community:330106110200", "org:C330106110200-0001"}): 1,
    }
