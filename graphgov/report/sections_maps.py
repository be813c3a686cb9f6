"""The county maps of the report: per section, the maps (and township rankings) to add.

:func:`map_charts` runs the analyses it needs through the report's runner and draws, for
the province of the dataset (or its city, when all its counties are in one city):

- ``coverage``: organizational coverage per county against the benchmark, and beside it
  the townships ranked by coverage (there are no township boundaries to draw);
- ``density``: the average of community social organizations per urban and per rural
  community, against their targets;
- ``hubs``: the share of townships a hub or support organization covers;
- ``social-work``: the shares of urban and rural communities a social-work agency serves;
- ``linkage``: the share of communities with three-society linkage (三社联动).

Each value is the one the section's own table shows (the same analysis rows, divided the
same way), so a map and its table never disagree.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from graphgov import schema
from graphgov.errors import NoDataError
from graphgov.graph import Graph
from graphgov.report.boundaries import area_name
from graphgov.report.chartkit import house_style, literal, percent
from graphgov.report.i18n import t
from graphgov.report.maps import county_map, township_ranking
from graphgov.report.summaries import targets_in_force

__all__ = ["map_area", "map_charts"]

#: Runs a named analysis with options and returns its rows (pandas or Cypher twin).
Runner = Callable[..., pd.DataFrame]
Charts = list[tuple[str, Figure]]
_SHARES = {"fmt": percent, "limits": (0.0, 1.0)}
_COUNTS = {"fmt": "{:.1f}", "limits": (0.0, None)}


def map_area(county_codes: pd.Series) -> str:
    """The area a dataset's counties are drawn in: their province (2 digits) when they span
    more than one city, else their city (4 digits); the province of most counties when
    they span provinces.

    >>> map_area(pd.Series(["330106000000", "330326000000"])), map_area(pd.Series(["330106"]))
    ('33', '3301')
    """
    codes = county_codes.astype(str).str.slice(0, 6)
    if codes.empty:
        raise NoDataError("no counties to draw")
    province = codes.str.slice(0, 2).value_counts().index[0]
    cities = codes[codes.str.startswith(province)].str.slice(0, 4).unique()
    return province if len(cities) > 1 else str(cities[0])


def map_charts(run: Runner, g: Graph) -> dict[str, Charts]:
    """Section key -> the maps to add to it, as ``(file name, figure)``: ``map-<key>.png``,
    and ``rank-coverage-townships.png`` beside the coverage map. A section whose analyses
    have no data gets no map."""
    try:
        codes, county_names = _counties(run)
        area = map_area(codes)
    except NoDataError:
        return {}
    names = dict(zip(_six(codes), county_names.fillna(""), strict=True))
    out: dict[str, Charts] = {}
    for key, make in _MAPS:
        try:
            figures = make(run, g, area, names)
        except NoDataError:
            continue
        out[key] = [(f"map-{key}.png", figures[0])] + [
            (f"rank-{key}-townships.png", fig) for fig in figures[1:]
        ]
    return out


def _counties(run: Runner) -> tuple[pd.Series, pd.Series]:
    """The dataset's county codes and names: from the `counties` analysis, or, without
    communities, from the counties organizations are registered in."""
    try:
        counties = run("counties")
        if not counties.empty:
            return counties["county_code"], counties["county_name"]
    except NoDataError:
        pass
    cov = _at_level(run("coverage", by="county"), "county")
    return cov["group"], cov["group_name"]


def _six(codes: pd.Series) -> pd.Index:
    return pd.Index(codes.astype(str).str.slice(0, 6))


def _title(key: str, area: str) -> str:
    return t(f"maps.{key}_title", area=area_name(area))


def _coverage(run: Runner, g: Graph, area: str, names: dict[str, str]) -> list[Figure]:
    benchmark = targets_in_force(g).org_coverage_benchmark
    cov = _at_level(run("coverage", by="county"), "county")
    fig, _ = county_map(
        pd.Series(cov["org_coverage"].to_numpy(), index=_six(cov["group"])),
        area=area,
        title=_title("coverage", area),
        legend=t("maps.coverage_legend", target=percent(benchmark)),
        target=benchmark,
        names=names,
        sizes=pd.Series(cov["orgs"].to_numpy(), index=_six(cov["group"])),
        **_SHARES,
    )
    towns = _at_level(run("coverage", by="township"), "township")
    if towns.empty:
        return [fig]
    county_of = towns["group"].str.slice(0, 6).map(names)
    label = towns["group_name"].fillna(towns["group"])
    if county_of.nunique() > 1:  # the same township name may recur in two counties
        label = [
            t("maps.township_in_county", township=town, county=county or "")
            for town, county in zip(label, county_of, strict=True)
        ]
    rank, _ = township_ranking(
        pd.Series(towns["org_coverage"].to_numpy(), index=towns["group"]),
        dict(zip(towns["group"], label, strict=True)),
        title=t("maps.coverage_rank_title"),
        target=benchmark,
        sizes=pd.Series(towns["orgs"].to_numpy(), index=towns["group"]),
        xlabel=t("maps.coverage_rank_xlabel", target=percent(benchmark)),
        fmt=percent,
    )
    return [fig, rank]


def _at_level(cov: pd.DataFrame, level: str) -> pd.DataFrame:
    """The coverage rows of groups at `level` (not those registered above it)."""
    keep = cov["group"].astype(str).map(schema.level_of_code) == level
    return cov[keep].reset_index(drop=True)


def _density(run: Runner, g: Graph, area: str, names: dict[str, str]) -> list[Figure]:
    d = run("density", by="county")
    goal = targets_in_force(g)
    urban, rural = goal.community_urban_min, goal.community_rural_min
    panels = [
        (d["urban_average"], t("maps.density_urban", target=f"{urban:g}"), urban),
        (d["rural_average"], t("maps.density_rural", target=f"{rural:g}"), rural),
    ]
    return [_pair(d, panels, area, names, _title("density", area), _COUNTS)]


def _hubs(run: Runner, g: Graph, area: str, names: dict[str, str]) -> list[Figure]:
    counties = run("counties")
    gaps = run("hub-gaps")
    open_towns = gaps[gaps["level"] == "township"]["county_code"].value_counts()
    towns = counties.set_index("county_code")["townships"]
    share = (towns - open_towns.reindex(towns.index).fillna(0)) / towns.where(towns > 0)
    target = targets_in_force(g).hubs_township_share
    fig, _ = county_map(
        pd.Series(share.to_numpy(), index=_six(share.index.to_series())),
        area=area,
        title=_title("hubs", area),
        legend=t("maps.hubs_legend", target=percent(target)),
        target=target,
        names=names,
        **_SHARES,
    )
    return [fig]


def _social_work(run: Runner, g: Graph, area: str, names: dict[str, str]) -> list[Figure]:
    sw = run("social-work")
    goal = targets_in_force(g)
    urban, rural = goal.social_work_urban_share, goal.social_work_rural_share
    panels = [
        (sw["urban_share"], t("maps.social_work_urban", target=percent(urban)), urban),
        (sw["rural_share"], t("maps.social_work_rural", target=percent(rural)), rural),
    ]
    return [_pair(sw, panels, area, names, _title("social_work", area), _SHARES)]


def _linkage(run: Runner, g: Graph, area: str, names: dict[str, str]) -> list[Figure]:
    link = run("linkage", by="county")
    share = link["linked"] / link["communities"].where(link["communities"] > 0)
    fig, _ = county_map(
        pd.Series(share.to_numpy(), index=_six(link["county_code"])),
        area=area,
        title=_title("linkage", area),
        legend=t("maps.linkage_legend"),
        names=names,
        **_SHARES,
    )
    return [fig]


@house_style
def _pair(
    rows: pd.DataFrame,
    panels: list[tuple[pd.Series, str, float]],
    area: str,
    names: dict[str, str],
    title: str,
    style: dict,
) -> Figure:
    """Two maps side by side (urban, rural), each against its own target, one title."""
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 5.5), layout="constrained")
    for ax, (values, legend, target) in zip(axes, panels, strict=True):
        county_map(
            pd.Series(values.to_numpy(), index=_six(rows["county_code"])),
            area=area,
            title="",
            legend=legend,
            target=target,
            names=names,
            ax=ax,
            **style,
        )
    fig.suptitle(literal(title), x=0.01, ha="left", fontsize=13)
    return fig


#: (section key, maps builder), in report order.
_MAPS: tuple[tuple[str, Callable[[Runner, Graph, str, dict[str, str]], list[Figure]]], ...] = (
    ("coverage", _coverage),
    ("density", _density),
    ("hubs", _hubs),
    ("social-work", _social_work),
    ("linkage", _linkage),
)
