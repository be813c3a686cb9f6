"""The `graphgov` command line: glue only. Each command parses options, calls one library
function and prints; a :class:`GraphgovError` becomes one red line and its exit code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graphgov import __version__
from graphgov.errors import GraphgovError

#: Report names, as DATA_MODEL §4 spells them (kept here so --help needs no heavy import).
REPORTS = (
    "coverage", "gaps", "joint-branches", "density", "hubs", "hub-gaps", "hub-overlap",
    "social-work", "linkage", "linkage-candidates", "cross-appointments",
    "cross-appointment-ties",
)  # fmt: skip
PROJECTIONS = ("interlock", "appointments", "org-community", "hub-reach")

EXAMPLES = """
Examples:

  graphgov demo --out out/                         # the full report on the bundled sample
  graphgov validate datasets/zhejiang-sample --rejects rejects.csv
  graphgov report coverage --data datasets/zhejiang-sample --by city
  graphgov report gaps --data DIR --format csv --out gaps.csv
  graphgov generate province/ --scale 1.0 --seed 2019
"""

app = typer.Typer(
    name="graphgov",
    help="Grassroots-governance registries as one graph: validate, analyse, report.\n" + EXAMPLES,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console()
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


class ValidateFmt(StrEnum):
    table = "table"
    json = "json"


class Backend(StrEnum):
    memory = "memory"
    neo4j = "neo4j"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn graphgov's own errors into one red line and their exit code."""
    try:
        yield
    except GraphgovError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(e.exit_code) from None


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
) -> None:
    """Check a dataset against the contract. Exit 0 clean, 1 rows rejected, 2 fatal."""
    from graphgov.load import load_dataset

    with user_errors():
        res = load_dataset(directory, encoding=encoding, progress=_progress_printer())
    if rejects is not None:
        res.rejects.to_csv(rejects, index=False, encoding="utf-8-sig")
    summary = res.summary()
    if format is ValidateFmt.json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        _print_validation(res, rejects)
    raise typer.Exit(res.exit_code)


