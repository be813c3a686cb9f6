"""Rendering DataFrames for people and scripts: rich tables, CSV, JSON and Markdown.

JSON is a list of row objects keyed by the contract's column names (lists stay lists,
missing values are ``null``); in CSV, Markdown and terminal tables a list shows as its items
joined by ``;``.

CSV files are meant to be opened in a spreadsheet, so a text cell that a spreadsheet would
run as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
is written with a leading apostrophe, as OWASP recommends against CSV injection: Excel and
LibreOffice then show the text as it is. Numbers are never touched; JSON, Parquet and the
graph files keep the exact values.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd

FORMATS = ("table", "csv", "json", "md")
#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: C0 and C1 control characters (a newline, a tab, ESC, DEL...).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: object, keep: str = "") -> str:
    """`text` for a terminal: each control character shown as its escape (``\\n``,
    ``\\x1b``), so a value can neither break a line nor send escape sequences; those in
    `keep` (e.g. ``"\\n\\t"`` for a whole file's text) are left as they are.

    Examples
    --------
    >>> print(printable("a\\nb\\x1b[31m"))
    a\\nb\\x1b[31m
    >>> print(printable("a\\nb\\x1b[31m", keep="\\n"))
    a
    b\\x1b[31m
    """
    return _CONTROL.sub(
        lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1], str(text)
    )


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain-Python dicts (numpy scalars unwrapped, NA -> None)."""
    out = []
    for row in df.to_dict("records"):
        out.append({k: _plain(v) for k, v in row.items()})
    return out


def to_json(df: pd.DataFrame) -> str:
    return json.dumps(records(df), ensure_ascii=False, indent=1)


def to_csv(df: pd.DataFrame) -> str:
    """`df` as CSV text, text cells made safe for spreadsheets (:func:`excel_safe`)."""
    return excel_safe(lists_joined(df)).to_csv(index=False)


def write_csv(df: pd.DataFrame, path) -> None:
    """Write `df` as a UTF-8 CSV with BOM (Excel then reads Chinese right), formula-safe."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(to_csv(df))


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells cannot run as spreadsheet formulas.

    A text cell starting with one of :data:`FORMULA_STARTS` gets a leading ``'``; numeric
    columns are left as they are.

    Examples
    --------
    >>> excel_safe(pd.DataFrame({"name": ["=HYPERLINK(1)", "a-b"], "n": [-1, 2]}))["name"].tolist()
    ["'=HYPERLINK(1)", 'a-b']
    """
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        values = series.to_numpy(dtype=object)
        if any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in values):
            out[col] = series.map(_neutralise, na_action="ignore")
    return out


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_markdown(df: pd.DataFrame, *, floatfmt: str = "{:.4g}") -> str:
    """A GitHub-style Markdown table whose cells and headers show their text as it is
    (:func:`md_cell`): no HTML, link, code span or line break can come from a value.

    Examples
    --------
    >>> print(to_markdown(pd.DataFrame({"name": ["<b>x</b>|y"], "n": [1.5]})), end="")
    | name | n |
    | --- | --- |
    | &lt;b&gt;x&lt;/b&gt;\\|y | 1.5 |
    """
    flat = lists_joined(df)
    rows = [[_cell(v, floatfmt) for v in row] for row in flat.itertuples(index=False)]
    return markdown_lines([str(c) for c in flat.columns], rows) + "\n"


def markdown_lines(
    header: list[str], rows: list[list[str]], numeric: list[bool] | None = None
) -> str:
    """The Markdown table of display text: each cell escaped (:func:`md_cell`), numeric
    columns right-aligned when `numeric` flags them. Both ``--format md`` and the report's
    tables are written by it.

    >>> print(markdown_lines(["name", "n"], [["a|b", "1"]], [False, True]))
    | name | n |
    | --- | ---: |
    | a\\|b | 1 |
    """
    rule = ["---:" if n else "---" for n in numeric] if numeric else ["---"] * len(header)
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


#: Markdown punctuation that starts a link, image, code span or emphasis, or ends a cell.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")


def md_cell(text: object) -> str:
    """`text` as the content of one Markdown table cell: ``&``, ``<``, ``>`` as HTML
    entities, the Markdown punctuation ``\\ ` * [ ] |`` backslash-escaped, and each line
    break or other control character a space.

    >>> md_cell('<img src=x onerror="a()">[x](javascript:y)\\nz')
    '&lt;img src=x onerror="a()"&gt;\\\\[x\\\\](javascript:y) z'
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text))


def render(df: pd.DataFrame, fmt: str) -> str:
    """`df` as text in one of :data:`FORMATS` other than ``table``."""
    if fmt == "csv":
        return to_csv(df)
    if fmt == "json":
        return to_json(df) + "\n"
    if fmt == "md":
        return to_markdown(df)
    raise ValueError(f"no text rendering for format {fmt!r}")


def rich_table(df: pd.DataFrame, *, title: str | None = None, limit: int | None = None):
    """A rich Table of the first `limit` rows (all if None).

    Cells, column names and the title are plain text (:func:`printable`), never rich markup:
    a name like ``[/red]`` or ``[link=http://x]`` shows as it is written.
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title=None if title is None else Text(printable(title)), header_style="bold")
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        table.add_column(
            Text(printable(col)), justify="right" if numeric else "left", overflow="fold"
        )
    shown = df if limit is None else df.head(limit)
    for row in lists_joined(shown).itertuples(index=False):
        table.add_row(*(Text(printable(_cell(v, "{:.3f}"))) for v in row))
    if limit is not None and len(df) > limit:
        table.caption = f"{limit} of {len(df)} rows shown; use --format csv or --out for all"
    return table


def lists_joined(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose list-valued cells (e.g. ``org_ids``) are their items joined with
    ``;``, as every text format shows them.

    >>> lists_joined(pd.DataFrame({"ids": [["a", "b"], ["c"]]}))["ids"].tolist()
    ['a;b', 'c']
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(_is_listlike).any():
            out[col] = out[col].map(lambda v: ";".join(map(str, v)) if _is_listlike(v) else v)
    return out


def _is_listlike(value: object) -> bool:
    return isinstance(value, list | tuple | set | frozenset | np.ndarray)


def _plain(v: object) -> object:
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if hasattr(v, "tolist") and not isinstance(v, str):
        return _plain(v.tolist())
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _cell(v: object, floatfmt: str) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float):
        return floatfmt.format(v)
    return str(v)
