"""The area the sources belong to: it bounds every search, and becomes the dataset's regions.

It is, in this order: ``--area CODE``; the root of a ``--regions`` file; the one province
that the registration codes (USCC digits 3-4) of the registry rows name; the one province
that the authority names resolve to. Where none of these settles it, the import stops and
asks for ``--area``: a search of all China would place 西湖区 in 杭州 or in 南昌 by luck.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from graphgov import divisions, schema
from graphgov.errors import UsageError
from graphgov.importer.records import Record
from graphgov.importer.resolve import Authority, Resolver

__all__ = ["Area", "settle_area"]


@dataclass(frozen=True)
class Area:
    """The settled area: its code (None = all China), name, and how it was settled."""

    code: str
    name: str
    how: str

    @property
    def level(self) -> str:
        return schema.level_of_code(self.code)

    @property
    def authority(self) -> Authority | None:
        """The area as a filing authority, when it is a county or a township."""
        if self.level in ("county", "township"):
            return Authority(self.code, self.level, self.name)
        return None

    def describe(self) -> str:
        return f"{self.name} ({self.code}; {self.how})"


def _code(text: str) -> str:
    code = text.strip()
    if not code.isascii() or not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        raise UsageError(f"--area {text!r}: not a division code (2, 4, 6, 9 or 12 digits)")
    return code.ljust(12, "0")


def _name(code: str, frame: pd.DataFrame | None) -> str | None:
    if frame is not None:
        hit = frame.loc[frame["code"] == code, "name"]
        return str(hit.iloc[0]) if len(hit) else None
    unit = divisions.get(code)
    return None if unit is None else unit.name


def settle_area(option: str | None, records: dict[str, list[Record]], frame) -> Area:
    """The area of an import (see the module docstring)."""
    if option is not None:
        code = _code(option)
        name = _name(code, frame)
        if name is None:
            where = (
                "the --regions file" if frame is not None else f"the {divisions.EDITION} hierarchy"
            )
            raise UsageError(f"--area {option}: no such division in {where}")
        return Area(code, name, "--area")
    if frame is not None:
        codes = set(frame["code"])
        roots = sorted(
            c
            for c, p in zip(frame["code"], frame["parent_code"], strict=True)
            if not p or p not in codes
        )
        if len(roots) == 1:
            return Area(roots[0], _name(roots[0], frame) or roots[0], "the --regions file's root")
        raise UsageError("the --regions file has several roots: say which with --area CODE")
    provinces = {
        r.values["org_id"][2:4]
        for r in records["registry"]
        if len(r.values.get("org_id", "")) == 18 and r.values["org_id"][2:4] != "10"
    }
    how = "from the registration codes (USCC digits 3-4)"
    if not provinces:
        provinces = _authority_provinces(records)
        how = "from the authority names"
    if len(provinces) == 1:
        code = provinces.pop().ljust(12, "0")
        name = _name(code, None)
        if name is not None:
            return Area(code, name, how)
    shown = ", ".join(sorted(provinces)) or "none"
    raise UsageError(
        f"cannot tell which area the sources belong to (provinces {how}: {shown}); "
        "pass --area CODE, e.g. --area 33 (浙江省) or --area 330106 (西湖区)"
    )


def _authority_provinces(records: dict[str, list[Record]]) -> set[str]:
    texts = {r.values.get("authority", "") for rows in records.values() for r in rows} - {""}
    resolver = Resolver()
    found = set()
    for text in sorted(texts)[:200]:
        hit = resolver.authority(text)
        if isinstance(hit, Authority):
            found.add(hit.code[:2])
    return found
