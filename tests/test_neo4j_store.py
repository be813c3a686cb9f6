"""Loading into a real Neo4j server: schema, counts, idempotence, replace, resume after a
crash (simulated and a real kill of `graphgov load`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

import graphgov
from graphgov.analyses import ANALYSES
from graphgov.errors import GraphgovError
from graphgov.neo4j.analyses import run_cypher_analysis
from graphgov.neo4j.store import clear, load_graph, loaded_dataset, write_schema

pytestmark = pytest.mark.neo4j
HANDCHECK = Path(__file__).parent / "data" / "handcheck"
SAMPLE = Path(__file__).parent.parent / "datasets" / "zhejiang-sample"


def counts(driver: neo4j.Driver) -> dict[str, int]:
    """Nodes per label and relationships per type, ledger excluded."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadBatch UNWIND labels(n) AS label "
        "RETURN label, count(*) AS n ORDER BY label"
    )
    rels, _, _ = driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
    )
    return {r["label"]: r["n"] for r in nodes} | {r["type"]: r["n"] for r in rels}


@pytest.fixture
def empty(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    clear(neo4j_driver)
    return neo4j_driver


def test_load_handcheck_counts(empty: neo4j.Driver):
    g = graphgov.open(HANDCHECK)
    stats = load_graph(empty, g)
    table = stats.table()
    assert (table["seconds"] > 0).all() and (table["rows_per_s"] > 0).all()
    got = counts(empty)
    # 13 regions (1 province, 2 cities, 2 counties, 3 townships, 5 communities), 25 orgs
    # (none a hub), 8 Party orgs, 4 people (all Party members), one Dataset node.
    assert {k: got[k] for k in ("Region", "Province", "City", "County", "Township")} == {
        "Region": 13, "Province": 1, "City": 2, "County": 2, "Township": 3,
    }  # fmt: skip
    assert got["Community"] == 5 and got["Organization"] == 25 and "Hub" not in got
    assert got["PartyOrganization"] == 8 and got["Person"] == 4 and got["PartyMember"] == 4
    assert got["Dataset"] == 1
    # 12 PART_OF, 25 BASED_IN, 5 COVERS, 7 REPORTS_TO (all but PROOT), 2 LEADS (PC1, PC5),
    # 4 HOLDS_POST, 1 SERVES.
    assert {k: got[k] for k in ("PART_OF", "BASED_IN", "COVERS", "REPORTS_TO", "LEADS")} == {
        "PART_OF": 12, "BASED_IN": 25, "COVERS": 5, "REPORTS_TO": 7, "LEADS": 2,
    }  # fmt: skip
    assert got["HOLDS_POST"] == 4 and got["SERVES"] == 1
    assert stats.nodes == 50 and stats.relationships == 56
    info, targets = loaded_dataset(empty)
    assert (info.name, info.as_of) == ("handcheck", "2020-12-31")
    assert targets == g.targets


#: The 7 constraints and the one plain index of cypher/schema.cypher.
SCHEMA = {
    "CONSTRAINT": {"region_code", "organization_id", "party_org_id", "person_id",
                   "facility_id", "dataset_name", "load_batch_id"},
    "INDEX": {"party_org_kind"},
}  # fmt: skip
#: Indexes the schema drops: no query reads them.
DROPPED = ("holds_post_key", "region_level", "organization_status_kind",
           "organization_hub_role", "holds_post_role")  # fmt: skip


def test_write_schema_on_a_loaded_graph_creates_each_once_and_online(empty: neo4j.Driver):
    load_graph(empty, graphgov.open(SAMPLE))
    for kind, names in SCHEMA.items():
        for name in names:
            empty.execute_query(f"DROP {kind} {name}")
    empty.execute_query("CREATE INDEX holds_post_key FOR ()-[r:HOLDS_POST]-() ON (r.key)")
    empty.execute_query("CREATE INDEX region_level FOR (n:Region) ON (n.level)")  # an old one
    write_schema(empty)  # the constraints at once, on 9,487 organizations and 21,919 people
    constraints = {r["name"] for r in empty.execute_query("SHOW CONSTRAINTS YIELD name").records}
    shown = "SHOW INDEXES YIELD name, type, state, owningConstraint"
    indexes = empty.execute_query(shown).records
    assert constraints == SCHEMA["CONSTRAINT"]
    assert {r["name"] for r in indexes if r["owningConstraint"]} == SCHEMA["CONSTRAINT"]
    plain = {r["name"] for r in indexes if not r["owningConstraint"] and r["type"] != "LOOKUP"}
    assert plain == SCHEMA["INDEX"] and not plain & set(DROPPED)
    assert {r["state"] for r in indexes} == {"ONLINE"}
    with pytest.raises(neo4j.exceptions.ClientError):  # and the constraints hold
        empty.execute_query("CREATE (:Person {person_id: 'P0000001'})")


def test_every_plain_index_is_read_by_a_report(empty: neo4j.Driver):
    """An index no query reads is only a cost on every load: on the sample every report,
    with each of its --by values, reads each plain index of the schema."""
    load_graph(empty, graphgov.open(SAMPLE))
    for name, spec in ANALYSES.items():
        for by in (None, *spec.by):
            run_cypher_analysis(empty, name, **({"by": by} if by else {}))
    shown = "SHOW INDEXES YIELD name, readCount, owningConstraint, type"
    reads = {r["name"]: r["readCount"] for r in empty.execute_query(shown).records
             if not r["owningConstraint"] and r["type"] != "LOOKUP"}  # fmt: skip
    assert set(reads) == SCHEMA["INDEX"] and all(n > 0 for n in reads.values()), reads


def test_post_properties_and_dates(empty: neo4j.Driver):
    load_graph(empty, graphgov.open(HANDCHECK))
    records, _, _ = empty.execute_query(
        "MATCH (:Person {person_id: 'P2'})-[h:HOLDS_POST]->(o:Organization) "
        "RETURN h.role AS role, h.start AS start, h.end AS end, o.name AS org"
    )
    (r,) = records
    assert (r["role"], r["org"]) == ("liaison", "K组织")
    assert r["start"] == neo4j.time.Date(2018, 1, 1) and r["end"] == neo4j.time.Date(2019, 6, 30)


def test_second_load_changes_nothing(empty: neo4j.Driver):
    g = graphgov.open(HANDCHECK)
    load_graph(empty, g)
    before = counts(empty)
    stats = load_graph(empty, g)
    assert counts(empty) == before
    # Every batch was found in the ledger and skipped: nothing written, no rate.
    assert all(s.skipped_batches == 1 for s in stats.steps)
    table = stats.table()
    assert (table["seconds"] == 0).all() and table["rows_per_s"].isna().all()
    assert table["rows"].sum() == stats.nodes + stats.relationships == 50 + 56


def snapshot(driver: neo4j.Driver) -> tuple[list, list]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted;
    the ledger excluded."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadBatch RETURN labels(n) AS l, properties(n) AS p"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS t, elementId(b) AS b, "
        "properties(r) AS p, properties(a) AS pa, properties(b) AS pb"
    )
    as_text = [repr((sorted(r["l"]), sorted(r["p"].items()))) for r in nodes]
    rel_text = [
        repr((sorted(r["pa"].items()), r["t"], sorted(r["pb"].items()), sorted(r["p"].items())))
        for r in rels
    ]
    return sorted(as_text), sorted(rel_text)


