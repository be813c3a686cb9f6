"""The administrative skeleton: province, the 11 real cities, the 90 real counties, synthetic
townships (as many per county as the 2020 division codes list) and communities.

Township codes are the county code + 3 digits: streets 001-099, towns 101-199, townships
201-299, other units 400+ (only 龙港市, which has no township-level division, gets one: the
unit its communities hang under). The four streets of the NBS-only 温州经济技术开发区
(330371) are folded into 龙湾区, where the civil-affairs codes put them. Community codes are
the township code + 3 digits: residents' committees 001-199, villages 201-999.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graphgov.generate import names as nm
from graphgov.generate.config import GeneratorConfig

REFERENCE = Path(__file__).parent / "reference"
PROVINCE_CODE = "330000000000"
PROVINCE_NAME = "浙江省"
UNIT_TYPES = ("street", "town", "township", "other")
UNIT_OFFSET = {"street": 1, "town": 101, "township": 201, "other": 400}
UNIT_SUFFIX = {"street": "街道", "town": "镇", "township": "乡", "other": ""}
#: NBS-only functional areas folded into the county the civil-affairs codes put them in.
FOLD_INTO = {"330371": "330303"}
REGION_COLUMNS = ["code", "name", "level", "parent_code", "area_type"]


def reference_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The bundled reference lists: cities, counties and township counts per county."""
    read = {"dtype": {"code": str, "city_code": str}, "encoding": "utf-8"}
    cities = pd.read_csv(REFERENCE / "zhejiang_cities.csv", **read)
    counties = pd.read_csv(REFERENCE / "zhejiang_counties.csv", **read)
    counts = pd.read_csv(REFERENCE / "zhejiang_township_counts.csv", **read)
    return cities, counties, counts


def township_counts() -> pd.DataFrame:
    """Streets, towns, townships and other units per county (2020), one row per county.

    >>> township_counts().set_index("code").loc["330106", ["street", "town", "township"]].tolist()
    [10, 2, 0]
    """
    _, counties, counts = reference_tables()
    counts = counts.assign(code=counts["code"].replace(FOLD_INTO))
    cols = {"streets_2020": "street", "towns_2020": "town", "townships_2020": "township"}
    per = counts.groupby("code")[list(cols)].sum().rename(columns=cols)
    per = counties[["code", "name_zh", "city_code", "kind"]].merge(
        per, left_on="code", right_index=True, how="left"
    )
    per[list(cols.values())] = per[list(cols.values())].fillna(0).astype(int)
    none = per[["street", "town", "township"]].sum(axis=1) == 0
    per["other"] = none.astype(int)
    return per.reset_index(drop=True)


def build_regions(cfg: GeneratorConfig, rng: np.random.Generator) -> pd.DataFrame:
    """All regions of the province (never scaled).

    Returns the contract columns plus internal ones: ``county`` and ``township`` (12-digit
    codes of the ancestors, where they exist), ``unit`` (the township's type) and
    ``county_kind``.
    """
    cities, _, _ = reference_tables()
    per = township_counts()
    province = pd.DataFrame(
        {"code": [PROVINCE_CODE], "name": [PROVINCE_NAME], "level": ["province"]}
    )
    city_rows = pd.DataFrame(
        {
            "code": cities["code"] + "000000",
            "name": cities["name_zh"],
            "level": "city",
            "parent_code": PROVINCE_CODE,
        }
    )
    county_rows = pd.DataFrame(
        {
            "code": per["code"] + "000000",
            "name": per["name_zh"],
            "level": "county",
            "parent_code": per["city_code"] + "000000",
            "county": per["code"] + "000000",
            "county_kind": per["kind"],
        }
    )
    towns = _townships(per, rng)
    comms = _communities(cfg, towns, rng)
    regions = pd.concat([province, city_rows, county_rows, towns, comms], ignore_index=True)
    return regions.sort_values("code", ignore_index=True)