@app.command()
def report(
    name: Annotated[str, typer.Argument(help=f"Analysis: {', '.join(REPORTS)}.")],
    data: Annotated[Path | None, typer.Option(help="Dataset directory (memory backend).")] = None,
    backend: Annotated[Backend, typer.Option(help="Where the graph lives.")] = Backend.memory,
    by: Annotated[
        str | None, typer.Option(help="Group by province|city|county|township|kind (coverage).")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Date to look at (default: dataset's).")] = None,
    targets: Annotated[
        Path | None, typer.Option(help="A targets.toml overriding the dataset's.")
    ] = (None),
    county: Annotated[
        str | None, typer.Option(help="Hub reports: one county's code (e.g. 330106).")
    ] = None,
    include_community: Annotated[
        bool, typer.Option(help="Coverage/gaps: add filed community organizations.")
    ] = False,
    format: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """Run one analysis and print (or write) its table."""
    from graphgov.backends import run_report

    with user_errors():
        df = run_report(
            name,
            backend=backend.value,
            data=data,
            by=by,
            as_of=as_of,
            targets=targets,
            county=county,
            include_community=include_community or None,
        )
    _emit(df, format.value, output, title=name)


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="Dataset directory to load.")],
    backend: Annotated[Backend, typer.Option(help="Only neo4j: the embedded graph needs no load.")],
    replace: Annotated[
        bool, typer.Option(help="Clear graphgov's data from the database first.")
    ] = (False),
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.")] = 5000,
    encoding: Annotated[str | None, typer.Option(help="Encoding of the CSV files.")] = None,
) -> None:
    """Validate a dataset and load it into Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
    NEO4J_DATABASE). Idempotent and resumable: rerun it after a crash."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from graphgov.graph import from_dataset
    from graphgov.neo4j.store import load_graph
    from graphgov.output import rich_table
    from graphgov.settings import connect, neo4j_settings

    if backend is not Backend.neo4j:
        err.print(
            "[red]error:[/red] only --backend neo4j needs a load; the memory backend "
            "reads the dataset directly (graphgov report NAME --data DIR)"
        )
        raise typer.Exit(2)
    with user_errors():
        g = from_dataset(directory, encoding=encoding, progress=_progress_printer())
        rejected = sum(c["rejected"] for c in g.counts.values())
        if rejected:
            err.print(
                f"[yellow]{rejected:,} rejected rows are left out[/yellow] "
                f"(see `graphgov validate {directory} --rejects FILE`)"
            )
        settings = neo4j_settings()
        columns = (
            "{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        )  # fmt: skip
        with connect(settings) as driver, Progress(*columns, console=err) as bar:
            tasks: dict[str, int] = {}

            def show(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done)

            stats = load_graph(
                driver,
                g,
                database=settings.database,
                replace=replace,
                batch_size=batch_size,
                progress=show,
            )
    out.print(rich_table(stats.table(), title="load"))
    out.print(
        f"loaded {g.info.name!r} into {settings.uri} ({settings.database}): "
        f"{stats.nodes:,} nodes, {stats.relationships:,} relationships in {stats.seconds:.1f} s",
        soft_wrap=True,
        highlight=False,
    )


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Query name (see --list).")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (text), key:int=N, key:float=X; repeatable."),
    ] = None,
    queries: Annotated[
        Path | None, typer.Option("--dir", help="A folder of your own .cypher queries.")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    format: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """Run a named Cypher query from cypher/ (or --dir) on Neo4j, values as parameters."""
    from graphgov.neo4j.queries import list_queries, parse_params, run_query
    from graphgov.settings import connect, neo4j_settings

    with user_errors():
        if list_ or name is None:
            for q in list_queries(queries):
                out.print(f"[bold]{q.name}[/bold] ({', '.join(q.parameters) or 'no parameters'})")
                out.print(f"    {q.description}", highlight=False)
            return
        values = parse_params(param or [])
        settings = neo4j_settings()
        with connect(settings) as driver:
            df = run_query(driver, name, values, database=settings.database, extra_dir=queries)
    _emit(df, format.value, output, title=name)


@app.command()
def metrics(
    projection: Annotated[str, typer.Argument(help=f"One of {', '.join(PROJECTIONS)}.")],
    data: Annotated[Path, typer.Option(help="Dataset directory.")],
    county: Annotated[str | None, typer.Option(help="Cut to one county (e.g. 330106).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Date to look at (default: dataset's).")] = None,
    k: Annotated[
        int | None, typer.Option(help="Betweenness pivots (default: exact up to 5,000 nodes).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling and Louvain.")] = 0,
    top: Annotated[int, typer.Option(help="Rows to show per table.")] = 10,
    out_dir: Annotated[
        Path | None, typer.Option(help="Where to write CSVs and the graph file.")
    ] = None,
    graph_format: Annotated[str, typer.Option(help="graphml or gexf (Gephi opens both).")] = (
        "graphml"
    ),
) -> None:
    """Network metrics on a projection; writes nodes/components/cut-points CSVs and a graph file."""
    from graphgov.analyses.network import network_metrics
    from graphgov.graph import open_graph
    from graphgov.output import rich_table

    if projection not in PROJECTIONS:
        err.print(
            f"[red]error:[/red] unknown projection {projection!r}; choose from "
            f"{', '.join(PROJECTIONS)}",
            highlight=False,
        )
        raise typer.Exit(2)
    with user_errors(), err.status(f"computing metrics on {projection}…"):
        res = network_metrics(
            open_graph(data), projection, as_of=as_of, county=county, k=k, seed=seed
        )
        files = res.write(out_dir or Path(f"metrics-{projection}"), graph_format=graph_format)
    net = res.graph
    out.print(
        f"{projection}: {net.number_of_nodes():,} nodes, {net.number_of_edges():,} edges, "
        f"{len(res.components):,} components"
    )
    how = res.note["betweenness"]
    if how == "sampled":
        how = f"sampled with k={res.note['k']} pivots, seed {res.note['seed']}"
    out.print(f"betweenness: {how}")
    cols = ["node", "name", "sector", "degree", "betweenness", "pagerank", "louvain"]
    out.print(rich_table(res.nodes[cols], title="top by PageRank", limit=top))
    by_between = res.nodes.sort_values(["betweenness", "node"], ascending=[False, True])
    out.print(rich_table(by_between[cols], title="top by betweenness", limit=top))
    out.print(rich_table(res.cut_points, title="cut points (communities cut off)", limit=top))
    for kind, path in files.items():
        out.print(f"{kind:>12}: {path}")


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Argument(help="Directory to write the dataset into.")],
    scale: Annotated[float, typer.Option(help="1.0 = Zhejiang-sized.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 2019,
    counties: Annotated[
        str | None, typer.Option(help="Comma-separated county codes to restrict to.")
    ] = None,
) -> None:
    """Write a synthetic province calibrated to Zhejiang's figures."""
    from graphgov.generate import generate as gen

    picked = [c.strip() for c in counties.split(",")] if counties else None
    with user_errors(), err.status("generating…") as status:
        counts = gen(
            out_dir,
            scale=scale,
            seed=seed,
            counties=picked,
            progress=lambda step: status.update(f"generating: {step}"),
        )
    for table, n in counts.items():
        out.print(f"{table:>18}: {n:,} rows")
    out.print(f"wrote {out_dir}")


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--out", help="Directory for the report.")] = Path("out"),
) -> None:
    """Run the full report on the bundled sample (no server needed)."""
    from graphgov.report.build import build_report, sample_path

    with user_errors():
        files = build_report(sample_path(), output, progress=_progress_printer())
    for kind, path in files.items():
        out.print(f"{kind:>12}: {path}")


def _progress_printer():
    def show(step: str, n: int | None = None) -> None:
        err.print(f"[dim]… {step}{f' ({n:,} rows)' if n is not None else ''}[/dim]")

    return show


def _print_validation(res, rejects_file: Path | None) -> None:
    from graphgov.output import rich_table

    for table, c in res.summary()["tables"].items():
        out.print(
            f"{table:>17}: {c['rows']:>7,} rows = {c['accepted']:,} accepted"
            f" + {c['rejected']:,} rejected + {c['duplicates']:,} duplicates"
        )
    for warning in res.warnings:
        out.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    n = len(res.rejects)
    if n:
        out.print(rich_table(res.rejects[["table", "line", "reason_code", "message"]], limit=20))
        where = f"; all of them are in {rejects_file}" if rejects_file else " (--rejects FILE)"
        out.print(f"[red]{n:,} rows rejected[/red]{where}")
    else:
        out.print("[green]clean: every row accepted[/green]")


def _emit(df, fmt: str, output: Path | None, *, title: str) -> None:
    from graphgov.output import render, rich_table

    if output is not None:
        text = render(df, "csv" if fmt == "table" else fmt)
        output.write_text(text, encoding="utf-8-sig" if fmt in ("csv", "table") else "utf-8")
        err.print(f"wrote {len(df):,} rows to {output}")
    elif fmt == "table":
        out.print(rich_table(df, title=title, limit=50))
    else:
        typer.echo(render(df, fmt), nl=False)


def _mount_subapps() -> None:
    try:
        from graphgov.cli_neo4j import app as neo4j_app
    except ImportError:
        return
    app.add_typer(neo4j_app, name="neo4j", help="A local Neo4j server: start|stop|status|env.")


_mount_subapps()
