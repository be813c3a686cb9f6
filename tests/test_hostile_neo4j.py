"""Hostile input for Neo4j (issue 9): column names that are Cypher (class 1), database and
query errors (class 11) and credentials in messages (class 12). The load, the queries and
the failures run on the real test server (mark ``neo4j``); the cases decided before any
connection run without one. Each case asserts its exit code and its one line."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import neo4j
import neo4j.exceptions
import pandas as pd
import pytest

import graphgov
from graphgov.errors import GraphgovError
from graphgov.neo4j.failures import database_errors
from graphgov.neo4j.read import graph_from_neo4j
from graphgov.neo4j.server import LocalServer
from graphgov.neo4j.store import clear, load_graph
from graphgov.settings import redact

HOSTILE = Path(__file__).parent / "data" / "hostile" / "neo4j"
COLUMNS = HOSTILE / "column-names"
QUERIES = HOSTILE / "queries"
HANDCHECK = Path(__file__).parent / "data" / "handcheck"
#: The organizations columns of COLUMNS outside the contract (the last but one is the
#: \u0060 escape Neo4j reads as a backtick even inside backticks).
INJECTION = "x: 0} WITH n CREATE (:Pwned) //"
UNICODE_ESCAPE = "a\\u0060: 1}) CREATE (:Pwned) WITH n RETURN n //"
NAMES = [INJECTION, UNICODE_ESCAPE, "phone number", "a`b", "key", "联系电话"]
#: Their values in organizations.csv, by org_id (an empty cell is no property).
VALUES = {
    "513301060000000017": dict(
        zip(NAMES, ["v1", "u1", "0571-1234", "tick", "K-A", "13800000000"], strict=True)
    ),
    "523301060000000027": {UNICODE_ESCAPE: "u2", "key": "K-B"},
    "CO1": {INJECTION: "v3", "phone number": "0571-9", "a`b": "t3", "联系电话": "联系"},
}


def one_line(text: str) -> str:
    """The only line of `text` (the test fails if there are more)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def empty(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    clear(neo4j_driver)
    return neo4j_driver


def count(driver: neo4j.Driver, pattern: str) -> int:
    return driver.execute_query(f"MATCH {pattern} RETURN count(*) AS n").records[0]["n"]


def snapshot(driver: neo4j.Driver) -> list[str]:
    """Every node (ledger excluded) and relationship with its labels and properties."""
    records = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadBatch RETURN 'node' AS kind, labels(n) AS what, "
        "properties(n) AS p UNION ALL MATCH (a)-[r]->(b) RETURN 'rel' AS kind, "
        "[type(r), elementId(a), elementId(b)] AS what, properties(r) AS p"
    ).records
    return sorted(repr((r["kind"], sorted(r["what"]), sorted(r["p"].items()))) for r in records)


# --- class 1: column names reach Neo4j only as parameters ----------------------------------


@pytest.mark.neo4j
def test_hostile_column_names_are_stored_under_their_exact_names(empty: neo4j.Driver):
    g = graphgov.open(COLUMNS)
    load_graph(empty, g)
    assert count(empty, "(:Pwned)") == 0
    records = empty.execute_query(
        "MATCH (o:Organization) RETURN o.org_id AS id, properties(o) AS p"
    ).records
    got = {r["id"]: {k: v for k, v in r["p"].items() if k in NAMES} for r in records}
    assert got == VALUES
    # read one back by a parameter, not by its name in the query
    found = empty.execute_query(
        "MATCH (o:Organization {org_id: $id}) RETURN o[$name] AS v",
        id="CO1",
        name=INJECTION,
    ).records
    assert [r["v"] for r in found] == ["v3"]
    # a second load changes nothing and writes nothing
    before = snapshot(empty)
    again = load_graph(empty, g)
    assert snapshot(empty) == before
    assert sum(s.written_rows for s in again.steps) == 0
    assert all(s.skipped_batches >= 1 for s in again.steps)
    # without the ledger every row is written again, through MERGE: still nothing changes
    empty.execute_query("MATCH (b:LoadBatch) DELETE b")
    merged = load_graph(empty, g)
    assert sum(s.written_rows for s in merged.steps) == 13 + 3 + 12 + 3
    assert snapshot(empty) == before and count(empty, "(:Pwned)") == 0


