"""The `graphgov` command line: glue only. Each command parses options, calls one library
function and prints; a :class:`GraphgovError` becomes one red line and its exit code."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphgov import __version__
from graphgov.analyses.registry import ANALYSES, OPTIONS
from graphgov.cli_common import (
    Backend,
    Fmt,
    OneLineErrors,
    emit,
    err,
    fail,
    out,
    plain,
    progress_printer,
    skip_cache,
    user_errors,
)
from graphgov.cli_paths import input_file, output_dir, output_file, outside_dataset, writing
from graphgov.errors import UsageError

#: Report names and their options, from the one registry of analyses.
REPORTS = tuple(ANALYSES)
PROJECTIONS = ("interlock", "appointments", "org-community", "hub-reach")

EXAMPLES = """
\b
Examples:
  graphgov demo --out out/             # the full report on the bundled sample
  graphgov validate DIR --rejects rejects.csv
  graphgov report coverage --data DIR --by city
  graphgov report gaps --data DIR --format csv --out gaps.csv
  graphgov report hubs --data DIR --county 330106
  graphgov metrics interlock --data DIR --out-dir metrics/
  graphgov generate province/ --scale 1.0 --seed 2019
  graphgov regions 330106 --out regions.csv    # the real hierarchy below 西湖区
  graphgov import 名录.xlsx 备案.xlsx --out mydata/  # registry exports -> a dataset
  graphgov report all --data DIR --out r/ --lang en --xlsx --since 2019-12-31
  graphgov trend coverage --data DIR --from 2016-12-31 --to 2020-12-31 --by county --projection
  graphgov diff --data DIR --since 2019-12-31 --county 330106
  graphgov plan hubs --data DIR --add 3 --county 平阳县
  graphgov export DIR --out share/ --key-file ~/graphgov.key
  graphgov neo4j start && eval "$(graphgov neo4j env)"
  graphgov load DIR --backend neo4j
  graphgov report coverage --backend neo4j --by city

Data: a directory of CSV/Parquet tables (see datasets/README.md);
DIR = datasets/zhejiang-sample is bundled.
"""

app = typer.Typer(
    name="graphgov",
    help="Grassroots-governance registries as one graph: validate, analyse, report.\n" + EXAMPLES,
    cls=OneLineErrors,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFmt(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        out.print(f"graphgov {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Grassroots-governance registries as one graph."""


@app.command()
def validate(
    directory: Annotated[Path, typer.Argument(help="Dataset directory (CSV or Parquet tables).")],
    rejects: Annotated[
        Path | None, typer.Option(help="Write the rejected rows to this CSV file.")
    ] = None,
    format: Annotated[ValidateFmt, typer.Option("--format", help="Output format.")] = (
        ValidateFmt.table
    ),
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of the CSV files, e.g. gb18030.")
    ] = None,
    strict_regions: Annotated[
        bool,
        typer.Option(
            "--strict-regions",
            help="Reject regions that differ from the shipped NBS 2023 hierarchy "
            "(unknown or retired codes, other names) instead of warning about them.",
        ),
    ] = False,
) -> None:
    """Check a dataset against the contract. Exit 0 clean, 1 rows rejected, 2 fatal."""
    from graphgov.load import load_dataset
    from graphgov.output import write_csv

    with user_errors():
        if rejects is not None:
            outside_dataset(output_file(rejects, "--rejects"), directory, "--rejects")
        res = load_dataset(
            directory,
            encoding=encoding,
            progress=progress_printer(),
            strict_regions=strict_regions,
        )
        if rejects is not None:
            with writing(rejects, "--rejects"):
                write_csv(res.rejects, rejects)
    # The shape `validate --format json` promises (README, Commands).
    summary = {**res.summary(), "warnings": list(res.warnings)}
    if format is ValidateFmt.json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        _print_validation(res, rejects)
    raise typer.Exit(res.exit_code)


def _option_help(name: str) -> str:
    """An option's help with the reports that take it (and their ``--by`` values)."""
    takers = [a for a in ANALYSES.values() if name in a.takes]
    if name == "by":
        return OPTIONS[name].help + ": " + "; ".join(f"{a.name}: {'|'.join(a.by)}" for a in takers)
    if len(takers) > len(ANALYSES) // 2:
        return OPTIONS[name].help + "."
    return f"{OPTIONS[name].help} ({', '.join(a.name for a in takers)})."


