"""`graphgov import`: registry exports into a dataset (DATA_MODEL §6). Glue only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import out, plain, progress_printer, user_errors
from graphgov.cli_paths import input_file, output_dir, writing


def import_(
    sources: Annotated[
        list[Path], typer.Argument(help="Registry exports: .xlsx, .xls or .csv (UTF-8 or GB18030).")
    ],
    output: Annotated[Path, typer.Option("--out", help="The dataset directory to write.")],
    preset: Annotated[
        str, typer.Option(help="registry, filing, roster, or auto (by each sheet's header).")
    ] = "auto",
    mapping: Annotated[
        Path | None, typer.Option(help="A mapping TOML file, instead of a preset.")
    ] = None,
    regions: Annotated[
        Path | None,
        typer.Option(help="A contract regions.csv to resolve against (default: NBS 2023)."),
    ] = None,
    review: Annotated[
        Path | None, typer.Option(help="A review.csv with decisions filled in, to apply.")
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            help="The division the sources belong to (33, 3301, 330106, ...): bounds the "
            "search; names the county of a filing list without a 备案机关 column."
        ),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of CSV sources (default: detected).")
    ] = None,
) -> None:
    """Import registry exports into a dataset that `graphgov validate` accepts.

    Rows whose region is ambiguous or not found go to DIR/review.csv: fill in `decision`
    and rerun with --review DIR/review.csv. Exit 0 all imported, 1 rows rejected or to
    review, 2 fatal.
    """
    from graphgov.importer import import_sources

    with user_errors():
        for source in sources:
            input_file(source, "SOURCE")
        for option, path in (("--mapping", mapping), ("--regions", regions), ("--review", review)):
            if path is not None:
                input_file(path, option)
        output_dir(output, "--out")
        show = progress_printer()
        with writing(output, "--out"):
            result = import_sources(
                sources, output, preset=preset, mapping=mapping, regions=regions,
                review=review, area=area, encoding=encoding, progress=show,
            )  # fmt: skip
    for table, c in result.counts().items():
        out.print(
            plain(
                f"{table:>17}: {c['rows']:>7,} rows = {c['imported']:,} imported"
                f" + {c['review']:,} to review + {c['rejected']:,} rejected"
                f" + {c['duplicates']:,} duplicates"
            ),
            highlight=False,
            soft_wrap=True,
        )
    for skipped in result.skipped:
        out.print(f"[yellow]warning:[/yellow] {plain(skipped['reason'])}; skipped",
                  highlight=False, soft_wrap=True)  # fmt: skip
    decisions = result.decisions
    if decisions.get("applied") or decisions.get("refused"):
        out.print(
            plain(
                f"review decisions: {decisions['applied']:,} applied, "
                f"{len(decisions['refused']):,} refused"
            ),
            highlight=False,
        )
    for line in (*decisions.get("refused", ()), *decisions.get("unused", ())):
        out.print(f"[yellow]warning:[/yellow] {plain(line)}", highlight=False, soft_wrap=True)
    files = ["import-report.json"]
    if result.review:
        files.append("review.csv (fill in `decision`, rerun with --review)")
    if result.rejects:
        files.append("import-rejects.csv")
    out.print(
        plain(f"wrote {output}: the dataset, " + ", ".join(files)), highlight=False, soft_wrap=True
    )
    raise typer.Exit(result.exit_code)
