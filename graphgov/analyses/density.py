"""Community social organizations per community (社区社会组织密度), DATA_MODEL §4.4."""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import active_orgs, ancestor, communities
from graphgov.graph import Graph
from graphgov.meta import Targets

__all__ = ["density"]

COLUMNS = [
    "community_code",
    "community_name",
    "county_code",
    "area_type",
    "orgs",
    "target",
    "deficit",
    "meets_target",
]


def density(g: Graph, *, targets: Targets | None = None) -> pd.DataFrame:
    """Per community: active community-kind organizations based in it against the target
    for its area type (urban ≥ 15, rural ≥ 5 by default), ordered by community code."""
    targets = targets or g.targets
    comm = communities(g)
    orgs = active_orgs(g, ("community",))
    counts = orgs["region_code"].value_counts()
    out = pd.DataFrame(
        {
            "community_code": comm["code"].astype("string"),
            "community_name": comm["name"].astype("string"),
            "county_code": ancestor(comm["code"], "county").astype("string"),
            "area_type": comm["area_type"].astype("string"),
        }
    )
    out["orgs"] = out["community_code"].map(counts).fillna(0).astype("int64")
    target = out["area_type"].map(
        {"urban": targets.community_urban_min, "rural": targets.community_rural_min}
    )
    out["target"] = target.astype("int64")
    out["deficit"] = (out["target"] - out["orgs"]).clip(lower=0).astype("int64")
    out["meets_target"] = (out["orgs"] >= out["target"]).astype(bool)
    return out.sort_values("community_code").reset_index(drop=True)[COLUMNS]
