"""Neo4j as the second home of the graph: schema, an idempotent resumable bulk load, clearing.

The load writes the embedded graph's frames (so only rows the shared validator accepted
reach Neo4j) in batches of ``UNWIND $rows ... MERGE`` through managed write transactions
(``execute_write`` retries transient errors). Each batch has a deterministic id, a hash of
what it writes, and a ``:LoadBatch`` node with that id is created in the same transaction:
a rerun after a crash skips the batches that committed and redoes the rest, and MERGE keeps
every write idempotent. Labels and relationship types come only from :mod:`graphgov.schema`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import neo4j
import pandas as pd

from graphgov import schema
from graphgov.errors import GraphgovError
from graphgov.graph import REL_ENDS, Graph
from graphgov.meta import DatasetInfo, Targets
from graphgov.neo4j.queries import read_query

GRAPH_LABELS = (*schema.NODE_LABELS, "Dataset", "LoadBatch")
#: Relationship properties that, with its two ends, identify a relationship (its MERGE key).
REL_KEY_PROPS = {
    "HOLDS_POST": ("role", "start"),
    **{t: ("start",) for t in schema.SERVICE_REL_TYPES.values()},
}
DATE_PROPS = {"founded", "since", "start", "end"}
Progress = Callable[[str, int, int], None]


@dataclass
class StepStats:
    """Rows written (or found already written) by one step, and the seconds it took."""

    step: str
    rows: int = 0
    skipped_batches: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("nan")


@dataclass
class LoadStats:
    """What a load did, step by step."""

    steps: list[StepStats] = field(default_factory=list)

    @property
    def nodes(self) -> int:
        return sum(s.rows for s in self.steps if s.step.startswith("node:"))

    @property
    def relationships(self) -> int:
        return sum(s.rows for s in self.steps if s.step.startswith("rel:"))

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)

    def table(self) -> pd.DataFrame:
        """One row per step: rows, seconds, rows per second, batches found already loaded."""
        return pd.DataFrame(
            {
                "step": [s.step for s in self.steps],
                "rows": [s.rows for s in self.steps],
                "seconds": [round(s.seconds, 2) for s in self.steps],
                "rows_per_s": [round(s.rows_per_second) for s in self.steps],
                "already_loaded": [s.skipped_batches for s in self.steps],
            }
        )


def write_schema(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent)."""
    for statement in read_query("schema").statements():
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def clear(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Delete graphgov's nodes (and so their relationships), in transactions of 10,000."""
    where = " OR ".join(f"n:{label}" for label in GRAPH_LABELS)
    query = (
        f"MATCH (n) WHERE {where} CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS"
    )
    with driver.session(database=database) as session:
        session.run(query).consume()


def loaded_dataset(
    driver: neo4j.Driver, *, database: str | None = None
) -> tuple[DatasetInfo, Targets] | None:
    """The dataset held in the database (its `:Dataset` node), or None if there is none."""
    records, _, _ = driver.execute_query(
        "MATCH (d:Dataset) RETURN d", database_=database, routing_=neo4j.RoutingControl.READ
    )
    if not records:
        return None
    if len(records) > 1:
        raise GraphgovError(
            "the database holds more than one graphgov dataset; reload with --replace"
        )
    props = dict(records[0]["d"])
    info = DatasetInfo(props["name"], _iso(props["as_of"]), props.get("description", ""))
    names = Targets.__dataclass_fields__
    return info, Targets(**{k: props[k] for k in names if k in props})


def load_graph(
    driver: neo4j.Driver,
    g: Graph,
    *,
    database: str | None = None,
    replace: bool = False,
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> LoadStats:
    """Write graph `g` into Neo4j: schema, nodes, relationships, then the `:Dataset` node.

    Idempotent (a second load of the same graph changes nothing) and resumable (batches
    that committed before a crash are skipped). A database holding a different dataset is
    refused unless `replace` is set, which clears graphgov's data first.
    """
    if replace:
        clear(driver, database=database)
    write_schema(driver, database=database)
    held = loaded_dataset(driver, database=database)
    if held is not None and held[0].name != g.info.name:
        raise GraphgovError(
            f"the database already holds dataset {held[0].name!r}; "
            f"use --replace to load {g.info.name!r} in its place"
        )
    done = _done_batches(driver, database)
    stats = LoadStats()
    for step, query, rows in _plan(g):
        stats.steps.append(
            _write_step(driver, database, step, query, rows, batch_size, done, progress)
        )
    _write_dataset(driver, database, g)
    return stats


def _plan(g: Graph) -> Iterator[tuple[str, str, list[dict]]]:
    """(step name, query, rows) for every node label group, then every relationship group."""
    for label, (_, key) in schema.NODE_LABELS.items():
        frame = g.nodes[label]
        for extras, part in _extra_label_groups(label, frame):
            sets = "".join(f" SET n:{x}" for x in extras)
            query = (
                f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n += row.props{sets}"
            )
            rows = [{"key": k, "props": p} for k, p in zip(part[key], _props(part), strict=True)]
            yield f"node:{':'.join((label, *extras))}", query, rows
    for rel_type in schema.REL_TYPES:
        frame = g.rels[rel_type]
        for (src_label, dst_label), part in _end_groups(rel_type, frame):
            src_key = schema.NODE_LABELS[src_label][1]
            dst_key = schema.NODE_LABELS[dst_label][1]
            query = (
                f"UNWIND $rows AS row MATCH (a:{src_label} {{{src_key}: row.src}}) "
                f"MATCH (b:{dst_label} {{{dst_key}: row.dst}}) "
                f"MERGE (a)-[r:{rel_type} {{key: row.key}}]->(b) SET r += row.props"
            )
            props = part.drop(columns=["src", "dst", "src_label", "dst_label"], errors="ignore")
            keys = _rel_keys(part, REL_KEY_PROPS.get(rel_type, ()))
            rows = [
                {"src": s, "dst": d, "key": k, "props": p}
                for s, d, k, p in zip(part["src"], part["dst"], keys, _props(props), strict=True)
            ]
            yield f"rel:{src_label}-{rel_type}->{dst_label}", query, rows


def _extra_label_groups(
    label: str, frame: pd.DataFrame
) -> Iterator[tuple[tuple[str, ...], pd.DataFrame]]:
    if frame.empty:
        return
    if label == "Region":
        extra = frame["level"].map(schema.LEVEL_LABELS).map(lambda x: (x,))
    elif label == "Organization":
        hub = frame["hub_role"].isin(["hub", "support"]).fillna(False)
        extra = hub.map(lambda h: (schema.HUB_LABEL,) if h else ())
    elif label == "Person":
        pm = frame["party_member"].fillna(False).astype(bool)
        sw = frame["social_worker"].fillna(False).astype(bool)
        extra = pd.Series(
            [
                tuple(
                    x
                    for x, on in ((schema.PARTY_MEMBER_LABEL, a), (schema.SOCIAL_WORKER_LABEL, b))
                    if on
                )
                for a, b in zip(pm, sw, strict=True)
            ],
            index=frame.index,
        )
    else:
        extra = pd.Series([()] * len(frame), index=frame.index)
    yield from frame.groupby(extra, sort=True)


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
    out = []
    cols = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        row = {}
        for col, v in zip(cols, values, strict=True):
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                continue
            if col in DATE_PROPS:
                v = dt.date.fromisoformat(v)
            elif hasattr(v, "item"):
                v = v.item()
            row[col] = v
        out.append(row)
    return out


def _rel_keys(frame: pd.DataFrame, cols: tuple[str, ...]) -> list[str]:
    if not cols:
        return [""] * len(frame)
    parts = [frame[c].astype("string").fillna("") for c in cols]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined + "|" + p
    return joined.tolist()


def _done_batches(driver: neo4j.Driver, database: str | None) -> set[str]:
    records, _, _ = driver.execute_query(
        "MATCH (b:LoadBatch) RETURN b.id AS id", database_=database
    )
    return {r["id"] for r in records}


def _write_step(
    driver: neo4j.Driver,
    database: str | None,
    step: str,
    query: str,
    rows: list[dict],
    batch_size: int,
    done: set[str],
    progress: Progress | None,
) -> StepStats:
    stats = StepStats(step)
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for lo in range(0, len(rows), batch_size):
            batch = rows[lo : lo + batch_size]
            batch_id = _batch_id(step, batch)
            if batch_id in done:
                stats.skipped_batches += 1
            else:
                session.execute_write(_write_batch, query, batch, batch_id, step)
                done.add(batch_id)
            stats.rows += len(batch)
            if progress is not None:
                progress(step, min(lo + batch_size, len(rows)), len(rows))
    stats.seconds = time.perf_counter() - start
    return stats


def _write_batch(
    tx: neo4j.ManagedTransaction, query: str, rows: list[dict], batch_id: str, step: str
) -> None:
    tx.run(query, rows=rows).consume()
    tx.run(
        "CREATE (:LoadBatch {id: $id, step: $step, rows: $n})", id=batch_id, step=step, n=len(rows)
    ).consume()


def _batch_id(step: str, rows: list[dict]) -> str:
    digest = hashlib.sha1(step.encode())
    digest.update(json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def _write_dataset(driver: neo4j.Driver, database: str | None, g: Graph) -> None:
    props = {"as_of": dt.date.fromisoformat(g.info.as_of), "description": g.info.description}
    props |= g.targets.as_dict()
    driver.execute_query(
        "MERGE (d:Dataset {name: $name}) SET d += $props",
        name=g.info.name,
        props=props,
        database_=database,
    )


def _iso(value: object) -> str:
    return value.iso_format() if hasattr(value, "iso_format") else str(value)
