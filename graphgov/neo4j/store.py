"""Neo4j as the second home of the graph: schema, an idempotent resumable bulk load, clearing.

The load writes the embedded graph's frames (so only rows the shared validator accepted
reach Neo4j), step by step (see :mod:`graphgov.neo4j.steps`), in batches that travel as one
list per column, through managed write transactions (``execute_write`` retries transient
errors, deadlocks included). Two transactions run at a time by default (``writers``), so
the server works on two cores while Python builds the next batches; every node is written
before the first relationship. Each batch has a deterministic id, a hash of what it writes,
and the statement that writes its rows first creates a ``:LoadBatch`` node with that id, in
the same transaction: a rerun after a crash skips the batches that committed and redoes the
rest (the transactions are run by :mod:`graphgov.neo4j.writers`). Labels and relationship
types come only from :mod:`graphgov.schema`.

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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import neo4j
import pandas as pd

from graphgov import schema
from graphgov.errors import GraphgovError
from graphgov.graph import Graph
from graphgov.meta import DatasetInfo, Targets
from graphgov.neo4j.failures import check_database, database_errors
from graphgov.neo4j.queries import read_query
from graphgov.neo4j.steps import Step, batch_ids, load_steps
from graphgov.neo4j.writers import Batch, Progress, StepStats, Writers

GRAPH_LABELS = (*schema.NODE_LABELS, "Dataset", "LoadBatch")
#: Rows per transaction.
BATCH_SIZE = 5000
#: Write transactions at once: the server runs each on a core of its own.
WRITERS = 2


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
                "rows_per_s": pd.array(
                    [None if (r := s.rows_per_second) is None else round(r) for s in self.steps],
                    dtype="Int64",
                ),
                "already_loaded": [s.skipped_batches for s in self.steps],
            }
        )


def write_schema(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent).

    Statements whose index or constraint is already there (or, for a ``DROP``, already
    gone) are not sent: a load into a database with its schema costs one query here.

    The plain indexes (which populate in the background) go first, then the constraints,
    :data:`SCHEMA_WRITERS` at once: a constraint's statement returns only once its index
    is populated, so on a full database (a bulk import's) one at a time would populate them
    in turn (the 3x province's schema, re-created on its loaded database: 5.6-5.8 s at
    once, 7.5-7.8 s in turn; benchmarks/README.md).
    """
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name", database_=database)
    present = {r["name"] for r in records}  # a constraint's index carries its name
    plain, constraints = [], []
    for statement in read_query("schema").statements():
        named = _SCHEMA_NAME.match(statement)
        if named and (named.group(3) in present) == (named.group(1).upper() == "CREATE"):
            continue
        kind = f"{named.group(1)} {named.group(2)}".upper() if named else ""
        (constraints if kind == "CREATE CONSTRAINT" else plain).append(statement)
    for statement in plain:
        driver.execute_query(statement, database_=database)
    with ThreadPoolExecutor(SCHEMA_WRITERS) as pool:
        list(pool.map(lambda q: driver.execute_query(q, database_=database), constraints))
    if plain or constraints:
        driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


#: Constraints created at once by :func:`write_schema` (each populates its own index).
SCHEMA_WRITERS = 4


