"""The steps of a Neo4j load: which rows each label or relationship group writes, and how.

A step is one node label (its extra labels set per row from :data:`EXTRA_LABELS`) or one
(start label, relationship type, end label) group, with two statements over a batch of
rows: an idempotent ``MERGE`` and a ``CREATE`` for a step the database holds nothing of yet
(see :mod:`graphgov.neo4j.store`). Labels and types come only from :mod:`graphgov.schema`;
every value goes in as a parameter. A batch travels column-wise, one list per column
(``UNWIND range(0, $n - 1) AS i ... $name[i]``): no map per row to build in Python, to pack,
or to unpack on the server, and the lists are built batch by batch from the graph's frames,
so a province never sits in memory as millions of Python objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

import pandas as pd

from graphgov import schema
from graphgov.graph import REL_ENDS, Graph

__all__ = ["Step", "load_steps", "REL_KEY_PROPS", "DATE_PROPS", "EXTRA_LABELS"]

#: Relationship properties that, with its two ends, identify a relationship (its MERGE key).
REL_KEY_PROPS = {
    "HOLDS_POST": ("role", "start"),
    **{t: ("start",) for t in schema.SERVICE_REL_TYPES.values()},
}
DATE_PROPS = {"founded", "since", "start", "end"}


@dataclass(frozen=True)
class Step:
    """One label or one (start label, type, end label) group of the load.

    `merge` is the idempotent statement; `create` writes the same rows with ``CREATE`` and
    is used only on a fresh step (see the module docstring): when `unique` holds (no two
    rows share a key) and one of its `counts` (``COUNT {...}`` expressions the count store
    answers) is zero when the load starts. Both statements read a batch column-wise:
    ``$n`` rows, and one list parameter per column (see :meth:`params`).
    """

    name: str
    merge: str
    create: str
    counts: tuple[str, ...]
    frame: pd.DataFrame
    unique: bool
    columns: Callable[[pd.DataFrame], dict[str, list]]

    def params(self, part: pd.DataFrame) -> dict[str, object]:
        """The statement's parameters for rows `part` of the frame: ``n`` and the columns
        as lists (missing values as None, which Cypher leaves unset)."""
        return {"n": len(part), **self.columns(part)}


#: Parameters of the batch statements that are not columns.
RESERVED_PARAMS = frozenset({"n", "key", "labels", "batch_id", "step"})
#: Each row of a batch statement: ``i`` indexes the column lists.
ROWS = "UNWIND range(0, $n - 1) AS i "


def load_steps(g: Graph) -> Iterator[Step]:
    """The steps of a load: one per node label, then one per relationship type and ends."""
    for label, (_, key) in schema.NODE_LABELS.items():
        frame = g.nodes[label]
        if frame.empty:
            continue
        props = _map([c for c in frame.columns if c != key])
        labels = " SET n:$($labels[i])" if label in EXTRA_LABELS else ""
        yield Step(
            name=f"node:{label}",
            merge=f"{ROWS}MERGE (n:{label} {{{key}: ${key}[i]}}) SET n += {{{props}}}{labels}",
            create=f"{ROWS}CREATE (n:{label} {{{_map(frame.columns)}}}){labels}",
            counts=(f"COUNT {{ (:{label}) }}",),
            frame=frame,
            unique=bool(frame[key].is_unique),
            columns=partial(_node_columns, label=label),
        )
    for rel_type in schema.REL_TYPES:
        frame = g.rels[rel_type]
        key_cols = REL_KEY_PROPS.get(rel_type, ())
        for (src_label, dst_label), part in _end_groups(rel_type, frame):
            src_key = schema.NODE_LABELS[src_label][1]
            dst_key = schema.NODE_LABELS[dst_label][1]
            match = (
                f"{ROWS}MATCH (a:{src_label} {{{src_key}: $src[i]}}) "
                f"MATCH (b:{dst_label} {{{dst_key}: $dst[i]}}) "
            )
            props = [c for c in part.columns if c not in ("src", "dst", *_REL_ENDS_COLUMNS)]
            rel = f"(a)-[r:{rel_type}{' {key: $key[i]}' if key_cols else ''}]->(b)"
            sets = f" SET r += {{{_map(props)}}}" if props else ""
            yield Step(
                name=f"rel:{src_label}-{rel_type}->{dst_label}",
                merge=f"{match}MERGE {rel}{sets}",
                create=f"{match}CREATE {rel}{sets}",
                counts=(
                    f"COUNT {{ (:{src_label})-[:{rel_type}]->() }}",
                    f"COUNT {{ ()-[:{rel_type}]->(:{dst_label}) }}",
                ),
                frame=part,
                unique=not part.duplicated(["src", "dst", *key_cols]).any(),
                columns=partial(_rel_columns, key_cols=key_cols),
            )


_REL_ENDS_COLUMNS = ("src_label", "dst_label")


def _map(columns: Iterable[str]) -> str:
    """A Cypher map literal of the columns' values in row ``i``: ``name: $name[i], ...``."""
    names = list(columns)
    clash = RESERVED_PARAMS.intersection(names)
    if clash:
        raise ValueError(f"column names clash with the load's parameters: {sorted(clash)}")
    return ", ".join(f"{c}: ${c}[i]" for c in names)


