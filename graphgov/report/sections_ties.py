"""The report section on cross-appointments (交叉任职) and the interlock network.

Like :mod:`graphgov.report.sections`, the builder takes what the analyses and the network
metrics returned (and a networkx projection for the drawing), never the graph, and gives a
:class:`~graphgov.report.document.Section`. Its words come from the ``ties`` area of the
message catalogue, in the language in use (:mod:`graphgov.report.i18n`).

Its tables name people and bodies first, ids after: a person's name (given as
`person_names`, from ``people.csv``), the names of the communities and organizations a
person or a community is tied to (from the ties and the network's bodies, completed by
`org_names`), the names of the cut points and of the bodies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from graphgov.analyses.cross_appointments import TYPES
from graphgov.codes import ancestor
from graphgov.report import charts_network
from graphgov.report.chartkit import counted
from graphgov.report.document import Section
from graphgov.report.i18n import has, num, t
from graphgov.report.summaries import as_lists

__all__ = ["betweenness_method", "busiest_county", "cross_appointments_section", "type_label"]


def type_label(kind: str) -> str:
    """How the report names a type of cross-appointment (datasets/README.md, §4.9).

    >>> type_label("community_to_filed")
    'community and filed community organizations only'
    """
    return t(f"ties.type.{kind}")


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
    person_names: Mapping[str, str] | None = None,
    org_names: Mapping[str, str] | None = None,
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
    person_names
        Person id -> name (``people.csv``'s ``name``), for the persons and the cut points;
        a person without one keeps an empty name (persons) or their id (cut points).
    org_names
        Organization id -> name, for the organizations a person or a community is tied
        to; the network's bodies name most of them already, an id named nowhere stays.

    Returns
    -------
    Section
        Key ``cross-appointments``; its headline leads with the party-to-party
        cross-appointments. Tables, names first and ids after: ``types`` (persons per
        type, party_to_party first), ``cut-points`` (most communities cut first), ``ties``
        (communities held by the fewest persons first, with ``organization_names``),
        ``bodies`` (most betweenness first: raw pairs, exact where affordable; then
        highest weighted degree), ``persons`` (by type, then most bodies; with
        ``person_name``, ``type_name``, ``community_names`` and ``organization_names``)
        and ``network`` (the interlock network's size, one measure per row).
    """
    counts = persons["type"].value_counts()
    types = pd.DataFrame(
        {"type_name": [type_label(k) for k in TYPES], "type": list(TYPES),
         "persons": [int(counts.get(k, 0)) for k in TYPES]}
    )  # fmt: skip
    party, registered, filed = types["persons"].tolist()
    headline = t(
        "ties.headline",
        party=counted("ties.n_party", party),
        persons=counted("ties.n_persons", len(persons)),
        registered=num(registered),
        filed=num(filed),
        communities=counted("ties.n_communities", int(ties["community_code"].nunique())),
        cuts=counted("ties.n_cuts", len(cuts)),
    )
    names = _Names(ties, bodies, person_names, org_names)
    ranked = bodies.sort_values(
        ["betweenness_pairs", "strength", "node"], ascending=[False, False, True], kind="stable"
    )
    ordered_ties = as_lists(ties.sort_values(["persons", "community_code"], kind="stable"))
    ordered_ties.insert(
        ordered_ties.columns.get_loc("org_ids"),
        "organization_names",
        names.orgs(ordered_ties["org_ids"]),
    )
    rank = {k: i for i, k in enumerate(TYPES)}
    ordered_persons = as_lists(
        persons.assign(_rank=persons["type"].map(rank))
        .sort_values(["_rank", "bodies", "person_id"], ascending=[True, False, True], kind="stable")
        .drop(columns="_rank")
    )
    ordered_persons = pd.concat(
        [
            pd.DataFrame(
                {
                    "person_name": names.persons(ordered_persons["person_id"]),
                    "person_id": ordered_persons["person_id"],
                    "type_name": ordered_persons["type"].map(type_label),
                    "type": ordered_persons["type"],
                    "bodies": ordered_persons["bodies"],
                    "community_names": names.communities(ordered_persons["communities"]),
                    "organization_names": names.orgs(ordered_persons["organizations"]),
                }
            ),
            ordered_persons.drop(columns=["person_id", "type", "bodies"]),
        ],
        axis=1,
    )
    charts = []
    if county_net is not None:
        if county_label:
            title = t("ties.network_title_of", county=county_label)
        else:
            title = t("ties.network_title")
        fig, _ = charts_network.interlock_drawing(
            county_net, cuts=county_cuts, metrics=county_metrics, title=title
        )
        charts.append(("cross-appointments-network.png", fig))
    return Section(
        key="cross-appointments",
        title=t("cross-appointments.title"),
        definition=t("ties.definition"),
        headline=headline,
        charts=charts,
        tables=[
            ("types", types),
            ("cut-points", _nodes_first(names.cut_points(cuts))),
            ("ties", _names_first(ordered_ties)),
            ("bodies", _nodes_first(ranked)),
            ("persons", ordered_persons.reset_index(drop=True)),
            ("network", _network_summary(ranked, note)),
        ],
        formats={
            "betweenness": "{:.4f}", "betweenness_pairs": "{:,.1f}", "betweenness_se": "{:.4f}",
            "pagerank": "{:.4f}",
        },
    )  # fmt: skip


