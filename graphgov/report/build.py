"""The full report: run the analyses on one graph, build each section, write the files.

A section is added per analysis; :func:`build_sections` is the list a report is made of, in
report order: data, coverage, gaps, density, hubs, social work, linkage, cross-appointments.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd

import graphgov
from graphgov.analyses import check_needs, run_analysis
from graphgov.analyses.metrics import cut_points
from graphgov.analyses.network import network_metrics
from graphgov.analyses.projections import projection
from graphgov.errors import DatasetError, NoDataError
from graphgov.graph import Graph, open_graph
from graphgov.report import sections, sections_network, sections_ties
from graphgov.report.document import Section, write_report
from graphgov.report.summaries import county_label

Progress = Callable[[str], None]
#: Runs a named analysis with options and returns its rows (pandas or Cypher twin).
Runner = Callable[..., pd.DataFrame]


def sample_path() -> Path:
    """The bundled sample dataset, ``datasets/zhejiang-sample`` in the source tree."""
    path = Path(graphgov.__file__).resolve().parent.parent / "datasets" / "zhejiang-sample"
    if not path.is_dir():
        raise DatasetError(
            f"{path}: the bundled sample is not there (it ships with the source tree); "
            "pass a dataset directory instead"
        )
    return path


def build_sections(
    g: Graph, *, run: Runner | None = None, progress: Progress | None = None
) -> list[Section]:
    """Run every analysis the report shows and build its sections, in report order.

    `run(name, **options)` answers a named analysis; by default the pandas function on `g`.
    With the Neo4j backend it runs the Cypher twins, and `g` (read back from the database)
    serves the data summary and the network projections.

    A section whose analyses need data the dataset lacks (:data:`graphgov.analyses.NEEDS`:
    no regions, organizations or communities) stays in the report with its heading and
    what is missing as its headline (:func:`~graphgov.report.sections.missing_section`);
    the data section is always there.
    """
    say = progress or (lambda step: None)
    ask = _checked(g, run or partial(run_analysis, g))
    counties = g.regions.loc[g.regions["level"] == "county"].set_index("code")["name"].to_dict()
    say("data quality")
    status = (
        g.organizations.groupby(["status", "kind"], dropna=False).size().reset_index(name="orgs")
    )
    out = [sections.data_section(g.counts, _rejects(g), status)]
    for key, step, make in _SECTIONS:
        if step:
            say(step)
        try:
            out.append(make(g, ask, counties))
        except NoDataError as err:
            say(f"{key}: not reported: {err}")
            out.append(sections.missing_section(key, str(err)))
    return out


def _checked(g: Graph, run: Runner) -> Runner:
    """`run`, refusing what `g` lacks data for (:func:`check_needs`, on either backend),
    and answering each (analysis, options) once: the coverage and gaps sections share the
    `gaps` rows."""
    answers: dict[tuple, pd.DataFrame] = {}

    def ask(name: str, **options: object) -> pd.DataFrame:
        key = (name, *sorted(options.items()))
        if key not in answers:
            check_needs(g, name)
            answers[key] = run(name, **options)
        return answers[key]

    return ask


def _coverage(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    return sections.coverage_section(run("coverage", by="city"), run("gaps"), g.targets)


def _gaps(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    return sections.gaps_section(run("gaps"), run("joint-branches"))


def _density(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    return sections.density_section(run("density"), g.targets, counties)


def _hubs(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    communities = g.regions.loc[g.regions["level"] == "community", "code"].astype(str)
    return sections_network.hubs_section(
        run("hubs"),
        run("hub-gaps"),
        run("hub-overlap"),
        communities=len(communities),
        townships=communities.str[:9].nunique(),
        targets=g.targets,
        county_names=counties,
    )


def _social_work(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    return sections_network.social_work_section(run("social-work"), g.targets)


def _linkage(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    return sections_network.linkage_section(run("linkage", by="county"), run("linkage-candidates"))


def _cross_appointments(g: Graph, run: Runner, counties: dict[str, str]) -> Section:
    """The cross-appointments section: persons, ties, the interlock network's metrics, the
    appointments network's cut points, and the drawing of the busiest county's network."""
    persons = run("cross-appointments")
    interlock = network_metrics(g, "interlock")
    cuts = cut_points(projection(g, "appointments"))
    county = sections_ties.busiest_county(persons)
    # Betweenness is not shown for the county (PageRank picks the labels): sample it.
    local = network_metrics(g, "interlock", county=county, k=100) if county is not None else None
    return sections_ties.cross_appointments_section(
        persons,
        run("cross-appointment-ties"),
        interlock.nodes,
        cuts,
        county_net=local.graph if local is not None else None,
        county_label=county_label(county, counties) if county else "",
        county_cuts=local.cut_points if local is not None else None,
        county_metrics=local.nodes if local is not None else None,
        note=interlock.note,
    )


#: (section key, progress step or None, builder), in report order after the data section.
_SECTIONS: tuple[
    tuple[str, str | None, Callable[[Graph, Runner, dict[str, str]], Section]], ...
] = (
    ("coverage", "coverage and gaps", _coverage),
    ("gaps", None, _gaps),
    ("density", "community-organization density", _density),
    ("hubs", "hub reach", _hubs),
    ("social-work", "social work and three-society linkage", _social_work),
    ("linkage", None, _linkage),
    ("cross-appointments", "cross-appointments and network metrics", _cross_appointments),
)


def build_report(
    data: str | Path | None,
    out_dir: str | Path,
    *,
    backend: str = "memory",
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Write ``report.html``, ``report.md``, charts and CSVs for the dataset at `data`
    (memory backend) or the one loaded in Neo4j (``backend="neo4j"``, `data` unused)."""
    say = progress or (lambda step: None)
    if backend == "neo4j":
        from graphgov.neo4j.analyses import run_cypher_analysis
        from graphgov.neo4j.read import graph_from_neo4j
        from graphgov.settings import connect, neo4j_settings

        settings = neo4j_settings()
        say(f"reading the graph from {settings.uri}")
        with connect(settings) as driver:
            g = graph_from_neo4j(driver, database=settings.database)
            run = partial(run_cypher_analysis, driver, database=settings.database)
            parts = build_sections(g, run=run, progress=progress)
    else:
        say(f"opening {data}")
        g = open_graph(data)
        parts = build_sections(g, progress=progress)
    say(f"writing {out_dir}")
    written = write_report(
        parts,
        out_dir,
        title=f"graphgov report: {g.info.name}",
        subtitle=f"Data as of {g.info.as_of}. {g.info.description}".strip(),
    )
    keep = ("report.html", "report.md")
    summary = {name: written[name] for name in keep}
    summary["charts"] = Path(out_dir)
    return summary


def _rejects(g: Graph) -> pd.DataFrame:
    cols = ["table", "line", "reason_code", "message", "raw"]
    return g.rejects if not g.rejects.empty else pd.DataFrame(columns=cols)