def _node_columns(part: pd.DataFrame, *, label: str) -> dict[str, list]:
    columns = _lists(part)
    if label in EXTRA_LABELS:
        columns["labels"] = _extra_labels(label, part)
    return columns


def _rel_columns(part: pd.DataFrame, *, key_cols: tuple[str, ...]) -> dict[str, list]:
    columns = _lists(part.drop(columns=list(_REL_ENDS_COLUMNS), errors="ignore"))
    if key_cols:
        columns["key"] = _rel_keys(part, key_cols)
    return columns


#: The extra labels a node of each label may carry (derived from its properties).
EXTRA_LABELS = {
    "Region": tuple(schema.LEVEL_LABELS.values()),
    "Organization": (schema.HUB_LABEL,),
    "Person": (schema.PARTY_MEMBER_LABEL, schema.SOCIAL_WORKER_LABEL),
}


def _extra_labels(label: str, frame: pd.DataFrame) -> list[list[str]]:
    """Per row, the extra labels (from :data:`EXTRA_LABELS`) the node carries."""
    if label == "Region":
        level = frame["level"].map(schema.LEVEL_LABELS)
        return [[x] if isinstance(x, str) else [] for x in level.tolist()]
    if label == "Organization":
        hub = frame["hub_role"].isin(["hub", "support"]).fillna(False).tolist()
        return [[schema.HUB_LABEL] if h else [] for h in hub]
    if label == "Person":
        pm = frame["party_member"].fillna(False).astype(bool).tolist()
        sw = frame["social_worker"].fillna(False).astype(bool).tolist()
        both = (schema.PARTY_MEMBER_LABEL, schema.SOCIAL_WORKER_LABEL)
        return [
            [x for x, on in zip(both, flags, strict=True) if on]
            for flags in zip(pm, sw, strict=True)
        ]
    return [[] for _ in range(len(frame))]


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


def _lists(frame: pd.DataFrame) -> dict[str, list]:
    """Each column as a list of Python values; dates become ``datetime.date`` (Neo4j Date)."""
    return {c: _python_values(frame[c], date=c in DATE_PROPS) for c in frame.columns}


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


def batch_id(step: Step, part: pd.DataFrame) -> str:
    """A digest of the step, its statement and the rows of the batch (column names and
    values, hashed by pandas row by row)."""
    digest = hashlib.sha1(f"{step.name}\n{step.merge}\n{list(part.columns)}".encode())
    digest.update(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes())
    return digest.hexdigest()
