"""Plans for instructors, social work, density and joint branches (graphgov/plans/work.py,
graphgov/plans/joint.py; DATA_MODEL v2 §4.14).

Three kinds of test: hand-worked answers on tests/data/plans (the county of 5 townships and
16 communities of tests/data/plans/README.md, whose last section works these plans out);
brute force where a plan claims to be the minimum or the best (instructors per scope,
communities to raise for the density average, communities to serve for social work); and
the joint-branch property of issue 16 (every candidate whose scope holds at least three
members is placed), which does not hold in one case: see
test_an_existing_branch_can_take_what_a_new_group_needed.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from minidata import uscc, write_dataset

import graphgov
from graphgov.analyses.joint_branches import MIN_MEMBERS, pack
from graphgov.errors import UsageError
from graphgov.meta import Targets
from graphgov.plans.joint import plan_joint_branches
from graphgov.plans.work import (
    assign_instructors,
    communities_needed,
    plan_density,
    plan_density_communities,
    plan_instructor_assignment,
    plan_instructors,
    plan_social_work,
    plan_social_work_communities,
)

PLANS = Path(__file__).parent / "data" / "plans"
FEW = settings(deadline=None, max_examples=40)

# --- brute force: instructors ---------------------------------------------------------------


def fewest_instructors(n: int, capacity: int) -> int:
    """The fewest instructors, by trying every assignment of n organizations to m = 0, 1, ...
    instructors, for which some assignment gives nobody more than `capacity`."""
    for m in itertools.count():
        for assignment in itertools.product(range(m), repeat=n):
            if all(assignment.count(i) <= capacity for i in range(m)):
                return m
    raise AssertionError("unreachable")


@pytest.mark.parametrize("capacity", [1, 2, 3, 4])
@pytest.mark.parametrize("n", range(8))
def test_instructors_per_scope_are_the_fewest_any_assignment_allows(n: int, capacity: int):
    numbers = assign_instructors(pd.Series(["T"] * n, dtype="string"), capacity).tolist()
    assert len(set(numbers)) == fewest_instructors(n, capacity) == math.ceil(n / capacity)
    assert all(numbers.count(i) <= capacity for i in set(numbers))  # nobody over capacity
    assert numbers == sorted(numbers)  # instructor 1 takes the first `capacity`, ...


# --- a small county the property tests redraw -----------------------------------------------
# 330106 with townships 001, 002, 003 of two communities each: 0x1 urban (社区), 0x2 rural
# (村); six organizations whose kind, place, members and roles each example draws.

TOWNS = ["330106001000", "330106002000", "330106003000"]
URBAN = [t[:9] + "001" for t in TOWNS]
RURAL = [t[:9] + "002" for t in TOWNS]
COUNTY = "330106000000"
PLACES = [COUNTY, *TOWNS, *URBAN, *RURAL]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> graphgov.Graph:
    regions = [
        {"code": "330000000000", "name": "浙江省", "level": "province"},
        {"code": "330100000000", "name": "杭州市", "parent_code": "330000000000"},
        {"code": COUNTY, "name": "西湖区", "parent_code": "330100000000"},
        *({"code": t, "name": f"{t[6:9]}街道", "parent_code": COUNTY} for t in TOWNS),
        *({"code": c, "name": f"{c[6:]}社区", "parent_code": c[:9] + "000"} for c in URBAN),
        *({"code": c, "name": f"{c[6:]}村", "parent_code": c[:9] + "000"} for c in RURAL),
    ]
    orgs = [
        {"org_id": uscc(f"52330106MJ{i:07d}"), "name": f"O{i}", "kind": "social_service"}
        for i in range(6)
    ]
    committee = {"party_org_id": "PZ", "name": "综合党委", "kind": "comprehensive_committee"}
    path = write_dataset(
        tmp_path_factory.mktemp("small"),
        {
            "regions": regions,
            "organizations": [{**o, "region_code": COUNTY} for o in orgs],
            "party_orgs": [{**committee, "region_code": COUNTY}],
        },
    )
    return graphgov.open(path)


def redraw(g: graphgov.Graph, **columns: list) -> graphgov.Graph:
    """`g` with its organizations' `columns` replaced (one value per organization)."""
    orgs = g.organizations.copy()
    for name, values in columns.items():
        orgs[name] = pd.array(values, dtype=orgs[name].dtype)
    return dataclasses.replace(g, nodes={**g.nodes, "Organization": orgs})


