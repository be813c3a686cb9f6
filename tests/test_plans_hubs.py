"""Hub plans (graphgov/plans/hubs.py; DATA_MODEL v2 §4.14): `plan_hubs` and
`plan_hub_service`.

Two kinds of test:

- hand-worked answers on tests/data/plans (its README.md works them out): 平阳县, as_of
  2020-12-31, five townships

      山门镇 107000  5 communities; H2 (support) is based in 山门社区 (covers the township
                     and that community only)
      南雁镇 109000  4; H1 (hub) is based in the township (covers it and all four)
      怀溪镇 122000  3; H2 serves 晓坑村委会 (covered; the township is not)
      凤卧镇 121000  2; H1's serves link to it ended on 2019-12-31
      闹村乡 217000  2; H3 (hub) based there is founded on 2021-06-01

  so 6 of 16 communities and 2 of 5 townships are covered;
- brute force on random small instances (hypothesis): over every set of `add` sites and
  every feasible assignment of townships to hubs, with coverage computed by a plain-Python
  reading of §4.5 (:func:`oracle_cover`), checked against the hub analysis itself.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from minidata import uscc

import graphgov
from graphgov import schema
from graphgov.analyses.hubs import relations
from graphgov.errors import UsageError
from graphgov.graph import Graph, from_tables
from graphgov.meta import DatasetInfo
from graphgov.plans.hubs import (
    COMPARE_COLUMNS,
    LEFT_COLUMNS,
    PLAN_COLUMNS,
    RUNNERS_UP,
    SERVICE_COLUMNS,
    plan_hub_service,
    plan_hubs,
)

DATA = Path(__file__).parent / "data" / "plans"
COUNTY = "330326000000"
H1, H2 = "52330326MJ0000101N", "51330326MJ0000102W"
SHANMEN, NANYAN, HUAIXI, FENGWO, NAOCUN = (
    "330326107000",
    "330326109000",
    "330326122000",
    "330326121000",
    "330326217000",
)
AFTER = ["name", "new_communities", "townships_covered_after", "communities_covered_after"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return graphgov.open(DATA)


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(r) for r in frame[columns].itertuples(index=False)]


# --- plan_hubs on tests/data/plans -----------------------------------------------------------


def test_two_new_township_hubs(g):
    plan = plan_hubs(g, add=2)
    assert list(plan.columns) == list(PLAN_COLUMNS)
    # 山门镇 adds four communities but no township (H2's base already covers it); the tie
    # at 2 goes to 凤卧镇 (3 organizations), then 怀溪镇 before 闹村乡 (1 each: the abnormal
    # 农技服务社 and the unfounded H3 do not count; lower code)
    assert rows(plan, ["rank", *AFTER, "runner_up"]) == [
        (1, "山门镇", 4, 2, 10, False),
        (2, "凤卧镇", 2, 3, 12, False),
        (3, "怀溪镇", 2, 4, 14, True),  # runner-ups: the chosen two and this one alone
        (4, "闹村乡", 2, 4, 14, True),
    ]
    assert plan["level"].unique().tolist() == ["township"]
    assert plan["county_code"].unique().tolist() == [COUNTY]
    assert plan["new_community_names"].tolist() == [
        ["大桥社区", "大岙村委会", "永安村委会", "西山村委会"],
        ["平凤村委会", "凤林村委会"],
        ["石城村委会", "西垟亭村委会"],
        ["西垟村委会", "东北村委会"],
    ]


def test_every_site_chosen_reaches_full_coverage(g):
    plan = plan_hubs(g, add=4, county="330326")
    assert rows(plan, [*AFTER, "runner_up"]) == [
        ("山门镇", 4, 2, 10, False),
        ("凤卧镇", 2, 3, 12, False),
        ("怀溪镇", 2, 4, 14, False),
        ("闹村乡", 2, 5, 16, False),
    ]
    assert NANYAN not in set(plan["region_code"])  # H1 is based there: never a site
    assert plan.equals(plan_hubs(g, add=10, county="平阳县"))  # no more sites than four


def test_excluded_sites_are_never_chosen(g):
    plan = plan_hubs(g, add=2, exclude=[SHANMEN])
    assert rows(plan, [*AFTER, "runner_up"]) == [
        ("凤卧镇", 2, 3, 8, False),
        ("怀溪镇", 2, 4, 10, False),
        ("闹村乡", 2, 5, 12, True),
    ]


def test_a_hub_founded_later_is_fixed_once_it_exists(g):
    # on 2021-12-31 H3 covers 闹村乡 and its two communities: 3 townships, 8 communities
    plan = plan_hubs(g, add=2, as_of="2021-12-31")
    assert rows(plan, [*AFTER, "runner_up"]) == [
        ("山门镇", 4, 3, 12, False),
        ("凤卧镇", 2, 4, 14, False),
        ("怀溪镇", 2, 5, 16, True),
    ]


def test_community_sites_count_a_township_once(g):
    plan = plan_hubs(g, add=5, level="community")
    # one organization each first, by code; then none (西山村's was deregistered in 2019)
    assert rows(plan, ["rank", *AFTER, "runner_up"]) == [
        (1, "大桥社区", 1, 2, 7, False),
        (2, "大岙村委会", 1, 2, 8, False),
        (3, "永安村委会", 1, 2, 9, False),
        (4, "平凤村委会", 1, 3, 10, False),  # covers 凤卧镇 too
        (5, "凤林村委会", 1, 3, 11, False),  # 凤卧镇 already counted
        (6, "石城村委会", 1, 4, 12, True),
        (7, "西垟村委会", 1, 4, 12, True),
        (8, "西山村委会", 1, 3, 12, True),
    ]
    assert plan["new_community_names"].tolist()[:2] == [["大桥社区"], ["大岙村委会"]]


def test_a_runner_up_in_a_chosen_township_adds_no_township(g):
    plan = plan_hubs(g, add=4, level="community")
    assert rows(plan, [*AFTER, "runner_up"])[3:] == [
        ("平凤村委会", 1, 3, 10, False),
        ("凤林村委会", 1, 3, 11, True),  # 凤卧镇 is covered by the chosen 平凤村委会
        ("石城村委会", 1, 4, 11, True),
        ("西垟村委会", 1, 4, 11, True),
    ]


def test_excluding_a_township_excludes_its_communities(g):
    plan = plan_hubs(g, add=2, level="community", exclude=[SHANMEN])
    assert rows(plan, [*AFTER, "runner_up"]) == [
        ("平凤村委会", 1, 3, 7, False),
        ("凤林村委会", 1, 3, 8, False),
        ("石城村委会", 1, 4, 9, True),
        ("西垟村委会", 1, 4, 9, True),
        ("西垟亭村委会", 1, 4, 9, True),
    ]


def test_add_zero_lists_only_runner_ups(g):
    plan = plan_hubs(g, add=0)
    assert rows(plan, [*AFTER, "runner_up"]) == [
        ("山门镇", 4, 2, 10, True),
        ("凤卧镇", 2, 3, 8, True),
        ("怀溪镇", 2, 3, 8, True),
    ]


def test_by_county_plans_each_county(g):
    assert plan_hubs(g, add=2, by="county").equals(plan_hubs(g, add=2, county=COUNTY))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"add": -1}, "--add must be a whole number"),
        ({"add": 1.5}, "--add must be a whole number"),
        ({"add": 1, "level": "village"}, "--level must be one of township, community"),
        ({"add": 1, "exclude": ["330326999000"]}, "--exclude 330326999000: no such region"),
        ({"add": 1, "county": "330106"}, "--county 330106: no such county in the dataset"),
        ({"add": 1, "county": "西湖区"}, "no county of that name"),
        ({"add": 1, "county": "3303"}, "is not a county code"),
        ({"add": 1, "by": "township"}, "--by must be one of county"),
    ],
)
def test_bad_options_are_one_clear_error(g, options, message):
    with pytest.raises(UsageError, match=message):
        plan_hubs(g, **options)


# --- plan_hub_service on tests/data/plans ----------------------------------------------------


def test_one_more_link_per_hub(g):
    plan = plan_hub_service(g, capacity=1)
    assert list(plan.assignment.columns) == list(SERVICE_COLUMNS)
    # 凤卧镇 (3 organizations), then 怀溪镇 and 闹村乡 (1 each, lower code first); H2 (51…)
    # takes the first, H1 (52…) the second; no room is left for 闹村乡
    assert rows(plan.assignment, list(SERVICE_COLUMNS)) == [
        (H2, "山门社区社会组织联合会", FENGWO, "凤卧镇", COUNTY, 2, 1),
        (H1, "南雁镇社会组织服务中心", HUAIXI, "怀溪镇", COUNTY, 2, 2),
    ]
    assert list(plan.uncovered.columns) == list(LEFT_COLUMNS)
    assert rows(plan.uncovered, ["name", "level", "communities", "reason"]) == [
        ("闹村乡", "township", 2, "capacity"),
        ("大桥社区", "community", 1, "township_covered"),  # 山门镇 is covered through H2
        ("大岙村委会", "community", 1, "township_covered"),
        ("永安村委会", "community", 1, "township_covered"),
        ("西山村委会", "community", 1, "township_covered"),
        ("西垟村委会", "community", 1, "township_left"),
        ("东北村委会", "community", 1, "township_left"),
    ]
    assert list(plan.compare.columns) == list(COMPARE_COLUMNS)
    # two links: +4 communities, 4 townships; two new hubs (山门镇, 凤卧镇): +6, 3 townships
    assert rows(plan.compare, list(COMPARE_COLUMNS)) == [
        (COUNTY, 2, 4, 4, 10, 6, 3, 12),
        ("total", 2, 4, 4, 10, 6, 3, 12),
    ]


def test_two_more_links_per_hub_cover_every_township(g):
    plan = plan_hub_service(g, capacity=2, county=COUNTY)
    assert rows(plan.assignment, ["hub_id", "township_code", "new_communities", "order"]) == [
        (H2, FENGWO, 2, 1),
        (H1, HUAIXI, 2, 2),
        (H2, NAOCUN, 2, 3),
    ]
    assert rows(plan.uncovered, ["name", "reason"]) == [
        ("大桥社区", "township_covered"),
        ("大岙村委会", "township_covered"),
        ("永安村委会", "township_covered"),
        ("西山村委会", "township_covered"),
    ]
    # three new hubs instead: 山门镇, 凤卧镇, 怀溪镇: +8 communities, 4 townships
    assert rows(plan.compare, list(COMPARE_COLUMNS))[0] == (COUNTY, 3, 6, 5, 12, 8, 4, 14)


def test_no_capacity_leaves_every_gap(g):
    plan = plan_hub_service(g, capacity=0)
    assert plan.assignment.empty
    assert rows(plan.uncovered, ["name", "communities", "reason"])[:3] == [
        ("凤卧镇", 2, "capacity"),  # by code on a tie, as hub-gaps lists them
        ("怀溪镇", 2, "capacity"),
        ("闹村乡", 2, "capacity"),
    ]
    assert len(plan.uncovered) == 3 + 10
    assert rows(plan.compare, list(COMPARE_COLUMNS))[-1] == ("total", 0, 0, 2, 6, 0, 2, 6)


def test_bad_capacity_is_one_clear_error(g):
    with pytest.raises(UsageError, match="--capacity must be a whole number"):
        plan_hub_service(g, capacity=-2)


def test_the_plans_applied_give_their_coverage(g, tmp_path):
    """Add the planned hubs and links to a copy of the dataset: the hub analysis then
    covers what the plans said."""
    new = tmp_path / "plans"
    shutil.copytree(DATA, new, ignore=shutil.ignore_patterns("*.md"))
    hubs = plan_hubs(g, add=2)
    links = plan_hub_service(g, capacity=1).assignment
    with (new / "organizations.csv").open("a", encoding="utf-8") as f:
        for i, code in enumerate(hubs.loc[~hubs["runner_up"], "region_code"]):
            org_id = uscc(f"52330326MJ000090{i}")
            f.write(f"{org_id},new hub {i},social_service,county,{code},,hub,0,active,,,,\n")
    opened = graphgov.open(new, cache=False)
    assert opened.rejects.empty
    applied = relations(opened)
    assert applied.covered["community_code"].nunique() == 12
    assert applied.townships["township_code"].nunique() == 3
    with (new / "organizations.csv").open("w", encoding="utf-8") as f:
        f.write((DATA / "organizations.csv").read_text("utf-8"))
    with (new / "services.csv").open("a", encoding="utf-8") as f:
        for hub, town in zip(links["hub_id"], links["township_code"], strict=True):
            f.write(f"{hub},township,{town},serves,2020-12-31,\n")
    applied = relations(graphgov.open(new, cache=False))
    assert applied.covered["community_code"].nunique() == 10
    assert applied.townships["township_code"].nunique() == 4


# --- brute force on random instances ---------------------------------------------------------

AS_OF = "2020-12-31"
PROVINCE, CITY = "330000000000", "330100000000"
STATUS = {  # status -> the organizations columns that give it on AS_OF
    "active": {"status": "active"},
    "abnormal": {"status": "abnormal"},
    "gone": {"status": "deregistered", "deregistered_on": "2019-06-30"},
    "later": {"status": "active", "founded": "2021-03-01"},
}


def township_of(code: str) -> str:
    return code[:9] + "000"


@dataclass
class Instance:
    """A few counties of a city, their townships and communities, hubs, other
    organizations and hubs' serves links: what the plans read."""

    towns: dict[str, list[str]]  # township -> its communities
    counties: list[str]
    hubs: list[tuple[str, str, str]]  # (org_id, base, status)
    orgs: list[tuple[str, str]]  # (base, status)
    serves: list[tuple[str, str, bool]]  # (hub id, target, active)
    comms: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.comms = [c for cs in self.towns.values() for c in cs]

    def active_hubs(self) -> dict[str, str]:
        return {h: base for h, base, status in self.hubs if status == "active"}

    def graph(self) -> Graph:
        regions = [
            {"code": PROVINCE, "name": "省", "level": "province"},
            {"code": CITY, "name": "市", "level": "city", "parent_code": PROVINCE},
            *({"code": c, "name": f"县{c[4:6]}", "level": "county"} for c in self.counties),
            *({"code": t, "name": f"镇{t[4:9]}", "level": "township"} for t in self.towns),
            *({"code": c, "name": f"村{c[4:]}", "level": "community"} for c in self.comms),
        ]
        orgs = [
            {"org_id": h, "name": f"hub {h}", "region_code": base, "hub_role": "hub"}
            | STATUS[status]
            for h, base, status in self.hubs
        ] + [
            {"org_id": f"O{i}", "name": f"org {i}", "region_code": base, "hub_role": "none"}
            | STATUS[status]
            for i, (base, status) in enumerate(self.orgs)
        ]
        services = [
            {
                "provider_id": hub,
                "target_type": "township" if target.endswith("000") else "community",
                "target_id": target,
                "kind": "serves",
                "start": "2019-01-01",
                "end": None if active else "2019-12-31",
            }
            for hub, target, active in self.serves
        ]
        tables = {
            "regions": _table("regions", regions),
            "organizations": _table("organizations", orgs),
            "services": _table("services", services),
        }
        return from_tables(tables, DatasetInfo(name="random", as_of=AS_OF))

    def scope(self, county: str | None) -> tuple[list[str], list[str]]:
        """The townships (with communities) and communities of `county` (or all)."""
        towns = [t for t, cs in self.towns.items() if cs and county in (None, t[:6] + "000000")]
        return towns, [c for t in towns for c in self.towns[t]]

    def orgs_at(self, site: str) -> int:
        """Active organizations (hubs too) based in `site` or, for a township, in one of
        its communities."""
        bases = [b for _, b, s in self.hubs if s == "active"]
        bases += [b for b, s in self.orgs if s == "active"]
        if site.endswith("000"):  # a township: its own code is its township's too
            return sum(township_of(b) == site for b in bases)
        return bases.count(site)


