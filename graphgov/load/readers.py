"""Reading one table file (CSV or Parquet) into strings, exactly as written.

Every value comes back as a string (pandas ``string`` dtype); typing is the validator's
job, so that a bad value can be quarantined with its line instead of breaking the read.
CSV and Parquet follow the same rules for column names (:mod:`graphgov.load.names`); CSV
records and lines are pyarrow's (:mod:`graphgov.load.csvread`). A Parquet column becomes
the text a CSV export of it would hold: dates as ``YYYY-MM-DD``, a float column whose
values are all whole numbers (what pandas writes for an integer or code column with gaps)
as integers (``330106001001``, not ``3.30106001001e+11``), binary values as UTF-8 text.
Fatal problems raise :class:`graphgov.errors.DatasetError`: a table that is not a regular
file (a folder, a device, a link to one) or is a broken link, an ambiguous table, an
undecodable file, an unreadable Parquet file, binary Parquet values that are not UTF-8.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphgov.errors import DatasetError
from graphgov.load.csvread import read_csv_file
from graphgov.load.names import check_header, is_unnamed
from graphgov.load.rawtable import STRING_DTYPE, RawTable, arrow_strings

__all__ = ["RawTable", "STRING_DTYPE", "find_table_file", "read_table_file"]

#: Floats beyond this are not exact integers, so they are never shown as one.
_EXACT = 2**53


def find_table_file(directory: Path, stem: str) -> Path | None:
    """The file holding table `stem` in `directory`, or None if there is none.

    Raises
    ------
    DatasetError
        If both ``STEM.csv`` and ``STEM.parquet`` exist (which one is meant is ambiguous),
        or the one that exists is a broken link or not a regular file.
    """
    found = [directory / f"{stem}{s}" for s in (".csv", ".parquet")]
    found = [p for p in found if os.path.lexists(p)]
    if len(found) == 2:
        raise DatasetError(
            f"{directory}: both {found[0].name} and {found[1].name} exist; "
            "keep one of them (which one is meant is ambiguous)"
        )
    if not found:
        return None
    _check_regular(found[0])
    return found[0]


def _check_regular(path: Path) -> None:
    """Refuse a table that is a broken link, or not a regular file, before reading it."""
    link = f" (a link to {os.readlink(path)})" if path.is_symlink() else ""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as err:
        raise DatasetError(f"{path.name}: a broken link{link}; the table is not there") from err
    except OSError as err:
        raise DatasetError(f"{path.name}: cannot be read ({err.strerror})") from err
    if stat.S_ISREG(mode):
        return
    kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
    raise DatasetError(f"{path.name}: not a regular file{link}: {kind}; a table is a file")


def read_table_file(path: Path, encoding: str | None = None) -> RawTable:
    """Read a CSV or Parquet table file into strings.

    Parameters
    ----------
    path : Path
        ``STEM.csv`` or ``STEM.parquet``.
    encoding : str, optional
        The text encoding of a CSV file; default UTF-8 (a BOM is accepted either way).

    Returns
    -------
    RawTable

    Examples
    --------
    >>> raw = read_table_file(Path("datasets/zhejiang-sample/regions.csv"))
    >>> raw.frame.columns[:2].tolist(), int(raw.lines[0])
    (['code', 'name'], 2)
    """
    _check_regular(path)
    if path.suffix == ".parquet":
        return _read_parquet(path)
    return read_csv_file(path, encoding)


def _read_parquet(path: Path) -> RawTable:
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as err:
        raise DatasetError(f"{path.name}: unreadable Parquet file: {err}") from err
    names = [str(n).strip() for n in table.column_names]
    check_header(path.name, names)
    columns: dict[str, pd.Series] = {}
    for i, name in enumerate(names):
        text = _as_text(path.name, name, table.column(i))
        if is_unnamed(name):
            if pc.any(pc.not_equal(pc.utf8_trim_whitespace(text), "")).as_py():
                raise DatasetError(
                    f"{path.name}: column {i + 1} ({name!r}) has values but no name "
                    "(a pandas index? write the file with index=False)"
                )
            continue
        columns[name] = arrow_strings(text)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))
    lines = np.arange(table.num_rows, dtype=np.int64) + 2
    return RawTable(path.name, frame, lines, True, None, len(names))


def _as_text(file: str, name: str, column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A Parquet column as the strings a CSV export would hold (see the module)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = pc.cast(column, kind.value_type)
        kind = kind.value_type
    if pa.types.is_timestamp(kind):
        column = pc.cast(column, pa.date32())
    if pa.types.is_floating(kind):
        column = _floats(column)
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return _binary_text(file, name, column)
    try:
        return pc.cast(column, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # lists, structs: their repr
        values = [None if v is None else str(v) for v in column.to_pylist()]
        return pa.chunked_array([values], pa.large_string())


def _floats(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """NaN as missing (how pandas writes gaps); all-whole columns as int64."""
    column = pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)
    finite = pc.drop_null(column)
    whole = pc.all(pc.equal(pc.floor(finite), finite)).as_py() is not False
    small = len(finite) == 0 or pc.max(pc.abs(finite)).as_py() < _EXACT
    return pc.cast(column, pa.int64()) if whole and small else column


def _binary_text(file: str, name: str, column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Binary values as text, refused (naming the row) unless they are UTF-8."""
    try:
        return pc.cast(column, pa.large_string())
    except pa.ArrowInvalid:
        pass
    for row, value in enumerate(column.to_pylist()):
        try:
            if value is not None:
                value.decode("utf-8")
        except UnicodeDecodeError as err:
            raise DatasetError(
                f"{file} row {row + 2}: column {name} holds bytes that are not UTF-8 text "
                f"(byte 0x{value[err.start]:02x}; GBK?); write text columns as UTF-8 strings"
            ) from err
    raise DatasetError(f"{file}: column {name} is not UTF-8 text")
