"""Hub plans (DATA_MODEL §4.14): where new hubs should go (:func:`plan_hubs`), and which
uncovered townships the existing hubs should extend their service to
(:func:`plan_hub_service`).

Both read hub coverage as §4.5 defines it (:func:`graphgov.analyses.hubs.relations`, computed
once per call) on `as_of` (§4.0), and both are optimal without a solver because coverage
sets do not overlap: each township's communities belong to it alone. The argument is in
each function's docstring, and ``tests/test_plans_hubs.py`` checks it against brute force.
Only townships with communities count, as in the hub analyses (one without has nothing to
cover).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from graphgov.analyses._common import (
    ancestor,
    as_of_of,
    check_choice,
    communities,
    conform,
    orgs_active_on,
)
from graphgov.analyses.hubs import relations
from graphgov.codes import county_code
from graphgov.errors import UsageError
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["HubServicePlan", "plan_hub_service", "plan_hubs", "resolve_county"]

LEVELS = ("township", "community")
BY_CHOICES = ("county",)
#: How many runner-up sites :func:`plan_hubs` lists after the chosen ones.
RUNNERS_UP = 3

PLAN_COLUMNS = {
    "rank": "int64",
    "region_code": "string",
    "name": "string",
    "level": "string",
    "county_code": "string",
    "new_communities": "int64",
    "townships_covered_after": "int64",
    "communities_covered_after": "int64",
    "new_community_names": "object",
    "runner_up": "bool",
}
SERVICE_COLUMNS = {
    "hub_id": "string",
    "hub_name": "string",
    "township_code": "string",
    "township_name": "string",
    "county_code": "string",
    "new_communities": "int64",
    "order": "int64",
}
LEFT_COLUMNS = {
    "region_code": "string",
    "name": "string",
    "level": "string",
    "county_code": "string",
    "communities": "int64",
    "reason": "string",
}
#: Reasons a region stays uncovered after :func:`plan_hub_service`.
LEFT_REASONS = {
    "capacity": "township: the hubs of its county have no room left",
    "no_hub": "township: no active hub is based in its county",
    "township_left": "community: its township stays uncovered",
    "township_covered": "community: its township is covered (a hub is based in another of "
    "its communities) but it is not; a serves link to the community or a new hub would do",
}
COMPARE_COLUMNS = {
    "county_code": "string",
    "actions": "int64",
    "service_new_communities": "int64",
    "service_townships_covered_after": "int64",
    "service_communities_covered_after": "int64",
    "hubs_new_communities": "int64",
    "hubs_townships_covered_after": "int64",
    "hubs_communities_covered_after": "int64",
}
_ORDER = (["group", "gain", "orgs", "region_code"], [True, False, False, True])
_AS_LINK = {
    "org_id": "hub_id",
    "name_hub": "hub_name",
    "region_code": "township_code",
    "name": "township_name",
    "gain": "new_communities",
}


class _Coverage(NamedTuple):
    """Hub coverage on one date, per community and per township (with communities) of the
    scope, and the active hubs (``org_id, name, region_code``)."""

    comm: pd.DataFrame  # code, name, township_code, county_code, covered, gain, orgs, ...
    towns: pd.DataFrame  # the same columns, per township (gain: its uncovered communities)
    hub: pd.DataFrame


@dataclass(frozen=True)
class HubServicePlan:
    """What :func:`plan_hub_service` returns: three tables.

    Attributes
    ----------
    assignment : the new ``serves`` links, largest gain first (:data:`SERVICE_COLUMNS`).
    uncovered : what stays uncovered, townships and communities (:data:`LEFT_COLUMNS`,
        ``reason`` one of :data:`LEFT_REASONS`).
    compare : per county and in total, the links against as many new township hubs placed
        by :func:`plan_hubs` in the same county (:data:`COMPARE_COLUMNS`).
    """

    assignment: pd.DataFrame
    uncovered: pd.DataFrame
    compare: pd.DataFrame


def plan_hubs(
    g: Graph,
    *,
    add: int,
    county: str | None = None,
    level: str = "township",
    exclude: Sequence[str] = (),
    as_of: str | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """The `add` new hub sites that would cover the most communities no hub covers now.

    Sites are the townships (``level="community"``: communities) of `county` (or of the
    dataset) that no active hub is based in and that are not in `exclude` (at community
    level a township code there excludes its communities). Existing hubs stay as they are.
    A hub based in a township covers it and all its communities; one based in a community
    covers that community and its township (§4.5). Sites are ranked by ``new_communities``,
    the communities not covered today that a hub there would cover; ties go to the site
    with more active organizations based there (in it and its communities), then to the
    lower code. `by="county"` plans each county on its own (`add` sites each, ranks and
    counts per county) in one pass.

    Why ranking is optimal: a greedy planner adds the site of largest marginal gain and
    recomputes the others' gains. Here no gain ever changes: a township site covers only
    its own communities, and each township's communities belong to it alone (a community
    site covers only itself), so no two sites share a community. The gain of a set of sites
    is then the sum of their gains, and the best `add` of them are the `add` largest: greedy
    = sorting = optimal.

    Columns: ``rank, region_code, name, level, county_code, new_communities`` and
    ``townships_covered_after, communities_covered_after`` (how many of the scope's
    townships and communities hubs cover once this site and those ranked before it are
    added), ``new_community_names`` (sorted by code) and ``runner_up``. After the chosen
    sites come up to :data:`RUNNERS_UP` runner-ups (``runner_up`` true, the rank going on):
    their "after" columns are the coverage with the chosen sites and that site alone.

    Examples
    --------
    On the tiny dataset 西溪街道 is the one township whose communities no hub covers;
    双浦镇, whose communities the county's support organization serves, is the runner-up:

    >>> from graphgov.datasets import tiny
    >>> plan = plan_hubs(tiny(), add=1)
    >>> plan[["rank", "name", "new_communities", "runner_up"]]
       rank  name  new_communities  runner_up
    0     1  西溪街道                2      False
    1     2   双浦镇                0       True
    >>> plan[["townships_covered_after", "communities_covered_after"]].iloc[0].tolist()
    [3, 7]
    >>> plan["new_community_names"].iloc[0]
    ['石灰桥社区', '下马塍社区']
    """
    add = _count("--add", add)
    level = check_choice("--level", level, LEVELS)
    group = None if by is None else check_choice("--by", by, BY_CHOICES) + "_code"
    cov = _coverage(g, as_of, resolve_county(g, county))
    sites = _sites(cov, level, _codes(g, exclude))
    sites["group"] = "all" if group is None else sites[group]
    return _rank(sites, add, cov, group)


def plan_hub_service(
    g: Graph, *, capacity: int, county: str | None = None, as_of: str | None = None
) -> HubServicePlan:
    """Serves links from existing hubs to the uncovered townships of their county, at most
    `capacity` new links per hub, covering the most communities.

    A township is uncovered when no hub covers it (§4.5); a ``serves`` link to it covers it
    and all its communities, so its gain is ``new_communities``, its communities no hub
    covers now. A hub may take townships of the county it is based in (a hub based above
    county level takes none). Townships go largest gain first (ties: more active
    organizations based there, then the lower code), each to the hub of its county with the
    most room left (ties: the lower id), until the county's hubs are full.

    Why this is optimal: it is an assignment problem (a bipartite b-matching of townships to
    hubs, hub capacity `capacity`), but an easy one. Townships are disjoint, so a plan's gain
    is the sum of its townships' gains, whichever hub takes each. Within a county every hub
    may take every uncovered township, so a set of that county's townships can be assigned
    if and only if it has at most ``capacity × hubs`` of them; counties do not interact.
    The best plan therefore takes, in each county, the ``capacity × hubs`` townships of
    largest gain (all of them if there are fewer), which is what the greedy order takes;
    it also covers as many townships as any plan can.

    Returns a :class:`HubServicePlan`: ``assignment`` (``hub_id, hub_name, township_code,
    township_name, county_code, new_communities, order``), ``uncovered`` (what stays
    uncovered: the townships left and every community still uncovered, with a reason) and
    ``compare`` (per county and in total: the same number of actions spent on new township
    hubs instead, as :func:`plan_hubs` places them).

    Examples
    --------
    On the tiny dataset 西溪街道 is the one uncovered township; both hubs are based in
    西湖区, and the one with the lower id takes it:

    >>> from graphgov.datasets import tiny
    >>> plan = plan_hub_service(tiny(), capacity=1)
    >>> plan.assignment[["hub_id", "township_name", "new_communities", "order"]]
                   hub_id township_name  new_communities  order
    0  51330106MJ0000101G          西溪街道                2      1
    >>> len(plan.uncovered)
    0
    >>> plan.compare[["county_code", "actions", "service_new_communities", "hubs_new_communities"]]
        county_code  actions  service_new_communities  hubs_new_communities
    0  330106000000        1                        2                     2
    1         total        1                        2                     2
    """
    capacity = _count("--capacity", capacity)
    code = resolve_county(g, county)
    cov = _coverage(g, as_of, code)
    # a hub based above county level gets a city's or province's code here: no county's
    hub = cov.hub.assign(county_code=ancestor(cov.hub["region_code"], "county"))
    if code is not None:
        hub = hub[hub["county_code"] == code]
    hub = hub.sort_values(["county_code", "org_id"])
    hub["slot"] = hub.groupby("county_code").cumcount()
    hubs_in = hub["county_code"].value_counts()

    towns = cov.towns[~cov.towns["covered"]].rename(columns={"code": "region_code"})
    towns = towns.assign(group=towns["county_code"]).sort_values(_ORDER[0], ascending=_ORDER[1])
    k = towns.groupby("group").cumcount()
    room = towns["group"].map(hubs_in).fillna(0).astype(int)
    taken = k < capacity * room
    chosen = towns[taken].assign(slot=(k[taken] % room[taken]).to_numpy())
    chosen = chosen.merge(hub, on=["county_code", "slot"], suffixes=("", "_hub"))
    chosen = chosen.sort_values(["gain", "orgs", "region_code"], ascending=[False, False, True])
    assignment = chosen.drop(columns="township_code").rename(columns=_AS_LINK)
    assignment["order"] = range(1, len(chosen) + 1)
    left = towns[~taken].assign(reason=(room[~taken] > 0).map({True: "capacity", False: "no_hub"}))
    return HubServicePlan(
        conform(assignment, SERVICE_COLUMNS), _left(cov, left), _compare(cov, chosen)
    )


def resolve_county(g: Graph, county: str | None) -> str | None:
    """The 12-digit code of `county` (6 or 12 digits, or the name of one county of `g`),
    or None for none; a UsageError naming ``--county`` when `g` has no such county.

    >>> from graphgov.datasets import tiny
    >>> resolve_county(tiny(), "西湖区"), resolve_county(tiny(), "330106")
    ('330106000000', '330106000000')
    """
    if county is None:
        return None
    r = g.regions
    text = str(county).strip()
    if text.isdigit():
        code = county_code(text)
        if not (r["code"] == code).any():
            raise UsageError(f"--county {county}: no such county in the dataset")
        return code
    named = r.loc[(r["level"] == "county") & (r["name"] == text), "code"]
    if len(named) != 1:
        found = "no" if named.empty else f"{len(named)}"
        raise UsageError(f"--county {county!r}: {found} county of that name in the dataset")
    return str(named.iloc[0])


# --- the pieces ----------------------------------------------------------------------------


def _count(flag: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"{flag} must be a whole number, 0 or more; got {value!r}")
    return value


def _codes(g: Graph, exclude: Sequence[str]) -> pd.Series:
    """`exclude` as a Series of codes, each of which must be a region of `g`."""
    codes = pd.Series([str(c).strip() for c in exclude], dtype="string")
    unknown = codes[~member(codes, g.regions["code"])]
    if len(unknown):
        raise UsageError(f"--exclude {', '.join(unknown)}: no such region in the dataset")
    return codes


def _coverage(g: Graph, as_of: str | None, county: str | None) -> _Coverage:
    """Hub coverage of each community and township on `as_of`, in `county` (or all)."""
    as_of = as_of_of(g, as_of)
    rel = relations(g, as_of)
    base = rel.hub["region_code"]
    at = orgs_active_on(g, as_of)["region_code"].value_counts()
    comm = communities(g)[["code", "name"]].copy()
    comm["township_code"] = ancestor(comm["code"], "township")
    comm["county_code"] = ancestor(comm["code"], "county")
    if county is not None:
        comm = comm[comm["county_code"] == county]
    comm["covered"] = member(comm["code"], rel.covered["community_code"])
    comm["gain"] = (~comm["covered"]).astype(int)
    comm["orgs"] = comm["code"].map(at).fillna(0).astype(int).to_numpy()
    towns = comm.groupby("township_code", as_index=False).agg(
        county_code=("county_code", "first"), gain=("gain", "sum"), orgs=("orgs", "sum")
    )
    towns["code"] = towns["township_code"]
    towns["name"] = towns["code"].map(g.regions.set_index("code")["name"])
    towns["orgs"] += towns["code"].map(at).fillna(0).astype(int).to_numpy()
    towns["covered"] = member(towns["code"], rel.townships["township_code"])
    comm["adds_town"] = ~member(comm["township_code"], towns.loc[towns["covered"], "code"])
    towns["adds_town"] = ~towns["covered"]
    for frame in (comm, towns):
        frame["based"] = member(frame["code"], base)
    return _Coverage(comm, towns, rel.hub[["org_id", "name", "region_code"]])


def _sites(cov: _Coverage, level: str, exclude: pd.Series) -> pd.DataFrame:
    """Candidate sites at `level`: ``region_code, name, level, county_code, township_code,
    gain, orgs, adds_town`` (a hub there would cover a township not covered now)."""
    f = cov.towns if level == "township" else cov.comm
    f = f[~f["based"] & ~member(f["code"], exclude) & ~member(f["township_code"], exclude)]
    columns = ["code", "name", "county_code", "township_code", "gain", "orgs", "adds_town"]
    return f[columns].rename(columns={"code": "region_code"}).assign(level=level)


def _rank(
    sites: pd.DataFrame, add: int | pd.Series, cov: _Coverage, group: str | None
) -> pd.DataFrame:
    """The first `add` sites of each group in rank order (`add` may be a Series by group)
    and up to :data:`RUNNERS_UP` runner-ups, with the coverage after each (:func:`plan_hubs`).
    `group` names the column of `cov` the groups are (None: one group, ``all``)."""
    s = sites.sort_values(_ORDER[0], ascending=_ORDER[1], ignore_index=True)
    s["rank"] = s.groupby("group").cumcount() + 1
    limit = s["group"].map(add).fillna(0).astype(int) if isinstance(add, pd.Series) else add
    s = s[s["rank"] <= limit + RUNNERS_UP].copy()
    chosen = s["rank"] <= (limit if isinstance(add, int) else limit[s.index])
    s["runner_up"] = ~chosen
    key = s["group"] + "|" + s["township_code"]
    first = ~key.where(chosen).duplicated() & chosen  # first chosen site in each township
    new_town = s["adds_town"] & first
    runner_town = s["adds_town"] & ~member(key, key[new_town])
    base_comm, base_town = _baseline(cov, group)
    for column, gain, alone, base in (
        ("communities_covered_after", s["gain"], s["gain"], base_comm),
        ("townships_covered_after", new_town.astype(int), runner_town.astype(int), base_town),
    ):
        mine = gain.where(chosen, 0)
        after = mine.groupby(s["group"]).cumsum()
        total = mine.groupby(s["group"]).transform("sum") + alone
        s[column] = s["group"].map(base).fillna(0).astype(int) + after.where(chosen, total)
    s["new_communities"] = s["gain"]
    s["new_community_names"] = _new_names(cov, s)
    return conform(s, PLAN_COLUMNS)


def _baseline(cov: _Coverage, group: str | None) -> tuple[pd.Series, pd.Series]:
    """Communities and townships covered now, by group (None: one group, ``all``)."""

    def covered(f: pd.DataFrame) -> pd.Series:
        return f.groupby(f[group] if group else ["all"] * len(f))["covered"].sum()

    return covered(cov.comm), covered(cov.towns)


def _new_names(cov: _Coverage, s: pd.DataFrame) -> list[list[str]]:
    """For each site of `s`, the names of the communities it would newly cover, by code."""
    c = cov.comm[~cov.comm["covered"]].sort_values("code")
    town = c[member(c["township_code"], s["township_code"])]
    by_town = town.groupby("township_code")["name"].agg(list)
    names = dict(zip(c["code"], c["name"], strict=True))
    return [
        by_town.get(code, []) if level == "township" else ([names[code]] if code in names else [])
        for code, level in zip(s["region_code"], s["level"], strict=True)
    ]


def _left(cov: _Coverage, left: pd.DataFrame) -> pd.DataFrame:
    """What stays uncovered once the assigned townships are served: the townships `left`
    (with their reason) and every community still uncovered."""
    open_comm = cov.comm[~cov.comm["covered"]]
    assigned = cov.towns.loc[~cov.towns["covered"], "code"]
    assigned = assigned[~member(assigned, left["region_code"])]
    comm = open_comm[~member(open_comm["township_code"], assigned)]
    reason = member(comm["township_code"], left["region_code"])
    comm = comm.rename(columns={"code": "region_code"}).assign(
        level="community",
        communities=1,
        reason=reason.map({True: "township_left", False: "township_covered"}),
        rank=1,
    )
    left = left.assign(level="township", communities=left["gain"], rank=0)
    rows = pd.concat([left, comm], ignore_index=True)
    rows = rows.sort_values(["communities", "rank", "region_code"], ascending=[False, True, True])
    return conform(rows, LEFT_COLUMNS)


def _compare(cov: _Coverage, chosen: pd.DataFrame) -> pd.DataFrame:
    """Per county (and a ``total`` row): the links of `chosen`, against as many new
    township hubs placed by :func:`plan_hubs` in the same county."""
    base_comm, base_town = _baseline(cov, "county_code")
    actions = chosen.groupby("county_code").size()
    sites = _sites(cov, "township", pd.Series([], dtype="string"))
    hubs = _rank(sites.assign(group=sites["county_code"]), actions, cov, "county_code")
    hubs = hubs[~hubs["runner_up"]].groupby("county_code")
    added = pd.DataFrame(
        {
            "actions": actions,
            "service_new_communities": chosen.groupby("county_code")["gain"].sum(),
            "hubs_new_communities": hubs["new_communities"].sum(),
            "hubs_townships": hubs["townships_covered_after"].last() - base_town,
        }
    )
    out = added.reindex(base_comm.index).fillna(0).astype(int)
    out["service_townships_covered_after"] = base_town + out["actions"]
    out["service_communities_covered_after"] = base_comm + out["service_new_communities"]
    out["hubs_townships_covered_after"] = base_town + out.pop("hubs_townships")
    out["hubs_communities_covered_after"] = base_comm + out["hubs_new_communities"]
    out = out.rename_axis("county_code").reset_index()
    total = out.drop(columns="county_code").sum().to_frame().T.assign(county_code="total")
    return conform(pd.concat([out, total], ignore_index=True), COMPARE_COLUMNS)
