"""The `graphgov` command line: glue only. Each command parses options, calls one library
function and prints; a :class:`GraphgovError` becomes one red line and its exit code.

Here: the app, `validate` and `generate`. The other commands live in ``graphgov.cli_*``
modules by group (`report`, `demo` and `metrics` in :mod:`graphgov.cli_report`) and are
registered in the order `graphgov --help` lists them by :func:`_mount_subapps`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphgov import __version__
from graphgov.cli_common import OneLineErrors, err, out, plain, progress_printer, user_errors
from graphgov.cli_paths import output_dir, output_file, outside_dataset, writing
from graphgov.cli_report import (
    PROJECTIONS,  # noqa: F401 - still importable from here
    REPORTS,  # noqa: F401 - still importable from here
    demo,
    metrics,
    report,
)
from graphgov.errors import UsageError

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


def _mount_subapps() -> None:
    """Register the commands, in the order `graphgov --help` lists them."""
    from graphgov import cli_db
    from graphgov.cli_export import export
    from graphgov.cli_import import import_
    from graphgov.cli_neo4j import app as neo4j_app
    from graphgov.cli_plan import app as plan_app
    from graphgov.cli_regions import regions
    from graphgov.cli_time import diff, trend

    app.add_typer(neo4j_app, name="neo4j", help="A local Neo4j server: start|stop|status|env.")
    app.command()(validate)
    app.command()(report)
    app.command()(metrics)
    app.command()(generate)
    app.command()(demo)
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
