"""People and the posts they hold: the registry that mints pseudonymous people, community
committee posts (Party organization and residents'/village committee), and social workers.

Dates tell the story of the 2017 and early-2021 community elections: sitting secretaries
mostly started in spring 2017; some communities had an earlier secretary (a post that ended
before ``as_of``); in some the 2021 election is already recorded (a post that starts after
``as_of``, the outgoing secretary's ending then).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate import names as nm
from graphgov.generate._context import Context

NAT = np.datetime64("NaT", "D")


class Registry:
    """Mints people (``P0000001`` ...) and collects posts, vectorised in blocks."""

    def __init__(self) -> None:
        self.n = 0
        self._people: list[pd.DataFrame] = []
        self._posts: list[pd.DataFrame] = []
        self._party_patch: list[np.ndarray] = []

    def new(
        self,
        k: int,
        party: bool | np.ndarray = False,
        sw: bool | np.ndarray = False,
        home: np.ndarray | None = None,
    ) -> np.ndarray:
        """`k` new people; returns their integer ids."""
        idx = np.arange(self.n, self.n + k)
        self.n += k
        home = np.full(k, None, dtype=object) if home is None else np.asarray(home, dtype=object)
        self._people.append(
            pd.DataFrame(
                {
                    "i": idx,
                    "party_member": np.broadcast_to(np.asarray(party, dtype=bool), (k,)),
                    "social_worker": np.broadcast_to(np.asarray(sw, dtype=bool), (k,)),
                    "home_community": home,
                }
            )
        )
        return idx

    def make_party(self, idx: np.ndarray) -> None:
        """Mark existing people as Party members (e.g. when they take a secretary post)."""
        self._party_patch.append(np.asarray(idx))

    def post(
        self,
        person: np.ndarray,
        body_type: str,
        body_id: np.ndarray | str,
        role: np.ndarray | str,
        start: np.ndarray | None = None,
        end: np.ndarray | None = None,
    ) -> None:
        """Record posts (arrays broadcast against `person`)."""
        person = np.asarray(person)
        k = len(person)
        if k == 0:
            return
        start = np.full(k, NAT) if start is None else start
        end = np.full(k, NAT) if end is None else end
        self._posts.append(
            pd.DataFrame(
                {
                    "i": person,
                    "body_type": body_type,
                    "body_id": np.broadcast_to(np.asarray(body_id, dtype=object), (k,)),
                    "role": np.broadcast_to(np.asarray(role, dtype=object), (k,)),
                    "start": np.broadcast_to(np.asarray(start, dtype="datetime64[D]"), (k,)),
                    "end": np.broadcast_to(np.asarray(end, dtype="datetime64[D]"), (k,)),
                }
            )
        )

    def tables(
        self, rng: np.random.Generator, prefix: str = "P"
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The people and posts tables (contract columns); person ids are `prefix` and a
        sequence number."""
        people = pd.concat(self._people, ignore_index=True).sort_values("i", ignore_index=True)
        if self._party_patch:
            people.loc[np.unique(np.concatenate(self._party_patch)), "party_member"] = True
        ids = rd.seq_ids(prefix, 1, len(people))
        people.insert(0, "person_id", ids)
        people.insert(1, "name", nm.person_names(rng, len(people)))
        posts = pd.concat(self._posts, ignore_index=True)
        posts.insert(0, "person_id", ids[posts.pop("i").to_numpy()])
        posts["start"] = rd.date_str(posts["start"].to_numpy())
        posts["end"] = rd.date_str(posts["end"].to_numpy())
        posts = posts.drop_duplicates(["person_id", "body_type", "body_id", "role", "start"])
        return people.drop(columns="i"), posts.reset_index(drop=True)