def test_writers_and_batch_sizes_write_the_same_graph(empty: neo4j.Driver):
    g = graphgov.open(SAMPLE)
    load_graph(empty, g, writers=1)
    one = snapshot(empty)
    clear(empty)
    # Three writers on batches of 300: many transactions at once on shared nodes.
    stats = load_graph(empty, g, writers=3, batch_size=300)
    assert snapshot(empty) == one
    assert stats.nodes == sum(len(f) for f in g.nodes.values())
    assert stats.relationships == sum(len(f) for f in g.rels.values())
    assert set(stats.phases) == {"node", "rel"} and stats.seconds >= sum(stats.phases.values())


def test_merge_over_a_loaded_graph_changes_nothing(empty: neo4j.Driver):
    """With the ledger gone, every batch is written again through MERGE (no step is
    fresh): the graph stays the same, property for property."""
    g = graphgov.open(SAMPLE)
    load_graph(empty, g)
    before = snapshot(empty)
    empty.execute_query("MATCH (b:LoadBatch) DELETE b")
    stats = load_graph(empty, g)
    assert sum(s.skipped_batches for s in stats.steps) == 0
    assert snapshot(empty) == before


def test_only_keyed_relationships_carry_a_key(empty: neo4j.Driver):
    load_graph(empty, graphgov.open(HANDCHECK))
    records, _, _ = empty.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(r.key) AS keyed, count(*) AS n ORDER BY t"
    )
    keyed = {r["t"]: (r["keyed"], r["n"]) for r in records}
    # HOLDS_POST is keyed by role and start, SERVES by start; the others by their ends only.
    assert keyed["HOLDS_POST"] == (4, 4) and keyed["SERVES"] == (1, 1)
    assert all(k == 0 for t, (k, _) in keyed.items() if t not in ("HOLDS_POST", "SERVES"))
    records, _, _ = empty.execute_query(
        "MATCH (:Person {person_id: 'P2'})-[h:HOLDS_POST]->() RETURN h.key AS key"
    )
    assert records[0]["key"] == "liaison|2018-01-01"


