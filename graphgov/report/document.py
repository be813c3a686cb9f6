"""A report as a list of sections, written as Markdown, one self-contained HTML file and CSVs.

A :class:`Section` holds what one analysis says: a one-line definition, a headline figure,
charts (matplotlib figures) and tables (DataFrames, most urgent rows first). The section
builders in :mod:`graphgov.report.sections` make them from analysis results;
:func:`write_report` renders them.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.document import Section, markdown_table
>>> print(markdown_table(pd.DataFrame({"name": ["杭州市"], "orgs": [3]})))
| name | orgs |
| --- | ---: |
| 杭州市 | 3 |
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from graphgov.output import markdown_lines, md_cell, write_csv

__all__ = [
    "Section",
    "html_table",
    "markdown_table",
    "render_html",
    "render_markdown",
    "write_report",
]

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: Control characters HTML does not allow in text (tab, newline and carriage return it does).
_HTML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PNG_DPI = 150


@dataclass
class Section:
    """One section of a report.

    Parameters
    ----------
    key
        Slug used in file names (``coverage`` gives ``coverage-by-city.csv``).
    title
        The heading.
    definition
        One line: what is measured and how it is defined.
    headline
        The headline figure, e.g. ``"Organizational coverage 82.7% (benchmark 82.9%)"``.
    charts
        ``(filename, Figure)`` pairs; filenames end in ``.png`` and are unique in a report.
    tables
        ``(name, DataFrame)`` pairs, rows already in the order to show (most urgent first).
    table_limit
        How many rows of each table the report shows; the CSV has them all.
    formats
        Column name -> format string for display, e.g. ``{"org_coverage": "{:.1%}"}``.
    """

    key: str
    title: str
    definition: str
    headline: str
    charts: list[tuple[str, Figure]] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    table_limit: int = 20
    formats: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"section key {self.key!r} must be a lowercase slug")
        for name, _ in self.tables:
            if not _KEY.match(name):
                raise ValueError(f"table name {name!r} must be a lowercase slug")
        for filename, _ in self.charts:
            if not filename.endswith(".png") or "/" in filename or "\\" in filename:
                raise ValueError(f"chart file {filename!r} must be a plain *.png name")

    def csv_name(self, table: str) -> str:
        """The CSV file name of one of this section's tables: ``<section>-<table>.csv``."""
        return f"{self.key}-{table}.csv"


# --- cells ------------------------------------------------------------------------------


def _cell(value: object, fmt: str | None) -> str:
    """One value as display text: missing is empty, lists are joined, floats are short."""
    if isinstance(value, np.ndarray | np.generic):
        value = value.tolist()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if fmt is not None:
        return fmt.format(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def _display(
    df: pd.DataFrame, formats: Mapping[str, str] | None, limit: int | None
) -> tuple[list[str], list[list[str]], list[bool]]:
    """Header, display rows and a numeric flag per column for the first ``limit`` rows."""
    shown = df if limit is None else df.head(limit)
    formats = formats or {}
    numeric = [
        pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
        for c in df.columns
    ]
    rows = [
        [_cell(v, formats.get(str(c))) for c, v in zip(df.columns, row, strict=True)]
        for row in shown.itertuples(index=False, name=None)
    ]
    return [str(c) for c in df.columns], rows, numeric


def markdown_table(
    df: pd.DataFrame, *, formats: Mapping[str, str] | None = None, limit: int | None = None
) -> str:
    """A GitHub-flavoured Markdown table (numbers right-aligned); no ``tabulate`` needed.

    Cells are escaped as ``graphgov report NAME --format md`` escapes them
    (:func:`graphgov.output.md_cell`); this writer adds the report's display formats, row
    limit and right-aligned numbers.

    Parameters
    ----------
    df
        The table; its index is not shown.
    formats
        Column name -> format string, e.g. ``{"share": "{:.1%}"}``.
    limit
        Show only the first ``limit`` rows.
    """
    return markdown_lines(*_display(df, formats, limit))


def html_table(
    df: pd.DataFrame, *, formats: Mapping[str, str] | None = None, limit: int | None = None
) -> str:
    """An HTML ``<table>`` with every cell escaped; numeric columns get ``class="num"``."""
    header, rows, numeric = _display(df, formats, limit)
    esc = _html

    def cls(is_num: bool) -> str:
        return ' class="num"' if is_num else ""

    head = "".join(f"<th{cls(n)}>{esc(h)}</th>" for h, n in zip(header, numeric, strict=True))
    body = "\n".join(
        "<tr>"
        + "".join(f"<td{cls(n)}>{esc(v)}</td>" for v, n in zip(row, numeric, strict=True))
        + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _html(text: str) -> str:
    """`text` as HTML text or attribute value: escaped, control characters as spaces."""
    return html.escape(_HTML_CONTROL.sub(" ", text))


def _shown_note(section: Section, name: str, df: pd.DataFrame) -> str:
    """'Showing 20 of 345 rows; all rows in coverage-gaps.csv.'"""
    shown = min(len(df), section.table_limit)
    if len(df) == 0:
        return f"No rows. (File: {section.csv_name(name)})"
    if shown < len(df):
        return f"Showing {shown:,} of {len(df):,} rows; all rows in {section.csv_name(name)}."
    return f"All {len(df):,} rows; also in {section.csv_name(name)}."


def _chart_title(fig: Figure, fallback: str) -> str:
    """The chart's title as written: the charts escape ``$`` (no mathtext), undone here."""
    for ax in fig.axes:
        title = ax.get_title(loc="left") or ax.get_title()
        if title:
            return title.replace(r"\$", "$")
    return fallback


# --- documents --------------------------------------------------------------------------


def render_markdown(sections: Sequence[Section], *, title: str, subtitle: str = "") -> str:
    """The report as Markdown; charts are referenced by file name, relative to the report."""
    out = [f"# {md_cell(title)}", ""]
    if subtitle:
        out += [md_cell(subtitle), ""]
    for s in sections:
        out += [
            f"## {md_cell(s.title)}",
            "",
            f"*{md_cell(s.definition)}*",
            "",
            f"**{md_cell(s.headline)}**",
            "",
        ]
        for filename, fig in s.charts:
            out += [f"![{md_cell(_chart_title(fig, filename))}]({filename})", ""]
        for name, df in s.tables:
            out += [f"### {md_cell(name.replace('-', ' ').capitalize())}", ""]
            if len(df):
                out += [markdown_table(df, formats=s.formats, limit=s.table_limit), ""]
            out += [md_cell(_shown_note(s, name, df)), ""]
    return "\n".join(out)


def render_html(
    sections: Sequence[Section],
    *,
    title: str,
    subtitle: str = "",
    images: Mapping[str, bytes] | None = None,
) -> str:
    """The report as one self-contained HTML page: inline CSS, charts as PNG data URIs.

    Parameters
    ----------
    sections
        The sections, in order.
    title, subtitle
        Page heading and the line under it.
    images
        Chart file name -> PNG bytes; charts not in it are rendered from their figures.
    """
    esc = _html
    css = resources.files("graphgov.report").joinpath("report.css").read_text(encoding="utf-8")
    body: list[str] = [f"<h1>{esc(title)}</h1>"]
    if subtitle:
        body.append(f'<p class="subtitle">{esc(subtitle)}</p>')
    body.append("<nav><ol>")
    body += [f'<li><a href="#{esc(s.key)}">{esc(s.title)}</a></li>' for s in sections]
    body.append("</ol></nav>")
    for s in sections:
        body.append(f'<section id="{esc(s.key)}">')
        body.append(f"<h2>{esc(s.title)}</h2>")
        body.append(f'<p class="definition">{esc(s.definition)}</p>')
        body.append(f'<p class="headline">{esc(s.headline)}</p>')
        for filename, fig in s.charts:
            png = (images or {}).get(filename) or _png(fig)
            data = base64.b64encode(png).decode("ascii")
            alt = esc(_chart_title(fig, filename))
            body.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
                f"<figcaption>{alt}</figcaption></figure>"
            )
        for name, df in s.tables:
            body.append(f"<h3>{esc(name.replace('-', ' ').capitalize())}</h3>")
            if len(df):
                body.append(html_table(df, formats=s.formats, limit=s.table_limit))
            body.append(f'<p class="note">{esc(_shown_note(s, name, df))}</p>')
        body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_PNG_DPI, metadata={"Software": None})
    return buf.getvalue()


