"""Read the graph back from Neo4j into the embedded form: the graph a report or a notebook
gets when the data lives in a database (``graphgov report all --backend neo4j``).

The tables are rebuilt from the nodes (every column was stored as a property) and from the
relationships (covers, posts, services), then typed as the loader types them, so every
analysis and projection runs on the result unchanged.
"""

from __future__ import annotations

import json

import neo4j
import pandas as pd

from graphgov import schema
from graphgov.errors import GraphgovError
from graphgov.graph import Graph, from_tables
from graphgov.neo4j.failures import check_database, database_errors
from graphgov.neo4j.store import loaded_dataset

_LEVEL_TARGET = {"community": "community", "township": "township"}


def graph_from_neo4j(driver: neo4j.Driver, *, database: str | None = None) -> Graph:
    """The graph held in the database, as an embedded :class:`~graphgov.graph.Graph`.

    Every node property comes back under its exact name (``properties(n)``), so a column
    outside the contract, whatever its name, is a column of the table again.

    Raises
    ------
    GraphgovError
        No dataset is loaded, or the database is missing, refused or went away: one line
        (:mod:`graphgov.neo4j.failures`).
    """
    check_database(database)
    with database_errors(database):
        return _read_graph(driver, database)


def _read_graph(driver: neo4j.Driver, database: str | None) -> Graph:
    held = loaded_dataset(driver, database=database)
    if held is None:
        raise GraphgovError(
            "the database holds no graphgov dataset: load one with "
            "`graphgov load DIR --backend neo4j`"
        )
    info, targets = held

    def rows(query: str) -> pd.DataFrame:
        return driver.execute_query(
            query,
            database_=database,
            routing_=neo4j.RoutingControl.READ,
            result_transformer_=neo4j.Result.to_df,
        )

    tables: dict[str, pd.DataFrame] = {}
    for label, (table, _) in schema.NODE_LABELS.items():
        props = rows(f"MATCH (n:{label}) RETURN properties(n) AS p")
        tables[table] = pd.DataFrame(list(props["p"])) if len(props) else pd.DataFrame()
    tables["party_org_covers"] = rows(
        "MATCH (p:PartyOrganization)-[r:COVERS]->(o:Organization) "
        "RETURN p.party_org_id AS party_org_id, o.org_id AS org_id, r.since AS since, "
        "r.until AS until"
    )
    tables["posts"] = rows(
        "MATCH (p:Person)-[r:HOLDS_POST]->(b) "
        "RETURN p.person_id AS person_id, "
        "CASE WHEN b:Organization THEN 'org' WHEN b:PartyOrganization THEN 'party_org' "
        "ELSE 'community' END AS body_type, "
        "coalesce(b.org_id, b.party_org_id, b.code) AS body_id, "
        "r.role AS role, r.start AS start, r.end AS end"
    )
    kinds = {v: k for k, v in schema.SERVICE_REL_TYPES.items()}
    tables["services"] = rows(
        "MATCH (o:Organization)-[r:SERVES|SUPPORTS|INCUBATES|PURCHASED_BY]->(t) "
        "RETURN o.org_id AS provider_id, "
        "CASE WHEN t:Organization THEN 'org' ELSE t.level END AS target_type, "
        "coalesce(t.org_id, t.code) AS target_id, type(r) AS kind, r.start AS start, "
        "r.end AS end, r.amount_cny AS amount_cny, r.purchaser AS purchaser"
    )
    if len(tables["services"]):
        tables["services"]["kind"] = tables["services"]["kind"].map(kinds)
    typed = {name: _typed(name, frame) for name, frame in tables.items()}
    counts = _counts(driver, database)
    return from_tables(typed, info, targets, counts)


def _typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Every column of the table, typed as the loader types accepted rows."""
    out = pd.DataFrame(index=range(len(frame)))
    spec = schema.TABLES[table]
    for col in spec.columns:
        values = frame[col.name] if col.name in frame else pd.Series([None] * len(frame))
        values = values.reset_index(drop=True).astype(object)
        values = values.where(values.notna(), None)
        if col.type == schema.DATE:
            values = values.map(lambda v: v.iso_format() if hasattr(v, "iso_format") else v)
        out[col.name] = values.astype(_DTYPES[col.type])
    extra = [c for c in frame.columns if c not in out]
    for col in extra:
        out[col] = frame[col].reset_index(drop=True).astype("string")
    return out


_DTYPES = {
    schema.STRING: "string",
    schema.CODE: "string",
    schema.DATE: "string",
    schema.INT: "Int64",
    schema.BOOL: "boolean",
    schema.FLOAT: "Float64",
}


def _counts(driver: neo4j.Driver, database: str | None) -> dict[str, dict[str, int]]:
    records, _, _ = driver.execute_query(
        "MATCH (d:Dataset) RETURN d.load_counts AS counts", database_=database
    )
    text = records[0]["counts"] if records else None
    return json.loads(text) if text else {}
