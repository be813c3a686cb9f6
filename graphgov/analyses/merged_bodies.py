"""The bodies a post can be held at, their merged bodies and sectors, and the active posts
held at them: what the cross-appointments and the interlock and appointments networks are
read from.

Definition: datasets/README.md, Analysis definitions, §4.9 (see
:mod:`graphgov.analyses.cross_appointments`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.analyses._common import (
    active_on,
    as_of_of,
    communities,
    covers_on,
    org_active,
    party_orgs_on,
    shared,
)
from graphgov.graph import Graph
from graphgov.load.checks import key_set, member
from graphgov.load.rawtable import arrow_strings

__all__ = ["FORMS", "SECTORS", "bodies", "body_posts", "held_bodies", "post_bodies"]

#: The sectors of a body (or none), and the forms a body takes.
SECTORS = ("community", "social_org")
FORMS = ("committee", "community_party", "org", "covering_party", "other_party")
_BODY_TYPE = {"Organization": "org", "PartyOrganization": "party_org", "Region": "community"}
_BODY_COLUMNS = ["body", "node", "sector", "form", "community", "org_id"]


@shared
def bodies(g: Graph, as_of: str | None = None) -> pd.DataFrame:
    """Every body a post can be held at on `as_of`: ``body`` (the post's own key,
    ``org:ID``, ``party_org:ID`` or ``community:CODE``), ``node`` (its merged body),
    ``sector`` (community, social_org, or missing), ``form`` (``committee``,
    ``community_party``, ``org``, ``covering_party`` or ``other_party``) and the
    ``community`` or ``org_id`` it stands for (one row per community or organization it
    stands for: a covering Party organization has a row per active organization it covers,
    and the rows of one body are consecutive).

    Active organizations, existing Party organizations and active covers only (§4.0).
    """
    as_of = as_of_of(g, as_of)
    org_ids = g.organizations.loc[org_active(g, as_of), "org_id"]
    porgs = party_orgs_on(g, as_of)
    comm = communities(g)["code"]
    community_party = porgs[porgs["kind"] == "community"]
    covers = covers_on(g, as_of)
    covers = covers[
        member(covers["dst"], org_ids) & ~member(covers["src"], community_party["party_org_id"])
    ]
    # sorted, so that the rows of a Party organization covering several are consecutive
    covering = covers[["src", "dst"]].drop_duplicates().sort_values("src", kind="stable")
    kind = porgs.set_index("party_org_id")["kind"]
    alone = covering.groupby("src")["dst"].transform("size").eq(1).to_numpy()
    own = alone & (covering["src"].map(kind) != "joint_branch").to_numpy()
    covering_key = _keyed("party_org:", covering["src"])
    covering_node = pc.if_else(own, _keyed("org:", covering["dst"]), covering_key)
    other = porgs[
        ~member(porgs["party_org_id"], community_party["party_org_id"])
        & ~member(porgs["party_org_id"], covering["src"])
    ]
    committee_key = _keyed("community:", comm)
    org_key = _keyed("org:", org_ids)
    other_key = _keyed("party_org:", other["party_org_id"])
    parts = [
        (committee_key, committee_key, "community", "committee", comm, None),
        (_keyed("party_org:", community_party["party_org_id"]),
         _keyed("community:", community_party["region_code"]), "community",
         "community_party", community_party["region_code"], None),
        (org_key, org_key, "social_org", "org", None, org_ids),
        (covering_key, covering_node, "social_org", "covering_party", None, covering["dst"]),
        (other_key, other_key, None, "other_party", None, None),
    ]  # fmt: skip
    lengths = [len(part[0]) for part in parts]
    columns = {
        "body": pa.concat_arrays([part[0] for part in parts]),
        "node": pa.concat_arrays([part[1] for part in parts]),
        "community": _joined([part[4] for part in parts], lengths),
        "org_id": _joined([part[5] for part in parts], lengths),
    }
    out = pd.DataFrame({name: arrow_strings(values) for name, values in columns.items()})
    return out.assign(
        sector=_repeated([part[2] for part in parts], lengths, SECTORS),
        form=_repeated([part[3] for part in parts], lengths, FORMS),
    )[_BODY_COLUMNS]


def _keyed(prefix: str, ids: pd.Series) -> pa.Array:
    """``prefix + ids``, computed by pyarrow."""
    return pc.binary_join_element_wise(pa.scalar(prefix, _TEXT), key_set(ids), _NOTHING)


def _repeated(
    values: list[str | None], lengths: list[int], kinds: tuple[str, ...]
) -> pd.Categorical:
    """Each of `values` (one of `kinds`, or None) repeated its length of times, one after
    the other."""
    codes = [kinds.index(v) if v is not None else -1 for v in values]
    return pd.Categorical.from_codes(np.repeat(codes, lengths), categories=kinds)


def _joined(parts: list[pd.Series | None], lengths: list[int]) -> pa.Array:
    """The `parts` one after the other (missing values where a part is None)."""
    pieces = zip(parts, lengths, strict=True)
    return pa.concat_arrays([pa.nulls(n, _TEXT) if p is None else key_set(p) for p, n in pieces])


_TEXT = pa.large_string()
_NOTHING = pa.scalar("", _TEXT)


@shared
def body_posts(
    g: Graph, *, as_of: str | None = None, known: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Active posts at existing bodies on `as_of`: ``person_id, body, node, sector`` (the
    post's body, its merged body and that body's sector), one row per active post (a person
    with two roles at one body has two rows). Posts at inactive organizations or at Party
    organizations not existing then are left out. `known` is :func:`bodies` if already
    computed."""
    as_of = as_of_of(g, as_of)
    known = bodies(g, as_of) if known is None else known
    person, body, at = post_bodies(g, as_of, known)
    columns = {"person_id": person, "body": body, "node": key_set(known["node"]).take(at)}
    sector = known["sector"].array
    sector = pd.Categorical.from_codes(sector.codes[at], dtype=sector.dtype)
    out = pd.DataFrame({name: arrow_strings(values) for name, values in columns.items()})
    return out.assign(sector=sector)


@shared
def post_bodies(g: Graph, as_of: str, known: pd.DataFrame) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """The active posts on `as_of` at the bodies of `known` (:func:`bodies`): the person
    holding each, its body, and the position in `known` of that body's first row (its node
    and sector are the same in all)."""
    posts = active_on(g.rel("HOLDS_POST"), as_of)
    labels = pc.index_in(key_set(posts["dst_label"]), value_set=pa.array(list(_BODY_TYPE), _TEXT))
    prefixes = pa.array([f"{kind}:" for kind in _BODY_TYPE.values()], _TEXT).take(labels)
    body = pc.binary_join_element_wise(prefixes, key_set(posts["dst"]), _NOTHING)
    at = pc.index_in(body, value_set=key_set(known["body"]))
    held = pc.is_valid(at)
    at = at.filter(held).to_numpy().astype(np.int64)
    return key_set(posts["src"]).filter(held), body.filter(held), at


@shared
def held_bodies(posts: pd.DataFrame) -> pd.DataFrame:
    """Each person and merged body where they hold an active post, once (`posts`:
    :func:`body_posts`): ``person_id, node, bodies`` (the merged bodies the person holds
    posts in)."""
    held = posts[["person_id", "node"]].drop_duplicates()
    return held.assign(bodies=held.groupby("person_id")["node"].transform("size").to_numpy())
