"""The steps of a Neo4j load: which rows each label or relationship group writes, and how.

A step is one node label (its extra labels set per row from :data:`EXTRA_LABELS`) or one
(start label, relationship type, end label) group, with two statements over ``$rows``: an
idempotent ``MERGE`` and a ``CREATE`` for a step the database holds nothing of yet (see
:mod:`graphgov.neo4j.store`). Labels and types come only from :mod:`graphgov.schema`; every
value goes in as a parameter. Rows are built batch by batch from the graph's frames, so a
province never sits in memory as millions of dicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
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
    answers) is zero when the load starts.
    """

    name: str
    merge: str
    create: str
    counts: tuple[str, ...]
    frame: pd.DataFrame
    unique: bool
    rows: Callable[[pd.DataFrame], list[dict]]


def load_steps(g: Graph) -> Iterator[Step]:
    """The steps of a load: one per node label, then one per relationship type and ends."""
    for label, (_, key) in schema.NODE_LABELS.items():
        frame = g.nodes[label]
        if frame.empty:
            continue
        extras = EXTRA_LABELS.get(label, ())
        sets = "".join(
            f" FOREACH (_ IN CASE WHEN '{x}' IN row.labels THEN [1] ELSE [] END | SET n:{x})"
            for x in extras
        )
        body = f" (n:{label} {{{key}: row.key}}) SET n += row.props{sets}"
        yield Step(
            name=f"node:{label}",
            merge=f"UNWIND $rows AS row MERGE{body}",
            create=f"UNWIND $rows AS row CREATE{body}",
            counts=(f"COUNT {{ (:{label}) }}",),
            frame=frame,
            unique=bool(frame[key].is_unique),
            rows=partial(_node_rows, label=label, key=key),
        )
    for rel_type in schema.REL_TYPES:
        frame = g.rels[rel_type]
        key_cols = REL_KEY_PROPS.get(rel_type, ())
        for (src_label, dst_label), part in _end_groups(rel_type, frame):
            src_key = schema.NODE_LABELS[src_label][1]
            dst_key = schema.NODE_LABELS[dst_label][1]
            match = (
                f"UNWIND $rows AS row MATCH (a:{src_label} {{{src_key}: row.src}}) "
                f"MATCH (b:{dst_label} {{{dst_key}: row.dst}}) "
            )
            body = f" (a)-[r:{rel_type} {{key: row.key}}]->(b) SET r += row.props"
            ends = pd.DataFrame({"src": part["src"], "dst": part["dst"]})
            ends["key"] = _rel_keys(part, key_cols)
            yield Step(
                name=f"rel:{src_label}-{rel_type}->{dst_label}",
                merge=f"{match}MERGE{body}",
                create=f"{match}CREATE{body}",
                counts=(
                    f"COUNT {{ (:{src_label})-[:{rel_type}]->() }}",
                    f"COUNT {{ ()-[:{rel_type}]->(:{dst_label}) }}",
                ),
                frame=part,
                unique=not ends.duplicated().any(),
                rows=partial(_rel_rows, key_cols=key_cols),
            )


def _node_rows(part: pd.DataFrame, *, label: str, key: str) -> list[dict]:
    extras = _extra_labels(label, part)
    return [
        {"key": k, "props": p, "labels": x}
        for k, p, x in zip(part[key].tolist(), _props(part), extras, strict=True)
    ]


def _rel_rows(part: pd.DataFrame, *, key_cols: tuple[str, ...]) -> list[dict]:
    props = part.drop(columns=["src", "dst", "src_label", "dst_label"], errors="ignore")
    return [
        {"src": s, "dst": d, "key": k, "props": p}
        for s, d, k, p in zip(
            part["src"].tolist(),
            part["dst"].tolist(),
            _rel_keys(part, key_cols),
            _props(props),
            strict=True,
        )
    ]


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
    if frame.empty:
        return
    src_default, dst_default = REL_ENDS[rel_type]
    src = frame["src_label"] if "src_label" in frame else pd.Series(src_default, index=frame.index)
    dst = frame["dst_label"] if "dst_label" in frame else pd.Series(dst_default, index=frame.index)
    yield from frame.groupby([src, dst], sort=True)


def _props(frame: pd.DataFrame) -> list[dict]:
    """Property maps without missing values; dates become ``datetime.date`` (Neo4j Date)."""
    cols = list(frame.columns)
    if not cols:
        return [{} for _ in range(len(frame))]
    values = [_python_values(frame[c], date=c in DATE_PROPS) for c in cols]
    return [
        {c: v for c, v in zip(cols, row, strict=True) if v is not None}
        for row in zip(*values, strict=True)
    ]


def _python_values(col: pd.Series, *, date: bool) -> list[object]:
    """The column as Python values (``int``, ``float``, ``bool``, ``str``), None if missing."""
    missing = col.isna().to_numpy()
    values = col.astype(object).tolist()
    if date:
        return [
            None if m else dt.date.fromisoformat(v) for v, m in zip(values, missing, strict=True)
        ]
    if missing.any():
        return [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def _rel_keys(frame: pd.DataFrame, cols: tuple[str, ...]) -> list[str]:
    if not cols:
        return [""] * len(frame)
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
