"""The embedded graph: a typed property graph held as one pandas frame per label and type.

Node frames are keyed by the contract's key column (`code`, `org_id`, `party_org_id`,
`person_id`, `facility_id`) and keep every property of their table. Relationship frames have
`src` and `dst` (plus `src_label`/`dst_label` where a type joins several labels) and the
relationship's own properties. Extra labels (`Community`, `Hub`, `SocialWorker`, ...) are
derived from properties: see :meth:`Graph.ids_with_label`.

A graph is built from a validated dataset (:func:`from_dataset`), saved to and reopened from
Parquet (:meth:`Graph.save`, :func:`read_parquet`), and projected to networkx on demand
(:meth:`Graph.to_networkx`). It is never held as one big networkx graph. :func:`open_graph`
opens a dataset directory through the validated cache (:mod:`graphgov.cache`): an unchanged
dataset is validated once, then reopened from Parquet.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from graphgov import schema
from graphgov.errors import DatasetError
from graphgov.meta import DatasetInfo, Targets

if TYPE_CHECKING:
    import networkx as nx

GRAPH_MARKER = "graph.json"
#: Values of :attr:`Graph.origin`.
ORIGINS = ("tables", "validated", "cache", "saved")


@dataclass
class Graph:
    """A province's registries as a typed graph of pandas frames.

    Attributes
    ----------
    nodes : dict of label -> DataFrame, one row per node, keyed as in ``schema.NODE_LABELS``.
    rels : dict of relationship type -> DataFrame with ``src``, ``dst`` and properties.
    info : the dataset's name, ``as_of`` date and description.
    targets : policy targets and benchmarks.
    counts : per input table ``{"rows", "accepted", "rejected", "duplicates"}``.
    rejects : the rejected input rows (``table, line, reason_code, message, raw``).
    warnings : the validation's warnings (things worth a look that are not errors).
    origin : where the graph came from (one of :data:`ORIGINS`): ``validated`` (a dataset
        directory, validated just now), ``cache`` (a dataset directory, its validated graph
        reopened from the cache), ``saved`` (:meth:`save`), ``tables`` (:func:`from_tables`, also
        a graph read back from Neo4j). Not saved, not compared.
    """

    nodes: dict[str, pd.DataFrame]
    rels: dict[str, pd.DataFrame]
    info: DatasetInfo
    targets: Targets = field(default_factory=Targets)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: list[str] = field(default_factory=list)
    origin: str = field(default="tables", compare=False)

    # --- node tables ------------------------------------------------------------------------
    @property
    def regions(self) -> pd.DataFrame:
        return self.nodes["Region"]

    @property
    def organizations(self) -> pd.DataFrame:
        return self.nodes["Organization"]

    @property
    def party_orgs(self) -> pd.DataFrame:
        return self.nodes["PartyOrganization"]

    @property
    def people(self) -> pd.DataFrame:
        return self.nodes["Person"]

    @property
    def facilities(self) -> pd.DataFrame:
        return self.nodes["Facility"]

    def rel(self, rel_type: str) -> pd.DataFrame:
        """The frame of one relationship type (``schema.REL_TYPES``)."""
        if rel_type not in self.rels:
            raise KeyError(f"unknown relationship type {rel_type!r}; known: {schema.REL_TYPES}")
        return self.rels[rel_type]

    def ids_with_label(self, label: str) -> pd.Series:
        """Keys of the nodes carrying `label`, including the derived extra labels."""
        if label in schema.NODE_LABELS:
            return self.nodes[label][schema.NODE_LABELS[label][1]]
        levels = {v: k for k, v in schema.LEVEL_LABELS.items()}
        if label in levels:
            r = self.regions
            return r.loc[r["level"] == levels[label], "code"]
        if label == schema.HUB_LABEL:
            o = self.organizations
            return o.loc[o["hub_role"].isin(["hub", "support"]), "org_id"]
        flags = {
            schema.PARTY_MEMBER_LABEL: "party_member",
            schema.SOCIAL_WORKER_LABEL: "social_worker",
        }
        if label in flags:
            p = self.people
            return p.loc[p[flags[label]].fillna(False).astype(bool), "person_id"]
        raise KeyError(f"unknown label {label!r}")

    def summary(self) -> pd.DataFrame:
        """Node and relationship counts, one row per label or type."""
        rows = [("node", k, len(v)) for k, v in self.nodes.items()]
        rows += [("relationship", k, len(v)) for k, v in self.rels.items()]
        return pd.DataFrame(rows, columns=["kind", "name", "count"])

    # --- projections ------------------------------------------------------------------------
    def to_networkx(
        self, rel_types: Iterable[str] | None = None, *, directed: bool = True
    ) -> nx.MultiDiGraph | nx.MultiGraph:
        """A networkx projection of the chosen relationship types (all if None).

        Nodes are ``(label, key)`` tuples so that ids of different labels never collide;
        edges carry ``type`` and the relationship's properties. Use it for small graphs or
        a few types: a province-sized projection of every type is large.
        """
        import networkx as nx

        out: nx.MultiGraph = nx.MultiDiGraph() if directed else nx.MultiGraph()
        for rel_type in rel_types or schema.REL_TYPES:
            frame = self.rel(rel_type)
            if frame.empty:
                continue
            src_label = frame["src_label"] if "src_label" in frame else REL_ENDS[rel_type][0]
            dst_label = frame["dst_label"] if "dst_label" in frame else REL_ENDS[rel_type][1]
            edges = pd.DataFrame(
                {
                    "u": list(zip(_broadcast(src_label, frame), frame["src"], strict=True)),
                    "v": list(zip(_broadcast(dst_label, frame), frame["dst"], strict=True)),
                }
            )
            props = frame.drop(columns=["src", "dst", "src_label", "dst_label"], errors="ignore")
            edges = pd.concat([edges, props.reset_index(drop=True)], axis=1)
            edges["type"] = rel_type
            out.add_edges_from(
                (u, v, {k: x for k, x in d.items() if not _isna(x)})
                for u, v, d in zip(
                    edges["u"],
                    edges["v"],
                    edges.drop(columns=["u", "v"]).to_dict("records"),
                    strict=True,
                )
            )
        return out

    # --- persistence ------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the graph as Parquet (``nodes/``, ``rels/``, ``rejects.parquet``) plus
        ``graph.json`` (info, targets, counts, warnings), which is written last."""
        path = Path(path)
        for sub, frames in (("nodes", self.nodes), ("rels", self.rels)):
            (path / sub).mkdir(parents=True, exist_ok=True)
            for name, frame in frames.items():
                frame.to_parquet(path / sub / f"{name}.parquet", index=False)
        self.rejects.to_parquet(path / "rejects.parquet", index=False)
        meta = {
            "info": vars(self.info),
            "targets": self.targets.as_dict(),
            "counts": self.counts,
            "warnings": self.warnings,
        }
        (path / GRAPH_MARKER).write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
        return path