def _table(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(schema.TABLES[name].column_names)).astype("string")


def oracle_cover(
    inst: Instance, bases: dict[str, str], serves: list[tuple[str, str]]
) -> tuple[set[str], set[str]]:
    """(communities, townships) covered by hubs with these `bases` (hub -> region) and
    active `serves` links (hub, target), read straight from §4.5."""
    places = {h: {b} for h, b in bases.items()}
    for h, target in serves:
        places.setdefault(h, set()).add(target)
    comms = {c for c in inst.comms if any(c in p or township_of(c) in p for p in places.values())}
    towns = {
        t
        for t, cs in inst.towns.items()
        if cs and (any(t in p for p in places.values()) or any(b in cs for b in bases.values()))
    }
    return comms, towns


def existing(inst: Instance) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The active hubs' bases and their active serves links."""
    bases = inst.active_hubs()
    return bases, [(h, t) for h, t, active in inst.serves if active and h in bases]


@st.composite
def instances(draw) -> Instance:
    counties = [f"3301{i:02d}000000" for i in range(1, draw(st.integers(1, 2)) + 1)]
    towns: dict[str, list[str]] = {}
    for county in counties:
        for t in range(1, draw(st.integers(1, 3)) + 1):
            town = f"{county[:6]}{t:03d}000"
            towns[town] = [f"{town[:9]}{c:03d}" for c in range(1, draw(st.integers(0, 3)) + 1)]
    targets = [*towns, *(c for cs in towns.values() for c in cs)]  # what a link may serve
    places = [CITY, *counties, *targets]  # where an organization may be based
    status = st.sampled_from(["active", "active", "active", "abnormal", "gone", "later"])
    hubs = [
        (f"H{i}", base, s)
        for i, (base, s) in enumerate(
            draw(st.lists(st.tuples(st.sampled_from(places), status), max_size=4))
        )
    ]
    orgs = draw(st.lists(st.tuples(st.sampled_from(places), status), max_size=6))
    serves = []
    if hubs:
        serves = draw(
            st.lists(
                st.tuples(
                    st.sampled_from([h for h, _, _ in hubs]),
                    st.sampled_from(targets),
                    st.booleans(),
                ),
                max_size=4,
            )
        )
    return Instance(towns, counties, hubs, orgs, serves)


