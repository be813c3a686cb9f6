"""Hub coverage as the hub plans read it, and the ranking of new hub sites by what they
would newly cover: the pieces :func:`graphgov.plans.hubs.plan_hubs` is made of, which
:func:`graphgov.plans.hubs.plan_hub_service` also uses to compare its links with new hubs.

:func:`coverage_on` reads hub coverage as §4.5 defines it
(:func:`graphgov.analyses.hubs.relations`) per community and per township with
communities; :func:`candidate_sites` lists where a new hub could go; :func:`rank_sites`
takes the best of them with the coverage after each. Ranking alone is optimal because
coverage sets do not overlap (each township's communities belong to it alone): the
argument is in :func:`~graphgov.plans.hubs.plan_hubs`' docstring.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from graphgov.analyses._common import (
    ancestor,
    as_of_of,
    communities,
    conform,
    orgs_active_on,
)
from graphgov.analyses.hubs import relations
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = [
    "ORDER",
    "PLAN_COLUMNS",
    "RUNNERS_UP",
    "Coverage",
    "candidate_sites",
    "covered_now",
    "coverage_on",
    "new_community_names",
    "rank_sites",
]

#: How many runner-up sites :func:`~graphgov.plans.hubs.plan_hubs` lists after the chosen
#: ones.
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
#: The order sites (and townships to serve) go in: ``sort_values`` columns and directions.
ORDER = (["group", "gain", "orgs", "region_code"], [True, False, False, True])


class Coverage(NamedTuple):
    """Hub coverage on one date, per community and per township (with communities) of the
    scope, and the active hubs (``org_id, name, region_code``)."""

    comm: pd.DataFrame  # code, name, township_code, county_code, covered, gain, orgs, ...
    towns: pd.DataFrame  # the same columns, per township (gain: its uncovered communities)
    hub: pd.DataFrame


def coverage_on(g: Graph, as_of: str | None, county: str | None) -> Coverage:
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
    return Coverage(comm, towns, rel.hub[["org_id", "name", "region_code"]])


def candidate_sites(cov: Coverage, level: str, exclude: pd.Series) -> pd.DataFrame:
    """Candidate sites at `level`: ``region_code, name, level, county_code, township_code,
    gain, orgs, adds_town`` (a hub there would cover a township not covered now)."""
    f = cov.towns if level == "township" else cov.comm
    f = f[~f["based"] & ~member(f["code"], exclude) & ~member(f["township_code"], exclude)]
    columns = ["code", "name", "county_code", "township_code", "gain", "orgs", "adds_town"]
    return f[columns].rename(columns={"code": "region_code"}).assign(level=level)


def rank_sites(
    sites: pd.DataFrame, add: int | pd.Series, cov: Coverage, group: str | None
) -> pd.DataFrame:
    """The first `add` sites of each group in rank order (`add` may be a Series by group)
    and up to :data:`RUNNERS_UP` runner-ups, with the coverage after each
    (:func:`~graphgov.plans.hubs.plan_hubs`). `group` names the column of `cov` the groups
    are (None: one group, ``all``)."""
    s = sites.sort_values(ORDER[0], ascending=ORDER[1], ignore_index=True)
    s["rank"] = s.groupby("group").cumcount() + 1
    limit = s["group"].map(add).fillna(0).astype(int) if isinstance(add, pd.Series) else add
    s = s[s["rank"] <= limit + RUNNERS_UP].copy()
    chosen = s["rank"] <= (limit if isinstance(add, int) else limit[s.index])
    s["runner_up"] = ~chosen
    key = s["group"] + "|" + s["township_code"]
    first = ~key.where(chosen).duplicated() & chosen  # first chosen site in each township
    new_town = s["adds_town"] & first
    runner_town = s["adds_town"] & ~member(key, key[new_town])
    base_comm, base_town = covered_now(cov, group)
    for column, gain, alone, base in (
        ("communities_covered_after", s["gain"], s["gain"], base_comm),
        ("townships_covered_after", new_town.astype(int), runner_town.astype(int), base_town),
    ):
        mine = gain.where(chosen, 0)
        after = mine.groupby(s["group"]).cumsum()
        total = mine.groupby(s["group"]).transform("sum") + alone
        s[column] = s["group"].map(base).fillna(0).astype(int) + after.where(chosen, total)
    s["new_communities"] = s["gain"]
    s["new_community_names"] = new_community_names(cov, s)
    return conform(s, PLAN_COLUMNS)


def covered_now(cov: Coverage, group: str | None) -> tuple[pd.Series, pd.Series]:
    """Communities and townships covered now, by group (None: one group, ``all``)."""

    def covered(f: pd.DataFrame) -> pd.Series:
        return f.groupby(f[group] if group else ["all"] * len(f))["covered"].sum()

    return covered(cov.comm), covered(cov.towns)


def new_community_names(cov: Coverage, s: pd.DataFrame) -> list[list[str]]:
    """For each site of `s`, the names of the communities it would newly cover, by code."""
    c = cov.comm[~cov.comm["covered"]].sort_values("code")
    town = c[member(c["township_code"], s["township_code"])]
    by_town = town.groupby("township_code")["name"].agg(list)
    names = dict(zip(c["code"], c["name"], strict=True))
    return [
        by_town.get(code, []) if level == "township" else ([names[code]] if code in names else [])
        for code, level in zip(s["region_code"], s["level"], strict=True)
    ]
