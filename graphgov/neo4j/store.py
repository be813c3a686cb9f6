"""Neo4j as the second home of the graph: schema, an idempotent resumable bulk load, clearing.

The load writes the embedded graph's frames (so only rows the shared validator accepted
reach Neo4j), step by step (see :mod:`graphgov.neo4j.steps`), in batches of ``UNWIND $rows``
through managed write transactions (``execute_write`` retries transient errors). Each batch
has a deterministic id, a hash of what it writes, and the statement that writes its rows
first creates a ``:LoadBatch`` node with that id, in the same transaction: a rerun after a
crash skips the batches that committed and redoes the rest. Labels and relationship types
come only from :mod:`graphgov.schema`.

Every write is idempotent. Nodes are always written with ``MERGE`` on their unique key, or
with ``CREATE`` when the label has no node at all when the load starts (the uniqueness
constraint would refuse a duplicate anyway). A relationship step uses ``CREATE`` instead of
``MERGE`` only when no duplicate can arise:

- its rows have distinct (start, end, key) triples, checked in pandas;
- when the load starts, the database holds no relationship of its type leaving a node of
  its start label, or none entering a node of its end label (two count-store lookups), so
  no relationship it could duplicate exists;
- while the load runs, only this step writes relationships of that (start label, type, end
  label): steps are unique per triple, and loads run one at a time per database;
- each batch commits at most once: its ``:LoadBatch`` node is created in the same
  transaction under a uniqueness constraint, so a retried or repeated batch rolls back.

Changed data cannot break this: a rerun, a resume after a crash or a load of different data
into a database that already holds any of the step's relationships finds a non-zero count
and uses ``MERGE``. Only a fully empty step is created, and only from rows known distinct.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import neo4j
import neo4j.exceptions
import pandas as pd

from graphgov import schema
from graphgov.errors import GraphgovError
from graphgov.graph import Graph
from graphgov.meta import DatasetInfo, Targets
from graphgov.neo4j.queries import read_query
from graphgov.neo4j.steps import Step, batch_id, load_steps

GRAPH_LABELS = (*schema.NODE_LABELS, "Dataset", "LoadBatch")
#: Called after each batch commits with (step, rows done in the step, rows in the step).
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
    """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent).

    Statements whose index or constraint is already there (or, for a ``DROP``, already
    gone) are not sent: a load into a database with its schema costs one query here.
    """
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name", database_=database)
    present = {r["name"] for r in records}  # a constraint's index carries its name
    for statement in read_query("schema").statements():
        named = _SCHEMA_NAME.match(statement)
        if named and (named.group(2) in present) == (named.group(1).upper() == "CREATE"):
            continue
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


_SCHEMA_NAME = re.compile(r"^(CREATE|DROP)\s+(?:CONSTRAINT|INDEX)\s+(\w+)\s", re.IGNORECASE)


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
    steps = list(load_steps(g))
    stats = LoadStats()
    with (
        driver.session(database=database) as session,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphgov-load") as helper,
    ):
        fresh = _fresh_steps(session, steps)
        writer = _Writer(session, batch_size, done, progress)
        for step, is_fresh in zip(steps, fresh, strict=True):
            stats.steps.append(_write_step(writer, helper, step, is_fresh, batch_size))
        start = time.perf_counter()
        writer.flush()
        if stats.steps:
            stats.steps[-1].seconds += time.perf_counter() - start
    _write_dataset(driver, database, g)
    return stats


def _done_batches(driver: neo4j.Driver, database: str | None) -> set[str]:
    records, _, _ = driver.execute_query(
        "MATCH (b:LoadBatch) RETURN b.id AS id", database_=database
    )
    return {r["id"] for r in records}


def _fresh_steps(session: neo4j.Session, steps: list[Step]) -> list[bool]:
    """Per step, whether the database holds nothing of it yet: no node of its label, or no
    relationship of its type from its start label or to its end label (one query, answered
    by the count store), and its rows have distinct keys. Checked once, before any write:
    during the load only the step itself writes what these counts count."""
    exprs = [(i, e) for i, step in enumerate(steps) for e in step.counts]
    if not exprs:
        return []
    query = "RETURN " + ", ".join(f"{e} AS c{j}" for j, (_, e) in enumerate(exprs))
    values = session.run(query).single().values()
    empty = {i for (i, _), n in zip(exprs, values, strict=True) if n == 0}
    return [step.unique and i in empty for i, step in enumerate(steps)]


def _write_step(
    writer: _Writer,
    helper: ThreadPoolExecutor,
    step: Step,
    fresh: bool,
    batch_size: int,
) -> StepStats:
    """Hand the step's batches to `writer`. The next batch's rows are prepared on the
    helper thread while the server works on the current one (the driver releases the GIL
    while it waits), so Python and Neo4j overlap without parallel writes."""
    stats = StepStats(step.name)
    start = time.perf_counter()
    query = step.create if fresh else step.merge
    total = len(step.frame)

    def prepare(lo: int) -> tuple[int, str, list[dict] | None]:
        part = step.frame.iloc[lo : lo + batch_size]
        key = batch_id(step, part)
        return len(part), key, None if key in writer.done else step.rows(part)

    ahead = helper.submit(prepare, 0)
    for lo in range(0, total, batch_size):
        n, key, rows = ahead.result()
        if lo + batch_size < total:
            ahead = helper.submit(prepare, lo + batch_size)
        writer.add(
            _Batch(step.name, query, rows, n, key, stats, min(lo + batch_size, total), total)
        )
    stats.seconds = time.perf_counter() - start
    return stats


@dataclass
class _Batch:
    step: str
    query: str
    rows: list[dict] | None  # None: already in the ledger
    n: int
    id: str
    stats: StepStats
    done_rows: int
    total_rows: int


#: Prefix of every batch statement: the batch's ledger node, in the same transaction.
LEDGER = "CREATE (:LoadBatch {id: $batch_id, step: $step, rows: size($rows)}) WITH 1 AS _ "


class _Writer:
    """Writes batches in transactions of up to `batch_size` rows, in order.

    A full batch is a transaction of its own; the small ones (a small step, the last batch
    of a step) share one with their neighbours, up to `batch_size` rows, so a small load
    does not pay one commit per step. Every batch keeps its own ledger node, written by the
    same statement as its rows. The ledger's uniqueness constraint makes a batch commit at
    most once: if the ledger already holds one (a retry after a commit whose answer was
    lost), the transaction fails and rolls back, its batches are retried one by one, and
    that one counts as already loaded. `progress` is called after each batch commits.
    """

    def __init__(
        self,
        session: neo4j.Session,
        batch_size: int,
        done: set[str],
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.batch_size = batch_size
        self.done = done
        self.progress = progress
        self.pending: list[_Batch] = []
        self.pending_rows = 0

    def add(self, batch: _Batch) -> None:
        if batch.rows is None:
            self.flush()
            self._finish(batch, written=False)
            return
        if self.pending_rows + batch.n > self.batch_size:
            self.flush()
        self.pending.append(batch)
        self.pending_rows += batch.n
        if self.pending_rows >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batches, self.pending, self.pending_rows = self.pending, [], 0
        if not batches:
            return
        try:
            self.session.execute_write(_write_batches, batches)
            written = [True] * len(batches)
        except neo4j.exceptions.ConstraintError:
            if len(batches) > 1:
                written = [self._write_alone(b) for b in batches]
            elif self._in_ledger(batches[0].id):
                written = [False]
            else:
                raise
        for batch, w in zip(batches, written, strict=True):
            self._finish(batch, written=w)

    def _write_alone(self, batch: _Batch) -> bool:
        try:
            self.session.execute_write(_write_batches, [batch])
        except neo4j.exceptions.ConstraintError:
            if not self._in_ledger(batch.id):
                raise
            return False
        return True

    def _in_ledger(self, key: str) -> bool:
        found = self.session.run("MATCH (b:LoadBatch {id: $id}) RETURN count(b) AS n", id=key)
        return bool(found.single()["n"])

    def _finish(self, batch: _Batch, *, written: bool) -> None:
        self.done.add(batch.id)
        batch.stats.rows += batch.n
        batch.stats.skipped_batches += not written
        if self.progress is not None:
            self.progress(batch.step, batch.done_rows, batch.total_rows)


def _write_batches(tx: neo4j.ManagedTransaction, batches: list[_Batch]) -> None:
    for b in batches:
        tx.run(LEDGER + b.query, rows=b.rows, batch_id=b.id, step=b.step).consume()


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
