"""`trend` and `diff` on a real Neo4j server give the rows the embedded graph gives."""

from __future__ import annotations

import pandas as pd
import pytest

import graphgov
from graphgov.datasets import tiny_path
from graphgov.neo4j.store import load_graph
from graphgov.timeline.backends import run_diff, run_trend
from graphgov.timeline.diff import diff

pytestmark = pytest.mark.neo4j
DATES = ["2017-12-31", "2019-06-30", "2020-12-31"]
SAMPLE = tiny_path().parents[2] / "datasets" / "zhejiang-sample"


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    g = graphgov.open(SAMPLE)
    load_graph(neo4j_driver, g, replace=True)
    return g


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("coverage", {"by": "county"}),
        ("density", {"by": "county"}),
        ("hubs", {}),
        ("hub-gaps", {}),
        ("linkage", {"by": "county"}),
    ],  # fmt: skip
)
def test_trend_is_the_same_on_both_backends(loaded, env, name, options):
    memory, _ = run_trend(name, dates=DATES, data=SAMPLE, **options)
    neo, targets = run_trend(name, dates=DATES, backend="neo4j", **options)
    pd.testing.assert_frame_equal(memory, neo, check_dtype=False)
    assert targets == loaded.targets


def test_diff_is_the_same_on_both_backends(loaded, env):
    memory = diff(loaded, loaded, DATES[0], DATES[2])
    neo = run_diff(backend="neo4j", as_of=(DATES[0], DATES[2]))
    pd.testing.assert_frame_equal(memory.summary, neo.summary, check_dtype=False)
    for kind, frame in memory.details.items():
        pd.testing.assert_frame_equal(frame, neo.details[kind], check_dtype=False, obj=kind)
