"""The full report: run the analyses on one graph, build each section, write the files.

A section is added per analysis; :func:`build_sections` is the list a report is made of, in
report order: data, coverage, gaps, density, hubs, social work, linkage, cross-appointments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

import graphgov
from graphgov.analyses.metrics import cut_points
from graphgov.analyses.network import network_metrics
from graphgov.analyses.projections import projection
from graphgov.errors import DatasetError
from graphgov.graph import Graph, open_graph
from graphgov.report import sections, sections_network
from graphgov.report.document import Section, write_report

Progress = Callable[[str], None]


def sample_path() -> Path:
    """The bundled sample dataset, ``datasets/zhejiang-sample`` in the source tree."""
    path = Path(graphgov.__file__).resolve().parent.parent / "datasets" / "zhejiang-sample"
    if not path.is_dir():
        raise DatasetError(
            f"{path}: the bundled sample is not there (it ships with the source tree); "
            "pass a dataset directory instead"
        )
    return path


def build_sections(g: Graph, *, progress: Progress | None = None) -> list[Section]:
    """Run every analysis the report shows and build its sections, in report order."""
    say = progress or (lambda step: None)
    say("data quality")
    status = (
        g.organizations.groupby(["status", "kind"], dropna=False).size().reset_index(name="orgs")
    )
    out = [sections.data_section(g.counts, _rejects(g), status)]
    say("coverage and gaps")
    gaps = graphgov.gaps(g)
    out.append(sections.coverage_section(graphgov.coverage(g, by="city"), gaps, g.targets))
    out.append(sections.gaps_section(gaps, graphgov.joint_branches(g)))
    say("community-organization density")
    counties = g.regions.loc[g.regions["level"] == "county"].set_index("code")["name"].to_dict()
    out.append(sections.density_section(graphgov.density(g), g.targets, counties))
    say("hub reach")
    communities = g.regions.loc[g.regions["level"] == "community", "code"].astype(str)
    out.append(
        sections_network.hubs_section(
            graphgov.hubs(g),
            graphgov.hub_gaps(g),
            graphgov.hub_overlap(g),
            communities=len(communities),
            townships=communities.str[:9].nunique(),
            targets=g.targets,
            county_names=counties,
        )
    )
    say("social work and three-society linkage")
    out.append(sections_network.social_work_section(graphgov.social_work(g), g.targets))
    out.append(
        sections_network.linkage_section(
            graphgov.linkage(g, by="county"), graphgov.linkage_candidates(g)
        )
    )
    say("cross-appointments and network metrics")
    out.append(_cross_appointments(g, counties))
    return out


def _cross_appointments(g: Graph, counties: dict[str, str]) -> Section:
    """The cross-appointments section: persons, ties, the interlock network's metrics, the
    appointments network's cut points, and the drawing of the busiest county's network."""
    persons = graphgov.cross_appointments(g)
    interlock = network_metrics(g, "interlock")
    cuts = cut_points(projection(g, "appointments"))
    county = sections_network.busiest_county(persons)
    # Betweenness is not shown for the county (PageRank picks the labels): sample it.
    local = network_metrics(g, "interlock", county=county, k=100) if county is not None else None
    return sections_network.cross_appointments_section(
        persons,
        graphgov.cross_appointment_ties(g),
        interlock.nodes,
        cuts,
        county_net=local.graph if local is not None else None,
        county_label=sections_network.county_label(county, counties) if county else "",
        county_cuts=local.cut_points if local is not None else None,
        county_metrics=local.nodes if local is not None else None,
        note=interlock.note,
    )


def build_report(
    data: str | Path, out_dir: str | Path, *, progress: Progress | None = None
) -> dict[str, Path]:
    """Open the dataset at `data`, write ``report.html``, ``report.md``, charts and CSVs."""
    say = progress or (lambda step: None)
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
