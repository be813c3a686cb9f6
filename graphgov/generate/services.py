"""Services (serves / supports / incubates / purchased) and facilities.

Hub reach is deliberately incomplete: township hubs reach their own township, county hubs
serve about a third of their county's townships and support scattered organizations, so a
planner finds communities no hub reaches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate import history as hs
from graphgov.generate._context import Context
from graphgov.generate.config import AS_OF
from graphgov.generate.people import NAT


class _Groups:
    """Items (community codes, township codes, org ids) sorted by a group key, for draws."""

    def __init__(self, keys, items, weights=None) -> None:
        keys = np.asarray(keys).astype(str)
        order = np.argsort(keys, kind="stable")
        self.index = pd.Index(np.unique(keys))
        self.groups = self.index.get_indexer(keys[order])
        self.items = np.asarray(items, dtype=object)[order]
        self.weights = None if weights is None else np.asarray(weights, dtype=float)[order]

    def draw(self, rng, keys) -> np.ndarray:
        """One item per key (``None`` where the key has no items)."""
        g = self.index.get_indexer(np.asarray(keys).astype(str))
        hit = rd.pick_in_groups(rng, g, self.groups, self.weights)
        hit = np.where(g < 0, -1, hit)
        out = np.full(len(g), None, dtype=object)
        out[hit >= 0] = self.items[hit[hit >= 0]]
        return out


def _frame(provider, ttype, target, kind, start, end=None) -> pd.DataFrame:
    """Service rows, without those whose target could not be drawn."""
    provider, target = np.asarray(provider, dtype=object), np.asarray(target, dtype=object)
    ok = pd.notna(target)
    end = np.full(len(provider), NAT) if end is None else end
    f = pd.DataFrame(
        {
            "provider_id": provider,
            "target_type": ttype,
            "target_id": target,
            "kind": kind,
            "start": start,
            "end": end,
        }
    )
    return f[ok]


def build_services(ctx: Context, orgs: pd.DataFrame, corgs: pd.DataFrame) -> pd.DataFrame:
    """Services of the registered `orgs` and community organizations `corgs`."""
    cfg, rng = ctx.cfg, ctx.rng("services")
    comm, towns = ctx.communities, ctx.townships
    urban_w = np.where(comm["area_type"] == "urban", 4.0, 1.0)
    c_county = _Groups(comm["county"], comm["code"], urban_w)
    c_town = _Groups(comm["township"], comm["code"])
    t_county = _Groups(towns["county"], towns["code"])
    ids = orgs["org_id"].to_numpy()
    county = orgs["county"].fillna(orgs["region_code"]).to_numpy().astype(str)
    town = orgs["township"].to_numpy()
    founded = pd.to_datetime(orgs["founded"]).to_numpy().astype("datetime64[D]")
    hub = (orgs["hub_role"] != "none").to_numpy()
    agency = orgs["social_work_agency"].to_numpy()
    frames = []
    # organizations serving communities and townships (beyond where they are based)
    serving = np.flatnonzero(~hub & ~agency & (rng.random(len(orgs)) < cfg.serving_share))
    rows = np.repeat(serving, 1 + rng.poisson(1.5, len(serving)))
    local = pd.notna(town[rows]) & (rng.random(len(rows)) < 0.7)
    near = c_town.draw(rng, town[rows].astype(str))
    target = np.where(local, near, c_county.draw(rng, county[rows]))
    frames.append(_dated(rng, _frame(ids[rows], "community", target, "serves", founded[rows])))
    tw = serving[rng.random(len(serving)) < 0.1]
    target = t_county.draw(rng, county[tw])
    frames.append(_dated(rng, _frame(ids[tw], "township", target, "serves", founded[tw])))
    # social-work agencies serve several communities of their county, urban ones first
    ag = np.flatnonzero(agency)
    rows = np.repeat(ag, 1 + rng.poisson(cfg.agency_communities_mean, len(ag)))
    target = c_county.draw(rng, county[rows])
    served = _frame(ids[rows], "community", target, "serves", founded[rows])
    frames.append(_dated(rng, served, ended=0.05))
    # county hubs serve a share of their county's townships
    county_hub = hub & (orgs["base_level"] == "county").to_numpy()
    ch = pd.DataFrame({"provider_id": ids, "county": county})[county_hub]
    pairs = ch.merge(towns[["county", "code"]], on="county")
    pairs = pairs[rng.random(len(pairs)) < cfg.county_hub_township_share]
    lo = np.full(len(pairs), np.datetime64("2016-01-01"))
    served = _frame(pairs["provider_id"], "township", pairs["code"], "serves", lo)
    frames.append(_dated(rng, served.reset_index(drop=True)))
    frames.append(_hub_links(ctx, rng, orgs, corgs))
    frames.append(_purchased(ctx, rng, orgs, c_town, t_county))
    s = pd.concat(frames, ignore_index=True)
    s = s.drop_duplicates(["provider_id", "target_type", "target_id", "kind"], ignore_index=True)
    s = _within_lives(s, pd.concat([orgs, corgs]))
    s["start"], s["end"] = rd.date_str(s["start"].to_numpy()), rd.date_str(s["end"].to_numpy())
    return s


def _within_lives(s: pd.DataFrame, every: pd.DataFrame) -> pd.DataFrame:
    """Services start no earlier than their provider (and an organization they are for) is
    founded and end before it is gone; a service with no day left is dropped."""
    life = every.set_index("org_id")[["founded_d", "gone_d"]]
    start = s["start"].to_numpy().astype("datetime64[D]")
    end = s["end"].to_numpy().astype("datetime64[D]")
    for col, is_org in (("provider_id", None), ("target_id", s["target_type"] == "org")):
        f = life["founded_d"].reindex(s[col]).to_numpy().astype("datetime64[D]")
        g = life["gone_d"].reindex(s[col]).to_numpy().astype("datetime64[D]")
        if is_org is not None:
            keep = is_org.to_numpy()
            f, g = np.where(keep, f, hs.NAT), np.where(keep, g, hs.NAT)
        start = np.fmax(start, f)
        end = np.fmin(end, g - 1)
    ok = np.isnat(end) | (start <= end)
    return s.assign(start=start, end=end)[ok].reset_index(drop=True)


def _dated(rng, f: pd.DataFrame, ended: float = 0.12, future: float = 0.04) -> pd.DataFrame:
    """Starts after the provider's founding (and 2016); some ended, some start after as_of."""
    lo = np.maximum(f["start"].to_numpy().astype("datetime64[D]"), np.datetime64("2016-01-01"))
    start = rd.between(rng, lo, "2020-11-30")
    u = rng.random(len(f))
    end = np.where(u < ended, start + rng.integers(90, 720, len(f)).astype("timedelta64[D]"), NAT)
    end = np.where(end > np.datetime64("2020-12-15"), np.datetime64("2020-12-15"), end)
    end = np.where(end < start, start, end)
    fut = u > 1 - future
    start = np.where(fut, rd.dates(rng, "2021-01-04", "2021-04-30", len(f)), start)
    return f.assign(start=start, end=np.where(fut, NAT, end))