@pytest.mark.neo4j
def test_hostile_column_names_read_back_into_the_graph(empty: neo4j.Driver):
    load_graph(empty, graphgov.open(COLUMNS))
    orgs = graph_from_neo4j(empty).organizations.set_index("org_id")
    for org_id, values in VALUES.items():
        for name in NAMES:
            value = orgs.loc[org_id, name]
            assert (value if not pd.isna(value) else None) == values.get(name), (org_id, name)


@pytest.mark.neo4j
def test_cli_load_of_hostile_column_names(cli, env, neo4j_driver: neo4j.Driver):
    result = cli(["load", COLUMNS, "--backend", "neo4j", "--replace"])
    assert result.exit_code == 0, result.output
    assert "loaded 'hostile-column-names'" in result.stdout
    assert count(neo4j_driver, "(:Pwned)") == 0
    assert count(neo4j_driver, "(o:Organization) WHERE o.`phone number` IS NOT NULL") == 2


# --- class 11: the query folder and the queries -------------------------------------------


def test_query_list_survives_bad_files_and_names_each(cli):
    result = cli(["query", "--list", "--dir", QUERIES])
    assert result.exit_code == 2
    listed = [line.split(" (")[0] for line in result.stdout.splitlines() if line[:1] != " "]
    for name in ("good", "bad-syntax", "writes", "server-param", "twin", "two", "coverage"):
        assert name in listed
    assert result.stderr.splitlines() == [
        f"error: {QUERIES / 'gbk.cypher'}: not UTF-8 text (byte 0xb0 at offset 16); "
        "save it as UTF-8",
        f"error: {QUERIES / 'only-comments.cypher'}: holds only comments, no statement",
        f"error: {QUERIES / 'twin-b.cypher'}: names query 'twin', as twin-a.cypher does; "
        "rename one of them",
        f"error: {QUERIES / 'x.cypher'}: a folder, not a query file",
    ]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["gbk"], f"{QUERIES / 'gbk.cypher'}: not UTF-8 text (byte 0xb0 at offset 16); "),
        (["only-comments"], f"{QUERIES / 'only-comments.cypher'}: holds only comments"),
        (["twin"], f"{QUERIES / 'twin-b.cypher'}: names query 'twin', as twin-a.cypher"),
        (["x"], f"{QUERIES / 'x.cypher'}: a folder, not a query file"),
        (["two"], f"{QUERIES / 'two-statements.cypher'}: holds 2 statements separated by"),
        (
            ["coverage", "-p", "as_of=2020-13-45"],
            "--param as_of=2020-13-45: not a real YYYY-MM-DD date "
            "(query 'coverage' reads as_of as a date)",
        ),
        (["nope"], "no query named 'nope'; known: abnormal-covers, bad-syntax, counties,"),
    ],
)
def test_query_refused_before_connecting(cli, monkeypatch, args: list[str], line: str):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing answers there
    result = cli(["query", *args, "--dir", QUERIES])
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith(f"error: {line}")


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["bad-syntax"],
            f"query 'bad-syntax' ({QUERIES / 'bad-syntax.cypher'}): the server refused it: "
            "Invalid input 'RETURN'",
        ),
        (
            ["writes"],
            f"query 'writes' ({QUERIES / 'writes.cypher'}) writes to the database, and "
            "`graphgov query` runs read-only queries: the server refused the write",
        ),
        (
            ["server-param", "-p", "span=soon"],
            f"query 'server-param' ({QUERIES / 'server-param.cypher'}): the server refused "
            "it: Text cannot be parsed to a Duration",
        ),
    ],
)
def test_query_refused_by_the_server(cli, env, neo4j_driver, args: list[str], line: str):
    result = cli(["query", *args, "--dir", QUERIES])
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith(f"error: {line}")
    assert count(neo4j_driver, "(:Written)") == 0


