"""`graphgov load` and `graphgov query`: the commands that talk to a Neo4j database
(NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE). Glue only: every failure of
the database or of a query is one line from :mod:`graphgov.neo4j.failures` and
:mod:`graphgov.neo4j.queries`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import (
    Backend,
    Fmt,
    emit,
    err,
    fail,
    out,
    plain,
    progress_printer,
    user_errors,
)


class Method(StrEnum):
    transactional = "transactional"
    import_ = "import"


def load(
    directory: Annotated[Path, typer.Argument(help="Dataset directory to load.")],
    backend: Annotated[Backend, typer.Option(help="Only neo4j: the embedded graph needs no load.")],
    replace: Annotated[
        bool,
        typer.Option(
            help="Clear graphgov's data from the database first (--method import: overwrite "
            "the whole database)."
        ),
    ] = False,
    method: Annotated[
        Method,
        typer.Option(
            help="transactional: batched transactions into any server, incremental and "
            "resumable. import: neo4j-admin database import full into an empty database, "
            "faster for a big first load; it writes the database's files, so it works only with "
            "graphgov's local server (stopped and restarted for it) or a stopped Neo4j "
            "whose folder NEO4J_HOME names."
        ),
    ] = Method.transactional,
    files: Annotated[
        Path | None,
        typer.Option(
            help="--method import: keep the CSV files in this folder.", show_default=False
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.", min=1)] = 5000,
    writers: Annotated[
        int, typer.Option(help="Write transactions at once (one core of the server each).", min=1)
    ] = 2,
    encoding: Annotated[str | None, typer.Option(help="Encoding of the CSV files.")] = None,
) -> None:
    """Validate a dataset and load it into Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
    NEO4J_DATABASE). Idempotent and resumable: rerun it after a crash. --method import
    bulk-loads an empty database with neo4j-admin instead (see --method)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from graphgov.graph import from_dataset
    from graphgov.neo4j.store import load_graph
    from graphgov.output import rich_table
    from graphgov.settings import connect, neo4j_settings

    if backend is not Backend.neo4j:
        fail(
            "only --backend neo4j needs a load; the memory backend reads the dataset "
            "directly (graphgov report NAME --data DIR)"
        )
    with user_errors():
        settings = neo4j_settings()
        if method is Method.import_:
            from graphgov.neo4j.bulk import import_home

            home = import_home(settings)  # a remote server is refused before validating
        g = from_dataset(directory, encoding=encoding, progress=progress_printer())
        rejected = sum(c["rejected"] for c in g.counts.values())
        if rejected:
            err.print(
                f"[yellow]{rejected:,} rejected rows are left out[/yellow] "
                f"(see `graphgov validate {plain(directory)} --rejects FILE`)",
                highlight=False,
            )
        if method is Method.import_:
            _bulk_import(g, directory, home, settings, replace, files, batch_size, writers)
            return
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
                writers=writers,
                progress=show,
            )
    out.print(rich_table(stats.table(), title="load"))
    skipped = sum(s.skipped_batches for s in stats.steps)
    resumed = f"; {skipped:,} batches were already in the database and kept" if skipped else ""
    out.print(
        f"loaded {plain(repr(g.info.name))} into {plain(settings.redact(settings.uri))} "
        f"({plain(settings.database)}): "
        f"{stats.nodes:,} nodes, {stats.relationships:,} relationships in {stats.seconds:.1f} s"
        f"{resumed}",
        soft_wrap=True,
        highlight=False,
    )


def _bulk_import(g, directory, home, settings, replace, files, batch_size, writers) -> None:
    """`load --method import`: run :func:`~graphgov.neo4j.bulk.bulk_import` and print."""
    from graphgov.neo4j.bulk import bulk_import
    from graphgov.output import rich_table

    say = progress_printer()
    stats = bulk_import(g, home=home, database=settings.database, replace=replace, files=files,
                        batch_size=batch_size, writers=writers, progress=say)  # fmt: skip
    out.print(rich_table(stats.table(), title="import"))
    rate = stats.relationships / stats.seconds if stats.seconds else 0.0
    out.print(
        f"imported {plain(repr(g.info.name))} into {plain(settings.database)} ({plain(home)}): "
        f"{stats.nodes:,} nodes, {stats.relationships:,} relationships in {stats.seconds:.1f} s "
        f"({rate:,.0f} relationships/s)",
        soft_wrap=True,
        highlight=False,
    )
    if not stats.finished:
        out.print(
            f"now start that Neo4j ({plain(home)}/bin/neo4j start) and run "
            f"`graphgov load {plain(directory)} --backend neo4j`: it finds every batch in the "
            "ledger, so it only writes the constraints, the indexes and the :Dataset node",
            soft_wrap=True,
            highlight=False,
        )


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
    show: Annotated[
        bool,
        typer.Option(
            "--show", help="Print the query as composed (fragments filled in), for Neo4j Browser."
        ),
    ] = False,
    format: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """Run a named Cypher query from cypher/ (or --dir) on Neo4j, values as parameters,
    read-only. --list lists the queries, and names any .cypher file it cannot use (exit 2);
    --show prints one with its shared fragments filled in, to paste into Neo4j Browser."""
    from graphgov.neo4j.queries import parse_params, prepare, read_query, run_query
    from graphgov.settings import connect, neo4j_settings

    with user_errors():
        if list_ or name is None:
            _list_queries(queries)
            return
        if show:
            # The file's own lines and tabs, never its escape sequences.
            from graphgov.output import printable

            typer.echo(printable(read_query(name, queries).text, keep="\n\t"))
            return
        values = parse_params(param or [])
        prepare(read_query(name, queries), values)  # checked before connecting
        settings = neo4j_settings()
        with connect(settings) as driver:
            df = run_query(driver, name, values, database=settings.database, extra_dir=queries)
    emit(df, format.value, output, title=name)


def _list_queries(folder: Path | None) -> None:
    """Print the usable queries; then one error line per file that is not, and exit 2."""
    from graphgov.neo4j.queries import scan_queries

    found = scan_queries(folder)
    for q in found.queries.values():
        takes = ", ".join(q.parameters) or "no parameters"
        out.print(f"[bold]{plain(q.name)}[/bold] ({plain(takes)})", highlight=False)
        out.print(f"    {plain(q.description)}", highlight=False)
    for problem in found.problems.values():
        err.print(f"[red]error:[/red] {plain(problem)}", highlight=False, soft_wrap=True)
    if found.problems:
        raise typer.Exit(2)
