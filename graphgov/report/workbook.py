"""``report.xlsx``: the report's tables as an Excel workbook a planner can filter and forward.

The first sheet (说明 / About) holds the title, the facts (dataset, ``as_of``, source,
synthetic ...), a linked list of the sheets, every section's definition and headline, and
that the CSV files keep the contract's column names. Then a sheet per table, named
``<section>-<table>`` (at most 31 characters, unique, without ``[]:*?/\\``), showing what
the page shows (:mod:`graphgov.report.display`: columns, order, headers in the language in
use, yes/no as words) but every row (up to :data:`EXCEL_ROWS`; a cut sheet says so) and
every item of a list (joined with 、). Its header row is frozen, filtered and printed on
each page; columns are as wide as their text (a CJK character counts double).

Numbers are numbers (a share the section formats as a percentage in ``0.0%``); text is a
string in the text format ``@``, so a 12-digit code or a USCC never becomes a number and
``=HYPERLINK(...)`` is kept unchanged as a string, never a formula (``@`` keeps it text
when edited). Control characters become spaces; a text longer than :data:`CELL_CHARS`
ends in ``…``. A synthetic dataset (its facts say so) is marked on the first sheet and in
every sheet's print header. The same sections give the same bytes (fixed dates).

This module plans and writes the sheets and the file; how one value becomes a cell
(text, number, number format, width) lives in :mod:`graphgov.report.workbook_cells`.

Examples
--------
>>> sheet_name("Gaps: by manager [2020]/*", set())
'Gaps- by manager -2020---'
>>> text_width("党组织 A1")
9
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from graphgov.report.display import cell, display_columns, is_numeric
from graphgov.report.document import Section, table_heading
from graphgov.report.i18n import col, has, num, t
from graphgov.report.workbook_cells import (
    CELL_CHARS,
    cell_text,
    column_style,
    number_format,
    text_cell,
    text_width,
    value_cell,
)

__all__ = [
    "CELL_CHARS",
    "EXCEL_ROWS",
    "FIXED_DATE",
    "number_format",
    "sheet_name",
    "text_width",
    "write_workbook",
]

#: Rows of an Excel sheet: a table sheet holds its header and at most 3 less (:func:`_held`).
EXCEL_ROWS = 1_048_576
#: The date the workbook's properties and zip entries carry, so that a file is reproducible.
FIXED_DATE = datetime(2000, 1, 1)
_SHEET_CHARS = 31
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
#: Names Excel keeps for itself (compared case-insensitively).
_RESERVED = {"history"}
#: Column widths: least, most, most a header asks (it wraps); rows read to size a column.
_WIDTH_MIN, _WIDTH_MAX, _HEADER_WIDTH, _WIDTH_ROWS = 6, 60, 24, 1000
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_MARK = Font(bold=True, color="C00000")
_LINK = Font(color="0563C1", underline="single")
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")


@dataclass(frozen=True)
class _Sheet:
    """One table's sheet: its section, table name and rows, sheet name and label."""

    section: Section
    table: str
    df: pd.DataFrame
    name: str
    label: str


def write_workbook(
    sections: Sequence[Section],
    path: str | Path,
    *,
    title: str,
    facts: Sequence[tuple[str, str]],
) -> Path:
    """Write the workbook of `sections` to `path`, in the language in use.

    Parameters
    ----------
    sections
        The report's sections, in order; each of their tables becomes a sheet.
    path
        The ``.xlsx`` file to write (replaced if it exists).
    title
        The report's title, first on the first sheet and in every sheet's print footer.
    facts
        ``(label, value)`` rows for the first sheet (dataset, ``as_of``, source ...). The
        fact ``page.fact_synthetic`` answered ``format.yes`` marks the workbook synthetic.

    Returns
    -------
    Path
        `path`.
    """
    mark = _synthetic_mark(facts)
    book = Workbook(write_only=True)
    book.properties.creator = "graphgov"
    book.properties.title = cell_text(title)
    book.properties.created = book.properties.modified = FIXED_DATE
    about = book.create_sheet(t("workbook.about_sheet"))
    sheets = _plan(sections, {about.title.casefold()})
    _write_about(about, sections, sheets, title=title, facts=facts, mark=mark)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        _write_table(ws, sheet)
        _print_setup(ws, sheet.label, title, mark)
    _print_setup(about, t("workbook.about_sheet"), title, mark)
    out = Path(path)
    out.write_bytes(_save(book))
    return out


