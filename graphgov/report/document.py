"""A report as a list of sections, written as Markdown, one self-contained HTML file and CSVs.

A :class:`Section` holds what one analysis says: a one-line definition, a headline figure,
charts (matplotlib figures) and tables (DataFrames, most urgent rows first). The section
builders in :mod:`graphgov.report.sections` make them from analysis results;
:func:`write_report` renders them.

People see the tables through :mod:`graphgov.report.display`: the name columns first,
headers and yes/no in the report's language (:mod:`graphgov.report.i18n`), a list cell as
its first items and how many in all. The CSV files keep the contract's column names,
order and full lists, so that scripts reading them keep working.

The HTML page is one file that works offline and by e-mail: inline CSS and script, charts
as PNG data URIs, no fonts, libraries or requests from elsewhere. Its script (report.js)
sorts each table by a click on a header, filters it by the text above it and every table
by the county selector; without a script the page shows the first rows of each table.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.document import Section, markdown_table
>>> print(markdown_table(pd.DataFrame({"k": [3], "club_name": ["杭州棋社"]})))
| club_name | k |
| --- | ---: |
| 杭州棋社 | 3 |
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from graphgov.output import md_cell, write_csv
from graphgov.report.display import HTML_ROWS, html, html_table, markdown_table, row_counties
from graphgov.report.i18n import current, has, num, t

__all__ = [
    "HTML_ROWS",
    "Section",
    "html_table",
    "markdown_table",
    "render_html",
    "render_markdown",
    "write_report",
    "table_heading",
]

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PNG_DPI = 150
#: The messages report.js shows (filled in by the script).
_SCRIPT_MESSAGES = ("note_filtered", "note_held", "show_all", "show_first", "sort_hint")


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


def table_heading(name: str) -> str:
    """A table's heading: ``tables.<name>`` in the report's language."""
    key = f"tables.{name}"
    return t(key) if has(key) else name.replace("-", " ").capitalize()


def _shown_note(section: Section, name: str, df: pd.DataFrame) -> str:
    """'Showing 20 of 345 rows; all rows in coverage-gaps.csv.'"""
    csv, total = section.csv_name(name), num(len(df))
    shown = min(len(df), section.table_limit)
    if len(df) == 0:
        return t("page.note_none", csv=csv)
    if shown < len(df):
        return t("page.note_some", shown=num(shown), total=total, csv=csv)
    return t("page.note_all", total=total, csv=csv)


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
            out += [f"### {md_cell(table_heading(name))}", ""]
            if len(df):
                out += [markdown_table(df, formats=s.formats, limit=s.table_limit, area=s.key), ""]
            out += [md_cell(_shown_note(s, name, df)), ""]
    return "\n".join(out)


def render_html(
    sections: Sequence[Section],
    *,
    title: str,
    subtitle: str = "",
    images: Mapping[str, bytes] | None = None,
    counties: Mapping[str, str] | None = None,
) -> str:
    """The report as one self-contained HTML page: inline CSS and script, charts as PNG
    data URIs, in the language in use (``<html lang>``, headings, notes, controls).

    Parameters
    ----------
    sections
        The sections, in order.
    title, subtitle
        Page heading and the line under it.
    images
        Chart file name -> PNG bytes; charts not in it are rendered from their figures.
    counties
        6-digit county code -> name, for the county selector; it lists the counties the
        tables' rows are in (a county without a name here is shown by its code).
    """
    esc = html
    body: list[str] = [f"<header><h1>{esc(title)}</h1>"]
    if subtitle:
        body.append(f'<p class="subtitle">{esc(subtitle)}</p>')
    body.append("</header>")
    found: set[str] = set()
    main: list[str] = []
    for s in sections:
        main.append(f'<section id="{esc(s.key)}">')
        main.append(f"<h2>{esc(s.title)}</h2>")
        main.append(f'<p class="definition">{esc(s.definition)}</p>')
        main.append(f'<p class="headline">{esc(s.headline)}</p>')
        for filename, fig in s.charts:
            png = (images or {}).get(filename) or _png(fig)
            data = base64.b64encode(png).decode("ascii")
            alt = esc(_chart_title(fig, filename))
            main.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
                f"<figcaption>{alt}</figcaption></figure>"
            )
        for name, df in s.tables:
            main += _html_table_block(s, name, df)
            found.update(row_counties(df, HTML_ROWS))
        main.append("</section>")
    body += _controls(sorted(found - {""}), counties or {})
    body.append(f'<nav aria-label="{esc(t("page.contents"))}"><ol>')
    body += [f'<li><a href="#{esc(s.key)}">{esc(s.title)}</a></li>' for s in sections]
    body.append("</ol></nav>")
    body += main
    lang = "zh-CN" if current() == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_asset('report.css')}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n"
        + _scripts()
        + "\n</body>\n</html>\n"
    )


def _html_table_block(section: Section, name: str, df: pd.DataFrame) -> list[str]:
    """A table's heading, filter box, table, note and show-all button."""
    esc, table_id = html, f"t-{section.key}-{name}"
    out = [f"<h3>{esc(table_heading(name))}</h3>"]
    if len(df):
        hint = esc(t("page.filter_placeholder"))
        out.append(
            f'<input type="search" class="table-filter" data-for="{table_id}" '
            f'placeholder="{hint}" aria-label="{hint}">'
        )
        out.append(
            html_table(
                df,
                formats=section.formats,
                limit=section.table_limit,
                table_id=table_id,
                area=section.key,
            )
        )
    out.append(
        f'<p class="note" data-for="{table_id}" data-total="{len(df)}" '
        f'data-csv="{esc(section.csv_name(name))}">{esc(_shown_note(section, name, df))}</p>'
    )
    if len(df) > section.table_limit:
        out.append(f'<button type="button" class="show-all" data-for="{table_id}" hidden></button>')
    return out


