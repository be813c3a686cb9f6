"""`graphgov export`: the research export (§4.15). Glue only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import err, out, plain, progress_printer, user_errors
from graphgov.cli_paths import output_dir, writing


def export(
    directory: Annotated[Path, typer.Argument(help="The dataset to export.")],
    output: Annotated[Path, typer.Option("--out", help="The folder to write the export to.")],
    key_file: Annotated[
        Path,
        typer.Option(
            help="The secret key (a file only you can read; created if missing). "
            "Keep it apart from the export."
        ),
    ],
    k: Annotated[
        int, typer.Option(help="Suppress every count of people below k in the tables.", min=2)
    ] = 5,
) -> None:
    """Write a research export: person ids as keyed pseudonyms, names dropped, homes
    generalised to townships, post dates to the month, and the report's tables with counts
    of people below k suppressed. Organizations and regions keep their ids and names."""
    from graphgov.privacy.export import research_export

    with user_errors():
        output_dir(output, "--out")
        with writing(output, "--out"):
            result = research_export(directory, output, key_file, k=k, progress=progress_printer())
    if result.key_created:
        err.print(
            f"[yellow]warning:[/yellow] no key at {plain(key_file)}: a new one was written there "
            "(owner-only). Keep it safe and apart from the export: the same key gives the same "
            "pseudonyms, and whoever holds it can link them to person ids.",
            highlight=False,
            soft_wrap=True,
        )
    for table, n in result.rows.items():
        out.print(plain(f"{table:>17}: {n:,} rows"), highlight=False)
    if result.posts_within_a_month:
        out.print(
            plain(f"{result.posts_within_a_month:,} posts held within one month (on no month's "
                  "last day) left out: dates are coarsened to the month"),
            highlight=False, soft_wrap=True,
        )  # fmt: skip
    out.print(
        plain(f"{len(result.tables):,} tables of the report, counts of people below {k} "
              f"suppressed: {output / 'report'}"),
        highlight=False, soft_wrap=True,
    )  # fmt: skip
    out.print(plain(f"wrote {output}"), highlight=False, soft_wrap=True)
