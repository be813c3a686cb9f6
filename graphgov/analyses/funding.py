"""Government purchase of services (政府购买服务) per county and township.

Definition: datasets/README.md, Analysis definitions, §4.11.
"""

from __future__ import annotations

import pandas as pd

from graphgov import schema
from graphgov.analyses._common import (
    active_on,
    ancestor,
    as_of_of,
    conform,
    orgs_active_on,
    region_names,
)
from graphgov.analyses.density import density
from graphgov.analyses.hubs import hub_gaps
from graphgov.analyses.linkage import tied_communities
from graphgov.graph import Graph
from graphgov.load.checks import member
from graphgov.meta import Targets

__all__ = ["COLUMNS", "funding", "gap_communities", "projects"]

COLUMNS = {
    "region_code": "string",
    "name": "string",
    "level": "string",
    "projects": "int64",
    "amount_cny": "float64",
    "providers": "int64",
    "communities_served": "int64",
    "share_to_gap_communities": "float64",
}


def gap_communities(g: Graph, as_of: str, targets: Targets | None = None) -> pd.Series:
    """The codes of the communities that miss a target on `as_of`, each read from its own
    analysis: density's ``meets_target`` is false (with `targets`), or hub-gaps lists the
    community (no hub covers it), or linkage's ``status`` is not ``linked``."""
    dens = density(g, as_of=as_of, targets=targets)
    gaps = hub_gaps(g, as_of=as_of)
    found = pd.concat(
        [
            dens.loc[~dens["meets_target"].astype(bool), "community_code"],
            gaps.loc[gaps["level"] == "community", "region_code"],
        ]
    )
    # the set is a union: linkage is worked out only for the communities not in it yet
    rest = dens.loc[~member(dens["community_code"], found), "community_code"]
    found = pd.concat([found, rest[~member(rest, tied_communities(g, as_of, rest))]])
    return pd.Series(sorted(set(found.tolist())), dtype=object)


def projects(g: Graph, as_of: str) -> pd.DataFrame:
    """The active ``purchased`` services of active providers on `as_of`, with their place:
    ``provider_id, amount_cny, place, level`` where `place` is the community or township the
    service is for, or, for a service to an organization, the region that organization is
    based in."""
    rel = active_on(g.rel("PURCHASED_BY"), as_of)
    rel = rel[member(rel["src"], orgs_active_on(g, as_of)["org_id"])]
    based = g.organizations.set_index("org_id")["region_code"]
    place = rel["dst"].where(rel["dst_label"] == "Region", rel["dst"].map(based))
    out = pd.DataFrame(
        {"provider_id": rel["src"], "amount_cny": rel["amount_cny"], "place": place}
    ).dropna(subset=["place"])
    out["level"] = out["place"].map(schema.level_of_code)
    return out.reset_index(drop=True)


def funding(g: Graph, *, as_of: str | None = None, targets: Targets | None = None) -> pd.DataFrame:
    """Per county and township, the active purchased services (政府购买服务项目) of active
    providers: ``projects``, ``amount_cny`` (the amounts given; a project without one
    counts as a project only), distinct ``providers``, ``communities_served`` (distinct
    communities a project is for) and ``share_to_gap_communities``: the part of
    ``amount_cny`` that goes to communities of :func:`gap_communities` (missing when
    ``amount_cny`` is 0). A project is placed by what it is for (:func:`projects`): a
    community's project counts in its township and county, a township's in that township
    and its county; a project placed at county level counts in the county only. One row per
    county or township with at least one project, by region code (a county before its
    townships).

    Examples
    --------
    The tiny dataset's one purchase: 双浦镇 buys ¥80,000 of elderly care from an active
    organization for 袁浦社区, which misses its density target (density's deficit 14), so
    all of the money goes to a gap community:

    >>> from graphgov.datasets import tiny
    >>> cols = ["region_code", "level", "projects", "amount_cny", "share_to_gap_communities"]
    >>> funding(tiny())[cols]
        region_code     level  projects  amount_cny  share_to_gap_communities
    0  330106000000    county         1     80000.0                       1.0
    1  330106110000  township         1     80000.0                       1.0
    """
    as_of = as_of_of(g, as_of)
    work = projects(g, as_of)
    work = work[member(work["level"], ("county", "township", "community"))]
    gaps = gap_communities(g, as_of, targets or g.targets)
    work["community"] = work["place"].where(work["level"] == "community")
    work["to_gap"] = work["amount_cny"].where(member(work["place"], gaps), 0.0).fillna(0.0)
    counties = work.assign(region_code=ancestor(work["place"], "county"))
    towns = work[work["level"] != "county"]
    towns = towns.assign(region_code=ancestor(towns["place"], "township"))
    both = pd.concat([counties, towns], ignore_index=True)
    out = (
        both.groupby("region_code")
        .agg(
            projects=("place", "size"),
            amount_cny=("amount_cny", "sum"),
            providers=("provider_id", "nunique"),
            communities_served=("community", "nunique"),
            to_gap=("to_gap", "sum"),
        )
        .reset_index()
    )
    out["name"] = out["region_code"].map(region_names(g))
    out["level"] = out["region_code"].map(schema.level_of_code)
    amount = out["amount_cny"].where(out["amount_cny"] > 0)
    out["share_to_gap_communities"] = out["to_gap"] / amount
    return conform(out.sort_values("region_code"), COLUMNS)
