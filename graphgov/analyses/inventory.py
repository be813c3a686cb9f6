"""What a dataset holds, as the report's data and hub sections count it: organizations by
status and kind, and the townships and communities of each county."""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import ancestor, communities, conform, county_names
from graphgov.graph import Graph

__all__ = ["counties", "org_status"]

STATUS_COLUMNS = {"status": "string", "kind": "string", "orgs": "int64"}
COUNTY_COLUMNS = {
    "county_code": "string",
    "county_name": "string",
    "townships": "int64",
    "communities": "int64",
    "urban_communities": "int64",
    "rural_communities": "int64",
}


def org_status(g: Graph) -> pd.DataFrame:
    """Organizations (hubs included) per registry ``status`` and ``kind``, whatever their
    dates: the data section's count of what was loaded. Ordered by status, then kind.

    Examples
    --------
    >>> from graphgov.datasets import tiny
    >>> org_status(tiny())
         status            kind  orgs
    0  abnormal  social_service     1
    1    active       community     9
    2    active      foundation     1
    3    active    social_group     3
    4    active  social_service     6
    """
    counts = g.organizations.groupby(["status", "kind"], dropna=False).size()
    return conform(counts.reset_index(name="orgs"), STATUS_COLUMNS)


def counties(g: Graph) -> pd.DataFrame:
    """Per county (the first six digits of its communities' codes) that has communities:
    its name, how many townships have communities (those a hub can cover), and how many
    communities there are, urban and rural. Ordered by county code.

    Examples
    --------
    >>> from graphgov.datasets import tiny
    >>> counties(tiny())[["county_name", "townships", "communities", "urban_communities"]]
      county_name  townships  communities  urban_communities
    0         西湖区          3            7                  5
    """
    comm = communities(g)
    per = pd.DataFrame(
        {
            "county_code": ancestor(comm["code"], "county"),
            "township": ancestor(comm["code"], "township"),
            "urban": comm["area_type"] == "urban",
            "rural": comm["area_type"] == "rural",
        }
    )
    out = (
        per.groupby("county_code")
        .agg(
            townships=("township", "nunique"),
            communities=("township", "size"),
            urban_communities=("urban", "sum"),
            rural_communities=("rural", "sum"),
        )
        .reset_index()
    )
    out["county_name"] = out["county_code"].map(county_names(g))
    return conform(out, COUNTY_COLUMNS)
