"""Reading one table file (CSV or Parquet) into strings, exactly as written.

Every value comes back as a string (pandas ``string`` dtype, missing = ``<NA>``); typing is
the validator's job, so that a bad value can be quarantined with its line instead of
breaking the read. Fatal problems (ambiguous or undecodable files, unreadable Parquet)
raise :class:`graphgov.errors.DatasetError`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from graphgov.errors import DatasetError

STRING_DTYPE = pd.StringDtype()

__all__ = ["RawTable", "STRING_DTYPE", "decode_text", "find_table_file", "read_table_file"]


@dataclass
class RawTable:
    """One table file as read: string columns, and where each row came from.

    Attributes
    ----------
    file : str
        The file name used in messages, e.g. ``"organizations.csv"``.
    frame : pandas.DataFrame
        One string column per header column, values as written (missing = ``<NA>``).
    lines : numpy.ndarray
        For CSV, the physical line each record starts on (header = line 1); for Parquet,
        the row index + 2 (so numbers match a CSV export of the same table).
    parquet : bool
        Whether the file was Parquet (messages then say "row" instead of a line).
    n_fields : numpy.ndarray or None
        For CSV, the number of fields of each record.
    width : int
        For CSV, the number of fields of the header (unnamed columns included).
    """

    file: str
    frame: pd.DataFrame
    lines: np.ndarray
    parquet: bool = False
    n_fields: np.ndarray | None = None
    width: int = 0

    def where(self, line: int) -> str:
        """The location prefix for a message: ``"file.csv:17"`` or ``"file.parquet row 17"``."""
        return f"{self.file} row {line}" if self.parquet else f"{self.file}:{line}"


def find_table_file(directory: Path, stem: str) -> Path | None:
    """The file holding table `stem` in `directory`, or None if there is none.

    Raises
    ------
    DatasetError
        If both ``STEM.csv`` and ``STEM.parquet`` exist (which one is meant is ambiguous).
    """
    csv_file, pq_file = directory / f"{stem}.csv", directory / f"{stem}.parquet"
    if csv_file.exists() and pq_file.exists():
        raise DatasetError(
            f"{directory}: both {csv_file.name} and {pq_file.name} exist; "
            "keep one of them (which one is meant is ambiguous)"
        )
    if csv_file.exists():
        return csv_file
    return pq_file if pq_file.exists() else None


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
    """
    if path.suffix == ".parquet":
        return _read_parquet(path)
    return _read_csv(path, decode_text(path, encoding))


def decode_text(path: Path, encoding: str | None = None) -> str:
    """The text of `path`, decoded strictly; a wrong encoding is named, never guessed.

    Raises
    ------
    DatasetError
        If the bytes do not decode. Without `encoding`, a file that decodes as GB18030
        (a typical Excel export on Chinese Windows) gets a message naming
        ``--encoding gb18030``.
    """
    data = path.read_bytes()
    wanted = encoding or "utf-8"
    codec = "utf-8-sig" if wanted.lower().replace("_", "-") in ("utf-8", "utf8") else wanted
    try:
        return data.decode(codec)
    except LookupError as err:
        raise DatasetError(f"{path.name}: unknown encoding {encoding!r}") from err
    except UnicodeDecodeError as err:
        where = f"byte 0x{data[err.start]:02x} at offset {err.start}"
        if encoding is None:
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                pass
            else:
                raise DatasetError(
                    f"{path.name}: not UTF-8; it looks like GBK/GB18030 (an Excel export?). "
                    "Rerun with --encoding gb18030"
                ) from err
            raise DatasetError(
                f"{path.name}: not UTF-8 ({where}); save it as UTF-8 "
                "or name its encoding with --encoding"
            ) from err
        raise DatasetError(f"{path.name}: not valid {encoding} ({where})") from err


def _read_csv(path: Path, text: str) -> RawTable:
    """Parse CSV text: pyarrow when the file is regular, else the csv module, row by row."""
    text = text.rstrip("\r\n") + "\n"  # trailing blank lines are not records
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise DatasetError(f"{path.name}:1: unreadable CSV header: {err}") from err
    if not header:
        raise DatasetError(f"{path.name}: empty file or empty header line")
    header = [h.strip() for h in header]
    parsed = _parse_fast(text, len(header)) if reader.line_num == 1 else None
    if parsed is None:
        parsed = _parse_rows(path, text, len(header))
    frame, lines, n_fields = parsed
    frame, n_fields = _name_columns(path, frame, header, n_fields)
    return RawTable(path.name, frame, lines, False, n_fields, len(header))