def write_report(
    sections: Sequence[Section],
    out_dir: str | Path,
    *,
    title: str,
    subtitle: str = "",
    close_figures: bool = True,
    mark: tuple[str, str] | None = None,
) -> dict[str, Path]:
    """Write ``report.md`` with its PNG charts, ``report.html`` and one CSV per table.

    The CSV files (``<section>-<table>.csv``) are written by
    :func:`graphgov.output.write_csv`: UTF-8 *with a byte-order mark* (Excel reads a
    BOM-less UTF-8 CSV in the local ANSI code page and would show Chinese names as
    mojibake), and a text cell a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@`` ...) gets a leading apostrophe. Every row is written, not only the
    ``table_limit`` the report shows.

    Parameters
    ----------
    sections
        The sections, in order.
    out_dir
        Directory to write into (created if missing); existing files of the same names are
        replaced.
    title, subtitle
        Report heading and the line under it (e.g. dataset name and ``as_of`` date).
    close_figures
        Close each chart's figure with ``plt.close`` once saved (frees memory in a loop).
    mark
        ``(column, text)`` to put first in every CSV, on every row: how a table exported
        from a synthetic dataset says so wherever it is forwarded or opened.

    Returns
    -------
    dict of str to Path
        File name (relative to ``out_dir``) -> path, for ``report.md``, ``report.html``,
        each PNG and each CSV.

    Raises
    ------
    ValueError
        If two charts share a file name or two sections share a key.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    keys = [s.key for s in sections]
    if len(set(keys)) != len(keys):
        raise ValueError(f"section keys must be unique: {keys}")
    written: dict[str, Path] = {}
    images: dict[str, bytes] = {}
    for s in sections:
        for filename, fig in s.charts:
            if filename in images or filename in ("report.md", "report.html"):
                raise ValueError(f"chart file name {filename!r} is used twice")
            images[filename] = _png(fig)
            written[filename] = out / filename
            written[filename].write_bytes(images[filename])
        for name, df in s.tables:
            csv = s.csv_name(name)
            written[csv] = out / csv
            write_csv(df if mark is None else _marked(df, *mark), written[csv])
    md = out / "report.md"
    md.write_text(render_markdown(sections, title=title, subtitle=subtitle), encoding="utf-8")
    page = out / "report.html"
    page.write_text(
        render_html(sections, title=title, subtitle=subtitle, images=images), encoding="utf-8"
    )
    written["report.md"] = md
    written["report.html"] = page
    if close_figures:
        for s in sections:
            for _, fig in s.charts:
                plt.close(fig)
    return written


def _marked(df: pd.DataFrame, column: str, text: str) -> pd.DataFrame:
    """`df` with `column` first, holding `text` on every row."""
    return pd.concat([pd.DataFrame({column: [text] * len(df)}, index=df.index), df], axis=1)
