"""`graphgov load --method import` (graphgov.neo4j.bulk): the neo4j-admin CSV files, a bulk
import into the tests' real local server (stopped and restarted, running again after)
that builds the same database as the transactional load, the refusals (a non-empty
database, a remote server, a user's running Neo4j), and a user's own NEO4J_HOME."""

from __future__ import annotations

import csv
import dataclasses
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pandas as pd
import pytest
from test_neo4j_store import counts, snapshot

import graphgov
from graphgov.errors import GraphgovError, UsageError
from graphgov.neo4j.analyses import run_cypher_analysis
from graphgov.neo4j.bulk import bulk_import, import_home, write_import_files
from graphgov.neo4j.provision import find_java, provision
from graphgov.neo4j.server import LocalServer
from graphgov.neo4j.store import clear, load_graph
from graphgov.settings import connect, neo4j_settings

ROOT = Path(__file__).parent
HANDCHECK = ROOT / "data" / "handcheck"
SAMPLE = ROOT.parent / "datasets" / "zhejiang-sample"
HOSTILE_COLUMNS = ROOT / "data" / "hostile" / "neo4j" / "column-names"
#: Analyses compared row for row after the import (dates, doubles, labels and keys read).
ANALYSES = ["coverage", "gaps", "density", "hub-gaps", "social-work", "funding",
            "cross-appointments", "facilities"]  # fmt: skip


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ledger(driver: neo4j.Driver) -> list[tuple]:
    found = driver.execute_query("MATCH (b:LoadBatch) RETURN b.id AS id, b.step AS s, b.rows AS n")
    return sorted((r["id"], r["s"], r["n"]) for r in found.records)


# --- the files (no server) -------------------------------------------------------------------


def test_handcheck_files(tmp_path: Path):
    files = {f.path.name: f for f in write_import_files(graphgov.open(HANDCHECK), tmp_path)}
    # 13 regions, 25 organizations, 8 Party organizations, 4 people; 12 PART_OF, 25
    # BASED_IN, 5 COVERS, 7 REPORTS_TO, 2 LEADS, 4 HOLDS_POST, 1 SERVES; one batch each.
    assert {f.name: f.rows for f in files.values()} == {
        "Region": 13, "Organization": 25, "PartyOrganization": 8, "Person": 4,
        "PART_OF": 12, "BASED_IN": 25, "COVERS": 5, "REPORTS_TO": 7, "LEADS": 2,
        "HOLDS_POST": 4, "SERVES": 1, "LoadBatch": 11,
    }  # fmt: skip
    assert not any(f.multiline or f.renames for f in files.values())
    assert files["01-node-Organization.csv"].argument == (
        f"--nodes=Organization={tmp_path / '01-node-Organization.csv'}"
    )
    regions = rows(tmp_path / "00-node-Region.csv")
    # Ids 0-12 are the regions, in frame order; the level is also an extra label.
    assert [(r[":ID"], r["code:string"], r[":LABEL"]) for r in regions[:2]] == [
        ("0", "330000000000", "Province"), ("1", "330100000000", "City"),
    ]  # fmt: skip
    with (tmp_path / "01-node-Organization.csv").open(encoding="utf-8") as f:
        header = f.readline()
        first = f.readline()
    # Typed headers; every value quoted, a missing one an empty field.
    assert header.startswith('":ID","org_id:string","name:string","kind:string"')
    assert '"social_work_agency:boolean","party_members:long"' in header
    assert '"founded:date"' in header and header.rstrip().endswith('"decoupled:boolean",":LABEL"')
    assert first.startswith('"13","513301060000000017","A组织","social_group"')
    # P2 (person id 47) holds a liaison post at K组织 from 2018-01-01 to 2019-06-30; the
    # relationship's key is role|start, as the transactional load writes it.
    posts = rows(tmp_path / "09-rel-Person-HOLDS_POST-Organization.csv")
    p2 = next(r for r in posts if r[":START_ID"] == "47")
    assert p2 == {":START_ID": "47", ":END_ID": "23", "role:string": "liaison",
                  "start:date": "2018-01-01", "end:date": "2019-06-30",
                  "key:string": "liaison|2018-01-01"}  # fmt: skip
    batches = rows(tmp_path / "ledger.csv")
    assert [b["step:string"] for b in batches[:2]] == ["node:Region", "node:Organization"]
    assert [b[":ID"] for b in batches] == [str(i) for i in range(50, 61)]


