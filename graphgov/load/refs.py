"""Rules across rows and tables: references, and hierarchies (parents, cycles).

A reference to a key that is nowhere gets ``unknown_*``; one to a key whose row was
rejected gets ``ref_rejected`` (or ``parent_rejected`` within a hierarchy), and the message
names that row's reason and line, so a cascade can be followed back to its cause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.load import rules
from graphgov.load.checks import TableCheck, key_set, member
from graphgov.load.keyset import KeySet
from graphgov.load.readers import STRING_DTYPE

__all__ = [
    "KeyIndex",
    "check_hierarchy",
    "check_ref",
    "find_cycles",
    "key_index",
    "lookup",
    "parent_positions",
    "reaches_root",
]


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

    def __post_init__(self) -> None:
        # the keys hashed once for every reference to this table (graphgov.load.keyset),
        # and each accepted key's level in the same order
        self._accepted = KeySet(key_set(self.accepted))
        self._rejected = KeySet(key_set(self.rejected.index)) if len(self.rejected) else None
        self._levels = None
        if len(self.level):
            self._levels = pa.array(lookup(self.level, pd.Series(self.accepted)).array)

    def find(self, values: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For the values at `rows` (a boolean mask), the position of the accepted key equal
        to each (-1: none), and whether each is a rejected key."""
        text = _arrow(values)
        at = self._accepted.positions(text, rows)
        if self._rejected is None:  # the usual case
            return at, np.zeros(len(at), dtype=bool)
        return at, self._rejected.contains(text, rows)

    def level_at(self, positions: np.ndarray) -> pa.Array:
        """The level of the accepted keys at `positions` (regions only)."""
        assert self._levels is not None, f"{self.what}: keys without levels"
        return pc.take(self._levels, pa.array(positions))


def key_index(check: TableCheck, what: str) -> KeyIndex:
    """The :class:`KeyIndex` of a validated single-key table."""
    key = check.value(check.table.key[0])
    ok = check.ok.to_numpy()
    accepted = pd.Index(key[ok].dropna())  # distinct: rows sharing a key were rejected
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
    mask = check.ok.to_numpy() & values.notna().to_numpy()
    if rows is not None:
        mask &= rows.fillna(False).astype(bool).to_numpy()
    if not mask.any():
        return
    at, rejected = target.find(values, mask)  # only these rows are looked up
    where = np.flatnonzero(mask)
    accepted = at >= 0
    lost = where[~accepted & ~rejected]
    if len(lost):  # messages are made for the rows that get one only
        unknown = _rows(values, lost)
        mangled = unknown[rules.excel_mangled(unknown)]
        text = ": not found, and it looks mangled by a spreadsheet"
        check.reject("excel_mangled", column + " " + mangled + text)
        check.reject(unknown_code, column + " " + unknown + f": no such {target.what}")
    if rejected.any():
        hit = _rows(values, where[rejected])
        why = lookup(target.rejected, hit)
        text = f": {target.what} was rejected ("
        check.reject("ref_rejected", column + " " + hit + text + why + ")")
    if level is not None:
        levels = target.level_at(at[accepted])
        right = pc.fill_null(pc.equal(levels, level), False).to_numpy(zero_copy_only=False)
        if right.all():
            return
        wrong = where[accepted][~right]
        shown = pd.Series(pd.array(levels.filter(pa.array(~right)), dtype=STRING_DTYPE))
        text = column + " " + _rows(values, wrong) + ": region is a " + shown.astype(str).to_numpy()
        check.reject("bad_region_level", text + f", not a {level}")


def _rows(values: pd.Series, positions: np.ndarray) -> pd.Series:
    """``values.iloc[positions]`` for ascending `positions`, through a boolean mask: pyarrow
    filters each chunk alone, where a take would first join the chunks (at a cost, however
    few the positions)."""
    picked = np.zeros(len(values), dtype=bool)
    picked[positions] = True
    return values[picked]


