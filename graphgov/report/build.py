"""The full report: build the sections of one graph, write the files.

The sections come from :func:`~graphgov.report.assemble.build_sections` (in
:mod:`graphgov.report.assemble`, importable from here too): the analyses run on either
backend, one section each, in report order. :func:`build_report` opens the graph (a
dataset directory, or the one loaded in Neo4j), builds them, suppresses small counts of
people when asked, and writes them in one language (``zh`` by default, or ``en``): every
heading, headline, note and column header from that language's message catalogue
(:mod:`graphgov.report.i18n`). The CSV files keep the contract's column names, whatever
the language, so that scripts reading them keep working.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

import graphgov
from graphgov import __version__
from graphgov.errors import DatasetError
from graphgov.graph import open_graph
from graphgov.meta import DatasetInfo
from graphgov.report.assemble import Progress, Runner, build_sections, sections_and_counties
from graphgov.report.document import Section, write_report
from graphgov.report.i18n import DEFAULT_LANG, language, t

__all__ = [
    "SYNTHETIC_COLUMN",
    "Progress",
    "Runner",
    "build_report",
    "build_sections",
    "sample_path",
]

#: The first column of every table a report on a dataset marked ``synthetic = true``
#: exports (CSV), holding ``page.synthetic_mark`` on every row.
SYNTHETIC_COLUMN = "data"


def sample_path() -> Path:
    """The bundled sample dataset, ``datasets/zhejiang-sample`` in the source tree."""
    path = Path(graphgov.__file__).resolve().parent.parent / "datasets" / "zhejiang-sample"
    if not path.is_dir():
        raise DatasetError(
            f"{path}: the bundled sample is not there (it ships with the source tree); "
            "pass a dataset directory instead"
        )
    return path


def build_report(
    data: str | Path | None,
    out_dir: str | Path,
    *,
    backend: str = "memory",
    progress: Progress | None = None,
    lang: str = DEFAULT_LANG,
    xlsx: bool = False,
    since: str | None = None,
    privacy: int | None = None,
    charts: bool = True,
) -> dict[str, Path]:
    """Write ``report.html``, ``report.md``, charts and CSVs for the dataset at `data`
    (memory backend) or the one loaded in Neo4j (``backend="neo4j"``, `data` unused), in
    the language `lang` (``zh`` or ``en``); with `xlsx`, also ``report.xlsx``; with
    `since` (an ISO date), a progress section first (:mod:`~graphgov.report.sections_progress`);
    with `privacy` (k), counts of people below k suppressed, what lists persons left out
    (:mod:`graphgov.privacy.suppress`); without `charts`, tables and text only.

    The CSV files keep the contract's column names in either language.

    Raises
    ------
    ValueError
        If `lang` is not a report language, or `privacy` is below 2.
    """
    with language(lang), _report_figures():
        return _build_report(
            data, out_dir, backend=backend, progress=progress, xlsx=xlsx, since=since,
            privacy=privacy, charts=charts,
        )  # fmt: skip


def _build_report(
    data: str | Path | None,
    out_dir: str | Path,
    *,
    backend: str,
    progress: Progress | None,
    xlsx: bool,
    since: str | None,
    privacy: int | None,
    charts: bool,
) -> dict[str, Path]:
    say = progress or (lambda step: None)
    if backend == "neo4j":
        from graphgov.neo4j.analyses import run_cypher_analysis
        from graphgov.neo4j.read import graph_from_neo4j
        from graphgov.settings import connect, neo4j_settings

        settings = neo4j_settings()
        source = settings.uri
        say(f"reading the graph from {settings.uri}")
        with connect(settings) as driver:
            g = graph_from_neo4j(driver, database=settings.database)
            run = partial(run_cypher_analysis, driver, database=settings.database)
            parts, counties = sections_and_counties(
                g, run=run, progress=progress, since=since, charts=charts
            )
    else:
        say(f"opening {data}")
        source = str(data)
        g = open_graph(data)
        parts, counties = sections_and_counties(g, progress=progress, since=since, charts=charts)
    if not charts:
        _close_charts(parts)
        parts = [replace(s, charts=[]) for s in parts]
    if privacy is not None:
        from graphgov.privacy.suppress import suppress_report

        say(f"suppressing counts of people below {privacy}")
        parts = suppress_report(parts, privacy)
    say(f"writing {out_dir}")
    info = g.info
    title = t("page.title_synthetic" if info.synthetic else "page.title", name=info.name)
    subtitle = (t("page.synthetic_note") if info.synthetic else "") + t(
        "page.subtitle", date=info.as_of, description=info.description
    ).strip()
    subtitle += t("privacy.note", k=privacy) if privacy is not None else ""
    written = write_report(
        parts,
        out_dir,
        title=title,
        subtitle=subtitle,
        mark=(SYNTHETIC_COLUMN, t("page.synthetic_mark")) if info.synthetic else None,
        counties=counties,
        close_figures=not xlsx,
    )
    summary = {name: written[name] for name in ("report.html", "report.md")}
    if xlsx:
        book = _write_workbook(
            parts, Path(out_dir) / "report.xlsx", title, info, source, say, privacy
        )
        if book is not None:
            summary["report.xlsx"] = book
    summary["charts"] = Path(out_dir)
    return summary


def _write_workbook(
    parts: list[Section],
    path: Path,
    title: str,
    info: DatasetInfo,
    source: str,
    say: Progress,
    privacy: int | None,
) -> Path | None:
    """``report.xlsx`` (:func:`graphgov.report.workbook.write_workbook`): a sheet per table,
    after a first sheet of the facts below; None when the workbook writer is not there."""
    try:
        from graphgov.report.workbook import write_workbook
    except ImportError:
        say("report.xlsx: not written (graphgov.report.workbook is not available)")
        return None
    facts = [
        (t("page.fact_dataset"), info.name),
        (t("page.fact_as_of"), info.as_of),
        (t("page.fact_source"), source),
        (t("page.fact_description"), info.description),
        (t("page.fact_synthetic"), t("format.yes") if info.synthetic else t("format.no")),
        (t("page.fact_language"), t("page.language_name")),
        (t("page.fact_generated_by"), f"graphgov {__version__}"),
    ]
    if privacy is not None:
        facts.append((t("privacy.fact"), t("privacy.fact_value", k=privacy)))
    say(f"writing {path}")
    write_workbook(parts, path, title=title, facts=facts)
    return path


@contextmanager
def _report_figures() -> Iterator[None]:
    """A report holds every chart of its sections until they are written, more than the 20
    open figures matplotlib warns about: no warning for those, and every figure opened
    meanwhile is closed at the end, also when the report fails half-way."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    try:
        with mpl.rc_context({"figure.max_open_warning": 0}):
            yield
    finally:
        for number in set(plt.get_fignums()) - before:
            plt.close(number)


def _close_charts(parts: list[Section]) -> None:
    import matplotlib.pyplot as plt

    for s in parts:
        for _, fig in s.charts:
            plt.close(fig)