def scope_of(code: str, scope: str) -> str:
    """The scope of an organization based at `code`, worked out from the code's digits."""
    if scope == "county" or code == COUNTY:
        return COUNTY
    return code[:9] + "000"


@FEW
@given(
    st.lists(st.sampled_from(PLACES), min_size=6, max_size=6),
    st.integers(1, 3),
    st.sampled_from(["township", "county"]),
)
def test_instructor_plan_is_the_fewest_and_never_over_capacity(
    small: graphgov.Graph, places: list[str], capacity: int, scope: str
):
    g = redraw(small, region_code=places, party_members=[0] * 6)  # six needs_instructor
    plan = plan_instructors(g, capacity=capacity, scope=scope)
    want = pd.Series([scope_of(p, scope) for p in places]).value_counts()
    got = plan.set_index("scope_code")
    assert got["organizations"].to_dict() == want.to_dict()
    for code, n in want.items():
        assert got.loc[code, "instructors_needed"] == fewest_instructors(n, capacity)
    sent = plan_instructor_assignment(g, capacity=capacity, scope=scope)
    assert sorted(sent["org_id"]) == sorted(g.organizations["org_id"])  # each exactly once
    loads = sent.groupby(["scope_code", "instructor"]).size()
    assert loads.max() <= capacity
    assert sent.groupby("scope_code")["instructor"].max().to_dict() == (
        got["instructors_needed"].to_dict()
    )
    based = dict(zip(g.organizations["org_id"], places, strict=True))
    assert [scope_of(based[o], scope) for o in sent["org_id"]] == sent["scope_code"].tolist()


def test_capacity_and_scope_are_checked(small: graphgov.Graph):
    for bad in (0, -1, 2.5, True):
        with pytest.raises(UsageError, match="--capacity must be a whole number"):
            plan_instructors(small, capacity=bad)
    with pytest.raises(UsageError, match="scope must be one of township, county"):
        plan_instructor_assignment(small, scope="city")
    with pytest.raises(UsageError, match="--limit must be a whole number"):
        plan_density_communities(small, limit=0)


# --- brute force: density and social work ---------------------------------------------------

LOW = dataclasses.replace(Targets(), community_urban_min=2, community_rural_min=1)


def fewest_to_raise(deficits: list[int], shortfall: int) -> int:
    """The fewest communities whose deficits add up to the shortfall, by trying every subset
    of every size."""
    for k in range(len(deficits) + 1):
        if any(sum(c) >= shortfall for c in itertools.combinations(deficits, k)):
            return k
    raise AssertionError("a shortfall is never more than the deficits")


@FEW
@given(st.lists(st.sampled_from([*URBAN, *RURAL]), min_size=6, max_size=6))
def test_density_plan_raises_the_fewest_communities(small: graphgov.Graph, places: list[str]):
    g = redraw(small, region_code=places, kind=["community"] * 6)
    counts = pd.Series(places).value_counts()
    plan = plan_density(g, targets=LOW).iloc[0]
    rows = plan_density_communities(g, targets=LOW, limit=None)
    for area, codes, target in (("urban", URBAN, 2), ("rural", RURAL, 1)):
        orgs = [int(counts.get(c, 0)) for c in codes]
        shortfall = max(0, target * len(codes) - sum(orgs))
        deficits = [max(0, target - n) for n in orgs]
        assert plan[f"{area}_shortfall"] == shortfall
        assert plan[f"{area}_to_raise"] == fewest_to_raise(deficits, shortfall)
        listed = rows[rows["area_type"] == area]
        assert listed["deficit"].tolist() == sorted((d for d in deficits if d), reverse=True)
        chosen = listed[listed["chosen"]]
        assert len(chosen) == plan[f"{area}_to_raise"]
        assert chosen["deficit"].sum() >= shortfall