def community_posts(ctx: Context, reg: Registry) -> dict[str, np.ndarray]:
    """Posts at community Party organizations and residents'/village committees.

    Returns the community people that cross-appointments and organizations draw on:
    ``secretary`` (per community, the sitting one), ``member`` / ``member_comm`` (Party
    committee and committee members with their community's row), ``local`` / ``local_comm``
    (everyone posted at a community, for community-organization leads).
    """
    cfg, rng = ctx.cfg, ctx.rng("community_posts")
    comm = ctx.communities
    n = len(comm)
    code = comm["code"].to_numpy()
    po = "PC" + code
    urban = (comm["area_type"] == "urban").to_numpy()
    start = np.where(
        rng.random(n) < 0.8,
        rd.dates(rng, "2017-03-01", "2017-06-30", n),
        rd.dates(rng, "2018-01-01", "2020-10-31", n),
    )
    elect = rng.random(n) < cfg.election_2021_share
    new_start = rd.dates(rng, "2021-01-05", "2021-03-31", n)
    end = np.where(elect, new_start - np.timedelta64(1, "D"), NAT)
    sec = reg.new(n, party=True, home=code)
    reg.post(sec, "party_org", po, "secretary", start, end)
    e = np.flatnonzero(elect)
    new_sec = reg.new(len(e), party=True, home=code[e])
    reg.post(new_sec, "party_org", po[e], "secretary", new_start[e])
    past = np.flatnonzero(rng.random(n) < cfg.past_secretary_share)
    prev = reg.new(len(past), party=True, home=code[past])
    prev_start = rd.dates(rng, "2011-03-01", "2014-06-30", len(past))
    reg.post(prev, "party_org", po[past], "secretary", prev_start, start[past] - 1)
    dep = np.flatnonzero(rng.random(n) < 0.5)
    deputies = reg.new(len(dep), True, home=code[dep])
    reg.post(deputies, "party_org", po[dep], "deputy_secretary", start[dep], end[dep])
    # Party committee members (2-4), then the committee: director and members, half of whom
    # also sit on the Party committee
    k_pc = rng.integers(2, 5, n)
    pc_c = np.repeat(np.arange(n), k_pc)
    pc = reg.new(len(pc_c), party=True, home=code[pc_c])
    reg.post(pc, "party_org", po[pc_c], "committee_member", start[pc_c], end[pc_c])
    one = rng.random(n) < cfg.one_shoulder_share
    other_dir = np.flatnonzero(~one)
    directors = sec.copy()
    party = rng.random(len(other_dir)) < 0.6
    directors[other_dir] = reg.new(len(other_dir), party, home=code[other_dir])
    reg.post(directors, "community", code, "director", start, end)
    reg.post(new_sec[one[e]], "community", code[e][one[e]], "director", new_start[e][one[e]])
    k_cm = rng.integers(2, 6, n)
    cm_c = np.repeat(np.arange(n), k_cm)
    rank = np.arange(len(cm_c)) - np.repeat(np.cumsum(k_cm) - k_cm, k_cm)
    shared = rank < np.minimum(k_cm // 2, k_pc)[cm_c]
    cm = np.empty(len(cm_c), dtype=np.int64)
    cm[shared] = pc[(np.cumsum(k_pc) - k_pc)[cm_c[shared]] + rank[shared]]
    fresh = np.flatnonzero(~shared)
    cm[fresh] = reg.new(len(fresh), rng.random(len(fresh)) < 0.4, home=code[cm_c[fresh]])
    reg.post(cm, "community", code[cm_c], "committee_member", start[cm_c], end[cm_c])
    # community workers (专职社区工作者), unlicensed
    k_st = np.where(urban, rng.integers(4, 11, n), rng.integers(0, 3, n))
    st_c = np.repeat(np.arange(n), k_st)
    home = np.where(rng.random(len(st_c)) < 0.5, code[st_c], None)
    st = reg.new(len(st_c), rng.random(len(st_c)) < 0.35, home=home)
    st_start = rd.dates(rng, "2014-01-01", "2020-10-31", len(st_c))
    left = rng.random(len(st_c)) < 0.08
    st_end = np.where(left, rd.dates(rng, "2020-11-01", "2020-12-30", len(st_c)), NAT)
    st_end = np.where(left & (st_end <= st_start), st_start + 30, st_end)
    reg.post(st, "community", code[st_c], "staff", st_start, st_end)
    return {
        "secretary": sec,
        "member": np.r_[pc, cm[fresh]],
        "member_comm": np.r_[pc_c, cm_c[fresh]],
        "local": np.r_[sec, pc, cm[fresh], st],
        "local_comm": np.r_[np.arange(n), pc_c, cm_c[fresh], st_c],
    }


def social_workers(ctx: Context, reg: Registry, orgs: pd.DataFrame) -> None:
    """Licensed social workers: at agencies, at communities, at other organizations, unposted.

    `orgs` is the registered frame; agency and organization posts go to its active rows.
    """
    cfg, rng = ctx.cfg, ctx.rng("social_workers")
    total = ctx.scaled(cfg.social_workers)
    share = cfg.social_worker_posts
    k = {key: int(round(total * share[key])) for key in ("agency", "community", "org")}
    active = (orgs["status"] == "active").to_numpy()
    agencies = np.flatnonzero(orgs["social_work_agency"].to_numpy() & active)
    if len(agencies) == 0:
        k["agency"] = 0
    slots = {
        "agency": agencies[rng.choice(len(agencies), k["agency"])] if k["agency"] else [],
    }
    comm = ctx.communities
    cw = np.where(comm["area_type"] == "urban", 4.0, 1.0)
    slots["community"] = rng.choice(len(comm), k["community"], p=cw / cw.sum())
    dom = orgs["domain"].isin(["elderly_care", "children_youth", "health", "community_service"])
    other = np.flatnonzero(active & dom.to_numpy() & ~orgs["social_work_agency"].to_numpy())
    slots["org"] = other[rng.choice(len(other), k["org"])] if len(other) and k["org"] else []
    ids = orgs["org_id"].to_numpy()
    founded, gone = orgs["founded_d"].to_numpy(), orgs["gone_d"].to_numpy()
    for key in ("agency", "org", "community"):
        rows = np.asarray(slots[key], dtype=np.int64)
        m = len(rows)
        body = comm["code"].to_numpy()[rows] if key == "community" else ids[rows]
        people = reg.new(m, rng.random(m) < 0.3, sw=True)
        start = rd.dates(rng, "2015-01-01", "2020-12-15", m)
        fate = rng.random(m)
        end = np.where(fate < 0.1, rd.dates(rng, "2019-01-01", "2020-12-30", m), NAT)
        if key != "community":  # not before the organization's founding, nor after it is gone
            start = np.maximum(start, founded[rows])
            end = np.fmin(end, gone[rows] - 1)
        end = np.where(end <= start, start + 60, end)
        start = np.where(fate > 0.97, rd.dates(rng, "2021-01-04", "2021-03-01", m), start)
        btype = "community" if key == "community" else "org"
        reg.post(people, btype, body, "social_worker", start, end)
        if key == "agency":  # unlicensed colleagues
            s = rows[rng.random(m) < 0.25]
            s_start = np.maximum(rd.dates(rng, "2016-01-01", "2020-12-15", len(s)), founded[s])
            reg.post(reg.new(len(s)), "org", ids[s], "staff", s_start)
    rest = max(total - sum(len(v) for v in slots.values()), 0)
    somewhere = comm["code"].to_numpy()[rng.integers(0, len(comm), rest)]
    home = np.where(rng.random(rest) < 0.5, somewhere, None)
    reg.new(rest, rng.random(rest) < 0.3, sw=True, home=home)
