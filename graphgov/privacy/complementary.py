"""Complementary suppression (§4.15): the lines of a report whose cells add up to a total
that is shown (:func:`lines`), and the cells to suppress so that no line keeps exactly one
suppressed member (:func:`suppress_cells`). It works on cell values alone;
:mod:`graphgov.privacy.suppress` reads them from the report's tables and writes the marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from graphgov.privacy.cells import HEADLINE, JOINT, PARTS, PEOPLE, TIES, Cell

__all__ = ["Line", "lines", "suppress_cells"]


@dataclass(frozen=True)
class Line:
    """Cells that add up to a total that is shown."""

    cells: tuple[Cell, ...]
    total: Cell


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
            cells = tuple(("data", "tables", i, c) for c in PARTS)
            out.append(Line(cells, ("data", "tables", i, "rows")))
        out += [
            Line(_column("data", "tables", c, rows), ("data", HEADLINE, 0, c))
            for c in ("rows", *PARTS)
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
    for section, table in JOINT:
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
    types = frames.get((TIES, "types"))
    if types is not None:
        cells = _column(TIES, "types", "persons", range(len(types)))
        out.append(Line(cells, (TIES, HEADLINE, 0, "persons")))
    if (TIES, "cut-points") in frames:
        parts = ((TIES, HEADLINE, 0, "person_cuts"), (TIES, HEADLINE, 0, "body_cuts"))
        out.append(Line(parts, (TIES, HEADLINE, 0, "cuts")))
    return out
