"""Service centres per level (社会组织服务中心, 党群服务中心) against the seed's claims.

Definition: datasets/README.md, Analysis definitions, §4.12.
"""

from __future__ import annotations

import pandas as pd

from graphgov.analyses._common import active_on, as_of_of, conform
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["CLAIMS", "LEVELS", "facilities", "facilities_on", "is_street"]

#: The rows, in order: the levels of the contract, with the streets (街道) among the
#: townships as a row of their own (the seed's claim is about streets).
LEVELS = ("city", "county", "township", "street", "urban_community")
#: The seed's claim (2018): social-organization service centres in every city and county,
#: and in half of the streets and urban communities (社会组织服务中心已在全省市、县两级实现全覆盖,
#: 并已覆盖全省二分之一的街道和城市社区). No claim for townships as a whole.
CLAIMS = {"city": 1.0, "county": 1.0, "street": 0.5, "urban_community": 0.5}
COLUMNS = {
    "level": "string",
    "units": "int64",
    "with_service_center": "int64",
    "service_center_share": "float64",
    "with_party_mass_center": "int64",
    "standardized": "int64",
}


def facilities_on(g: Graph, as_of: str, kind: str | None = None) -> pd.DataFrame:
    """The facilities active on `as_of` (``opened`` empty or ``<= as_of``, ``closed`` empty
    or ``>= as_of``: §4.0), optionally of one `kind`."""
    f = active_on(g.facilities, as_of, "opened", "closed")
    return f if kind is None else f[(f["kind"] == kind).fillna(False).astype(bool)]


def is_street(codes: pd.Series) -> pd.Series:
    """Whether each township-level code is a street (街道): its three township digits are
    001-099 (the NBS coding rule: 街道 001-099, 镇 100-199, 乡 200-399, others 400-599).

    >>> is_street(pd.Series(["330106001000", "330106110000"])).tolist()
    [True, False]
    """
    seg = codes.astype(str).str.slice(6, 9)
    return (seg >= "001") & (seg <= "099")


def _units(g: Graph) -> pd.DataFrame:
    """``level, code``: every unit of every row of :data:`LEVELS`."""
    r = g.regions
    parts = [
        pd.DataFrame({"level": lv, "code": r.loc[r["level"] == lv, "code"]}) for lv in LEVELS[:3]
    ]
    towns = parts[2]["code"]
    parts.append(pd.DataFrame({"level": "street", "code": towns[is_street(towns)]}))
    urban = r.loc[(r["level"] == "community") & (r["area_type"] == "urban"), "code"]
    parts.append(pd.DataFrame({"level": "urban_community", "code": urban}))
    return pd.concat(parts, ignore_index=True)


def facilities(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Per level (city, county, township, street, urban community): how many units there
    are, how many have an active social-organization service centre (社会组织服务中心) based
    in them and the share, how many have an active Party-mass service centre (党群服务中心),
    and how many of those have a standardized one. A facility counts for the unit it is
    based in (a county's centre is not a township's). A share over no units is missing.
    Compare ``service_center_share`` with :data:`CLAIMS`.

    Examples
    --------
    The tiny dataset has no facilities: one city, one county, three townships (one of them a
    town, 双浦镇), five urban communities, none with a centre:

    >>> from graphgov.datasets import tiny
    >>> facilities(tiny())[["level", "units", "with_service_center", "service_center_share"]]
                 level  units  with_service_center  service_center_share
    0             city      1                    0                   0.0
    1           county      1                    0                   0.0
    2         township      3                    0                   0.0
    3           street      2                    0                   0.0
    4  urban_community      5                    0                   0.0
    """
    as_of = as_of_of(g, as_of)
    units = _units(g)
    centres = facilities_on(g, as_of, "social_org_service_center")["region_code"]
    mass = facilities_on(g, as_of, "party_mass_service_center")
    standard = mass.loc[mass["standardized"].fillna(False).astype(bool), "region_code"]
    units["centre"] = member(units["code"], centres)
    units["mass"] = member(units["code"], mass["region_code"])
    units["standard"] = member(units["code"], standard)
    per = units.groupby("level", sort=False).agg(
        units=("code", "size"),
        with_service_center=("centre", "sum"),
        with_party_mass_center=("mass", "sum"),
        standardized=("standard", "sum"),
    )
    out = per.reindex(list(LEVELS), fill_value=0).reset_index(names="level")
    out["service_center_share"] = out["with_service_center"] / out["units"].where(out["units"] > 0)
    return conform(out, COLUMNS)
