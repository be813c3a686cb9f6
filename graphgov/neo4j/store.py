"""Neo4j as the second home of the graph: schema, an idempotent resumable bulk load, clearing.

The load writes the embedded graph's frames (so only rows the shared validator accepted
reach Neo4j), step by step (see :mod:`graphgov.neo4j.steps`), in batches that travel as one
list per column, through managed write transactions (``execute_write`` retries transient
errors, deadlocks included). Two transactions run at a time by default (``writers``), so
the server works on two cores while Python builds the next batches; every node is written
before the first relationship. Each batch has a deterministic id, a hash of what it writes,
and the statement that writes its rows first creates a ``:LoadBatch`` node with that id, in
the same transaction: a rerun after a crash skips the batches that committed and redoes the
rest. Labels and relationship types come only from :mod:`graphgov.schema`.

Every write is idempotent. Nodes are always written with ``MERGE`` on their unique key, or
with ``CREATE`` when the label has no node at all when the load starts (the uniqueness
constraint would refuse a duplicate anyway). A relationship step uses ``CREATE`` instead of
``MERGE`` only when no duplicate can arise:

- its rows have distinct (start, end, key) triples, checked in pandas;
- when the load starts, the database holds no relationship of its type leaving a node of
  its start label, or none entering a node of its end label (two count-store lookups), so
  no relationship it could duplicate exists;
- while the load runs, only this step writes relationships of that (start label, type, end
  label), each of its rows in exactly one batch: steps are unique per triple, and loads run
  one at a time per database;
- each batch commits at most once, whichever writer sends it: its ``:LoadBatch`` node is
  created in the same transaction under a uniqueness constraint, so a retried or repeated
  batch rolls back.

Changed data cannot break this: a rerun, a resume after a crash or a load of different data
into a database that already holds any of the step's relationships finds a non-zero count
and uses ``MERGE``. Only a fully empty step is created, and only from rows known distinct.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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
#: Write transactions at once: the server runs each on a core of its own.
WRITERS = 2


@dataclass
class StepStats:
    """Rows written (or found already written) by one step, and the seconds it took."""

    step: str
    rows: int = 0
    skipped_batches: int = 0
    seconds: float = 0.0
    started: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("nan")


@dataclass
class LoadStats:
    """What a load did, step by step."""

    steps: list[StepStats] = field(default_factory=list)
    #: Wall time of the whole load (schema, checks and the dataset node included).
    seconds: float = 0.0
    #: Wall time of the node steps ("node") and of the relationship steps ("rel").
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return sum(s.rows for s in self.steps if s.step.startswith("node:"))

    @property
    def relationships(self) -> int:
        return sum(s.rows for s in self.steps if s.step.startswith("rel:"))

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
    sent = 0
    for statement in read_query("schema").statements():
        named = _SCHEMA_NAME.match(statement)
        if named and (named.group(2) in present) == (named.group(1).upper() == "CREATE"):
            continue
        driver.execute_query(statement, database_=database)
        sent += 1
    if sent:
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
    writers: int = WRITERS,
    progress: Progress | None = None,
) -> LoadStats:
    """Write graph `g` into Neo4j: schema, nodes, relationships, then the `:Dataset` node.

    Idempotent (a second load of the same graph changes nothing) and resumable (batches
    that committed before a crash are skipped). A database holding a different dataset is
    refused unless `replace` is set, which clears graphgov's data first. `writers`
    transactions of up to `batch_size` rows run at once; the nodes all come before the
    relationships, and a phase too small to give each writer `batch_size` rows is shared
    evenly among them. The batches, and so their ids, follow from the data, `batch_size`
    and `writers`: a resume with other values still ends with the same graph, it only
    skips less. One load at a time per database: the ledger and the fresh-step rule (see
    the module docstring) assume it.
    """
    if writers < 1 or batch_size < 1:
        raise ValueError(f"writers and batch_size must be >= 1, not {writers} and {batch_size}")
    start = time.perf_counter()
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
    fresh = _fresh_steps(driver, database, steps)
    stats = LoadStats()
    with _Writers(driver, database, writers, progress) as pool:
        for phase in ("node", "rel"):
            began = time.perf_counter()
            todo = [i for i, step in enumerate(steps) if step.name.startswith(f"{phase}:")]
            pool.batch_size = _phase_batch_size([steps[i] for i in todo], batch_size, writers)
            for i in todo:
                stats.steps.append(_write_step(pool, steps[i], fresh[i], done))
            pool.drain()  # the relationships need all their nodes
            stats.phases[phase] = time.perf_counter() - began
    _write_dataset(driver, database, g)
    stats.seconds = time.perf_counter() - start
    return stats


def _done_batches(driver: neo4j.Driver, database: str | None) -> set[str]:
    records, _, _ = driver.execute_query(
        "MATCH (b:LoadBatch) RETURN b.id AS id", database_=database
    )
    return {r["id"] for r in records}


def _fresh_steps(driver: neo4j.Driver, database: str | None, steps: list[Step]) -> list[bool]:
    """Per step, whether the database holds nothing of it yet: no node of its label, or no
    relationship of its type from its start label or to its end label (one query, answered
    by the count store), and its rows have distinct keys. Checked once, before any write:
    during the load only the step itself writes what these counts count."""
    exprs = [(i, e) for i, step in enumerate(steps) for e in step.counts]
    if not exprs:
        return []
    query = "RETURN " + ", ".join(f"{e} AS c{j}" for j, (_, e) in enumerate(exprs))
    records, _, _ = driver.execute_query(query, database_=database)
    values = records[0].values()
    empty = {i for (i, _), n in zip(exprs, values, strict=True) if n == 0}
    return [step.unique and i in empty for i, step in enumerate(steps)]


def _phase_batch_size(steps: list[Step], batch_size: int, writers: int) -> int:
    """`batch_size`, or less when the phase is too small to give each writer a full
    batch: then its rows are shared evenly among the writers."""
    rows = sum(len(step.frame) for step in steps)
    return max(1, min(batch_size, -(-rows // writers)))


def _write_step(pool: _Writers, step: Step, fresh: bool, done: set[str]) -> StepStats:
    """Cut the step into batches of the pool's batch size and hand them to the writers; a
    batch already in the ledger is counted, not written. The rows of the next batches are
    built here while the writers' transactions run on the server."""
    stats = StepStats(step.name, started=time.perf_counter())
    query = step.create if fresh else step.merge
    total = len(step.frame)
    size = pool.batch_size
    for lo in range(0, total, size):
        part = step.frame.iloc[lo : lo + size]
        key = batch_id(step, part)
        params = None if key in done else step.params(part)
        pool.add(_Batch(step.name, query, params, len(part), key, stats, total))
    return stats