def sheet_name(text: str, taken: set[str]) -> str:
    """`text` as a sheet name Excel takes: ``[]:*?/\\`` as ``-``, no control characters,
    no apostrophe at either end, at most 31 characters, not in `taken` (compared
    case-insensitively, as Excel does; `taken` gets the new name), a number added when
    needed: ``Gaps (2)``."""
    base = ILLEGAL_CHARACTERS_RE.sub(" ", _BAD_SHEET.sub("-", text)).strip().strip("'").strip()
    base = (base or "Sheet")[:_SHEET_CHARS].rstrip()
    name, n = base, 1
    while name.casefold() in taken | _RESERVED:
        n += 1
        suffix = f" ({n})"
        name = base[: _SHEET_CHARS - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name


def _synthetic_mark(facts: Sequence[tuple[str, str]]) -> str | None:
    """The synthetic-data mark when the facts say the data are synthetic."""
    synthetic = (t("page.fact_synthetic"), t("format.yes"))
    return t("page.synthetic_mark") if any(tuple(f) == synthetic for f in facts) else None


def _plan(sections: Sequence[Section], taken: set[str]) -> list[_Sheet]:
    """A sheet per table, named ``<section>-<table>`` from the catalogue."""
    out = []
    for s in sections:
        short = t(f"workbook.sheet.{s.key}") if has(f"workbook.sheet.{s.key}") else s.title
        for name, df in s.tables:
            heading = table_heading(name)
            out.append(
                _Sheet(
                    section=s,
                    table=name,
                    df=df,
                    name=sheet_name(t("workbook.sheet_name", section=short, table=heading), taken),
                    label=t("workbook.table_label", section=s.title, table=heading),
                )
            )
    return out


# --- sheets -----------------------------------------------------------------------------


def _write_table(ws, sheet: _Sheet) -> None:
    """The table: a frozen, filtered header row, then its rows, widths to fit."""
    s, df = sheet.section, sheet.df
    order = display_columns(df.columns)
    frame = df.set_axis([str(c) for c in df.columns], axis=1)[order]
    numeric = [is_numeric(frame[c]) for c in order]
    formats = [s.formats.get(c) for c in order]
    excel = [number_format(f) if n else "@" for f, n in zip(formats, numeric, strict=True)]
    heads = [col(c, s.key) for c in order]
    limit = _held(len(frame))
    rows = frame.head(limit).itertuples(index=False, name=None)
    sample = frame.head(_WIDTH_ROWS)
    for j, (head, c, fmt) in enumerate(zip(heads, order, formats, strict=True), start=1):
        width = max(
            [min(text_width(head), _HEADER_WIDTH)] + [text_width(cell(v, fmt)) for v in sample[c]]
        )
        ws.column_dimensions[get_column_letter(j)].width = (
            min(_WIDTH_MAX, max(_WIDTH_MIN, width)) + 2
        )
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(order)))
    ws.auto_filter.ref = f"A1:{last}{limit + 1}"
    ws.print_title_rows = "1:1"
    header = []
    for head in heads:
        c = text_cell(ws, head, font=_BOLD, wrap=True)
        c.fill = _HEAD_FILL
        header.append(c)
    ws.append(header)
    styles = [column_style(ws, e) for e in excel]
    columns = list(zip(numeric, formats, excel, styles, strict=True))
    for row in rows:
        ws.append([value_cell(ws, v, *c) for v, c in zip(row, columns, strict=True)])
    note = _table_note(sheet)
    if note:
        ws.append([])
        ws.append([text_cell(ws, note, font=_BOLD)])