def _hub_links(ctx: Context, rng, orgs: pd.DataFrame, corgs: pd.DataFrame) -> pd.DataFrame:
    """Hubs support registered organizations and incubate community ones."""
    cfg, scale = ctx.cfg, ctx.scale
    act = orgs[(orgs["status"] == "active") & (orgs["hub_role"] == "none")]
    cact = corgs[(corgs["status"] == "active") & (corgs["hub_role"] == "none")]
    level = orgs["base_level"].to_numpy()
    hub = (orgs["hub_role"] != "none").to_numpy()
    frames = []
    groups = {
        "county": (act["county"], cact["county"]),
        "township": (act["township"].fillna("-"), cact["township"]),
        "city": (act["region_code"].str[:4], cact["region_code"].str[:4]),
        "province": (np.zeros(len(act)), np.zeros(len(cact))),
    }
    key_of = {
        "county": orgs["county"],
        "township": orgs["township"],
        "city": orgs["region_code"].str[:4],
        "province": pd.Series(np.zeros(len(orgs)), index=orgs.index),
    }
    means = {
        "county": (cfg.hub_supports_mean, cfg.hub_incubates_mean),
        "township": (4.0, 8.0),
        "city": (30.0, 0.0),
        "province": (40.0, 0.0),
    }
    for lvl, (m_sup, m_inc) in means.items():
        h = np.flatnonzero(hub & (level == lvl))
        keys = key_of[lvl].to_numpy()
        for kind, mean, pool, pool_keys in (
            ("supports", m_sup, act["org_id"], groups[lvl][0]),
            ("incubates", m_inc, cact["org_id"], groups[lvl][1]),
        ):
            rows = np.repeat(h, rng.poisson(mean * scale, len(h)))
            target = _Groups(pool_keys, pool).draw(rng, keys[rows])
            start = rd.dates(rng, "2017-01-01", "2020-11-30", len(rows))
            years = rng.integers(1, 3, len(rows)) if kind == "incubates" else np.zeros(len(rows))
            end = np.where(years > 0, start + (365 * years).astype("timedelta64[D]"), NAT)
            frames.append(_frame(orgs["org_id"].to_numpy()[rows], "org", target, kind, start, end))
    return pd.concat(frames, ignore_index=True)


