"""Plans (DATA_MODEL v2 §4.14) for social work and density, read from the analyses that
define each gap: per county, what is still to do (:func:`plan_social_work`,
:func:`plan_density`), and the communities to act on, ranked, with names
(:func:`plan_social_work_communities`, :func:`plan_density_communities`). Social work goes
first where a community also misses other targets (:func:`missed_targets`). `county` keeps
one county (code or name); `as_of` and `targets` default to the dataset's (targets in force
on `as_of`).

The instructor plan lives in :mod:`graphgov.plans.instructors` (its names stay importable
from here) and the options the plans share in :mod:`graphgov.plans.options`.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from graphgov.analyses._common import as_of_of, conform, region_names
from graphgov.analyses.density import density, roll_up
from graphgov.analyses.hubs import hub_gaps
from graphgov.analyses.linkage import linkage
from graphgov.analyses.social_work import PATHS, served_paths, social_work
from graphgov.codes import ancestor
from graphgov.graph import Graph
from graphgov.load.checks import member
from graphgov.meta import Targets
from graphgov.plans.instructors import (
    DEFAULT_CAPACITY,
    assign_instructors,
    plan_instructor_assignment,
    plan_instructors,
)
from graphgov.plans.options import in_county, whole_number

__all__ = [
    "DEFAULT_CAPACITY",
    "assign_instructors",
    "communities_needed",
    "missed_targets",
    "plan_density",
    "plan_density_communities",
    "plan_instructor_assignment",
    "plan_instructors",
    "plan_social_work",
    "plan_social_work_communities",
]

AREAS = ("urban", "rural")
_S, _I, _F, _B = "string", "int64", "float64", "bool"
_MISSES = {"below_density": _B, "no_hub": _B, "not_linked": _B, "other_misses": _I}
MISSED_COLUMNS = {"community_code": _S, **_MISSES}
_COUNTY = {"county_code": _S, "county_name": _S}
SOCIAL_COLUMNS = {
    **_COUNTY,
    **{f"{a}_{w}": _I for a in AREAS for w in ("communities", "served", "goal", "needed")},
    "needed": _I,
}
_DENSITY = {"communities": _I, "orgs": _I, "average": _F, "target": _I, "shortfall": _I}
DENSITY_COLUMNS = {
    **_COUNTY,
    **{f"{a}_{w}": t for a in AREAS for w, t in {**_DENSITY, "to_raise": _I}.items()},
    "shortfall": _I,
}
#: The first columns of a list of communities: names, codes, committee type, rank.
_PLACE = {
    **{f"{level}_name": _S for level in ("community", "township", "county")},
    **{"community_code": _S, "county_code": _S, "area_type": _S, "rank": _I},
}
SOCIAL_COMMUNITY_COLUMNS = {**_PLACE, "chosen": _B, **_MISSES}
DENSITY_COMMUNITY_COLUMNS = {
    **_PLACE,
    **{c: _I for c in ("orgs", "target", "deficit", "cumulative_deficit")},
    "chosen": _B,
}


# --- the other targets a community misses ---------------------------------------------------


def missed_targets(
    g: Graph, *, as_of: str | None = None, targets: Targets | None = None
) -> pd.DataFrame:
    """Per community (by code), the targets besides social work it misses on `as_of`, each
    read from its analysis: ``below_density`` (density's ``meets_target`` false), ``no_hub``
    (listed by hub-gaps), ``not_linked`` (linkage's ``status`` not ``linked``), and
    ``other_misses``, how many of the three.

    >>> from graphgov.datasets import tiny
    >>> missed_targets(tiny())[["community_code", "no_hub", "other_misses"]].head(3)
      community_code  no_hub  other_misses
    0   330106002051   False             2
    1   330106002052   False             2
    2   330106004053    True             3
    """
    as_of = as_of_of(g, as_of)
    dens = density(g, as_of=as_of, targets=targets)
    holes = hub_gaps(g, as_of=as_of)
    link = linkage(g, as_of=as_of)
    out = pd.DataFrame({"community_code": dens["community_code"]})
    out["below_density"] = ~dens["meets_target"].astype(bool)
    out["no_hub"] = member(out["community_code"], holes["region_code"])
    out["not_linked"] = member(
        out["community_code"], link.loc[link["status"] != "linked", "community_code"]
    )
    out["other_misses"] = out[["below_density", "no_hub", "not_linked"]].sum(axis=1)
    return conform(out, MISSED_COLUMNS)


# --- social work ----------------------------------------------------------------------------


def communities_needed(communities: pd.Series, share: Fraction) -> pd.Series:
    """How many of `communities` must be served for `share` of them to be: ceil(n × share),
    exactly (a share of "1/3" is one third, not 0.333).

    >>> communities_needed(pd.Series([0, 2, 3, 7]), Fraction(1, 3)).tolist()
    [0, 1, 1, 3]
    """
    n = communities.astype("int64")
    return -((-n * share.numerator) // share.denominator)


def plan_social_work(
    g: Graph,
    *,
    county: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
) -> pd.DataFrame:
    """Per county, the communities still to serve by social work (§4.7) for the targets:
    ``{area}_goal`` = ceil(communities × share) (urban: all by default, rural: a third),
    ``{area}_needed`` = goal − served, never below 0. Columns ``county_code, county_name``,
    ``urban_communities, urban_served, urban_goal, urban_needed``, the same for rural, and
    ``needed`` (both); most needed first, then by code.

    Examples
    --------
    On the tiny dataset 1 of 5 urban and 1 of 2 rural communities are served: 4 urban
    communities to go, and the rural third (ceil(2 × 0.333) = 1) is met:

    >>> from graphgov.datasets import tiny
    >>> plan_social_work(tiny())[["county_name", "urban_needed", "rural_goal", "needed"]]
      county_name  urban_needed  rural_goal  needed
    0         西湖区             4           1       4
    """
    as_of = as_of_of(g, as_of)
    goal = (targets or g.targets).on(as_of)
    out = in_county(g, social_work(g, as_of=as_of), "county_code", county)
    for area in AREAS:
        share = goal.exact(f"social_work_{area}_share")
        out[f"{area}_goal"] = communities_needed(out[f"{area}_communities"], share)
        out[f"{area}_needed"] = (out[f"{area}_goal"] - out[f"{area}_served"]).clip(lower=0)
    out["needed"] = out["urban_needed"] + out["rural_needed"]
    out = out.sort_values(["needed", "county_code"], ascending=[False, True])
    return conform(out, SOCIAL_COLUMNS)


def plan_social_work_communities(
    g: Graph,
    *,
    county: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
) -> pd.DataFrame:
    """The communities social work does not serve yet, per county and committee type, those
    missing the most other targets (:func:`missed_targets`) first, so that one action
    serves several ends; ``chosen`` marks the first ``{area}_needed`` of
    :func:`plan_social_work` (for urban communities, by default, all of them).

    Columns ``community_name, township_name, county_name, community_code, county_code,
    area_type, rank`` (1 = first to serve in its county and type), ``chosen, below_density,
    no_hub, not_linked, other_misses``; by county, urban first, rank (ties by code).

    Any ``needed`` unserved communities meet the target, and each community's misses are its
    own, so the ``needed`` with the most misses are the choice serving the most other ends.

    Examples
    --------
    On the tiny dataset 石灰桥社区 and 下马塍社区 miss density, hub coverage and linkage;
    上保社区 and 袁浦社区 miss density and linkage (a hub covers them):

    >>> from graphgov.datasets import tiny
    >>> plan = plan_social_work_communities(tiny())
    >>> plan[["community_name", "area_type", "rank", "chosen", "other_misses"]]
      community_name area_type  rank  chosen  other_misses
    0          石灰桥社区     urban     1    True             3
    1          下马塍社区     urban     2    True             3
    2           上保社区     urban     3    True             2
    3           袁浦社区     urban     4    True             2
    4         东江嘴村委会     rural     1   False             1
    """
    as_of = as_of_of(g, as_of)
    paths = served_paths(g, as_of)
    open_ = paths.loc[~paths[list(PATHS)].any(axis=1), ["community_code", "area_type"]]
    out = open_.merge(missed_targets(g, as_of=as_of, targets=targets), on="community_code")
    out["county_code"] = ancestor(out["community_code"], "county")
    out = in_county(g, out, "county_code", county)
    counties = plan_social_work(g, county=county, as_of=as_of, targets=targets)
    out = out.merge(_per_area(counties, "needed"), on=["county_code", "area_type"], how="left")
    return _ranked(g, out, "other_misses", SOCIAL_COMMUNITY_COLUMNS)


def _per_area(counties: pd.DataFrame, figure: str) -> pd.DataFrame:
    """``county_code, area_type, needed`` from the columns ``{area}_{figure}``."""
    cols = {f"{area}_{figure}": area for area in AREAS}
    long = counties[["county_code", *cols]].melt("county_code", var_name="area_type")
    long = long.assign(area_type=long["area_type"].map(cols), value=long["value"].astype("int64"))
    return long.rename(columns={"value": "needed"})


def _ranked(g: Graph, rows: pd.DataFrame, most: str, columns: dict[str, str]) -> pd.DataFrame:
    """`rows` ranked within county and type by `most` (largest first, then code), ``chosen``
    for a rank within ``needed``, with the community's, township's and county's names."""
    area = rows["area_type"].map({a: i for i, a in enumerate(AREAS)})
    rows = rows.assign(_area=area).sort_values(
        ["county_code", "_area", most, "community_code"], ascending=[True, True, False, True]
    )
    rows["rank"] = rows.groupby(["county_code", "_area"]).cumcount() + 1
    rows["chosen"] = rows["rank"] <= rows["needed"].fillna(0).astype("int64")
    names = region_names(g)
    rows["community_name"] = rows["community_code"].map(names)
    rows["township_name"] = ancestor(rows["community_code"], "township").map(names)
    rows["county_name"] = rows["county_code"].map(names)
    return conform(rows, columns)


# --- density --------------------------------------------------------------------------------


def _deficits(
    g: Graph, county: str | None, as_of: str | None, targets: Targets | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Density's county roll-up with ``{area}_target, {area}_to_raise``, and the communities
    below target with ``cumulative_deficit`` (largest first) and ``needed`` (``_to_raise``)."""
    as_of = as_of_of(g, as_of)
    goal = (targets or g.targets).on(as_of)
    dens = in_county(g, density(g, as_of=as_of, targets=targets), "county_code", county)
    rolled = roll_up(dens, dens["county_code"]).rename(columns={"group": "county_code"})
    below = dens[dens["deficit"] > 0].sort_values(
        ["county_code", "area_type", "deficit", "community_code"],
        ascending=[True, True, False, True],
    )
    below["cumulative_deficit"] = below.groupby(["county_code", "area_type"])["deficit"].cumsum()
    for area in AREAS:
        short = rolled.set_index("county_code")[f"{area}_shortfall"]
        inside = below["area_type"] == area
        before = below["cumulative_deficit"] - below["deficit"]
        take = inside & (before < below["county_code"].map(short).astype("int64"))
        rolled[f"{area}_to_raise"] = rolled["county_code"].map(
            below.loc[take, "county_code"].value_counts()
        )
        rolled[f"{area}_target"] = getattr(goal, f"community_{area}_min")
    rolled = rolled.fillna({f"{a}_to_raise": 0 for a in AREAS})
    needed = _per_area(rolled, "to_raise")
    return rolled, below.merge(needed, on=["county_code", "area_type"], how="left")


def plan_density(
    g: Graph,
    *,
    county: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
) -> pd.DataFrame:
    """Per county, urban and rural apart, the organizations still needed for the average to
    reach its target (§4.4: density's roll-up shortfall) and ``_to_raise``, the fewest
    communities that, each brought to its target, close it. Columns ``county_code,
    county_name``, for urban and rural ``_communities, _orgs, _average, _target,
    _shortfall, _to_raise``, and ``shortfall``; largest shortfall first, then by code.

    ``_to_raise`` is the minimum: the k largest deficits are the most any k communities can
    add, so raising the furthest below first closes the shortfall with the fewest.

    Examples
    --------
    On the tiny dataset the five urban communities hold 4 organizations (75 needed: 71
    short), all of them below target, so all five must be raised; 外张村 alone closes the
    rural shortfall of 5:

    >>> from graphgov.datasets import tiny
    >>> cols = ["county_name", "urban_shortfall", "urban_to_raise", "rural_to_raise"]
    >>> plan_density(tiny())[cols]
      county_name  urban_shortfall  urban_to_raise  rural_to_raise
    0         西湖区               71               5               1
    """
    rolled, _ = _deficits(g, county, as_of, targets)
    rolled["county_name"] = rolled["county_code"].map(region_names(g))
    return conform(rolled, DENSITY_COLUMNS)


def plan_density_communities(
    g: Graph,
    *,
    county: str | None = None,
    as_of: str | None = None,
    targets: Targets | None = None,
    limit: int | None = 10,
) -> pd.DataFrame:
    """The communities furthest below their density target, per county and committee
    type: the first `limit` of each (all with ``limit=None``), largest deficit first (then
    by code), with their current ``orgs``. Columns: ``community_name, township_name,
    county_name, community_code, county_code, area_type, rank, orgs, target, deficit,
    cumulative_deficit`` (of the ranks so far), ``chosen`` (among the fewest to raise for
    the average to be met: :func:`plan_density`'s ``_to_raise``).

    >>> from graphgov.datasets import tiny
    >>> cols = ["community_name", "rank", "orgs", "deficit", "cumulative_deficit", "chosen"]
    >>> plan_density_communities(tiny(), limit=2)[cols]
      community_name  rank  orgs  deficit  cumulative_deficit  chosen
    0           宝石社区     1     0       15                  15    True
    1          石灰桥社区     2     0       15                  30    True
    2          外张村委会     1     0        5                   5    True
    """
    if limit is not None:
        whole_number("--limit", limit, least=1)
    _, below = _deficits(g, county, as_of, targets)
    out = _ranked(g, below, "deficit", DENSITY_COMMUNITY_COLUMNS)
    return out if limit is None else out[out["rank"] <= limit].reset_index(drop=True)
