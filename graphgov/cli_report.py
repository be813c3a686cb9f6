"""The commands that run the analyses: `graphgov report` (one analysis, or `all`, the full
report), `graphgov demo` (the full report on the bundled sample) and `graphgov metrics`
(network metrics on a projection). Glue only; registered on the app by :mod:`graphgov.cli`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphgov.analyses.registry import ANALYSES, OPTIONS
from graphgov.cli_common import (
    Backend,
    Fmt,
    emit,
    err,
    fail,
    out,
    plain,
    progress_printer,
    skip_cache,
    user_errors,
)
from graphgov.cli_paths import input_file, output_dir, output_file, writing

#: Report names and their options, from the one registry of analyses.
REPORTS = tuple(ANALYSES)
PROJECTIONS = ("interlock", "appointments", "org-community", "hub-reach")


def _option_help(name: str) -> str:
    """An option's help with the reports that take it (and their ``--by`` values)."""
    takers = [a for a in ANALYSES.values() if name in a.takes]
    if name == "by":
        return OPTIONS[name].help + ": " + "; ".join(f"{a.name}: {'|'.join(a.by)}" for a in takers)
    if len(takers) > len(ANALYSES) // 2:
        return OPTIONS[name].help + "."
    return f"{OPTIONS[name].help} ({', '.join(a.name for a in takers)})."


def report(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help=f"Analysis: {', '.join(REPORTS)}; or all (the full report).")
    ],
    data: Annotated[Path | None, typer.Option(help="Dataset directory (memory backend).")] = None,
    backend: Annotated[Backend, typer.Option(help="Where the graph lives.")] = Backend.memory,
    by: Annotated[str | None, typer.Option(help=_option_help("by"))] = None,
    as_of: Annotated[str | None, typer.Option(help=_option_help("as_of"))] = None,
    targets: Annotated[Path | None, typer.Option(help=_option_help("targets"))] = None,
    county: Annotated[str | None, typer.Option(help=_option_help("county"))] = None,
    include_community: Annotated[
        bool, typer.Option(help=_option_help("include_community"))
    ] = False,
    count_registered: Annotated[bool, typer.Option(help=_option_help("count_registered"))] = False,
    format: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
    output: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (a directory for `all`).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Validate again; skip the validated cache.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option(help="Language of the full report (all): zh (default) or en.")
    ] = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Also write report.xlsx, a sheet per table (all).")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(help="Add a progress section (进展) since this date, first (all)."),
    ] = None,
    privacy: Annotated[
        int | None,
        typer.Option(
            metavar="K",
            min=2,
            help="Show counts of people below K as <K (and protect them from totals), leave "
            "out the tables that list persons (all).",
        ),
    ] = None,
) -> None:
    """Run one analysis and print (or write) its table; `all` writes the full report."""
    from graphgov.backends import run_report

    skip_cache(ctx, no_cache)

    if name == "all":
        _report_all(data, backend, output, lang=lang, xlsx=xlsx, since=since, privacy=privacy)
        return
    if lang is not None or xlsx or since is not None or privacy is not None:
        fail("--lang, --xlsx, --privacy and --since are for the full report: graphgov report all")
    with user_errors():
        if output is not None:
            output_file(output, "--out")
        if targets is not None:
            input_file(targets, "--targets")
        df = run_report(
            name,
            backend=backend.value,
            data=data,
            by=by,
            as_of=as_of,
            targets=targets,
            county=county,
            include_community=include_community or None,
            count_registered=count_registered or None,
        )
    if df.attrs.get("synthetic"):
        err.print("note: synthetic data (dataset.toml: synthetic = true), not real registries")
    emit(df, format.value, output, title=name)


def _report_all(
    data: Path | None,
    backend: Backend,
    output: Path | None,
    *,
    lang: str | None,
    xlsx: bool,
    since: str | None = None,
    privacy: int | None = None,
) -> None:
    from graphgov.report.build import build_report
    from graphgov.report.i18n import DEFAULT_LANG, LANGS

    if output is None or (data is None and backend is Backend.memory):
        fail("report all needs --data DIR and --out DIR (with --backend neo4j, only --out DIR)")
    if data is not None and backend is Backend.neo4j:
        fail("--data is for the memory backend; --backend neo4j reports the loaded dataset")
    if lang is not None and lang not in LANGS:
        fail(f"--lang {lang}: not a report language; choose from {', '.join(LANGS)}")
    with user_errors(), writing(output_dir(output, "--out"), "--out"):
        files = build_report(
            data,
            output,
            backend=backend.value,
            progress=progress_printer(),
            lang=lang or DEFAULT_LANG,
            xlsx=xlsx,
            since=since,
            privacy=privacy,
        )
    _print_files(files)


