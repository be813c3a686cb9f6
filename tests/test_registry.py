"""The registry of analyses (graphgov.analyses.registry) is the one declaration the CLI,
both backends and the report read: every record is complete and true to its function and
its Cypher twin."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

import graphgov
from graphgov.analyses import ANALYSES, OPTIONS
from graphgov.analyses.registry import Analysis, Twin
from graphgov.cli import report as report_command
from graphgov.datasets import tiny
from graphgov.errors import UsageError
from graphgov.meta import Targets
from graphgov.neo4j.queries import list_queries

QUERIES = {q.name: q for q in list_queries()}
TARGET_PARAMETERS = set(Targets().as_dict())
VARIANTS = [(a, None) for a in ANALYSES.values()] + [
    (a, by) for a in ANALYSES.values() for by in a.by
]


@pytest.fixture(scope="module")
def g() -> graphgov.Graph:
    return tiny()


def twins() -> list[tuple[Analysis, Twin]]:
    return [(a, t) for a in ANALYSES.values() for t in (a.twin, *a.by_twins.values())]


def test_every_twin_is_a_query_and_every_query_a_twin():
    named = {t.query for _, t in twins()}
    assert named <= set(QUERIES)
    assert set(QUERIES) - named == {"schema"}  # the load's constraints, not an analysis


@pytest.mark.parametrize(("spec", "by"), VARIANTS, ids=lambda v: getattr(v, "name", str(v)))
def test_the_function_gives_the_declared_columns(g, spec: Analysis, by: str | None):
    out = graphgov.run_analysis(g, spec.name, by=by)
    declared = spec.twin_for(by).columns
    assert list(out.columns) == list(declared)
    assert {c: str(t) for c, t in out.dtypes.items()} == dict(declared)
    assert len(out) > 0  # the tiny dataset exercises every analysis and variant


@pytest.mark.parametrize(("spec", "twin"), twins(), ids=lambda v: getattr(v, "name", ""))
def test_every_option_taken_reaches_the_twin(spec: Analysis, twin: Twin):
    """On Neo4j no option is silently dropped: the twin reads each one the record takes
    (``by`` answered by a query of its own aside), and nothing else."""
    reads = set(QUERIES[twin.query].parameters)
    wanted = {o for o in spec.takes if o not in ("targets", "by")}
    if "by" in spec.takes and twin is spec.twin and not spec.by_twins:
        wanted.add("by")
    assert wanted <= reads
    assert ("targets" in spec.takes) == bool(reads & TARGET_PARAMETERS)
    assert reads <= set(OPTIONS) | TARGET_PARAMETERS


def test_the_cli_offers_every_option_and_every_report():
    flags = set(inspect.signature(report_command).parameters)
    assert set(OPTIONS) <= flags
    from graphgov.cli import REPORTS

    assert tuple(ANALYSES) == REPORTS


def test_by_is_checked_against_the_record():
    with pytest.raises(UsageError, match=r"^by must be one of county; got 'city'$"):
        ANALYSES["linkage"].check_options({"by": "city"})
    assert ANALYSES["coverage"].check_options({"by": "kind", "county": None}) == {"by": "kind"}


def test_a_record_must_say_its_by_values():
    with pytest.raises(ValueError, match="bad options"):
        Analysis("x", len, Twin("x", {}), (), takes=("as_of", "by"))
    with pytest.raises(ValueError, match="bad options"):
        Analysis("x", len, Twin("x", {}), (), takes=("as_of", "colour"))


def test_adding_a_record_is_all_an_analysis_needs(monkeypatch, g):
    """One record (with its function and query) and the library and CLI answer it."""

    def members(graph: graphgov.Graph) -> pd.DataFrame:
        return pd.DataFrame({"people": [len(graph.people)]})

    spec = Analysis("people-count", members, Twin("org-status", {"people": "int64"}), (), ())
    monkeypatch.setitem(ANALYSES, spec.name, spec)
    assert graphgov.run_analysis(g, "people-count")["people"].tolist() == [8]
    with pytest.raises(UsageError, match=r"report people-count does not take --as-of \(it"):
        graphgov.run_analysis(g, "people-count", as_of="2020-01-01")


def test_an_analysis_record_calls_its_function(g):
    pd.testing.assert_frame_equal(ANALYSES["gaps"](g), graphgov.gaps(g))
