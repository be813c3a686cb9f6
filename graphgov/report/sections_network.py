"""Report sections on hubs, social work, three-society linkage and cross-appointments.

Like :mod:`graphgov.report.sections`, each builder takes what the analyses returned (the
DataFrames of DATA_MODEL §4, the network metrics and a networkx projection for the
drawing), never the graph, and gives a :class:`~graphgov.report.document.Section`: the
definition line, the headline figure, charts, and tables ordered most urgent first.
Builders only add up and sort.

Examples
--------
>>> import pandas as pd
>>> from graphgov.report.sections_network import social_work_section
>>> sw = pd.DataFrame({"county_code": ["330106000000"], "county_name": ["西湖区"],
...                    "urban_communities": [6], "urban_served": [2], "urban_share": [2 / 6],
...                    "rural_communities": [1], "rural_served": [0], "rural_share": [0.0]})
>>> social_work_section(sw).headline
'Social-work agencies serve 2 of 6 urban communities (33.3%, target 100%) and 0 of 1 rural communities (0.0%, target 33.3%); 1 of 1 county below target, 5 more communities to serve'
"""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from graphgov.meta import Targets
from graphgov.report import charts_network, charts_reach
from graphgov.report.charts_reach import percent
from graphgov.report.document import Section
from graphgov.report.summaries import region_label, short_code

__all__ = [
    "busiest_county",
    "county_label",
    "cross_appointments_section",
    "hubs_section",
    "linkage_section",
    "social_work_section",
]

