"""The four foundation analyses on tests/data/handcheck, a tiny province worked out by hand.

The province (as_of 2020-12-31, default targets):

    浙江省 330000000000
    ├─ 杭州市 330100000000
    │   └─ 西湖区 330106000000
    │       ├─ 北山街道 330106001000: 北山社区 ..001001 (urban), 保俶社区 ..001002 (urban)
    │       └─ 西溪街道 330106002000: 西溪社区 ..002001 (urban)
    └─ 宁波市 330200000000
        └─ 鄞州区 330212000000
            └─ 姜山镇 330212101000: 东村 ..101201 (rural), 西村 ..101202 (rural)

Registered organizations (letter = name "X组织"; members = formal Party members):

    A social_group    北山社区  5  covered by branch PB1
    B social_service  北山社区  2  -
    C social_service  保俶社区  1  liaison P1 since 2019-01-01 (active)
    D social_service  保俶社区  0  instructor P3 2020-01-01..2021-12-31 (active)
    E foundation      西湖区    0  instructor P4 from 2021-03-01 (not yet active)
    F social_group    东村      4  -
    G social_service  东村      1  -
    H social_service  西溪社区  3  covered by joint branch PJ1
    I social_group    西溪社区  0  covered by joint branch PJ1
    J social_service  北山社区  3  status abnormal: counts nowhere
    K social_service  保俶社区  2  liaison P2 2018-01-01..2019-06-30 (ended)
    L social_group    西村      0  "covered" by PC5, a community Party org: not a covering kind
    M social_service  杭州市    0  covered by functional Party org PF1 (based at city level)

Population: 12 (all but J). Organizationally covered: A, H, I (3); functionally covered: M
(v2: a functional Party organization gives work coverage only). Work covered: those plus C
(liaison) and D (instructor) = 6.

Responsible Party organizations (no party_manager_id here): the comprehensive committee
PCOMP of 西湖区 for those registered there (USCC digits 330106: A-E, H, I, K); none for
F, G, L (鄞州区 330212 has no comprehensive committee) and M (digits 330100: 杭州市 has none).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import graphgov
from graphgov.analyses.joint_branches import group_candidates
from graphgov.errors import UsageError
from graphgov.meta import Targets

HANDCHECK = Path(__file__).parent / "data" / "handcheck"


def rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    return [tuple(r) for r in df[cols].itertuples(index=False)]


# --- coverage ---------------------------------------------------------------------------


def test_coverage_by_city(handcheck_graph):
    cov = graphgov.coverage(handcheck_graph, by="city")
    assert list(cov.columns) == [
        "group", "group_name", "orgs", "org_covered", "org_coverage", "functional_covered",
        "work_covered", "work_coverage",
    ]  # fmt: skip
    # 杭州市: A B C D E H I K M = 9; covered A H I = 3 (v2: M's functional Party
    # organization no longer counts, it is functional coverage); work A H I M + C, D = 6.
    # 宁波市: F G L = 3; nothing covered (L's "cover" is a community Party org).
    cols = ["group", "group_name", "orgs", "org_covered", "functional_covered", "work_covered"]
    assert rows(cov, cols) == [
        ("330100000000", "杭州市", 9, 3, 1, 6),
        ("330200000000", "宁波市", 3, 0, 0, 0),
    ]
    assert cov["org_coverage"].tolist() == pytest.approx([3 / 9, 0.0])
    assert cov["work_coverage"].tolist() == pytest.approx([6 / 9, 0.0])


def test_coverage_by_county_keeps_city_level_org_as_its_own_group(handcheck_graph):
    cov = graphgov.coverage(handcheck_graph)  # by county is the default
    # M is based in 杭州市 itself, above county level: it forms its own group (v2: its
    # functional Party organization gives work coverage only).
    assert rows(cov, ["group", "group_name", "orgs", "org_covered", "work_covered"]) == [
        ("330100000000", "杭州市", 1, 0, 1),
        ("330106000000", "西湖区", 8, 3, 5),
        ("330212000000", "鄞州区", 3, 0, 0),
    ]


def test_coverage_by_province_and_kind(handcheck_graph):
    prov = graphgov.coverage(handcheck_graph, by="province")
    assert rows(prov, ["group", "orgs", "org_covered", "work_covered"]) == [
        ("330000000000", 12, 3, 6)
    ]
    kind = graphgov.coverage(handcheck_graph, by="kind")
    # foundation: E. social_group: A F I L (covered A, I). social_service: B C D G H K M
    # (covered H; M functional (v2); work H M C D).
    assert rows(kind, ["group", "group_name", "orgs", "org_covered", "work_covered"]) == [
        ("foundation", "基金会", 1, 0, 0),
        ("social_group", "社会团体", 4, 2, 2),
        ("social_service", "社会服务机构", 7, 1, 4),
    ]


def test_coverage_by_manager_and_authority(handcheck_graph):
    cov = graphgov.coverage(handcheck_graph, by="manager")
    # PCOMP: A B C D E H I K (covered A H I; work + C D). none: F G L M (M functional).
    assert rows(cov, ["group", "group_name", "orgs", "org_covered", "work_covered"]) == [
        ("PCOMP", "西湖区社会组织综合党委", 8, 3, 5),
        ("none", pd.NA, 4, 0, 1),
    ]
    # All registered_at county: digits 330106 (8), 330212 (F G L), 330100 (M).
    cov = graphgov.coverage(handcheck_graph, by="authority")
    assert rows(cov, ["group", "group_name", "orgs"]) == [
        ("330100 county", "杭州市民政局", 1),
        ("330106 county", "西湖区民政局", 8),
        ("330212 county", "鄞州区民政局", 3),
    ]


def test_coverage_include_community_adds_the_eleven_active_community_orgs(handcheck_graph):
    cov = graphgov.coverage(handcheck_graph, by="province", include_community=True)
    # CO1..CO11 are active, CO12 is deregistered; none is covered. v2: those of 北山社区
    # (CO1-CO3, led by PC1) and 西村 (CO10, CO11, led by PC5) are work-covered: 6 + 5.
    assert rows(cov, ["orgs", "org_covered", "work_covered"]) == [(23, 3, 11)]


def test_coverage_as_of_override_activates_a_future_post(handcheck_graph):
    # On 2021-06-01 E's instructor (from 2021-03-01) is in place; D's (to 2021-12-31) still is.
    cov = graphgov.coverage(handcheck_graph, by="province", as_of="2021-06-01")
    assert rows(cov, ["orgs", "org_covered", "work_covered"]) == [(12, 3, 7)]
    # On 2022-01-01 D's instructor has left: E yes, D no.
    cov = graphgov.coverage(handcheck_graph, by="province", as_of="2022-01-01")
    assert rows(cov, ["orgs", "org_covered", "work_covered"]) == [(12, 3, 6)]


def test_coverage_rejects_unknown_level(handcheck_graph):
    with pytest.raises(UsageError, match="by must be one of"):
        graphgov.coverage(handcheck_graph, by="street")


# --- gaps -------------------------------------------------------------------------------


def test_gaps(handcheck_graph, handcheck_ids):
    gp = graphgov.gaps(handcheck_graph)
    assert list(gp.columns) == [
        "org_id", "name", "kind", "region_code", "party_members", "work_covered", "gap",
        "suggested_form", "manager_id", "manager_name",
    ]  # fmt: skip
    letter = {v: k for k, v in handcheck_ids.items()}
    got = [(letter[r.org_id], r.party_members, r.work_covered, r.gap) for r in gp.itertuples()]
    # Most urgent first, then region code, then id (C and K share 保俶社区; C's id is smaller).
    assert got == [
        ("F", 4, False, "must_form"),
        ("B", 2, False, "joint_candidate"),
        ("C", 1, True, "joint_candidate"),
        ("K", 2, False, "joint_candidate"),  # its liaison left in 2019
        ("G", 1, False, "joint_candidate"),
        ("E", 0, False, "needs_instructor"),  # instructor only from 2021-03-01
        ("L", 0, False, "needs_instructor"),
        # v2: M (杭州市 330100000000) has only a functional Party organization: a gap, with
        # that organization in place.
        ("M", 0, True, "instructed"),
        ("D", 0, True, "instructed"),
    ]
    # F (4 members) must form a branch; the others suggest no form.
    assert gp["suggested_form"].iloc[0] == "branch"
    assert gp["suggested_form"].iloc[1:].isna().all()
    managers = gp.set_index(gp["org_id"].map(letter))["manager_id"]
    assert set(managers[managers == "PCOMP"].index) == {"B", "C", "D", "E", "K"}
    assert set(managers[managers.isna()].index) == {"F", "G", "L", "M"}


# --- joint branches ---------------------------------------------------------------------


def test_joint_branches(handcheck_graph, handcheck_ids):
    jb = graphgov.joint_branches(handcheck_graph)
    assert list(jb.columns) == [
        "group_id", "township_code", "superior_party_org_id", "existing_party_org_id",
        "org_ids", "orgs", "party_members", "reason_unplaced",
    ]  # fmt: skip
    # 北山街道, all under PCOMP, one domain: B (2), C (1), K (2). Pair B+C (3 members), K
    # left over joins them: 5 members. PJ1 (room for 3) is in 西溪街道: not in reach.
    # 姜山镇: G (1) has no responsible Party organization (v2): listed with no group.
    assert jb["group_id"].tolist()[0] == "330106001000-J01"
    assert pd.isna(jb["group_id"].iloc[1])
    assert jb["township_code"].tolist() == ["330106001000", "330212101000"]
    assert jb["org_ids"].tolist() == [
        sorted([handcheck_ids["B"], handcheck_ids["C"], handcheck_ids["K"]]),
        [handcheck_ids["G"]],
    ]
    assert jb["orgs"].tolist() == [3, 1]
    assert jb["party_members"].tolist() == [5, 1]
    assert jb["superior_party_org_id"].iloc[0] == "PCOMP"
    assert jb["existing_party_org_id"].isna().all()
    assert jb["reason_unplaced"].iloc[1] == "no responsible Party organization"


@pytest.mark.parametrize(
    ("members", "groups", "loose"),
    [
        ({"a": 2, "b": 1}, [["a", "b"]], []),
        ({"a": 1, "b": 1}, [], ["a", "b"]),  # 2 members in all: no group
        ({"a": 2}, [], ["a"]),
        ({"a": 2, "b": 2, "c": 2}, [["a", "b", "c"]], []),  # pair, then c joins
        ({"a": 1, "b": 1, "c": 1, "d": 1}, [["a", "b", "c", "d"]], []),
        # 7 ones: two triples, the 7th joins the first (both have 3; the first wins)
        ({k: 1 for k in "abcdefg"}, [["a", "b", "c", "g"], ["d", "e", "f"]], []),
        # 2+1, 2+1, then 2 left: joins the first group
        ({"a": 2, "b": 2, "c": 2, "x": 1, "y": 1}, [["a", "c", "x"], ["b", "y"]], []),
    ],
)
def test_group_candidates(members, groups, loose):
    assert group_candidates(members) == (groups, loose)


def test_group_candidates_never_exceeds_five_orgs():
    # 3 ones form a triple; 2 groups can't exist; leftovers fill the triple to 5, then stop.
    groups, loose = group_candidates({k: 1 for k in "abcde"})
    assert groups == [["a", "b", "c", "d", "e"]] and loose == []
    groups, loose = group_candidates({"a": 2, "b": 2, "c": 2, "d": 2, "e": 2, "f": 2})
    assert [len(x) for x in groups] == [2, 2, 2] and loose == []


# --- density ----------------------------------------------------------------------------


def test_density(handcheck_graph):
    d = graphgov.density(handcheck_graph)
    assert list(d.columns) == [
        "community_code", "community_name", "county_code", "area_type", "orgs", "target",
        "deficit", "meets_target",
    ]  # fmt: skip
    # 北山: CO1-CO3 (CO12 deregistered). 保俶: none. 西溪: CO4. 东村: CO5-CO9.
    # 西村: CO10, CO11 (CO5's serves link to 西村 does not count: density is "based in").
    assert rows(d, ["community_code", "orgs", "target", "deficit", "meets_target"]) == [
        ("330106001001", 3, 15, 12, False),
        ("330106001002", 0, 15, 15, False),
        ("330106002001", 1, 15, 14, False),
        ("330212101201", 5, 5, 0, True),
        ("330212101202", 2, 5, 3, False),
    ]
    assert d["county_code"].tolist() == ["330106000000"] * 3 + ["330212000000"] * 2


def test_density_with_other_targets(handcheck_graph):
    d = graphgov.density(
        handcheck_graph, targets=Targets(community_urban_min=3, community_rural_min=2)
    )
    assert d["meets_target"].tolist() == [True, False, False, True, True]
    assert d["deficit"].tolist() == [0, 3, 2, 0, 0]


#: Founding dates given to some community organizations (the others have none).
FOUNDED = {"CO1": "2019-05-01", "CO2": "2021-01-01", "CO5": "2020-12-31", "CO6": "2021-03-01"}


@pytest.fixture(scope="module")
def founded(tmp_path_factory) -> Path:
    """handcheck with founding dates on CO1, CO2, CO5 and CO6."""
    out = tmp_path_factory.mktemp("founded")
    shutil.copytree(HANDCHECK, out, dirs_exist_ok=True)
    orgs = pd.read_csv(out / "organizations.csv", dtype=str, keep_default_na=False)
    orgs["founded"] = orgs["org_id"].map(FOUNDED).fillna("")
    orgs.to_csv(out / "organizations.csv", index=False)
    return out


@pytest.mark.parametrize(
    ("as_of", "beishan", "dongcun"),
    [
        # 北山: CO1 (2019-05-01), CO2 (2021-01-01), CO3 (undated). 东村: CO5 (2020-12-31),
        # CO6 (2021-03-01), CO7-CO9 (undated).
        (None, 2, 4),  # the dataset's 2020-12-31: CO1 CO3; CO5 (founded that day) CO7-CO9
        ("2019-01-01", 1, 3),  # CO3; CO7-CO9
        ("2021-06-01", 3, 5),  # all of them
    ],
)
def test_density_counts_organizations_founded_by_as_of(founded, as_of, beishan, dongcun):
    d = graphgov.density(graphgov.open(founded), as_of=as_of).set_index("community_code")
    assert d.loc["330106001001", "orgs"] == beishan
    assert d.loc["330212101201", "orgs"] == dongcun
    assert d.loc["330212101201", "meets_target"] == (dongcun >= 5)


@pytest.mark.neo4j
@pytest.mark.parametrize("as_of", [None, "2019-01-01", "2021-06-01"])
def test_density_as_of_on_neo4j_is_the_same(founded, neo4j_driver, as_of):
    from graphgov.neo4j.analyses import run_cypher_analysis
    from graphgov.neo4j.store import load_graph

    handcheck_graph = graphgov.open(founded)
    load_graph(neo4j_driver, handcheck_graph, replace=True)
    pd.testing.assert_frame_equal(
        run_cypher_analysis(neo4j_driver, "density", as_of=as_of),
        graphgov.density(handcheck_graph, as_of=as_of),
    )


def test_run_analysis_dispatches_by_cli_name(handcheck_graph):
    out = graphgov.run_analysis(handcheck_graph, "joint-branches")
    assert out["orgs"].tolist() == [3, 1]
    with pytest.raises(UsageError, match="unknown analysis"):
        graphgov.run_analysis(handcheck_graph, "nope")
    with pytest.raises(UsageError, match="does not take --by"):
        graphgov.run_analysis(handcheck_graph, "hubs", by="city")