def _purchased(ctx: Context, rng, orgs: pd.DataFrame, c_town, t_county) -> pd.DataFrame:
    """Government purchase of services (政府购买服务) from catalogue organizations."""
    cat = np.flatnonzero(orgs["purchase_catalogue"].to_numpy())
    rows = np.repeat(cat, 1 + rng.poisson(0.7, len(cat)))
    town = orgs["township"].to_numpy()[rows]
    county = orgs["county"].fillna(orgs["region_code"]).to_numpy()[rows].astype(str)
    has_town = pd.notna(town)
    u = rng.random(len(rows))
    # the community it is based in; its township; another community of its township;
    # else a township of its county
    own = (orgs["base_level"].to_numpy()[rows] == "community") & (u < 0.6)
    to_town = ~own & has_town & (u >= 0.8)
    nearby = ~own & ~to_town & has_town
    elsewhere = ~own & ~has_town
    target = np.full(len(rows), None, dtype=object)
    target[own] = orgs["region_code"].to_numpy()[rows][own]
    target[to_town] = town[to_town]
    target[nearby] = c_town.draw(rng, town[nearby].astype(str))
    target[elsewhere] = t_county.draw(rng, county[elsewhere])
    ttype = np.where(to_town | elsewhere, "township", "community")
    names = ctx.regions.set_index("code")["name"]
    bureau = names.reindex(county).fillna("").to_numpy() + "民政局"
    office = names.reindex(np.where(ttype == "township", target, town).astype(str))
    office = np.where(office.isna(), bureau, office.fillna("").to_numpy())
    office = np.where(pd.Series(office).str.endswith("街道"), office + "办事处", office)
    office = np.where(pd.Series(office).str.endswith(("镇", "乡")), office + "人民政府", office)
    purchaser = np.where(rng.random(len(rows)) < 0.6, bureau, office)
    start = rd.dates(rng, "2018-01-01", "2021-03-01", len(rows))
    amount = np.round(rng.lognormal(np.log(ctx.cfg.purchase_median_cny), 0.9, len(rows)), -3)
    f = _frame(orgs["org_id"].to_numpy()[rows], ttype, target, "purchased", start, start + 364)
    amount = pd.array(np.maximum(amount, 5000.0).astype(np.int64)[f.index], dtype="Int64")
    return f.assign(amount_cny=amount, purchaser=purchaser[f.index])


