"""Community social organizations per community (社区社会组织密度).

Definition: datasets/README.md, Analysis definitions, §4.4.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import (
    active_orgs,
    ancestor,
    as_of_of,
    check_choice,
    communities,
    conform,
    county_names,
    founded_by,
)
from graphgov.graph import Graph
from graphgov.meta import Targets

__all__ = ["density"]

COLUMNS = {
    "community_code": "string",
    "community_name": "string",
    "county_code": "string",
    "area_type": "string",
    "orgs": "int64",
    "target": "int64",
    "deficit": "int64",
    "meets_target": "bool",
}
COUNTY_COLUMNS = {
    "county_code": "string",
    "county_name": "string",
    **{
        f"{area}_{what}": dtype
        for area in ("urban", "rural")
        for what, dtype in (("communities", "int64"), ("meeting", "int64"), ("share", "float64"))
    },
    "communities": "int64",
    "meeting": "int64",
    "share": "float64",
    "deficit": "int64",
}


def density(
    g: Graph,
    *,
    as_of: str | None = None,
    targets: Targets | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Per community: active community-kind organizations based in it and founded by
    `as_of` (or with no founding date), against the target for its area type (urban ≥ 15,
    rural ≥ 5 by default), ordered by community code. No communities: no rows.

    With ``by="county"``, per county: urban and rural communities, how many meet the
    target and the share (empty where the county has none of that type), then all
    communities, and the organizations still needed (the sum of the deficits); the lowest
    share first (counties without communities last), then the largest deficit.

    Examples
    --------
    On the tiny dataset only 东江嘴村 (5 community organizations, rural target 5) meets its
    target:

    >>> from graphgov.datasets import tiny
    >>> g = tiny()
    >>> density(g)[["community_name", "area_type", "orgs", "target", "deficit", "meets_target"]]
      community_name area_type  orgs  target  deficit  meets_target
    0           上保社区     urban     3      15       12         False
    1           宝石社区     urban     0      15       15         False
    2          石灰桥社区     urban     0      15       15         False
    3          下马塍社区     urban     0      15       15         False
    4           袁浦社区     urban     1      15       14         False
    5         东江嘴村委会     rural     5       5        0          True
    6          外张村委会     rural     0       5        5         False
    >>> density(g, by="county")[["county_name", "communities", "meeting", "deficit"]]
      county_name  communities  meeting  deficit
    0         西湖区            7        1       76
    """
    if by is not None:
        check_choice("by", by, ("county",))
    as_of = as_of_of(g, as_of)
    targets = targets or g.targets
    comm = communities(g)
    orgs = founded_by(active_orgs(g, ("community",)), as_of)
    counts = orgs["region_code"].value_counts()
    out = pd.DataFrame(
        {
            "community_code": comm["code"],
            "community_name": comm["name"],
            "county_code": ancestor(comm["code"], "county"),
            "area_type": comm["area_type"],
        }
    )
    out["orgs"] = out["community_code"].map(counts).fillna(0).astype("int64")
    target = out["area_type"].map(
        {"urban": targets.community_urban_min, "rural": targets.community_rural_min}
    )
    out["target"] = target.astype("float64")
    out["deficit"] = (out["target"] - out["orgs"]).clip(lower=0)
    out["meets_target"] = out["orgs"] >= out["target"]
    out = conform(out.sort_values("community_code"), COLUMNS)
    return out if by is None else _by_county(g, out)


def _by_county(g: Graph, dens: pd.DataFrame) -> pd.DataFrame:
    per = dens.assign(
        urban=dens["area_type"] == "urban",
        rural=dens["area_type"] == "rural",
        met=dens["meets_target"],
    )
    for area in ("urban", "rural"):
        per[f"{area}_meeting"] = per[area] & per["met"]
    out = (
        per.groupby("county_code")
        .agg(
            urban_communities=("urban", "sum"),
            urban_meeting=("urban_meeting", "sum"),
            rural_communities=("rural", "sum"),
            rural_meeting=("rural_meeting", "sum"),
            deficit=("deficit", "sum"),
        )
        .reset_index()
    )
    out["communities"] = out["urban_communities"] + out["rural_communities"]
    out["meeting"] = out["urban_meeting"] + out["rural_meeting"]
    for pre in ("urban_", "rural_", ""):
        whole = out[f"{pre}communities"]
        out[f"{pre}share"] = out[f"{pre}meeting"] / whole.where(whole > 0)
    out["county_name"] = out["county_code"].map(county_names(g))
    out = out.sort_values(["share", "deficit", "county_code"], ascending=[True, False, True])
    return conform(out, COUNTY_COLUMNS)