_SCHEMA_NAME = re.compile(r"^(CREATE|DROP)\s+(CONSTRAINT|INDEX)\s+(\w+)\s", re.IGNORECASE)


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
    info = DatasetInfo(
        props["name"],
        _iso(props["as_of"]),
        props.get("description", ""),
        bool(props.get("synthetic", False)),
    )
    if "targets_toml" in props:
        return info, Targets.from_text(props["targets_toml"], "the :Dataset node's targets")
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

    Raises
    ------
    GraphgovError
        A different dataset is held, a column name cannot be stored, the database is
        ``system`` or missing, or the server refused or went away: one line (see
        :mod:`graphgov.neo4j.failures`); after a lost server, a rerun resumes.
    """
    if writers < 1 or batch_size < 1:
        raise ValueError(f"writers and batch_size must be >= 1, not {writers} and {batch_size}")
    check_database(database)
    start = time.perf_counter()
    steps = list(load_steps(g))  # a column it cannot store is refused before any write
    with database_errors(database, load=True):
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
        fresh = _fresh_steps(driver, database, steps)
        stats = LoadStats()
        for phase, size, todo in _phases(steps, batch_size, writers):
            began = time.perf_counter()
            with Writers(driver, database, writers, size, progress) as pool:
                for i in todo:
                    stats.steps.append(_write_step(pool, steps[i], fresh[i], done))
                pool.drain()  # the relationships need all their nodes
            stats.phases[phase] = time.perf_counter() - began
        write_dataset(driver, g, database=database)
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


def _phases(
    steps: list[Step], batch_size: int, writers: int
) -> Iterator[tuple[str, int, list[int]]]:
    """The phases of a load, nodes first: each one's name, batch size and step indexes."""
    for phase in ("node", "rel"):
        todo = [i for i, step in enumerate(steps) if step.name.startswith(f"{phase}:")]
        yield phase, _phase_batch_size([steps[i] for i in todo], batch_size, writers), todo


def _step_batches(step: Step, size: int) -> Iterator[tuple[pd.DataFrame, str]]:
    """The step's rows cut into batches of `size`, each with its ledger id."""
    for lo, hi, key in batch_ids(step, size):
        yield step.frame.iloc[lo:hi], key


def ledger_rows(
    steps: list[Step], *, batch_size: int = BATCH_SIZE, writers: int = WRITERS
) -> Iterator[tuple[str, str, int]]:
    """(id, step, rows) of each ``:LoadBatch`` node a load of `steps` with `batch_size`
    and `writers` writes: a database given these nodes (by a bulk import,
    :mod:`graphgov.neo4j.bulk`) is one such a load finds complete and skips."""
    for _, size, todo in _phases(steps, batch_size, writers):
        for i in todo:
            for part, key in _step_batches(steps[i], size):
                yield key, steps[i].name, len(part)


def _phase_batch_size(steps: list[Step], batch_size: int, writers: int) -> int:
    """`batch_size`, or less when the phase is too small to give each writer a full
    batch: then its rows are shared evenly among the writers."""
    rows = sum(len(step.frame) for step in steps)
    return max(1, min(batch_size, -(-rows // writers)))


def _write_step(pool: Writers, step: Step, fresh: bool, done: set[str]) -> StepStats:
    """Cut the step into batches of the pool's batch size and hand them to the writers; a
    batch already in the ledger is counted, not written. The rows of the next batches are
    built here while the writers' transactions run on the server."""
    stats = StepStats(step.name)
    query = step.create if fresh else step.merge
    total = len(step.frame)
    for part, key in _step_batches(step, pool.batch_size):
        params = None if key in done else step.params(part)
        pool.add(Batch(step.name, query, params, len(part), key, stats, total))
    return stats


def write_dataset(driver: neo4j.Driver, g: Graph, *, database: str | None = None) -> None:
    """Write (or update) the `:Dataset` node of `g`: its info, load counts and targets."""
    props = {
        "as_of": dt.date.fromisoformat(g.info.as_of),
        "description": g.info.description,
        "synthetic": g.info.synthetic,
        # rows read / accepted / rejected / duplicates per input table, for the data summary
        "load_counts": json.dumps(g.counts, sort_keys=True),
    }
    props |= g.targets.as_dict()
    # the whole targets.toml too: its fractions and [by_year] tables (Targets.on)
    props["targets_toml"] = g.targets.to_toml()
    driver.execute_query(
        "MERGE (d:Dataset {name: $name}) SET d += $props",
        name=g.info.name,
        props=props,
        database_=database,
    )


def _iso(value: object) -> str:
    return value.iso_format() if hasattr(value, "iso_format") else str(value)
