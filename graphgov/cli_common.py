"""What every graphgov command shares: the consoles, the output-format option, turning
library errors into one red line, and printing a table in the chosen format.

Exit codes: 0 done, 1 rows rejected or a runtime failure, 2 a user mistake (a bad option,
path or dataset), 130 interrupted (Ctrl-C), :data:`INTERNAL_ERROR_EXIT` (70, ``EX_SOFTWARE``
of sysexits.h) a bug in graphgov. A bug prints one line naming the exception and the file
its traceback was saved in (``internal-error.txt`` in graphgov's cache folder,
``$GRAPHGOV_CACHE`` or ``$XDG_CACHE_HOME/graphgov``); with ``GRAPHGOV_DEBUG=1`` the traceback
is printed as well.

Text that comes from data, paths or arguments is never read as rich markup: :func:`fail`,
:func:`user_errors` and :func:`progress_printer` escape their message, the consoles do not
turn ``:name:`` into emoji, and :func:`graphgov.output.rich_table` puts cells in as plain
text. Code printing with ``out.print``/``err.print`` must pass such values through
:func:`plain` (markup escaped, control characters shown as ``\\x1b``).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from graphgov.errors import GraphgovError

try:  # typer >= 0.2x ships its own copy of click; older typer depends on click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_errors

__all__ = [
    "INTERNAL_ERROR_EXIT",
    "INTERRUPTED_EXIT",
    "Backend",
    "Fmt",
    "OneLineErrors",
    "emit",
    "err",
    "fail",
    "out",
    "plain",
    "progress_printer",
    "user_errors",
]

out = Console(emoji=False)
err = Console(stderr=True, emoji=False)

#: Exit code of a bug in graphgov (sysexits.h EX_SOFTWARE; 3 is `neo4j status`'s "not running").
INTERNAL_ERROR_EXIT = 70
#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED_EXIT = 130
#: Set to 1 to skip the validated cache (graphgov.cache), as ``--no-cache`` does.
NO_CACHE_VAR = "GRAPHGOV_NO_CACHE"
#: Set to 1 to see the traceback of an internal error on stderr.
DEBUG_VAR = "GRAPHGOV_DEBUG"


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


_NO_ARGS_HELP = getattr(click_errors, "NoArgsIsHelpError", ())


class OneLineErrors(TyperGroup):
    """The command group: a usage error (an unknown option or command, a bad value, a missing
    argument) is one red line naming the help to read, exit code 2, never a usage dump; Ctrl-C
    is "aborted", exit 130; any other exception is a bug: one line, the traceback saved
    (:func:`internal_error`), exit :data:`INTERNAL_ERROR_EXIT`."""

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
            _error_line(f"{e.format_message()} (see `{where} --help`)")
            raise SystemExit(e.exit_code) from None
        except click_errors.ClickException as e:
            _error_line(e.format_message())
            raise SystemExit(e.exit_code) from None
        except KeyboardInterrupt:
            raise SystemExit(_aborted()) from None
        except typer.Abort:
            err.print("[red]aborted[/red]")
            raise SystemExit(1) from None
        except GraphgovError as e:  # raised outside user_errors(): still a user's mistake
            _error_line(str(e))
            raise SystemExit(e.exit_code) from None
        except Exception as e:
            argv = kwargs.get("args")
            raise SystemExit(internal_error(e, sys.argv[1:] if argv is None else argv)) from None
        raise SystemExit(code if isinstance(code, int) else 0)

    def invoke(self, ctx):  # noqa: D102
        # typer turns Ctrl-C into a silent Exit(130) before main() could see it.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise typer.Exit(_aborted()) from None


def _aborted() -> int:
    err.print("[red]aborted[/red]")
    return INTERRUPTED_EXIT


def internal_error(e: BaseException, argv: Sequence[str] = ()) -> int:
    """Report a bug: one line on stderr, the traceback (and `argv`, the command's arguments)
    saved to a file, and printed when ``GRAPHGOV_DEBUG=1``; returns
    :data:`INTERNAL_ERROR_EXIT`."""
    from graphgov.settings import redact

    text = redact("".join(traceback.format_exception(e)))
    if os.environ.get(DEBUG_VAR, "") not in ("", "0"):
        sys.stderr.write(text)
    where = _save_traceback(f"$ graphgov {' '.join(map(str, argv))}\n{text}")
    saved = f"traceback in {where}" if where else f"set {DEBUG_VAR}=1 to see the traceback"
    what = redact(type(e).__name__ + (f": {str(e).strip()}" if str(e).strip() else ""))
    err.print(
        f"[red]internal error:[/red] {plain(what)} "
        f"(this is a bug in graphgov; please report it; {plain(saved)})",
        highlight=False,
        soft_wrap=True,
    )
    return INTERNAL_ERROR_EXIT


def _save_traceback(text: str) -> Path | None:
    """Write `text` to ``internal-error.txt`` in the cache folder (replacing the last one);
    its path, or None if it cannot be written."""
    from graphgov import __version__

    try:
        from graphgov.neo4j.provision import cache_dir

        path = cache_dir() / "internal-error.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        head = f"graphgov {__version__}, Python {sys.version.split()[0]}\n"
        path.write_text(head + text, encoding="utf-8")
    except Exception:  # noqa: BLE001 - the report of a bug must not raise another
        return None
    return path


def plain(text: object) -> str:
    """`text` (a value, path or message) ready for ``out.print``/``err.print``: rich markup
    escaped and control characters shown as escapes (:func:`graphgov.output.printable`)."""
    from graphgov.output import printable

    return escape(printable(text))


def _error_line(message: str) -> None:
    """One red ``error:`` line; credentials in `message` are hidden (settings.redact)."""
    from graphgov.settings import redact

    err.print(f"[red]error:[/red] {plain(redact(message))}", highlight=False, soft_wrap=True)


class Backend(StrEnum):
    memory = "memory"
    neo4j = "neo4j"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn graphgov's own errors into one red line and their exit code."""
    try:
        yield
    except GraphgovError as e:
        _error_line(str(e))
        raise typer.Exit(e.exit_code) from None


def fail(message: str, code: int = 2) -> None:
    """Print one red line (`message` is plain text, not markup) and exit with `code`."""
    _error_line(message)
    raise typer.Exit(code)


def progress_printer() -> Callable[..., None]:
    """A progress callback printing one dim line per step on stderr."""

    def show(step: str, n: int | None = None) -> None:
        rows = f" ({n:,} rows)" if n is not None else ""
        err.print(f"[dim]… {plain(step)}{rows}[/dim]", highlight=False, soft_wrap=True)

    return show


def emit(df: pd.DataFrame, fmt: str, output: Path | None, *, title: str) -> None:
    """Print `df` (a rich table, or csv/json/md text), or write it to `output` (a bad path
    is one error line, exit 2; CSV is formula-safe, :func:`graphgov.output.to_csv`)."""
    from graphgov.cli_paths import output_file, writing
    from graphgov.output import render, rich_table

    if output is not None:
        text = render(df, "csv" if fmt == "table" else fmt)
        with user_errors(), writing(output_file(output, "--out"), "--out"):
            output.write_text(text, encoding="utf-8-sig" if fmt in ("csv", "table") else "utf-8")
        err.print(f"wrote {len(df):,} rows to {plain(output)}", highlight=False, soft_wrap=True)
    elif fmt == "table":
        out.print(rich_table(df, title=title, limit=50))
    else:
        typer.echo(render(df, fmt), nl=False)


def skip_cache(ctx: typer.Context, flag: bool) -> None:
    """``--no-cache``: this command validates again, as with ``GRAPHGOV_NO_CACHE=1``; the
    variable is restored when the command ends (it matters when commands run in-process)."""
    if not flag:
        return
    before = os.environ.get(NO_CACHE_VAR)
    os.environ[NO_CACHE_VAR] = "1"

    def restore() -> None:
        if before is None:
            os.environ.pop(NO_CACHE_VAR, None)
        else:
            os.environ[NO_CACHE_VAR] = before

    ctx.call_on_close(restore)
