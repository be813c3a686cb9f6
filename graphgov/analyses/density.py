"""Community social organizations per community (社区社会组织密度), DATA_MODEL §4.4."""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import (
    active_orgs,
    ancestor,
    as_of_of,
    communities,
    conform,
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


def density(g: Graph, *, as_of: str | None = None, targets: Targets | None = None) -> pd.DataFrame:
    """Per community: active community-kind organizations based in it and founded by
    `as_of` (or with no founding date), against the target for its area type (urban ≥ 15,
    rural ≥ 5 by default), ordered by community code. No communities: no rows."""
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
    return conform(out.sort_values("community_code"), COLUMNS)
