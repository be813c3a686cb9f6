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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import pandas as pd

from graphgov.report.chartkit import counted
from graphgov.report.display import is_numeric
from graphgov.report.document import Section
from graphgov.report.i18n import num, t
from graphgov.report.summaries import GAP_ORDER

__all__ = [
    "LEFT_OUT_CHARTS", "LEFT_OUT_COLUMNS", "LEFT_OUT_ROWS", "LEFT_OUT_TABLES", "NOT_PEOPLE",
    "ON_ROWS", "ORDER", "PEOPLE", "SECONDARY", "Line", "counts_people", "lines",
    "suppress_cells", "suppress_report",
]  # fmt: skip

#: A cell: (section key, table name, row position, column). A section's headline figures
#: are the cells of its table :data:`HEADLINE`, row 0.
Cell = tuple[str, str, int, str]
HEADLINE = "headline"
#: How a cell suppressed to protect another (complementary suppression) is shown.
SECONDARY = "x"
#: The tables whose rows are persons or their posts.
PERSON_TABLES = ("people", "posts")
_TIES = "cross-appointments"

#: The columns of the report's tables that count people, per (section, table).
PEOPLE: dict[tuple[str, str], tuple[str, ...]] = {
    ("data", "tables"): ("rows", "accepted", "rejected", "duplicates"),
    ("data", "rejects-by-reason"): ("rows",),
    ("gaps", "organizations"): ("party_members",),
    ("gaps", "joint-branches"): ("party_members",),
    ("next", "joint-branches-to-form"): ("party_members",),
    ("linkage", "candidates"): ("workers",),
    (_TIES, "types"): ("persons",),
    (_TIES, "ties"): ("persons", "party_to_party"),
    ("progress", "changes-by-county"): ("cross_appointments_started", "cross_appointments_ended"),
}
#: Tables whose :data:`PEOPLE` columns count people on some rows only: (column, values).
ON_ROWS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("data", "tables"): ("table", PERSON_TABLES),
    ("data", "rejects-by-reason"): ("table", PERSON_TABLES),
}
#: What every other numeric column of the report counts, by column name.
NOT_PEOPLE: dict[str, tuple[str, ...]] = {
    "rows of the other tables": ("rows", "accepted", "rejected", "duplicates"),
    "organizations": (
        "orgs", "active", "abnormal", "gone", "not_yet_founded", "undated_gone", "org_covered",
        "functional_covered", "work_covered", "must_form", "joint_candidate", "needs_instructor",
        "instructed", "gaps", "urban_orgs", "rural_orgs", "urban_shortfall", "rural_shortfall",
        "shortfall", "target", "deficit", "orgs_supported", "providers", "organizations_cut",
        "orgs_founded", "orgs_gone", "newly_covered", "coverage_lost", "covered_gone",
        "hubs_added", "covered_a", "covered_b", "organizations", "urban_target", "rural_target",
    ),
    "Party organizations": ("party_orgs_new", "party_orgs_dissolved"),
    "communities": (
        "communities", "urban_communities", "rural_communities", "urban_meeting",
        "rural_meeting", "meeting", "communities_uncovered", "in_uncovered_townships",
        "in_covered_townships", "communities_covered", "communities_reached",
        "exclusive_communities", "shared_communities", "shared_reached", "urban_served",
        "rural_served", "served_by_agency", "served_by_station", "served_by_purchase",
        "urban_needed", "rural_needed", "linked", "unlinked", "org_only", "worker_only",
        "none", "communities_served", "communities_cut", "communities_newly_covered",
        "communities_meeting_density", "new_communities", "communities_covered_after",
        "urban_goal", "rural_goal", "needed", "urban_to_raise", "rural_to_raise",
    ),
    "townships": ("townships_uncovered", "townships_covered", "townships_covered_after"),
    "instructors a plan would send (not persons in the data)": ("instructors_needed",),
    "units (cities, counties, townships, streets, communities)": (
        "units", "with_service_center", "with_party_mass_center", "standardized",
    ),
    "projects and money": ("projects", "amount_cny"),
    "shares and averages of the above": (
        "org_coverage", "work_coverage", "urban_average", "rural_average", "urban_share",
        "rural_share", "share", "linked_share", "share_to_gap_communities",
        "service_center_share", "claim", "value", "pace_per_year",
    ),
    "bodies, pieces and pairs of nodes of a network": ("degree", "pieces", "separated_pairs"),
    "network measures, labels and ranks": (
        "betweenness", "betweenness_pairs", "betweenness_se", "pagerank", "component", "louvain",
        "rank",
    ),
}  # fmt: skip
#: The projected coverage at a target's year (progress coverage-projection): a share.
_AT_YEAR = re.compile(r"at_\d{4}")
_OTHER = frozenset(c for names in NOT_PEOPLE.values() for c in names)

