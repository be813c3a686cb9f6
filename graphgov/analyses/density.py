"""Community social organizations per community (社区社会组织密度), DATA_MODEL §4.4."""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import active_orgs, ancestor, communities, conform
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


def density(g: Graph, *, targets: Targets | None = None) -> pd.DataFrame:
    """Per community: active community-kind organizations based in it against the target
    for its area type (urban ≥ 15, rural ≥ 5 by default), ordered by community code."""
    targets = targets or g.targets
    comm = communities(g)
    orgs = active_orgs(g, ("community",))
    counts = orgs["region_code"].value_counts()
    out = pd.DataFrame(
        {
            "community_code": comm["code"],
            "community_name": comm["name"],
            "county_code": ancestor(comm["code"], "county"),
            "area_type": comm["area_type"],
        }
    )
    out["orgs"] = out["community_code"].map(counts).fillna(0)
    target = out["area_type"].map(
        {"urban": targets.community_urban_min, "rural": targets.community_rural_min}
    )
    out["target"] = target
    out["deficit"] = (out["target"] - out["orgs"]).clip(lower=0)
    out["meets_target"] = out["orgs"] >= out["target"]
    return conform(out.sort_values("community_code"), COLUMNS)