def lookup(table: pd.Series, keys: pd.Series) -> pd.Series:
    """``keys.map(table)`` in pyarrow (``map`` and ``get_indexer`` on Arrow strings go
    through Python objects); keys not in `table` give missing values."""
    strings = [pd.Series(v, dtype=STRING_DTYPE).array for v in (table.index, table, keys)]
    index, found, wanted = (pa.array(a) for a in strings)
    position = pc.index_in(wanted, value_set=index)
    return pd.Series(pd.array(pc.take(found, position), dtype=STRING_DTYPE), index=keys.index)


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
    on a cycle get `cycle_code` (``parent_rejected`` without one), each with a message
    giving the cycle's length and its first members, the same for every member. Time and
    memory grow with the number of rows, whatever the depth of the hierarchy or the length
    of a cycle (:func:`reaches_root`, :func:`find_cycles`).
    """
    key_column = check.table.key[0]
    keys, parents = check.value(key_column), check.value(parent_column)
    candidate = (check.ok & keys.notna()).to_numpy()
    up = parent_positions(keys[candidate], parents[candidate])
    rest = np.flatnonzero(~reaches_root(up))
    if not len(rest):
        return
    key = _values_at(keys[candidate], up, rest)
    parent = _values_at(parents[candidate], up, rest)
    cycle = find_cycles(up, rest)
    earlier = check.rejected_keys()
    in_table, on_cycle = up[rest] >= 0, cycle[rest] >= 0
    before = member(pd.Series(parent[rest], dtype="string"), earlier.index).to_numpy()
    reason = np.full(len(up), None, dtype=object)
    reason[rest] = np.where(
        on_cycle,
        cycle_code or "parent_rejected",
        np.where(in_table | before, "parent_rejected", unknown_code),
    )
    labels = keys.index[candidate]
    where = np.full(len(up), None, dtype=object)
    where[rest] = check.where(labels[rest]).to_numpy()
    cycles = _describe_cycles(up, cycle, key, parent_column)
    text = np.empty(len(rest), dtype=object)
    text[on_cycle] = [f"{key_column} {key[r]}: on {cycles[cycle[r]]}" for r in rest[on_cycle]]
    hanging = ~on_cycle & in_table
    text[hanging] = [
        f"{parent_column} {parent[r]}: parent {what} was rejected "
        f"({reason[up[r]]} at {where[up[r]]})"
        for r in rest[hanging]
    ]
    gone = ~on_cycle & ~in_table & before
    text[gone] = [
        f"{parent_column} {p}: parent {what} was rejected ({earlier[p]})"
        for p in parent[rest[gone]]
    ]
    nowhere = ~on_cycle & ~in_table & ~before
    text[nowhere] = [f"{parent_column} {p}: no such {what}" for p in parent[rest[nowhere]]]
    details = pd.Series(text, index=labels[rest], dtype=object)
    codes = reason[rest]
    for code in pd.unique(codes):
        check.reject(code, details[codes == code])


#: Parent positions that are not rows: no parent (a root), and a parent that is not here.
ROOT, LOST = -1, -2
#: A cycle longer than this is shown by its first three members only.
CYCLE_SHOWN = 5


def parent_positions(keys: pd.Series, parents: pd.Series) -> np.ndarray:
    """Per row, the position of the (first) row whose key is its parent; ROOT or LOST.

    >>> keys = pd.Series(["a", "b", "c"], dtype="string")
    >>> parent_positions(keys, pd.Series([None, "a", "x"], dtype="string"))
    array([-1,  0, -2])
    """
    found = pc.index_in(_arrow(parents), value_set=_arrow(keys))
    position = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    missing = parents.isna().to_numpy()
    return np.where(position >= 0, position, np.where(missing, ROOT, LOST))


def _arrow(values: pd.Series) -> pa.Array:
    return pa.array(values.astype(STRING_DTYPE).array)


def reaches_root(up: np.ndarray) -> np.ndarray:
    """Whether each node's chain of parents ends at a root (:data:`ROOT`).

    `up` holds each node's parent position, ROOT or LOST. Pointer jumping: each pass
    replaces every node's pointer by its pointer's pointer, so at most ``log2(n) + 1``
    vectorised passes settle every chain however long (a shallow hierarchy stops sooner).

    >>> reaches_root(np.array([ROOT, 0, 1, 3, LOST, 4]))
    array([ True,  True,  True, False, False, False])
    """
    n = len(up)
    jump = np.concatenate([np.where(up >= 0, up, np.where(up == ROOT, n, n + 1)), [n, n + 1]])
    for _ in range(n.bit_length() + 1):
        ahead = jump[jump]
        if np.array_equal(ahead, jump):
            break
        jump = ahead
    return jump[:n] == n


def find_cycles(up: np.ndarray, starts: np.ndarray | None = None) -> np.ndarray:
    """Per node, the lowest position on its cycle of parent links, or -1 if on none.

    A node that only leads into a cycle is not on it. Each node is walked over once, so the
    time is linear. `starts` limits the walks to these nodes and the nodes they lead to.

    >>> find_cycles(np.array([1, 2, 0, 0, 4, ROOT]))
    array([ 0,  0,  0, -1,  4, -1])
    """
    parent = up.tolist()
    state = bytearray(len(parent))  # 0 unseen, 1 on the current walk, 2 settled
    cycle = [-1] * len(parent)
    for start in range(len(parent)) if starts is None else starts.tolist():
        walk: list[int] = []
        node = start
        while node >= 0 and not state[node]:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node >= 0 and state[node] == 1:
            members = walk[walk.index(node) :]
            low = min(members)
            for m in members:
                cycle[m] = low
        for m in walk:
            state[m] = 2
    return np.array(cycle, dtype=np.int64)


def _values_at(values: pd.Series, up: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """`values` as an object array, filled only at `rest` (the rows that need messages)."""
    out = np.full(len(up), None, dtype=object)
    out[rest] = values.iloc[rest].to_numpy(dtype=object)
    return out


def _describe_cycles(
    up: np.ndarray, cycle: np.ndarray, keys: np.ndarray, column: str
) -> dict[int, str]:
    """Cycle (its lowest position) -> ``"a cycle of 3 parent_id links (A -> B -> C -> A)"``.

    A cycle starts at its first row in the file; one longer than :data:`CYCLE_SHOWN` shows
    its first three members then ``...``, so every message has a bounded length.
    """
    members = cycle[cycle >= 0]
    sizes = np.bincount(members) if len(members) else np.zeros(0, dtype=np.int64)
    out: dict[int, str] = {}
    for low in np.unique(members).tolist():
        size = int(sizes[low])
        shown = size if size <= CYCLE_SHOWN else 3
        order = [low]
        while len(order) < shown:
            order.append(int(up[order[-1]]))
        names = [str(keys[i]) for i in order] + ([] if shown == size else ["..."])
        links = "link" if size == 1 else "links"
        chain = " -> ".join([*names, str(keys[low])])
        out[low] = f"a cycle of {size:,} {column} {links} ({chain})"
    return out
