"""Writing a generated dataset's table files, whole or one chunk (a province) at a time.

CSV files hold what a registry export holds: ``true``/``false`` for booleans, ISO dates,
empty cells for missing values. Parquet files hold the contract's types (strings, int64,
float64, booleans, ``date32`` dates, nulls for missing values), one row group per chunk, so a
national dataset is written province by province without being held in memory; the loader
reads either back to the same strings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphgov.errors import UsageError
from graphgov.schema import TABLES

#: The file formats `generate` writes.
FORMATS = ("csv", "parquet")
_ARROW = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}


class TableFiles:
    """One file per contract table in `out`, appended to chunk by chunk.

    >>> import tempfile
    >>> files = TableFiles(Path(tempfile.mkdtemp()), "parquet")
    >>> files.append("regions", pd.DataFrame({"code": ["330000000000"], "name": ["浙江省"],
    ...     "level": ["province"], "parent_code": [""], "area_type": [None]}))
    1
    >>> files.close()
    {'regions': 1}
    """

    def __init__(self, out: Path, fmt: str = "csv") -> None:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
        self.out, self.fmt = out, fmt
        self.counts: dict[str, int] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def append(self, name: str, frame: pd.DataFrame) -> int:
        """Append the contract columns of `frame` to table `name`; returns its row count."""
        table = TABLES[name]
        cols = [c for c in table.column_names if c in frame.columns]
        if self.fmt == "csv":
            _append_csv(self.out / f"{name}.csv", frame[cols], name, name not in self.counts)
        else:
            arrow = _arrow_table(frame[cols], name)
            if name not in self._writers:
                path = self.out / f"{name}.parquet"
                self._writers[name] = pq.ParquetWriter(path, arrow.schema, compression="zstd")
            self._writers[name].write_table(arrow)
        self.counts[name] = self.counts.get(name, 0) + len(frame)
        return len(frame)

    def close(self) -> dict[str, int]:
        """Finish every file; returns the row count per table."""
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        return dict(self.counts)


def _append_csv(path: Path, frame: pd.DataFrame, name: str, first: bool) -> None:
    f = frame.copy()
    for col in f.columns:
        if TABLES[name].column(col).type == "bool":
            v = f[col]
            f[col] = np.where(v.isna(), "", np.where(v.fillna(False).astype(bool), "true", "false"))
    f.to_csv(
        path,
        index=False,
        header=first,
        mode="w" if first else "a",
        encoding="utf-8",
        lineterminator="\n",
    )


def _arrow_table(frame: pd.DataFrame, name: str) -> pa.Table:
    """The columns in their contract types; ``""`` and NaN become nulls."""
    arrays, fields = [], []
    for col in frame.columns:
        kind = _ARROW.get(TABLES[name].column(col).type, pa.string())
        values = frame[col].to_numpy(dtype=object, copy=True)
        missing = pd.isna(values)
        missing[~missing] = values[~missing] == ""
        values[missing] = None
        if kind == pa.date32():
            array = pc.cast(pa.array(values, pa.string()), kind)
        else:
            array = pa.array(values, kind, from_pandas=True)
        arrays.append(array)
        fields.append(pa.field(col, kind))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