#: Default (source, target) labels of relationship types with one label at each end.
REL_ENDS = {
    "PART_OF": ("Region", "Region"),
    "COVERS": ("PartyOrganization", "Organization"),
    "REPORTS_TO": ("PartyOrganization", "PartyOrganization"),
    "MANAGES": ("PartyOrganization", "Organization"),
    "LEADS": ("PartyOrganization", "Region"),
    "LIVES_IN": ("Person", "Region"),
    "OPERATES": ("Organization", "Facility"),
    "BASED_IN": (None, "Region"),
    "HOLDS_POST": ("Person", None),
    **{t: ("Organization", None) for t in schema.SERVICE_REL_TYPES.values()},
}


def from_tables(
    tables: dict[str, pd.DataFrame],
    info: DatasetInfo,
    targets: Targets | None = None,
    counts: dict[str, dict[str, int]] | None = None,
    rejects: pd.DataFrame | None = None,
    warnings: list[str] | None = None,
) -> Graph:
    """Build the graph from validated tables (the loader's accepted rows)."""
    t = {name: tables.get(name, _empty(name)) for name in schema.TABLE_ORDER}
    nodes = {
        label: t[table].reset_index(drop=True) for label, (table, _) in schema.NODE_LABELS.items()
    }
    regions, orgs, porgs = t["regions"], t["organizations"], t["party_orgs"]
    people, posts, services, facs = t["people"], t["posts"], t["services"], t["facilities"]

    rels = {
        "PART_OF": _edges(regions[regions["parent_code"].notna()], "code", "parent_code"),
        "BASED_IN": pd.concat(
            [
                _edges(orgs, "org_id", "region_code").assign(src_label="Organization"),
                _edges(facs, "facility_id", "region_code").assign(src_label="Facility"),
            ],
            ignore_index=True,
        ),
        "COVERS": _edges(
            t["party_org_covers"],
            "party_org_id",
            "org_id",
            ["since", "until", *_extras(t, "party_org_covers")],
        ),
        "REPORTS_TO": _edges(porgs[porgs["parent_id"].notna()], "party_org_id", "parent_id"),
        "MANAGES": _edges(orgs[orgs["party_manager_id"].notna()], "party_manager_id", "org_id"),
        "LEADS": _edges(porgs[porgs["kind"] == "community"], "party_org_id", "region_code"),
        "HOLDS_POST": _edges(
            posts, "person_id", "body_id", ["role", "start", "end", *_extras(t, "posts")]
        ).assign(dst_label=posts["body_type"].map(schema.BODY_LABELS).to_numpy()),
        "LIVES_IN": _edges(people[people["home_community"].notna()], "person_id", "home_community"),
        "OPERATES": _edges(facs[facs["operator_org_id"].notna()], "operator_org_id", "facility_id"),
    }
    for kind, rel_type in schema.SERVICE_REL_TYPES.items():
        part = services[services["kind"] == kind]
        props = ["start", "end", "amount_cny", "purchaser", *_extras(t, "services")]
        rels[rel_type] = _edges(part, "provider_id", "target_id", props).assign(
            dst_label=part["target_type"].map(schema.TARGET_LABELS).to_numpy()
        )
    return Graph(
        nodes=nodes,
        rels={k: rels[k] for k in schema.REL_TYPES},
        info=info,
        targets=targets or Targets(),
        counts=counts or {},
        rejects=rejects if rejects is not None else pd.DataFrame(),
        warnings=list(warnings or []),
    )