#: Each example runs the plans (tens of ms of pandas on any graph): enough to vary every
#: case (sites chosen or not, ties, exclusions, capacities, counties without hubs), no more.
FAST = settings(deadline=None, max_examples=40)
FEWER = settings(deadline=None, max_examples=25)


def test_the_oracle_reads_coverage_as_the_hub_analysis_does():
    """The brute force's plain-Python coverage agrees with graphgov's hub analysis."""

    @FAST
    @given(instances())
    def check(inst: Instance) -> None:
        rel = relations(inst.graph())
        comms, towns = oracle_cover(inst, *existing(inst))
        assert set(rel.covered["community_code"]) == comms
        assert set(rel.townships["township_code"]) == towns

    check()


#: Two communities of one uncovered township (it counts once), a hub based in a community
#: (its township covered, its sister communities not), a hub not yet founded.
SHARED = Instance(
    {"330101001000": ["330101001001", "330101001002", "330101001003"], "330101002000": []},
    ["330101000000"],
    [("H0", "330101001003", "later"), ("H1", "330101000000", "active")],
    [("330101001002", "active"), ("330101001001", "abnormal")],
    [("H1", "330101001003", True)],
)
#: Two counties: three uncovered townships for one hub of capacity 1 (it is full), and a
#: county with no hub at all.
CROWDED = Instance(
    {
        "330101001000": ["330101001001"],
        "330101002000": ["330101002001", "330101002002"],
        "330101003000": ["330101003001"],
        "330101004000": ["330101004001"],
        "330102001000": ["330102001001"],
    },
    ["330101000000", "330102000000"],
    [("H0", "330101001000", "active"), ("H1", "330100000000", "active")],
    [("330101004001", "active")],
    [],
)


