"""The load's steps without a server: statements, column-wise parameters, batch sizes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import graphgov
from graphgov.errors import DatasetError
from graphgov.neo4j.steps import ROWS, load_steps
from graphgov.neo4j.store import _phase_batch_size

HANDCHECK = Path(__file__).parent / "data" / "handcheck"


@pytest.fixture(scope="module")
def steps() -> dict:
    return {s.name: s for s in load_steps(graphgov.open(HANDCHECK))}


def test_steps_in_order_nodes_first(steps: dict):
    names = list(steps)
    assert names[:4] == [
        "node:Region",
        "node:Organization",
        "node:PartyOrganization",
        "node:Person",
    ]
    assert all(n.startswith("rel:") for n in names[4:])
    # handcheck has posts on organizations only, and one service
    assert (
        "rel:Person-HOLDS_POST->Organization" in names
        and "rel:Organization-SERVES->Region" in names
    )


def test_node_statements_read_columns(steps: dict):
    org = steps["node:Organization"]
    assert org.create.startswith(
        ROWS + "CREATE (n:Organization {`org_id`: $org_id[i], `name`: $name[i]"
    )
    assert org.merge.startswith(
        ROWS + "MERGE (n:Organization {`org_id`: $org_id[i]}) SET n += {`name`:"
    )
    assert org.create.endswith("SET n:$($labels[i])")  # Hub comes from hub_role
    assert "$labels" not in steps["node:PartyOrganization"].create


def test_params_are_lists_with_none_and_dates(steps: dict):
    org = steps["node:Organization"]
    params = org.params(org.frame.iloc[:3])
    assert params["n"] == 3
    assert params["org_id"] == [
        "513301060000000017",
        "523301060000000027",
        org.frame["org_id"].iloc[2],
    ]
    assert params["labels"] == [[], [], []]  # none of handcheck's organizations is a hub
    post = steps["rel:Person-HOLDS_POST->Organization"]
    p = post.params(post.frame)
    assert p["n"] == 4 and len(p["src"]) == len(p["dst"]) == len(p["key"]) == 4
    assert all(isinstance(d, dt.date) for d in p["start"])
    assert None in p["end"] and dt.date(2019, 6, 30) in p["end"]
    assert "dst_label" not in p


def test_keyless_relationships_have_no_key(steps: dict):
    part_of = steps["rel:Region-PART_OF->Region"]
    assert "key" not in part_of.params(part_of.frame)
    assert part_of.create.endswith("CREATE (a)-[r:PART_OF]->(b)")
    post = steps["rel:Person-HOLDS_POST->Organization"]
    assert (
        "[r:HOLDS_POST {key: $key[i]}]" in post.merge and "SET r += {`role`: $role[i]" in post.merge
    )


def with_org_columns(**columns: object):
    """Handcheck's graph with these columns added to every organization."""
    g = graphgov.open(HANDCHECK)
    orgs = g.nodes["Organization"].assign(**columns)
    return dataclasses.replace(g, nodes={**g.nodes, "Organization": orgs})


def test_columns_outside_the_contract_go_in_as_parameters():
    # names that are load parameters, Cypher, a backtick and a \u0060 escape (which Neo4j
    # reads as a backtick even inside backticks): none reaches the statement's text
    names = ["step", "n", "x: 0} WITH n CREATE (:Pwned) //", "a`b", "a\\u0060b", "联系电话"]
    g = with_org_columns(**{name: f"v{j}" for j, name in enumerate(names)})
    org = next(s for s in load_steps(g) if s.name == "node:Organization")
    assert org.extra == tuple(names)
    sets = " SET " + ", ".join(f"n[$extra{j}_name] = $extra{j}[i]" for j in range(6))
    assert org.create.endswith("`decoupled`: $decoupled[i]})" + sets + " SET n:$($labels[i])")
    assert org.merge.endswith("`decoupled`: $decoupled[i]}" + sets + " SET n:$($labels[i])")
    for text in (org.create, org.merge):
        assert "Pwned" not in text and "a`b" not in text and "u0060" not in text
        assert "联系电话" not in text
    params = org.params(org.frame.iloc[:2])
    assert params["n"] == 2  # the column called n is extra1, not the row count
    assert params["extra1_name"] == "n" and params["extra1"] == ["v1", "v1"]
    assert params["extra2_name"] == "x: 0} WITH n CREATE (:Pwned) //"
    assert params["extra3_name"] == "a`b" and params["extra4_name"] == "a\\u0060b"
    assert "step" not in params and "x: 0} WITH n CREATE (:Pwned) //" not in params


