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
    """Hub and support organizations: how far each reaches, and where none does.

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
        reached; without them the headline gives the unreached counts only.
    targets
        ``hubs_community_share`` and ``hubs_township_share`` (defaults: 100%).
    county_names
        County code -> name.

    Returns
    -------
    Section
        Key ``hubs``; tables ``gaps`` (townships first, most communities a hub placed there
        would reach first), ``counties`` (most unreached communities first), ``hubs``
        (widest reach first) and ``overlap`` (most shared first).
    """
    targets = targets or Targets()
    comm_gaps = int((gaps["level"] == "community").sum())
    town_gaps = int((gaps["level"] == "township").sum())
    roles = hubs["hub_role"].value_counts()
    kinds = ("active hub or support organization", "active hub and support organizations")
    headline = (
        f"{plural(len(hubs), *kinds)} ({int(roles.get('hub', 0)):,} hub, "
        f"{int(roles.get('support', 0)):,} support)"
    )
    if communities is not None and townships is not None:
        reached_c, reached_t = communities - comm_gaps, townships - town_gaps
        headline += (
            f" reach {reached_c:,} of {communities:,} communities "
            f"({share_text(reached_c, communities)}, "
            f"target {percent(targets.hubs_community_share)}) "
            f"and {reached_t:,} of {townships:,} townships ({share_text(reached_t, townships)}, "
            f"target {percent(targets.hubs_township_share)})"
        )
    headline += (
        f"; no hub reaches {plural(comm_gaps, 'community', 'communities')} "
        f"and {plural(town_gaps, 'township')}"
    )
    counties = charts_reach.hub_gap_counts(gaps, county_names)
    table_gaps = _with_county_names(gaps, county_names)
    table_hubs = hubs.sort_values(
        ["communities_reached", "hub_id"], ascending=[False, True], kind="stable"
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
            "A hub or support organization reaches a community if it is based in the "
            "community or its township, serves either, or supports or incubates an "
            "organization based there; a township is reached when one of its communities is."
        ),
        headline=headline,
        charts=[("hubs-reach.png", reach_fig), ("hubs-gaps-by-county.png", gaps_fig)],
        tables=tables,
    )
