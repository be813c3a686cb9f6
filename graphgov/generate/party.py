"""Party organizations (党组织) and the organizations they cover.

The tree: the province's "two new" working committee (两新工委) at the root; the province's
comprehensive committee (社会组织综合党委) and a few industry committees (行业党委) under it;
a comprehensive committee per city under the root and per county under its city's;
a territorial committee (街道党工委 / 乡镇党委) per township under its county's comprehensive
committee (in reality it reports to the county Party committee, which is outside these
registries); a community Party organization per community under its township's committee.

Covering organizations are cut so that exactly ``org_coverage`` of the active registered
organizations are covered: organizations with 3+ members get their own branch (general branch
from 50, committee from 100), small ones join joint branches of 2-5 within a township or are
covered by functional (功能型) and extended (拓展型) Party organizations (those no joint
branch with 3+ members between its organizations could take).
Ids: ``PW`` root, ``PZ``/``PI`` comprehensive/industry committees, ``PT`` territorial, ``PC``
community (each followed by the region code), ``PB0000001`` covering organizations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate._context import Context

INDUSTRY = {
    "education": "教育厅",
    "health": "卫生健康委",
    "industry_association": "工商联",
    "culture_sports": "文化和旅游厅",
    "charity": "民政厅",
}


@dataclass
class PartyResult:
    """Party organizations, their covers, and the active organizations left uncovered."""

    party_orgs: pd.DataFrame
    covers: pd.DataFrame
    #: index labels (into the registered frame) of active organizations with no coverage
    uncovered: np.ndarray


def build_party(ctx: Context, reg: pd.DataFrame) -> PartyResult:
    """Party organizations of the selected regions and covers of the registered `reg`."""
    rng = ctx.rng("party")
    structural = _structural(ctx)
    covering, covers, uncovered = _covering(ctx, reg, rng)
    return PartyResult(pd.concat([structural, covering], ignore_index=True), covers, uncovered)


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
    cfg = ctx.cfg
    members = reg["party_members"].to_numpy()
    active = (reg["status"] == "active").to_numpy()
    hub = (reg["hub_role"] != "none").to_numpy()
    cls = np.where(members == 0, "none", np.where(members < 3, "few", "many"))
    odds = pd.Series(cls).map(cfg.uncovered_odds).to_numpy() * ~hub
    act = np.flatnonzero(active)
    k_unc = len(act) - int(round(cfg.org_coverage * len(act)))
    unc = act[rd.choose(rng, k_unc, odds[act])]
    covered = active.copy()
    covered[unc] = False
    # abnormal organizations with a branch keep it half the time
    covered |= (
        (reg["status"] == "abnormal").to_numpy() & (members >= 3) & (rng.random(len(reg)) < 0.5)
    )
    own = covered & (members >= 3)
    small = np.flatnonzero(covered & (members < 3))
    to_joint = small[rng.random(len(small)) < cfg.joint_share]
    # joint branches: 2-5 small organizations of one township (or county / city base)
    key = reg["township"].fillna(reg["region_code"]).to_numpy()
    jt = rng.permutation(to_joint)
    jt = jt[np.argsort(key[jt], kind="stable")]
    size = np.where(rng.random(len(jt)) < 0.5, 3, 4)
    size = pd.Series(size).groupby(key[jt]).transform("first").to_numpy() if len(jt) else size
    chunk, clen = rd.chunks(key[jt], size)
    # a joint branch needs 2+ organizations and 3+ members between them
    total = np.bincount(chunk, weights=members[jt])[chunk] if len(jt) else np.zeros(0)
    ok = (clen >= 2) & (total >= 3)
    lone = jt[~ok]
    jt, chunk = jt[ok], pd.factorize(chunk[ok])[0]
    rest = np.sort(np.r_[np.setdiff1d(small, to_joint), lone]).astype(np.int64)
    ext = rest[rng.random(len(rest)) < 0.3]
    fn = np.setdiff1d(rest, ext)
    fn = fn[np.argsort(reg["county"].to_numpy()[fn].astype(str), kind="stable")]
    fchunk, _ = rd.chunks(reg["county"].to_numpy()[fn].astype(str), 6)
    parts = [
        _own(ctx, reg, np.flatnonzero(own), rng),
        _grouped(ctx, reg, jt, chunk, "joint_branch", key),
        _single(reg, ext),
        _grouped(ctx, reg, fn, fchunk, "functional", reg["county"].to_numpy()),
    ]
    po = pd.concat([p[0] for p in parts], ignore_index=True)
    cov = pd.concat([p[1] for p in parts], ignore_index=True)
    ids = rd.seq_ids("PB", 1, len(po))
    remap = dict(zip(po["tmp"], ids, strict=True))
    po["party_org_id"] = ids
    cov["party_org_id"] = cov["tmp"].map(remap)
    founded = pd.to_datetime(reg["founded"]).to_numpy().astype("datetime64[D]")
    since_lo = np.maximum(founded, np.datetime64("2014-01-01"))[cov["org"].to_numpy()]
    since = rd.between(rng, since_lo, "2020-11-30")
    cov["since"] = rd.date_str(since)
    cov["org_id"] = reg["org_id"].to_numpy()[cov["org"].to_numpy()]
    po = po.drop(columns=["tmp"])
    cov = cov.drop(columns=["tmp"])
    gap = np.flatnonzero(active & ~covered)
    return po, cov, gap


def _parent(ctx: Context, reg: pd.DataFrame, rows: np.ndarray, rng) -> np.ndarray:
    """Superior of an organization's own branch: the comprehensive committee of its
    registering level, or (some county ones) its township's committee, or (some province
    ones) the industry committee of its field."""
    at = reg["registered_at"].to_numpy()[rows]
    region = reg["region_code"].to_numpy()[rows].astype(str)
    county = reg["county"].to_numpy()[rows]
    township = reg["township"].to_numpy()[rows]
    domain = reg["domain"].to_numpy()[rows]
    industry = {d: f"PI{ctx.province[:6]}{i:06d}" for i, d in enumerate(INDUSTRY, 1)}
    ind = pd.Series(domain).map(industry).to_numpy()
    u = rng.random(len(rows))
    city = pd.Series(region).str[:4].to_numpy() + "00000000"
    county_comp = np.where(pd.isna(county), "PZ" + city, "PZ" + county.astype(str))
    terr = np.where(pd.isna(township), county_comp, "PT" + township.astype(str))
    county_parent = np.where(u < 0.4, terr, county_comp)
    prov_parent = np.where(pd.notna(ind) & (u < 0.5), ind, "PZ" + ctx.province)
    return np.select([at == "province", at == "city"], [prov_parent, "PZ" + city], county_parent)


def _own(ctx: Context, reg: pd.DataFrame, rows: np.ndarray, rng):
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
            "parent_id": _parent(ctx, reg, rows, rng),
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
    first = g.groupby("chunk").agg(key=("key", "first"), m=("m", "sum"))
    first["n"] = first.groupby("key").cumcount() + 1
    region = first["key"].to_numpy()
    is_t = pd.Series(region).str[6:9].ne("000").to_numpy()
    names = ctx.regions.set_index("code")["name"]
    place = names.reindex(pd.Series(region).str[:6] + "000000").to_numpy()
    place = np.where(is_t, place + names.reindex(region).to_numpy(), names.reindex(region))
    if kind == "joint_branch":
        parent = np.where(is_t, "PT" + region, "PZ" + region)
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