def _parse_fast(text: str, width: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray] | None:
    """pyarrow's parser; None if there are blank or ragged lines (line numbers would drift)."""
    if "\n\n" in text or "\r\r" in text or "\n\r\n" in text:
        return None
    names = [f"c{i}" for i in range(width)]
    ragged: list[object] = []

    def skip(row: object) -> str:
        ragged.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if ragged:
        return None
    frame = pd.DataFrame(
        {i: _arrow_strings(table.column(i)) for i in range(width)},
        index=pd.RangeIndex(table.num_rows),
    )
    span = np.ones(table.num_rows, dtype=np.int64)  # physical lines per record
    if '"' in text:
        for i in range(width):
            span += pc.count_substring(table.column(i), "\n").to_numpy()
    lines = 2 + np.concatenate([[0], np.cumsum(span)[:-1]]) if len(span) else span
    return frame, lines.astype(np.int64), np.full(table.num_rows, width, dtype=np.int64)


def _parse_rows(path: Path, text: str, width: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The csv module, record by record: exact line numbers, ragged records padded."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    rows: list[list[str]] = []
    starts: list[int] = []
    counts: list[int] = []
    previous = reader.line_num
    try:
        for row in reader:
            if not row:  # a blank line is not a record
                previous = reader.line_num
                continue
            starts.append(previous + 1)
            previous = reader.line_num
            counts.append(len(row))
            if len(row) != width:
                row = (row + [""] * width)[:width]
            rows.append(row)
    except csv.Error as err:
        raise DatasetError(f"{path.name}:{reader.line_num}: unreadable CSV: {err}") from err
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    frame = pd.DataFrame(
        {i: pd.array(list(col), dtype=STRING_DTYPE) for i, col in enumerate(columns)},
        index=pd.RangeIndex(len(rows)),
    )
    return frame, np.asarray(starts, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def _arrow_strings(column: pa.ChunkedArray) -> pd.Series:
    """A pyarrow string column as a pandas ``string`` Series without a round trip via Python."""
    return column.to_pandas(
        types_mapper={pa.string(): STRING_DTYPE, pa.large_string(): STRING_DTYPE}.get
    )


def _name_columns(
    path: Path, frame: pd.DataFrame, header: list[str], n_fields: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """Give the columns their header names; drop unnamed empty ones (Excel's trailing commas)."""
    keep: list[int] = []
    for i, name in enumerate(header):
        if name:
            keep.append(i)
        elif (frame[i].str.strip() != "").any():
            raise DatasetError(f"{path.name}: column {i + 1} has values but no name in the header")
    names = [header[i] for i in keep]
    seen = {n for n in names if names.count(n) > 1}
    if seen:
        raise DatasetError(f"{path.name}: column(s) named twice in the header: {sorted(seen)}")
    if keep and keep[-1] < len(header) - 1:  # rows may stop after the last named column
        short = (n_fields > keep[-1]) & (n_fields < len(header))
        n_fields = np.where(short, len(header), n_fields)
    out = frame[keep].copy()
    out.columns = names
    return out, n_fields


def _read_parquet(path: Path) -> RawTable:
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as err:
        raise DatasetError(f"{path.name}: unreadable Parquet file: {err}") from err
    names = [str(n) for n in table.column_names]
    seen = {n for n in names if names.count(n) > 1}
    if seen:
        raise DatasetError(f"{path.name}: column(s) named twice: {sorted(seen)}")
    frame = pd.DataFrame(
        {name: _as_strings(table.column(i)) for i, name in enumerate(names)},
        index=pd.RangeIndex(table.num_rows),
    )
    lines = np.arange(table.num_rows, dtype=np.int64) + 2
    return RawTable(path.name, frame, lines, True, None, len(names))


def _as_strings(column: pa.ChunkedArray) -> pd.Series:
    """A Parquet column as the strings a CSV export would hold (dates as YYYY-MM-DD)."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        column = pc.cast(column, pa.date32())
    if pa.types.is_dictionary(kind):
        column = pc.cast(column, kind.value_type)
    if pa.types.is_floating(kind):  # pandas writes missing numbers as NaN
        column = pc.if_else(pc.is_nan(column), pa.scalar(None, kind), column)
    try:
        text = pc.cast(column, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        text = pa.chunked_array([[_to_text(v) for v in column.to_pylist()]], pa.large_string())
    return _arrow_strings(text)


def _to_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
