"""Party organizations (党组织) and the organizations they cover.

The tree: the province's "two new" working committee (两新工委) at the root; the province's
comprehensive committee (社会组织综合党委) and a few industry committees (行业党委) under it;
a comprehensive committee per city under the root and per county under its city's;
a territorial committee (街道党工委 / 乡镇党委) per township under its county's comprehensive
committee (in reality it reports to the county Party committee, which is outside these
registries); a community Party organization per community under its township's committee.

Covering Party organizations follow the coverage plan (:mod:`graphgov.generate.coverage`):
an organization with 3+ members gets its own branch (general branch from 50, committee from
100) under its responsible Party organization (``party_manager_id``), small ones joint
branches of 2-5 per responsible Party organization and township; functional (功能型) and
extended (拓展型) ones cover some of the rest. A Party organization is founded with its
first cover and dissolved when its last one ends (its organizations gone, or a formal
cover come). The structural committees carry no dates (they stand on every date).
Ids: ``PW`` root, ``PZ``/``PI`` comprehensive/industry committees, ``PT`` territorial, ``PC``
community (each followed by the region code), ``PB0000001`` covering organizations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate import coverage as cov_plan
from graphgov.generate import history as hs
from graphgov.generate._context import Context
from graphgov.generate.responsible import INDUSTRY


@dataclass
class PartyResult:
    """Party organizations, their covers (with ``org``, the organization's position in the
    registered frame), and the coverage plan they were made from."""

    party_orgs: pd.DataFrame
    covers: pd.DataFrame
    plan: cov_plan.CoverPlan


def build_party(ctx: Context, reg: pd.DataFrame) -> PartyResult:
    """Party organizations of the selected regions and covers of the registered `reg`
    (whose ``manager`` column is set)."""
    rng = ctx.rng("party")
    structural = _structural(ctx)
    covering, covers, plan = _covering(ctx, reg, rng)
    return PartyResult(pd.concat([structural, covering], ignore_index=True), covers, plan)


def _structural(ctx: Context) -> pd.DataFrame:
    reg = ctx.regions
    name = reg.set_index("code")["name"]
    code, pname = ctx.province, ctx.province_name
    root = "PW" + code
    rows = [
        (root, f"中共{pname}委两新工委", "two_new_committee", "", code),
        ("PZ" + code, f"中共{pname}社会组织综合委员会", "comprehensive_committee", root, code),
    ]
    for i, organ in enumerate(INDUSTRY.values(), start=1):
        rows.append(
            (f"PI{code[:6]}{i:06d}", f"中共{pname}{organ}行业委员会", "industry_committee")
            + (root, code)
        )
    head = pd.DataFrame(rows, columns=["party_org_id", "name", "kind", "parent_id", "region_code"])
    cities = reg[reg["level"] == "city"]
    counties = reg[reg["level"] == "county"]
    towns = reg[reg["level"] == "township"]
    comm = reg[reg["level"] == "community"]
    street = towns["code"].str[6] == "0"
    frames = [
        head,
        pd.DataFrame(
            {
                "party_org_id": "PZ" + cities["code"],
                "name": "中共" + cities["name"] + "社会组织综合委员会",
                "kind": "comprehensive_committee",
                "parent_id": root,
                "region_code": cities["code"],
            }
        ),
        pd.DataFrame(
            {
                "party_org_id": "PZ" + counties["code"],
                "name": "中共" + counties["name"] + "社会组织综合委员会",
                "kind": "comprehensive_committee",
                "parent_id": "PZ" + counties["parent_code"],
                "region_code": counties["code"],
            }
        ),
        pd.DataFrame(
            {
                "party_org_id": "PT" + towns["code"],
                "name": "中共"
                + name.reindex(towns["county"]).to_numpy()
                + towns["name"]
                + np.where(street, "工作委员会", "委员会"),
                "kind": "territorial_committee",
                "parent_id": "PZ" + towns["county"],
                "region_code": towns["code"],
            }
        ),
        pd.DataFrame(
            {
                "party_org_id": "PC" + comm["code"],
                "name": "中共"
                + name.reindex(comm["township"]).to_numpy()
                + comm["name"]
                + np.where(comm["area_type"] == "urban", "委员会", "总支部委员会"),
                "kind": "community",
                "parent_id": "PT" + comm["township"],
                "region_code": comm["code"],
            }
        ),
    ]
    out = pd.concat(frames, ignore_index=True)
    rng = ctx.rng("party_members")
    urban = np.isin(out["region_code"], comm.loc[comm["area_type"] == "urban", "code"])
    members = rng.negative_binomial(4, 4 / (4 + np.where(urban, 90.0, 55.0)), len(out)) + 8
    is_comm = (out["kind"] == "community").to_numpy()
    out["formal_members"] = pd.array(np.where(is_comm, members, 0), dtype="Int64")
    out.loc[~is_comm, "formal_members"] = pd.NA
    return out


def _covering(ctx: Context, reg: pd.DataFrame, rng: np.random.Generator):
    """The covering Party organizations and their covers, dated by the coverage plan."""
    p = cov_plan.plan(ctx, reg, rng)
    # a joint branch answers to its township's territorial committee (or its county's
    # comprehensive one), and so do its organizations' Party building
    jt = np.flatnonzero(p.joint >= 0)
    at = pd.Series(p.joint_at[jt], dtype=object)
    up = np.where(at.str[6:9] == "000", "PZ" + at.str[:6] + "000000", "PT" + at)
    reg.loc[reg.index[jt], "manager"] = up
    own = np.flatnonzero(~np.isnat(p.since) & (p.joint < 0))
    ext = np.flatnonzero(p.extended)
    fn = np.flatnonzero(p.fgroup >= 0)
    county = reg["county"].fillna(reg["region_code"]).to_numpy()
    joint_key = p.joint_at
    parts = [
        _own(reg, own),
        _grouped(ctx, reg, jt, pd.factorize(p.joint[jt])[0], "joint_branch", joint_key),
        _single(reg, ext),
        _grouped(ctx, reg, fn, pd.factorize(p.fgroup[fn])[0], "functional", county),
    ]
    po = pd.concat([x[0] for x in parts], ignore_index=True)
    cov = pd.concat([x[1] for x in parts], ignore_index=True)
    ids = rd.seq_ids("PB" + ctx.id_tag, 1, len(po))
    remap = dict(zip(po["tmp"], ids, strict=True))
    po["party_org_id"] = ids
    cov["party_org_id"] = cov["tmp"].map(remap).to_numpy()
    org = cov["org"].to_numpy().astype(np.int64)
    formal = ~cov["tmp"].str.startswith(("ext", "functional")).to_numpy()
    gone = reg["gone_d"].to_numpy()[org]
    since = np.where(formal, p.since[org], p.fsince[org])
    until = np.where(formal, gone - 1, p.fend[org])  # NaT - 1 is NaT
    cov["since"], cov["until"] = rd.date_str(since), rd.date_str(until)
    cov["org_id"] = reg["org_id"].to_numpy()[org]
    # founded with its first cover; dissolved the day after its last cover ends, once all
    # of them have ended
    span = pd.DataFrame({"id": cov["party_org_id"], "since": since, "until": until})
    span["open"] = span["until"].isna()
    span = span.groupby("id", sort=False).agg(
        first=("since", "min"), last=("until", "max"), open=("open", "any")
    )
    span = span.reindex(po["party_org_id"])
    po["founded"] = rd.date_str(span["first"].to_numpy().astype("datetime64[D]"))
    last = span["last"].to_numpy().astype("datetime64[D]") + 1
    po["dissolved"] = rd.date_str(np.where(span["open"].to_numpy(dtype=bool), hs.NAT, last))
    return po.drop(columns=["tmp"]), cov.drop(columns=["tmp"]), p


def _own(reg: pd.DataFrame, rows: np.ndarray):
    m = reg["party_members"].to_numpy()[rows]
    kind = np.where(m >= 100, "committee", np.where(m >= 50, "general_branch", "branch"))
    suffix = pd.Series(kind).map(
        {"committee": "委员会", "general_branch": "总支部委员会", "branch": "支部委员会"}
    )
    tmp = rd.seq_ids("own", 0, len(rows))
    po = pd.DataFrame(
        {
            "tmp": tmp,
            "name": "中共" + reg["name"].to_numpy()[rows] + suffix.to_numpy(),
            "kind": kind,
            "parent_id": reg["manager"].to_numpy()[rows],
            "region_code": reg["region_code"].to_numpy()[rows],
            "formal_members": pd.array(m, dtype="Int64"),
        }
    )
    return po, pd.DataFrame({"tmp": tmp, "org": rows})


def _single(reg: pd.DataFrame, rows: np.ndarray):
    tmp = rd.seq_ids("ext", 0, len(rows))
    po = pd.DataFrame(
        {
            "tmp": tmp,
            "name": "中共" + reg["name"].to_numpy()[rows] + "拓展型党支部",
            "kind": "extended",
            "parent_id": "PZ" + reg["county"].to_numpy()[rows].astype(str),
            "region_code": reg["region_code"].to_numpy()[rows],
            "formal_members": pd.array(reg["party_members"].to_numpy()[rows], dtype="Int64"),
        }
    )
    return po, pd.DataFrame({"tmp": tmp, "org": rows})


def _grouped(ctx: Context, reg: pd.DataFrame, rows, chunk, kind: str, key):
    if len(rows) == 0:
        empty = pd.DataFrame(columns=["tmp", "name", "kind", "parent_id", "region_code"])
        return empty, pd.DataFrame({"tmp": [], "org": np.zeros(0, np.int64)})
    tmp = np.array([f"{kind}{c:07d}" for c in range(int(chunk.max()) + 1)], dtype=object)
    g = pd.DataFrame({"chunk": chunk, "key": np.asarray(key)[rows].astype(str), "row": rows})
    g["m"] = reg["party_members"].to_numpy()[rows]
    g["manager"] = reg["manager"].to_numpy()[rows]
    first = g.groupby("chunk").agg(key=("key", "first"), m=("m", "sum"), up=("manager", "first"))
    first["n"] = first.groupby("key").cumcount() + 1
    region = first["key"].to_numpy()
    is_t = pd.Series(region).str[6:9].ne("000").to_numpy()
    names = ctx.regions.set_index("code")["name"]
    place = names.reindex(pd.Series(region).str[:6] + "000000").to_numpy()
    place = np.where(is_t, place + names.reindex(region).to_numpy(), names.reindex(region))
    if kind == "joint_branch":
        parent = first["up"].to_numpy()  # the members' responsible Party organization
        label = "社会组织第" + first["n"].astype(str).to_numpy() + "联合支部委员会"
        label = "中共" + place + label
    else:
        parent = "PZ" + region
        label = "中共" + place + "社会组织第" + first["n"].astype(str).to_numpy() + "功能型党支部"
    po = pd.DataFrame(
        {
            "tmp": tmp[first.index.to_numpy()],
            "name": label,
            "kind": kind,
            "parent_id": parent,
            "region_code": region,
            "formal_members": pd.array(first["m"].to_numpy(), dtype="Int64"),
        }
    )
    return po, pd.DataFrame({"tmp": tmp[g["chunk"].to_numpy()], "org": rows})
