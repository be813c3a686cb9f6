"""`graphgov neo4j start|stop|status|env`: a local Neo4j server, glue only.

Each command builds a :class:`~graphgov.neo4j.server.LocalServer`, calls one method and
prints; a :class:`~graphgov.errors.GraphgovError` becomes one line on stderr and its exit
code.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import user_errors
from graphgov.neo4j.server import LocalServer

app = typer.Typer(
    help=(
        "A local Neo4j server (Community, from Maven Central; needs Java 17 and Maven). "
        "Bolt on 127.0.0.1 only, authentication on.\n\n"
        'Typical use: graphgov neo4j start && eval "$(graphgov neo4j env)"'
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

Home = Annotated[
    Path | None,
    typer.Option(
        help="Server folder (data, logs, password) [env GRAPHGOV_NEO4J_HOME].", show_default=False
    ),
]


@app.command()
def start(
    home: Home = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            "-p",
            help="Bolt port; 0 picks a free one [env GRAPHGOV_NEO4J_PORT, default 7687].",
            show_default=False,
        ),
    ] = None,
    heap: Annotated[
        str | None,
        typer.Option(
            help="Java heap, e.g. 2g [env GRAPHGOV_NEO4J_HEAP, default 1g].", show_default=False
        ),
    ] = None,
    pagecache: Annotated[
        str | None,
        typer.Option(
            help="Page cache [env GRAPHGOV_NEO4J_PAGECACHE, default 512m].", show_default=False
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 120.0,
) -> None:
    """Start the server (downloads Neo4j on the first run); does nothing if it runs."""
    with user_errors():
        server = LocalServer(home, port, heap, pagecache)
        started = server.start(timeout=timeout)
        state = "started" if started else "already running"
        typer.echo(f"Neo4j {state} on {server.uri} (pid {server.pid()}, home {server.home})")
        if started:
            typer.echo('Connect: eval "$(graphgov neo4j env)"', err=True)


@app.command()
def stop(home: Home = None) -> None:
    """Stop the server gracefully."""
    with user_errors():
        server = LocalServer(home)
        typer.echo("Neo4j stopped" if server.stop() else "Neo4j was not running")


@app.command()
def status(home: Home = None) -> None:
    """Show whether the server runs, its pid, port and version. Exit 0 running, 3 not."""
    with user_errors():
        state = LocalServer(home).status()
    typer.echo(str(state))
    if not state.running:
        raise typer.Exit(3)


@app.command()
def env(home: Home = None) -> None:
    """Print `export NEO4J_...` lines for the local server, for `eval` (includes the password)."""
    with user_errors():
        server = LocalServer(home)
        values = server.env()
    if server.pid() is None:
        typer.echo("# the server is not running: graphgov neo4j start", err=True)
    for name, value in values.items():
        typer.echo(f"export {name}={shlex.quote(value)}")
