"""Hub plans (DATA_MODEL §4.14): where new hubs should go (:func:`plan_hubs`), and which
uncovered townships the existing hubs should extend their service to
(:func:`plan_hub_service`), with what the service plan leaves uncovered and how it compares
with new hubs.

Both read hub coverage as §4.5 defines it (:func:`graphgov.analyses.hubs.relations`, computed
once per call) on `as_of` (§4.0), and both are optimal without a solver because coverage
sets do not overlap: each township's communities belong to it alone. The argument is in
each function's docstring, and ``tests/test_plans_hubs.py`` checks it against brute force.
Only townships with communities count, as in the hub analyses (one without has nothing to
cover). The coverage and the ranking of sites live in :mod:`graphgov.plans.hub_coverage`,
the shared options (``--county``, counts, ``--exclude``) in :mod:`graphgov.plans.options`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from graphgov.analyses._common import ancestor, check_choice, conform
from graphgov.graph import Graph
from graphgov.load.checks import member
from graphgov.plans.hub_coverage import (
    ORDER,
    Coverage,
    candidate_sites,
    coverage_on,
    covered_now,
    rank_sites,
)
from graphgov.plans.hub_coverage import PLAN_COLUMNS as PLAN_COLUMNS
from graphgov.plans.hub_coverage import RUNNERS_UP as RUNNERS_UP
from graphgov.plans.options import region_codes, resolve_county, whole_number

__all__ = ["HubServicePlan", "plan_hub_service", "plan_hubs", "resolve_county"]

LEVELS = ("township", "community")
BY_CHOICES = ("county",)
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
_AS_LINK = {
    "org_id": "hub_id",
    "name_hub": "hub_name",
    "region_code": "township_code",
    "name": "township_name",
    "gain": "new_communities",
}


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
    add = whole_number("--add", add)
    level = check_choice("--level", level, LEVELS)
    group = None if by is None else check_choice("--by", by, BY_CHOICES) + "_code"
    cov = coverage_on(g, as_of, resolve_county(g, county))
    sites = candidate_sites(cov, level, region_codes(g, exclude))
    sites["group"] = "all" if group is None else sites[group]
    return rank_sites(sites, add, cov, group)


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
    capacity = whole_number("--capacity", capacity)
    code = resolve_county(g, county)
    cov = coverage_on(g, as_of, code)
    # a hub based above county level gets a city's or province's code here: no county's
    hub = cov.hub.assign(county_code=ancestor(cov.hub["region_code"], "county"))
    if code is not None:
        hub = hub[hub["county_code"] == code]
    hub = hub.sort_values(["county_code", "org_id"])
    hub["slot"] = hub.groupby("county_code").cumcount()
    hubs_in = hub["county_code"].value_counts()

    towns = cov.towns[~cov.towns["covered"]].rename(columns={"code": "region_code"})
    towns = towns.assign(group=towns["county_code"]).sort_values(ORDER[0], ascending=ORDER[1])
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


# --- what the service plan leaves, and the comparison --------------------------------------


def _left(cov: Coverage, left: pd.DataFrame) -> pd.DataFrame:
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


def _compare(cov: Coverage, chosen: pd.DataFrame) -> pd.DataFrame:
    """Per county (and a ``total`` row): the links of `chosen`, against as many new
    township hubs placed by :func:`plan_hubs` in the same county."""
    base_comm, base_town = covered_now(cov, "county_code")
    actions = chosen.groupby("county_code").size()
    sites = candidate_sites(cov, "township", pd.Series([], dtype="string"))
    hubs = rank_sites(sites.assign(group=sites["county_code"]), actions, cov, "county_code")
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
