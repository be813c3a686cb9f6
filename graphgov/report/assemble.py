"""The sections a report is made of: run the analyses on one graph, build each section.

Every table a section shows comes from an analysis of :data:`graphgov.analyses.ANALYSES`
(on either backend) or from the network metrics; :func:`build_sections` is the list a
report is made of, in report order: data, coverage, gaps, density, hubs, social work,
linkage, funding, facilities, cross-appointments. Each analysis is answered once per
(name, options) and the analyses share their intermediates. Writing the files is
:func:`graphgov.report.build.build_report`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial

import pandas as pd

from graphgov.analyses import check_needs, run_analysis
from graphgov.analyses._common import reuse
from graphgov.analyses.metrics import node_metrics
from graphgov.analyses.network import network_metrics
from graphgov.analyses.projections import appointment_cut_points, projection
from graphgov.errors import NoDataError, UsageError
from graphgov.graph import Graph
from graphgov.report import (
    sections,
    sections_hubs,
    sections_linkage,
    sections_services,
    sections_ties,
)
from graphgov.report.display import county_of
from graphgov.report.document import Section
from graphgov.report.summaries import county_label, targets_in_force

__all__ = ["Progress", "Runner", "build_sections", "sections_and_counties"]

Progress = Callable[[str], None]
#: Runs a named analysis with options and returns its rows (pandas or Cypher twin).
Runner = Callable[..., pd.DataFrame]


def build_sections(
    g: Graph, *, run: Runner | None = None, progress: Progress | None = None
) -> list[Section]:
    """Run every analysis the report shows and build its sections, in report order.

    `run(name, **options)` answers a named analysis; by default the pandas function on `g`.
    With the Neo4j backend it runs the Cypher twins, and `g` (read back from the database)
    serves the data summary and the network projections.

    A section whose analyses need data the dataset lacks (an analysis's ``needs``: no
    regions, organizations or communities) stays in the report with its heading and
    what is missing as its headline (:func:`~graphgov.report.sections.missing_section`);
    the data section is always there. The county maps
    (:func:`graphgov.report.sections_maps.map_charts`) come first among the charts of
    their sections.
    """
    return sections_and_counties(g, run=run, progress=progress)[0]


def sections_and_counties(
    g: Graph,
    *,
    run: Runner | None = None,
    progress: Progress | None = None,
    since: str | None = None,
    charts: bool = True,
) -> tuple[list[Section], dict[str, str]]:
    """:func:`build_sections` (the progress section first when `since` is given), and
    6-digit county code -> name (empty without regions). Without `charts`, the charts
    drawn from what no table shows (the county maps, the drawing of a county's interlock
    network) are not drawn."""
    with reuse():  # the analyses share their intermediates (bodies, posts, coverage flags)
        return _sections(g, run=run, progress=progress, since=since, charts=charts)


def _sections(
    g: Graph, *, run: Runner | None, progress: Progress | None, since: str | None, charts: bool
) -> tuple[list[Section], dict[str, str]]:
    say = progress or (lambda step: None)
    ask = _checked(g, run or partial(run_analysis, g))
    first = _progress(g, run or partial(run_analysis, g), since, say) if since else []
    say("data quality")
    out = [
        sections.data_section(
            g.counts,
            _rejects(g),
            ask("org-status"),
            standing=ask("org-standing"),
            abnormal_covers=ask("abnormal-covers"),
            regions=_regions(g),
        )
    ]
    for key, step, make in _SECTIONS:
        if step:
            say(step)
        if make is _cross_appointments:
            make = partial(make, drawing=charts)
        try:
            out.append(make(g, ask))
        except NoDataError as err:
            say(f"{key}: not reported: {err}")
            out.append(sections.missing_section(key, str(err)))
    if charts:
        _add_maps(out, g, ask, say)
    out.append(_next(g, say))
    out[:0] = first
    try:
        counties = {county_of(code): name for code, name in _county_names(ask).items()}
    except NoDataError:
        counties = {}
    return out, counties


def _progress(g: Graph, run: Runner, since: str, say: Progress) -> list[Section]:
    """The progress section since `since` (:mod:`graphgov.report.sections_progress`)."""
    from graphgov.report.sections_progress import progress_section
    from graphgov.timeline.dates import parse_date

    if parse_date(since, "--since") >= parse_date(str(g.info.as_of), "as_of"):
        raise UsageError(f"--since {since} is not before the dataset's date {g.info.as_of}")
    say(f"progress since {since}")
    try:
        return [progress_section(g, run, since)]
    except NoDataError as err:
        say(f"progress: not reported: {err}")
        return [sections.missing_section("progress", str(err))]


def _next(g: Graph, say: Progress) -> Section:
    """The what-to-do-next section (:mod:`graphgov.report.sections_next`), last."""
    from graphgov.report.sections_next import next_section

    say("what to do next")
    try:
        return next_section(g)
    except NoDataError as err:
        say(f"next: not reported: {err}")
        return sections.missing_section("next", str(err))


def _add_maps(parts: list[Section], g: Graph, run: Runner, say: Progress) -> None:
    """Put the county maps first among the charts of the sections they belong to."""
    try:
        from graphgov.report.sections_maps import map_charts
    except ImportError:
        map_charts = None
    if map_charts is None:
        return
    say("county maps")
    try:
        maps = map_charts(run, g)
    except NoDataError as err:
        say(f"maps: not drawn: {err}")
        return
    by_key = {s.key: s for s in parts}
    for key, charts in maps.items():
        if key in by_key:
            by_key[key].charts[:0] = charts


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


_NAMES: dict[int, tuple[weakref.ref, dict[str, str]]] = {}


def _names(g: Graph) -> dict[str, str]:
    """Organization, person and division ids -> names, for the tables that list ids (built
    once per graph: the hubs, linkage and cross-appointment sections share it)."""
    held = _NAMES.get(id(g))
    if held is not None and held[0]() is g:
        return held[1]
    out: dict[str, str] = {}
    for frame, key in ((g.organizations, "org_id"), (g.people, "person_id"), (g.regions, "code")):
        if "name" in frame and key in frame:
            named = frame[frame["name"].notna()]
            out.update(zip(named[key].astype(str), named["name"].astype(str), strict=True))
    _NAMES.clear()  # one graph at a time
    _NAMES[id(g)] = (weakref.ref(g), out)
    return out


def _regions(g: Graph) -> dict[str, str]:
    """Division code -> name."""
    return dict(zip(g.regions["code"], g.regions["name"], strict=True)) if len(g.regions) else {}


def _county_names(run: Runner) -> dict[str, str]:
    """County code -> name, from the `counties` analysis."""
    div = run("counties")
    return dict(zip(div["county_code"], div["county_name"].fillna(""), strict=True))


def _coverage(g: Graph, run: Runner) -> Section:
    return sections.coverage_section(
        run("coverage", by="city"),
        run("gaps"),
        targets_in_force(g),
        by_manager=run("coverage", by="manager"),
    )


def _gaps(g: Graph, run: Runner) -> Section:
    return sections.gaps_section(run("gaps"), run("joint-branches"), regions=_regions(g))


def _density(g: Graph, run: Runner) -> Section:
    return sections.density_section(
        run("density"), run("density", by="county"), targets_in_force(g)
    )


def _hubs(g: Graph, run: Runner) -> Section:
    div = run("counties")
    return sections_hubs.hubs_section(
        run("hubs"),
        run("hub-gaps"),
        run("hub-overlap"),
        communities=int(div["communities"].sum()),
        townships=int(div["townships"].sum()),
        targets=targets_in_force(g),
        county_names=_county_names(run),
        names=_names(g),
    )


def _social_work(g: Graph, run: Runner) -> Section:
    return sections_linkage.social_work_section(run("social-work"), targets_in_force(g))


def _linkage(g: Graph, run: Runner) -> Section:
    return sections_linkage.linkage_section(
        run("linkage", by="county"), run("linkage-candidates"), names=_names(g)
    )


def _funding(g: Graph, run: Runner) -> Section:
    return sections_services.funding_section(run("funding"))


def _facilities(g: Graph, run: Runner) -> Section:
    return sections_services.facilities_section(run("facilities"))


def _cross_appointments(g: Graph, run: Runner, *, drawing: bool = True) -> Section:
    """The cross-appointments section: persons, ties, the interlock network's node metrics,
    the appointments network's cut points, and (with `drawing`) the drawing of the busiest
    county's network. The two networks are built from the same bodies and posts."""
    persons = run("cross-appointments")
    interlock, note = node_metrics(projection(g, "interlock"))
    cuts = appointment_cut_points(g)
    county = sections_ties.busiest_county(persons) if drawing else None
    # The county's network is small: betweenness is exact (k applies only above the budget).
    local = network_metrics(g, "interlock", county=county, k=100) if county is not None else None
    return sections_ties.cross_appointments_section(
        persons,
        run("cross-appointment-ties"),
        interlock,
        cuts,
        county_net=local.graph if local is not None else None,
        county_label=county_label(county, _county_names(run)) if county else "",
        county_cuts=local.cut_points if local is not None else None,
        county_metrics=local.nodes if local is not None else None,
        note=note,
        person_names=_names(g),
        org_names=_names(g),
    )


#: (section key, progress step or None, builder), in report order after the data section.
_SECTIONS: tuple[tuple[str, str | None, Callable[[Graph, Runner], Section]], ...] = (
    ("coverage", "coverage and gaps", _coverage),
    ("gaps", None, _gaps),
    ("density", "community-organization density", _density),
    ("hubs", "hub reach", _hubs),
    ("social-work", "social work and three-society linkage", _social_work),
    ("linkage", None, _linkage),
    ("funding", "government purchase of services", _funding),
    ("facilities", "service centres", _facilities),
    ("cross-appointments", "cross-appointments and network metrics", _cross_appointments),
)


def _rejects(g: Graph) -> pd.DataFrame:
    cols = ["table", "line", "reason_code", "message", "raw"]
    return g.rejects if not g.rejects.empty else pd.DataFrame(columns=cols)
