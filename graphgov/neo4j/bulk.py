"""A bulk import: :func:`bulk_import` writes the graph as neo4j-admin CSV files
(:mod:`graphgov.neo4j.importfiles`) and runs ``neo4j-admin database import full`` into an
empty database: a big first load about 2.5 times faster than transactions (the 3x
province, benchmarks/bench_neo4j_import.py).

The tool writes the database's files, so it needs the server's home:

- graphgov's local server (:class:`~graphgov.neo4j.server.LocalServer`): the database is
  checked empty through Bolt (or `replace` given); the server stops while the files are
  written, the import runs with the cached jars and the server's heap and JVM options,
  the server starts again with the same port, heap and page cache, and the constraints,
  indexes and ``:Dataset`` node are written (:func:`~graphgov.neo4j.store.write_schema`,
  :func:`~graphgov.neo4j.store.write_dataset`). The new database's transaction ids go on
  from the old one's, so a driver holding its bookmarks does not wait for ever;
- a user's own Neo4j (a folder with ``bin/neo4j-admin``), stopped by its user: an existing
  database (an empty one too) is overwritten only with `replace`; then the user starts it
  and runs a transactional ``graphgov load``, which finds every batch in the ledger and
  writes only the schema and the ``:Dataset`` node.

A failed import leaves the database empty (an import of no rows), never half-written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import pandas as pd

from graphgov.errors import GraphgovError, UsageError
from graphgov.graph import Graph
from graphgov.neo4j.failures import check_database, database_errors
from graphgov.neo4j.importfiles import LEDGER, ImportFile, write_import_files
from graphgov.neo4j.process import cmdline
from graphgov.neo4j.server import DATABASE, DEFAULT_PORT, LocalServer
from graphgov.neo4j.store import BATCH_SIZE, WRITERS, write_dataset, write_schema
from graphgov.settings import Neo4jSettings, connect, neo4j_settings

__all__ = ["ImportStats", "bulk_import", "import_home", "write_import_files"]

#: Runs ``neo4j-admin ARGS`` and returns the finished process.
Admin = Callable[..., subprocess.CompletedProcess]


@dataclass
class ImportStats:
    """What an import wrote, and the wall time of its phases."""

    nodes: int = 0
    relationships: int = 0
    #: Seconds per phase: files (the server stopping meanwhile), stop (waited for after
    #: the files), import, start, schema; those that ran.
    phases: dict[str, float] = field(default_factory=dict)
    #: False when the user's own server must still be started and the load finished.
    finished: bool = True

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())

    def table(self) -> pd.DataFrame:
        """One row per phase: its seconds."""
        seconds = [round(s, 2) for s in self.phases.values()]
        return pd.DataFrame({"phase": list(self.phases), "seconds": seconds})

    @contextmanager
    def phase(self, name: str, say: Callable[[str], None], line: str) -> Iterator[None]:
        """Say `line`, then time the block as phase `name`."""
        say(line)
        began = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = time.perf_counter() - began


def _import(admin: Admin, files: list[ImportFile], database: str, overwrite: bool) -> None:
    """``neo4j-admin database import full``: a failure is one line, and a database that
    was to be overwritten is left empty (an import of no rows)."""
    args = ["database", "import", "full", database, "--verbose", "--id-type=actual"]
    args += [f.argument for f in files] + ["--overwrite-destination"] * overwrite
    args += ["--multiline-fields=true"] * any(f.multiline for f in files)
    args += [f"--report-file={files[0].path.parent / 'import.report'}"]
    run = admin(*args)
    if run.returncode == 0:
        return
    said = run.stdout + run.stderr
    if "Database already exist" in said:
        raise UsageError(
            f"database {database!r} already exists (an empty one too, as after a server's first "
            "start): --method import creates a database, so it needs --replace to overwrite it"
        )
    if overwrite:
        with tempfile.TemporaryDirectory(prefix="graphgov-empty-") as tmp:
            (Path(tmp) / "empty.csv").write_text(":ID\n", encoding="utf-8")
            empty = [f"--nodes={Path(tmp) / 'empty.csv'}", f"--report-file={Path(tmp) / 'r'}"]
            admin("database", "import", "full", database, *empty, "--overwrite-destination")
    causes = re.findall(r"^Caused by: [\w.$]+: (.*)$", said, re.M)
    lines = [x.strip() for x in said.splitlines() if x.strip() and not x.startswith("\t")]
    reason = causes[-1] if causes else (lines[-1] if lines else "no output")
    raise GraphgovError(f"neo4j-admin could not import the files: {reason}")


def _last_tx(admin: Admin, database: str) -> int | None:
    """The last committed transaction id of a stopped database (``database info``)."""
    said = admin("database", "info", database).stdout
    found = re.search(r"Last committed transaction id:\s*(\d+)", said)
    return int(found.group(1)) if found else None


def _continue_tx_ids(driver: neo4j.Driver, database: str, last: int) -> None:
    """Commit `last` small transactions, so that the imported database's transaction ids
    (an import starts them afresh, at a few) go past `last`, the replaced one's: a driver
    holding its bookmarks (a notebook's, say) would otherwise wait for transactions that
    never come. They change a node of graphgov's own label and keys, deleted after."""
    if last <= 0:
        return
    with driver.session(database=database) as session:
        node = session.run("MERGE (b:LoadBatch {id: ''}) RETURN elementId(b) AS e")
        params = {"e": node.single()["e"], "n": last}
        session.run("UNWIND range(1, $n) AS i CALL { WITH i MATCH (b) WHERE elementId(b) = $e "
                    "SET b.rows = i } IN TRANSACTIONS OF 1 ROWS", params).consume()  # fmt: skip
        session.run("MATCH (b) WHERE elementId(b) = $e DELETE b", params).consume()


def _rename(driver: neo4j.Driver, files: list[ImportFile], database: str) -> None:
    """Give the placeholder properties their real names (passed as a parameter)."""
    for f in files:
        for placeholder, name in f.renames.items():
            target = f"(x:{f.name})" if f.nodes else f"()-[x:{f.name}]->()"
            query = (
                f"MATCH {target} WHERE x.{placeholder} IS NOT NULL CALL {{ WITH x "
                f"SET x[$name] = x.{placeholder} REMOVE x.{placeholder} }} IN TRANSACTIONS"
            )
            with driver.session(database=database) as session:
                session.run(query, name=name).consume()


def import_home(settings: Neo4jSettings, environ: dict[str, str] | None = None) -> Path:
    """The home to import into: ``$NEO4J_HOME`` (a user's own Neo4j) when set, else that of
    graphgov's local server, which `settings` must name.

    Raises
    ------
    UsageError
        `settings` name another server: a remote one, or not the local one.
    """
    env = os.environ if environ is None else environ
    if env.get("NEO4J_HOME"):
        return Path(env["NEO4J_HOME"]).expanduser()
    server = LocalServer()
    parts = urlsplit(settings.uri)
    local = parts.hostname in ("127.0.0.1", "localhost")
    if not local or (parts.port or DEFAULT_PORT) != server.port:
        raise UsageError(
            "--method import writes the database's files, so it works only with graphgov's "
            f"local server ({server.uri}, home {server.home}) or a Neo4j whose folder "
            f"NEO4J_HOME names, not NEO4J_URI {settings.redact(settings.uri)}; for a remote "
            "server or Aura use --method transactional"
        )
    return server.home


def bulk_import(
    g: Graph,
    *,
    home: str | Path | None = None,
    database: str = DATABASE,
    replace: bool = False,
    files: str | Path | None = None,
    batch_size: int = BATCH_SIZE,
    writers: int = WRITERS,
    progress: Callable[[str], None] | None = None,
) -> ImportStats:
    """Import `g` into an empty database with neo4j-admin (see the module docstring).

    Parameters
    ----------
    home
        graphgov's local server's home (default :func:`~graphgov.neo4j.server.default_home`),
        or a Neo4j installation's folder (one with ``bin/neo4j-admin``).
    database
        The database to import into; the local server (Community) serves ``neo4j`` only,
        and on a user's Enterprise server a new database needs ``CREATE DATABASE`` after.
    replace
        Overwrite a database that holds data (all of it, not only graphgov's).
    files
        Keep the CSV files in this folder (default: a temporary one, removed after).
    batch_size, writers
        Those of the transactional loads that should find the ledger complete.
    progress
        Called with one line before each phase.

    Raises
    ------
    GraphgovError
        The database holds data and `replace` is not set, the user's server runs, the
        import failed (one line: neo4j-admin's reason), or the server failed.
    """
    check_database(database)
    say = progress or (lambda line: None)
    own = home is not None and (Path(home) / "bin" / "neo4j-admin").is_file()
    server = None if own else _local_server(Path(home) if home is not None else None)
    if server is None:
        _check_stopped(Path(home))
    elif database != DATABASE:
        raise UsageError(
            f"the local server (Neo4j Community) serves {DATABASE!r}, not {database!r}"
        )
    else:
        server.start()
        with _driver(server, database) as driver, database_errors(database):
            held = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        if (n := held.records[0]["n"]) and not replace:
            raise GraphgovError(
                f"database {database!r} holds {n:,} nodes: --method import overwrites a whole "
                "database, so it needs --replace (or load with --method transactional)"
            )
    stats = ImportStats()
    folder = Path(files or tempfile.mkdtemp(prefix="graphgov-csv-"))
    try:
        if server is None:
            written = _files(stats, g, folder, batch_size, writers, say)
            with stats.phase("import", say, "neo4j-admin database import full"):
                _import(_admin_of(Path(home)), written, database, replace)
            stats.finished = False
            return stats
        with ThreadPoolExecutor(1) as pool:
            # The files need no server: it stops meanwhile, and says its last transaction.
            stopping = pool.submit(_stop, server, database)
            overwritten = False  # by the import, or by its undoing when it failed
            try:
                try:
                    written = _files(stats, g, folder, batch_size, writers, say)
                finally:
                    with stats.phase("stop", say, "waiting for the server to stop"):
                        last = stopping.result()
                overwritten = True
                with stats.phase("import", say, "neo4j-admin database import full"):
                    _import(server.admin, written, database, overwrite=True)
            finally:
                with stats.phase("start", say, "starting the server"):
                    server.start()
                    if overwritten:
                        with _driver(server, database) as driver, database_errors(database):
                            _continue_tx_ids(driver, database, last or 0)
        with (
            stats.phase("schema", say, "writing the constraints, indexes and :Dataset node"),
            _driver(server, database) as driver,
            database_errors(database),
        ):
            _rename(driver, written, database)
            write_schema(driver, database=database)
            write_dataset(driver, g, database=database)
        return stats
    finally:
        if files is None:
            shutil.rmtree(folder, ignore_errors=True)


def _files(stats: ImportStats, g: Graph, folder: Path, batch_size: int, writers: int,
           say: Callable[[str], None]) -> list[ImportFile]:  # fmt: skip
    with stats.phase("files", say, f"writing the CSV files into {folder}"):
        written = write_import_files(g, folder, batch_size=batch_size, writers=writers)
    stats.nodes = sum(f.rows for f in written if f.nodes and f.name != LEDGER)
    stats.relationships = sum(f.rows for f in written if not f.nodes)
    return written


def _stop(server: LocalServer, database: str) -> int | None:
    """Stop the server; the database's last committed transaction id."""
    server.stop()
    return _last_tx(server.admin, database)


def _local_server(home: Path | None) -> LocalServer:
    """The local server of `home`, with the port, heap and page cache it runs with."""
    server = LocalServer(home)
    pid = server.pid()
    if pid is None:
        return server
    heap = next((a[4:] for a in cmdline(pid) if a.startswith("-Xmx")), None)
    conf = server.conf_file.read_text(encoding="utf-8")
    cache = re.search(r"^server\.memory\.pagecache\.size=(\S+)", conf, re.M)
    pagecache = cache.group(1) if cache else None
    return LocalServer(server.home, server.port, heap, pagecache, progress=server.progress)


def _driver(server: LocalServer, database: str) -> neo4j.Driver:
    return connect(neo4j_settings({**server.env(), "NEO4J_DATABASE": database}))


def _admin_of(home: Path) -> Admin:
    def admin(*args: str) -> subprocess.CompletedProcess:
        command = [str(home / "bin" / "neo4j-admin"), *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    return admin


def _check_stopped(home: Path) -> None:
    """Refuse a user's Neo4j that runs (its ``bin/neo4j status`` exits 0)."""
    command = home / "bin" / "neo4j"
    status = command.is_file() and subprocess.run([str(command), "status"], capture_output=True)
    if status and status.returncode == 0:
        raise GraphgovError(
            f"the Neo4j of NEO4J_HOME {home} is running: stop it ({home}/bin/neo4j stop), "
            "rerun this command, then start it again (graphgov does not stop a server it did "
            "not start)"
        )