_PCT = "{:.1%}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    """'1 county', '2 counties', '1,234 rows'."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def _as_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List-valued columns as plain Python lists (object dtype), whatever dtype an analysis
    gave them (e.g. a pyarrow list type): the CSV writer then joins them with ';'."""
    out = frame.copy()
    for col in out.columns:
        values = out[col].tolist()
        if out[col].dtype != object and any(isinstance(v, list | tuple) for v in values):
            out[col] = pd.Series([list(v) for v in values], index=out.index, dtype=object)
    return out


def _with_county_names(
    frame: pd.DataFrame, names: Mapping[str, str] | None, after: str = "county_code"
) -> pd.DataFrame:
    """`frame` with a ``county_name`` column right after `after`, looked up in `names`."""
    lookup = dict(names or {})
    codes = frame[after].astype(str)
    out = frame.drop(columns="county_name", errors="ignore")
    named = [lookup.get(c, lookup.get(short_code(c), "")) for c in codes]
    out.insert(out.columns.get_loc(after) + 1, "county_name", named)
    return out


# --- hubs -----------------------------------------------------------------------------------


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
        f"{_plural(len(hubs), *kinds)} ({int(roles.get('hub', 0)):,} hub, "
        f"{int(roles.get('support', 0)):,} support)"
    )
    if communities is not None and townships is not None:
        reached_c, reached_t = communities - comm_gaps, townships - town_gaps
        headline += (
            f" reach {reached_c:,} of {communities:,} communities "
            f"({_share(reached_c, communities)}, target {percent(targets.hubs_community_share)}) "
            f"and {reached_t:,} of {townships:,} townships ({_share(reached_t, townships)}, "
            f"target {percent(targets.hubs_township_share)})"
        )
    headline += (
        f"; no hub reaches {_plural(comm_gaps, 'community', 'communities')} "
        f"and {_plural(town_gaps, 'township')}"
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
        tables.append(("overlap", _as_lists(overlap).reset_index(drop=True)))
    reach_fig, _ = charts_reach.hubs_by_reach(hubs)
    gaps_fig, _ = charts_reach.hub_gaps_by_county(gaps, names=county_names)
    return Section(
        key="hubs",
        title="Hub and support organizations and the communities they reach (枢纽型/支持型)",
        definition=(
            "A hub or support organization reaches a community if it is based in the "
            "community or its township, serves either, or supports or incubates an "
            "organization based there; a township is reached when one of its communities is."
        ),
        headline=headline,
        charts=[("hubs-reach.png", reach_fig), ("hubs-gaps-by-county.png", gaps_fig)],
        tables=tables,
    )


# --- social work ----------------------------------------------------------------------------


def _needed(served: pd.Series, total: pd.Series, target: float) -> pd.Series:
    """Communities still to serve to reach ``target`` share (never negative)."""
    goal = [math.ceil(target * t - 1e-9) for t in total]
    return (pd.Series(goal, index=served.index) - served).clip(lower=0).astype("int64")


def social_work_section(sw: pd.DataFrame, targets: Targets | None = None) -> Section:
    """Communities served by a social-work agency, per county, against the targets.

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
    headline = (
        f"Social-work agencies serve {u_served:,} of {u_total:,} urban communities "
        f"({_share(u_served, u_total)}, target {percent(urban)}) and {r_served:,} of {r_total:,} "
        f"rural communities ({_share(r_served, r_total)}, target {percent(rural)}); "
        f"{below:,} of {_plural(len(table), 'county', 'counties')} below target, "
        f"{_plural(needed, 'more community', 'more communities')} to serve"
    )
    fig, _ = charts_reach.social_work_by_county(sw, urban_target=urban, rural_target=rural)
    return Section(
        key="social-work",
        title="Social-work services in communities (社会工作服务)",
        definition=(
            "A community is served if an active social-work service agency is based in it or "
            f"serves it; targets: {percent(urban)} of urban communities (社区), "
            f"{percent(rural)} of rural ones (村)."
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
    n = {s: int(by_county[s].sum()) for s in charts_reach.STATUS_COLORS}
    headline = (
        f"{n['linked']:,} of {_plural(total, 'community', 'communities')} "
        f"({_share(n['linked'], total)}) link community, social organization and social "
        f"worker; {n['unlinked']:,} unlinked (organization and worker present, no tie), "
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
        cand = _as_lists(candidates)
        cand["orgs"] = cand["org_ids"].map(len).astype("int64")
        cand["workers"] = cand["worker_ids"].map(len).astype("int64")
        cand = cand.assign(_ready=cand["orgs"] + cand["workers"])
        cand = cand.sort_values(["_ready", "community_code"], ascending=[False, True])
        tables.append(("candidates", cand.drop(columns="_ready").reset_index(drop=True)))
    fig, _ = charts_reach.linkage_by_county(by_county)
    return Section(
        key="linkage",
        title="Three-society linkage of communities (三社联动)",
        definition=(
            "A community is linked when a licensed social worker holds an active post at an "
            "organization in it; unlinked when it has an organization and a social worker "
            "(at it or at an organization in it) but no such tie."
        ),
        headline=headline,
        charts=[("linkage-by-county.png", fig)],
        tables=tables,
        formats={"linked_share": _PCT},
    )


# --- cross-appointments ---------------------------------------------------------------------


def busiest_county(persons: pd.DataFrame) -> str | None:
    """The county (12-digit code) with the most cross-appointed persons, or None.

    A person counts in each county whose communities they tie; ties go to the smaller code.

    >>> busiest_county(pd.DataFrame({"person_id": ["P1", "P2"],
    ...                              "communities": [["330106001001"], ["330102001001"]]}))
    '330102000000'
    """
    pairs = persons[["person_id", "communities"]].explode("communities").dropna()
    if pairs.empty:
        return None
    county = pairs["communities"].astype(str).str[:6] + "000000"
    counts = pairs.groupby(county)["person_id"].nunique()
    return str(counts.sort_index().idxmax())


def cross_appointments_section(
    persons: pd.DataFrame,
    ties: pd.DataFrame,
    bodies: pd.DataFrame,
    cuts: pd.DataFrame,
    *,
    county_net: nx.Graph | None = None,
    county_label: str = "",
    county_cuts: pd.DataFrame | Iterable[str] | None = None,
    county_metrics: pd.DataFrame | None = None,
    note: Mapping[str, object] | None = None,
) -> Section:
    """Cross-appointed persons, the interlock network's central bodies and its cut points.

    Parameters
    ----------
    persons
        Rows of the `cross-appointments` analysis.
    ties
        Rows of the `cross-appointment-ties` analysis.
    bodies
        ``node_metrics`` of the interlock network (one row per body).
    cuts
        ``cut_points`` of the appointments network (persons and bodies).
    county_net
        The interlock network of one county, to draw (see :func:`busiest_county`).
    county_label
        The county's name and code for the drawing's title, e.g. ``'西湖区 330106'``.
    county_cuts, county_metrics
        Cut points and node metrics of `county_net` (ringed, and the labelled nodes).
    note
        How betweenness was computed (the note ``node_metrics`` returns).

    Returns
    -------
    Section
        Key ``cross-appointments``; tables ``cut-points`` (most communities cut first),
        ``ties`` (communities held by the fewest persons first), ``bodies`` (highest
        betweenness first, then highest weighted degree), ``persons`` (most bodies
        first) and ``network`` (the interlock network's size, one measure per row).
    """
    communities = int(ties["community_code"].nunique())
    headline = (
        f"{_plural(len(persons), 'cross-appointed person')} tie "
        f"{_plural(communities, 'community', 'communities')} to social organizations; "
        f"{_plural(len(cuts), 'cut point')} (people or bodies whose removal cuts communities "
        "off from organizations)"
    )
    network = _network_summary(bodies, note)
    ranked = bodies.sort_values(
        ["betweenness", "strength", "node"], ascending=[False, False, True], kind="stable"
    )
    ordered_ties = ties.sort_values(["persons", "community_code"], kind="stable")
    ordered_persons = persons.sort_values(
        ["bodies", "person_id"], ascending=[False, True], kind="stable"
    )
    charts = []
    if county_net is not None:
        title = "Interlock network" + (f" of {county_label}" if county_label else "")
        fig, _ = charts_network.interlock_drawing(
            county_net,
            cuts=county_cuts,
            metrics=county_metrics,
            title=f"{title}: bodies linked by shared persons",
        )
        charts.append(("cross-appointments-network.png", fig))
    return Section(
        key="cross-appointments",
        title="Cross-appointments and the interlock network (交叉任职)",
        definition=(
            "A person is cross-appointed when they hold active posts in both sectors: a "
            "community or its Party organization, and a social organization or a Party "
            "organization covering one; bodies sharing persons form the interlock network."
        ),
        headline=headline,
        charts=charts,
        tables=[
            ("cut-points", cuts.reset_index(drop=True)),
            ("ties", _as_lists(ordered_ties).reset_index(drop=True)),
            ("bodies", ranked.reset_index(drop=True)),
            ("persons", _as_lists(ordered_persons).reset_index(drop=True)),
            ("network", network),
        ],
        formats={"betweenness": "{:.4f}", "pagerank": "{:.4f}"},
    )


def _network_summary(bodies: pd.DataFrame, note: Mapping[str, object] | None) -> pd.DataFrame:
    """The interlock network in a few numbers: ``measure, value``."""
    how = dict(note or {})
    method = str(how.get("betweenness", "exact"))
    if method == "sampled":
        method += f" from {how.get('k')} pivots, seed {how.get('seed')}"
    rows = [
        ("bodies with an active post", f"{len(bodies):,}"),
        ("bodies tied to another", f"{int((bodies['degree'] > 0).sum()):,}"),
        ("ties (pairs of bodies sharing persons)", f"{int(bodies['degree'].sum()) // 2:,}"),
        ("connected components", f"{bodies['component'].nunique():,}"),
        ("Louvain communities", f"{bodies['louvain'].nunique():,}"),
        ("betweenness", method),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def county_label(code: str, names: Mapping[str, str] | None = None) -> str:
    """``'西湖区 330106'`` for a county code, from a code -> name mapping."""
    lookup = dict(names or {})
    return region_label(code, lookup.get(code, lookup.get(short_code(code))))
