"""`graphgov load` and `graphgov query`: the commands that talk to a Neo4j database
(NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE). Glue only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import Backend, Fmt, emit, err, fail, out, progress_printer, user_errors


def load(
    directory: Annotated[Path, typer.Argument(help="Dataset directory to load.")],
    backend: Annotated[Backend, typer.Option(help="Only neo4j: the embedded graph needs no load.")],
    replace: Annotated[
        bool, typer.Option(help="Clear graphgov's data from the database first.")
    ] = (False),
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.", min=1)] = 5000,
    writers: Annotated[
        int, typer.Option(help="Write transactions at once (one core of the server each).", min=1)
    ] = 2,
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
        fail(
            "only --backend neo4j needs a load; the memory backend reads the dataset "
            "directly (graphgov report NAME --data DIR)"
        )
    with user_errors():
        g = from_dataset(directory, encoding=encoding, progress=progress_printer())
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
                writers=writers,
                progress=show,
            )
    out.print(rich_table(stats.table(), title="load"))
    skipped = sum(s.skipped_batches for s in stats.steps)
    resumed = f"; {skipped:,} batches were already in the database and kept" if skipped else ""
    out.print(
        f"loaded {g.info.name!r} into {settings.uri} ({settings.database}): "
        f"{stats.nodes:,} nodes, {stats.relationships:,} relationships in {stats.seconds:.1f} s"
        f"{resumed}",
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
    emit(df, format.value, output, title=name)