def _townships(per: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    parts = []
    for unit in UNIT_TYPES:
        n = per[unit].to_numpy()
        idx = np.repeat(np.arange(len(per)), n)
        seq = np.arange(len(idx)) - np.repeat(np.cumsum(n) - n, n) + UNIT_OFFSET[unit]
        parts.append(pd.DataFrame({"i": idx, "seq": seq, "unit": unit}))
    t = pd.concat(parts, ignore_index=True)
    county6 = per["code"].to_numpy()[t["i"]]
    t["code"] = county6 + pd.Series(t["seq"]).astype(str).str.zfill(3).to_numpy() + "000"
    t["county"] = county6 + "000000"
    t["parent_code"] = t["county"]
    t["county_kind"] = per["kind"].to_numpy()[t["i"]]
    base = nm.place_names(rng, t["i"].to_numpy(), (t["unit"] == "street").to_numpy())
    suffix = t["unit"].map(UNIT_SUFFIX).to_numpy()
    other_name = per["name_zh"].to_numpy()[t["i"]] + "直管社区"
    t["name"] = np.where(t["unit"] == "other", other_name, base + suffix)
    t["level"] = "township"
    t["township"] = t["code"]
    return t.drop(columns=["i", "seq"])


def _communities(
    cfg: GeneratorConfig, towns: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    unit = towns["unit"]
    kind = towns["county_kind"]
    noise = rng.lognormal(-(cfg.unit_size_sigma**2) / 2, cfg.unit_size_sigma, (2, len(towns)))
    w_urban = unit.map(cfg.urban_per_unit) * kind.map(cfg.urban_by_county_kind) * noise[0]
    w_rural = unit.map(cfg.rural_per_unit) * kind.map(cfg.rural_by_county_kind) * noise[1]
    min_urban = unit.isin(["street", "other"]).to_numpy().astype(int)
    min_rural = 1 - min_urban
    n_urban = min_urban + _spread(rng, cfg.urban_communities - min_urban.sum(), w_urban)
    n_rural = min_rural + _spread(rng, cfg.rural_communities - min_rural.sum(), w_rural)
    n_urban = np.minimum(n_urban, 199)
    n_rural = np.minimum(n_rural, 799)
    parts = []
    for area, n, offset in (("urban", n_urban, 1), ("rural", n_rural, 201)):
        idx = np.repeat(np.arange(len(towns)), n)
        seq = np.arange(len(idx)) - np.repeat(np.cumsum(n) - n, n) + offset
        parts.append(pd.DataFrame({"i": idx, "seq": seq, "area_type": area}))
    c = pd.concat(parts, ignore_index=True)
    tcode = towns["code"].to_numpy()[c["i"]]
    c["code"] = pd.Series(tcode).str[:9].to_numpy() + c["seq"].astype(str).str.zfill(3)
    urban = (c["area_type"] == "urban").to_numpy()
    base = nm.place_names(rng, c["i"].to_numpy(), urban)
    c["name"] = base + np.where(urban, "社区", "村")
    c["level"] = "community"
    c["parent_code"] = tcode
    c["township"] = tcode
    c["county"] = towns["county"].to_numpy()[c["i"]]
    c["unit"] = unit.to_numpy()[c["i"]]
    c["county_kind"] = kind.to_numpy()[c["i"]]
    return c.drop(columns=["i", "seq"])


def _spread(rng: np.random.Generator, total: int, weights: pd.Series) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.multinomial(max(int(total), 0), w / w.sum())


def restrict(regions: pd.DataFrame, counties: list[str] | None) -> pd.DataFrame:
    """The regions of the given counties (6- or 12-digit codes) with their city and province.

    Raises
    ------
    UsageError
        If a code is not one of the province's counties.
    """
    if not counties:
        return regions
    from graphgov.errors import UsageError

    wanted = {str(c).strip()[:6] + "000000" for c in counties}
    known = set(regions.loc[regions["level"] == "county", "code"])
    bad = sorted(c[:6] for c in wanted - known)
    if bad or any(len(str(c).strip()) not in (6, 12) for c in counties):
        raise UsageError(f"not a county code of the province: {', '.join(bad) or counties}")
    cities = {c[:4] + "00000000" for c in wanted}
    keep = regions["county"].isin(wanted) | regions["code"].isin(cities | {PROVINCE_CODE})
    return regions[keep].reset_index(drop=True)
