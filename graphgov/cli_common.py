"""What every graphgov command shares: the consoles, the output-format option, turning
library errors into one red line, and printing a table in the chosen format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from typer.core import TyperGroup

from graphgov.errors import GraphgovError

try:  # typer >= 0.2x ships its own copy of click; older typer depends on click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_errors

out = Console()
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


_NO_ARGS_HELP = getattr(click_errors, "NoArgsIsHelpError", ())


class OneLineErrors(TyperGroup):
    """The command group: a usage error (an unknown option or command, a bad value, a missing
    argument) is one red line naming the help to read, exit code 2, never a usage dump."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):  # noqa: D102
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except _NO_ARGS_HELP as e:  # `graphgov` alone: the help, not an error
            typer.echo(e.ctx.get_help() if e.ctx else e.format_message())
            raise SystemExit(0) from None
        except click_errors.UsageError as e:
            where = e.ctx.command_path if e.ctx else "graphgov"
            err.print(
                f"[red]error:[/red] {e.format_message()} (see `{where} --help`)",
                highlight=False,
                soft_wrap=True,
            )
            raise SystemExit(e.exit_code) from None
        except click_errors.ClickException as e:
            err.print(f"[red]error:[/red] {e.format_message()}", highlight=False, soft_wrap=True)
            raise SystemExit(e.exit_code) from None
        except click_errors.Abort:
            err.print("[red]aborted[/red]")
            raise SystemExit(1) from None
        raise SystemExit(code if isinstance(code, int) else 0)


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


def fail(message: str, code: int = 2) -> None:
    """Print one red line and exit with `code`."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def progress_printer() -> Callable[..., None]:
    """A progress callback printing one dim line per step on stderr."""

    def show(step: str, n: int | None = None) -> None:
        err.print(f"[dim]… {step}{f' ({n:,} rows)' if n is not None else ''}[/dim]")

    return show


def emit(df: pd.DataFrame, fmt: str, output: Path | None, *, title: str) -> None:
    """Print `df` (a rich table, or csv/json/md text), or write it to `output`."""
    from graphgov.output import render, rich_table

    if output is not None:
        text = render(df, "csv" if fmt == "table" else fmt)
        output.write_text(text, encoding="utf-8-sig" if fmt in ("csv", "table") else "utf-8")
        err.print(f"wrote {len(df):,} rows to {output}")
    elif fmt == "table":
        out.print(rich_table(df, title=title, limit=50))
    else:
        typer.echo(render(df, fmt), nl=False)
