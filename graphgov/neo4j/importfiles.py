"""The neo4j-admin CSV files of a graph: what ``neo4j-admin database import full`` reads to
build the database the transactional load (:func:`graphgov.neo4j.store.load_graph`) writes.

The files are built from the transactional load's own steps
(:func:`graphgov.neo4j.steps.load_steps`): a node file per label (its extra labels in
``:LABEL``), a relationship file per (start label, type, end label), every column as a
typed property (``name:string``, ``party_members:long``, ``amount_cny:double``,
``decoupled:boolean``, the contract's dates as Neo4j dates, ``founded:date``, and the
relationships' ``key``), and the ledger: a ``:LoadBatch`` node per batch the
transactional load would write (:func:`graphgov.neo4j.store.ledger_rows`), so that a
later ``load`` of the same data finds every batch done and changes nothing. Node ids are
numbers (``--id-type=actual``). A missing value is an empty field (no property); every
value is quoted, so ``""`` is an empty string. Rows are those the transactional load
keeps: a relationship to a missing node is left out (``MATCH`` finds none), and of rows
with the same ends and key the last (``MERGE`` keeps one). A column name neo4j-admin
would misread in a header (``:(){}``, control characters, edge spaces) is written under a
placeholder (:attr:`ImportFile.renames`), to be renamed once the database is up.

Used by :mod:`graphgov.neo4j.bulk`; the same files load into a server without access to
its folder through ``LOAD CSV`` or Aura's import service.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from graphgov import schema
from graphgov.errors import DatasetError, UsageError
from graphgov.graph import Graph
from graphgov.load.checks import key_set
from graphgov.neo4j.steps import (
    DATE_PROPS,
    EXTRA_LABELS,
    REL_KEY,
    Step,
    extra_label_codes,
    load_steps,
)
from graphgov.neo4j.store import BATCH_SIZE, WRITERS, ledger_rows

__all__ = ["LEDGER", "ImportFile", "write_import_files"]

_UNSAFE_HEADER = re.compile(r"[:(){}\x00-\x1f\x7f]|^\s|\s$")
_REL_STEP = re.compile(r"rel:(\w+)-(\w+)->(\w+)")
_CSV = pacsv.WriteOptions(quoting_style="all_valid")
#: The label of the ledger's nodes.
LEDGER = "LoadBatch"


@dataclass(frozen=True)
class ImportFile:
    """One CSV file of an import: the nodes of a label or relationships of a type."""

    path: Path
    nodes: bool
    name: str
    rows: int
    multiline: bool
    #: Placeholder in the header -> the property name it stands for.
    renames: dict[str, str] = field(default_factory=dict)

    @property
    def argument(self) -> str:
        """``--nodes=<label>=<path>`` or ``--relationships=<type>=<path>``."""
        return f"--{'nodes' if self.nodes else 'relationships'}={self.name}={self.path}"


def write_import_files(
    g: Graph, folder: str | Path, *, batch_size: int = BATCH_SIZE, writers: int = WRITERS
) -> list[ImportFile]:
    """Write `g` as neo4j-admin CSV files into `folder` (see the module docstring); the
    ledger is that of a transactional load with `batch_size` and `writers`.

    Raises
    ------
    DatasetError
        A column cannot be stored (:func:`~graphgov.neo4j.steps.load_steps`), two nodes
        share a key, or a column's type has no neo4j-admin counterpart.
    """
    folder = Path(folder).resolve()
    if "," in str(folder):
        raise UsageError(f"{folder}: neo4j-admin reads a comma as a separator of file names")
    folder.mkdir(parents=True, exist_ok=True)
    steps = list(load_steps(g))
    names = {c for step in steps for c in (*step.own, *step.extra)}
    prefix = "graphgov_column_"
    while any(n.startswith(prefix) for n in names):
        prefix += "_"
    hostile = sorted({c for step in steps for c in step.extra if _UNSAFE_HEADER.search(c)})
    placeholders = {c: f"{prefix}{j}" for j, c in enumerate(hostile)}

    def write(i: int, step: Step) -> ImportFile:
        path = folder / f"{i:02d}-{step.name.replace(':', '-').replace('>', '')}.csv"
        return _write(path, *_table(step, placeholders, ids))

    # Arrow's compute and CSV writer and the ledger's digests leave the GIL: two threads,
    # the digests (drawn into a list there: ledger_rows is a generator) beside the ids and
    # the files.
    with ThreadPoolExecutor(2) as pool:
        ledger_batches = pool.submit(
            lambda: list(ledger_rows(steps, batch_size=batch_size, writers=writers))
        )
        ids = _Ids(g, steps)
        files = list(pool.map(write, range(len(steps)), steps))
        batches = ledger_batches.result()
    ledger = pd.DataFrame(batches, columns=["id:string", "step:string", "rows:long"])
    table = pa.Table.from_pandas(ledger, preserve_index=False)
    table = table.add_column(0, ":ID", ids.take(len(ledger)))
    files.append(_write(folder / "ledger.csv", table, True, LEDGER, {}))
    return files


class _Ids:
    """Node ids for ``--id-type=actual``: each label's nodes numbered in a range of their
    own, in frame order, then the ledger's. The relationships' ends are looked up once
    per label for all steps (a lookup hashes its keys every time)."""

    def __init__(self, g: Graph, steps: list[Step]) -> None:
        self.offset, self.end, self.ends = {}, 0, {}
        for label in schema.NODE_LABELS:
            self.offset[label] = self.end
            self.end += len(g.nodes[label])
        wanted: dict[str, list[tuple[str, str, pd.Series]]] = {}
        for step in steps:
            if found := _REL_STEP.fullmatch(step.name):
                for end, label in zip(("src", "dst"), found.group(1, 3), strict=True):
                    wanted.setdefault(label, []).append((step.name, end, step.frame[end]))
        for label, parts in wanted.items():
            keys = key_set(g.nodes[label][schema.NODE_LABELS[label][1]])
            values = [pa.array(v, keys.type, from_pandas=True) for _, _, v in parts]
            chunks = [c for v in values for c in getattr(v, "chunks", [v])]
            at = pc.index_in(pa.chunked_array(chunks, keys.type), value_set=keys).combine_chunks()
            at = pc.add(pc.cast(at, pa.int64()), self.offset[label])
            lo = 0
            for name, end, v in parts:
                self.ends[name, end] = at.slice(lo, len(v))
                lo += len(v)

    def take(self, n: int, label: str | None = None) -> pa.Array:
        """The ids of a label's `n` nodes, or (no label) the next `n` after all."""
        lo = self.offset[label] if label else self.end
        self.end += 0 if label else n
        return pa.array(range(lo, lo + n), pa.int64())


