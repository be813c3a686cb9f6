"""A dataset's regions compared with the shipped NBS hierarchy (datasets/VALIDATION.md).

The comparison gives *warnings*, not rejects (``--strict-regions`` turns them into rejects,
reason ``nbs_mismatch``): a region whose code the shipped edition does not have, one whose
name differs from the edition's (compared by name core, so 翠苑一区社区 and
翠苑一区社区居委会 agree), and one whose code a known redistricting retired (下城区 330103 and
江干区 330104, merged in 2021) or that an older edition has and 2023 lacks
(:func:`graphgov.divisions.retired`: the last edition that has it, recoded, merged in the
2019-20 village mergers or retired, and the 2023 unit it likely became). A dataset built on
another edition is told which edition graphgov ships.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphgov import divisions, schema
from graphgov.divisions.lineage import MERGER_EDITION
from graphgov.divisions.names import name_core

__all__ = ["RETIRED", "NbsCheck", "compare_regions"]

#: Codes retired by a known redistricting: code -> (name, year, what became of it).
RETIRED = {
    "330103000000": ("下城区", 2021, "merged into 拱墅区 330105"),
    "330104000000": ("江干区", 2021, "merged into 上城区 330102; part became 钱塘区 330114"),
}
_LEVELS = frozenset(schema.LEVELS)
#: How a warning says what became of a code of an older edition (its ``kind``).
_BECAME = {"recoded": "recoded", "merged": "merger", "retired": "no successor recognised"}
#: The kinds of difference, in the order the table lists them, and how a warning says each.
KINDS = {
    "retired_code": "codes retired by a redistricting",
    "unknown_code": "codes unknown to",
    "name_differs": "names that differ from",
}


@dataclass
class NbsCheck:
    """The regions that differ from the shipped edition.

    Attributes
    ----------
    table : pandas.DataFrame
        ``code, name, kind, detail`` (kind one of :data:`KINDS`), one row per region that
        differs, indexed like the regions frame it was computed from.
    edition : str
        The edition graphgov ships.
    """

    table: pd.DataFrame
    edition: str = f"{divisions.EDITION} ({divisions.SOURCE})"

    def summary(self) -> list[str]:
        """One warning line per kind of difference, naming the edition."""
        lines = []
        counts = self.table["kind"].value_counts()
        for kind in KINDS:
            n = int(counts.get(kind, 0))
            if not n:
                continue
            first = self.table[self.table["kind"] == kind].head(3)
            examples = "; ".join(
                f"{c} {d}" for c, d in zip(first["code"], first["detail"], strict=True)
            )
            more = ", ..." if n > 3 else ""
            what = KINDS[kind] + ("" if kind == "retired_code" else " the shipped edition")
            lines.append(f"regions: {n:,} {what} ({examples}{more}); graphgov ships {self.edition}")
        return lines


def compare_regions(codes: pd.Series, names: pd.Series, levels: pd.Series) -> NbsCheck:
    """Compare accepted regions with the shipped edition.

    Parameters
    ----------
    codes, names, levels : pandas.Series
        Same index: the regions' 12-digit codes, names and levels.

    Examples
    --------
    >>> check = compare_regions(
    ...     pd.Series(["330106000000", "330103000000", "330106002000"]),
    ...     pd.Series(["西湖区", "下城区", "北山街道办事处"]),
    ...     pd.Series(["county", "county", "township"]),
    ... )
    >>> check.table[["code", "kind"]].values.tolist()
    [['330103000000', 'retired_code']]
    """
    frame = _shipped_rows(codes)
    shipped = pd.Index(frame["code"])
    position = shipped.get_indexer(codes.astype(object))
    known = position >= 0
    rows: list[pd.DataFrame] = []
    retired = codes.isin(list(RETIRED)).to_numpy(dtype=bool, copy=True)
    detail = np.empty(len(codes), dtype=object)
    detail[retired] = [
        f"{RETIRED[c][0]}: retired in {RETIRED[c][1]}, {RETIRED[c][2]}" for c in codes[retired]
    ]
    unknown = ~known & ~retired
    if unknown.any():  # only then is the table of older editions read
        older = _older_editions(codes[unknown], names[unknown], frame, shipped)
        was = np.flatnonzero(unknown)[older.notna().to_numpy()]
        detail[was] = older.dropna().to_numpy()
        retired[was], unknown[was] = True, False
    if retired.any():
        rows.append(_rows(codes, names, retired, "retired_code", list(detail[retired])))
    if unknown.any():
        detail = [f"{n}: no such code in the shipped edition" for n in names[unknown]]
        rows.append(_rows(codes, names, unknown, "unknown_code", detail))
    if known.any():
        theirs = frame["name"].to_numpy(dtype=object)[position[known]]
        ours = names[known].to_numpy(dtype=object)
        differs = _cores_differ(ours, theirs, levels[known])
        mask = np.zeros(len(codes), dtype=bool)
        mask[known] = differs
        detail = [
            f"{a}: the shipped edition names it {b}"
            for a, b, d in zip(ours, theirs, differs, strict=True)
            if d
        ]
        if mask.any():
            rows.append(_rows(codes, names, mask, "name_differs", detail))
    columns = ["code", "name", "kind", "detail"]
    table = pd.concat(rows) if rows else pd.DataFrame(columns=columns)
    return NbsCheck(table[columns])


def _cores_differ(ours: np.ndarray, theirs: np.ndarray, levels: pd.Series) -> np.ndarray:
    """Where two arrays of names differ once the unit word is off (one loop over the rows
    whose text differs; the same text needs no core, the common case)."""
    differs = ours != theirs
    for i in np.flatnonzero(differs):
        level = levels.iloc[i]
        level = level if level in _LEVELS else None
        differs[i] = name_core(ours[i], level) != name_core(theirs[i], level)
    return differs


def _older_editions(
    codes: pd.Series, names: pd.Series, frame: pd.DataFrame, shipped: pd.Index
) -> pd.Series:
    """What became of each code of an older edition, as warning text (NA for the others):
    ``东岳村: retired after the 2019 edition (village merger); likely now 330106001210
    东岳社区``, the successor named from `frame` (the shipped rows of the codes' provinces:
    a successor is under the same parent or its parent, so in the same province)."""
    old = divisions.retired_rows(codes)
    found = old["kind"].notna().to_numpy()
    out = pd.Series(pd.NA, index=codes.index, dtype=object)
    if not found.any():
        return out
    old, ours = old[found], names[found].astype(object)  # text as object: one dtype
    villages = (old["level"] == "community") & (old["last_edition"] == MERGER_EDITION)
    what = old["kind"].map(_BECAME).mask((old["kind"] == "merged") & villages, "village merger")
    then = old["name"].to_numpy(dtype=object)
    renamed = _cores_differ(ours.to_numpy(dtype=object), then, old["level"])
    what = what.where(~renamed, what + "; that edition names it " + old["name"])
    at = shipped.get_indexer(old["successor"].fillna("").astype(object))
    names_now = np.append(frame["name"].to_numpy(dtype=object), "")  # [-1]: not shipped
    now = pd.Series(names_now[at], index=old.index, dtype=object)
    now = (" " + now).where(at >= 0, "")
    likely = ("; likely now " + old["successor"] + now).where(old["successor"].notna(), "")
    year = old["last_edition"].astype(str).astype(object)
    out[found] = (ours + ": retired after the " + year + " edition (" + what + ")" + likely).values
    return out


def _shipped_rows(codes: pd.Series) -> pd.DataFrame:
    """The shipped rows of the provinces the codes name (not the national table: faster)."""
    heads = pd.Series(codes.dropna().astype(str).str[:2].unique())
    starts = sorted(h for h in heads if h.isascii() and h.isdigit() and len(h) == 2)
    parts = [divisions.rows_within(p) for p in starts]
    if not parts:
        return pd.DataFrame({"code": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
    return pd.concat(parts, ignore_index=True)


def _rows(codes: pd.Series, names: pd.Series, mask, kind: str, detail: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"code": codes[mask], "name": names[mask], "kind": kind, "detail": detail},
        index=codes.index[mask],
    )
