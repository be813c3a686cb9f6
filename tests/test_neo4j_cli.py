"""`graphgov load`, `graphgov report --backend neo4j` and `graphgov query` against a real
Neo4j server, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphgov.cli import app

pytestmark = pytest.mark.neo4j
HANDCHECK = Path(__file__).parent / "data" / "handcheck"
runner = CliRunner()


@pytest.fixture
def loaded(env: dict[str, str]) -> dict[str, str]:
    result = runner.invoke(app, ["load", str(HANDCHECK), "--backend", "neo4j", "--replace"])
    assert result.exit_code == 0, result.output
    assert "loaded 'handcheck'" in result.stdout and "50 nodes, 56 relationships" in result.stdout
    assert env["NEO4J_PASSWORD"] not in result.output
    return env


@pytest.mark.parametrize(
    "args",
    [["coverage", "--by", "city"], ["gaps"], ["joint-branches"], ["density"]],
)
def test_report_on_neo4j_matches_memory(loaded, args: list[str]):
    memory = runner.invoke(app, ["report", *args, "--data", str(HANDCHECK), "--format", "json"])
    graph = runner.invoke(app, ["report", *args, "--backend", "neo4j", "--format", "json"])
    assert graph.exit_code == 0, graph.output
    assert json.loads(graph.stdout) == json.loads(memory.stdout)


def test_query_list_and_run(loaded):
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0
    assert "coverage (as_of, by, include_community)" in listed.stdout
    result = runner.invoke(app, ["query", "coverage", "--param", "by=city", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # 杭州市 9 organizations, 3 covered (M's functional Party organization gives functional,
    # not organizational, coverage in v2); 宁波市 3, none (tests/test_analyses.py).
    assert [(r["group_name"], r["orgs"], r["org_covered"]) for r in rows] == [
        ("杭州市", 9, 3),
        ("宁波市", 3, 0),
    ]


def test_query_from_a_planners_own_folder(loaded, tmp_path: Path):
    (tmp_path / "orgs-in.cypher").write_text(
        "// name: orgs-in\n"
        "// Active organizations based in one region, by code.\n"
        "MATCH (o:Organization {status: 'active'})-[:BASED_IN]->(:Region {code: $code})\n"
        "RETURN o.name AS name ORDER BY name\n",
        encoding="utf-8",
    )
    args = ["query", "orgs-in", "--dir", str(tmp_path), "-p", "code=330106001001", "--format"]
    result = runner.invoke(app, [*args, "csv"])
    assert result.exit_code == 0, result.output
    # 北山社区: A, B and the community organizations CO1-CO3 (CO12 and J are not active).
    assert result.stdout.split() == ["name", "A组织", "B组织", "CO1组织", "CO2组织", "CO3组织"]


def test_query_with_a_parameter_it_does_not_take(loaded):
    result = runner.invoke(app, ["query", "density", "--param", "nope=1"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "takes no parameter" in result.stderr


def test_no_server_is_one_line(monkeypatch: pytest.MonkeyPatch, env):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    result = runner.invoke(app, ["report", "coverage", "--backend", "neo4j"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_wrong_password_is_refused(monkeypatch: pytest.MonkeyPatch, env):
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    result = runner.invoke(app, ["query", "coverage"])
    assert result.exit_code == 1 and "not-the-password" not in result.output


def test_neo4j_backend_refuses_data_option(env):
    result = runner.invoke(app, ["report", "gaps", "--backend", "neo4j", "--data", "x"])
    assert result.exit_code == 2 and "--data is for the memory backend" in result.stderr
