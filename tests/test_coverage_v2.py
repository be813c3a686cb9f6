"""Coverage, gaps and joint branches read on a date (datasets/README.md, Analysis
definitions, §4.1-§4.3), on tests/data/v2-coverage, worked out by hand.

Regions: 浙江省 > 杭州市 > 西湖区 330106; 北山街道 330106002000 (上保社区 ..002051, 宝石社区
..002052), 双浦镇 330106110000 (袁浦社区 ..110002, 东江嘴村委会 ..110200). as_of 2020-12-31.

Party organizations (founded..dissolved; parent):

    PW330000000000 两新工委 (root)        PZ330106000000 西湖区综合委 (2012-)
    PZ330100000000 杭州市综合委 (2019-01-01-)
    PI0000001 文化行业党委 (parent PZ)    PI0000002 农业行业党委, dissolved 2020-06-30
    PC330106002051 上保社区党委 (community)
    PB0000001 branch -> O1 (since 2016)   PB0000002 general_branch -> O2 (since 2019-05-01)
    PB0000003 committee -> O3, the Party organization dissolved 2020-03-01
    PB0000004 branch -> O4, cover 2017-06-01..2019-12-31
    PF0000001 functional -> O5, K2 (since 2018-06-01)   PE0000001 extended -> O7 (since 2019-01-01)
    PJ0000001 joint_branch at 北山街道 (parent PZ, 2018-03-01-) -> J1, J2, J4 (since
              2018-03-01), K1 (2018-03-01..2019-06-30)
    PJ0000002 joint_branch at 双浦镇 (parent PI0000001), covers nobody

Registered organizations (registered by 西湖区 unless said; formal members; base):

    O1  5  上保    names PI0000001 as manager      O2  60 宝石     O3 120 袁浦
    O4  1  西湖区 (county level)                    O5  0  东江嘴   O7  4  宝石
    O12 2  西湖区                                   O13 1  杭州市, registered by the city
    O14 2  宝石, abnormal since 2020-06-01          O15 0  袁浦, deregistered 2020-10-01
    O16 3  上保, founded 2021-03-01                 O18 0  东江嘴
    J1 J2 J4  0  上保
    K1 1 上保 other   K2 2 上保 other   K3 1 上保 culture   K4 2 宝石 elderly
    K5 1 宝石 elderly K6 2 宝石 culture K7 2 宝石, names PI0000001
    K8 1 袁浦, names PI0000002 (dissolved)  K9 2 东江嘴
Community organizations: CO1, CO2 上保 (led by PC330106002051), CO3 袁浦, CO4 上保
deregistered 2020-01-01. Ids sort O1 < ... < K9 as listed within a kind (K ids ascend).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import graphgov
from graphgov.analyses.joint_branches import group_by_domain, group_candidates

DATA = Path(__file__).parent / "data" / "v2-coverage"


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return graphgov.open(DATA)


@pytest.fixture(scope="module")
def short(g: graphgov.Graph) -> dict[str, str]:
    """org_id -> short name (the name without 西湖区/杭州市, as in the docstring)."""
    names = {
        "书画协会": "O1", "养老服务中心": "O2", "康复医院": "O3", "慈善基金会": "O4",
        "摄影协会": "O5", "科技服务中心": "O7", "书法研究会": "O12", "社会工作发展中心": "O13",
        "培训学校": "O14", "环保协会": "O15", "青年志愿者协会": "O16", "调解服务中心": "O18",
        "家政服务中心": "J1", "助残服务中心": "J2", "文化交流中心": "J4", "棋院": "K1",
        "心理咨询中心": "K2", "艺术团": "K3", "居家养老服务中心": "K4", "老年活动中心": "K5",
        "美术馆": "K6", "茶文化研究中心": "K7", "农技服务中心": "K8", "乡村旅游服务中心": "K9",
    }  # fmt: skip
    o = g.organizations
    return {i: names.get(n[3:], n[:3]) for i, n in zip(o["org_id"], o["name"], strict=True)}


def counts(df: pd.DataFrame) -> list[tuple]:
    cols = ["group", "group_name", "orgs", "org_covered", "functional_covered", "work_covered"]
    return [tuple(r) for r in df[cols].itertuples(index=False)]


# --- coverage ---------------------------------------------------------------------------


def test_coverage_on_the_dataset_date(g):
    # Population: 24 registered minus O14 (abnormal since 2020-06-01), O15 (deregistered
    # 2020-10-01), O16 (founded 2021) = 21.
    # Organizational: O1 (branch), O2 (general branch, since 2019-05-01), J1 J2 J4 (joint
    # branch) = 5. Not O3 (its committee dissolved 2020-03-01), O4 (cover ended 2019), K1
    # (its cover in the joint branch ended 2019-06-30).
    # Functional: O5, K2 (functional), O7 (extended) = 3. Work: 5 + 3 = 8 (no posts).
    cov = graphgov.coverage(g, by="province")
    assert counts(cov) == [("330000000000", "浙江省", 21, 5, 3, 8)]
    assert cov["org_coverage"].tolist() == pytest.approx([5 / 21])
    assert cov["work_coverage"].tolist() == pytest.approx([8 / 21])


def test_coverage_on_an_earlier_date(g):
    # 2018-12-31: O14 and O15 are active again (23). Covered: O1, O3 (committee not yet
    # dissolved), O4 (cover to 2019-12-31), J1 J2 J4, K1 = 7; O2's general branch is not
    # founded yet. Functional: O5, K2 (O7's extended branch only from 2019) = 2. Work 9.
    cov = graphgov.coverage(g, by="province", as_of="2018-12-31")
    assert counts(cov) == [("330000000000", "浙江省", 23, 7, 2, 9)]


def test_coverage_with_community_organizations(g):
    # CO1, CO2 (上保社区 has a community Party organization): work-covered; CO3 not; CO4
    # gone. 24 organizations, work 8 + 2 = 10.
    cov = graphgov.coverage(g, by="province", include_community=True)
    assert counts(cov) == [("330000000000", "浙江省", 24, 5, 3, 10)]
    by_town = graphgov.coverage(g, by="township", include_community=True)
    # 北山街道: O1 O2 O7 J1 J2 J4 K1-K7 (13) + CO1 CO2; covered O1 O2 J1 J2 J4; functional
    # O7 K2; work 7 + 2. 双浦镇: O3 O5 O18 K8 K9 + CO3; functional O5.
    assert counts(by_town) == [
        ("330100000000", "杭州市", 1, 0, 0, 0),
        ("330106000000", "西湖区", 2, 0, 0, 0),
        ("330106002000", "北山街道", 15, 5, 2, 9),
        ("330106110000", "双浦镇", 6, 0, 1, 1),
    ]


def test_coverage_by_manager(g):
    # PI0000001: O1 (covered), K7 (its own choice). PZ330100000000 (杭州市, existing since
    # 2019): O13, registered by the city. PZ330106000000: the other 18, K8 included (the
    # manager it names was dissolved 2020-06-30): covered O2 J1 J2 J4, functional O5 O7 K2.
    cov = graphgov.coverage(g, by="manager")
    assert counts(cov) == [
        ("PI0000001", "中共西湖区文化行业委员会", 2, 1, 0, 1),
        ("PZ330100000000", "中共杭州市社会组织综合委员会", 1, 0, 0, 0),
        ("PZ330106000000", "中共西湖区社会组织综合委员会", 18, 4, 3, 7),
    ]
    # 2018-12-31: the city's committee is not founded: O13 has no responsible Party
    # organization; K8's manager PI0000002 still exists (K8 and O14, O15 counted there).
    early = graphgov.coverage(g, by="manager", as_of="2018-12-31")
    assert [(r.group, r.orgs) for r in early.itertuples()] == [
        ("PI0000001", 2),
        ("PI0000002", 1),
        ("PZ330106000000", 19),
        ("none", 1),
    ]
    assert pd.isna(early["group_name"].iloc[-1])


def test_coverage_by_authority(g):
    # USCC digits 3-8 with registered_at; filed community organizations by their township.
    cov = graphgov.coverage(g, by="authority", include_community=True)
    assert counts(cov) == [
        ("330100 city", "杭州市民政局", 1, 0, 0, 0),
        ("330106 county", "西湖区民政局", 20, 5, 3, 8),
        ("330106002 township", "北山街道", 2, 0, 0, 2),
        ("330106110 township", "双浦镇", 1, 0, 0, 0),
    ]


# --- gaps -------------------------------------------------------------------------------


def test_gaps(g, short):
    gp = graphgov.gaps(g)
    got = [
        (short[r.org_id], r.gap, r.suggested_form, r.work_covered, r.manager_id)
        for r in gp.itertuples()
    ]
    pz, pi, city = "PZ330106000000", "PI0000001", "PZ330100000000"
    na = pd.NA
    # Most urgent first, then region code (O7 宝石 ..002052 < O3 袁浦 ..110002), then id.
    assert got == [
        ("O7", "must_form", "branch", True, pz),  # 4 members; an extended branch only
        ("O3", "must_form", "committee", False, pz),  # 120 members, committee dissolved
        ("O13", "joint_candidate", na, False, city),  # based at 杭州市 330100000000
        ("O12", "joint_candidate", na, False, pz),  # 西湖区 itself; 51... < 53...
        ("O4", "joint_candidate", na, False, pz),
        ("K1", "joint_candidate", na, False, pz),
        ("K2", "joint_candidate", na, True, pz),  # functional Party organization
        ("K3", "joint_candidate", na, False, pz),
        ("K4", "joint_candidate", na, False, pz),
        ("K5", "joint_candidate", na, False, pz),
        ("K6", "joint_candidate", na, False, pz),
        ("K7", "joint_candidate", na, False, pi),
        ("K8", "joint_candidate", na, False, pz),
        ("K9", "joint_candidate", na, False, pz),
        ("O18", "needs_instructor", na, False, pz),
        ("O5", "instructed", na, True, pz),  # a functional Party organization in place
    ]
    assert gp["manager_name"].iloc[0] == "中共西湖区社会组织综合委员会"


def test_gaps_suggested_forms_on_an_earlier_date(g, short):
    # 2018-12-31: O2 (60 members) has no general branch yet; O7 has no extended branch.
    gp = graphgov.gaps(g, as_of="2018-12-31")
    must = gp[gp["gap"] == "must_form"]
    assert [(short[i], f) for i, f in zip(must["org_id"], must["suggested_form"], strict=True)] == [
        ("O2", "general_branch"),
        ("O7", "branch"),
    ]
    assert not must["work_covered"].any()


def test_gaps_by_manager_and_authority(g, short):
    by_manager = graphgov.gaps(g, by="manager")
    assert list(by_manager.columns[:2]) == ["group", "group_name"]
    # PI0000001's one gap (K7) first, then the city's (O13), then 西湖区's 14 (in gaps order).
    assert [short[i] for i in by_manager["org_id"][:3]] == ["K7", "O13", "O7"]
    assert by_manager["group"].tolist() == ["PI0000001", "PZ330100000000"] + ["PZ330106000000"] * 14
    assert (by_manager["group"] == by_manager["manager_id"]).all()
    by_authority = graphgov.gaps(g, by="authority")
    assert by_authority["group"].tolist() == ["330100 city"] + ["330106 county"] * 15
    assert by_authority["group_name"].iloc[0] == "杭州市民政局"


# --- joint branches ---------------------------------------------------------------------


def placements(jb: pd.DataFrame, short: dict[str, str]) -> list[tuple]:
    return [
        (
            r.group_id if not pd.isna(r.group_id) else None,
            r.superior_party_org_id if not pd.isna(r.superior_party_org_id) else None,
            r.existing_party_org_id if not pd.isna(r.existing_party_org_id) else None,
            [short[i] for i in r.org_ids],
            r.party_members,
            r.reason_unplaced if not pd.isna(r.reason_unplaced) else None,
        )
        for r in jb.itertuples()
    ]


def test_joint_branches(g, short):
    jb = graphgov.joint_branches(g)
    pz, pi, city = "PZ330106000000", "PI0000001", "PZ330100000000"
    few = "fewer than 3 members in reach"
    # 1. 北山街道 under PZ: PJ0000001 covers J1 J2 J4 (K1's cover ended): room for 2. The
    #    candidates there (K1-K6) join by id: K1, K2.
    # 2. The rest of 北山街道 under PZ, same domain first: culture K3 (1) + K6 (2); elderly
    #    K4 (2) + K5 (1) (by the plain rule it would be K4+K3 and K6+K5). 双浦镇 under PZ:
    #    K8 (its manager is dissolved, so 西湖区's committee) + K9. PJ0000002 in 双浦镇 is
    #    under PI0000001, not their superior. K7 (under PI0000001) is alone in 北山街道.
    # 3. Above township: O4 + O12 at 西湖区 under PZ; O13 alone at 杭州市 under its committee.
    assert placements(jb, short) == [
        ("330106000000-J01", pz, None, ["O12", "O4"], 3, None),
        ("330106002000-E01", pz, "PJ0000001", ["K1", "K2"], 3, None),
        ("330106002000-J01", pz, None, ["K3", "K6"], 3, None),
        ("330106002000-J02", pz, None, ["K4", "K5"], 3, None),
        ("330106110000-J01", pz, None, ["K8", "K9"], 3, None),
        (None, pi, None, ["K7"], 2, few),
        (None, city, None, ["O13"], 1, few),
    ]
    # A group of step 3 and a candidate based above township level have no township.
    towns = jb["township_code"].astype(object).where(jb["township_code"].notna(), None)
    assert towns.tolist() == [None, *["330106002000"] * 3, "330106110000", "330106002000", None]
    assert jb["orgs"].tolist() == [2, 2, 2, 2, 2, 1, 1]


def test_joint_branches_on_an_earlier_date(g, short):
    # 2018-12-31: PJ0000001 covers J1 J2 J4 K1: room for 1, taken by O14 (2 members, active
    # then; its id sorts before K2's). K2 (other) is left by the domain step and joins the
    # first group with the fewest organizations. K8 is under PI0000002 then, alone, as is
    # K9; O4 is still covered, so O12 is alone; 杭州市 has no committee yet.
    jb = graphgov.joint_branches(g, as_of="2018-12-31")
    pz = "PZ330106000000"
    few = "fewer than 3 members in reach"
    assert placements(jb, short) == [
        ("330106002000-E01", pz, "PJ0000001", ["O14"], 2, None),
        ("330106002000-J01", pz, None, ["K2", "K3", "K6"], 5, None),
        ("330106002000-J02", pz, None, ["K4", "K5"], 3, None),
        (None, "PI0000001", None, ["K7"], 2, few),
        (None, "PI0000002", None, ["K8"], 1, few),
        (None, pz, None, ["K9"], 2, few),
        (None, pz, None, ["O12"], 2, few),
        (None, None, None, ["O13"], 1, "no comprehensive committee where it is based"),
    ]


def test_every_candidate_appears_exactly_once(g):
    for as_of in ("2018-12-31", "2020-12-31"):
        gp = graphgov.gaps(g, as_of=as_of)
        jb = graphgov.joint_branches(g, as_of=as_of)
        placed = [i for ids in jb["org_ids"] for i in ids]
        assert sorted(placed) == sorted(gp.loc[gp["gap"] == "joint_candidate", "org_id"])


def test_group_by_domain_prefers_the_same_domain():
    members = {"a": 1, "b": 2, "c": 1, "d": 2}
    domains = {"a": "culture", "b": "care", "c": "care", "d": "culture"}
    assert group_candidates(members) == ([["a", "b"], ["c", "d"]], [])
    # Within each domain, domains in order (care before culture).
    assert group_by_domain(members, domains) == ([["b", "c"], ["a", "d"]], [])
    # No domain: grouped with the leftovers of the others.
    assert group_by_domain({"a": 2, "b": 1}, {"a": None, "b": "care"}) == ([["a", "b"]], [])


def test_the_ids_in_the_docstring_are_the_datasets(short):
    named = ["O1", "O2", "O3", "O4", "O5", "O7", "O12", "O13", "O14", "O15", "O16", "O18"]
    named += ["J1", "J2", "J4", *(f"K{i}" for i in range(1, 10)), "CO1", "CO2", "CO3", "CO4"]
    assert sorted(short.values()) == sorted(named)