@pytest.mark.neo4j
def test_good_query_runs_beside_bad_files(cli, env):
    result = cli(["query", "good", "--dir", QUERIES, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["x", "1"]


# --- class 11: the database refuses, or goes away -----------------------------------------


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("database", "line"),
    [
        (
            "nosuch",
            "no database 'nosuch' on the Neo4j server (Graph not found: nosuch); set "
            "NEO4J_DATABASE to one that exists (default neo4j)",
        ),
        (
            "system",
            "NEO4J_DATABASE is 'system', Neo4j's own database of users and databases: "
            "graphgov's data goes in a user database (default neo4j)",
        ),
    ],
)
def test_load_into_a_database_that_cannot_take_it(cli, env, monkeypatch, database, line):
    monkeypatch.setenv("NEO4J_DATABASE", database)
    result = cli(["load", HANDCHECK, "--backend", "neo4j"])
    assert result.exit_code == 2
    assert [x for x in result.stderr.splitlines() if x.startswith("error")] == [f"error: {line}"]
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_report_on_the_system_database(cli, env, monkeypatch):
    monkeypatch.setenv("NEO4J_DATABASE", "system")
    result = cli(["report", "gaps", "--backend", "neo4j"])
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("error: NEO4J_DATABASE is 'system', Neo4j's own")


def hydrated(code: str, message: str) -> neo4j.exceptions.Neo4jError:
    """The driver's exception for a server failure with this code (as the driver builds it)."""
    return neo4j.exceptions.Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.neo4j
def test_load_refused_by_a_read_only_database(cli, env, monkeypatch):
    def refuse(*args, **kwargs):
        raise hydrated("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", "read only")

    monkeypatch.setattr("graphgov.neo4j.store.write_schema", refuse)
    result = cli(["load", HANDCHECK, "--backend", "neo4j"])
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error")]
    assert errors == ["error: Neo4j refused the write: database 'neo4j' is read-only (read only)"]


@pytest.mark.parametrize(
    ("error", "load", "message", "exit_code"),
    [
        (neo4j.exceptions.ServiceUnavailable("Connection lost\nmore"), True,
         "the Neo4j server went away during the load (Connection lost); start it again and "
         "rerun the same `graphgov load`: it resumes, keeping the batches already written", 1),
        (neo4j.exceptions.SessionExpired("gone"), False,
         "the Neo4j server went away (gone); is it running? (`graphgov neo4j status`)", 1),
        (hydrated("Neo.ClientError.Security.Forbidden", "Permission denied."), False,
         "Neo4j refused it: the user lacks the privilege on database 'db' (Permission "
         "denied.)", 1),
        (hydrated("Neo.TransientError.General.OutOfMemoryError", "no memory\nat x"), False,
         "Neo4j failed: Neo.TransientError.General.OutOfMemoryError: no memory", 1),
    ],
)  # fmt: skip
def test_database_errors_are_one_line(error, load: bool, message: str, exit_code: int):
    with pytest.raises(GraphgovError) as caught, database_errors("db", load=load):
        raise error
    assert str(caught.value) == message and caught.value.exit_code == exit_code
    assert caught.value.__cause__ is error


class CuttingProxy:
    """A TCP proxy to the server that drops every connection, and refuses new ones, when
    the client sends its `cut_at`-th load batch: the server went away mid-load."""

    MARK = b"CREATE (:LoadBatch"

    def __init__(self, port: int, cut_at: int) -> None:
        self.target, self.cut_at, self.seen = port, cut_at, 0
        self.lock, self.sockets = threading.Lock(), []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, count: bool) -> None:
        try:
            while data := src.recv(65536):
                if count:
                    with self.lock:
                        self.seen += data.count(self.MARK)
                        if self.seen >= self.cut_at:
                            self.cut()
                            return
                dst.sendall(data)
        except OSError:
            return

    def cut(self) -> None:
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


