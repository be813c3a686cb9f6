"""The data-quality notes of §4.0: where each organization stands on a date, and the Party
organizations that sit in abnormal organizations (action items).

Definitions: datasets/README.md, Analysis definitions, §4.0 and "Data quality".
"""

from __future__ import annotations

import pandas as pd

from graphgov import schema
from graphgov.analyses._common import as_of_of, conform, covers_on, org_abnormal, org_exists
from graphgov.graph import Graph

__all__ = ["ABNORMAL_COVER_COLUMNS", "STANDING_COLUMNS", "abnormal_covers", "org_standing"]

#: Where an organization stands on a date, each counted once in this order.
STANDINGS = ("not_yet_founded", "gone", "abnormal", "active")
STANDING_COLUMNS = {
    "status": "string",
    "orgs": "int64",
    "active": "int64",
    "abnormal": "int64",
    "gone": "int64",
    "not_yet_founded": "int64",
    "undated_gone": "int64",
}
ABNORMAL_COVER_COLUMNS = {
    "party_org_id": "string",
    "party_org_name": "string",
    "party_org_kind": "string",
    "org_id": "string",
    "org_name": "string",
    "region_code": "string",
    "abnormal_since": "string",
}


def org_standing(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Per registry ``status`` (in the contract's order, those present): the organizations
    and where they stand on `as_of`, each in the first that applies: ``not_yet_founded``
    (``founded`` after it), ``gone`` (deregistered or revoked by then, or with such a status
    and no date), ``abnormal`` (on the abnormal-activity list then), else ``active``.
    ``undated_gone`` counts the rows whose status is ``deregistered`` or ``revoked`` without
    a ``deregistered_on`` date (taken as gone on every date: §4.0).

    Examples
    --------
    >>> from graphgov.datasets import tiny
    >>> org_standing(tiny())
         status  orgs  active  abnormal  gone  not_yet_founded  undated_gone
    0    active    19      19         0     0                0             0
    1  abnormal     1       0         1     0                0             0
    """
    as_of = as_of_of(g, as_of)
    o = g.organizations
    later = (o["founded"].notna() & (o["founded"] > as_of)).fillna(False).astype(bool)
    exists = org_exists(o, as_of)
    abnormal = org_abnormal(o, as_of)
    frame = pd.DataFrame(
        {
            "status": o["status"],
            "not_yet_founded": later,
            "gone": ~later & ~exists,
            "abnormal": exists & abnormal,
            "active": exists & ~abnormal,
            "undated_gone": o["status"].isin(schema.GONE_STATUSES) & o["deregistered_on"].isna(),
        }
    )
    out = frame.groupby("status").agg(
        orgs=("status", "size"), **{c: (c, "sum") for c in (*STANDINGS, "undated_gone")}
    )
    order = [s for s in schema.ORG_STATUSES if s in out.index]
    return conform(out.reindex(order).reset_index(), STANDING_COLUMNS)


def abnormal_covers(g: Graph, *, as_of: str | None = None) -> pd.DataFrame:
    """Action items: every existing Party organization with an active cover on an
    organization that exists and is abnormal on `as_of` (§4.0), by Party organization then
    organization; ``abnormal_since`` as the data gives it (empty for a listed status
    without dates).

    Examples
    --------
    On the tiny dataset the abnormal training school's own branch PB0000004 covers it since
    2019 (a listed status without dates):

    >>> from graphgov.datasets import tiny
    >>> abnormal_covers(tiny())[["party_org_id", "org_id"]]
      party_org_id              org_id
    0    PB0000004  52330106MJ00000810
    """
    as_of = as_of_of(g, as_of)
    o = g.organizations
    flagged = o[org_exists(o, as_of) & org_abnormal(o, as_of)]
    covers = covers_on(g, as_of)[["src", "dst"]]
    party = g.party_orgs[["party_org_id", "name", "kind"]].rename(
        columns={"name": "party_org_name", "kind": "party_org_kind"}
    )
    out = covers.merge(
        flagged[["org_id", "name", "region_code", "abnormal_since"]],
        left_on="dst",
        right_on="org_id",
    ).merge(party, left_on="src", right_on="party_org_id")
    out = out.rename(columns={"name": "org_name"}).sort_values(["party_org_id", "org_id"])
    return conform(out, ABNORMAL_COVER_COLUMNS)
