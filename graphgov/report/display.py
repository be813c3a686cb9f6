"""How a report table is shown to people: names first, headers and yes/no in the reader's
language, list cells short, and the county each row belongs to; as Markdown
(:func:`markdown_table`) or HTML (:func:`html_table`).

This is the display only. The CSV exports of :func:`graphgov.report.document.write_report`
keep each table as the analysis returned it: the contract's column names, in the contract's
order, every item of a list.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.i18n import language
>>> df = pd.DataFrame({"org_id": ["A"], "name": ["慈善协会"], "region_code": ["330106001001"]})
>>> display_columns(df.columns)
['name', 'org_id', 'region_code']
>>> row_counties(df)
['330106']
>>> with language("zh"):
...     cell(["甲协会", "乙协会", "丙协会", "丁协会"], None), cell(True, None)
('甲协会、乙协会、丙协会等4个', '是')
"""

from __future__ import annotations

import html as _html_lib
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from graphgov.output import markdown_lines
from graphgov.report.i18n import col, names_list, t

__all__ = [
    "COUNTY_COLUMNS",
    "HTML_ROWS",
    "cell",
    "county_of",
    "display",
    "display_columns",
    "html",
    "html_table",
    "is_numeric",
    "markdown_table",
    "row_counties",
]

#: Columns that may place a row in a county, in the order they are asked.
COUNTY_COLUMNS = (
    "county_code",
    "county",
    "region_code",
    "group",
    "code",
    "township_code",
    "community_code",
    "org_region",
)
_DIVISION = re.compile(r"^\d{6}(?:\d{6})?$")
#: Control characters HTML does not allow in text (tab, newline and carriage return it does).
_HTML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Rows of each table the HTML page holds (its script can show them all); the CSV has all.
HTML_ROWS = 1000


def display_columns(columns: Iterable[object]) -> list[str]:
    """The columns in display order: the name columns first (``name``, ``*_name``,
    ``*_names``), in their order, then the others, in theirs."""
    names = [str(c) for c in columns]
    first = [c for c in names if c == "name" or c.endswith(("_name", "_names"))]
    return first + [c for c in names if c not in first]