@dataclass
class _Batch:
    step: str
    query: str
    params: dict[str, object] | None  # None: already in the ledger
    n: int
    id: str
    stats: StepStats
    total_rows: int


#: Prefix of every batch statement: the batch's ledger node, in the same transaction.
LEDGER = "CREATE (:LoadBatch {id: $batch_id, step: $step, rows: $n}) WITH 1 AS _ "


class _Writers:
    """Writes batches in transactions of up to `batch_size` rows, `writers` at a time.

    A full batch is a transaction of its own; the small ones (a small step, the last batch
    of a step) share one with their neighbours, up to `batch_size` rows, so a small load
    does not pay one commit per step. Every batch keeps its own ledger node, written by the
    same statement as its rows. The ledger's uniqueness constraint makes a batch commit at
    most once: if the ledger already holds one (a retry after a commit whose answer was
    lost), the transaction fails and rolls back, its batches are retried one by one, and
    that one counts as already loaded. Transactions that meet a deadlock are retried by
    ``execute_write``. `progress` is called, on the caller's thread, after each batch
    commits (in the order the batches were added).
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None,
        writers: int,
        progress: Progress | None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.writers = writers
        self.batch_size = BATCH_SIZE  # rows per transaction, set per phase by load_graph
        self.progress = progress
        self.pool = ThreadPoolExecutor(self.writers, thread_name_prefix="graphgov-load")
        self.running: deque[tuple[list[_Batch], Future[list[bool]]]] = deque()
        self.pending: list[_Batch] = []
        self.pending_rows = 0

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def add(self, batch: _Batch) -> None:
        if batch.params is None:
            self._finish(batch, written=False)
            return
        if self.pending_rows + batch.n > self.batch_size:
            self._submit()
        self.pending.append(batch)
        self.pending_rows += batch.n
        if self.pending_rows >= self.batch_size:
            self._submit()

    def drain(self) -> None:
        """Send what is pending and wait until every transaction has committed."""
        self._submit()
        while self.running:
            self._collect()

    def _submit(self) -> None:
        batches, self.pending, self.pending_rows = self.pending, [], 0
        if not batches:
            return
        while len(self.running) > self.writers:  # one transaction waiting per writer at most
            self._collect()
        self.running.append((batches, self.pool.submit(self._write, batches)))

    def _collect(self) -> None:
        batches, future = self.running.popleft()
        for batch, written in zip(batches, future.result(), strict=True):
            self._finish(batch, written=written)

    def _write(self, batches: list[_Batch]) -> list[bool]:
        with self.driver.session(database=self.database) as session:
            try:
                session.execute_write(_write_batches, batches)
                return [True] * len(batches)
            except neo4j.exceptions.ConstraintError:
                if len(batches) > 1:
                    return [written for b in batches for written in self._write([b])]
                if _in_ledger(session, batches[0].id):
                    return [False]
                raise

    def _finish(self, batch: _Batch, *, written: bool) -> None:
        stats = batch.stats
        stats.rows += batch.n
        stats.skipped_batches += not written
        stats.seconds = time.perf_counter() - stats.started
        if self.progress is not None:
            self.progress(batch.step, stats.rows, batch.total_rows)


def _in_ledger(session: neo4j.Session, key: str) -> bool:
    found = session.run("MATCH (b:LoadBatch {id: $id}) RETURN count(b) AS n", id=key)
    return bool(found.single()["n"])


def _write_batches(tx: neo4j.ManagedTransaction, batches: list[_Batch]) -> None:
    for b in batches:
        tx.run(LEDGER + b.query, b.params, batch_id=b.id, step=b.step).consume()


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