#: Tables left out: each row is a person, or an input row as read (a person's among them;
#: the others counted by table would undo the suppression of data.tables).
LEFT_OUT_TABLES = frozenset({(_TIES, "persons"), ("data", "rejects")})
#: Columns left out: the social workers' names and ids; a body's shared persons (at least
#: its degree, so a suppressed value would show where the degree is k-1).
LEFT_OUT_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("linkage", "candidates"): ("worker_names", "worker_ids"),
    (_TIES, "bodies"): ("strength",),
}
#: Rows left out: (column, prefix) of the rows that are persons.
LEFT_OUT_ROWS: dict[tuple[str, str], tuple[str, str]] = {(_TIES, "cut-points"): ("node", "person:")}
#: Charts left out: the county's interlock network, whose lines are as wide as the
#: number of persons two bodies share.
LEFT_OUT_CHARTS = frozenset({"cross-appointments-network.png"})
#: Cells emptied on the :data:`ON_ROWS` rows: the message of a rejected person or post.
_BLANKED = {("data", "rejects-by-reason"): "example"}

#: The order of a table that is ordered by a count of people, under privacy: columns,
#: ``-`` for descending; ``gap`` in its order of urgency.
ORDER: dict[tuple[str, str], tuple[str, ...]] = {
    ("gaps", "organizations"): ("gap", "-party_members", "region_code", "org_id"),
    ("linkage", "candidates"): ("-orgs", "-workers", "community_code"),
    (_TIES, "ties"): ("persons", "community_code"),
    (_TIES, "bodies"): ("-betweenness_pairs", "node"),
    ("data", "rejects-by-reason"): ("-rows", "table", "reason_code"),
}
_PARTS = ("accepted", "rejected", "duplicates")
#: Joint branches: each one's Party members are those of its organizations (gaps).
_JOINT = (("gaps", "joint-branches"), ("next", "joint-branches-to-form"))


@dataclass(frozen=True)
class Line:
    """Cells that add up to a total that is shown."""

    cells: tuple[Cell, ...]
    total: Cell


def counts_people(section: str, table: str, column: str, series: pd.Series) -> bool:
    """Whether `column` of a table counts people (on the :data:`ON_ROWS` rows, where
    given): declared in :data:`PEOPLE`, or numeric and named nowhere in :data:`NOT_PEOPLE`.

    >>> s = pd.Series([3])
    >>> counts_people("gaps", "organizations", "party_members", s), counts_people(
    ...     "gaps", "organizations", "orgs", s), counts_people("new", "table", "odd", s)
    (True, False, True)
    """
    if column in PEOPLE.get((section, table), ()):
        return True
    return is_numeric(series) and column not in _OTHER and not _AT_YEAR.fullmatch(column)


def suppress_cells(
    values: Mapping[Cell, float],
    people: Iterable[Cell],
    all_lines: Iterable[Line],
    k: int,
    *,
    fixed: Iterable[Cell] = (),
) -> tuple[set[Cell], set[Cell]]:
    """The cells to suppress: (primary, secondary).

    Primary: the `people` cells from 1 to k-1. Secondary: while a line has exactly one
    suppressed member (a cell or its total), one more: its smallest non-zero cell not
    suppressed (the first on a tie), else its total, else its first zero cell; never one
    of `fixed` (shown elsewhere as it is).

    >>> v = {("s", "t", 0, "a"): 3, ("s", "t", 0, "b"): 12, ("s", "t", 0, "c"): 40,
    ...      ("s", "t", 0, "total"): 55}
    >>> row = Line(tuple(c for c in v if c[3] != "total"), ("s", "t", 0, "total"))
    >>> suppress_cells(v, [c for c in v if c[3] != "total"], [row], 5)
    ({('s', 't', 0, 'a')}, {('s', 't', 0, 'b')})
    """
    hidden = {c for c in people if 0 < values[c] < k}
    primary = set(hidden)
    todo, fixed = list(all_lines), set(fixed)
    changed = True
    while changed:
        changed = False
        for line in todo:
            if sum(m in hidden for m in (*line.cells, line.total)) == 1:
                hidden.add(_complement(line, hidden, values, fixed))
                changed = True
    return primary, hidden - primary


def _complement(line: Line, hidden: set[Cell], values: Mapping[Cell, float], fixed) -> Cell:
    free = [c for c in line.cells if c not in hidden and c not in fixed]
    nonzero = [c for c in free if values[c] != 0]
    if nonzero:
        return min(nonzero, key=lambda c: values[c])
    if line.total not in hidden and line.total not in fixed:
        return line.total
    if free:
        return free[0]
    raise ValueError(f"a suppressed cell of {line} has no other cell to protect it")