def from_dataset(path: str | Path, *, encoding: str | None = None, progress=None) -> Graph:
    """Validate the dataset directory at `path` and build its graph (rejects are kept on it)."""
    from graphgov.load import load_dataset

    res = load_dataset(path, encoding=encoding, progress=progress)
    counts = res.summary()["tables"]
    g = from_tables(res.tables, res.info, res.targets, counts, res.rejects, res.warnings)
    g.origin = "validated"
    return g


def read_parquet(path: str | Path) -> Graph:
    """Reopen a graph written by :meth:`Graph.save`."""
    path = Path(path)
    try:
        meta = json.loads((path / GRAPH_MARKER).read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise DatasetError(f"{path / GRAPH_MARKER}: not a saved graphgov graph ({err})") from err
    nodes = {k: pd.read_parquet(path / "nodes" / f"{k}.parquet") for k in schema.NODE_LABELS}
    rels = {k: pd.read_parquet(path / "rels" / f"{k}.parquet") for k in schema.REL_TYPES}
    rejects_file = path / "rejects.parquet"
    rejects = pd.read_parquet(rejects_file) if rejects_file.exists() else pd.DataFrame()
    return Graph(
        nodes,
        rels,
        DatasetInfo(**meta["info"]),
        Targets(**meta["targets"]),
        meta["counts"],
        rejects,
        list(meta.get("warnings", [])),
        origin="saved",
    )


def open_graph(
    path: str | Path,
    *,
    encoding: str | None = None,
    progress=None,
    cache: bool = True,
) -> Graph:
    """Open a dataset directory (CSV/Parquet tables) or a saved graph, whichever `path` holds.

    A dataset directory is validated (:func:`from_dataset`) unless the validated cache holds
    its graph (:mod:`graphgov.cache`; ``cache=False`` or ``GRAPHGOV_NO_CACHE=1`` skips it).
    :attr:`Graph.origin` says which happened.

    Examples
    --------
    >>> g = open_graph("datasets/zhejiang-sample", cache=False)
    >>> g.origin, g.info.name
    ('validated', 'zhejiang-synthetic')
    """
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: no such dataset directory")
    if (path / GRAPH_MARKER).exists():
        return read_parquet(path)
    if not cache:
        return from_dataset(path, encoding=encoding, progress=progress)
    from graphgov.cache import cached

    g, hit = cached(
        path,
        lambda: from_dataset(path, encoding=encoding, progress=progress),
        Graph.save,
        read_parquet,
        encoding=encoding,
    )
    g.origin = "cache" if hit else "validated"
    return g


def _extras(tables: dict[str, pd.DataFrame], table: str) -> list[str]:
    """The columns of `table` outside the contract: kept as relationship properties.

    Validation refuses the names of :data:`graphgov.schema.EDGE_COLUMNS`; tables built by
    hand are checked here.
    """
    own = set(schema.TABLES[table].column_names)
    extra = [c for c in tables[table].columns if c not in own]
    taken = [c for c in extra if c in schema.EDGE_COLUMNS]
    if taken:
        raise DatasetError(schema.edge_column_message(table, taken))
    return extra


def _edges(frame: pd.DataFrame, src: str, dst: str, props: Iterable[str] = ()) -> pd.DataFrame:
    cols = {"src": frame[src], "dst": frame[dst]} | {p: frame[p] for p in props if p in frame}
    return pd.DataFrame(cols).reset_index(drop=True)


def _empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in schema.TABLES[table].column_names})


def _broadcast(value: object, frame: pd.DataFrame) -> list:
    return list(value) if isinstance(value, pd.Series) else [value] * len(frame)


def _isna(value: object) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))
