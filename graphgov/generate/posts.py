"""Posts in organizations and Party organizations: leaders, Party secretaries, liaisons and
instructors for uncovered organizations, and cross-appointments (交叉任职) of community
cadres into the social organizations of their township."""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate import coverage as cov_plan
from graphgov.generate import history as hs
from graphgov.generate._context import Context
from graphgov.generate.config import AS_OF, SEED_DATE
from graphgov.generate.party import PartyResult
from graphgov.generate.people import Registry
from graphgov.schema import COVERING_PARTY_ORG_KINDS as _COVERING
from graphgov.schema import GONE_STATUSES

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
    founded = orgs["founded_d"].to_numpy()
    party = rng.random(n) < np.where(orgs["party_members"].to_numpy() > 0, 0.6, 0.05)
    leader = reg.new(n, party)
    start = rd.between(rng, np.maximum(founded, np.datetime64("2012-01-01")), AS_OF_LAST)
    end = orgs["gone_d"].to_numpy() - 1  # NaT stays NaT
    start = np.minimum(start, np.where(np.isnat(end), start, end))
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
    founded = corgs["founded_d"].to_numpy()
    end = corgs["gone_d"].to_numpy() - 1
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
    first = cov.groupby("party_org_id", sort=False).agg(org=("org", "first"))
    rows = pd.Index(pid).get_indexer(first.index)
    org = first["org"].to_numpy()
    since = _days(po["founded"].to_numpy()[rows])
    until = _days(po["dissolved"].to_numpy()[rows]) - 1
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
    reg.post(sec, "party_org", pid[rows], "secretary", since, until)
    staff = fresh[k[fresh] != "functional"]
    ids = orgs["org_id"].to_numpy()
    reg.post(sec[staff], "org", ids[org[staff]], "staff", since[staff], until[staff])
    big = np.flatnonzero(np.isin(k, ["general_branch", "committee"]))
    deputy = reg.new(len(big), True)
    reg.post(deputy, "party_org", pid[rows[big]], "deputy_secretary", since[big], until[big])


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
    is_cov = po["kind"].isin(_COVERING).to_numpy() & (po["dissolved"] == "").to_numpy()
    po_town = po["region_code"].str[:9].to_numpy()[is_cov] + "000"
    active = (orgs["status"] == "active").to_numpy() & orgs["township"].notna().to_numpy()
    bodies = pd.DataFrame(
        {
            "town": np.r_[po_town, orgs["township"].to_numpy()[active].astype(str)],
            "id": np.r_[po["party_org_id"].to_numpy()[is_cov], orgs["org_id"].to_numpy()[active]],
            "type": np.r_[np.full(is_cov.sum(), "party_org"), np.full(active.sum(), "org")],
            "founded": np.r_[
                _days(po["founded"].to_numpy()[is_cov]), orgs["founded_d"].to_numpy()[active]
            ],
        }
    ).sort_values(["town", "id"], ignore_index=True)
    towns = pd.Index(np.unique(np.r_[township, bodies["town"].to_numpy()]))
    hit = rd.pick_in_groups(
        rng, towns.get_indexer(township[where[chosen]]), towns.get_indexer(bodies["town"])
    )
    ok = hit >= 0
    who, body = persons[chosen[ok]], bodies.iloc[hit[ok]]
    start = rd.dates(rng, "2018-01-01", AS_OF_LAST, len(who))
    start = np.maximum(start, body["founded"].to_numpy().astype("datetime64[D]"))
    for btype, role in (("party_org", "committee_member"), ("org", "vice_chair")):
        m = (body["type"] == btype).to_numpy()
        reg.post(who[m], btype, body["id"].to_numpy()[m], role, start[m])


def liaison_posts(ctx: Context, reg: Registry, orgs: pd.DataFrame, party: PartyResult) -> None:
    """Liaisons (联络员) and instructors (指导员) for organizations while they have no Party
    organization (from ``liaison_from``, a month or two after the organization's founding,
    until a cover comes or it is gone). On end-2018 and on as_of, ``work_gap_share`` of the
    active organizations without a cover have none yet (theirs starts after that day)."""
    cfg, rng = ctx.cfg, ctx.rng("liaisons")
    p, n = party.plan, len(orgs)
    founded, gone = orgs["founded_d"].to_numpy(), orgs["gone_d"].to_numpy()
    delay = rng.exponential(45, n).astype(np.int64).astype("timedelta64[D]")
    start = np.maximum(founded, hs.day(cfg.liaison_from)) + delay
    covered = np.fmin(p.since, p.fsince)  # the first cover of either sort (NaT: none)
    end = np.fmin(covered, gone) - 1
    for when in (SEED_DATE, AS_OF):
        t = hs.day(when)
        bare = cov_plan.active_at(orgs, when) & ~(covered <= t)
        bare &= (orgs["hub_role"] == "none").to_numpy()
        rows = np.flatnonzero(bare)
        k = min(int(np.floor(cfg.work_gap_share * cov_plan.active_at(orgs, when).sum())), len(rows))
        gap = rng.choice(rows, k, replace=False) if k else rows[:0]
        start[rows] = np.minimum(start[rows], t)
        later = t + 1 + rng.integers(0, 120, len(gap)).astype("timedelta64[D]")
        start[gap] = np.maximum(start[gap], later)
    dispatched = np.flatnonzero(np.isnat(end) | (start <= end))
    dispatched = dispatched[start[dispatched] <= hs.day("2021-06-30")]
    county = orgs["county"].fillna(orgs["region_code"]).to_numpy().astype(str)
    dispatched = dispatched[np.argsort(county[dispatched], kind="stable")]
    chunk, _ = rd.chunks(county[dispatched], int(round(cfg.orgs_per_liaison)))
    n_people = int(chunk.max()) + 1 if len(chunk) else 0
    people = reg.new(n_people, True)
    role = np.where(rng.random(n_people) < 0.6, "liaison", "instructor")
    ids = orgs["org_id"].to_numpy()
    rows = dispatched
    reg.post(people[chunk], "org", ids[rows], role[chunk], start[rows], end[rows])


def part_time_posts(ctx: Context, reg: Registry, orgs: pd.DataFrame, leader: np.ndarray) -> None:
    """Part-time members (兼职委员) of community Party organizations: leaders of registered
    organizations based in the community, from 2017 (or their organization's founding) until
    it is gone."""
    cfg, rng = ctx.cfg, ctx.rng("part_time")
    comm = ctx.communities
    share = comm["area_type"].map(cfg.part_time_member_share).to_numpy(dtype=float)
    chosen = comm["code"].to_numpy()[rng.random(len(comm)) < share]
    here = orgs["region_code"].isin(chosen).to_numpy()
    here = np.flatnonzero(here & ~orgs["status"].isin(GONE_STATUSES).to_numpy())
    here = rng.permutation(here)
    where = orgs["region_code"].to_numpy()[here]
    rank = pd.Series(where).groupby(where).cumcount().to_numpy()
    want = pd.Series(rng.integers(1, 4, len(chosen)), index=chosen).reindex(where).to_numpy()
    rows = here[rank < want]
    founded, gone = orgs["founded_d"].to_numpy()[rows], orgs["gone_d"].to_numpy()[rows]
    start = np.maximum(rd.dates(rng, "2017-03-01", AS_OF_LAST, len(rows)), founded)
    end = gone - 1
    body = "PC" + orgs["region_code"].to_numpy()[rows]
    reg.make_party(leader[rows])
    reg.post(leader[rows], "party_org", body, "part_time_member", start, end)
