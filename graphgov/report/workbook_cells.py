"""The cells of ``report.xlsx`` (:mod:`graphgov.report.workbook`): how one value is written.

Numbers are numbers, in the Excel number format of the section's format string
(:func:`number_format`: ``{:.1%}`` -> ``0.0%``); a missing or infinite one is an empty
cell. Text is a string in the text format ``@`` (:func:`text_cell`, :func:`value_cell`),
so a 12-digit code or a USCC never becomes a number and ``=HYPERLINK(...)`` stays a
string, never a formula. A text column shows what the page shows
(:func:`~graphgov.report.display.cell`) but every item of a list (:func:`shown_text`).
Control characters become spaces and a text longer than :data:`CELL_CHARS` ends in ``…``
(:func:`cell_text`). :func:`text_width` measures a text to size its column.

Examples
--------
>>> text_width("党组织 A1")
9
>>> cell_text("甲\\x01乙")
'甲 乙'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray

from graphgov.report.display import cell
from graphgov.report.i18n import names_list

__all__ = [
    "CELL_CHARS",
    "as_number",
    "cell_text",
    "column_style",
    "number_format",
    "shown_text",
    "text_cell",
    "text_width",
    "value_cell",
]

#: Characters an Excel cell holds.
CELL_CHARS = 32_767
_FORMAT = re.compile(r"^\{:(,?)\.(\d+)([f%])\}$")
_WRAP = Alignment(wrap_text=True, vertical="top")


def text_width(text: str) -> int:
    """How many character widths `text` takes in a cell: a wide (CJK) character two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_text(value: str) -> str:
    """`value` as an Excel cell holds it: control characters as spaces, cut to fit."""
    text = ILLEGAL_CHARACTERS_RE.sub(" ", value)
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def shown_text(value: object, fmt: str | None) -> str:
    """A text column's value as the workbook shows it: as on the page
    (:func:`~graphgov.report.display.cell`), but a list in full."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple | set | frozenset):
        return names_list(value, first=len(value))
    return cell(value, fmt)


def as_number(value: object) -> int | float | None:
    """A numeric column's value as a number; None for a missing or infinite one."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    number = float(value)
    return number if np.isfinite(number) else None


def number_format(fmt: str | None) -> str:
    """The Excel number format of a section's format string: ``{:.1%}`` -> ``0.0%``,
    ``{:,.0f}`` -> ``#,##0``; ``General`` for anything else.

    >>> [number_format(f) for f in ("{:.1%}", "{:,.1f}", "{:.4f}", None)]
    ['0.0%', '#,##0.0', '0.0000', 'General']
    """
    match = _FORMAT.match(fmt or "")
    if not match:
        return "General"
    comma, digits, kind = match.groups()
    decimals = "." + "0" * int(digits) if int(digits) else ""
    return ("#,##0" if comma else "0") + decimals + ("%" if kind == "%" else "")


def text_cell(ws, value: str, *, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
    """A string cell in the text format: never read as a formula or a number."""
    c = WriteOnlyCell(ws, value=cell_text(value))
    c.data_type = "s"
    c.number_format = "@"
    if font is not None:
        c.font = font
    if wrap:
        c.alignment = _WRAP
    return c


def column_style(ws, excel: str) -> StyleArray:
    """The style of a data cell in the number format `excel`, made once per column and
    shared by its cells (openpyxl only reads it; setting the format on every cell costs
    a lookup each)."""
    proto = WriteOnlyCell(ws)
    proto.number_format = excel
    return proto._style


def value_cell(
    ws, value: object, numeric: bool, fmt: str | None, excel: str, style: StyleArray
) -> WriteOnlyCell | int | float | None:
    """A data cell: text as a string in the text format, numbers as numbers; None (an
    empty cell) for a missing value."""
    if numeric:
        number = as_number(value)
        if number is None or excel == "General":
            return number
        c = WriteOnlyCell(ws, value=number)
    else:
        text = shown_text(value, fmt)
        if text == "":
            return None
        c = WriteOnlyCell(ws, value=cell_text(text))
        c.data_type = "s"
    c._style = style
    return c