def _table(
    step: Step, placeholders: dict[str, str], ids: _Ids
) -> tuple[pa.Table, bool, str, dict[str, str]]:
    """The step's rows with neo4j-admin headers; whether they are nodes, their label or
    type, and the placeholders used."""
    frame, renames, columns = step.frame, {}, {}
    nodes = step.name.startswith("node:")
    if nodes:
        name = step.name.removeprefix("node:")
        if not step.unique:
            raise DatasetError(f"{name}: two nodes share a key; neo4j-admin cannot import them")
        columns[":ID"] = ids.take(len(frame), name)
    else:
        name = _REL_STEP.fullmatch(step.name).group(2)
        start, end = ids.ends[step.name, "src"], ids.ends[step.name, "dst"]
        keep = pc.and_(pc.is_valid(start), pc.is_valid(end))
        if (repeated := _repeated(start, end, frame, step.row_key[2:])) is not None:
            keep = pc.and_(keep, pc.invert(repeated))
        if not pc.all(keep).as_py():
            frame = frame[keep.to_numpy(zero_copy_only=False)]
            start, end = start.filter(keep), end.filter(keep)
        columns |= {":START_ID": start, ":END_ID": end}
    for column in (*step.own, *step.extra):
        if nodes or column not in ("src", "dst"):
            values = pa.array(frame[column], from_pandas=True)
            date = column in step.own and column in DATE_PROPS
            header = placeholders.get(column, column)
            renames |= {header: column} if header != column else {}
            columns[f"{header}:{'date' if date else _kind(values, column)}"] = values
    if nodes and name in EXTRA_LABELS:  # each row's label set, from a code per row
        codes, choices = extra_label_codes(name, frame)
        sets = pa.array([";".join(labels) or None for labels in choices], pa.string())
        columns[":LABEL"] = sets.take(pa.array(codes))
    elif not nodes:
        for internal, values in step.internal(frame).items():
            if internal == REL_KEY:
                columns[f"{REL_KEY}:string"] = pa.array(values, pa.string())
    return pa.table(columns), nodes, name, renames


def _repeated(
    start: pa.Array, end: pa.Array, frame: pd.DataFrame, key: tuple[str, ...]
) -> pa.Array | None:
    """Which rows another row after them repeats (the same ends and `key` columns: of
    those the transactional load's ``MERGE`` keeps the last), or None when none does.

    Found from the ends' node ids rather than their keys (:attr:`Step.unique`): hashing
    numbers instead of strings, about 2 s less on the 3x province."""
    ends = {"start": pc.fill_null(start, -1), "end": pc.fill_null(end, -1)}
    rows = pd.DataFrame({k: v.to_numpy() for k, v in ends.items()})
    rows = rows.assign(**{f"key{j}": frame[c].array for j, c in enumerate(key)})
    repeated = rows.duplicated(keep="last").to_numpy()
    return pa.array(repeated) if repeated.any() else None


def _kind(values: pa.Array, column: str) -> str:
    """The neo4j-admin type of a column (that of the values the driver would send)."""
    t = values.type
    kinds = {"boolean": pa.types.is_boolean, "long": pa.types.is_integer,
             "double": pa.types.is_floating, "string": pa.types.is_string}  # fmt: skip
    if pa.types.is_null(t) or pa.types.is_large_string(t):
        return "string"
    for kind, test in kinds.items():
        if test(t):
            return kind
    raise DatasetError(
        f"column {column!r} holds {t} values, which a bulk import cannot type; "
        "load with --method transactional"
    )


def _write(path: Path, table: pa.Table, nodes: bool, name: str, renames: dict) -> ImportFile:
    pacsv.write_csv(table, path, _CSV)
    text = [c for c in table.columns if pa.types.is_string(c.type)]
    multiline = any(pc.any(pc.match_substring(c, eol)).as_py() for c in text for eol in "\n\r")
    return ImportFile(path, nodes, name, table.num_rows, multiline, renames)