def test_bad_writers_or_batch_size(empty: neo4j.Driver):
    g = graphgov.open(HANDCHECK)
    with pytest.raises(ValueError, match="writers and batch_size must be >= 1"):
        load_graph(empty, g, writers=0)
    with pytest.raises(ValueError, match="writers and batch_size must be >= 1"):
        load_graph(empty, g, batch_size=0)


def test_another_dataset_needs_replace(empty: neo4j.Driver):
    load_graph(empty, graphgov.open(HANDCHECK))
    other = graphgov.open(HANDCHECK.parent / "handcheck-network")
    with pytest.raises(GraphgovError, match="already holds dataset 'handcheck'"):
        load_graph(empty, other)
    load_graph(empty, other, replace=True)
    assert loaded_dataset(empty)[0].name == "handcheck-network"
    assert counts(empty)["Region"] == 13 and counts(empty)["Organization"] == 12


class Crash(Exception):
    pass


def test_resume_after_a_crash_mid_load(empty: neo4j.Driver):
    g = graphgov.open(SAMPLE)
    load_graph(empty, g, batch_size=500)
    clean = counts(empty)
    clear(empty)
    calls = {"n": 0}

    def crash_after_ten_batches(step: str, done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == 10:
            raise Crash

    with pytest.raises(Crash):
        load_graph(empty, g, batch_size=500, progress=crash_after_ten_batches)
    partial = counts(empty)
    assert partial != clean and "Dataset" not in partial
    # The tenth batch's callback raised; the transactions already sent by then (the other
    # writer's) still commit, so at least ten batches are in the ledger.
    records, _, _ = empty.execute_query("MATCH (b:LoadBatch) RETURN count(b) AS n")
    committed = records[0]["n"]
    assert committed >= 10
    stats = load_graph(empty, g, batch_size=500)
    assert counts(empty) == clean
    assert sum(s.skipped_batches for s in stats.steps) == committed


def test_resume_after_killing_the_process(empty: neo4j.Driver, neo4j_env: dict[str, str]):
    """A real `graphgov load` killed with SIGKILL once some batches committed, then rerun."""
    env = {**os.environ, **neo4j_env}
    cmd = [sys.executable, "-m", "graphgov", "load", str(SAMPLE), "--backend", "neo4j"]
    small = [*cmd, "--batch-size", "200"]
    proc = subprocess.Popen(small, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        records, _, _ = empty.execute_query("MATCH (b:LoadBatch) RETURN count(b) AS n")
        committed = records[0]["n"]
        if committed >= 5:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert "Dataset" not in counts(empty)
    done = subprocess.run(small, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "already_loaded" in done.stdout
    killed_then_resumed = counts(empty)
    clear(empty)
    load_graph(empty, graphgov.open(SAMPLE))
    assert killed_then_resumed == counts(empty)
