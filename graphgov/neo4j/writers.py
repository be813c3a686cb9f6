"""Writing a load's batches: transactions of up to a batch size, several at a time, each
batch recorded in the ledger (``:LoadBatch``) by the statement that writes it.

Used by :func:`graphgov.neo4j.store.load_graph`, which cuts the steps into batches and
says which ones the ledger already holds.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import neo4j
import neo4j.exceptions

#: Called after each batch commits with (step, rows done in the step, rows in the step).
Progress = Callable[[str, int, int], None]


@dataclass
class StepStats:
    """The rows of one step (written, or found already written) and when it was written."""

    step: str
    rows: int = 0
    written_rows: int = 0
    skipped_batches: int = 0
    #: When the step's first transaction started and its last one committed (perf_counter).
    began: float | None = None
    ended: float | None = None

    @property
    def seconds(self) -> float:
        """From the start of the step's first transaction to the commit of its last (one
        transaction may also carry batches of the neighbouring steps); 0 if nothing was
        written."""
        return self.ended - self.began if self.began is not None else 0.0

    @property
    def rows_per_second(self) -> float | None:
        """Rows written per second; None if nothing was written."""
        return self.written_rows / self.seconds if self.seconds > 0 else None


@dataclass
class Batch:
    step: str
    query: str
    params: dict[str, object] | None  # None: already in the ledger
    n: int
    id: str
    stats: StepStats
    total_rows: int


#: Prefix of every batch statement: the batch's ledger node, in the same transaction.
LEDGER = "CREATE (:LoadBatch {id: $batch_id, step: $step, rows: $n}) WITH 1 AS _ "


class Writers:
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
        batch_size: int,
        progress: Progress | None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.writers = writers
        self.batch_size = batch_size
        self.progress = progress
        self.pool = ThreadPoolExecutor(self.writers, thread_name_prefix="graphgov-load")
        self.running: deque[tuple[list[Batch], Future[tuple[list[bool], float, float]]]] = deque()
        self.pending: list[Batch] = []
        self.pending_rows = 0

    def __enter__(self) -> Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def add(self, batch: Batch) -> None:
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
        self.running.append((batches, self.pool.submit(self._timed_write, batches)))

    def _collect(self) -> None:
        batches, future = self.running.popleft()
        written, began, ended = future.result()
        for batch, w in zip(batches, written, strict=True):
            if w:
                stats = batch.stats
                stats.began = began if stats.began is None else min(stats.began, began)
                stats.ended = ended if stats.ended is None else max(stats.ended, ended)
            self._finish(batch, written=w)

    def _timed_write(self, batches: list[Batch]) -> tuple[list[bool], float, float]:
        began = time.perf_counter()
        written = self._write(batches)
        return written, began, time.perf_counter()

    def _write(self, batches: list[Batch]) -> list[bool]:
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

    def _finish(self, batch: Batch, *, written: bool) -> None:
        stats = batch.stats
        stats.rows += batch.n
        stats.written_rows += batch.n if written else 0
        stats.skipped_batches += not written
        if self.progress is not None:
            self.progress(batch.step, stats.rows, batch.total_rows)


def _in_ledger(session: neo4j.Session, key: str) -> bool:
    found = session.run("MATCH (b:LoadBatch {id: $id}) RETURN count(b) AS n", id=key)
    return bool(found.single()["n"])


def _write_batches(tx: neo4j.ManagedTransaction, batches: list[Batch]) -> None:
    for b in batches:
        tx.run(LEDGER + b.query, b.params, batch_id=b.id, step=b.step).consume()