@pytest.mark.neo4j
def test_server_going_away_during_a_load_then_a_rerun_resumes(
    cli, env, monkeypatch, neo4j_driver: neo4j.Driver
):
    clear(neo4j_driver)
    real = env["NEO4J_URI"]
    # handcheck in batches of 5 rows, one writer: regions 5 + 5 + 3 commit, the fourth
    # batch (the first organizations) never reaches the server
    proxy = CuttingProxy(int(real.rsplit(":", 1)[1]), cut_at=4)
    original = neo4j.GraphDatabase.driver
    # the driver retries a lost connection for 30 s by default; 1 s is enough here
    monkeypatch.setattr(
        neo4j.GraphDatabase,
        "driver",
        lambda *a, **k: original(*a, **{**k, "max_transaction_retry_time": 1.0}),
    )
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{proxy.port}")
    args = ["load", HANDCHECK, "--backend", "neo4j", "--batch-size", "5", "--writers", "1"]
    cut = cli(args)
    assert cut.exit_code == 1, cut.output
    errors = [x for x in cut.stderr.splitlines() if x.startswith("error")]
    assert len(errors) == 1 and errors[0].startswith(
        "error: the Neo4j server went away during the load ("
    )
    assert errors[0].endswith(
        "start it again and rerun the same `graphgov load`: it resumes, keeping the batches "
        "already written"
    )
    assert count(neo4j_driver, "(:Region)") == 13 and count(neo4j_driver, "(:Organization)") == 0
    monkeypatch.setenv("NEO4J_URI", real)
    rerun = cli(args)
    assert rerun.exit_code == 0, rerun.output
    assert "3 batches were already in the database and kept" in rerun.stdout
    assert "50 nodes, 56 relationships" in rerun.stdout  # tests/test_neo4j_store.py
    assert count(neo4j_driver, "()-[]->()") == 56


# --- class 12: credentials are never shown --------------------------------------------------


def test_redact_hides_userinfo_and_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "Pa55w0rd-env")
    text = "at bolt://analyst:Pa55/w@rd@db.example.org:7687 and 'neo4j+s://u@h' with Pa55w0rd-env"
    assert redact(text, ["extra-secret"]) == (
        "at bolt://***@db.example.org:7687 and 'neo4j+s://***@h' with ***"
    )
    assert redact("the password is extra-secret", ["extra-secret", None]) == "the password is ***"


CREDENTIALS = "bolt://analyst:Pa55/w0rd@127.0.0.1:7687"


@pytest.mark.parametrize(
    "args",
    [
        ["load", HANDCHECK, "--backend", "neo4j"],
        ["query", "coverage"],
        ["report", "coverage", "--backend", "neo4j"],
    ],
)
def test_a_uri_holding_credentials_is_refused_without_showing_them(cli, monkeypatch, args):
    monkeypatch.setenv("NEO4J_URI", CREDENTIALS)
    result = cli(args)
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        "error: NEO4J_URI bolt://***@127.0.0.1:7687 holds credentials: put the user name in "
        "NEO4J_USERNAME and the password in NEO4J_PASSWORD"
    )
    assert "Pa55" not in result.output


def test_a_driver_error_holding_the_password_is_redacted(cli, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2hunter2")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687?password=hunter2hunter2")
    result = cli(["query", "coverage"])
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith("error: invalid NEO4J_URI 'bolt://127.0.0.1:7687?password=***'")
    assert "hunter2" not in result.output


def test_server_log_lines_are_redacted(tmp_path: Path):
    server = LocalServer(tmp_path / "home")
    (tmp_path / "home" / "logs").mkdir(parents=True)
    (tmp_path / "home" / "password").write_text("LocalPassw0rdLocal\n")
    (tmp_path / "home" / "logs" / "neo4j.log").write_text(
        "INFO started\nWARN auth for LocalPassw0rdLocal at bolt://neo4j:LocalPassw0rdLocal@x\n"
    )
    tail = server.log_tail()
    assert "LocalPassw0rdLocal" not in tail
    assert tail.endswith("WARN auth for *** at bolt://***@x")


def test_neo4j_env_prints_the_password_on_purpose_only_there(cli, tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "password").write_text("LocalPassw0rdLocal\n")
    result = cli(["neo4j", "env", "--home", home])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("=")[0] for line in lines] == [
        "export NEO4J_URI", "export NEO4J_USERNAME", "export NEO4J_PASSWORD",
        "export NEO4J_DATABASE",
    ]  # fmt: skip
    assert [line for line in lines if "LocalPassw0rdLocal" in line] == [
        "export NEO4J_PASSWORD=LocalPassw0rdLocal"
    ]
    assert "LocalPassw0rdLocal" not in result.stderr