def build_facilities(ctx: Context, orgs: pd.DataFrame, corgs: pd.DataFrame) -> pd.DataFrame:
    """Party-mass service centres, social-organization service centres, social-work stations."""
    cfg, rng = ctx.cfg, ctx.rng("facilities")
    reg = ctx.regions
    upper = reg[reg["level"].isin(["city", "county"])]["code"].to_numpy()
    towns, comm = ctx.townships, ctx.communities
    hubs = pd.concat([orgs, corgs])
    hubs = hubs[hubs["hub_role"] != "none"]
    support = hubs[hubs["hub_role"] == "support"].drop_duplicates("region_code")
    support = support.set_index("region_code")["org_id"]
    anyhub = hubs.drop_duplicates("region_code").set_index("region_code")["org_id"]
    lead = hubs[hubs["hub_role"] == "hub"].drop_duplicates("region_code")
    lead = lead.set_index("region_code")["org_id"]
    std_share = cfg.standardized_party_centres / 101  # the province's cities and counties
    streets = towns["code"][(towns["code"].str[6] == "0").to_numpy()]
    street_sel = streets[rng.random(len(streets)) < cfg.service_centre_street_share]
    urban = comm["code"][(comm["area_type"] == "urban").to_numpy()]
    urban_sel = urban[rng.random(len(urban)) < cfg.service_centre_community_share]
    # (kind, where, operator, standardized share, opened from, opened by)
    parts = [
        ("party_mass_service_center", towns["code"], None, 0.5, "2012-01-01", "2020-06-30"),
        ("party_mass_service_center", comm["code"], None, 0.5, "2012-01-01", "2020-06-30"),
        ("party_mass_service_center", upper, lead, std_share, "2014-01-01", "2018-12-31"),
        ("social_org_service_center", upper, support, 0.6, "2010-01-01", "2018-06-30"),
        ("social_org_service_center", street_sel, anyhub, 0.3, "2014-01-01", "2018-12-31"),
        ("social_org_service_center", urban_sel, anyhub, 0.2, "2014-01-01", "2018-12-31"),
    ]
    frames = []
    for kind, where, operator, std, lo, hi in parts:
        where = np.asarray(where, dtype=object)
        if isinstance(operator, pd.Series):
            operator = operator.reindex(where).to_numpy()
        frame = pd.DataFrame({"kind": kind, "region_code": where, "operator_org_id": operator})
        frames.append(
            frame.assign(
                standardized=rng.random(len(where)) < std,
                opened=rd.dates(rng, lo, hi, len(where)),
                closed=np.full(len(where), NAT),
            )
        )
    frames.append(_stations(ctx, rng, orgs))
    fac = pd.concat(frames, ignore_index=True)
    # not opened before its operator was founded
    founded = pd.concat([orgs, corgs]).set_index("org_id")["founded_d"]
    op_f = founded.reindex(fac["operator_org_id"]).to_numpy().astype("datetime64[D]")
    opened = np.fmax(fac["opened"].to_numpy().astype("datetime64[D]"), op_f)
    closed = fac["closed"].to_numpy().astype("datetime64[D]")
    closed = np.where(np.isnat(closed), NAT, np.maximum(closed, opened + 1))
    fac["opened"], fac["closed"] = rd.date_str(opened), rd.date_str(closed)
    fac.insert(0, "facility_id", rd.seq_ids("F" + ctx.id_tag, 1, len(fac)))
    return fac


def _stations(ctx: Context, rng, orgs: pd.DataFrame) -> pd.DataFrame:
    """Social-work stations (社会工作站/室) following ``social_work_stations_path``: a fifth
    at townships, the rest in communities (urban ones three times as likely); half run by a
    social-work agency of the county."""
    cfg = ctx.cfg
    towns, comm = ctx.townships, ctx.communities
    span = ("2012-01-01", AS_OF, cfg.station_closed_rate)
    k = ctx.scaled(hs.rows_for(cfg.social_work_stations_path, *span))
    cw = np.where(comm["area_type"] == "urban", 3.0, 1.0)
    k_t = min(int(round(k * 0.2)), len(towns))
    at_t = towns["code"].to_numpy()[rd.choose(rng, k_t, np.ones(len(towns)))]
    at_c = comm["code"].to_numpy()[rd.choose(rng, k - k_t, cw)]
    agencies = orgs[orgs["social_work_agency"] & (orgs["status"] == "active")]
    op = _Groups(agencies["county"], agencies["org_id"])
    where = np.r_[at_c, at_t].astype(object)
    operator = op.draw(rng, pd.Series(where).str[:6].to_numpy() + "000000")
    operator[rng.random(len(where)) < 0.5] = None
    path = cfg.social_work_stations_path
    opened, closed = hs.lifecycle(rng, len(where), path, *span, stock_from="2012-01-01")
    # one opened before its agency was founded is run by the community (no operator)
    op_f = agencies.set_index("org_id")["founded_d"].reindex(operator).to_numpy()
    operator[op_f.astype("datetime64[D]") > opened] = None
    return pd.DataFrame(
        {
            "kind": "social_work_station",
            "region_code": where,
            "operator_org_id": operator,
            "standardized": rng.random(len(where)) < 0.4,
            "opened": opened,
            "closed": closed,
        }
    )