def _held(rows: int) -> int:
    """How many of a table's `rows` its sheet holds: under the last, a blank row and the
    note that the sheet is cut must fit in :data:`EXCEL_ROWS` with the header."""
    return min(rows, EXCEL_ROWS - 3)


def _table_note(sheet: _Sheet) -> str:
    """What the sheet says under its rows: that it has none, that it is cut at Excel's
    limit, or nothing."""
    total, shown = len(sheet.df), _held(len(sheet.df))
    if total == 0:
        return t("workbook.no_rows")
    if shown < total:
        csv = sheet.section.csv_name(sheet.table)
        return t("workbook.note_cut", shown=num(shown), total=num(total), csv=csv)
    return ""


def _write_about(
    ws,
    sections: Sequence[Section],
    sheets: Sequence[_Sheet],
    *,
    title: str,
    facts: Sequence[tuple[str, str]],
    mark: str | None,
) -> None:
    """The first sheet: title, facts, the sheets, the definitions, the CSV note."""
    for j, width in enumerate((30, 70, 40, 34, 40), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width

    def heads(*keys: str) -> list[WriteOnlyCell]:
        return [text_cell(ws, t(f"workbook.{k}"), font=_BOLD) for k in keys]

    ws.append([text_cell(ws, title, font=_TITLE)])
    if mark:
        ws.append([text_cell(ws, mark, font=_MARK)])
    ws.append([])
    ws.append(heads("facts_heading"))
    for label, value in facts:
        ws.append([text_cell(ws, str(label), font=_BOLD), text_cell(ws, str(value))])
    ws.append([])
    ws.append(heads("sheets_heading"))
    ws.append(heads("col_sheet", "col_table", "col_rows", "col_csv", "col_note"))
    for sheet in sheets:
        link = text_cell(ws, sheet.name, font=_LINK)
        quoted = sheet.name.replace("'", "''")
        link.hyperlink = Hyperlink(ref="", location=f"'{quoted}'!A1", display=sheet.name)
        ws.append(
            [
                link,
                text_cell(ws, sheet.label, wrap=True),
                len(sheet.df),
                text_cell(ws, sheet.section.csv_name(sheet.table)),
                text_cell(ws, _table_note(sheet), wrap=True),
            ]
        )
    ws.append([])
    ws.append(heads("sections_heading"))
    ws.append(heads("col_section", "col_definition", "col_headline"))
    for s in sections:
        ws.append(
            [
                text_cell(ws, s.title, font=_BOLD, wrap=True),
                text_cell(ws, s.definition, wrap=True),
                text_cell(ws, s.headline, wrap=True),
            ]
        )
    ws.append([])
    ws.append([text_cell(ws, t("workbook.csv_note"))])


def _print_setup(ws, label: str, title: str, mark: str | None) -> None:
    """Print on A4 landscape, one page wide; the header names the table (and the synthetic
    mark, in the middle), the footer the report and the page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = _header_text(label)
    if mark:
        ws.oddHeader.center.text = _header_text(mark)
        ws.oddHeader.center.font = "-,Bold"
    ws.oddFooter.left.text = _header_text(title)
    ws.oddFooter.right.text = t("workbook.page")


def _header_text(text: str) -> str:
    """Text for a print header or footer: ``&`` (its code character) doubled, kept short
    (Excel takes 255 characters for all of a header's parts)."""
    return ILLEGAL_CHARACTERS_RE.sub(" ", text)[:80].replace("&", "&&")


def _save(book: Workbook) -> bytes:
    """The workbook's bytes, with the fixed properties and zip dates (openpyxl's own save
    sets ``modified`` to now, and the zip stamps entries with the time of writing)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst,
    ):
        for entry in src.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(entry.filename))
    return out.getvalue()