@FAST
@given(
    instances(),
    st.integers(0, 3),
    st.sampled_from(["township", "community"]),
    st.booleans(),
    st.lists(st.integers(0, 30), max_size=2),
)
@example(SHARED, 2, "community", False, [])
@example(SHARED, 1, "township", True, [])
@example(CROWDED, 2, "township", False, [1])
def test_plan_hubs_is_the_best_of_all_site_sets(inst, add, level, one_county, picks):
    county = inst.counties[-1] if one_county else None
    towns, comms = inst.scope(county)
    bases, serves = existing(inst)
    regions = towns + comms
    exclude = [regions[i % len(regions)] for i in picks] if regions else []
    plan = plan_hubs(inst.graph(), add=add, county=county, level=level, exclude=exclude)

    if level == "township":
        sites = [t for t in towns if t not in bases.values() and t not in exclude]
    else:
        sites = [
            c
            for c in comms
            if c not in bases.values() and c not in exclude and township_of(c) not in exclude
        ]

    def covered(chosen: tuple[str, ...]) -> tuple[int, int]:
        new = bases | {f"new{i}": site for i, site in enumerate(chosen)}
        c, t = oracle_cover(inst, new, serves)
        return len(c & set(comms)), len(t & set(towns))

    now = covered(())
    gain = {s: covered((s,))[0] - now[0] for s in sites}
    ranked = sorted(sites, key=lambda s: (-gain[s], -inst.orgs_at(s), s))
    k = min(add, len(sites))
    assert plan["region_code"].tolist() == ranked[: k + RUNNERS_UP]  # the order of §4.14
    assert plan["runner_up"].tolist() == [False] * k + [True] * (len(plan) - k)
    assert plan["rank"].tolist() == list(range(1, len(plan) + 1))
    assert not set(plan["region_code"]) & set(exclude)
    assert plan["new_communities"].tolist() == [gain[s] for s in plan["region_code"]]
    chosen = tuple(plan.loc[~plan["runner_up"], "region_code"])
    for i in range(k):  # the coverage after each addition, existing hubs kept
        after = covered(chosen[: i + 1])
        assert (
            tuple(plan.iloc[i][["communities_covered_after", "townships_covered_after"]]) == after
        )
    for i in range(k, len(plan)):  # a runner-up: the chosen sites and that one alone
        after = covered((*chosen, plan["region_code"].iloc[i]))
        assert (
            tuple(plan.iloc[i][["communities_covered_after", "townships_covered_after"]]) == after
        )
    best = max(covered(subset)[0] for subset in itertools.combinations(sites, k))
    assert covered(chosen)[0] == best  # no set of k sites covers more


