"""Report sections on social-work services and three-society linkage (三社联动).

Like :mod:`graphgov.report.sections`, each builder takes what the analyses returned, never
the graph, and gives a :class:`~graphgov.report.document.Section`. Their words are the
``social-work.*`` and ``linkage.*`` messages of the language in use
(:mod:`graphgov.report.i18n`); every table puts its name columns first, codes after.

Examples
--------
>>> import pandas as pd
>>> sw = pd.DataFrame({"county_code": ["330106000000"], "county_name": ["西湖区"],
...                    "urban_communities": [6], "urban_served": [2], "urban_share": [2 / 6],
...                    "rural_communities": [1], "rural_served": [0], "rural_share": [0.0],
...                    "served_by_agency": [1], "served_by_station": [1],
...                    "served_by_purchase": [1]})
>>> social_work_section(sw).headline
'Social work serves 2 of 6 urban communities (33.3%, target 100%) and 0 of 1 rural communities (0.0%, target 33.3%); 1 of 1 county below target, 5 more communities to serve; served by an agency in the community 1, an agency-run station 1, a purchased service 1'
"""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from graphgov.meta import Targets
from graphgov.report import charts_linkage
from graphgov.report.chartkit import counted, percent
from graphgov.report.document import Section
from graphgov.report.i18n import big, pct, t
from graphgov.report.sections_hubs import named_list, names_first
from graphgov.report.summaries import as_lists

__all__ = ["linkage_section", "social_work_section"]

_PCT = "{:.1%}"


def _share(part: int, whole: int) -> str:
    """``part / whole`` as :func:`~graphgov.report.i18n.pct`; ``n/a`` (无) when `whole` is 0."""
    return pct(part / whole if whole else None)


def _needed(served: pd.Series, total: pd.Series, target: float) -> pd.Series:
    """Communities still to serve to reach ``target`` share (never negative)."""
    goal = [math.ceil(target * t - 1e-9) for t in total]
    return (pd.Series(goal, index=served.index) - served).clip(lower=0).astype("int64")


def social_work_section(sw: pd.DataFrame, targets: Targets | None = None) -> Section:
    """Communities served by social work, per county, against the targets (§4.7).

    Parameters
    ----------
    sw
        Rows of the `social-work` analysis, one per county.
    targets
        ``social_work_urban_share`` and ``social_work_rural_share`` (defaults: all urban
        communities, a third of rural ones).

    Returns
    -------
    Section
        Key ``social-work``; table ``counties`` with ``urban_needed``, ``rural_needed``
        (communities still to serve) and ``meets_targets``: counties below target first,
        most communities still to serve first.
    """
    targets = targets or Targets()
    urban, rural = targets.social_work_urban_share, targets.social_work_rural_share
    table = sw.copy()
    table["urban_needed"] = _needed(table["urban_served"], table["urban_communities"], urban)
    table["rural_needed"] = _needed(table["rural_served"], table["rural_communities"], rural)
    table["meets_targets"] = (table["urban_needed"] + table["rural_needed"]) == 0
    table = table.assign(_needed=table["urban_needed"] + table["rural_needed"])
    table = table.sort_values(
        ["meets_targets", "_needed", "county_code"], ascending=[True, False, True], kind="stable"
    ).drop(columns="_needed")
    u_served, u_total = int(sw["urban_served"].sum()), int(sw["urban_communities"].sum())
    r_served, r_total = int(sw["rural_served"].sum()), int(sw["rural_communities"].sum())
    below = int((~table["meets_targets"]).sum())
    needed = int(table["urban_needed"].sum() + table["rural_needed"].sum())
    paths = {p: int(sw[f"served_by_{p}"].sum()) for p in ("agency", "station", "purchase")}
    headline = t(
        "social-work.headline",
        urban_served=big(u_served),
        urban_communities=big(u_total),
        urban_share=_share(u_served, u_total),
        urban_target=percent(urban),
        rural_served=big(r_served),
        rural_communities=big(r_total),
        rural_share=_share(r_served, r_total),
        rural_target=percent(rural),
        below=big(below),
        counties=counted("social-work.counties", len(table)),
        needed=counted("social-work.needed", needed),
        **{p: big(n) for p, n in paths.items()},
    )
    fig, _ = charts_linkage.social_work_by_county(sw, urban_target=urban, rural_target=rural)
    return Section(
        key="social-work",
        title=t("social-work.title"),
        definition=t(
            "social-work.definition", urban_target=percent(urban), rural_target=percent(rural)
        ),
        headline=headline,
        charts=[("social-work-by-county.png", fig)],
        tables=[("counties", names_first(table, ["county_name"]).reset_index(drop=True))],
        formats={"urban_share": _PCT, "rural_share": _PCT},
    )