@pytest.mark.parametrize("name", ["", "a\0b"])
def test_a_column_name_neo4j_cannot_store_is_refused(name: str):
    g = with_org_columns(**{name: "x"})
    with pytest.raises(DatasetError, match=r"organizations: column name .* cannot be a Neo4j"):
        list(load_steps(g))


def test_a_relationship_column_called_key_is_refused():
    g = graphgov.open(HANDCHECK)
    posts = g.rels["HOLDS_POST"].assign(key="mine")
    bad = dataclasses.replace(g, rels={**g.rels, "HOLDS_POST": posts})
    with pytest.raises(DatasetError, match="HOLDS_POST relationships: a column may not be"):
        list(load_steps(bad))


def test_labels_come_from_the_schema():
    g = graphgov.open(HANDCHECK)
    posts = g.rels["HOLDS_POST"].assign(dst_label="Pwned")
    bad = dataclasses.replace(g, rels={**g.rels, "HOLDS_POST": posts})
    with pytest.raises(ValueError, match="'Pwned' is not a node label of graphgov.schema"):
        list(load_steps(bad))


def test_phase_batch_size_shares_small_phases():
    steps = [
        dataclasses.make_dataclass("S", ["frame"])(pd.DataFrame({"x": range(n)})) for n in (3, 4)
    ]
    # 7 rows: below 2 writers x 5 rows, so 4 each; big phases keep the batch size.
    assert _phase_batch_size(steps, 5, 2) == 4
    assert _phase_batch_size(steps, 3, 2) == 3
    assert _phase_batch_size(steps, 100, 1) == 7
    assert _phase_batch_size(steps[:0], 100, 2) == 1


def test_cli_load_defaults_are_the_loaders():
    import inspect

    from graphgov import cli_db
    from graphgov.neo4j.store import BATCH_SIZE, WRITERS

    params = inspect.signature(cli_db.load).parameters
    assert (params["batch_size"].default, params["writers"].default) == (BATCH_SIZE, WRITERS)


def test_batch_ids_depend_on_the_rows_not_on_their_dtypes_or_chunks(steps: dict):
    from graphgov.neo4j.steps import batch_ids

    step = steps["node:Organization"]
    ids = list(batch_ids(step, 2))
    assert [(lo, hi) for lo, hi, _ in ids] == [(i, min(i + 2, len(step.frame))) for i in
                                               range(0, len(step.frame), 2)]  # fmt: skip
    # The same rows as plain Python objects (a frame read another way) give the same ids.
    plain = step.frame.astype(object).where(step.frame.notna(), None)
    assert list(batch_ids(dataclasses.replace(step, frame=plain), 2)) == ids
    # One value changed changes the id of its batch only.
    changed = step.frame.copy()
    changed.loc[changed.index[3], "name"] = "另一个名字"
    again = list(batch_ids(dataclasses.replace(step, frame=changed), 2))
    assert [a == b for a, b in zip(again, ids, strict=True)] == [i != 1 for i in range(len(ids))]


def _steps_with(g: graphgov.Graph, table: str, extra: pd.DataFrame) -> dict:
    """The steps of `g` with rows `extra` added to its node or relationship frame `table`."""
    kind = "rels" if table in g.rels else "nodes"
    frames = getattr(g, kind)
    changed = dataclasses.replace(g, **{kind: {**frames, table: pd.concat([frames[table], extra])}})
    return {s.name: s for s in load_steps(changed)}


def test_unique_is_the_row_key_s(steps: dict):
    """A step is unique when no two rows share its row key: a node's key; a post's ends,
    role and start (another end date alone repeats the post; another start does not)."""
    g = graphgov.open(HANDCHECK)
    post, org = "rel:Person-HOLDS_POST->Organization", "node:Organization"
    assert steps[post].row_key == ("src", "dst", "role", "start")
    assert steps[org].row_key == ("org_id",)
    assert steps[post].unique and steps[org].unique
    p2 = g.rels["HOLDS_POST"].query("src == 'P2'")
    assert _steps_with(g, "HOLDS_POST", p2.assign(start="2030-01-01"))[post].unique
    assert not _steps_with(g, "HOLDS_POST", p2.assign(end="2030-01-01"))[post].unique
    twice = _steps_with(g, "Organization", g.nodes["Organization"].iloc[:1])
    assert not twice[org].unique and twice[post].unique
