"""`graphgov trend` and `graphgov diff`: progress over time (§4.13). Glue only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphgov.cli_common import Backend, Fmt, emit, err, fail, plain, user_errors
from graphgov.cli_paths import input_file, output_file, writing


def trend(
    name: Annotated[str, typer.Argument(help="An analysis read on a date: coverage, density, ...")],
    date_from: Annotated[str, typer.Option("--from", help="First date (YYYY-MM-DD).")],
    date_to: Annotated[str, typer.Option("--to", help="Last date (YYYY-MM-DD).")],
    data: Annotated[Path | None, typer.Option(help="Dataset directory (memory backend).")] = None,
    backend: Annotated[Backend, typer.Option(help="Where the graph lives.")] = Backend.memory,
    every: Annotated[str, typer.Option(help="year, quarter or month.")] = "year",
    by: Annotated[str | None, typer.Option(help="Group by, as `report NAME --by`.")] = None,
    county: Annotated[str | None, typer.Option(help="One county (hubs, hub-gaps).")] = None,
    targets: Annotated[Path | None, typer.Option(help="A targets.toml to project to.")] = None,
    projection: Annotated[
        bool, typer.Option("--projection", help="Print when each group meets its target.")
    ] = False,
    chart: Annotated[
        Path | None, typer.Option(help="Draw the trajectories to this PNG file.")
    ] = None,
    format: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """Ask one analysis on every year (quarter, month) from --from to --to: one long table
    with a `date` column; --projection says when each group meets its target at this pace."""
    from graphgov.meta import Targets
    from graphgov.timeline.backends import run_trend
    from graphgov.timeline.dates import dates_between
    from graphgov.timeline.trend import projection as project

    with user_errors():
        for path, option in ((output, "--out"), (chart, "--chart")):
            if path is not None:
                output_file(path, option)
        dates = dates_between(date_from, date_to, every)
        goal = Targets.from_toml(input_file(targets, "--targets")) if targets else None
        options = {"by": by, "county": county}
        table, goal = run_trend(
            name, dates=dates, backend=backend.value, data=data, targets=goal,
            **{k: v for k, v in options.items() if v is not None},
        )  # fmt: skip
        if chart is not None:
            from graphgov.report.charts_trend import trend_chart

            fig, _ = trend_chart(table, name, goal)
            with writing(chart, "--chart"):
                fig.savefig(chart, dpi=150, metadata={"Software": None})
            err.print(f"wrote {plain(chart)}", highlight=False, soft_wrap=True)
        shown = project(table, name, goal) if projection else table
    emit(shown, format.value, output, title=f"trend {name}")


def diff(
    dirs: Annotated[
        list[Path] | None, typer.Argument(help="Two dataset directories (exports of two dates).")
    ] = None,
    data: Annotated[Path | None, typer.Option(help="One dataset, on two --as-of dates.")] = None,
    as_of: Annotated[
        list[str] | None, typer.Option("--as-of", help="A date; give it twice (A, then B).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="From this date to the dataset's own (one dataset).")
    ] = None,
    backend: Annotated[Backend, typer.Option(help="Where the graph lives.")] = Backend.memory,
    county: Annotated[str | None, typer.Option(help="Only this county (e.g. 330106).")] = None,
    detail: Annotated[
        str | None, typer.Option(help="List the bodies behind one column, with names.")
    ] = None,
    format: Annotated[Fmt, typer.Option("--format", help="Output format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
) -> None:
    """What changed between two dates (or two exports), per county and in total: founded,
    gone, newly covered, coverage lost, Party organizations, hubs, communities,
    cross-appointments. E.g. `graphgov diff --data DIR --since 2019-12-31 --county 330106`:
    what changed in 西湖区 since the end of 2019."""
    import pandas as pd

    from graphgov.codes import county_code
    from graphgov.timeline.backends import run_diff
    from graphgov.timeline.diff import DETAIL_KINDS

    if detail is not None and detail not in DETAIL_KINDS:
        fail(f"--detail {detail}: one of {', '.join(DETAIL_KINDS)}")
    with user_errors():
        if output is not None:
            output_file(output, "--out")
        code = county_code(county) if county else None
        if since is not None:
            if as_of:
                fail("--since A is --as-of A --as-of (the dataset's date): give one or the other")
            as_of = [since, None]
        result = run_diff(backend=backend.value, data=data, dirs=dirs or (), as_of=as_of or ())
        table = result.details[detail] if detail else result.summary
        if code is not None:
            table = table[table["county_code"] == code].reset_index(drop=True)
    err.print(plain(f"diff {result.a} -> {result.b}"), highlight=False)
    if format is Fmt.table and output is None and detail is None and len(table) == 1:
        # one county: a column per figure is unreadable in a terminal; one line per figure
        row = table.iloc[0]
        table = pd.DataFrame({"": list(table.columns), str(row["county_name"]): list(row)})
    emit(table, format.value, output, title=f"diff {result.a} -> {result.b}")