@FEWER
@given(instances(), st.integers(0, 2), st.sampled_from(["township", "community"]))
def test_by_county_is_each_county_on_its_own(inst, add, level):
    g = inst.graph()
    counties = sorted({c[:6] + "000000" for c in inst.comms})
    alone = [plan_hubs(g, add=add, county=c, level=level) for c in counties]
    expected = pd.concat(alone, ignore_index=True) if alone else plan_hubs(g, add=add, level=level)
    assert plan_hubs(g, add=add, level=level, by="county").equals(expected)


@FEWER
@given(instances(), st.integers(0, 2), st.booleans())
@example(CROWDED, 1, False)
@example(SHARED, 1, False)
def test_plan_hub_service_is_the_best_feasible_assignment(inst, capacity, one_county):
    county = inst.counties[-1] if one_county else None
    towns, comms = inst.scope(county)
    bases, serves = existing(inst)
    g = inst.graph()
    plan = plan_hub_service(g, capacity=capacity, county=county)
    a = plan.assignment

    def covered(links: list[tuple[str, str]]) -> tuple[int, int]:
        c, t = oracle_cover(inst, bases, serves + links)
        return len(c & set(comms)), len(t & set(towns))

    now_towns = oracle_cover(inst, bases, serves)[1]
    open_towns = [t for t in towns if t not in now_towns]
    # a hub may serve the uncovered townships of the county it is based in (or below)
    hubs_of = {
        t: [h for h, b in bases.items() if b[4:6] != "00" and b[:6] == t[:6]] for t in open_towns
    }
    # every link is allowed, no hub exceeds its capacity, no township is taken twice
    links = list(zip(a["hub_id"], a["township_code"], strict=True))
    assert all(h in hubs_of[t] for h, t in links)
    assert a["township_code"].is_unique
    assert all(n <= capacity for n in a["hub_id"].value_counts())
    now = covered([])
    assert a["new_communities"].tolist() == [covered([(h, t)])[0] - now[0] for h, t in links]
    assert a["order"].tolist() == list(range(1, len(a) + 1))
    # the best of every feasible assignment: most communities, then most townships
    best = (0, 0)
    for choice in itertools.product(*([None, *hubs_of[t]] for t in open_towns)):
        load = pd.Series([h for h in choice if h is not None], dtype=object).value_counts()
        if (load <= capacity).all():
            links_ = [(h, t) for h, t in zip(choice, open_towns, strict=True) if h is not None]
            best = max(best, covered(links_))
    assert covered(links) == best
    # which: per county the capacity × hubs townships first in (gain, organizations, code)
    # order, dealt out in turn by hub id; the rows go in that order
    now_comms = oracle_cover(inst, bases, serves)[0]

    def key(t: str) -> tuple:
        return (-len(set(inst.towns[t]) - now_comms), -inst.orgs_at(t), t)

    assert a["township_code"].tolist() == sorted(a["township_code"], key=key)
    for code in {t[:6] for t in open_towns}:
        mine = sorted((t for t in open_towns if t[:6] == code), key=key)
        hubs = sorted(hubs_of[mine[0]])
        taken = a[a["county_code"].str.startswith(code)]
        assert set(taken["township_code"]) == set(mine[: capacity * len(hubs)])
        load = taken["hub_id"].value_counts().reindex(hubs, fill_value=0).tolist()
        assert load == sorted(load, reverse=True) and (not load or load[0] - load[-1] <= 1)
    # what stays uncovered: every uncovered township not taken, every community left
    after_comms, after_towns = oracle_cover(inst, bases, serves + links)
    left = plan.uncovered
    assert set(left.loc[left["level"] == "township", "region_code"]) == set(towns) - after_towns
    assert set(left.loc[left["level"] == "community", "region_code"]) == set(comms) - after_comms
    for t, reason in left.loc[left["level"] == "township", ["region_code", "reason"]].values:
        assert reason == ("capacity" if hubs_of[t] else "no_hub")
    total = plan.compare.iloc[-1]
    assert (total["actions"], total["service_communities_covered_after"]) == (
        len(links),
        len(after_comms & set(comms)),
    )
    for row in plan.compare.iloc[:-1].itertuples():  # as many new hubs in each county
        hubs = plan_hubs(g, add=row.actions, county=row.county_code)
        chosen = hubs[~hubs["runner_up"]]
        assert row.hubs_new_communities == chosen["new_communities"].sum()
        if len(chosen):
            assert (
                row.hubs_communities_covered_after == chosen["communities_covered_after"].iloc[-1]
            )
            assert row.hubs_townships_covered_after == chosen["townships_covered_after"].iloc[-1]