@FEW
@given(
    st.lists(st.sampled_from([*URBAN, *RURAL]), min_size=6, max_size=6),
    st.lists(st.booleans(), min_size=6, max_size=6),
    st.lists(st.sampled_from(["none", "hub"]), min_size=6, max_size=6),
    st.lists(st.sampled_from(["community", "social_service"]), min_size=6, max_size=6),
)
def test_social_work_plan_serves_the_most_other_ends(
    small: graphgov.Graph, places: list[str], agency: list[bool], role: list[str], kind: list
):
    g = redraw(small, region_code=places, social_work_agency=agency, hub_role=role, kind=kind)
    share = Fraction(1, 3)
    third = dataclasses.replace(LOW, social_work_rural_share=1 / 3, fractions=(
        ("social_work_rural_share", "1/3"),))  # fmt: skip
    county = plan_social_work(g, targets=third).iloc[0]
    rows = plan_social_work_communities(g, targets=third)
    served = {p for p, a in zip(places, agency, strict=True) if a}
    for area, codes, goal in (("urban", URBAN, 3), ("rural", RURAL, math.ceil(3 * share))):
        open_ = [c for c in codes if c not in served]
        assert county[f"{area}_goal"] == goal
        needed = max(0, goal - (len(codes) - len(open_)))
        assert county[f"{area}_needed"] == needed
        listed = rows[rows["area_type"] == area]
        assert sorted(listed["community_code"]) == open_
        best = max(sum(c) for c in itertools.combinations(listed["other_misses"], needed))
        chosen = listed[listed["chosen"]]
        assert len(chosen) == needed and chosen["other_misses"].sum() == best


def test_a_third_is_exact():
    # 0.333 (the default written as a float) and "1/3" part ways at 1,000 rural communities
    n = pd.Series([0, 1, 2, 3, 4, 6, 7, 1000])
    assert communities_needed(n, Fraction(1, 3)).tolist() == [0, 1, 1, 1, 2, 2, 3, 334]
    assert communities_needed(n, Targets().exact("social_work_rural_share")).tolist() == [
        0, 1, 1, 1, 2, 2, 3, 333,
    ]  # fmt: skip
    assert communities_needed(n, Fraction(1)).tolist() == n.tolist()


# --- joint branches: the property of issue 16 -----------------------------------------------

SCOPES = [("330106001000", "PA"), ("330106001000", "PB"), ("330106002000", "PA")]
CANDIDATES = st.lists(
    st.tuples(
        st.integers(1, 2),
        st.sampled_from([*SCOPES, (None, "PZ"), ("330106001000", None)]),
        st.sampled_from(["elderly_care", "culture_sports", None]),
    ),
    max_size=25,
)
BRANCHES = st.lists(st.tuples(st.sampled_from(SCOPES), st.integers(1, 4)), max_size=3)


def context(cand: list[tuple], branches: list[tuple]) -> pd.DataFrame:
    """What pack reads (CONTEXT_COLUMNS of joint_branches.py): candidates O00, O01, ...
    (township None: based at the county, pooled under its committee PZ) and joint branches
    with room PJ0, PJ1, ..."""
    rows = [
        {"row": "candidate", "id": f"O{i:02d}", "party_members": m, "domain": d,
         "township_code": t, "superior": s, "pool": None if t else COUNTY}
        for i, (m, (t, s), d) in enumerate(cand)
    ] + [
        {"row": "branch", "id": f"PJ{i}", "township_code": t, "superior": s, "room": r}
        for i, ((t, s), r) in enumerate(branches)
    ]  # fmt: skip
    columns = ["row", "id", "party_members", "domain", "township_code", "superior", "pool"]
    return pd.DataFrame(rows, columns=[*columns, "room"])


@settings(deadline=None, max_examples=300)
@given(CANDIDATES, BRANCHES)
def test_a_scope_of_three_members_places_everyone(cand, branches):
    out = pack(context(cand, branches))
    placed = {o for ids in out.loc[out["group_id"].notna(), "org_ids"] for o in ids}
    members = {f"O{i:02d}": m for i, (m, _, _) in enumerate(cand)}
    scopes: dict[tuple, list[str]] = {}
    for i, (_, scope, _) in enumerate(cand):
        scopes.setdefault(scope, []).append(f"O{i:02d}")
    for (_town, superior), ids in scopes.items():
        if superior is None:  # no responsible Party organization: no scope to place in
            assert not placed & set(ids)
            continue
        if sum(members[i] for i in ids) >= MIN_MEMBERS:
            assert set(ids) <= placed


