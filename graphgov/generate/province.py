"""The administrative skeleton: the real province, cities, counties, townships and
communities of the shipped NBS hierarchy (:mod:`graphgov.divisions`), codes and names as the
statistics bureau lists them.

Nothing below the province is invented or resized: the real quirks come through as they are
(township-level "other" units coded 4xx/5xx, 龙港市's placeholder ``330383198000`` with its
communities, village-level 4xx/5xx units, and cities without counties such as 东莞市, whose
townships hang from the city). ``area_type`` is the committee type the table gives.

Besides the contract columns the frame carries ``county`` (the county-level unit a township
or community belongs to: its county, or the city itself for a city without counties),
``township`` and ``label``, the short name used inside generated names (岗贝社区 for
岗贝社区居民委员会, 龙坞村 for 龙坞村委会).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from graphgov import divisions
from graphgov.errors import UsageError

REGION_COLUMNS = ["code", "name", "level", "parent_code", "area_type"]
#: Committee words of the NBS village-level names and what the short label keeps of them.
_LABEL_RULES = (
    (r"社区居民委员会$|社区居委会$|居民委员会$|居委会$", "社区"),
    (r"村民委员会$|村委会$", "村"),
    (r"(?<=村)村委员会$", ""),  # 周垟村村委员会 (村民委员会 without 民) -> 周垟村
)


def province_code(province: str | int) -> str:
    """The 12-digit code of a province given as 2 (or 12) digits.

    Raises
    ------
    UsageError
        If it is not a province of the shipped edition.

    >>> province_code("32")
    '320000000000'
    """
    text = str(province).strip()
    code = text + "0" * 10 if len(text) == 2 else text
    digits = code.isascii() and code.isdigit() and len(code) == 12 and code.endswith("0" * 10)
    if not digits or _province_rows(code).empty:
        raise UsageError(
            f"--province {text}: not a province code of the shipped {divisions.EDITION} "
            "division table (2 digits, e.g. 33 Zhejiang, 32 Jiangsu)"
        )
    return code


def build_regions(province: str | int = "33") -> pd.DataFrame:
    """All regions of `province` from the shipped hierarchy, sorted by code (never scaled).

    >>> r = build_regions("33")
    >>> r["level"].value_counts()[["city", "county", "township", "community"]].tolist()
    [11, 90, 1387, 25547]
    """
    rows = _province_rows(province_code(province)).copy()
    level = rows["level"].to_numpy(dtype=object)
    code = rows["code"]
    is_comm = level == "community"
    regions = pd.DataFrame(
        {
            "code": code,
            "name": rows["name"],
            "level": level,
            "parent_code": rows["parent_code"],
            "area_type": rows["committee"].where(is_comm),
        }
    )
    # county-level units: counties, and cities whose townships hang from the city itself
    towns = level == "township"
    bare = set(rows.loc[towns, "parent_code"]) & set(code[level == "city"])
    own = (level == "county") | code.isin(bare).to_numpy()
    regions["county"] = np.where(own, code, code.str[:6] + "000000")
    regions.loc[~own & ~towns & ~is_comm, "county"] = np.nan
    regions["township"] = np.where(towns, code, np.where(is_comm, code.str[:9] + "000", None))
    label = regions["name"]
    for pattern, word in _LABEL_RULES:
        label = label.where(~is_comm, label.str.replace(pattern, word, regex=True))
    regions["label"] = label
    return regions.reset_index(drop=True)


@functools.cache
def _province_rows(code: str) -> pd.DataFrame:
    """The province's rows of the shipped table (as :func:`graphgov.divisions.below` gives
    them), read without loading the national table (which adds about 0.3 GB to a run's
    peak memory)."""
    return divisions.rows_within(code[:2])


def restrict(regions: pd.DataFrame, counties: list[str] | None) -> pd.DataFrame:
    """The regions of the given county-level units (6- or 12-digit codes) with their city and
    province.

    Raises
    ------
    UsageError
        If a code is not 6 or 12 digits, or not a county-level unit of the province.
    """
    if not counties:
        return regions
    province = regions["code"].iloc[0]
    known = set(regions["county"].dropna())
    wanted = set()
    for raw in counties:
        text = str(raw).strip()
        if not (text.isascii() and text.isdigit() and len(text) in (6, 12)):
            raise UsageError(f"--counties {text}: a county code has 6 or 12 digits")
        code = text[:6] + "000000"
        if code not in known or (len(text) == 12 and text != code):
            raise UsageError(
                f"--counties {text}: not a county of {regions['name'].iloc[0]} "
                f"{province[:2]} in the shipped {divisions.EDITION} division table"
            )
        wanted.add(code)
    cities = {c[:4] + "00000000" for c in wanted}
    keep = regions["county"].isin(wanted) | regions["code"].isin(cities | {province})
    return regions[keep].reset_index(drop=True)