def _controls(found: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """The county selector: all counties, then each county a table's rows are in."""
    esc = html
    options = [f'<option value="">{esc(t("page.county_all"))}</option>']
    for code in found:
        label = f"{names.get(code) or ''} {code}".strip()
        options.append(f'<option value="{code}">{esc(label)}</option>')
    return [
        '<div class="controls">',
        f'<label for="county-filter">{esc(t("page.county_label"))}</label>',
        '<select id="county-filter">' + "".join(options) + "</select>",
        "</div>",
    ]


def _scripts() -> str:
    """The page's script and the messages it shows, inline."""
    words = {key: t(f"page.{key}") for key in _SCRIPT_MESSAGES}
    blob = json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")
    code = _asset("report.js")
    if "</script" in code.lower():
        raise ValueError("report.js must not hold '</script'")
    return (
        f'<script type="application/json" id="report-messages">{blob}</script>\n'
        f"<script>\n{code}</script>"
    )


def _asset(name: str) -> str:
    """A file shipped beside this module (report.css, report.js)."""
    return resources.files("graphgov.report").joinpath(name).read_text(encoding="utf-8")


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
    counties: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write ``report.md`` with its PNG charts, ``report.html`` and one CSV per table.

    The CSV files (``<section>-<table>.csv``) are written by
    :func:`graphgov.output.write_csv`: UTF-8 *with a byte-order mark* (Excel reads a
    BOM-less UTF-8 CSV in the local ANSI code page and would show Chinese names as
    mojibake), and a text cell a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@`` ...) gets a leading apostrophe. Every row is written, not only the
    ``table_limit`` the report shows, with the contract's column names and full lists
    (the report shows headers in its language and lists shortened).

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
    counties
        6-digit county code -> name, for the HTML page's county selector.

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
        render_html(sections, title=title, subtitle=subtitle, images=images, counties=counties),
        encoding="utf-8",
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
