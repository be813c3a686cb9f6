"""Social-work service coverage of communities (社会工作服务).

Definition: datasets/README.md, Analysis definitions, §4.7.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import (
    active_on,
    ancestor,
    as_of_of,
    communities,
    conform,
    county_names,
    orgs_active_on,
    orgs_in_communities,
)
from graphgov.analyses.facilities import facilities_on
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["social_work", "served_paths"]

#: The three ways a community is served, as the columns that count them.
PATHS = ("served_by_agency", "served_by_station", "served_by_purchase")
COLUMNS = {
    "county_code": "string",
    "county_name": "string",
    "urban_communities": "int64",
    "urban_served": "int64",
    "urban_share": "float64",
    "rural_communities": "int64",
    "rural_served": "int64",
    "rural_share": "float64",
    **{p: "int64" for p in PATHS},
}


def served_paths(g: Graph, as_of: str) -> pd.DataFrame:
    """Per community: ``community_code``, ``area_type`` and one bool per path of
    :data:`PATHS` (§4.7), all read on `as_of`.

    - agency: an active social-work agency (民办社会工作服务机构) is in it (based in it or
      with an active ``serves`` link to it);
    - station: an active ``social_work_station`` based in it is operated by an active agency;
    - purchase: an active agency has an active ``purchased`` service for it.
    """
    orgs = orgs_active_on(g, as_of)
    agencies = orgs.loc[orgs["social_work_agency"].fillna(False).astype(bool), "org_id"]
    by_agency = orgs_in_communities(g, as_of, orgs[member(orgs["org_id"], agencies)])
    stations = facilities_on(g, as_of, "social_work_station")
    operates = g.rel("OPERATES")
    run = operates.loc[member(operates["src"], agencies), "dst"]
    by_station = stations.loc[member(stations["facility_id"], run), "region_code"]
    purchased = active_on(g.rel("PURCHASED_BY"), as_of)
    purchased = purchased[purchased["dst_label"] == "Region"]
    by_purchase = purchased.loc[member(purchased["src"], agencies), "dst"]
    comm = communities(g)
    out = pd.DataFrame({"community_code": comm["code"], "area_type": comm["area_type"]})
    served = (by_agency["community_code"], by_station, by_purchase)
    for path, codes in zip(PATHS, served, strict=True):
        out[path] = member(out["community_code"], codes)
    return out


def social_work(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Per county, the urban and rural communities served by social work, and by which path.

    A community is served if an active social-work agency is in it, or an active social-work
    station there is operated by an active agency, or an active agency has an active
    ``purchased`` service for it (:func:`served_paths`). ``served_by_agency``,
    ``served_by_station`` and ``served_by_purchase`` count the communities (urban and rural)
    each path serves; a community served several ways counts under each. A share is missing
    where a county has no community of that type. Compare with the targets (all urban
    communities, a third of rural ones by default: ``g.targets.social_work_urban_share`` /
    ``_rural_``).

    Examples
    --------
    On the tiny dataset the one agency is based in 宝石社区 (urban) and serves 外张村 (rural);
    it runs no station and holds no purchased service:

    >>> from graphgov.datasets import tiny
    >>> sw = social_work(tiny())
    >>> sw[["county_name", "urban_communities", "urban_served", "urban_share"]]
      county_name  urban_communities  urban_served  urban_share
    0         西湖区                  5             1          0.2
    >>> sw[["rural_communities", "rural_served", "rural_share"]]
       rural_communities  rural_served  rural_share
    0                  2             1          0.5
    >>> sw[["served_by_agency", "served_by_station", "served_by_purchase"]]
       served_by_agency  served_by_station  served_by_purchase
    0                 2                  0                   0
    """
    frame = served_paths(g, as_of_of(g, as_of))
    frame["served"] = frame[list(PATHS)].any(axis=1)
    frame["county_code"] = ancestor(frame["community_code"], "county")
    out = pd.DataFrame({"county_code": sorted(frame["county_code"].unique())})
    for area in ("urban", "rural"):
        part = frame[frame["area_type"] == area].groupby("county_code")["served"]
        out[f"{area}_communities"] = out["county_code"].map(part.size()).fillna(0)
        out[f"{area}_served"] = out["county_code"].map(part.sum()).fillna(0)
        total = out[f"{area}_communities"].where(out[f"{area}_communities"] > 0)
        out[f"{area}_share"] = out[f"{area}_served"] / total
    paths = frame.groupby("county_code")[list(PATHS)].sum()
    for path in PATHS:
        out[path] = out["county_code"].map(paths[path]).fillna(0)
    out["county_name"] = out["county_code"].map(county_names(g))
    return conform(out, COLUMNS)
