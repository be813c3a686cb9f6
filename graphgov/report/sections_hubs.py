"""The report section on hub and support organizations (枢纽型/支持型) and their reach.

Like :mod:`graphgov.report.sections`, the builder takes what the analyses returned, never
the graph, and gives a :class:`~graphgov.report.document.Section`. Its words are the
``hubs.*`` messages of the language in use (:mod:`graphgov.report.i18n`); every table puts
its name columns first and the codes after them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from graphgov.meta import Targets
from graphgov.report import charts_reach
from graphgov.report.chartkit import counted, percent
from graphgov.report.document import Section
from graphgov.report.i18n import big, has, pct, t
from graphgov.report.summaries import as_lists, name_of

__all__ = ["hubs_section", "names_first", "named_list"]


def names_first(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """`frame` with the columns `names` (those it has) first, in that order, then the rest.

    >>> names_first(pd.DataFrame({"code": ["1"], "name": ["甲"]}), ["name"]).columns.tolist()
    ['name', 'code']
    """
    first = [c for c in names if c in frame.columns]
    return frame[[*first, *(c for c in frame.columns if c not in first)]]


def named_list(ids: Sequence[object], names: Mapping[str, str]) -> list[str]:
    """The names of `ids` in `names` (an organization id, person id or division code ->
    name), each id without a name (none, empty or not text) kept as it is.

    >>> named_list(["A1", "B2", "C3"], {"A1": "甲协会", "C3": float("nan")})
    ['甲协会', 'B2', 'C3']
    """
    out = []
    for i in ids:
        name = names.get(str(i))
        out.append(name if isinstance(name, str) and name else str(i))
    return out


def level_name(level: object) -> str:
    """A division level (``township``, ``community`` ...) as the tables name it (message
    ``hubs.level.<level>``), else the level itself.

    >>> from graphgov.report.i18n import language
    >>> with language("zh"):
    ...     level_name("township"), level_name("street")
    ('街道(乡镇)', 'street')
    """
    return t(f"hubs.level.{level}") if has(f"hubs.level.{level}") else str(level)


def _with_labels(frame: pd.DataFrame, labels: Mapping[str, Callable[[str], str]]) -> pd.DataFrame:
    """`frame` with a column ``<code>_name`` beside each coded column `code` of `labels`
    (column -> function naming a value), for the reader; the codes stay for scripts."""
    out = frame.copy()
    for column, name in labels.items():
        out.insert(out.columns.get_loc(column) + 1, f"{column}_name", out[column].map(name))
    return out


def _with_county_names(
    frame: pd.DataFrame, names: Mapping[str, str] | None, after: str = "county_code"
) -> pd.DataFrame:
    """`frame` with a ``county_name`` column right after `after`, looked up in `names`."""
    out = frame.drop(columns="county_name", errors="ignore")
    named = [name_of(names, c) for c in frame[after].astype(str)]
    out.insert(out.columns.get_loc(after) + 1, "county_name", named)
    return out


def _overlap_table(
    overlap: pd.DataFrame, hubs: pd.DataFrame, names: Mapping[str, str] | None
) -> pd.DataFrame:
    """The `hub-overlap` rows with the two hubs' names (from the `hubs` rows) and the shared
    communities' names (from `names`), names first."""
    out = as_lists(overlap)
    hub_names = dict(zip(hubs["hub_id"].astype(str), hubs["name"].astype(str), strict=True))
    for side in ("hub_a", "hub_b"):
        out[f"{side}_name"] = [hub_names.get(str(h), str(h)) for h in out[side]]
    first = ["hub_a_name", "hub_b_name"]
    if names is not None:
        out["community_names"] = pd.Series(
            [named_list(c, names) for c in out["communities"]], index=out.index, dtype=object
        )
        first.append("community_names")
    return names_first(out, first)


def _headline(
    hubs: pd.DataFrame,
    gaps: pd.DataFrame,
    communities: int | None,
    townships: int | None,
    targets: Targets,
) -> str:
    comm_gaps = int((gaps["level"] == "community").sum())
    town_gaps = int((gaps["level"] == "township").sum())
    roles = hubs["hub_role"].value_counts()
    by_whom = t(
        "hubs.by_whom",
        orgs=counted("hubs.orgs", len(hubs)),
        hub=big(int(roles.get("hub", 0))),
        support=big(int(roles.get("support", 0))),
    )
    if communities is not None and townships is not None:
        covered_t, covered_c = townships - town_gaps, communities - comm_gaps
        headline = t(
            "hubs.headline",
            covered_townships=big(covered_t),
            townships=big(townships),
            township_share=pct(covered_t / townships if townships else None),
            township_target=percent(targets.hubs_township_share),
            covered_communities=big(covered_c),
            communities=big(communities),
            community_share=pct(covered_c / communities if communities else None),
            community_target=percent(targets.hubs_community_share),
            by_whom=by_whom,
        )
    else:
        headline = by_whom
    return headline + t(
        "hubs.headline_gaps",
        townships=counted("hubs.townships", town_gaps),
        communities=counted("hubs.communities", comm_gaps),
    )


def hubs_section(
    hubs: pd.DataFrame,
    gaps: pd.DataFrame,
    overlap: pd.DataFrame | None = None,
    *,
    communities: int | None = None,
    townships: int | None = None,
    targets: Targets | None = None,
    county_names: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
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
    names
        Division code -> name (any ids -> names will do), for the names of the communities
        two hubs share in ``overlap``; without it that table lists their codes only.

    Returns
    -------
    Section
        Key ``hubs``; the headline leads with township and community coverage against the
        targets; tables ``gaps`` (most communities a hub placed there would add first,
        townships before communities; ``level_name`` beside ``level``), ``counties`` (most
        uncovered communities first), ``hubs`` (most communities covered first;
        ``hub_role_name`` and ``base_level_name`` beside the codes) and ``overlap`` (most
        shared coverage
        first, with ``hub_a_name``, ``hub_b_name`` and, given `names`,
        ``community_names``). Names come first in every table, codes after.
    """
    targets = targets or Targets()
    counties = charts_reach.hub_gap_counts(gaps, county_names)
    table_gaps = _with_labels(_with_county_names(gaps, county_names), {"level": level_name})
    table_gaps = names_first(table_gaps, ["name", "level_name", "county_name"])
    table_hubs = hubs.sort_values(
        ["communities_covered", "communities_reached", "hub_id"],
        ascending=[False, False, True],
        kind="stable",
    )
    table_hubs = _with_labels(
        table_hubs, {"hub_role": charts_reach.role_label, "base_level": level_name}
    )
    first = ["name", "hub_role_name", "base_level_name"]
    tables = [
        ("gaps", table_gaps.reset_index(drop=True)),
        ("counties", names_first(counties, ["county_name"])),
        ("hubs", names_first(table_hubs, first).reset_index(drop=True)),
    ]
    if overlap is not None:
        tables.append(("overlap", _overlap_table(overlap, hubs, names).reset_index(drop=True)))
    reach_fig, _ = charts_reach.hubs_by_reach(hubs)
    gaps_fig, _ = charts_reach.hub_gaps_by_county(gaps, names=county_names)
    return Section(
        key="hubs",
        title=t("hubs.title"),
        definition=t("hubs.definition"),
        headline=_headline(hubs, gaps, communities, townships, targets),
        charts=[("hubs-reach.png", reach_fig), ("hubs-gaps-by-county.png", gaps_fig)],
        tables=tables,
    )
