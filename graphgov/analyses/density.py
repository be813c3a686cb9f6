"""Community social organizations per community (社区社会组织密度).

Definition: datasets/README.md, Analysis definitions, §4.4. The target is an average per
community (平均不少于), so the roll-ups (``by``) report each area type's average and the
organizations still needed to bring it to the target, beside the share of communities that
meet the target on their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov import schema
from graphgov.analyses._common import (
    ancestor,
    as_of_of,
    check_choice,
    communities,
    conform,
    orgs_active_on,
    region_names,
    shared,
)
from graphgov.graph import Graph
from graphgov.meta import Targets

__all__ = ["BY_CHOICES", "density", "finish_rollup", "roll_up", "rollup_columns"]

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
#: The levels ``by`` rolls the communities up to.
BY_CHOICES = ("township", "county", "city", "province")
AREAS = ("urban", "rural")
#: The roll-up's figures, after the region's code and name (:func:`rollup_columns`).
ROLLUP_FIGURES = {
    **{
        f"{area}_{what}": dtype
        for area in AREAS
        for what, dtype in (
            ("communities", "int64"),
            ("orgs", "int64"),
            ("average", "float64"),
            ("shortfall", "int64"),
            ("meeting", "int64"),
            ("share", "float64"),
        )
    },
    "communities": "int64",
    "shortfall": "int64",
    "meeting": "int64",
    "share": "float64",
}


def rollup_columns(level: str) -> dict[str, str]:
    """Column -> dtype of ``density --by level``: ``{level}_code, {level}_name``, then
    :data:`ROLLUP_FIGURES`.

    >>> list(rollup_columns("county"))[:6]
    ['county_code', 'county_name', 'urban_communities', 'urban_orgs', 'urban_average', 'urban_shortfall']
    """  # noqa: E501
    return {f"{level}_code": "string", f"{level}_name": "string", **ROLLUP_FIGURES}


def finish_rollup(level: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The Cypher twin's roll-up rows (``region_code, region_name``, ...) as the table of
    ``density --by level``."""
    named = rows.rename(columns={"region_code": f"{level}_code", "region_name": f"{level}_name"})
    return conform(named, rollup_columns(level))


@shared
def density(
    g: Graph,
    *,
    as_of: str | None = None,
    targets: Targets | None = None,
    by: str | None = None,
    count_registered: bool = False,
) -> pd.DataFrame:
    """Per community: the organizations of kind ``community`` active on `as_of` (§4.0)
    based in it, against the target for its committee type (urban ≥ 15, rural ≥ 5 by
    default), ordered by community code. No communities: no rows.

    `count_registered` also counts the active registered organizations (social groups,
    social service agencies, foundations) based in the community.

    With `by` (township, county, city or province), one row per region of that level
    holding communities (:func:`roll_up`): for urban and for rural communities, how many,
    their organizations, the average per community, the shortfall (organizations still
    needed for the average to reach the target: max(0, target × communities − orgs)), how
    many meet the target on their own and that share; then all communities, the total
    shortfall, those meeting and their share. Largest shortfall first, then by code.

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

    Per county, the five urban communities hold 4 organizations (75 needed for an average
    of 15: shortfall 71), the two rural ones 5 (10 needed: shortfall 5):

    >>> county = density(g, by="county")
    >>> county[["county_name", "urban_orgs", "urban_average", "urban_shortfall"]]
      county_name  urban_orgs  urban_average  urban_shortfall
    0         西湖区           4            0.8               71
    >>> county[["rural_orgs", "rural_average", "rural_shortfall", "shortfall", "meeting"]]
       rural_orgs  rural_average  rural_shortfall  shortfall  meeting
    0           5            2.5                5         76        1
    """
    if by is not None:
        check_choice("by", by, BY_CHOICES)
    as_of = as_of_of(g, as_of)
    targets = (targets or g.targets).on(as_of)  # the targets in force on as_of (§1, by_year)
    kinds = ("community", *(schema.REGISTERED_KINDS if count_registered else ()))
    comm = communities(g)
    counts = orgs_active_on(g, as_of, kinds)["region_code"].value_counts()
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
    if by is None:
        return out
    rolled = roll_up(out, ancestor(out["community_code"], by))
    rolled[f"{by}_code"] = rolled["group"]
    rolled[f"{by}_name"] = rolled["group"].map(region_names(g))
    return conform(rolled, rollup_columns(by))


def roll_up(dens: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """The per-community rows of :func:`density` added up per value of `groups` (aligned
    with `dens`): ``group`` and :data:`ROLLUP_FIGURES`, largest shortfall first, then by
    group. An area type's shortfall is max(0, the sum of its communities' targets − its
    organizations); an average or share over no communities is empty.

    The report reads the whole dataset's figures with one group:

    >>> from graphgov.datasets import tiny
    >>> d = density(tiny())
    >>> roll_up(d, pd.Series("all", index=d.index))[["group", "shortfall", "share"]]
      group  shortfall     share
    0   all         76  0.142857
    """
    per = pd.DataFrame({"group": groups.to_numpy()})
    for area in AREAS:
        inside = (dens["area_type"] == area).fillna(False).to_numpy(dtype=bool)
        per[f"{area}_communities"] = inside.astype("int64")
        per[f"{area}_orgs"] = np.where(inside, dens["orgs"].to_numpy(), 0)
        per[f"{area}_target"] = np.where(inside, dens["target"].to_numpy(), 0)
        per[f"{area}_meeting"] = (inside & dens["meets_target"].to_numpy(dtype=bool)).astype(
            "int64"
        )
    out = per.groupby("group", sort=True).sum().reset_index()
    for area in AREAS:
        whole = out[f"{area}_communities"].where(out[f"{area}_communities"] > 0)
        out[f"{area}_average"] = out[f"{area}_orgs"] / whole
        out[f"{area}_shortfall"] = (out[f"{area}_target"] - out[f"{area}_orgs"]).clip(lower=0)
        out[f"{area}_share"] = out[f"{area}_meeting"] / whole
    for what in ("communities", "shortfall", "meeting"):
        out[what] = out[f"urban_{what}"] + out[f"rural_{what}"]
    out["share"] = out["meeting"] / out["communities"].where(out["communities"] > 0)
    out = out.sort_values(["shortfall", "group"], ascending=[False, True])
    return conform(out, {"group": "string", **ROLLUP_FIGURES})
