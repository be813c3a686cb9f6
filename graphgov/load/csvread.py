"""Reading a CSV table file: one parser, pyarrow's, decides what a record and a line are.

- A *record* ends at a line break outside quotes; ``\\n``, ``\\r\\n`` and a lone ``\\r``
  are line breaks alike, and one inside a quoted value is part of the value.
- *Line numbers* are physical lines (header = line 1): a record starts on the line after
  the previous record's last line, blank lines included. A blank line is not a record.
- A record with more or fewer fields than the header is kept, padded or cut to the
  header's width, and rejected as ``bad_row`` by the validator.
- A quoted value that runs over line breaks and holds a line with as many commas as a
  record has (the header's width - 1, at least 1) is taken for a quote left open: the
  record is rejected as ``bad_row`` with the lines it swallowed. (A legitimate multi-line
  value, an address or a note, rarely holds such a line.)
- There is no limit on the length of a value or a record other than the file's size.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graphgov.errors import DatasetError
from graphgov.load.encoding import to_utf8
from graphgov.load.names import check_header, is_unnamed
from graphgov.load.rawtable import RawTable, arrow_strings

__all__ = ["read_csv_file"]

_BREAK = re.compile(r"\r\n|\r|\n")
#: pyarrow's block size (its default), and how many blocks a file is read in at most: a
#: few blocks keep both cores busy, and few chunks make every later step cheaper.
_BLOCK, _BLOCKS = 1 << 20, 4


def read_csv_file(path: Path, encoding: str | None = None) -> RawTable:
    """Read CSV file `path` into strings (see the module's rules).

    Raises
    ------
    DatasetError
        An undecodable or empty file, an empty header, a column with values but no name,
        a header name used twice or holding a control character.
    """
    raw = path.read_bytes()
    data = to_utf8(path.name, raw, encoding)
    if re.search(rb"[^\r\n]", data) is None:
        raise DatasetError(f"{path.name}: empty file or empty header line")
    table, invalid = _parse(path.name, data)
    if table.num_rows == 0:
        raise DatasetError(f"{path.name}: empty file or empty header line")
    width = table.num_columns
    header = [str(table.column(i)[0].as_py()) for i in range(width)]
    if width == 1 and not header[0].strip():
        raise DatasetError(f"{path.name}: empty file or empty header line")
    header_span = 1 + sum(_breaks(h) for h in header)
    body = table.slice(1)
    columns, n_fields, spans = _records(body, invalid, width, b'"' in data)
    lines = 1 + header_span + np.cumsum(spans) - spans  # the line each record starts on
    keep = ~_blank(columns, n_fields, spans, lines, data, width)
    if not keep.all():
        index = pa.array(np.flatnonzero(keep))
        columns = [c.take(index) for c in columns]
        lines, n_fields, spans = lines[keep], n_fields[keep], spans[keep]
    names = [h.strip() for h in header]
    check_header(path.name, names)
    named = [i for i, n in enumerate(names) if not is_unnamed(n)]
    for i in set(range(width)) - set(named):
        if pc.any(pc.not_equal(pc.utf8_trim_whitespace(columns[i]), "")).as_py():
            raise DatasetError(f"{path.name}: column {i + 1} has values but no name in the header")
    if named and named[-1] < width - 1:  # rows may stop after the last named column
        short = (n_fields > named[-1]) & (n_fields < width)
        n_fields = np.where(short, width, n_fields)
    frame = pd.DataFrame(
        {names[i]: arrow_strings(columns[i]) for i in named},
        index=pd.RangeIndex(len(lines)),
    )
    out = RawTable(path.name, frame, lines, False, n_fields, width)
    swallowed = _swallowed(columns, names, spans, lines, width)
    if len(swallowed):
        out.problems.append(("bad_row", swallowed))
    return out


def _parse(file: str, data: bytes) -> tuple[pa.Table, list]:
    """pyarrow's parse of `data`, every field a string, the header as row 0; and the ragged
    records as ``(record number counting the header as 1, field count, text)``."""
    first_line = re.search(rb"\r|\n", data)
    bound = data.count(b",", 0, first_line.start() if first_line else len(data)) + 1
    threads, big = True, False
    while True:
        invalid: list = []
        try:
            table = _arrow_read(data, bound, invalid, threads, big)
        except pa.ArrowInvalid as err:
            text = str(err)
            if "straddl" in text and not big:  # a record longer than a block: one block
                big = True
                continue
            raise DatasetError(f"{file}: unreadable CSV: {text}") from err
        if table.num_columns > bound:  # the header runs over lines: now its width is known
            bound = table.num_columns
            continue
        if invalid and threads:  # record numbers are known when read in one thread only
            threads = False
            continue
        return table, invalid


def _arrow_read(data: bytes, bound: int, invalid: list, threads: bool, big: bool) -> pa.Table:
    def ragged(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    read = pacsv.ReadOptions(
        autogenerate_column_names=True,
        use_threads=threads,
        block_size=len(data) + 1 if big else max(_BLOCK, len(data) // _BLOCKS + 1),
    )
    return pacsv.read_csv(
        pa.BufferReader(data),
        read_options=read,
        parse_options=pacsv.ParseOptions(
            newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=ragged
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={f"f{i}": pa.large_string() for i in range(bound)},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,  # to_utf8 checked it, or made it
        ),
    )


def _read_strings(data: bytes, bound: int) -> pa.Table:
    """Records without a header (the ragged ones, rejoined), every field a string."""
    return _arrow_read(data, bound, [], threads=False, big=True)


def _records(
    body: pa.Table, invalid: list, width: int, quoted: bool
) -> tuple[list[pa.ChunkedArray], np.ndarray, np.ndarray]:
    """Every record in file order: columns cut or padded to `width`, field counts, and the
    physical lines each spans (1 + the line breaks inside its values)."""
    columns = [body.column(i) for i in range(width)]
    spans = np.ones(body.num_rows, dtype=np.int64)
    if quoted:  # without a quote no value holds a line break
        for column in columns:
            spans += _column_breaks(column)
    n_fields = np.full(body.num_rows + len(invalid), width, dtype=np.int64)
    if not invalid:
        return columns, n_fields, spans
    invalid.sort()
    at = np.array([number - 2 for number, _, _ in invalid], dtype=np.int64)
    ragged = np.zeros(len(n_fields), dtype=bool)
    ragged[at] = True
    order = np.empty(len(n_fields), dtype=np.int64)
    order[~ragged] = np.arange(body.num_rows)
    order[at] = body.num_rows + np.arange(len(invalid))
    extra = _ragged_fields(invalid, width)
    columns = [
        pa.concat_arrays([c.combine_chunks(), pa.array(f, pa.large_string())]).take(pa.array(order))
        for c, f in zip(columns, extra, strict=True)
    ]
    n_fields[at] = [count for _, count, _ in invalid]
    all_spans = np.empty(len(n_fields), dtype=np.int64)
    all_spans[~ragged] = spans
    all_spans[at] = [1 + _breaks(text) for _, _, text in invalid]
    return columns, n_fields, all_spans


def _ragged_fields(invalid: list, width: int) -> list[list[str]]:
    """The fields of the ragged records, per column, cut or padded with "" to `width`."""
    out = [[""] * len(invalid) for _ in range(width)]
    by_count: dict[int, list[int]] = {}
    for j, (_, count, _) in enumerate(invalid):
        by_count.setdefault(count, []).append(j)
    for count, members in by_count.items():
        text = "\n".join(invalid[j][2] for j in members).encode("utf-8") + b"\n"
        table = _read_strings(text, count)
        if table.shape != (len(members), count):
            raise DatasetError("unreadable CSV: a ragged record does not parse alike twice")
        for i in range(min(count, width)):
            for j, value in zip(members, table.column(i).to_pylist(), strict=True):
                out[i][j] = value
    return out


def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _column_breaks(column: pa.ChunkedArray) -> np.ndarray:
    """The line breaks in each value of `column`."""
    lf = pc.count_substring(column, "\n")
    cr = pc.count_substring(column, "\r")
    total = pc.add(lf, cr)
    if pc.max(cr).as_py():
        total = pc.subtract(total, pc.count_substring(column, "\r\n"))
    return total.to_numpy()


def _blank(
    columns: list[pa.ChunkedArray],
    n_fields: np.ndarray,
    spans: np.ndarray,
    lines: np.ndarray,
    data: bytes,
    width: int,
) -> np.ndarray:
    """Which records are blank lines (the parser gives those as all-empty records)."""
    candidate = (n_fields == width) & (spans == 1)
    for column in columns:  # column by column, while some record may still be blank
        if not candidate.any():
            return candidate
        candidate &= pc.binary_length(column).to_numpy() == 0
    if not candidate.any():
        return candidate
    starts = _line_starts(data)[lines[candidate] - 1]
    arr = np.frombuffer(data, dtype=np.uint8)
    first = arr[np.minimum(starts, len(arr) - 1)]
    candidate[candidate] = (starts >= len(arr)) | (first == 10) | (first == 13)
    return candidate


def _line_starts(data: bytes) -> np.ndarray:
    """The byte offset where each physical line starts (line 1 at 0)."""
    arr = np.frombuffer(data, dtype=np.uint8)
    lf = np.flatnonzero(arr == 10)
    cr = np.flatnonzero(arr == 13)
    if len(cr):  # a CR directly before an LF is part of that line break
        after = np.minimum(cr + 1, len(arr) - 1)
        cr = cr[(cr + 1 >= len(arr)) | (arr[after] != 10)]
    return np.concatenate([[0], np.union1d(lf, cr) + 1])


def _swallowed(
    columns: list[pa.ChunkedArray],
    names: list[str],
    spans: np.ndarray,
    lines: np.ndarray,
    width: int,
) -> pd.Series:
    """Details for the records whose quoted value holds lines that look like rows."""
    multi = np.flatnonzero(spans > 1)
    found: dict[int, str] = {}
    if not len(multi):
        return pd.Series(found, dtype=object)
    need = max(width - 1, 1)
    values = [c.take(pa.array(multi)).to_pylist() for c in columns]
    for k, row in enumerate(multi.tolist()):
        line = int(lines[row])
        for i in range(width):
            parts = _BREAK.split(values[i][k])
            rowlike = sum(part.count(",") >= need for part in parts[1:])
            if rowlike and row not in found:
                column = names[i] or f"column {i + 1}"
                found[row] = (
                    f"a quoted value in {column} runs from line {line} to line "
                    f"{line + len(parts) - 1} and holds {rowlike} line(s) that look like rows "
                    f"of their own: a quote left open on line {line}?"
                )
            line += len(parts) - 1
    return pd.Series(found, dtype=object)