def test_an_existing_branch_never_takes_what_a_new_group_needs():
    # 1 and 2 members in one township under PA, and PA's joint branch there has room for
    # one: sending O00 (2 members) into it would leave O01 alone, so neither goes (§4.3
    # step 1, "never so many that the rest can no longer form a group"), and together
    # they form a branch of their own (3 members)
    out = pack(context([(2, SCOPES[0], None), (1, SCOPES[0], None)], [(SCOPES[0], 1)]))
    assert out["org_ids"].tolist() == [["O00", "O01"]]
    assert out["existing_party_org_id"].fillna("").tolist() == [""]
    # with 2 + 2 + 2 members and room for one, one joins and two still make a branch
    out = pack(context([(2, SCOPES[0], None)] * 3, [(SCOPES[0], 1)]))
    assert out["org_ids"].tolist() == [["O00"], ["O01", "O02"]]


# --- hand-worked: tests/data/plans (README.md there, last section) --------------------------

PY = "330326000000"  # 平阳县
SHANMEN, NANYAN, HUAIXI, FENGWO, NAOCUN = (
    "330326107000", "330326109000", "330326122000", "330326121000", "330326217000",
)  # fmt: skip
PZ = "PZ330326000000"  # 中共平阳县社会组织综合委员会


@pytest.fixture(scope="module")
def plans() -> graphgov.Graph:
    return graphgov.open(PLANS)


@pytest.fixture(scope="module")
def ids(plans: graphgov.Graph) -> dict[str, str]:
    o = plans.organizations
    return dict(zip(o["name"], o["org_id"], strict=True))


def test_instructors_per_township(plans: graphgov.Graph):
    # the three needs_instructor organizations are in three townships: one instructor each
    plan = plan_instructors(plans)
    assert plan.to_dict("list") == {
        "scope_code": [SHANMEN, FENGWO, NAOCUN],
        "scope_name": ["山门镇", "凤卧镇", "闹村乡"],
        "organizations": [1, 1, 1],
        "instructors_needed": [1, 1, 1],
    }


def test_instructors_per_county(plans: graphgov.Graph, ids: dict[str, str]):
    # one scope of 3: two instructors of 2; by where they are based (107005, 121201, 217200)
    plan = plan_instructors(plans, capacity=2, scope="county", county="平阳县")
    assert plan[["scope_code", "organizations", "instructors_needed"]].values.tolist() == [
        [PY, 3, 2]
    ]
    sent = plan_instructor_assignment(plans, capacity=2, scope="county")
    assert sent[["instructor", "name"]].values.tolist() == [
        [1, "大桥社区老年协会"], [1, "凤卧镇养老服务中心"], [2, "闹村乡红白理事会"],
    ]  # fmt: skip
    assert sent["org_id"].tolist() == [ids[n] for n in sent["name"]]
    assert plan_instructors(plans, capacity=1, scope="county")["instructors_needed"].tolist() == [3]


def test_an_instructor_in_post_takes_an_organization_off_the_plan(plans: graphgov.Graph):
    # 指导员辛 is instructor at 闹村乡红白理事会 from 2021-03-01: instructed by the end of 2021
    plan = plan_instructors(plans, as_of="2021-12-31")
    assert plan["scope_code"].tolist() == [SHANMEN, FENGWO]


def test_another_county_has_no_rows_and_an_unknown_one_is_refused(plans: graphgov.Graph):
    with pytest.raises(UsageError, match="--county 330327: no such county"):
        plan_instructors(plans, county="330327")
    with pytest.raises(UsageError, match="no county of that name"):
        plan_density(plans, county="西湖区")


SOCIAL_ORDER = [  # (community, rank, chosen, no_hub, not_linked); every one is below density
    ("大桥社区", 1, True, True, True),  # urban: all three are needed
    ("山门社区", 2, True, False, True),  # H2 is based there
    ("东门社区", 3, True, False, True),  # H1 covers 南雁镇
    ("大岙村委会", 1, True, True, True),  # rural: 5 of 13 (ceil(13 × 0.333)), 3 misses first
    ("永安村委会", 2, True, True, True),
    ("西山村委会", 3, True, True, True),
    ("平凤村委会", 4, True, True, True),
    ("西垟亭村委会", 5, True, True, True),
    ("西垟村委会", 6, False, True, True),  # 3 misses too, but a higher code
    ("东北村委会", 7, False, True, True),
    ("后仓村委会", 8, False, False, True),
    ("蒲岭村委会", 9, False, False, True),
    (
        "凤林村委会",
        10,
        False,
        True,
        False,
    ),  # linked: 社工丁 at 凤卧镇养老服务中心 and the committee
    ("晓坑村委会", 11, False, False, True),  # H2 serves it
    ("石城村委会", 12, False, True, False),  # linked: 社工乙, and 委员丙 at both
    ("雁山村委会", 13, False, False, False),  # linked: 社工甲 at the agency and the committee
]


