"""The steps of a Neo4j load: which rows each label or relationship group writes, and how.

A step is one node label (its extra labels set per row from :data:`EXTRA_LABELS`) or one
(start label, relationship type, end label) group, with two statements over a batch of
rows: an idempotent ``MERGE`` and a ``CREATE`` for a step the database holds nothing of yet
(see :mod:`graphgov.neo4j.store`). A batch travels column-wise, one list per column
(``UNWIND range(0, $n - 1) AS i ... $name[i]``): no map per row to build in Python, to pack,
or to unpack on the server, and the lists are built batch by batch from the graph's frames,
so a province never sits in memory as millions of Python objects.

No text from the data reaches a statement. Labels and relationship types come only from
:mod:`graphgov.schema` (checked when a step is built), and so do the property names written
into the statements (the contract's column names, plain identifiers, in backticks). Every
other column of a table (unknown columns are kept as properties; datasets/README.md, Data
dictionary) is written
with a dynamic key, ``SET n[$extra0_name] = $extra0[i]``: its name travels as a parameter,
like every value, so ``x: 0} WITH n CREATE (:Pwned) //``, ``phone number``, ``a`b``,
``key`` or ``联系电话`` are stored under their exact names. Backticks alone would not do:
Neo4j reads ``\\u0060`` inside backticks as a backtick, and ``\\u0041`` as ``A``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
import pandas as pd
import pyarrow as pa

from graphgov import schema
from graphgov.errors import DatasetError
from graphgov.graph import REL_ENDS, Graph

__all__ = ["Step", "load_steps", "REL_KEY_PROPS", "DATE_PROPS", "EXTRA_LABELS", "OWN_NAMES"]

#: Relationship properties that, with its two ends, identify a relationship (its MERGE key).
REL_KEY_PROPS = {
    "HOLDS_POST": ("role", "start"),
    **{t: ("start",) for t in schema.SERVICE_REL_TYPES.values()},
}
#: Every date column of the contract: written as Neo4j dates.
DATE_PROPS = {c.name for t in schema.TABLES.values() for c in t.columns if c.type == schema.DATE}
#: The property graphgov keeps on a keyed relationship (see :data:`REL_KEY_PROPS`).
REL_KEY = "key"
#: Parameters of the batch statements that are not columns.
RESERVED_PARAMS = frozenset({"n", REL_KEY, "labels", "batch_id", "step"})
#: Each row of a batch statement: ``i`` indexes the column lists.
ROWS = "UNWIND range(0, $n - 1) AS i "
#: The names a statement's text may hold: the contract's column names and a relationship
#: frame's ends. Every other column is written through a parameter (the module docstring).
OWN_NAMES = frozenset(
    {c for table in schema.TABLES.values() for c in table.column_names} | {"src", "dst"}
)
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXTRA = re.compile(r"extra[0-9]+(_name)?")


@dataclass(frozen=True)
class Step:
    """One label or one (start label, type, end label) group of the load.

    `merge` is the idempotent statement; `create` writes the same rows with ``CREATE`` and
    is used only on a fresh step (see the module docstring): when `unique` holds (no two
    rows share their `row_key` columns) and one of its `counts` (``COUNT {...}``
    expressions the count store answers) is zero when the load starts. Both statements
    read a batch column-wise: ``$n`` rows, one list parameter per column of `own` (named
    like the column) and of `extra` (``$extra0``, ``$extra1``, ..., their names in
    ``$extra0_name``, ...), plus the lists `internal` gives (the relationship keys, the
    extra labels).
    """

    name: str
    merge: str
    create: str
    counts: tuple[str, ...]
    frame: pd.DataFrame
    #: The columns that identify a row: a node's key; a relationship's ends and key.
    row_key: tuple[str, ...]
    own: tuple[str, ...]
    extra: tuple[str, ...]
    internal: Callable[[pd.DataFrame], dict[str, list]]

    def columns(self, part: pd.DataFrame) -> dict[str, list]:
        """The per-row lists of rows `part` of the frame, by parameter name (missing values
        as None, which Cypher leaves unset)."""
        lists = {c: _python_values(part[c], date=c in DATE_PROPS) for c in self.own}
        for j, column in enumerate(self.extra):
            lists[f"extra{j}"] = _python_values(part[column], date=False)
        return lists | self.internal(part)

    @cached_property
    def unique(self) -> bool:
        """No two rows share a :attr:`row_key` (found when first asked: it hashes every
        row, and a bulk import finds it from the rows' node ids instead)."""
        if len(self.row_key) == 1:
            return bool(self.frame[self.row_key[0]].is_unique)
        return not self.frame.duplicated(list(self.row_key)).any()

    @property
    def names(self) -> dict[str, str]:
        """The names of the `extra` columns, by parameter name (``extra0_name``, ...)."""
        return {f"extra{j}_name": column for j, column in enumerate(self.extra)}

    def params(self, part: pd.DataFrame) -> dict[str, object]:
        """The statement's parameters for rows `part` of the frame: ``n``, the lists of
        :meth:`columns` and the :attr:`names`."""
        return {"n": len(part), **self.columns(part), **self.names}


def load_steps(g: Graph) -> Iterator[Step]:
    """The steps of a load: one per node label, then one per relationship type and ends.

    Raises
    ------
    DatasetError
        A column's name cannot be a property name in Neo4j (empty, or holding a NUL), or a
        relationship column is called like graphgov's own ``key`` property.
    """
    for label, (table, key) in schema.NODE_LABELS.items():
        frame = g.nodes[label]
        if frame.empty:
            continue
        own, extra = _split(frame.columns, schema.TABLES[table].column_names, table)
        node = f"(n:{_label(label)}"
        sets = _extra_sets("n", extra)
        labels = " SET n:$($labels[i])" if label in EXTRA_LABELS else ""
        rest = [c for c in own if c != key]
        yield Step(
            name=f"node:{label}",
            merge=f"{ROWS}MERGE {node} {{{_map([key])}}}) SET n += {{{_map(rest)}}}{sets}{labels}",
            create=f"{ROWS}CREATE {node} {{{_map(own)}}}){sets}{labels}",
            counts=(f"COUNT {{ (:{label}) }}",),
            frame=frame,
            row_key=(key,),
            own=tuple(own),
            extra=tuple(extra),
            internal=partial(_node_internal, label=label),
        )
    for rel_type in schema.REL_TYPES:
        frame = g.rels[rel_type]
        key_cols = REL_KEY_PROPS.get(rel_type, ())
        for (src_label, dst_label), part in _end_groups(rel_type, frame):
            src_key = schema.NODE_LABELS[_label(src_label)][1]
            dst_key = schema.NODE_LABELS[_label(dst_label)][1]
            match = (
                f"{ROWS}MATCH (a:{_label(src_label)} {{{_map([src_key], 'src')}}}) "
                f"MATCH (b:{_label(dst_label)} {{{_map([dst_key], 'dst')}}}) "
            )
            columns = [c for c in part.columns if c not in _REL_ENDS_COLUMNS]
            own, extra = _split(columns, OWN_NAMES, f"the {rel_type} relationships")
            if key_cols and REL_KEY in extra:
                raise DatasetError(
                    f"the {rel_type} relationships: a column may not be called {REL_KEY!r}, "
                    "the property graphgov keys these relationships by; rename it"
                )
            props = [c for c in own if c not in ("src", "dst")]
            key = f" {{{REL_KEY}: ${REL_KEY}[i]}}" if key_cols else ""
            rel = f"(a)-[r:{_rel_type(rel_type)}{key}]->(b)"
            sets = (f" SET r += {{{_map(props)}}}" if props else "") + _extra_sets("r", extra)
            yield Step(
                name=f"rel:{src_label}-{rel_type}->{dst_label}",
                merge=f"{match}MERGE {rel}{sets}",
                create=f"{match}CREATE {rel}{sets}",
                counts=(
                    f"COUNT {{ (:{src_label})-[:{rel_type}]->() }}",
                    f"COUNT {{ ()-[:{rel_type}]->(:{dst_label}) }}",
                ),
                frame=part,
                row_key=("src", "dst", *key_cols),
                own=tuple(own),
                extra=tuple(extra),
                internal=partial(_rel_internal, key_cols=key_cols),
            )


_REL_ENDS_COLUMNS = ("src_label", "dst_label")


def _split(columns: Iterable[str], own: Iterable[str], where: str) -> tuple[list[str], list[str]]:
    """The columns whose names a statement may hold (in `own`), and the others, whose names
    must be valid Neo4j property keys: not empty, no NUL."""
    allowed = set(own)
    mine = [c for c in columns if c in allowed]
    extra = [c for c in columns if c not in allowed]
    bad = [c for c in extra if not isinstance(c, str) or not c or "\0" in c]
    if bad:
        raise DatasetError(
            f"{where}: column name {bad[0]!r} cannot be a Neo4j property name "
            "(it is empty or holds a NUL character); rename the column"
        )
    return mine, extra


def _map(columns: Iterable[str], param: str | None = None) -> str:
    """A Cypher map literal of the columns' values in row ``i``: ```name`: $name[i], ...``
    (or, with `param`, of that one parameter). Only graphgov's own names go in."""
    return ", ".join(f"{_name(c)}: ${param or _name(c, param=True)}[i]" for c in columns)


def _extra_sets(var: str, extra: list[str]) -> str:
    """``SET var[$extra0_name] = $extra0[i], ...`` for the columns outside the contract."""
    if not extra:
        return ""
    items = (f"{var}[$extra{j}_name] = $extra{j}[i]" for j in range(len(extra)))
    return " SET " + ", ".join(items)


def _name(name: str, *, param: bool = False) -> str:
    """One of graphgov's own names, in backticks as a property key or bare as a parameter."""
    plain = _PLAIN.fullmatch(name) and not _EXTRA.fullmatch(name)
    if name not in OWN_NAMES or not plain or name in RESERVED_PARAMS:
        raise ValueError(f"{name!r} is not one of graphgov's own property names")
    return name if param else f"`{name}`"


def _label(label: str | None) -> str:
    """`label`, checked to be a node label of :mod:`graphgov.schema`."""
    if label not in schema.NODE_LABELS:
        raise ValueError(f"{label!r} is not a node label of graphgov.schema")
    return label


def _rel_type(rel_type: str) -> str:
    """`rel_type`, checked to be a relationship type of :mod:`graphgov.schema`."""
    if rel_type not in schema.REL_TYPES:
        raise ValueError(f"{rel_type!r} is not a relationship type of graphgov.schema")
    return rel_type


def _node_internal(part: pd.DataFrame, *, label: str) -> dict[str, list]:
    return {"labels": _extra_labels(label, part)} if label in EXTRA_LABELS else {}


def _rel_internal(part: pd.DataFrame, *, key_cols: tuple[str, ...]) -> dict[str, list]:
    return {REL_KEY: _rel_keys(part, key_cols)} if key_cols else {}


#: The extra labels a node of each label may carry (derived from its properties).
EXTRA_LABELS = {
    "Region": tuple(schema.LEVEL_LABELS.values()),
    "Organization": (schema.HUB_LABEL,),
    "Person": (schema.PARTY_MEMBER_LABEL, schema.SOCIAL_WORKER_LABEL),
}


def _extra_labels(label: str, frame: pd.DataFrame) -> list[list[str]]:
    """Per row, the extra labels (from :data:`EXTRA_LABELS`) the node carries."""
    codes, choices = extra_label_codes(label, frame)
    return [list(choices[i]) for i in codes.tolist()]


def extra_label_codes(label: str, frame: pd.DataFrame) -> tuple[np.ndarray, list[list[str]]]:
    """The extra labels of each node as a code per row into a list of the label sets."""
    if label == "Region":
        levels = list(schema.LEVEL_LABELS)
        codes = pd.Categorical(frame["level"], categories=levels).codes.astype(np.int64)
        choices = [[schema.LEVEL_LABELS[level]] for level in levels]
        return np.where(codes < 0, len(levels), codes), [*choices, []]
    if label == "Organization":
        hub = frame["hub_role"].isin(["hub", "support"]).fillna(False).astype(bool).to_numpy()
        return hub.astype(np.int64), [[], [schema.HUB_LABEL]]
    if label == "Person":
        pm = frame["party_member"].fillna(False).astype(bool).to_numpy()
        sw = frame["social_worker"].fillna(False).astype(bool).to_numpy()
        pm_label, sw_label = schema.PARTY_MEMBER_LABEL, schema.SOCIAL_WORKER_LABEL
        choices = [[], [pm_label], [sw_label], [pm_label, sw_label]]  # by pm + 2 * sw
        return pm.astype(np.int64) + 2 * sw.astype(np.int64), choices
    return np.zeros(len(frame), dtype=np.int64), [[]]


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """`frame`'s columns as one pyarrow table (columns named by position), each of one type
    per kind of value whatever its pandas dtype (text as large strings, integers as int64,
    floats as float64, a column of missing values as nulls); a column of mixed Python
    values as its text."""
    columns = {}
    for i, (_, values) in enumerate(frame.items()):
        try:
            column = pa.array(values, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            column = pa.array(values.astype("string"), from_pandas=True)
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        empty = column.null_count == len(column)  # no values: no type either
        columns[str(i)] = pa.nulls(len(column)) if empty else column.cast(_one_type(column.type))
    return pa.table(columns)


def _one_type(t: pa.DataType) -> pa.DataType:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return pa.large_string()
    if pa.types.is_integer(t):
        return pa.int64()
    if pa.types.is_floating(t):
        return pa.float64()
    return t


def _end_groups(
    rel_type: str, frame: pd.DataFrame
) -> Iterator[tuple[tuple[str, str], pd.DataFrame]]:
    """The rows per (start label, end label): a type whose ends vary carries them in the
    ``src_label`` / ``dst_label`` columns, the others have the ends of :data:`REL_ENDS`."""
    if frame.empty:
        return
    ends = REL_ENDS[rel_type]
    cols = [c for c in _REL_ENDS_COLUMNS if c in frame]
    if not cols:
        yield ends, frame
        return
    for labels, part in frame.groupby(cols, sort=True):
        found = dict(zip(cols, labels, strict=True))
        yield (found.get("src_label", ends[0]), found.get("dst_label", ends[1])), part


def _python_values(col: pd.Series, *, date: bool) -> list[object]:
    """The column as Python values (``int``, ``float``, ``bool``, ``str``), None if missing."""
    values = col.to_numpy(dtype=object, na_value=None).tolist()
    if date:
        return [None if v is None else dt.date.fromisoformat(v) for v in values]
    return values


def _rel_keys(frame: pd.DataFrame, cols: tuple[str, ...]) -> list[str]:
    """The relationships' MERGE keys: the key columns joined with ``|``, missing as ""."""
    parts = [frame[c].astype("string").fillna("") for c in cols]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined + "|" + p
    return joined.tolist()


def batch_ids(step: Step, size: int) -> Iterator[tuple[int, int, str]]:
    """``(start, stop, id)`` of each batch of `size` rows of the step's frame; the id is a
    digest of the step, its statement and the rows of the batch (column names, then the
    batch's values and types as Arrow's IPC format writes the batch alone: the bytes
    depend on its rows only, not on the other rows or how the frame was read)."""
    head = f"{step.name}\n{step.merge}\n{list(step.frame.columns)}".encode()
    rows = _arrow_table(step.frame)
    for lo in range(0, rows.num_rows, size):
        digest = hashlib.sha1(head)
        part = rows.slice(lo, size)
        # taken afresh: a slice would write its parent's whole buffers
        part = part.take(pa.array(np.arange(part.num_rows))).combine_chunks()
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, part.schema) as stream:
            stream.write_table(part)
        digest.update(sink.getvalue())
        yield lo, lo + part.num_rows, digest.hexdigest()
