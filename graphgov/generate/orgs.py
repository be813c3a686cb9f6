"""Registered social organizations (社会团体, 社会服务机构, 基金会) with valid USCC ids.

Hubs come first (a hub and a support organization per city and county, and one in about half
of the townships), then the rest of each county's apportioned count. Kinds are split exactly
over hubs and others together, in the ratio of the rows each kind's path of
``registered_path`` needs (those existing on as_of and those gone by then).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.codes import USCC_ALPHABET
from graphgov.generate import _rand as rd
from graphgov.generate import history as hs
from graphgov.generate import names as nm
from graphgov.generate._context import Context
from graphgov.generate.config import AS_OF
from graphgov.schema import USCC_CATEGORY

_ALPHA = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
_VALUE = np.full(128, 0, dtype=np.int64)
_VALUE[_ALPHA] = np.arange(31)
_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
KINDS = ("social_group", "social_service", "foundation")


def uscc(rng: np.random.Generator, category: np.ndarray, division: np.ndarray) -> np.ndarray:
    """Unique USCC ids: ``5`` + category + 6-digit division + 9-character body + check.

    About 60% of bodies are new-style (``MJ`` + 7 characters, as civil affairs assigns them),
    the rest old organization codes (8 digits + their GB 11714 check character, 0-9 or X).
    Vectorised; the check character follows GB 32100-2015 (the same rule as
    :func:`graphgov.codes.uscc_check_char`).
    """
    n = len(category)
    head = np.frombuffer(
        "".join("5" + pd.Series(category) + pd.Series(division)).encode("ascii"), dtype=np.uint8
    ).reshape(n, 8)
    out = np.zeros((n, 18), dtype=np.uint8)
    out[:, :8] = head
    todo = np.arange(n)
    while len(todo):
        k = len(todo)
        body = _ALPHA[rng.integers(0, 31, (k, 9))]
        old = rng.random(k) < 0.4
        digits = rng.integers(0, 10, (int(old.sum()), 8))
        body[old, :8] = _ALPHA[digits]
        body[old, 8] = _org_code_check(digits)
        body[~old, 0], body[~old, 1] = ord("M"), ord("J")
        out[todo, 8:17] = body
        total = (_VALUE[out[todo, :17]] * _WEIGHTS).sum(axis=1)
        out[todo, 17] = _ALPHA[(31 - total % 31) % 31]
        codes = out.view("S18").ravel()
        dup = pd.Series(codes).duplicated(keep="first").to_numpy()
        todo = np.flatnonzero(dup)
    return out.view("S18").ravel().astype(str).astype(object)


def _org_code_check(digits: np.ndarray) -> np.ndarray:
    """GB 11714 check characters (ASCII codes) of 8-digit organization codes."""
    c = 11 - (digits * np.array([3, 7, 9, 10, 5, 8, 4, 2])).sum(axis=1) % 11
    return np.where(c == 10, ord("X"), np.where(c == 11, ord("0"), ord("0") + c)).astype(np.uint8)


def kind_paths(ctx: Context) -> dict[str, dict[str, float]]:
    """`registered_path` per kind: date -> organizations of that kind existing."""
    path = ctx.cfg.registered_path
    return {k: {d: float(v[i]) for d, v in path.items()} for i, k in enumerate(KINDS)}


def build_registered(ctx: Context) -> pd.DataFrame:
    """The registered organizations of the selected counties (plus province and city hubs):
    those existing on as_of and those gone by then (datasets/README.md, The generator,
    History)."""
    cfg, rng = ctx.cfg, ctx.rng("registered")
    hubs = _hubs(ctx, rng)
    span = (cfg.history_start, AS_OF, cfg.registered_gone_rate)
    rows_k = np.array([hs.rows_for(p, *span) for p in kind_paths(ctx).values()])
    per_county = ctx.county_counts(rows_k.sum())
    hub_in_county = hubs["county"].value_counts()
    n_other = (per_county - hub_in_county.reindex(per_county.index, fill_value=0)).clip(lower=0)
    others = pd.DataFrame({"county": np.repeat(n_other.index.to_numpy(), n_other.to_numpy())})
    # exact kind split over hubs and others together
    total = rd.apportion(len(hubs) + len(others), rows_k)
    left = np.maximum(total - hubs["kind"].value_counts().reindex(KINDS, fill_value=0), 0)
    left = rd.apportion(len(others), left.to_numpy())
    others["kind"] = rng.permutation(np.repeat(np.array(KINDS, dtype=object), left))
    others["hub_role"] = "none"
    _place(ctx, others, rng)
    orgs = pd.concat([hubs, others], ignore_index=True)
    n = len(orgs)
    is_hub = (orgs["hub_role"] != "none").to_numpy()
    # social-work agencies among the county-registered service agencies, urban ones first
    can = (orgs["kind"] == "social_service").to_numpy() & ~is_hub
    w = can * np.where(orgs["area_type"] == "urban", 3.0, 1.0)
    agency = np.zeros(n, bool)
    agency[rd.choose(rng, ctx.scaled(cfg.social_work_agencies), w)] = True
    orgs["social_work_agency"] = agency
    dom = orgs["domain"].to_numpy(dtype=object, copy=True)
    for kind in KINDS:
        rows = np.flatnonzero((orgs["kind"] == kind).to_numpy() & ~is_hub & ~agency)
        mix = cfg.domain_mix[kind]
        dom[rows] = rd.pick(rng, list(mix), len(rows), list(mix.values()))
    dom[agency] = "social_work"
    orgs["domain"] = dom
    orgs["party_members"] = _party_members(ctx, rng, orgs, is_hub)
    _dates(ctx, ctx.rng("registered_dates"), orgs, is_hub)
    _extras(ctx, rng, orgs, is_hub)
    tname = ctx.townships.set_index("code")["name"]
    orgs["township_name"] = tname.reindex(orgs["township"]).to_numpy()
    orgs["name"] = _names(ctx, rng, orgs)
    cat = orgs["kind"].map(USCC_CATEGORY).to_numpy()
    div = orgs["division"].to_numpy()
    orgs["org_id"] = uscc(rng, cat, div)
    return orgs


def _hubs(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    """Hub and support organizations: province, each city and county, ~half the townships."""
    reg = ctx.regions
    rows = []
    for level in ("province", "city", "county"):
        r = reg[reg["level"] == level]
        for role, kind, stem in (
            ("hub", "social_group", "社会组织联合会"),
            ("support", "social_service", "社会组织服务中心"),
        ):
            rows.append(
                pd.DataFrame(
                    {
                        "region_code": r["code"],
                        "county": r["county"] if level == "county" else np.nan,
                        "registered_at": level,
                        "base_level": level,
                        "hub_role": role,
                        "kind": kind,
                        "hub_name": r["name"].to_numpy() + nm.brands(rng, len(r)) + stem,
                    }
                )
            )
    t = ctx.townships
    share = ctx.cfg.township_hub_share * min(1.0, ctx.scale)
    t = t[rng.random(len(t)) < share]
    role = np.where(rng.random(len(t)) < 0.6, "hub", "support")
    stem = np.where(role == "hub", "社会组织服务中心", "社会组织发展促进会")
    county_names = reg.set_index("code")["name"]
    rows.append(
        pd.DataFrame(
            {
                "region_code": t["code"],
                "county": t["county"],
                "township": t["code"],
                "registered_at": np.where(_bare(ctx, t["county"]), "city", "county"),
                "base_level": "township",
                "hub_role": role,
                "kind": np.where(role == "hub", "social_service", "social_group"),
                "hub_name": county_names.reindex(t["county"]).to_numpy()
                + t["name"].to_numpy()
                + nm.brands(rng, len(t))
                + stem,
            }
        )
    )
    hubs = pd.concat(rows, ignore_index=True)
    hubs["domain"] = "community_service"
    hubs["area_type"] = np.nan
    return hubs


def _place(ctx: Context, orgs: pd.DataFrame, rng: np.random.Generator) -> None:
    """Registering level and base region of the non-hub organizations (in place)."""
    cfg, n = ctx.cfg, len(orgs)
    county = orgs["county"].to_numpy()
    capital = ctx.province[:2] + "01"  # the first city: the capital (杭州市, 南京市 ...)
    hangzhou = np.isin(county, ctx.counties.loc[ctx.counties["code"].str[:4] == capital, "code"])
    fnd = (orgs["kind"] == "foundation").to_numpy()
    mix = np.array([list(cfg.registered_at_mix.values())] * n, dtype=float)
    mix[fnd] = list(cfg.foundation_registered_at_mix.values())
    mix[hangzhou, 0] *= 3.0
    mix /= mix.sum(axis=1, keepdims=True)
    levels = np.array(list(cfg.registered_at_mix), dtype=object)
    at = levels[_row_choice(rng, mix)]
    orgs["registered_at"] = np.where(_bare(ctx, county) & (at == "county"), "city", at)
    upper = (orgs["registered_at"] != "county").to_numpy()
    base = rd.pick(rng, list(cfg.base_level_mix), n, list(cfg.base_level_mix.values()))
    up_mix = cfg.upper_base_level_mix
    base[upper] = rd.pick(rng, list(up_mix), int(upper.sum()), list(up_mix.values()))
    orgs["base_level"] = base
    # base region
    comm = ctx.communities.sort_values(["county", "code"])
    towns = ctx.townships.sort_values(["county", "code"])
    codes = pd.Index(ctx.counties["code"].sort_values())
    gi = codes.get_indexer(county)
    cw = np.where(comm["area_type"] == "urban", cfg.urban_placement_weight, 1.0)
    ci = rd.pick_in_groups(rng, gi, codes.get_indexer(comm["county"]), cw)
    tw = np.where(towns["code"].str[6] == "0", 2.0, 1.0)  # streets attract more
    ti = rd.pick_in_groups(rng, gi, codes.get_indexer(towns["county"]), tw)
    region = np.where(base == "city", pd.Series(county).str[:4].to_numpy() + "00000000", county)
    region = region.astype(object)
    at_t = (base == "township") & (ti >= 0)
    at_c = (base == "community") & (ci >= 0)
    region[at_t] = towns["code"].to_numpy()[ti[at_t]]
    region[at_c] = comm["code"].to_numpy()[ci[at_c]]
    orgs["region_code"] = region
    orgs["base_level"] = np.where(at_c, "community", np.where(at_t, "township", base))
    orgs["township"] = np.where(at_t | at_c, pd.Series(region).str[:9] + "000", np.nan)
    orgs["area_type"] = np.where(at_c, comm["area_type"].to_numpy()[np.maximum(ci, 0)], np.nan)
    orgs["domain"] = np.nan


def _bare(ctx: Context, county: np.ndarray | pd.Series) -> np.ndarray:
    """Whether each county-level code is a city without counties (东莞市), which registers
    the organizations a county would."""
    return np.isin(
        np.asarray(county, dtype=object), ctx.counties.loc[ctx.counties["level"] == "city", "code"]
    )


def _row_choice(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """Per-row categorical draws from a row-stochastic matrix."""
    u = rng.random(len(p))[:, None]
    return (u > np.cumsum(p, axis=1)).sum(axis=1).clip(max=p.shape[1] - 1)


def _party_members(ctx: Context, rng, orgs: pd.DataFrame, is_hub: np.ndarray) -> np.ndarray:
    cfg, n = ctx.cfg, len(orgs)
    u = rng.random(n)
    none = (u < cfg.no_member_share) & ~is_hub
    few = (u >= cfg.no_member_share) & (u < cfg.no_member_share + cfg.few_member_share) & ~is_hub
    big = orgs["domain"].isin(["education", "health"]).to_numpy() & (orgs["kind"] != "social_group")
    mean = np.where(big, 2.0, 1.0) * (cfg.members_mean_if_three - 3)
    k = 0.8
    many = 3 + rng.negative_binomial(k, k / (k + mean))
    return np.where(none, 0, np.where(few, rng.integers(1, 3, n), many)).astype(np.int64)


def _dates(ctx: Context, rng: np.random.Generator, orgs: pd.DataFrame, is_hub: np.ndarray) -> None:
    """Founding, leaving and abnormal-list dates, and the status on as_of (in place).

    Hubs are founded from 2008 (city and county ones by 2016, township ones by 2020) and
    never leave; the others of each kind follow its path of `registered_path`.
    """
    cfg, n = ctx.cfg, len(orgs)
    founded = np.full(n, hs.NAT)
    gone = np.full(n, hs.NAT)
    town_hub = is_hub & (orgs["base_level"] == "township").to_numpy()
    founded[is_hub] = rd.dates(rng, "2008-01-01", "2016-12-31", int(is_hub.sum()))
    founded[town_hub] = rd.dates(rng, "2013-01-01", "2020-10-31", int(town_hub.sum()))
    kind = orgs["kind"].to_numpy()
    for k, path in kind_paths(ctx).items():
        rows = np.flatnonzero((kind == k) & ~is_hub)
        hubs = founded[(kind == k) & is_hub]
        span = (cfg.history_start, AS_OF, cfg.registered_gone_rate)
        f, g = hs.lifecycle(rng, len(rows), path, *span, besides=hubs)
        founded[rows], gone[rows] = f, g
    listed = hs.day(cfg.abnormal_list_from)
    end = hs.day(AS_OF)
    here = np.isnat(gone) & ~is_hub & (founded <= end - 180)
    pool = rng.permutation(np.flatnonzero(here))
    k_now = int(round(cfg.abnormal_share * np.isnat(gone).sum()))
    k_past = int(round(cfg.abnormal_past_share * np.isnat(gone).sum()))
    now, past = pool[:k_now], pool[k_now : k_now + k_past]
    since = np.full(n, hs.NAT)
    until = np.full(n, hs.NAT)
    lo = np.maximum(founded + 180, listed)
    since[now] = hs.between_days(rng, lo[now], np.full(len(now), end))
    since[past] = hs.between_days(rng, lo[past], np.full(len(past), end - 60))
    stay = rng.integers(60, 540, len(past)).astype("timedelta64[D]")
    until[past] = np.minimum(since[past] + stay, end)
    # revoked (撤销): a share of those leaving after a stay on the list, which ran till then
    late = np.flatnonzero(~np.isnat(gone) & (gone >= listed + 180) & (founded < gone - 180))
    revoked = late[rng.random(len(late)) < cfg.revoked_share]
    since[revoked] = hs.between_days(rng, np.maximum(founded[revoked], listed), gone[revoked] - 90)
    status = np.full(n, "active", dtype=object)
    status[~np.isnat(gone)] = "deregistered"
    status[revoked] = "revoked"
    status[now] = "abnormal"
    orgs["status"] = status
    orgs["founded_d"], orgs["gone_d"] = founded, gone
    orgs["ab_since_d"], orgs["ab_until_d"] = since, until
    orgs["founded"] = rd.date_str(founded)
    orgs["deregistered_on"] = rd.date_str(gone)
    orgs["abnormal_since"] = rd.date_str(since)
    orgs["abnormal_until"] = rd.date_str(until)


def _extras(ctx: Context, rng, orgs: pd.DataFrame, is_hub: np.ndarray) -> None:
    """Star rating, purchase catalogue, decoupling (optional columns)."""
    cfg, n = ctx.cfg, len(orgs)
    rated = (rng.random(n) < cfg.rated_share) | is_hub
    stars = rng.choice(np.arange(1, 6), n, p=[0.05, 0.15, 0.35, 0.3, 0.15])
    stars = np.where(is_hub, np.maximum(stars, 4), stars)
    orgs["star_rating"] = pd.array(np.where(rated, stars, 0), dtype="Int64")
    orgs.loc[~rated, "star_rating"] = pd.NA
    active = (orgs["status"] == "active").to_numpy()
    w = active * (
        np.where(orgs["kind"] == "social_service", 3.0, 1.0)
        + 4.0 * orgs["social_work_agency"].to_numpy()
        + 10.0 * is_hub
    )
    cat = np.zeros(n, bool)
    cat[rd.choose(rng, ctx.scaled(cfg.purchase_catalogue), w)] = True
    orgs["purchase_catalogue"] = cat
    ind = (orgs["domain"] == "industry_association").to_numpy()
    dec = pd.array(rng.random(n) < cfg.decoupled_share, dtype="boolean")
    dec[~ind] = pd.NA
    orgs["decoupled"] = dec
    orgs["division"] = np.select(
        [orgs["registered_at"] == "province", orgs["registered_at"] == "city"],
        [ctx.province[:6], orgs["region_code"].str[:4] + "00"],
        orgs["region_code"].str[:6],
    )


def _names(ctx: Context, rng: np.random.Generator, orgs: pd.DataFrame) -> np.ndarray:
    """Registering area (with the township for half the local ones) + brand + stem."""
    label = ctx.regions.set_index("code")["name"]
    region = pd.Series(orgs["region_code"])
    city = label.reindex(region.str[:4] + "00000000").fillna("").to_numpy()
    county = label.reindex(region.str[:6] + "000000").fillna("").to_numpy()
    at = orgs["registered_at"].to_numpy()
    prefix = np.select([at == "province", at == "city"], [ctx.province_name, city], county)
    local = orgs["township"].notna().to_numpy() & (at == "county")
    local &= rng.random(len(orgs)) < 0.5
    prefix = np.where(local, prefix + orgs["township_name"].fillna("").to_numpy(), prefix)
    key = pd.Series(list(zip(orgs["kind"], orgs["domain"], strict=True)))
    stem = nm.stems_for(rng, key, nm.REGISTERED_STEMS, nm.KIND_STEMS, lambda k: k[0])
    agency = orgs["social_work_agency"].to_numpy()
    stem[agency] = np.where(rng.random(int(agency.sum())) < 0.7, "社会工作服务中心", "社工服务社")
    out = nm.unique_names(rng, prefix, stem)
    hub_name = orgs["hub_name"].to_numpy()
    return np.where(orgs["hub_role"] != "none", hub_name, out)


__all__ = ["build_registered", "uscc"]
