"""`graphgov plan ...`: what to do next (§4.14). Glue only: each command opens the dataset,
calls one function of :mod:`graphgov.plans` and prints (or writes) its table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from graphgov.cli_common import Fmt, OneLineErrors, emit, err, fail, user_errors
from graphgov.cli_paths import output_file

app = typer.Typer(
    cls=OneLineErrors,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="What to do next: plans for hubs, instructors, social work, density, joint branches.",
)

Data = Annotated[Path, typer.Option(help="Dataset directory.")]
County = Annotated[str | None, typer.Option(help="One county: its code (330326) or name (平阳县).")]
AsOf = Annotated[str | None, typer.Option(help="Date to plan on (default: the dataset's).")]
Format = Annotated[Fmt, typer.Option("--format", help="Output format.")]
Out = Annotated[Path | None, typer.Option("--out", help="Write to this file.")]


def _show(tables: dict[str, Callable[[], pd.DataFrame]], table: str | None, fmt: Fmt,
          output: Path | None, title: str) -> None:  # fmt: skip
    """Print the plan's table (`table`, else the first one)."""
    name = table or next(iter(tables))
    if name not in tables:
        fail(f"--table {name}: one of {', '.join(tables)}")
    with user_errors():
        if output is not None:
            output_file(output, "--out")
        frame = tables[name]()
    if fmt is Fmt.table and output is None:
        frame = _readable(frame)
    emit(frame, fmt.value, output, title=f"{title}: {name}")
    others = [t for t in tables if t != name]
    if others and fmt is Fmt.table and output is None:
        err.print(f"also: --table {' | '.join(others)}", highlight=False)


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """For the terminal: names first, codes and ids left out where names stand for them, list
    cells as their first names and how many (CSV, JSON and Markdown keep everything)."""
    from graphgov.report.display import display_columns
    from graphgov.report.i18n import names_list

    named = any(c == "name" or c.endswith("_name") for c in frame.columns)
    codes = [c for c in frame.columns if named and c.endswith(("_code", "_id", "_ids"))]
    out = frame[[c for c in display_columns(frame.columns) if c not in codes]].copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, list | tuple)).any():
            out[col] = out[col].map(lambda v: names_list(v) if isinstance(v, list | tuple) else v)
    return out


def _graph(data: Path):
    from graphgov.graph import open_graph

    return open_graph(data)


def _table_option(names: tuple[str, ...]):
    return Annotated[str | None, typer.Option("--table", help=f"Which table: {', '.join(names)}.")]


@app.command("hubs")
def hubs(
    data: Data,
    add: Annotated[int, typer.Option(help="How many new hubs.", min=0)],
    county: County = None,
    level: Annotated[str, typer.Option(help="Sites: township or community.")] = "township",
    exclude: Annotated[
        str | None, typer.Option(help="Sites never to choose: codes, comma-separated.")
    ] = None,
    as_of: AsOf = None,
    format: Format = Fmt.table,
    output: Out = None,
) -> None:
    """Where N new hubs would cover the most communities no hub covers now (ranked; the
    runner-up sites after them)."""
    from graphgov.plans import plan_hubs

    codes = [c.strip() for c in (exclude or "").split(",") if c.strip()]
    with user_errors():
        g = _graph(data)
    _show({"sites": lambda: plan_hubs(g, add=add, county=county, level=level, exclude=codes,
                                      as_of=as_of)}, None, format, output, "plan hubs")  # fmt: skip


@app.command("hub-service")
def hub_service(
    data: Data,
    capacity: Annotated[int, typer.Option(help="New serves links per hub, at most.", min=0)],
    county: County = None,
    as_of: AsOf = None,
    table: _table_option(("assignment", "uncovered", "compare")) = None,
    format: Format = Fmt.table,
    output: Out = None,
) -> None:
    """Which uncovered townships existing hubs should serve, at most C more each; what stays
    uncovered; the comparison with as many new hubs."""
    from graphgov.plans import plan_hub_service

    with user_errors():
        g = _graph(data)
        plan = plan_hub_service(g, capacity=capacity, county=county, as_of=as_of)
    tables = {"assignment": lambda: plan.assignment, "uncovered": lambda: plan.uncovered,
              "compare": lambda: plan.compare}  # fmt: skip
    _show(tables, table, format, output, "plan hub-service")


@app.command("instructors")
def instructors(
    data: Data,
    capacity: Annotated[
        int, typer.Option(help="Organizations per instructor (default 5).", min=1)
    ] = 5,
    scope: Annotated[str, typer.Option(help="township or county.")] = "township",
    county: County = None,
    as_of: AsOf = None,
    table: _table_option(("scopes", "assignment")) = None,
    format: Format = Fmt.table,
    output: Out = None,
) -> None:
    """Instructors (党建工作指导员) needed for the organizations with no Party member and no
    work coverage, per township or county, and who goes where."""
    from graphgov.plans import plan_instructor_assignment, plan_instructors

    options = {"capacity": capacity, "scope": scope, "county": county, "as_of": as_of}
    with user_errors():
        g = _graph(data)
    tables = {"scopes": lambda: plan_instructors(g, **options),
              "assignment": lambda: plan_instructor_assignment(g, **options)}  # fmt: skip
    _show(tables, table, format, output, "plan instructors")


def _per_county(counties: Callable, communities: Callable, title: str) -> Callable[..., None]:
    """A plan command answering per county and per community (social work, density)."""

    def command(
        data: Data,
        county: County = None,
        as_of: AsOf = None,
        table: _table_option(("counties", "communities")) = None,
        format: Format = Fmt.table,
        output: Out = None,
    ) -> None:
        with user_errors():
            g = _graph(data)
        where = {"county": county, "as_of": as_of}
        tables = {"counties": lambda: counties(g, **where),
                  "communities": lambda: communities(g, **where)}  # fmt: skip
        _show(tables, table, format, output, title)

    return command


def _plans(name: str) -> Callable:
    def call(g, **options):
        import graphgov.plans

        return getattr(graphgov.plans, name)(g, **options)

    return call


app.command(
    "social-work",
    help="Communities still to be served by a social-work agency or station per county, "
    "urban and rural; which ones, those missing most other targets first.",
)(_per_county(_plans("plan_social_work"), _plans("plan_social_work_communities"),
              "plan social-work"))  # fmt: skip
app.command(
    "density",
    help="The shortfall to the average community-organization target per county, and the "
    "communities furthest below their target.",
)(_per_county(_plans("plan_density"), _plans("plan_density_communities"), "plan density"))


@app.command("joint-branches")
def joint_branches(
    data: Data, county: County = None, as_of: AsOf = None, format: Format = Fmt.table,
    output: Out = None,
) -> None:  # fmt: skip
    """The joint branches to form (with their superiors and organizations by name), and the
    candidates left alone with their reason."""
    from graphgov.plans import plan_joint_branches

    with user_errors():
        g = _graph(data)
    _show({"branches": lambda: plan_joint_branches(g, county=county, as_of=as_of)}, None,
          format, output, "plan joint-branches")  # fmt: skip