@app.command()
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


@app.command()
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


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Argument(help="Directory to write the dataset into.")],
    scale: Annotated[
        float, typer.Option(help="1.0 = full size (Zhejiang's figures; national with --country).")
    ] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 2019,
    counties: Annotated[
        str | None, typer.Option(help="Comma-separated county codes to restrict to.")
    ] = None,
    province: Annotated[
        str, typer.Option(help="2-digit province code of the real hierarchy (32 Jiangsu).")
    ] = "33",
    provinces: Annotated[
        str | None,
        typer.Option(help="National calibration for these provinces: 33,32 or all."),
    ] = None,
    country: Annotated[
        bool, typer.Option("--country", help="Every province (the same as --provinces all).")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv or parquet (default: csv; parquet for --provinces)."),
    ] = None,
) -> None:
    """Write a synthetic province on the real division hierarchy, calibrated to Zhejiang's
    figures, or with --country / --provinces the country (or some provinces) calibrated to
    the national ones, written a province at a time."""
    from graphgov.generate import generate as gen
    from graphgov.generate.country import generate_country, parse_provinces

    with user_errors():
        if country and provinces:
            raise UsageError("--country and --provinces: give one (--country = --provinces all)")
        national = country or provinces is not None
        if national and (counties or province != "33"):
            raise UsageError("--province and --counties do not apply with --country/--provinces")
    picked = [c.strip() for c in counties.split(",")] if counties else None
    with (
        user_errors(),
        writing(output_dir(out_dir, "OUT_DIR"), "OUT_DIR"),
        err.status("generating…") as status,
    ):
        if national:
            counts = generate_country(
                out_dir,
                scale=scale,
                seed=seed,
                provinces=parse_provinces("all" if country else str(provinces)),
                progress=lambda step: status.update(f"generating: {plain(step)}"),
                fmt=fmt or "parquet",
            )
        else:
            counts = gen(
                out_dir,
                scale=scale,
                seed=seed,
                counties=picked,
                province=province,
                progress=lambda step: status.update(f"generating: {step}"),
                fmt=fmt or "csv",
            )
    for table, n in counts.items():
        out.print(f"{table:>18}: {n:,} rows")
    out.print(f"wrote {plain(out_dir)}", highlight=False)


@app.command()
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


def _print_validation(res, rejects_file: Path | None) -> None:
    from graphgov.output import rich_table

    for table, c in res.summary()["tables"].items():
        out.print(
            f"{plain(table):>17}: {c['rows']:>7,} rows = {c['accepted']:,} accepted"
            f" + {c['rejected']:,} rejected + {c['duplicates']:,} duplicates"
        )
    for warning in res.warnings:
        out.print(f"[yellow]warning:[/yellow] {plain(warning)}", highlight=False, soft_wrap=True)
    n = len(res.rejects)
    if n:
        out.print(rich_table(res.rejects[["table", "line", "reason_code", "message"]], limit=20))
        where = f"; all of them are in {plain(rejects_file)}" if rejects_file else ""
        out.print(f"[red]{n:,} rows rejected[/red]{where or ' (--rejects FILE)'}", soft_wrap=True)
    else:
        out.print("[green]clean: every row accepted[/green]")


def _print_files(files: dict[str, Path]) -> None:
    for kind, path in files.items():
        out.print(f"{plain(kind):>12}: {plain(path)}", highlight=False, soft_wrap=True)


def _mount_subapps() -> None:
    from graphgov import cli_db
    from graphgov.cli_export import export
    from graphgov.cli_import import import_
    from graphgov.cli_neo4j import app as neo4j_app
    from graphgov.cli_plan import app as plan_app
    from graphgov.cli_regions import regions
    from graphgov.cli_time import diff, trend

    app.add_typer(neo4j_app, name="neo4j", help="A local Neo4j server: start|stop|status|env.")
    app.command()(cli_db.load)
    app.command()(cli_db.query)
    app.command()(regions)
    app.command(name="import")(import_)
    app.command()(trend)
    app.command()(diff)
    app.command()(export)
    app.add_typer(plan_app, name="plan", help="What to do next: hubs, hub-service, "
                  "instructors, social-work, density, joint-branches.")  # fmt: skip


_mount_subapps()
