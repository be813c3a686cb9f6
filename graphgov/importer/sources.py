"""Registry exports (``.xlsx``/``.xlsm``/``.xls``/``.csv``/``.txt``) read into sheets of text.

A registry export is a table below one or two title rows (a merged 名录 title, an
"导出日期：2024-01-05" line). :func:`read_source` gives one :class:`Sheet` per non-empty
worksheet (a CSV file is one sheet): the header row found by :func:`find_header`, its cells
normalised by :func:`normalise_header`, and every data row as text with its 1-based row
number in the source, so that an imported row can name where it came from.

- Workbooks are read with python-calamine, which looks at the bytes, not the suffix (a
  ``.xls`` that is really an ``.xlsx`` reads). Cell values become text: strings stripped
  (full-width spaces too); integral numbers without ``.0`` (43525.0 -> ``43525``, an Excel
  date serial; a USCC stored as the number 9.13501e+17 -> ``913501000000000000``, which
  the validator rejects as Excel-mangled); other numbers as ``repr``; booleans
  ``true``/``false``; dates ``YYYY-MM-DD``; date-times ``YYYY-MM-DD HH:MM:SS``, or the date
  alone at midnight; an empty cell ``""``.
- CSV text is decoded as the caller says, or else: a UTF-8 BOM -> ``utf-8-sig``; a UTF-16
  BOM -> ``utf-16`` (tab-separated, Excel's "Unicode text"); valid UTF-8 -> ``utf-8``;
  valid GB18030 -> ``gb18030``; anything else is refused. ``.txt`` files are tab-separated,
  other CSV files comma-separated. Rows keep the physical line they start on; a quote left
  open (or a malformed quoted field) stops the read with the line it opened on.
- Below the header, a row whose cells are all empty is counted in ``blank_rows``, not
  kept; a row is padded or cut to the header's width (up to its last named cell), and a row
  that had non-empty cells beyond it is kept and listed in ``overflow``.

Every problem with a user's file is a :class:`graphgov.errors.DatasetError` (exit code 2)
that names the file, and the sheet or line where one applies.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine as calamine

from graphgov.errors import DatasetError
from graphgov.load.encoding import line_of, to_utf8

__all__ = ["SUFFIXES", "Sheet", "find_header", "normalise_header", "read_source"]

_EXCEL = (".xlsx", ".xlsm", ".xls")
#: The file suffixes :func:`read_source` reads (in any case).
SUFFIXES = (*_EXCEL, ".csv", ".txt")
#: How many rows from the top :func:`find_header` looks at.
HEADER_SEARCH_ROWS = 30

_SPACE = re.compile(r"\s+")
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Sheet:
    """One table of a source file: its header and its data rows, all as text."""

    file: str  #: the source file's name (``Path.name``)
    sheet: str  #: the worksheet's name; ``""`` for a CSV file
    header_row: int  #: 1-based row (CSV: line) number of the header row in the source
    columns: tuple[str, ...]  #: header cells normalised (:func:`normalise_header`)
    raw_columns: tuple[str, ...]  #: header cells as written
    rows: list[tuple[str, ...]]  #: data rows as text, each ``len(columns)`` long
    row_numbers: list[int]  #: the 1-based source row (CSV: line) each row starts on
    blank_rows: int  #: rows below the header with every cell empty (not in ``rows``)
    overflow: list[int]  #: source row numbers with non-empty cells beyond the header
    encoding: str | None  #: the CSV file's encoding; ``None`` for a workbook
    title: tuple[str, ...]  #: the non-empty cells of the rows above the header, in order
    problem: str = ""  #: a worksheet without a table (no header row): why; it has no rows


def normalise_header(cell: object) -> str:
    """A header cell as a column name: NFKC, no whitespace, no required/label markers.

    NFKC turns full-width brackets, letters and digits into ASCII ones; every whitespace
    character goes (spaces, U+3000, line breaks inside the cell); a leading ``*`` and
    trailing ``*``, ``:`` and ``：`` (required-field markers, labels) go too. ``None`` is
    ``""``.

    >>> normalise_header("注册资金（万元） ")
    '注册资金(万元)'
    >>> normalise_header("社会组织\\n名称*")
    '社会组织名称'
    >>> normalise_header("\\u3000*成立登记日期：")
    '成立登记日期'
    >>> normalise_header("ＵＳＣＣ １")
    'USCC1'
    >>> normalise_header(None)
    ''
    """
    if cell is None:
        return ""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", str(cell)))
    return text.lstrip("*").rstrip("*:")  # NFKC has made ＊ and ： ASCII


def find_header(rows: Sequence[Sequence[str]], known_headers: Collection[str]) -> int:
    """The 0-based index of the header row among `rows`, or -1 if none qualifies.

    Only the first 30 rows are looked at. Each row scores the number of its cells that,
    normalised (:func:`normalise_header`), are among `known_headers` (normalised too); the
    best row scoring at least 2 wins, the earliest on a tie. Failing that (or with no
    known headers), the header is the first row with at least 2 non-empty cells and at
    least 60% of the most non-empty cells any of those rows has: a title row has one cell,
    an export-date line one or two, and the table's rows are wider.

    >>> rows = [["杭州市社会组织名录"], ["导出日期：", "2024-01-05"],
    ...         ["名称", "类型", "住所", "状态"], ["老年协会", "社会团体", "曙光路", "正常"]]
    >>> find_header(rows, ())
    2

    A table of three columns is too narrow to tell a two-cell date line from its header
    (2 cells are 60% of 3); the known headers tell them apart:

    >>> narrow = [row[:3] for row in rows]
    >>> find_header(narrow, ()), find_header(narrow, {"名称", "类型", "状态"})
    (1, 2)
    >>> find_header([["说明"], ["一段话"]], ())
    -1
    """
    known = {normalise_header(h) for h in known_headers} - {""}
    names = [[normalise_header(c) for c in row] for row in rows[:HEADER_SEARCH_ROWS]]
    if known:
        scores = [sum(n in known for n in row) for row in names]
        best = max(scores, default=0)
        if best >= 2:
            return scores.index(best)
    filled = [sum(n != "" for n in row) for row in names]
    widest = max(filled, default=0)
    for index, count in enumerate(filled):
        if count >= 2 and count >= 0.6 * widest:
            return index
    return -1


def read_source(
    path: Path, *, encoding: str | None = None, known_headers: Collection[str] = ()
) -> list[Sheet]:
    """Read a registry export into one :class:`Sheet` per non-empty table.

    Parameters
    ----------
    path : Path
        An ``.xlsx``, ``.xlsm``, ``.xls``, ``.csv`` or ``.txt`` file (any case).
    encoding : str, optional
        A CSV file's encoding; detected when not given (see the module). Workbooks carry
        their own, so it does not apply to them (one option can serve mixed sources).
    known_headers : collection of str
        Column names the caller expects; they help :func:`find_header` pass over title rows.

    Raises
    ------
    DatasetError
        A missing or unreadable file, an unsupported suffix, an undecodable CSV file or an
        unknown encoding, a corrupt workbook, a quote left open, a CSV file with data but no
        header row. (A worksheet with data but no header row, such as a 说明 sheet of notes,
        is returned with ``problem`` saying so, and no rows.)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        supported = ", ".join(SUFFIXES)
        raise DatasetError(f"{path.name}: unsupported file type {suffix!r}; supported: {supported}")
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    if not path.is_file():
        raise DatasetError(f"{path.name}: not a file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DatasetError(f"{path.name}: cannot be read ({err.strerror})") from err
    if suffix in _EXCEL:
        return _read_workbook(path.name, data, known_headers)
    return [_read_text(path.name, data, encoding, suffix == ".txt", known_headers)]


def _read_workbook(file: str, data: bytes, known_headers: Collection[str]) -> list[Sheet]:
    """Every worksheet of workbook `data` that holds a non-empty cell, in workbook order."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        raise DatasetError(
            f"{file}: a web page (HTML) saved with a workbook's name, not a workbook; "
            "open it in Excel or WPS and save it as .xlsx"
        )
    sheets = []
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            values = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            try:
                sheet = _sheet(
                    file, meta.name, values, range(1, len(values) + 1), None, known_headers
                )
            except DatasetError as err:  # a notes sheet (说明): the caller decides
                cells = tuple(c for row in values[:3] for c in _texts(row) if c)
                sheet = Sheet(file, meta.name, 0, (), (), [], [], 0, [], None, cells, str(err))
            if sheet is not None:
                sheets.append(sheet)
    except calamine.PasswordError as err:
        raise DatasetError(f"{file}: password-protected; save a copy without a password") from err
    except BaseException as err:  # calamine's errors, and its panics on some corrupt .xls
        if not isinstance(err, calamine.CalamineError) and type(err).__name__ != "PanicException":
            raise
        reason = "corrupt, cut short, or not .xlsx/.xls"
        raise DatasetError(f"{file}: not a readable workbook ({reason}): {err}") from err
    return sheets


def _read_text(
    file: str, data: bytes, encoding: str | None, tabs: bool, known_headers: Collection[str]
) -> Sheet:
    """The one sheet of CSV (or tab-separated) file `data`."""
    text, codec = _decode(file, data, encoding)
    delimiter = "\t" if tabs or codec.startswith("utf-16") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    lasts: list[int] = []  # reader.line_num: the line each record ends on
    try:
        for record in reader:
            records.append(record)
            lasts.append(reader.line_num)
    except csv.Error as err:
        raise _csv_error(file, text, lasts[-1] + 1 if lasts else 1, delimiter, err) from err
    starts = [1, *(last + 1 for last in lasts[:-1])]
    sheet = _sheet(file, "", records, starts, codec, known_headers)
    if sheet is None:
        raise DatasetError(f"{file}: empty file (no header, no data)")
    return sheet


def _decode(file: str, data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text of `data` and its encoding: the given one, or the detected one."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as err:
            raise DatasetError(f"{file}: unknown encoding {encoding!r}") from err
    elif data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as err:
            not_utf8 = _where(data, err.start)
        try:
            data.decode("gb18030")
        except UnicodeDecodeError as err:
            raise DatasetError(
                f"{file}: neither UTF-8 nor GB18030 ({not_utf8} is not UTF-8, "
                f"{_where(data, err.start)} is not GB18030); pass --encoding ENC"
            ) from None
        codec = "gb18030"
    # to_utf8 decodes strictly and refuses UTF-8 lines inside a GB18030 (or other) file
    return to_utf8(file, data, codec).decode("utf-8").removeprefix("\ufeff"), codec


def _where(data: bytes, offset: int) -> str:
    return f"byte 0x{data[offset]:02x} on line {line_of(data, offset)}"


def _csv_error(file: str, text: str, start: int, delimiter: str, err: csv.Error) -> DatasetError:
    """The error for a record that the csv module refused; it starts on line `start`."""
    offset = 0
    for _, match in zip(range(start - 1), _BREAK.finditer(text), strict=False):
        offset = match.end()
    opened = _open_quote(text, offset, delimiter)
    if opened is not None:
        line = start + len(_BREAK.findall(text, offset, opened))
        return DatasetError(f"{file}:{line}: a quoted field opened on line {line} is never closed")
    return DatasetError(
        f"{file}:{start}: malformed quoted field ({err}); a quoted field must end at a "
        "delimiter or a line end, and a quote inside it is written twice"
    )


def _open_quote(text: str, offset: int, delimiter: str) -> int | None:
    """The offset of the quote that opens a field and is never closed, from `offset` on."""
    i = offset
    while (j := text.find('"', i)) >= 0:
        if j > offset and text[j - 1] not in (delimiter, "\r", "\n"):
            i = j + 1  # a quote inside an unquoted field is a character
            continue
        k = j + 1
        while True:
            k = text.find('"', k)
            if k < 0:
                return j
            if text.startswith('""', k):
                k += 2
                continue
            break
        i = k + 1
    return None


def _sheet(
    file: str,
    name: str,
    values: Sequence[Sequence[object]],
    numbers: Sequence[int],
    encoding: str | None,
    known_headers: Collection[str],
) -> Sheet | None:
    """The table in `values` (rows numbered by `numbers`), or None if it has no cell."""
    top = [[_raw_text(v).strip() for v in row] for row in values[:HEADER_SEARCH_ROWS]]
    index = find_header(top, known_headers)
    if index < 0:
        if not any(any(_texts(row)) for row in values):
            return None
        where = f"{file}, sheet {name!r}" if name else file
        raise DatasetError(
            f"{where}: no header row in the first {HEADER_SEARCH_ROWS} rows "
            "(a row with at least 2 non-empty cells, and 60% as many as the widest row)"
        )
    header = values[index]
    named = [i for i, cell in enumerate(header) if normalise_header(_raw_text(cell))]
    width = named[-1] + 1
    raw = tuple(_raw_text(cell) for cell in header[:width])
    title = tuple(cell for row in top[:index] for cell in row if cell)
    rows, row_numbers, blank, overflow = _body(values[index + 1 :], numbers[index + 1 :], width)
    return Sheet(
        file=file,
        sheet=name,
        header_row=numbers[index],
        columns=tuple(normalise_header(c) for c in raw),
        raw_columns=raw,
        rows=rows,
        row_numbers=row_numbers,
        blank_rows=blank,
        overflow=overflow,
        encoding=encoding,
        title=title,
    )


def _body(
    values: Sequence[Sequence[object]], numbers: Iterable[int], width: int
) -> tuple[list[tuple[str, ...]], list[int], int, list[int]]:
    """The data rows (as text, `width` wide), their numbers, the blank count, the overflow."""
    rows: list[tuple[str, ...]] = []
    kept: list[int] = []
    overflow: list[int] = []
    blank = 0
    pad = ("",) * width
    for number, row in zip(numbers, values, strict=True):
        cells = _texts(row)
        if not any(cells):
            blank += 1
            continue
        n = len(cells)
        if n == width:
            rows.append(tuple(cells))
        elif n < width:
            rows.append((*cells, *pad[n:]))
        else:
            if any(cells[width:]):
                overflow.append(number)
            rows.append(tuple(cells[:width]))
        kept.append(number)
    return rows, kept, blank, overflow


def _texts(row: Sequence[object]) -> list[str]:
    """The cells of `row` as text (the hot loop: strings take the short way)."""
    return [v.strip() if v.__class__ is str else _raw_text(v).strip() for v in row]  # type: ignore[union-attr]


def _raw_text(value: object) -> str:
    """One cell as text (see the module), a string as it is."""
    convert = _CONVERT.get(value.__class__)
    return convert(value) if convert is not None else ("" if value is None else str(value))


def _float(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _datetime(value: dt.datetime) -> str:
    """A date-time as text; at midnight, the date alone (calamine 0.9 gives a date then).

    >>> _datetime(dt.datetime(2019, 3, 1)), _datetime(dt.datetime(2020, 1, 2, 3, 4, 5, 6))
    ('2019-03-01', '2020-01-02 03:04:05')
    """
    if value.time() == dt.time():
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="seconds")


_CONVERT: dict[type, Callable[[object], str]] = {
    str: lambda v: v,  # type: ignore[dict-item]
    int: str,
    float: _float,  # type: ignore[dict-item]
    bool: lambda v: "true" if v else "false",
    dt.date: dt.date.isoformat,  # type: ignore[dict-item]
    dt.datetime: _datetime,  # type: ignore[dict-item]
    dt.time: lambda v: v.isoformat(timespec="seconds"),  # type: ignore[attr-defined]
    dt.timedelta: str,
}
