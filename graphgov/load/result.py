"""What loading a dataset gives back: the accepted tables and an account of every row."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphgov.meta import DatasetInfo, Targets

__all__ = ["REJECT_COLUMNS", "LoadResult", "TableCounts"]

#: Columns of :attr:`LoadResult.rejects` (and of the rejects file).
REJECT_COLUMNS = ("table", "line", "reason_code", "message", "raw")


@dataclass(frozen=True)
class TableCounts:
    """Where a table's rows went: ``rows == accepted + rejected + duplicates``."""

    rows: int
    accepted: int
    rejected: int
    duplicates: int

    def as_dict(self) -> dict[str, int]:
        """``{"rows", "accepted", "rejected", "duplicates"}`` as plain ints."""
        return {
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
        }


@dataclass
class LoadResult:
    """A validated dataset.

    Attributes
    ----------
    path : Path
        The dataset directory.
    tables : dict of str to pandas.DataFrame
        The accepted rows of every table in ``schema.TABLE_ORDER``, typed (an empty typed
        frame for an absent optional file).
    counts : dict of str to TableCounts
        Per table: rows read, accepted, rejected and collapsed as exact duplicates.
    rejects : pandas.DataFrame
        One row per rejected row: ``table, line, reason_code, message, raw`` (``raw`` is the
        row as read, as a JSON object).
    warnings : list of str
        Things worth a look that are not errors (a joint branch covering more than 5).
    info : graphgov.meta.DatasetInfo
        ``dataset.toml``.
    targets : graphgov.meta.Targets
        ``targets.toml`` or the defaults.
    """

    path: Path
    tables: dict[str, pd.DataFrame]
    counts: dict[str, TableCounts]
    rejects: pd.DataFrame
    info: DatasetInfo
    targets: Targets
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 if every row was accepted or collapsed as a duplicate, 1 if any was rejected."""
        return 1 if len(self.rejects) else 0

    def summary(self) -> dict:
        """``{"tables": {TABLE: {"rows", "accepted", ...}}, "rejected": n}`` (JSON-ready)."""
        return {
            "tables": {name: c.as_dict() for name, c in self.counts.items()},
            "rejected": int(sum(c.rejected for c in self.counts.values())),
        }
