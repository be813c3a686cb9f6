"""Every analysis gives identical rows on both backends: the pandas function on the embedded
graph and its Cypher twin on a real Neo4j server, over the hand-checked datasets and the
bundled sample, with the dataset's own as_of and targets and with overrides."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pandas as pd
import pytest

import graphgov
from graphgov.analyses import ANALYSES
from graphgov.datasets import tiny_path
from graphgov.meta import Targets
from graphgov.neo4j.analyses import run_cypher_analysis
from graphgov.neo4j.store import load_graph

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).parent
DATASETS = {
    "handcheck": ROOT / "data" / "handcheck",
    "handcheck-network": ROOT / "data" / "handcheck-network",
    "sample": ROOT.parent / "datasets" / "zhejiang-sample",
    "tiny": tiny_path(),
    "v2-cross": ROOT / "data" / "v2-cross",
    "v2-coverage": ROOT / "data" / "v2-coverage",
    "v2-hubs-density": ROOT / "data" / "v2-hubs-density",
    "v2-social": ROOT / "data" / "v2-social",
}
#: Every analysis, every --by value its record names, then options by hand.
VARIANTS = (
    [(name, {}) for name in ANALYSES]
    + [(name, {"by": by}) for name, spec in ANALYSES.items() for by in spec.by]
    + [
        ("coverage", {"include_community": True}),
        ("gaps", {"include_community": True}),
        ("coverage", {"as_of": "2021-06-01"}),
        ("coverage", {"by": "manager", "as_of": "2018-12-31"}),
        ("coverage", {"by": "authority", "include_community": True}),
        ("gaps", {"by": "manager", "as_of": "2018-12-31", "include_community": True}),
        ("joint-branches", {"as_of": "2018-12-31"}),
        ("hub-gaps", {"as_of": "2019-06-01"}),
        ("social-work", {"as_of": "2021-07-01"}),
        ("social-work", {"as_of": "2020-03-01"}),
        ("linkage", {"as_of": "2020-03-01"}),
        ("linkage-candidates", {"as_of": "2020-03-01"}),
        ("funding", {"as_of": "2020-03-01"}),
        ("funding", {"targets": Targets(community_urban_min=15, community_rural_min=5)}),
        ("facilities", {"as_of": "2020-06-01"}),
        ("org-standing", {"as_of": "2021-06-01"}),
        ("abnormal-covers", {"as_of": "2021-06-01"}),
        ("cross-appointments", {"as_of": "2019-06-01"}),
        ("cross-appointment-ties", {"as_of": "2019-06-01"}),
        ("hubs", {"county": "330106"}),
        ("hub-gaps", {"county": "330106"}),
        ("hub-overlap", {"county": "330106"}),
        ("density", {"targets": Targets(community_urban_min=3, community_rural_min=2)}),
        ("density", {"by": "county", "as_of": "2019-06-01"}),
        ("density", {"count_registered": True}),
        ("density", {"by": "township", "count_registered": True, "as_of": "2020-06-01"}),
        ("hubs", {"as_of": "2020-06-01"}),
        ("hub-gaps", {"as_of": "2020-06-01"}),
        ("hub-overlap", {"as_of": "2020-01-01"}),
    ]
)


@pytest.fixture(scope="module", params=list(DATASETS))
def loaded(request, neo4j_driver: neo4j.Driver) -> tuple[graphgov.Graph, neo4j.Driver]:
    g = graphgov.open(DATASETS[request.param])
    load_graph(neo4j_driver, g, replace=True)
    return g, neo4j_driver


@pytest.mark.parametrize(("name", "options"), VARIANTS, ids=lambda v: str(v))
def test_same_rows_on_both_backends(loaded, name: str, options: dict):
    g, driver = loaded
    memory = graphgov.run_analysis(g, name, **options)
    cypher = run_cypher_analysis(driver, name, **options)
    pd.testing.assert_frame_equal(memory, cypher)


def test_the_sample_exercises_every_analysis(neo4j_driver: neo4j.Driver):
    """Parity on empty tables proves little: on the sample every analysis has rows."""
    g = graphgov.open(DATASETS["sample"])
    assert all(len(graphgov.run_analysis(g, name)) > 0 for name in ANALYSES)