def _column(section: str, table: str, column: str, rows: Iterable[int]) -> tuple[Cell, ...]:
    return tuple((section, table, i, column) for i in rows)


def lines(frames: Mapping[tuple[str, str], pd.DataFrame]) -> list[Line]:
    """Every line of the report's tables (and headline figures) whose cells add up to a
    total that is shown; `frames`: (section, table) -> table, after what is left out."""
    out: list[Line] = []
    tables = frames.get(("data", "tables"))
    if tables is not None:
        rows = range(len(tables))
        for i in rows:
            cells = tuple(("data", "tables", i, c) for c in _PARTS)
            out.append(Line(cells, ("data", "tables", i, "rows")))
        out += [
            Line(_column("data", "tables", c, rows), ("data", HEADLINE, 0, c))
            for c in ("rows", *_PARTS)
        ]
        reasons = frames.get(("data", "rejects-by-reason"))
        by_table = [] if reasons is None else list(reasons["table"])
        for i, name in enumerate(tables["table"]):
            mine = [j for j, x in enumerate(by_table) if x == name]
            if mine:
                cells = _column("data", "rejects-by-reason", "rows", mine)
                out.append(Line(cells, ("data", "tables", i, "rejected")))
    orgs = frames.get(("gaps", "organizations"))
    where = {} if orgs is None else {str(o): i for i, o in enumerate(orgs["org_id"])}
    for section, table in _JOINT:
        joint = frames.get((section, table))
        for j, ids in enumerate([] if joint is None else joint["org_ids"]):
            found = [where[str(o)] for o in ids if str(o) in where]
            if len(found) and len(found) == len(ids):
                cells = _column("gaps", "organizations", "party_members", found)
                out.append(Line(cells, (section, table, j, "party_members")))
    change = frames.get(("progress", "changes-by-county"))
    if change is not None and (change["county_code"] == "total").sum() == 1:
        last = int((change["county_code"] == "total").to_numpy().nonzero()[0][0])
        others = [i for i in range(len(change)) if i != last]
        for c in PEOPLE[("progress", "changes-by-county")]:
            total = ("progress", "changes-by-county", last, c)
            out.append(Line(_column("progress", "changes-by-county", c, others), total))
    types = frames.get((_TIES, "types"))
    if types is not None:
        cells = _column(_TIES, "types", "persons", range(len(types)))
        out.append(Line(cells, (_TIES, HEADLINE, 0, "persons")))
    if (_TIES, "cut-points") in frames:
        parts = ((_TIES, HEADLINE, 0, "person_cuts"), (_TIES, HEADLINE, 0, "body_cuts"))
        out.append(Line(parts, (_TIES, HEADLINE, 0, "cuts")))
    return out


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
        if s.key == _TIES and (_TIES, "types") in frames:
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
    if key in _BLANKED:
        column, values = ON_ROWS[key]
        out = out.astype({_BLANKED[key]: object})
        out.loc[out[column].isin(values).to_numpy(), _BLANKED[key]] = None
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
    tables, types = frames.get(("data", "tables")), frames.get((_TIES, "types"))
    cuts = original.get((_TIES, "cut-points"))
    if tables is not None:
        heads |= {("data", HEADLINE, 0, c): float(tables[c].sum()) for c in ("rows", *_PARTS)}
    fixed = set(heads)
    if types is not None:
        heads[(_TIES, HEADLINE, 0, "persons")] = float(types["persons"].sum())
    if cuts is not None:
        bodies = len(frames[(_TIES, "cut-points")])
        figures = {"cuts": len(cuts), "person_cuts": len(cuts) - bodies, "body_cuts": bodies}
        heads |= {(_TIES, HEADLINE, 0, name): float(n) for name, n in figures.items()}
        fixed.add((_TIES, HEADLINE, 0, "body_cuts"))
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
    types = frames[(_TIES, "types")]
    of = {str(kind): (_TIES, "types", i, "persons") for i, kind in enumerate(types["type"])}
    ties = frames.get((_TIES, "ties"))
    communities = 0 if ties is None else int(ties["community_code"].nunique())
    return t(
        "ties.headline",
        party=say(of["party_to_party"], "ties.n_party"),
        persons=say((_TIES, HEADLINE, 0, "persons"), "ties.n_persons"),
        registered=say(of["community_to_registered"]),
        filed=say(of["community_to_filed"]),
        communities=counted("ties.n_communities", communities),
        cuts=say((_TIES, HEADLINE, 0, "cuts"), "ties.n_cuts"),
    )
