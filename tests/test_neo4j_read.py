"""The graph read back from Neo4j equals the graph loaded, and the full report runs on the
Neo4j backend (Cypher twins for the tables, the read-back graph for the network)."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pandas as pd
import pytest
from typer.testing import CliRunner

import graphgov
from graphgov.analyses import ANALYSES
from graphgov.analyses.projections import projection
from graphgov.cli import app
from graphgov.neo4j.read import graph_from_neo4j
from graphgov.neo4j.store import load_graph

pytestmark = pytest.mark.neo4j
NETWORK = Path(__file__).parent / "data" / "handcheck-network"


@pytest.fixture(scope="module")
def both(neo4j_driver: neo4j.Driver) -> tuple[graphgov.Graph, graphgov.Graph]:
    g = graphgov.open(NETWORK)
    load_graph(neo4j_driver, g, replace=True)
    return g, graph_from_neo4j(neo4j_driver)


def test_read_back_gives_the_same_analyses(both):
    loaded, read = both
    for name in ANALYSES:
        pd.testing.assert_frame_equal(
            graphgov.run_analysis(loaded, name), graphgov.run_analysis(read, name), obj=name
        )


def test_read_back_gives_the_same_projection_and_metadata(both):
    loaded, read = both
    a, b = projection(loaded, "appointments"), projection(read, "appointments")
    assert sorted(a.edges) == sorted(b.edges) and dict(a.nodes(data=True)) == dict(
        b.nodes(data=True)
    )
    assert read.info == loaded.info and read.targets == loaded.targets
    assert read.counts == loaded.counts  # the load summary travels on the :Dataset node


def test_report_all_on_neo4j(both, neo4j_env, monkeypatch, tmp_path: Path):
    for key, value in neo4j_env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(
        app, ["report", "all", "--backend", "neo4j", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    # data, coverage, gaps, density, hubs, social work, linkage, funding, facilities,
    # cross-appointments, what to do next
    assert html.count("<h2") == 11 and html.count("data:image/png;base64,") >= 6
    assert "handcheck-network" in html and "保俶社区" in html
