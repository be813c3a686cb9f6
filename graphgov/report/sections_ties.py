"""The report section on cross-appointments (交叉任职) and the interlock network.

Like :mod:`graphgov.report.sections`, the builder takes what the analyses and the network
metrics returned (and a networkx projection for the drawing), never the graph, and gives a
:class:`~graphgov.report.document.Section`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from graphgov.codes import ancestor
from graphgov.report import charts_network
from graphgov.report.document import Section
from graphgov.report.summaries import TITLES, as_lists, plural

__all__ = ["busiest_county", "cross_appointments_section"]


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
        f"{plural(len(persons), 'cross-appointed person')} tie "
        f"{plural(communities, 'community', 'communities')} to social organizations; "
        f"{plural(len(cuts), 'cut point')} (people or bodies whose removal cuts communities "
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
        title=TITLES["cross-appointments"],
        definition=(
            "A person is cross-appointed when they hold active posts in both sectors: a "
            "community or its Party organization, and a social organization or a Party "
            "organization covering one; bodies sharing persons form the interlock network."
        ),
        headline=headline,
        charts=charts,
        tables=[
            ("cut-points", cuts.reset_index(drop=True)),
            ("ties", as_lists(ordered_ties).reset_index(drop=True)),
            ("bodies", ranked.reset_index(drop=True)),
            ("persons", as_lists(ordered_persons).reset_index(drop=True)),
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
