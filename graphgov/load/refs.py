"""Rules across rows and tables: references, and hierarchies (parents, cycles).

A reference to a key that is nowhere gets ``unknown_*``; one to a key whose row was
rejected gets ``ref_rejected`` (or ``parent_rejected`` within a hierarchy), and the message
names that row's reason and line, so a cascade can be followed back to its cause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from graphgov.load import rules
from graphgov.load.checks import TableCheck, member

__all__ = ["KeyIndex", "check_hierarchy", "check_ref", "key_index"]


@dataclass
class KeyIndex:
    """The keys of one validated table: which were accepted, and why the others were not.

    Attributes
    ----------
    what : str
        What a key names, for messages ("region", "organization", ...).
    accepted : pandas.Index
        Keys of accepted rows.
    rejected : pandas.Series
        Key -> ``"REASON at FILE:LINE"`` for rejected rows.
    level : pandas.Series
        For regions: accepted code -> level (empty otherwise).
    """

    what: str
    accepted: pd.Index
    rejected: pd.Series
    level: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))


def key_index(check: TableCheck, what: str) -> KeyIndex:
    """The :class:`KeyIndex` of a validated single-key table."""
    key = check.value(check.table.key[0])
    ok = check.ok.to_numpy()
    accepted = pd.Index(key[ok].dropna().unique())
    level = pd.Series(dtype=object)
    if check.name == "regions":
        level = pd.Series(check.value("level")[ok].to_numpy(), index=key[ok].to_numpy())
    return KeyIndex(what, accepted, check.rejected_keys(), level)


def check_ref(
    check: TableCheck,
    column: str,
    target: KeyIndex,
    unknown_code: str,
    rows: pd.Series | None = None,
    level: str | None = None,
) -> None:
    """Reject rows whose `column` names no accepted key of `target`.

    Parameters
    ----------
    check : TableCheck
        The referring table.
    column : str
        The referring column; missing values are not checked (requiredness is elsewhere).
    target : KeyIndex
        The table referred to.
    unknown_code : str
        Reason for a key that is nowhere, e.g. ``"unknown_region"``.
    rows : pandas.Series of bool, optional
        Check only these rows (e.g. posts whose ``body_type`` is ``org``).
    level : str, optional
        The region level the referred region must have (``bad_region_level`` otherwise).
    """
    values = check.value(column)
    mask = check.ok & values.notna()
    if rows is not None:
        mask &= rows.fillna(False).astype(bool)
    if not mask.any():
        return
    accepted = member(values, target.accepted)
    rejected = member(values, target.rejected.index)
    unknown = values[mask & ~accepted & ~rejected]
    mangled = unknown[rules.excel_mangled(unknown)]
    text = ": not found, and it looks mangled by a spreadsheet"
    check.reject("excel_mangled", column + " " + mangled + text)
    check.reject(unknown_code, column + " " + unknown + f": no such {target.what}")
    hit = values[mask & rejected]
    why = _lookup(target.rejected, hit)
    check.reject("ref_rejected", column + " " + hit + f": {target.what} was rejected (" + why + ")")
    if level is not None:
        levels = _lookup(target.level, values)
        wrong = mask & accepted & (levels != level).fillna(True).astype(bool)
        text = column + " " + values[wrong] + ": region is a " + levels[wrong].astype(str)
        check.reject("bad_region_level", text + f", not a {level}")


def _lookup(table: pd.Series, keys: pd.Series) -> pd.Series:
    """``keys.map(table)`` via a hash index (``map`` on Arrow strings goes through Python)."""
    position = pd.Index(table.index).get_indexer(keys)
    found = pd.Series(table.to_numpy(dtype=object), dtype="string")
    out = found.reindex(position).set_axis(keys.index)
    return out.where(position >= 0)


def check_hierarchy(
    check: TableCheck,
    parent_column: str,
    unknown_code: str,
    what: str,
    cycle_code: str | None = None,
) -> None:
    """Accept only rows whose chain of parents reaches a root through accepted rows.

    Roots are rows without a parent. A row whose parent is nowhere gets `unknown_code`; one
    whose parent is rejected (earlier, or here, transitively) gets ``parent_rejected``; rows
    on a cycle get `cycle_code`. Runs in as many vectorised passes as the hierarchy is deep,
    plus a plain loop over the rows that cannot be reached.
    """
    key_column = check.table.key[0]
    keys, parents = check.value(key_column), check.value(parent_column)
    candidate = check.ok & keys.notna()
    accepted = candidate & parents.isna()
    frontier = keys[accepted]
    while len(frontier):
        new = candidate & ~accepted & member(parents, frontier)
        accepted |= new
        frontier = keys[new]
    rest = candidate & ~accepted
    if not rest.any():
        return
    earlier = check.rejected_keys()
    parent_of = dict(zip(keys[rest], parents[rest], strict=True))
    label_of = dict(zip(keys[rest], keys.index[rest.to_numpy()], strict=True))
    where = check.where(pd.Index(list(label_of.values())))
    cycles = _cycles(parent_of)
    cycle_reason = cycle_code or "parent_rejected"
    reason = {
        node: cycle_reason
        if node in cycles
        else "parent_rejected"
        if parent in parent_of or parent in earlier.index
        else unknown_code
        for node, parent in parent_of.items()
    }
    details: dict[str, dict[object, str]] = {}
    for node, parent in parent_of.items():
        label = label_of[node]
        if node in cycles:
            chain = " -> ".join(str(n) for n in [*cycles[node], node])
            text = f"{key_column} {node}: on a cycle of {parent_column} links ({chain})"
        elif parent in parent_of:
            cause = f"{reason[parent]} at {where[label_of[parent]]}"
            text = f"{parent_column} {parent}: parent {what} was rejected ({cause})"
        elif parent in earlier.index:
            text = f"{parent_column} {parent}: parent {what} was rejected ({earlier[parent]})"
        else:
            text = f"{parent_column} {parent}: no such {what}"
        details.setdefault(reason[node], {})[label] = text
    for code, found in details.items():
        check.reject(code, pd.Series(found, dtype=object))


def _cycles(parent_of: dict) -> dict[object, list]:
    """Node -> its cycle (as a list starting at the node) for every node on a cycle."""
    state: dict[object, int] = {}
    on_cycle: dict[object, list] = {}
    for start in parent_of:
        if start in state:
            continue
        path: list = []
        position: dict[object, int] = {}
        node = start
        while node in parent_of and node not in state:
            position[node] = len(path)
            path.append(node)
            state[node] = 1
            node = parent_of[node]
        if node in position:
            cycle = path[position[node] :]
            for i, member in enumerate(cycle):
                on_cycle[member] = cycle[i:] + cycle[:i]
        for member in path:
            state[member] = 2
    return on_cycle
