"""When each registered organization is covered by a Party organization, year by year.

On the last day of every year of the coverage path (and on ``coverage_date``) the active
organizations (they exist and are not on the abnormal list, datasets/README.md, Analysis
definitions, §4.0) are counted, and enough of those still uncovered get a *formal* cover
(their own branch with 3+ members, else a joint branch) starting in the year before, so that
formal coverage is ``org_coverage * path / path[coverage_date]`` on that day. A formal cover
lasts while its organization exists. Small organizations are grouped into joint branches of
3-4 per township (or per county for those based above townships) with 3+ members between
them; one left alone joins an earlier joint branch with room of its township (else of its
county), else waits for a later year, and another organization takes its place. From
``liaison_from`` on, ``functional_share`` of those still without formal coverage get a
functional or extended Party organization, which ends when a formal cover comes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphgov.generate import _rand as rd
from graphgov.generate import history as hs
from graphgov.generate._context import Context
from graphgov.generate.config import AS_OF


@dataclass
class CoverPlan:
    """Per registered organization (positions of the frame): its covers over time."""

    #: start of its formal cover (NaT: never covered formally)
    since: np.ndarray
    #: its joint branch (-1: its own branch, or none)
    joint: np.ndarray
    #: start and end of a functional or extended cover (NaT: none / open)
    fsince: np.ndarray
    fend: np.ndarray
    #: whether that one is extended (a single organization) rather than functional
    extended: np.ndarray
    #: the functional Party organization's group (-1 for extended or none)
    fgroup: np.ndarray
    #: where its joint branch is: a township, or a county for one across its townships
    joint_at: np.ndarray


def anchors(ctx: Context) -> list[str]:
    """The dates coverage is set on: every year's end from the path's first year to as_of's,
    and ``coverage_date``."""
    cfg = ctx.cfg
    first = int(min(cfg.org_coverage_path)[:4])
    years = [f"{y}-12-31" for y in range(first, int(AS_OF[:4]) + 1)]
    return sorted({d for d in [*years, cfg.coverage_date] if d <= AS_OF})


def target(ctx: Context, when: str) -> float:
    """Formal organizational coverage on `when` (the path scaled to ``org_coverage``)."""
    cfg = ctx.cfg
    level = hs.path_at(cfg.org_coverage_path, cfg.coverage_date)
    return float(min(1.0, cfg.org_coverage * hs.path_at(cfg.org_coverage_path, when) / level))


def active_at(reg: pd.DataFrame, when: str) -> np.ndarray:
    """Registered organizations active on `when`: existing, not on the abnormal list."""
    t = hs.day(when)
    since, until = reg["ab_since_d"].to_numpy(), reg["ab_until_d"].to_numpy()
    listed = ~np.isnat(since) & (since <= t) & (np.isnat(until) | (t < until))
    return hs.existing(reg["founded_d"].to_numpy(), reg["gone_d"].to_numpy(), when) & ~listed


def plan(ctx: Context, reg: pd.DataFrame, rng: np.random.Generator) -> CoverPlan:
    """The covers of the registered organizations `reg` (with ``manager`` set)."""
    cfg, n = ctx.cfg, len(reg)
    members = reg["party_members"].to_numpy()
    hub = (reg["hub_role"] != "none").to_numpy()
    cls = np.where(members == 0, "none", np.where(members < 3, "few", "many"))
    weight = 1.0 / pd.Series(cls).map(cfg.uncovered_odds).to_numpy() * np.where(hub, 50.0, 1.0)
    key = reg["township"].fillna(reg["region_code"]).to_numpy()
    founded = reg["founded_d"].to_numpy()
    p = CoverPlan(
        np.full(n, hs.NAT), np.full(n, -1), np.full(n, hs.NAT), np.full(n, hs.NAT),
        np.zeros(n, bool), np.full(n, -1), np.full(n, None, dtype=object),
    )  # fmt: skip
    groups = pd.DataFrame({"key": pd.Series(dtype=object), "size": pd.Series(dtype=np.int64)})
    prev = hs.day(cfg.history_start) - 1
    for when in anchors(ctx):
        t = hs.day(when)
        act = active_at(reg, when)
        covered = act & (p.since <= t)
        goal = int(round(target(ctx, when) * act.sum()))
        need = goal - int(covered.sum())
        lo = np.maximum(founded, prev + 1)
        waiting = np.zeros(0, dtype=np.int64)
        for _ in range(12):  # one left alone waits for others to group with; more are picked
            pool = np.flatnonzero(act & np.isnat(p.since))
            if need <= 0 or len(pool) == 0:
                break
            pick = pool[rd.choose(rng, need, weight[pool])]
            p.since[pick] = hs.between_days(rng, lo[pick], np.full(len(pick), t))
            small = np.r_[waiting, pick[members[pick] < 3]]
            waiting, groups = _join(rng, p, groups, small, key, members)
            covered = act & (p.since <= t)
            covered[waiting] = False
            need = goal - int(covered.sum())
        p.since[waiting] = hs.NAT
        _functional(ctx, rng, p, reg, act, t, lo)
        prev = t
    gone = reg["gone_d"].to_numpy()
    later = ~np.isnat(p.since) & ~np.isnat(p.fsince)
    p.fend[later] = p.since[later] - 1
    ends = ~np.isnat(gone) & ~np.isnat(p.fsince) & (np.isnat(p.fend) | (p.fend >= gone))
    p.fend[ends] = gone[ends] - 1
    return p


def _join(rng, p: CoverPlan, groups: pd.DataFrame, small, key, members):
    """Put the newly covered small organizations into joint branches, of their township
    first, then of their county; returns those left waiting and the groups."""
    left = small
    for width in (None, 6):
        at = pd.Series(key[left]).str[:width].to_numpy()
        if width:
            at = at.astype(object) + "000000"
        left, groups = _new_groups(rng, p, groups, left, at, members)
        at = pd.Series(key[left]).str[:width].to_numpy()
        at = at.astype(object) + "000000" if width else at
        gid = _rooms(groups, at)
        joins = gid >= 0
        p.joint[left[joins]] = gid[joins]
        p.joint_at[left[joins]] = at[joins]
        groups["size"] += np.bincount(gid[joins], minlength=len(groups))
        left = left[~joins]
    return left, groups


def _rooms(groups: pd.DataFrame, at: np.ndarray) -> np.ndarray:
    """For each organization at place `at`, a joint branch of that place with room (fewer
    than 5 organizations), the emptiest first and each place's room shared out in order;
    -1 where none is left."""
    free = (5 - groups["size"]).clip(lower=0).to_numpy()
    slots = pd.DataFrame({"key": np.repeat(groups["key"].to_numpy(), free)})
    slots["gid"] = np.repeat(np.arange(len(groups)), free)
    slots["size"] = np.repeat(groups["size"].to_numpy(), free)
    slots = slots.sort_values(["key", "size", "gid"], kind="stable")
    slots["rank"] = slots.groupby("key").cumcount()
    want = pd.DataFrame({"key": at, "rank": pd.Series(at).groupby(at).cumcount().to_numpy()})
    hit = want.merge(slots, on=["key", "rank"], how="left")["gid"]
    return hit.fillna(-1).to_numpy().astype(np.int64)


def _new_groups(rng, p: CoverPlan, groups: pd.DataFrame, rows, at, members):
    """Joint branches of 3-4 of `rows` per place `at`, each with 2+ organizations and 3+
    members; returns the rows left out and the groups."""
    if len(rows) == 0:
        return rows, groups
    order = rng.permutation(len(rows))
    order = order[np.argsort(at[order], kind="stable")]
    rows, at = rows[order], at[order]
    size = np.where(rng.random(len(rows)) < 0.5, 3, 4)
    size = pd.Series(size).groupby(at).transform("first").to_numpy()
    chunk, clen = rd.chunks(at, size)
    total = np.bincount(chunk, weights=members[rows])[chunk]
    ok = (clen >= 2) & (total >= 3)
    base = len(groups)
    labels = base + pd.factorize(chunk[ok])[0]
    p.joint[rows[ok]] = labels
    p.joint_at[rows[ok]] = at[ok]
    new = (
        pd.DataFrame({"key": at[ok], "size": 1})
        .groupby(labels)
        .agg(key=("key", "first"), size=("size", "sum"))
    )
    groups = pd.concat([groups, new]) if len(groups) else new
    return rows[~ok], groups


def _functional(ctx: Context, rng, p: CoverPlan, reg, act, t, lo) -> None:
    """Functional and extended covers for a share of the active organizations without a
    formal cover on `t`."""
    if t < hs.day(ctx.cfg.liaison_from):  # 功能型/拓展型 come with the 2015 opinions too
        return
    bare = act & ~(p.since <= t)
    have = bare & (p.fsince <= t)
    need = int(round(ctx.cfg.functional_share * bare.sum())) - int(have.sum())
    pool = np.flatnonzero(bare & np.isnat(p.fsince) & (reg["hub_role"] == "none").to_numpy())
    if need <= 0 or len(pool) == 0:
        return
    w = np.where(reg["party_members"].to_numpy()[pool] < 3, 1.0, 0.2)
    pick = pool[rd.choose(rng, need, w)]
    p.fsince[pick] = hs.between_days(rng, lo[pick], np.full(len(pick), t))
    ext = rng.random(len(pick)) < 0.3
    p.extended[pick[ext]] = True
    fn = pick[~ext]
    county = reg["county"].fillna(reg["region_code"]).to_numpy().astype(str)
    fn = fn[np.argsort(county[fn], kind="stable")]
    chunk, _ = rd.chunks(county[fn], 6)
    p.fgroup[fn] = p.fgroup.max() + 1 + chunk


__all__ = ["CoverPlan", "active_at", "anchors", "plan", "target"]
