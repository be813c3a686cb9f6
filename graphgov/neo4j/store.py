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
from functools import partial

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
#: Rows per transaction.
BATCH_SIZE = 5000


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
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> LoadStats:
    """Write graph `g` into Neo4j: schema, nodes, relationships, then the `:Dataset` node.

    Idempotent (a second load of the same graph changes nothing) and resumable (batches
    that committed before a crash are skipped). A database holding a different dataset is
    refused unless `replace` is set, which clears graphgov's data first. One load at a time
    per database: the ledger and the fresh-step rule (see the module docstring) assume it.
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
    for step in _plan(g):
        stats.steps.append(_write_step(driver, database, step, batch_size, done, progress))
    _write_dataset(driver, database, g)
    return stats


@dataclass(frozen=True)
class Step:
    """One label or one (start label, type, end label) group of the load.

    `merge` is the idempotent statement; `create` writes the same rows with ``CREATE`` and
    is used only on a fresh step (see the module docstring): when `unique` holds (no two
    rows share a key) and one of the `counts` queries finds nothing of the step in the
    database when it starts.
    """

    name: str
    merge: str
    create: str
    counts: tuple[str, ...]
    frame: pd.DataFrame
    unique: bool
    rows: Callable[[pd.DataFrame], list[dict]]


def _plan(g: Graph) -> Iterator[Step]:
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
            counts=(f"MATCH (n:{label}) RETURN count(n) AS n",),
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
                    f"MATCH (:{src_label})-[r:{rel_type}]->() RETURN count(r) AS n",
                    f"MATCH ()-[r:{rel_type}]->(:{dst_label}) RETURN count(r) AS n",
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


def _done_batches(driver: neo4j.Driver, database: str | None) -> set[str]:
    records, _, _ = driver.execute_query(
        "MATCH (b:LoadBatch) RETURN b.id AS id", database_=database
    )
    return {r["id"] for r in records}


def _is_fresh(session: neo4j.Session, step: Step) -> bool:
    """Nothing of the step is in the database yet (the counts come from the count store)."""
    return step.unique and any(session.run(q).single()["n"] == 0 for q in step.counts)


def _write_step(
    driver: neo4j.Driver,
    database: str | None,
    step: Step,
    batch_size: int,
    done: set[str],
    progress: Progress | None,
) -> StepStats:
    stats = StepStats(step.name)
    start = time.perf_counter()
    total = len(step.frame)
    with driver.session(database=database) as session:
        query = step.create if _is_fresh(session, step) else step.merge
        for lo in range(0, total, batch_size):
            part = step.frame.iloc[lo : lo + batch_size]
            batch_id = _batch_id(step, part)
            if batch_id in done or not session.execute_write(
                _write_batch, query, step.rows(part), batch_id, step.name
            ):
                stats.skipped_batches += 1
            done.add(batch_id)
            stats.rows += len(part)
            if progress is not None:
                progress(step.name, min(lo + batch_size, total), total)
    stats.seconds = time.perf_counter() - start
    return stats


def _write_batch(
    tx: neo4j.ManagedTransaction, query: str, rows: list[dict], batch_id: str, step: str
) -> bool:
    """Write one batch and its ledger node in one transaction; False (nothing written) if
    the ledger already holds it (e.g. a retry after a commit whose answer was lost)."""
    found = tx.run("MATCH (b:LoadBatch {id: $id}) RETURN count(b) AS n", id=batch_id).single()
    if found["n"]:
        return False
    tx.run(query, rows=rows).consume()
    tx.run(
        "CREATE (:LoadBatch {id: $id, step: $step, rows: $n})", id=batch_id, step=step, n=len(rows)
    ).consume()
    return True


def _batch_id(step: Step, part: pd.DataFrame) -> str:
    """A digest of the step, its statement and the rows of the batch (column names and
    values, hashed by pandas row by row)."""
    digest = hashlib.sha1(f"{step.name}\n{step.merge}\n{list(part.columns)}".encode())
    digest.update(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _write_dataset(driver: neo4j.Driver, database: str | None, g: Graph) -> None:
    props = {
        "as_of": dt.date.fromisoformat(g.info.as_of),
        "description": g.info.description,
        # rows read / accepted / rejected / duplicates per input table, for the data summary
        "load_counts": json.dumps(g.counts, sort_keys=True),
    }
    props |= g.targets.as_dict()
    driver.execute_query(
        "MERGE (d:Dataset {name: $name}) SET d += $props",
        name=g.info.name,
        props=props,
        database_=database,
    )


def _iso(value: object) -> str:
    return value.iso_format() if hasattr(value, "iso_format") else str(value)