def is_numeric(series: pd.Series) -> bool:
    """Whether a column is shown (and sorted) as numbers: numeric and not boolean."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def cell(value: object, fmt: str | None) -> str:
    """One value as display text: missing is empty, a list is a short list of its first
    items (:func:`~graphgov.report.i18n.names_list`), yes/no in the reader's language,
    floats short, and `fmt` (e.g. ``"{:.1%}"``) where the section gives one."""
    if isinstance(value, np.ndarray | np.generic):
        value = value.tolist()
    if isinstance(value, list | tuple | set | frozenset):
        return names_list(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if fmt is not None:
        return fmt.format(value)
    if isinstance(value, bool):
        return t("format.yes") if value else t("format.no")
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def display(
    df: pd.DataFrame,
    formats: Mapping[str, str] | None,
    limit: int | None,
    *,
    area: str | None = None,
) -> tuple[list[str], list[list[str]], list[bool]]:
    """Headers (:func:`~graphgov.report.i18n.col`, read for section `area`), display rows
    and a numeric flag per column of the first `limit` rows, the name columns first."""
    order = display_columns(df.columns)
    frame = df.set_axis([str(c) for c in df.columns], axis=1)[order]
    shown = frame if limit is None else frame.head(limit)
    formats = formats or {}
    numeric = [is_numeric(frame[c]) for c in order]
    rows = [
        [cell(v, formats.get(c)) for c, v in zip(order, row, strict=True)]
        for row in shown.itertuples(index=False, name=None)
    ]
    return [col(c, area) for c in order], rows, numeric


def county_of(value: object) -> str:
    """The 6-digit county of a 12- or 6-digit division code at county level or below;
    ``""`` for a province or city, or anything else.

    >>> county_of("330106001001"), county_of("330106"), county_of("330100000000"), county_of("M1")
    ('330106', '330106', '', '')
    """
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _DIVISION.match(text) or text[4:6] == "00":
        return ""
    return text[:6]


def row_counties(df: pd.DataFrame, limit: int | None = None) -> list[str]:
    """The county of each of the first `limit` rows: from the first of
    :data:`COUNTY_COLUMNS` whose value on that row is a division code at county level or
    below (:func:`county_of`); ``""`` for a row without one."""
    shown = df if limit is None else df.head(limit)
    present = [c for c in COUNTY_COLUMNS if c in shown.columns]
    if not present:
        return [""] * len(shown)
    out = []
    for values in shown[present].itertuples(index=False, name=None):
        out.append(next((c for c in map(county_of, values) if c), ""))
    return out


def markdown_table(
    df: pd.DataFrame,
    *,
    formats: Mapping[str, str] | None = None,
    limit: int | None = None,
    area: str | None = None,
) -> str:
    """A GitHub-flavoured Markdown table (numbers right-aligned); no ``tabulate`` needed.

    Cells are escaped as ``graphgov report NAME --format md`` escapes them
    (:func:`graphgov.output.md_cell`); this writer adds the report's display (name columns
    first, headers in the report's language, short lists), formats, row limit and
    right-aligned numbers.

    Parameters
    ----------
    df
        The table; its index is not shown.
    formats
        Column name -> format string, e.g. ``{"share": "{:.1%}"}``.
    limit
        Show only the first ``limit`` rows.
    area
        The section the table belongs to, for headers it words its own way
        (``<section>.columns.<name>``, :func:`~graphgov.report.i18n.col`).
    """
    return markdown_lines(*display(df, formats, limit, area=area))


def html_table(
    df: pd.DataFrame,
    *,
    formats: Mapping[str, str] | None = None,
    limit: int | None = None,
    table_id: str | None = None,
    held: int = HTML_ROWS,
    area: str | None = None,
) -> str:
    """An HTML ``<table class="data">`` with every cell escaped.

    Numeric columns get ``class="num"`` and each of their cells its value in ``data-v``
    (the script sorts by it); each body row its county in ``data-county`` (six digits, or
    empty: :func:`~graphgov.report.display.row_counties`). With a `limit`, the table holds
    up to `held` rows and all but the first `limit` are ``hidden`` until the script shows
    them; without one, every row is shown. `area`: as for :func:`markdown_table`.
    """
    rows_held = len(df) if limit is None else min(len(df), max(held, limit))
    heads, rows, numeric = display(df, formats, rows_held, area=area)
    order = display_columns(df.columns)
    frame = df.set_axis([str(c) for c in df.columns], axis=1)[order].head(rows_held)
    values = [frame[c].tolist() if n else None for c, n in zip(order, numeric, strict=True)]
    counties = row_counties(df, rows_held)
    esc = html

    def cls(is_num: bool) -> str:
        return ' class="num"' if is_num else ""

    def td(text: str, j: int, i: int) -> str:
        if values[j] is None:
            return f"<td>{esc(text)}</td>"
        return f'<td class="num" data-v="{_sort_value(values[j][i])}">{esc(text)}</td>'

    head = "".join(f"<th{cls(n)}>{esc(h)}</th>" for h, n in zip(heads, numeric, strict=True))
    body = "\n".join(
        f'<tr data-county="{counties[i]}"{" hidden" if limit is not None and i >= limit else ""}>'
        + "".join(td(v, j, i) for j, v in enumerate(row))
        + "</tr>"
        for i, row in enumerate(rows)
    )
    attrs = f' id="{esc(table_id)}"' if table_id else ""
    attrs += f' data-limit="{limit}"' if limit is not None else ""
    return (
        f'<table class="data"{attrs}>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _sort_value(value: object) -> str:
    """A number as ``data-v`` holds it: plain digits, empty for a missing value."""
    if value is None or pd.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def html(text: str) -> str:
    """`text` as HTML text or attribute value: escaped, control characters as spaces."""
    return _html_lib.escape(_HTML_CONTROL.sub(" ", text))
