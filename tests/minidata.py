"""Tiny hand-made datasets for tests: write tables from lists of dicts.

Reusable by any test module (pytest puts ``tests/`` on ``sys.path``)::

    from minidata import base_tables, write_dataset
    tables = base_tables()
    tables["organizations"].append({"org_id": "C9", "name": "x", "kind": "community", ...})
    path = write_dataset(tmp_path, tables)

The base dataset is one small, valid slice of Hangzhou, Xihu district:

========================  ============  =========================================
code                      level         notes
========================  ============  =========================================
``330000000000``          province      浙江省
``330100000000``          city          杭州市
``330106000000``          county        西湖区
``330106001000``          township      北山街道
``330106001001``          community     urban (area_type)
``330106001002``          community     rural, given as urban_rural_code 220
========================  ============  =========================================

and two organizations: a social group with a valid USCC (:data:`GROUP_ID`) and a community
organization ``C1`` based in ``330106001001``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graphgov.codes import uscc_check_char

PROVINCE, CITY, COUNTY = "330000000000", "330100000000", "330106000000"
TOWNSHIP, URBAN, RURAL = "330106001000", "330106001001", "330106001002"


def uscc(body: str) -> str:
    """A USCC with a verifying check character for the 17-character `body`.

    >>> uscc("51330106MJ0000001")[-1]
    'T'
    """
    return body + uscc_check_char(body)


#: Valid civil-affairs codes: social group, social service agency, foundation, "other".
GROUP_ID = uscc("51330106MJ0000001")
SERVICE_ID = uscc("52330106MJ0000002")
FOUNDATION_ID = uscc("53330000MJ0000003")
OTHER_ID = uscc("59330106MJ0000004")


def regions() -> list[dict]:
    """The six regions of the base dataset (see the module docstring)."""
    return [
        {"code": PROVINCE, "name": "浙江省", "level": "province", "parent_code": ""},
        {"code": CITY, "name": "杭州市", "level": "city", "parent_code": PROVINCE},
        {"code": COUNTY, "name": "西湖区", "level": "county", "parent_code": CITY},
        {"code": TOWNSHIP, "name": "北山街道", "level": "township", "parent_code": COUNTY},
        {"code": URBAN, "name": "北山社区", "parent_code": TOWNSHIP, "area_type": "urban"},
        {"code": RURAL, "name": "桃源村", "parent_code": TOWNSHIP, "urban_rural_code": "220"},
    ]


def org(org_id: str, kind: str = "social_group", region: str = COUNTY, **extra: str) -> dict:
    """One organizations row with the required columns filled."""
    return {"org_id": org_id, "name": f"org {org_id}", "kind": kind, "region_code": region, **extra}


def base_tables() -> dict[str, list[dict]]:
    """A fresh copy of the base dataset: regions and two organizations."""
    return {
        "regions": regions(),
        "organizations": [org(GROUP_ID), org("C1", "community", URBAN)],
    }


def write_csv(
    path: Path,
    rows: list[dict],
    columns: list[str] | None = None,
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    """Write `rows` as CSV; columns default to every key in order of first appearance."""
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, columns, restval="", extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_dataset(directory: Path, tables: dict[str, list[dict]], **options) -> Path:
    """Write each table as ``NAME.csv`` in `directory` (created); options go to write_csv."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_csv(directory / f"{name}.csv", rows, **options)
    return directory


def not_about_regions(warnings: list[str]) -> list[str]:
    """The warnings other than the regions' own (their comparison with the NBS hierarchy,
    which the invented codes of the test data always draw, and derived area types)."""
    return [w for w in warnings if not w.startswith("regions: ")]