class _Names:
    """Names of the ids the section's tables hold: persons (given), communities (the ties
    and the network's bodies), organizations (the bodies, then `org_names`)."""

    def __init__(
        self,
        ties: pd.DataFrame,
        bodies: pd.DataFrame,
        person_names: Mapping[str, str] | None,
        org_names: Mapping[str, str] | None,
    ) -> None:
        by_kind: dict[str, dict[str, str]] = {"org": {}, "community": {}}
        for node, name in zip(bodies["node"].tolist(), bodies["name"].tolist(), strict=True):
            kind, _, key = str(node).partition(":")
            if kind in by_kind and isinstance(name, str) and name:
                by_kind[kind][key] = name
        tied = zip(ties["community_code"].tolist(), ties["community_name"].tolist(), strict=True)
        by_kind["community"] |= {str(c): str(n) for c, n in tied if isinstance(n, str) and n}
        self._orgs = _Named(org_names or {}, by_kind["org"])
        self._communities = by_kind["community"]
        self._persons = _Named(person_names or {})

    def persons(self, ids: pd.Series) -> pd.Series:
        """Each person's name, or empty."""
        return pd.Series(
            [self._persons.get(str(i), "") for i in ids.tolist()], index=ids.index, dtype=object
        )

    def orgs(self, lists: pd.Series) -> pd.Series:
        """Each list of organization ids as a list of names (an unnamed id as itself)."""
        return _named(lists, self._orgs)

    def communities(self, lists: pd.Series) -> pd.Series:
        """Each list of community codes as a list of names (an unnamed code as itself)."""
        return _named(lists, self._communities)

    def cut_points(self, cuts: pd.DataFrame) -> pd.DataFrame:
        """`cuts` with each person's name in ``name`` where it is known."""
        out = cuts.reset_index(drop=True).copy()
        kinds_keys = [str(node).partition(":")[::2] for node in out["node"].tolist()]
        named = [self._persons.get(key) if kind == "person" else None for kind, key in kinds_keys]
        old = out["name"].tolist()
        out["name"] = [n if n is not None else v for n, v in zip(named, old, strict=True)]
        return out


class _Named:
    """The names of `names` (keys as text) that are non-empty text, else those of
    `fallback`: looked up one id at a time, not copied."""

    def __init__(self, names: Mapping, fallback: Mapping[str, str] | None = None) -> None:
        if not all(isinstance(key, str) for key in names):
            names = {str(k): v for k, v in names.items() if isinstance(v, str) and v}
        self._names, self._fallback = names, fallback or {}

    def get(self, key: str, default: str | None = None) -> str | None:
        name = self._names.get(key)
        if isinstance(name, str) and name:
            return str(name)
        return self._fallback.get(key, default)


def _named(lists: pd.Series, names: Mapping[str, str] | _Named) -> pd.Series:
    values = [[names.get(str(i), str(i)) for i in ids] for ids in lists.tolist()]
    return pd.Series(values, index=lists.index, dtype=object)


def _names_first(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with ``name`` and its ``*_name(s)`` columns first, in their order."""
    first = [c for c in table.columns if c == "name" or str(c).endswith(("_name", "_names"))]
    return table[[*first, *(c for c in table.columns if c not in first)]].reset_index(drop=True)


def _nodes_first(table: pd.DataFrame) -> pd.DataFrame:
    """A table of network nodes: the name, what the node is (``node_type_name``), the key,
    then the rest."""
    kinds = [str(node).partition(":")[0] for node in table["node"].tolist()]
    named = {kind: _node_type(kind) for kind in set(kinds)}
    types = [named[kind] for kind in kinds]
    out = table.assign(node_type_name=pd.Series(types, index=table.index, dtype=object))
    return _names_first(out)


def _node_type(kind: str) -> str:
    key = f"ties.node_type.{kind}"
    return t(key) if has(key) else kind


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
    cost, budget = num(int(how.get("cost", 0))), num(int(how.get("budget", 0)))
    if how.get("betweenness") != "sampled":
        return t("ties.betweenness_exact", cost=cost, budget=budget)
    return t(
        "ties.betweenness_sampled",
        k=how.get("k"),
        components=counted("ties.n_components", int(how.get("sampled_components", 0))),
        nodes=num(int(how.get("sampled_nodes", 0))),
        cost=cost,
        budget=budget,
        seed=how.get("seed"),
        error=f"{float(how.get('error', float('nan'))):.4f}",
    )


def _network_summary(ranked: pd.DataFrame, note: Mapping[str, object] | None) -> pd.DataFrame:
    """The interlock network in a few numbers: ``measure, value`` (`ranked`: its node
    metrics, most betweenness first)."""
    top = ranked.iloc[0] if len(ranked) and ranked["betweenness_pairs"].iloc[0] > 0 else None
    if top is None:
        central = t("ties.central_none")
    else:
        central = t("ties.central", name=top["name"] or top["node"], node=top["node"])
    rows = [
        ("bodies", num(len(ranked))),
        ("tied", num(int((ranked["degree"] > 0).sum()))),
        ("ties", num(int(ranked["degree"].sum()) // 2)),
        ("components", num(ranked["component"].nunique())),
        ("louvain", num(ranked["louvain"].nunique())),
        ("central", central),
        ("betweenness", betweenness_method(note)),
    ]
    return pd.DataFrame(
        [(t(f"ties.measure.{key}"), value) for key, value in rows], columns=["measure", "value"]
    )