def test_dangling_and_repeated_relationships_are_kept_as_the_transactional_load_keeps_them(
    tmp_path: Path,
):
    """A post at a missing organization is left out (MATCH finds no node); of two rows
    for one post (same ends, role and start) the last one is kept (MERGE keeps one); a
    post with the same ends and role but another start is another post."""
    g = graphgov.open(HANDCHECK)
    posts = g.rels["HOLDS_POST"]
    p2 = posts[posts["src"] == "P2"]
    extra = [
        p2.assign(dst="NO-SUCH-ORG"),
        p2.assign(end="2020-12-31"),
        p2.assign(start="2021-01-01"),
    ]
    g = dataclasses.replace(g, rels={**g.rels, "HOLDS_POST": pd.concat([posts, *extra])})
    write_import_files(g, tmp_path)
    got = rows(tmp_path / "09-rel-Person-HOLDS_POST-Organization.csv")
    assert len(got) == 5  # P1-P4, the dangling row gone, P2's two rows one, its new post
    p2_posts = sorted((r["start:date"], r["end:date"]) for r in got if r[":START_ID"] == "47")
    assert p2_posts == [("2018-01-01", "2020-12-31"), ("2021-01-01", "2019-06-30")]


def test_files_are_the_same_bytes_each_time(tmp_path: Path):
    # Written by two threads (the ledger's digests beside the files): the same files,
    # in the same order, byte for byte, every time.
    g = graphgov.open(SAMPLE)
    first, second = (write_import_files(g, tmp_path / d) for d in ("a", "b"))
    assert [f.path.name for f in first] == [f.path.name for f in second]
    assert first[0].path.name == "00-node-Region.csv" and first[-1].path.name == "ledger.csv"
    for a, b in zip(first, second, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name
        assert (a.rows, a.name, a.nodes) == (b.rows, b.name, b.nodes)


def test_hostile_column_names_get_placeholders(tmp_path: Path):
    files = write_import_files(graphgov.open(HOSTILE_COLUMNS), tmp_path)
    (orgs,) = [f for f in files if f.name == "Organization"]
    # The two names holding ':(){}' would be misread in a header (numbered in sorted
    # order); the others are kept, in the columns' order.
    assert orgs.renames == {
        "graphgov_column_0": "a\\u0060: 1}) CREATE (:Pwned) WITH n RETURN n //",
        "graphgov_column_1": "x: 0} WITH n CREATE (:Pwned) //",
    }
    header = orgs.path.read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(
        '"graphgov_column_1:string","graphgov_column_0:string","phone number:string",'
        '"a`b:string","key:string","联系电话:string",":LABEL"'
    )


def test_a_comma_in_the_folder_is_refused(tmp_path: Path):
    with pytest.raises(UsageError, match="comma"):
        write_import_files(graphgov.open(HANDCHECK), tmp_path / "a,b")


# --- which server (no server) ----------------------------------------------------------------


def test_a_remote_server_is_refused_in_one_line(cli, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GRAPHGOV_NEO4J_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEO4J_HOME", raising=False)
    env = {"NEO4J_URI": "neo4j+s://db.example.org", "NEO4J_PASSWORD": "pw-1234567"}
    result = cli(["load", HANDCHECK, "--backend", "neo4j", "--method", "import"], env=env)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "works only with graphgov's local server" in line and "NEO4J_HOME" in line
    assert "neo4j+s://db.example.org" in line and "--method transactional" in line


def test_import_home(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GRAPHGOV_NEO4J_HOME", str(tmp_path / "local"))
    monkeypatch.setenv("GRAPHGOV_NEO4J_PORT", "7999")
    local = neo4j_settings({"NEO4J_URI": "bolt://127.0.0.1:7999"})
    assert import_home(local, {}) == (tmp_path / "local").resolve()
    assert import_home(local, {"NEO4J_HOME": str(tmp_path / "own")}) == tmp_path / "own"
    with pytest.raises(UsageError, match="not NEO4J_URI bolt://127.0.0.1:7687"):
        import_home(neo4j_settings({}), {})  # another port than the local server's


# --- into the tests' local server -------------------------------------------------------------


@pytest.fixture(scope="module")
def server(neo4j_server: LocalServer | None, tmp_path_factory) -> Iterator[LocalServer]:
    """The session's local server (restarted by the imports, running after each), or one
    of this module's own when the session uses a server from NEO4J_URI."""
    if neo4j_server is not None:
        yield neo4j_server
        return
    own = LocalServer(tmp_path_factory.mktemp("neo4j-bulk"), port=0)
    own.start()
    yield own
    own.stop()


@pytest.fixture
def driver(server: LocalServer) -> Iterator[neo4j.Driver]:
    with connect(neo4j_settings(server.env())) as d:
        yield d


@pytest.mark.neo4j
def test_import_builds_the_transactional_load_s_database(cli, server, driver, monkeypatch):
    g = graphgov.open(SAMPLE)
    monkeypatch.setenv("GRAPHGOV_NEO4J_HOME", str(server.home))
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    pid, port = server.pid(), server.port
    args = ["load", SAMPLE, "--backend", "neo4j", "--method", "import", "--replace"]
    result = cli(args)
    assert result.exit_code == 0, result.output
    n_nodes = sum(len(f) for f in g.nodes.values())
    n_rels = sum(len(f) for f in g.rels.values())
    assert f"{n_nodes:,} nodes, {n_rels:,} relationships" in result.stdout
    assert server.pid() not in (None, pid) and server.port == port  # restarted, same port
    imported = snapshot(driver), counts(driver), ledger(driver)
    by_import = {name: run_cypher_analysis(driver, name) for name in ANALYSES}
    assert cli(["report", "coverage", "--backend", "neo4j"]).exit_code == 0
    # A transactional load of the same data finds every batch in the ledger.
    again = load_graph(driver, g)
    assert sum(s.skipped_batches for s in again.steps) == len(imported[2]) > 0
    assert (snapshot(driver), counts(driver), ledger(driver)) == imported
    clear(driver)
    load_graph(driver, g, replace=True)
    assert counts(driver) == imported[1]  # nodes per label, relationships per type
    assert snapshot(driver) == imported[0]  # every node and relationship, property by property
    assert ledger(driver) == imported[2]
    for name in ANALYSES:
        pd.testing.assert_frame_equal(run_cypher_analysis(driver, name), by_import[name])
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name").records
    assert len(constraints) == 7


@pytest.mark.neo4j
def test_hostile_column_names_round_trip(server, driver):
    g = graphgov.open(HOSTILE_COLUMNS)
    load_graph(driver, g, replace=True)
    transactional = snapshot(driver)
    stats = bulk_import(g, home=server.home, replace=True)
    assert list(stats.phases) == ["files", "stop", "import", "start", "schema"]
    # 13 regions and 3 organizations; 12 PART_OF and 3 BASED_IN.
    assert stats.finished and stats.nodes == 16 and stats.relationships == 15
    # `driver` holds bookmarks of the replaced database: it must not wait for them.
    assert snapshot(driver) == transactional
    assert not driver.execute_query("MATCH (n:Pwned) RETURN n").records


@pytest.mark.neo4j
def test_a_database_with_data_is_refused_without_replace(cli, server, driver, monkeypatch):
    g = graphgov.open(HANDCHECK)
    load_graph(driver, g, replace=True)
    before, pid = snapshot(driver), server.pid()
    monkeypatch.setenv("GRAPHGOV_NEO4J_HOME", str(server.home))
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    result = cli(["load", HANDCHECK, "--backend", "neo4j", "--method", "import"])
    assert result.exit_code == 1
    # After the validation's progress lines, one error line.
    (line,) = [x for x in result.stderr.splitlines() if not x.startswith("… ")]
    # 50 graph nodes, 11 ledger nodes and the :Dataset node.
    assert "database 'neo4j' holds 62 nodes" in line and "--replace" in line
    with pytest.raises(GraphgovError, match="holds 62 nodes"):
        bulk_import(g, home=server.home)
    assert server.pid() == pid and snapshot(driver) == before  # never stopped, untouched


# --- a user's own Neo4j (NEO4J_HOME) ---------------------------------------------------------


@pytest.fixture
def installation(tmp_path: Path) -> Path:
    """A Neo4j folder as a user's installation has it: bin/neo4j-admin (Neo4j's own
    AdminTool, with graphgov's jars) and bin/neo4j, whose `status` exits 0 when the file
    `running` exists, else 3."""
    home = tmp_path / "neo4j"
    (home / "bin").mkdir(parents=True)
    (home / "conf").mkdir()
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    scripts = {
        "neo4j-admin": f'export NEO4J_HOME="{home}"\n'
        f'exec "{find_java()}" -cp "{provision()}/*" org.neo4j.cli.AdminTool "$@"\n',
        "neo4j": f'[ -f "{home}/running" ] && exit 0\nexit 3\n',
    }
    for name, body in scripts.items():
        path = home / "bin" / name
        path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return home


@pytest.mark.neo4j
def test_into_a_user_s_neo4j_home(installation: Path, tmp_path: Path, monkeypatch):
    g = graphgov.open(HANDCHECK)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    (installation / "running").touch()
    with pytest.raises(GraphgovError, match="is running: stop it"):
        bulk_import(g, home=installation)
    (installation / "running").unlink()
    stats = bulk_import(g, home=installation)
    assert not stats.finished and list(stats.phases) == ["files", "import"]
    assert (installation / "data" / "databases" / "neo4j").is_dir()
    with pytest.raises(UsageError, match="already exists .* needs --replace"):
        bulk_import(g, home=installation)
    bulk_import(g, home=installation, replace=True, files=tmp_path / "csv")
    assert len(list((tmp_path / "csv").glob("*.csv"))) == 12  # kept; the others removed
    assert not list((tmp_path / "temp").iterdir())
    # What the user then does: start it, and run a transactional load, which finds every
    # batch in the ledger and writes the schema and the :Dataset node only.
    server = LocalServer(installation, port=0)
    server.start()
    try:
        with connect(neo4j_settings(server.env())) as driver:
            stats = load_graph(driver, g)
            assert sum(s.skipped_batches for s in stats.steps) == 11
            got = counts(driver)
            assert (got["Region"], got["Organization"], got["HOLDS_POST"]) == (13, 25, 4)
            assert got["Dataset"] == 1
    finally:
        server.stop()


@pytest.mark.neo4j
def test_a_failed_import_leaves_an_empty_database(server, driver):
    """neo4j-admin's reason in one line; the database emptied, not half-written; the
    server running; and the driver, whose bookmarks came from the replaced database,
    answers at once (the transaction ids went on past them)."""
    g = graphgov.open(HANDCHECK)
    orgs = g.nodes["Organization"].assign(founded="2020-13-45")  # no 13th month
    load_graph(driver, g, replace=True)
    bad = dataclasses.replace(g, nodes={**g.nodes, "Organization": orgs})
    with pytest.raises(GraphgovError, match="could not import the files: .*MonthOfYear") as err:
        bulk_import(bad, home=server.home, replace=True)
    assert "\n" not in str(err.value)
    assert server.pid() is not None and counts(driver) == {}
