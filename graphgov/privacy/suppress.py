"""Small cells (§4.15): a report's counts of people below k suppressed and what lists
persons left out (``report all --privacy k``; the report of ``graphgov export``).

:func:`suppress_report` takes a report's sections (:func:`graphgov.report.build.build_sections`)
and gives them back so:

- **Counts of people** are the columns :data:`PEOPLE` names per (section, table): Party
  members of an organization or a joint branch, social workers of a community,
  cross-appointed persons (by type, per community, started, ended), the rows of the people
  and posts tables (:data:`ON_ROWS`). :data:`NOT_PEOPLE` says what every other numeric
  column counts (organizations, communities, townships, units, projects, money, their
  shares, network measures); a numeric column named in neither counts people (fail safe).
- **Primary**: a count of people from 1 to k-1 is shown as ``<k``. 0 is shown: it points
  at no one, and organization-level findings rest on it (no Party member: an instructor).
- **Complementary**: where cells add up to a total that is shown (:func:`lines`: rows,
  columns and headline totals of data.tables; rejections by reason and their table's;
  a joint branch's Party members and its organizations'; the changes by county and their
  total row; persons by type and the headline's total; the cut points and the
  headline's), every line with exactly one suppressed member gets another
  (:func:`suppress_cells`) until none has: its smallest non-zero cell, else its total,
  else a zero cell, never a number shown elsewhere as it is (the data headline's totals,
  a table's row count). It is shown as :data:`SECONDARY` (``x``).
- **Order**: a table ordered by a count of people is ordered again (:data:`ORDER`), every
  suppressed cell as one value just below k: a row's place says nothing of it.
- **Left out**: the tables that list persons (:data:`LEFT_OUT_TABLES`), the candidates'
  social workers and the bodies' shared persons (:data:`LEFT_OUT_COLUMNS`), the cut points
  that are persons (:data:`LEFT_OUT_ROWS`), a rejected person's or post's example message,
  the drawing of a county's interlock network (:data:`LEFT_OUT_CHARTS`). No other chart
  draws a count of people; the report writes no graph file.
- **Headlines**: only the cross-appointments headline states counts of people; it is
  written again from its cells. No share in the report is a share of people, so none
  follows a suppressed count.

The CSV files hold the marks as text: a column with a suppressed cell is a text column.

The declarations (what a cell counts, what is left out, the order) live in
:mod:`graphgov.privacy.cells`, the lines and the complementary suppression in
:mod:`graphgov.privacy.complementary`; their public names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

import matplotlib.pyplot as plt
import pandas as pd

from graphgov.privacy.cells import (
    BLANKED,
    HEADLINE,
    LEFT_OUT_CHARTS,
    LEFT_OUT_COLUMNS,
    LEFT_OUT_ROWS,
    LEFT_OUT_TABLES,
    NOT_PEOPLE,
    ON_ROWS,
    ORDER,
    PARTS,
    PEOPLE,
    SECONDARY,
    TIES,
    Cell,
    counts_people,
)
from graphgov.privacy.complementary import Line, lines, suppress_cells
from graphgov.report.chartkit import counted
from graphgov.report.document import Section
from graphgov.report.i18n import num, t
from graphgov.report.summaries import GAP_ORDER

__all__ = [
    "LEFT_OUT_CHARTS", "LEFT_OUT_COLUMNS", "LEFT_OUT_ROWS", "LEFT_OUT_TABLES", "NOT_PEOPLE",
    "ON_ROWS", "ORDER", "PEOPLE", "SECONDARY", "Line", "counts_people", "lines",
    "suppress_cells", "suppress_report",
]  # fmt: skip


def suppress_report(parts: Sequence[Section], k: int) -> list[Section]:
    """The sections `parts` of a report as ``report all --privacy k`` shows them: counts
    of people below `k` suppressed, and what lists persons left out (the module's rule).

    Raises
    ------
    ValueError
        If `k` is below 2 (nothing would be suppressed).
    """
    if k < 2:
        raise ValueError(f"k = {k}: counts of people below k are suppressed; k must be 2 or more")
    original = {(s.key, name): df for s in parts for name, df in s.tables}
    frames = {key: _left_out(key, df) for key, df in original.items() if key not in LEFT_OUT_TABLES}
    heads, people, fixed = _headline_figures(original, frames)
    for key, df in frames.items():
        people += _people_cells(key, df)
    found = lines(frames)
    cells = {*people, *(c for line in found for c in (*line.cells, line.total))}
    values = _values(frames, heads, cells)
    primary, secondary = suppress_cells(values, people, found, k, fixed=fixed)
    marks = {c: f"<{k}" for c in primary} | {c: SECONDARY for c in secondary}
    by_table: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for (section, table, row, column), mark in marks.items():
        by_table.setdefault((section, table), []).append((row, column, mark))
    frames = {key: _marked(df, by_table.get(key, [])) for key, df in frames.items()}
    say = _sayer(values, marks)
    out = []
    for s in parts:
        for name, fig in s.charts:
            if name in LEFT_OUT_CHARTS:  # the report closes the figures it writes
                plt.close(fig)
        headline = s.headline
        if s.key == TIES and (TIES, "types") in frames:
            headline = _ties_headline(frames, say)
        tables = [
            (name, _ordered((s.key, name), frames[(s.key, name)], k))
            for name, _ in s.tables
            if (s.key, name) in frames
        ]
        charts = [c for c in s.charts if c[0] not in LEFT_OUT_CHARTS]
        out.append(replace(s, headline=headline, charts=charts, tables=tables))
    return out


def _left_out(key: tuple[str, str], df: pd.DataFrame) -> pd.DataFrame:
    """`df` without the columns and rows that list persons, and the blanked cells empty."""
    out = df.drop(columns=[c for c in LEFT_OUT_COLUMNS.get(key, ()) if c in df.columns])
    if key in LEFT_OUT_ROWS:
        column, prefix = LEFT_OUT_ROWS[key]
        out = out[~out[column].astype(str).str.startswith(prefix)]
    if key in BLANKED:
        column, values = ON_ROWS[key]
        out = out.astype({BLANKED[key]: object})
        out.loc[out[column].isin(values).to_numpy(), BLANKED[key]] = None
    return out.reset_index(drop=True)


def _people_cells(key: tuple[str, str], df: pd.DataFrame) -> list[Cell]:
    section, table = key
    columns = [str(c) for c in df.columns if counts_people(section, table, str(c), df[c])]
    rows: Iterable[int] = range(len(df))
    if key in ON_ROWS:
        column, values = ON_ROWS[key]
        rows = [i for i, v in enumerate(df[column]) if v in values]
    return [(section, table, i, c) for c in columns for i in rows]


def _headline_figures(
    original: Mapping[tuple[str, str], pd.DataFrame], frames: Mapping[tuple[str, str], pd.DataFrame]
) -> tuple[dict[Cell, float], list[Cell], set[Cell]]:
    """The headline figures in a line: their values, those that count people, and those
    shown as they are (the data headline's totals, the cut points a table lists)."""
    heads: dict[Cell, float] = {}
    tables, types = frames.get(("data", "tables")), frames.get((TIES, "types"))
    cuts = original.get((TIES, "cut-points"))
    if tables is not None:
        heads |= {("data", HEADLINE, 0, c): float(tables[c].sum()) for c in ("rows", *PARTS)}
    fixed = set(heads)
    if types is not None:
        heads[(TIES, HEADLINE, 0, "persons")] = float(types["persons"].sum())
    if cuts is not None:
        bodies = len(frames[(TIES, "cut-points")])
        figures = {"cuts": len(cuts), "person_cuts": len(cuts) - bodies, "body_cuts": bodies}
        heads |= {(TIES, HEADLINE, 0, name): float(n) for name, n in figures.items()}
        fixed.add((TIES, HEADLINE, 0, "body_cuts"))
    people = [c for c in heads if c[3] in ("persons", "person_cuts")]
    return heads, people, fixed


def _values(
    frames: Mapping[tuple[str, str], pd.DataFrame], heads: Mapping[Cell, float], cells: set[Cell]
) -> dict[Cell, float]:
    """The value of each of `cells` (a missing one as 0), each column read once."""
    out, read = dict(heads), {}
    for cell in cells - heads.keys():
        key = (cell[:2], cell[3])
        if key not in read:
            column = pd.to_numeric(frames[cell[:2]][cell[3]], errors="coerce")
            read[key] = column.fillna(0).to_numpy(dtype=float)
        out[cell] = read[key][cell[2]]
    return out


def _marked(df: pd.DataFrame, marks: Sequence[tuple[int, str, str]]) -> pd.DataFrame:
    """`df` with the (row, column, mark) `marks`; a column holding one becomes text."""
    if not marks:
        return df
    out = df.copy()
    for name in {column for _, column, _ in marks}:
        values = out[name].astype(object).to_numpy(copy=True)
        for row, column, mark in marks:
            if column == name:
                values[row] = mark
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out


def _ordered(key: tuple[str, str], df: pd.DataFrame, k: int) -> pd.DataFrame:
    """`df` in its :data:`ORDER`, a suppressed count sorting as k - 0.5."""
    spec = [name for name in ORDER.get(key, ()) if name.lstrip("-") in df.columns]
    if not spec or df.empty:
        return df
    keys = {}
    for j, name in enumerate(spec):
        column = name.lstrip("-")
        values = df[column]
        if column == "gap":
            values = values.map({g: i for i, g in enumerate(GAP_ORDER)}).fillna(len(GAP_ORDER))
        elif column in PEOPLE.get(key, ()):
            values = pd.to_numeric(values, errors="coerce").fillna(k - 0.5)
        keys[f"_{j}"] = values
    ascending = [not name.startswith("-") for name in spec]
    order = pd.DataFrame(keys, index=df.index).sort_values(
        list(keys), ascending=ascending, kind="stable"
    )
    return df.loc[order.index].reset_index(drop=True)


def _sayer(values: Mapping[Cell, float], marks: Mapping[Cell, str]) -> Callable[..., str]:
    """A headline figure as words: its mark where suppressed (in message `key`'s plural
    form), else the count (:func:`~graphgov.report.chartkit.counted`, or a bare number)."""

    def say(cell: Cell, key: str | None = None) -> str:
        mark = marks.get(cell)
        if mark is not None:
            return t(key, n=mark) if key else mark
        n = int(values[cell])
        return counted(key, n) if key else num(n)

    return say


def _ties_headline(frames: Mapping[tuple[str, str], pd.DataFrame], say: Callable[..., str]) -> str:
    """The cross-appointments headline (``ties.headline``, as
    :func:`graphgov.report.sections_ties.cross_appointments_section` words it) from the
    suppressed cells."""
    types = frames[(TIES, "types")]
    of = {str(kind): (TIES, "types", i, "persons") for i, kind in enumerate(types["type"])}
    ties = frames.get((TIES, "ties"))
    communities = 0 if ties is None else int(ties["community_code"].nunique())
    return t(
        "ties.headline",
        party=say(of["party_to_party"], "ties.n_party"),
        persons=say((TIES, HEADLINE, 0, "persons"), "ties.n_persons"),
        registered=say(of["community_to_registered"]),
        filed=say(of["community_to_filed"]),
        communities=counted("ties.n_communities", communities),
        cuts=say((TIES, HEADLINE, 0, "cuts"), "ties.n_cuts"),
    )
