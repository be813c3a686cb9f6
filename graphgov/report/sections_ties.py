"""The report section on cross-appointments (交叉任职) and the interlock network.

Like :mod:`graphgov.report.sections`, the builder takes what the analyses and the network
metrics returned (and a networkx projection for the drawing), never the graph, and gives a
:class:`~graphgov.report.document.Section`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from graphgov.analyses.cross_appointments import TYPES
from graphgov.codes import ancestor
from graphgov.report import charts_network
from graphgov.report.document import Section
from graphgov.report.summaries import TITLES, as_lists, plural

__all__ = ["busiest_county", "cross_appointments_section", "betweenness_method"]

#: How the report names each type of cross-appointment (datasets/README.md, §4.9).
TYPE_LABELS = {
    "party_to_party": "community Party organization and a social organization's Party organization",
    "community_to_registered": "community and a registered organization",
    "community_to_filed": "community and filed community organizations only",
}


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
    county = ancestor(pairs["communities"], "county")
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
    """Cross-appointed persons by type, the interlock network's central bodies and its cut
    points.

    Parameters
    ----------
    persons
        Rows of the `cross-appointments` analysis.
    ties
        Rows of the `cross-appointment-ties` analysis.
    bodies
        ``node_metrics`` of the interlock network (one row per merged body).
    cuts
        ``cut_points`` of the appointments network (persons and merged bodies).
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
        Key ``cross-appointments``; its headline leads with the party-to-party
        cross-appointments. Tables ``types`` (persons per type, party_to_party first),
        ``cut-points`` (most communities cut first), ``ties`` (communities held by the
        fewest persons first), ``bodies`` (most betweenness first: raw pairs, exact where
        affordable; then highest weighted degree), ``persons`` (by type, then most bodies)
        and ``network`` (the interlock network's size, one measure per row).
    """
    counts = persons["type"].value_counts()
    types = pd.DataFrame(
        {"type": list(TYPES), "persons": [int(counts.get(t, 0)) for t in TYPES],
         "meaning": [TYPE_LABELS[t] for t in TYPES]}
    )  # fmt: skip
    communities = int(ties["community_code"].nunique())
    party, registered, filed = types["persons"].tolist()
    headline = (
        f"{plural(party, 'party-to-party cross-appointment')} (a community Party "
        "organization and a social organization's Party organization) among "
        f"{plural(len(persons), 'cross-appointed person')} ({registered:,} community to "
        f"registered, {filed:,} community to filed only), tying "
        f"{plural(communities, 'community', 'communities')} to social organizations; "
        f"{plural(len(cuts), 'cut point')} (people or bodies whose removal cuts communities "
        "off from organizations)"
    )
    ranked = bodies.sort_values(
        ["betweenness_pairs", "strength", "node"], ascending=[False, False, True], kind="stable"
    )
    ordered_ties = ties.sort_values(["persons", "community_code"], kind="stable")
    rank = {t: i for i, t in enumerate(TYPES)}
    ordered_persons = persons.assign(_rank=persons["type"].map(rank)).sort_values(
        ["_rank", "bodies", "person_id"], ascending=[True, False, True], kind="stable"
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
        title=TITLES["cross-appointments"],
        definition=(
            "A person is cross-appointed when they hold active posts in both sectors: a "
            "community (its committee or its Party organization), and a social organization "
            "or a Party organization covering one. Party to party: a post at a community "
            "Party organization and one at a social organization's Party organization. In the "
            "interlock network a body and its own Party organization are one node; bodies "
            "sharing persons are linked."
        ),
        headline=headline,
        charts=charts,
        tables=[
            ("types", types),
            ("cut-points", cuts.reset_index(drop=True)),
            ("ties", as_lists(ordered_ties).reset_index(drop=True)),
            ("bodies", ranked.reset_index(drop=True)),
            ("persons", as_lists(ordered_persons.drop(columns="_rank")).reset_index(drop=True)),
            ("network", _network_summary(ranked, note)),
        ],
        formats={
            "betweenness": "{:.4f}", "betweenness_pairs": "{:,.1f}", "betweenness_se": "{:.4f}",
            "pagerank": "{:.4f}",
        },
    )  # fmt: skip


def betweenness_method(note: Mapping[str, object] | None) -> str:
    """How betweenness was computed, in words, from the note ``node_metrics`` returns.

    >>> betweenness_method({"betweenness": "exact", "cost": 20, "budget": 500_000_000})
    'exact (cost 20 within the budget of 500,000,000 nodes x edges)'
    >>> text = betweenness_method({"betweenness": "sampled", "cost": 9, "budget": 0, "k": 5,
    ...                            "seed": 7, "sampled_components": 1, "sampled_nodes": 7,
    ...                            "error": 0.0123})
    >>> text[:70]
    'sampled from 5 sources in each of 1 component (7 bodies; cost 9 over t'
    >>> text[70:]
    'he budget of 0), seed 7: standard error up to 0.0123 (normalised)'
    """
    how = dict(note or {})
    cost, budget = int(how.get("cost", 0)), int(how.get("budget", 0))
    if how.get("betweenness") != "sampled":
        return f"exact (cost {cost:,} within the budget of {budget:,} nodes x edges)"
    return (
        f"sampled from {how.get('k')} sources in each of "
        f"{plural(int(how.get('sampled_components', 0)), 'component')} "
        f"({int(how.get('sampled_nodes', 0)):,} bodies; cost {cost:,} over the budget of "
        f"{budget:,}), seed {how.get('seed')}: standard error up to "
        f"{float(how.get('error', float('nan'))):.4f} (normalised)"
    )


def _network_summary(ranked: pd.DataFrame, note: Mapping[str, object] | None) -> pd.DataFrame:
    """The interlock network in a few numbers: ``measure, value`` (`ranked`: its node
    metrics, most betweenness first)."""
    top = ranked.iloc[0] if len(ranked) and ranked["betweenness_pairs"].iloc[0] > 0 else None
    central = "none" if top is None else f"{top['name'] or top['node']} ({top['node']})"
    rows = [
        ("bodies with an active post", f"{len(ranked):,}"),
        ("bodies tied to another", f"{int((ranked['degree'] > 0).sum()):,}"),
        ("ties (pairs of bodies sharing persons)", f"{int(ranked['degree'].sum()) // 2:,}"),
        ("connected components", f"{ranked['component'].nunique():,}"),
        ("Louvain communities (components of 3 or more bodies)",
         f"{ranked['louvain'].nunique():,}"),
        ("most central body (betweenness)", central),
        ("betweenness", betweenness_method(note)),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["measure", "value"])
