"""Report sections on social-work services and three-society linkage (三社联动).

Like :mod:`graphgov.report.sections`, each builder takes what the analyses returned, never
the graph, and gives a :class:`~graphgov.report.document.Section`.

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

import pandas as pd

from graphgov.meta import Targets
from graphgov.report import charts_linkage
from graphgov.report.chartkit import percent
from graphgov.report.document import Section
from graphgov.report.summaries import TITLES, as_lists, plural, share_text

__all__ = ["linkage_section", "social_work_section"]

_PCT = "{:.1%}"


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
    headline = (
        f"Social work serves {u_served:,} of {u_total:,} urban communities "
        f"({share_text(u_served, u_total)}, target {percent(urban)}) "
        f"and {r_served:,} of {r_total:,} "
        f"rural communities ({share_text(r_served, r_total)}, target {percent(rural)}); "
        f"{below:,} of {plural(len(table), 'county', 'counties')} below target, "
        f"{plural(needed, 'more community', 'more communities')} to serve; served by an "
        f"agency in the community {paths['agency']:,}, an agency-run station "
        f"{paths['station']:,}, a purchased service {paths['purchase']:,}"
    )
    fig, _ = charts_linkage.social_work_by_county(sw, urban_target=urban, rural_target=rural)
    return Section(
        key="social-work",
        title=TITLES["social-work"],
        definition=(
            "A community is served if an active social-work service agency is in it (based "
            "there or serving it), an active social-work station there is run by an active "
            "agency, or an active agency holds an active purchased service (政府购买服务) for "
            f"it; targets: {percent(urban)} of urban communities (社区), {percent(rural)} of "
            "rural ones (村). A community served several ways counts once, and under each way."
        ),
        headline=headline,
        charts=[("social-work-by-county.png", fig)],
        tables=[("counties", table.reset_index(drop=True))],
        formats={"urban_share": _PCT, "rural_share": _PCT},
    )


# --- linkage --------------------------------------------------------------------------------


def linkage_section(by_county: pd.DataFrame, candidates: pd.DataFrame | None = None) -> Section:
    """Three-society linkage (三社联动) per county, and who could link the unlinked.

    Parameters
    ----------
    by_county
        Rows of ``linkage(g, by="county")``.
    candidates
        Rows of the `linkage-candidates` analysis (the unlinked communities, with the
        organizations in them and the social workers at them).

    Returns
    -------
    Section
        Key ``linkage``; tables ``counties`` (lowest linked share first) and
        ``candidates`` (most organizations and workers to tie together first).
    """
    total = int(by_county["communities"].sum())
    n = {s: int(by_county[s].sum()) for s in charts_linkage.STATUS_COLORS}
    headline = (
        f"{n['linked']:,} of {plural(total, 'community', 'communities')} "
        f"({share_text(n['linked'], total)}) link community, social organization and social "
        f"worker with a community tie; {n['unlinked']:,} unlinked (organization and worker "
        "present, no tie), "
        f"{n['org_only']:,} organization only, {n['worker_only']:,} worker only, "
        f"{n['none']:,} neither"
    )
    table = by_county.assign(
        linked_share=by_county["linked"]
        / by_county["communities"].where(by_county["communities"] > 0)
    )
    table = table.sort_values(
        ["linked_share", "communities", "county_code"], ascending=[True, False, True]
    )
    tables = [("counties", table.reset_index(drop=True))]
    if candidates is not None:
        cand = as_lists(candidates)
        cand["orgs"] = cand["org_ids"].map(len).astype("int64")
        cand["workers"] = cand["worker_ids"].map(len).astype("int64")
        cand = cand.assign(_ready=cand["orgs"] + cand["workers"])
        cand = cand.sort_values(["_ready", "community_code"], ascending=[False, True])
        tables.append(("candidates", cand.drop(columns="_ready").reset_index(drop=True)))
    fig, _ = charts_linkage.linkage_by_county(by_county)
    return Section(
        key="linkage",
        title=TITLES["linkage"],
        definition=(
            "A community is linked when a licensed social worker holds an active post at an "
            "organization in it and that organization is tied to the community: an active "
            "serves or purchased link to it or its township, or someone posted at the "
            "organization also holds a post at the community or its Party organization. "
            "Unlinked: an organization and a social worker (at the community, its Party "
            "organization or an organization in it), but no such tie."
        ),
        headline=headline,
        charts=[("linkage-by-county.png", fig)],
        tables=tables,
        formats={"linked_share": _PCT},
    )
