"""A table file as read: string columns, where each row came from, what reading found.

Shared by the CSV reader (:mod:`graphgov.load.csvread`) and the Parquet reader
(:mod:`graphgov.load.readers`), so both hand the validator the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["STRING_DTYPE", "RawTable", "arrow_strings"]

STRING_DTYPE = pd.StringDtype()


@dataclass
class RawTable:
    """One table file as read: string columns, and where each row came from.

    Attributes
    ----------
    file : str
        The file name used in messages, e.g. ``"organizations.csv"``.
    frame : pandas.DataFrame
        One string column per named header column, values as written (missing = ``<NA>``
        in Parquet; an empty CSV cell is ``""``).
    lines : numpy.ndarray
        For CSV, the physical line each record starts on (header = line 1; ``\\n``,
        ``\\r\\n`` and a lone ``\\r`` each end a line, blank lines are counted but are not
        records); for Parquet, the row index + 2 (so numbers match a CSV export).
    parquet : bool
        Whether the file was Parquet (messages then say "row" instead of a line).
    n_fields : numpy.ndarray or None
        For CSV, the number of fields of each record.
    width : int
        For CSV, the number of fields of the header (unnamed columns included).
    problems : list of (str, pandas.Series)
        Rows reading already found wrong: ``(reason_code, details)`` with the details
        indexed by row, e.g. a quoted value that swallowed lines looking like rows.
    """

    file: str
    frame: pd.DataFrame
    lines: np.ndarray
    parquet: bool = False
    n_fields: np.ndarray | None = None
    width: int = 0
    problems: list[tuple[str, pd.Series]] = field(default_factory=list)

    def where(self, line: int) -> str:
        """The location prefix for a message: ``"file.csv:17"`` or ``"file.parquet row 17"``."""
        return f"{self.file} row {line}" if self.parquet else f"{self.file}:{line}"


def arrow_strings(column: pa.ChunkedArray | pa.Array) -> pd.Series:
    """A pyarrow string column as a pandas ``string`` Series without a round trip via Python."""
    return column.to_pandas(
        types_mapper={pa.string(): STRING_DTYPE, pa.large_string(): STRING_DTYPE}.get
    )