def test_social_work_per_county(plans: graphgov.Graph):
    # no social-work agency in the county: nothing is served
    plan = plan_social_work(plans)
    assert plan.drop(columns=["county_code", "county_name"]).iloc[0].to_dict() == {
        "urban_communities": 3, "urban_served": 0, "urban_goal": 3, "urban_needed": 3,
        "rural_communities": 13, "rural_served": 0, "rural_goal": 5, "rural_needed": 5,
        "needed": 8,
    }  # fmt: skip


def test_social_work_communities_most_other_misses_first(plans: graphgov.Graph):
    rows = plan_social_work_communities(plans, county="330326")
    got = rows[["community_name", "rank", "chosen", "no_hub", "not_linked"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == SOCIAL_ORDER
    assert rows["below_density"].all()
    assert rows["other_misses"].tolist() == [1 + h + n for _, _, _, h, n in SOCIAL_ORDER]
    assert set(rows["township_name"][:3]) == {"山门镇", "南雁镇"}


def test_social_work_picks_follow_the_density_target(plans: graphgov.Graph):
    # with targets of 1 per community, 大岙村 and 平凤村 (one filed organization each) meet
    # density: the five rural communities missing all three other targets are chosen
    low = dataclasses.replace(plans.targets, community_urban_min=1, community_rural_min=1)
    rows = plan_social_work_communities(plans, targets=low)
    chosen = rows[rows["chosen"] & (rows["area_type"] == "rural")]
    assert chosen["community_name"].tolist() == [
        "永安村委会", "西山村委会", "西垟亭村委会", "西垟村委会", "东北村委会",
    ]  # fmt: skip
    assert rows.set_index("community_name").loc[["大岙村委会", "平凤村委会"], "rank"].tolist() == [
        6, 9,
    ]  # fmt: skip


def test_density_per_county(plans: graphgov.Graph):
    # urban: 3 × 15 = 45 needed, none there; rural: 13 × 5 = 65, 2 filed organizations (大岙村,
    # 平凤村): 63 short, and every rural community must be raised (11 × 5 + 2 × 4 = 63)
    plan = plan_density(plans).iloc[0]
    assert plan[["urban_orgs", "urban_target", "urban_shortfall", "urban_to_raise"]].tolist() == [
        0, 15, 45, 3,
    ]  # fmt: skip
    assert plan[["rural_orgs", "rural_target", "rural_shortfall", "rural_to_raise"]].tolist() == [
        2, 5, 63, 13,
    ]  # fmt: skip
    assert plan["shortfall"] == 108 and plan["rural_average"] == pytest.approx(2 / 13)


def test_density_communities_furthest_below_first(plans: graphgov.Graph):
    rows = plan_density_communities(plans, limit=3)
    assert rows[["community_name", "rank", "deficit", "cumulative_deficit"]].values.tolist() == [
        ["山门社区", 1, 15, 15], ["大桥社区", 2, 15, 30], ["东门社区", 3, 15, 45],
        ["永安村委会", 1, 5, 5], ["西山村委会", 2, 5, 10], ["雁山村委会", 3, 5, 15],
    ]  # fmt: skip
    everyone = plan_density_communities(plans, limit=None)
    assert len(everyone) == 16 and everyone["chosen"].all()
    assert everyone["community_name"].tolist()[-2:] == ["大岙村委会", "平凤村委会"]  # deficit 4


def test_density_average_lets_a_community_above_target_make_up(small: graphgov.Graph):
    # urban target 2: 001 has 3, 002 none, 003 one: 4 of 6, short 2, and 002 alone closes it;
    # rural target 1: 001 has 2, 002 and 003 none: 2 of 3, short 1, and 002 (first by code)
    places = [URBAN[0]] * 3 + [URBAN[2]] + [RURAL[0]] * 2
    g = redraw(small, region_code=places, kind=["community"] * 6)
    plan = plan_density(g, targets=LOW).iloc[0]
    assert plan[["urban_shortfall", "urban_to_raise", "rural_shortfall", "rural_to_raise"]].tolist(
    ) == [2, 1, 1, 1]  # fmt: skip
    rows = plan_density_communities(g, targets=LOW)
    assert rows[["community_code", "deficit", "chosen"]].values.tolist() == [
        [URBAN[1], 2, True], [URBAN[2], 1, False], [RURAL[1], 1, True], [RURAL[2], 1, False],
    ]  # fmt: skip


def test_social_work_served_communities_count_toward_the_goal(small: graphgov.Graph):
    # an agency based in rural 002 serves it: the rural third (1 of 3) is met; urban 001 has
    # an agency, 002 and 003 still need one; a hub based in urban 003 covers it (and its
    # township, not the township's village: §4.5)
    places = [RURAL[1], URBAN[0], URBAN[2], COUNTY, COUNTY, COUNTY]
    g = redraw(small, region_code=places, social_work_agency=[True, True] + [False] * 4,
               hub_role=["none", "none", "hub", "none", "none", "none"])  # fmt: skip
    plan = plan_social_work(g).iloc[0]
    assert plan[["urban_served", "urban_needed", "rural_served", "rural_goal", "needed"]].tolist(
    ) == [1, 2, 1, 1, 2]  # fmt: skip
    rows = plan_social_work_communities(g)
    # 002 misses density, hub and linkage; 003 is covered by the hub: 002 goes first
    assert rows[["community_code", "rank", "chosen", "other_misses"]].values.tolist() == [
        [URBAN[1], 1, True, 3], [URBAN[2], 2, True, 2],
        [RURAL[0], 1, False, 3], [RURAL[2], 2, False, 3],
    ]  # fmt: skip


def test_joint_branch_plan(plans: graphgov.Graph, ids: dict[str, str]):
    plan = plan_joint_branches(plans, county="平阳县")
    assert plan["group_id"].fillna("").tolist() == [
        "330326107000-J01", "330326109000-E01", "", "",
    ]  # fmt: skip
    assert plan["township_name"].tolist() == ["山门镇", "南雁镇", "凤卧镇", "怀溪镇"]
    assert plan["superior_party_org_id"].tolist() == [PZ] * 4
    assert plan["superior_name"].tolist() == ["中共平阳县社会组织综合委员会"] * 4
    assert plan["existing_name"].fillna("").tolist() == [
        "", "中共南雁镇社会组织联合支部委员会", "", "",
    ]  # fmt: skip
    assert plan["org_names"].tolist() == [
        ["永安村文体协会", "山门镇青少年活动中心"], ["南雁镇商会", "南雁镇社会工作服务社"],
        ["凤卧镇人民调解协会"], ["怀溪镇慈善协会"],
    ]  # fmt: skip
    assert plan["org_ids"].tolist() == [[ids[n] for n in names] for names in plan["org_names"]]
    assert plan["party_members"].tolist() == [3, 3, 1, 2]
    assert plan["reason_unplaced"].fillna("").tolist() == [
        "", "", "fewer than 3 members in reach", "fewer than 3 members in reach",
    ]  # fmt: skip
    assert plan["county_code"].tolist() == [PY] * 4


def test_joint_branch_plan_before_the_nanyan_branch_was_founded(plans: graphgov.Graph):
    # PJ330326109001 is founded on 2020-06-01: before that 南雁镇's two form a branch of
    # their own; 怀溪镇's joint branch answers to the township's committee, not to PZ, so
    # 怀溪镇慈善协会 never joins it
    plan = plan_joint_branches(plans, as_of="2020-03-01")
    assert plan["group_id"].fillna("").tolist() == [
        "330326107000-J01", "330326109000-J01", "", "",
    ]  # fmt: skip
    assert plan["existing_party_org_id"].isna().all()


def test_without_communities_the_community_plans_are_empty_tables():
    g = graphgov.open(Path(__file__).parent / "data" / "hostile" / "report" / "no-communities")
    for plan in (plan_social_work, plan_social_work_communities, plan_density):
        assert plan(g).empty
    rows = plan_density_communities(g)
    assert rows.empty and list(rows.columns[:3]) == [
        "community_name",
        "township_name",
        "county_name",
    ]
