"""Social-work service coverage of communities (社会工作服务).

Definition: datasets/README.md, Analysis definitions, §4.7.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import (
    active_orgs,
    ancestor,
    as_of_of,
    communities,
    conform,
    county_names,
    orgs_in_communities,
)
from graphgov.graph import Graph

__all__ = ["social_work"]

COLUMNS = {
    "county_code": "string",
    "county_name": "string",
    "urban_communities": "int64",
    "urban_served": "int64",
    "urban_share": "float64",
    "rural_communities": "int64",
    "rural_served": "int64",
    "rural_share": "float64",
}


def social_work(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Per county, the urban and rural communities served by a social-work agency.

    A community is served if an active social-work service agency (民办社会工作服务机构) is
    in it: based in it, or with an active ``serves`` link to it. A share is missing where a
    county has no community of that type. Compare with the targets (all urban communities,
    a third of rural ones by default: ``g.targets.social_work_urban_share`` / ``_rural_``).

    Examples
    --------
    On the tiny dataset the one agency is based in 宝石社区 (urban) and serves 外张村 (rural):

    >>> from graphgov.datasets import tiny
    >>> sw = social_work(tiny())
    >>> sw[["county_name", "urban_communities", "urban_served", "urban_share"]]
      county_name  urban_communities  urban_served  urban_share
    0         西湖区                  5             1          0.2
    >>> sw[["rural_communities", "rural_served", "rural_share"]]
       rural_communities  rural_served  rural_share
    0                  2             1          0.5
    """
    as_of = as_of_of(g, as_of)
    orgs = active_orgs(g)
    agencies = orgs[orgs["social_work_agency"].fillna(False).astype(bool)]
    served = set(orgs_in_communities(g, as_of, agencies)["community_code"])
    comm = communities(g)
    frame = pd.DataFrame(
        {
            "county_code": ancestor(comm["code"], "county"),
            "area_type": comm["area_type"],
            "served": comm["code"].isin(served),
        }
    )
    out = pd.DataFrame({"county_code": sorted(frame["county_code"].unique())})
    for area in ("urban", "rural"):
        part = frame[frame["area_type"] == area].groupby("county_code")["served"]
        out[f"{area}_communities"] = out["county_code"].map(part.size()).fillna(0)
        out[f"{area}_served"] = out["county_code"].map(part.sum()).fillna(0)
        total = out[f"{area}_communities"].where(out[f"{area}_communities"] > 0)
        out[f"{area}_share"] = out[f"{area}_served"] / total
    out["county_name"] = out["county_code"].map(county_names(g))
    return conform(out, COLUMNS)