def metrics(
    ctx: typer.Context,
    projection: Annotated[str, typer.Argument(help=f"One of {', '.join(PROJECTIONS)}.")],
    data: Annotated[Path, typer.Option(help="Dataset directory.")],
    county: Annotated[str | None, typer.Option(help="Cut to one county (e.g. 330106).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Date to look at (default: dataset's).")] = None,
    k: Annotated[
        int | None,
        typer.Option(
            help="Betweenness sources drawn in each component sampled (default: 1,000).", min=1
        ),
    ] = None,
    budget: Annotated[
        int | None,
        typer.Option(
            help="Betweenness is exact on components while their Σ nodes x edges fits this "
            "(default: 500,000,000); sampled beyond, with its standard error.",
            min=0,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling and Louvain.")] = 0,
    top: Annotated[int, typer.Option(help="Rows to show per table.", min=0)] = 10,
    out_dir: Annotated[
        Path | None, typer.Option(help="Where to write CSVs and the graph file.")
    ] = None,
    graph_format: Annotated[str, typer.Option(help="graphml or gexf (Gephi opens both).")] = (
        "graphml"
    ),
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Validate again; skip the validated cache.")
    ] = False,
) -> None:
    """Network metrics on a projection; writes nodes/components/cut-points CSVs and a graph file."""
    skip_cache(ctx, no_cache)
    from graphgov.analyses.network import GRAPH_FORMATS, network_metrics
    from graphgov.graph import open_graph
    from graphgov.output import rich_table
    from graphgov.report.sections_ties import betweenness_method

    if projection not in PROJECTIONS:
        fail(f"unknown projection {projection!r}; choose from {', '.join(PROJECTIONS)}")
    if graph_format not in GRAPH_FORMATS:
        fail(f"--graph-format must be one of {', '.join(GRAPH_FORMATS)}, not {graph_format!r}")
    folder = out_dir or Path(f"metrics-{projection}")
    with user_errors(), err.status(f"computing metrics on {projection}…"):
        output_dir(folder, "--out-dir")
        res = network_metrics(
            open_graph(data), projection, as_of=as_of, county=county, k=k, seed=seed,
            budget=budget, require_nodes=True,
        )  # fmt: skip
        with writing(folder, "--out-dir"):
            files = res.write(folder, graph_format=graph_format)
    net = res.graph
    out.print(
        f"{projection}: {net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges, "
        f"{len(res.components):,} components"
    )
    out.print(f"betweenness: {betweenness_method(res.note)}", highlight=False)
    cols = ["node", "name", "sector", "degree", "betweenness", "betweenness_pairs", "pagerank",
            "louvain"]  # fmt: skip
    out.print(rich_table(res.nodes[cols], title="top by PageRank", limit=top))
    by_between = res.nodes.sort_values(["betweenness_pairs", "node"], ascending=[False, True])
    out.print(rich_table(by_between[cols], title="top by betweenness", limit=top))
    out.print(rich_table(res.cut_points, title="cut points (communities cut off)", limit=top))
    _print_files(files)
    if res.note.get("xml_removed"):
        err.print(
            f"[yellow]warning:[/yellow] {res.note['xml_removed']:,} characters that XML does not "
            f"allow (control characters) removed from names in {plain(files['graph'])}; "
            "the CSV files keep them",
            highlight=False,
            soft_wrap=True,
        )


def demo(
    output: Annotated[Path, typer.Option("--out", help="Directory for the report.")] = Path("out"),
    lang: Annotated[str | None, typer.Option(help="Language: zh (default) or en.")] = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx/--no-xlsx", help="Also write report.xlsx (default: yes).")
    ] = True,
    since: Annotated[
        str, typer.Option(help="Start of the progress section (the sample's history).")
    ] = "2016-12-31",
) -> None:
    """Run the full report on the bundled sample (no server needed): in Chinese, with the
    Excel workbook and the progress since 2016, unless asked otherwise."""
    from graphgov.report.build import sample_path

    with user_errors():
        _report_all(sample_path(), Backend.memory, output, lang=lang, xlsx=xlsx, since=since)


def _print_files(files: dict[str, Path]) -> None:
    for kind, path in files.items():
        out.print(f"{plain(kind):>12}: {plain(path)}", highlight=False, soft_wrap=True)