# --- linkage --------------------------------------------------------------------------------


def _candidates(candidates: pd.DataFrame, names: Mapping[str, str] | None) -> pd.DataFrame:
    """The `linkage-candidates` rows with ``orgs`` and ``workers`` (how many), and given
    `names` the organizations' and workers' names beside their ids; names first, most
    organizations and workers to tie together first."""
    cand = as_lists(candidates)
    cand["orgs"] = cand["org_ids"].map(len).astype("int64")
    cand["workers"] = cand["worker_ids"].map(len).astype("int64")
    first = ["community_name"]
    if names is not None:
        for ids, named in (("org_ids", "community_org_names"), ("worker_ids", "worker_names")):
            lists = [named_list(v, names) for v in cand[ids]]
            cand[named] = pd.Series(lists, index=cand.index, dtype=object)
        first += ["community_org_names", "worker_names"]
    cand = cand.assign(_ready=cand["orgs"] + cand["workers"])
    cand = cand.sort_values(["_ready", "community_code"], ascending=[False, True])
    cand = names_first(cand.drop(columns="_ready"), [*first, "orgs", "workers"])
    return cand.reset_index(drop=True)


def linkage_section(
    by_county: pd.DataFrame,
    candidates: pd.DataFrame | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> Section:
    """Three-society linkage (三社联动) per county, and who could link the unlinked.

    Parameters
    ----------
    by_county
        Rows of ``linkage(g, by="county")``.
    candidates
        Rows of the `linkage-candidates` analysis (the unlinked communities, with the
        organizations in them and the social workers at them).
    names
        Organization id and person id -> name (other ids may be in it too), for the
        candidates' names; an id it lacks is shown as the id. Without it the candidates
        table lists ids only.

    Returns
    -------
    Section
        Key ``linkage``; tables ``counties`` (lowest linked share first) and
        ``candidates`` (most organizations and workers to tie together first):
        ``community_name``, given `names` ``community_org_names`` and ``worker_names``, ``orgs``,
        ``workers``, then the codes ``community_code``, ``org_ids``, ``worker_ids`` (the
        CSV keeps every id and every name; the page shortens the lists).
    """
    total = int(by_county["communities"].sum())
    n = {s: int(by_county[s].sum()) for s in charts_linkage.STATUS_COLORS}
    headline = t(
        "linkage.headline",
        linked=big(n["linked"]),
        communities=counted("linkage.communities", total),
        share=_share(n["linked"], total),
        unlinked=big(n["unlinked"]),
        org_only=big(n["org_only"]),
        worker_only=big(n["worker_only"]),
        none=big(n["none"]),
    )
    table = by_county.assign(
        linked_share=by_county["linked"]
        / by_county["communities"].where(by_county["communities"] > 0)
    )
    table = table.sort_values(
        ["linked_share", "communities", "county_code"], ascending=[True, False, True]
    )
    tables = [("counties", names_first(table, ["county_name"]).reset_index(drop=True))]
    if candidates is not None:
        tables.append(("candidates", _candidates(candidates, names)))
    fig, _ = charts_linkage.linkage_by_county(by_county)
    return Section(
        key="linkage",
        title=t("linkage.title"),
        definition=t("linkage.definition"),
        headline=headline,
        charts=[("linkage-by-county.png", fig)],
        tables=tables,
        formats={"linked_share": _PCT},
    )
