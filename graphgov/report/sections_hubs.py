"""The report section on hub and support organizations (枢纽型/支持型) and their reach.

Like :mod:`graphgov.report.sections`, the builder takes what the analyses returned, never
the graph, and gives a :class:`~graphgov.report.document.Section`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from graphgov.meta import Targets
from graphgov.report import charts_reach
from graphgov.report.chartkit import percent
from graphgov.report.document import Section
from graphgov.report.summaries import TITLES, as_lists, name_of, plural, share_text

__all__ = ["hubs_section"]


def _with_county_names(
    frame: pd.DataFrame, names: Mapping[str, str] | None, after: str = "county_code"
) -> pd.DataFrame:
    """`frame` with a ``county_name`` column right after `after`, looked up in `names`."""
    out = frame.drop(columns="county_name", errors="ignore")
    named = [name_of(names, c) for c in frame[after].astype(str)]
    out.insert(out.columns.get_loc(after) + 1, "county_name", named)
    return out


def hubs_section(
    hubs: pd.DataFrame,
    gaps: pd.DataFrame,
    overlap: pd.DataFrame | None = None,
    *,
    communities: int | None = None,
    townships: int | None = None,
    targets: Targets | None = None,
    county_names: Mapping[str, str] | None = None,
) -> Section:
    """Hub and support organizations: the townships and communities they cover against
    the targets, how far each reaches, and where none covers (datasets/README.md, Analysis
    definitions, §4.5-4.6).

    Parameters
    ----------
    hubs
        Rows of the `hubs` analysis.
    gaps
        Rows of the `hub-gaps` analysis.
    overlap
        Rows of the `hub-overlap` analysis.
    communities, townships
        How many communities and townships (with communities) there are, for the shares
        covered; without them the headline gives the uncovered counts only.
    targets
        ``hubs_township_share`` and ``hubs_community_share`` (defaults: 100%).
    county_names
        County code -> name.

    Returns
    -------
    Section
        Key ``hubs``; the headline leads with township and community coverage against the
        targets; tables ``gaps`` (most communities a hub placed there would add first,
        townships before communities), ``counties`` (most uncovered communities first),
        ``hubs`` (most communities covered first) and ``overlap`` (most shared coverage
        first).
    """
    targets = targets or Targets()
    comm_gaps = int((gaps["level"] == "community").sum())
    town_gaps = int((gaps["level"] == "township").sum())
    roles = hubs["hub_role"].value_counts()
    kinds = ("active hub or support organization", "active hub and support organizations")
    by_whom = (
        f"{plural(len(hubs), *kinds)} ({int(roles.get('hub', 0)):,} hub, "
        f"{int(roles.get('support', 0)):,} support)"
    )
    if communities is not None and townships is not None:
        covered_t, covered_c = townships - town_gaps, communities - comm_gaps
        headline = (
            f"Hubs cover {covered_t:,} of {townships:,} townships "
            f"({share_text(covered_t, townships)}, "
            f"target {percent(targets.hubs_township_share)}) and {covered_c:,} of "
            f"{communities:,} communities ({share_text(covered_c, communities)}, "
            f"target {percent(targets.hubs_community_share)}): {by_whom}"
        )
    else:
        headline = by_whom
    headline += (
        f"; no hub covers {plural(town_gaps, 'township')} "
        f"and {plural(comm_gaps, 'community', 'communities')}"
    )
    counties = charts_reach.hub_gap_counts(gaps, county_names)
    table_gaps = _with_county_names(gaps, county_names)
    table_hubs = hubs.sort_values(
        ["communities_covered", "communities_reached", "hub_id"],
        ascending=[False, False, True],
        kind="stable",
    )
    tables = [
        ("gaps", table_gaps.reset_index(drop=True)),
        ("counties", counties),
        ("hubs", table_hubs.reset_index(drop=True)),
    ]
    if overlap is not None:
        tables.append(("overlap", as_lists(overlap).reset_index(drop=True)))
    reach_fig, _ = charts_reach.hubs_by_reach(hubs)
    gaps_fig, _ = charts_reach.hub_gaps_by_county(gaps, names=county_names)
    return Section(
        key="hubs",
        title=TITLES["hubs"],
        definition=(
            "A hub or support organization covers a township if it is based in the township "
            "or one of its communities, or serves the township; it covers a community if it "
            "is based in or serves the community or its township (the target: 基本覆盖每个"
            "街道(乡镇)和城乡社区). It also reaches the communities where an organization it "
            "supports or incubates is based."
        ),
        headline=headline,
        charts=[("hubs-reach.png", reach_fig), ("hubs-gaps-by-county.png", gaps_fig)],
        tables=tables,
    )
