"""Posts in organizations and Party organizations: leaders, Party secretaries, liaisons and
instructors for uncovered organizations, and cross-appointments (交叉任职) of community
cadres into the social organizations of their township."""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate._context import Context
from graphgov.generate.party import PartyResult
from graphgov.generate.people import NAT, Registry
from graphgov.schema import COVERING_PARTY_ORG_KINDS as _COVERING

AS_OF_LAST = "2020-11-30"


def _days(values) -> np.ndarray:
    return pd.to_datetime(pd.Series(values)).to_numpy().astype("datetime64[D]")


def org_posts(ctx: Context, reg: Registry, orgs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Chairs / directors, secretaries-general and vice-chairs of registered organizations.

    Returns the leader of each organization and whether the leader is a Party member.
    """
    rng = ctx.rng("org_posts")
    n = len(orgs)
    ids = orgs["org_id"].to_numpy()
    service = (orgs["kind"] == "social_service").to_numpy()
    founded = _days(orgs["founded"])
    dereg = (orgs["status"] == "deregistered").to_numpy()
    party = rng.random(n) < np.where(orgs["party_members"].to_numpy() > 0, 0.6, 0.05)
    leader = reg.new(n, party)
    start = rd.between(rng, np.maximum(founded, np.datetime64("2012-01-01")), AS_OF_LAST)
    gone = rd.between(rng, np.maximum(start + 30, np.datetime64("2019-01-01")), "2020-12-15")
    end = np.where(dereg, gone, NAT)
    reg.post(leader, "org", ids, np.where(service, "director", "chair"), start, end)
    prior = np.flatnonzero(((start - founded).astype(np.int64) > 3 * 365) & (rng.random(n) < 0.3))
    former = reg.new(len(prior), rng.random(len(prior)) < 0.3)
    role = np.where(service[prior], "director", "chair")
    reg.post(former, "org", ids[prior], role, founded[prior], start[prior] - 1)
    for role, share, p_party in (("secretary_general", 1.0, 0.3), ("vice_chair", 0.3, 0.4)):
        rows = np.flatnonzero(~service & (rng.random(n) < share))
        who = reg.new(len(rows), rng.random(len(rows)) < p_party)
        reg.post(who, "org", ids[rows], role, start[rows], end[rows])
    return leader, party


def community_org_posts(ctx: Context, reg: Registry, corgs: pd.DataFrame, local: dict) -> None:
    """One lead per filed community organization; some are community cadres or workers."""
    cfg, rng = ctx.cfg, ctx.rng("community_org_posts")
    n = len(corgs)
    codes = pd.Index(ctx.communities["code"])
    cidx = codes.get_indexer(corgs["region_code"])
    order = np.argsort(local["local_comm"], kind="stable")
    from_local = rng.random(n) < cfg.community_org_local_lead_share
    pick = rd.pick_in_groups(rng, cidx[from_local], local["local_comm"][order])
    person = np.empty(n, dtype=np.int64)
    got = np.flatnonzero(from_local)[pick >= 0]
    person[got] = local["local"][order][pick[pick >= 0]]
    fresh = np.setdiff1d(np.arange(n), got)
    home = corgs["region_code"].to_numpy()[fresh]
    person[fresh] = reg.new(len(fresh), rng.random(len(fresh)) < 0.25, home=home)
    founded = _days(corgs["founded"])
    dereg = (corgs["status"] == "deregistered").to_numpy()
    end = np.where(dereg, rd.between(rng, founded + 30, "2020-12-15"), NAT)
    role = np.where(rng.random(n) < 0.6, "volunteer_lead", "chair")
    reg.post(person, "org", corgs["org_id"].to_numpy(), role, founded, end)


def party_posts(
    ctx: Context,
    reg: Registry,
    orgs: pd.DataFrame,
    party: PartyResult,
    leader: np.ndarray,
    leader_party: np.ndarray,
    community_secretary: np.ndarray,
) -> None:
    """Secretaries (and deputies) of every Party organization but the community ones.

    `leader` and `leader_party` come from :func:`org_posts`; `community_secretary` is the
    sitting secretary of each selected community.
    """
    rng = ctx.rng("party_posts")
    po = party.party_orgs
    kind = po["kind"].to_numpy()
    pid = po["party_org_id"].to_numpy()
    upper = np.flatnonzero(~np.isin(kind, ["community", *_COVERING]))
    start = rd.dates(rng, "2016-01-01", AS_OF_LAST, len(upper))
    reg.post(reg.new(len(upper), True), "party_org", pid[upper], "secretary", start)
    terr = upper[kind[upper] == "territorial_committee"]
    t_start = rd.dates(rng, "2016-01-01", AS_OF_LAST, len(terr))
    reg.post(reg.new(len(terr), True), "party_org", pid[terr], "deputy_secretary", t_start)
    cov = party.covers
    first = cov.groupby("party_org_id", sort=False).agg(
        org=("org", "first"), since=("since", "min")
    )
    rows = pd.Index(pid).get_indexer(first.index)
    org = first["org"].to_numpy()
    since = _days(first["since"])
    k = kind[rows]
    same = np.isin(k, ["branch", "general_branch", "committee", "extended"]) & leader_party[org]
    same &= rng.random(len(rows)) < 0.5
    sec = np.empty(len(rows), dtype=np.int64)
    sec[same] = leader[org[same]]
    # joint branches: a third led by a community secretary of the same township (交叉任职)
    joint = np.flatnonzero((k == "joint_branch") & (rng.random(len(rows)) < 0.35))
    comm = ctx.communities
    towns = pd.Index(np.unique(comm["township"].to_numpy().astype(str)))
    c_order = np.argsort(comm["township"].to_numpy().astype(str), kind="stable")
    hit = rd.pick_in_groups(
        rng,
        towns.get_indexer(po["region_code"].to_numpy()[rows[joint]]),
        towns.get_indexer(comm["township"].to_numpy()[c_order]),
    )
    cross = joint[hit >= 0]
    sec[cross] = community_secretary[c_order[hit[hit >= 0]]]
    fresh = np.setdiff1d(np.arange(len(rows)), np.r_[np.flatnonzero(same), cross])
    sec[fresh] = reg.new(len(fresh), True)
    reg.make_party(sec[same])
    reg.post(sec, "party_org", pid[rows], "secretary", since)
    staff = fresh[k[fresh] != "functional"]
    reg.post(sec[staff], "org", orgs["org_id"].to_numpy()[org[staff]], "staff", since[staff])
    big = np.flatnonzero(np.isin(k, ["general_branch", "committee"]))
    reg.post(reg.new(len(big), True), "party_org", pid[rows[big]], "deputy_secretary", since[big])


def cross_posts(
    ctx: Context, reg: Registry, orgs: pd.DataFrame, party: PartyResult, people: dict
) -> None:
    """A share of community secretaries and committee members also hold a post in a social
    organization, or a covering Party organization, of their township."""
    cfg, rng = ctx.cfg, ctx.rng("cross_posts")
    comm = ctx.communities
    township = comm["township"].to_numpy().astype(str)
    persons = np.r_[people["secretary"], people["member"]]
    where = np.r_[np.arange(len(comm)), people["member_comm"]]
    chosen = np.flatnonzero(rng.random(len(persons)) < cfg.cross_appointment_share)
    po = party.party_orgs
    is_cov = po["kind"].isin(_COVERING).to_numpy()
    po_town = po["region_code"].str[:9].to_numpy()[is_cov] + "000"
    active = (orgs["status"] == "active").to_numpy() & orgs["township"].notna().to_numpy()
    bodies = pd.DataFrame(
        {
            "town": np.r_[po_town, orgs["township"].to_numpy()[active].astype(str)],
            "id": np.r_[po["party_org_id"].to_numpy()[is_cov], orgs["org_id"].to_numpy()[active]],
            "type": np.r_[np.full(is_cov.sum(), "party_org"), np.full(active.sum(), "org")],
        }
    ).sort_values(["town", "id"], ignore_index=True)
    towns = pd.Index(np.unique(np.r_[township, bodies["town"].to_numpy()]))
    hit = rd.pick_in_groups(
        rng, towns.get_indexer(township[where[chosen]]), towns.get_indexer(bodies["town"])
    )
    ok = hit >= 0
    who, body = persons[chosen[ok]], bodies.iloc[hit[ok]]
    start = rd.dates(rng, "2018-01-01", AS_OF_LAST, len(who))
    for btype, role in (("party_org", "committee_member"), ("org", "vice_chair")):
        m = (body["type"] == btype).to_numpy()
        reg.post(who[m], btype, body["id"].to_numpy()[m], role, start[m])


def liaison_posts(
    ctx: Context, reg: Registry, orgs: pd.DataFrame, party: PartyResult
) -> np.ndarray:
    """Liaisons (联络员) and instructors (指导员) for active organizations with no Party
    organization; a handful get none, an expired one, or one that starts after as_of.

    Returns the organizations left without work coverage.
    """
    cfg, rng = ctx.cfg, ctx.rng("liaisons")
    ids = orgs["org_id"].to_numpy()
    n_active = int((orgs["status"] == "active").sum())
    unc = np.sort(party.uncovered)
    k_gap = min(int(np.floor(cfg.work_gap_share * n_active)), len(unc))
    gap = np.sort(rng.choice(unc, k_gap, replace=False)) if k_gap else unc[:0]
    served = np.setdiff1d(unc, gap)
    county = orgs["county"].fillna(orgs["region_code"]).to_numpy().astype(str)
    served = served[np.argsort(county[served], kind="stable")]
    chunk, _ = rd.chunks(county[served], int(round(cfg.orgs_per_liaison)))
    n_people = int(chunk.max()) + 1 if len(chunk) else 0
    people = reg.new(n_people, True)
    role = np.where(rng.random(n_people) < 0.6, "liaison", "instructor")
    start = rd.dates(rng, "2018-04-01", "2020-10-31", len(served))
    end = np.where(rng.random(len(served)) < 0.3, np.datetime64("2021-12-31"), NAT)
    reg.post(people[chunk], "org", ids[served], role[chunk], start, end)
    fate = rng.random(len(gap))
    expired, future = gap[fate < 0.4], gap[(fate >= 0.4) & (fate < 0.7)]
    e_start = rd.dates(rng, "2018-04-01", "2019-06-30", len(expired))
    e_end = rd.dates(rng, "2019-07-01", "2020-11-30", len(expired))
    reg.post(reg.new(len(expired), True), "org", ids[expired], "liaison", e_start, e_end)
    f_start = rd.dates(rng, "2021-02-01", "2021-04-30", len(future))
    reg.post(reg.new(len(future), True), "org", ids[future], "instructor", f_start)
    # former liaisons of small organizations that have since formed or joined a branch
    cov = party.covers
    since = _days(cov["since"])
    small = orgs["party_members"].to_numpy()[cov["org"].to_numpy()] < 3
    late = since > np.datetime64("2018-06-01")
    was = np.flatnonzero(small & late & (rng.random(len(cov)) < 0.3))
    former = reg.new(len(was), True)
    w_start = np.full(len(was), np.datetime64("2018-04-15"))
    reg.post(former, "org", cov["org_id"].to_numpy()[was], "liaison", w_start, since[was] - 1)
    return gap
