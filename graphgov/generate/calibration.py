"""The calibration figures of a generated dataset on any date, computed straight from its CSV
files.

These are the generator's own checks (used by its tests and benchmark), written with plain
pandas on the raw tables, without the loader or the analyses, so that they stay an
independent second opinion. A date is read by the rules of datasets/README.md, Analysis
definitions, §4.0: an organization *exists* from ``founded`` until ``deregistered_on`` (one
``deregistered``/``revoked`` without a date never), is *abnormal* within
``abnormal_since``/``abnormal_until`` (or by its status when neither is given), and *active*
when it exists and is not abnormal; a Party organization exists from ``founded`` until
``dissolved``; a cover, post or facility is active from its start to its end, both included.
*Formal* organizational coverage counts only branches, general branches, committees and joint
branches (§4.1); functional and extended Party organizations give work coverage only.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphgov.schema import GONE_STATUSES, REGISTERED_KINDS, WORK_COVERAGE_ROLES

#: Party organizations whose cover is organizational coverage (§4.1).
FORMAL_KINDS = ("branch", "general_branch", "committee", "joint_branch")
#: Those whose cover is work coverage only.
FUNCTIONAL_KINDS = ("functional", "extended")
#: The dates :func:`over_time` reads by default: the reference figures' and the seed's.
DATES = ("2014-12-31", "2016-05-31", "2016-12-31", "2018-02-28", "2018-12-31", "2020-12-31")


def read(path: str | Path, table: str) -> pd.DataFrame:
    """One table of a generated dataset (CSV or Parquet) as strings (empty cells as ``""``)."""
    file = Path(path) / f"{table}.csv"
    parquet = file.with_suffix(".parquet")
    if parquet.exists():
        arrow = pq.read_table(parquet)
        text = [pc.fill_null(pc.cast(col, pa.string()), "") for col in arrow.columns]
        return pa.Table.from_arrays(text, names=arrow.column_names).to_pandas()
    if not file.exists():
        return pd.DataFrame()
    return pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")


def dataset_as_of(path: str | Path) -> str:
    """The ``as_of`` of the dataset's ``dataset.toml``."""
    return tomllib.loads((Path(path) / "dataset.toml").read_text("utf-8"))["as_of"]


def within(start: pd.Series, end: pd.Series, as_of: str) -> pd.Series:
    """Whether each period (ISO strings, ``""`` open) holds `as_of`, both ends included."""
    return ((start == "") | (start <= as_of)) & ((end == "") | (end >= as_of))


def active_on(frame: pd.DataFrame, as_of: str) -> pd.Series:
    """Whether each post or service (``start``/``end``) is active on `as_of`."""
    return within(frame["start"], frame["end"], as_of)


def org_active(orgs: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Columns ``exists``, ``abnormal`` and ``active`` of each organization on `as_of`."""
    gone_on = orgs["deregistered_on"]
    undated_gone = orgs["status"].isin(GONE_STATUSES) & (gone_on == "")
    exists = ((orgs["founded"] == "") | (orgs["founded"] <= as_of)) & (
        (gone_on == "") | (gone_on > as_of)
    )
    exists &= ~undated_gone
    since, until = orgs["abnormal_since"], orgs["abnormal_until"]
    dated = (since != "") | (until != "")
    listed = ((since == "") | (since <= as_of)) & ((until == "") | (as_of < until))
    abnormal = (dated & listed) | (~dated & (orgs["status"] == "abnormal"))
    return pd.DataFrame({"exists": exists, "abnormal": abnormal, "active": exists & ~abnormal})


def _covered(party: pd.DataFrame, covers: pd.DataFrame, as_of: str, kinds) -> pd.Series:
    """The org_ids with an active cover on `as_of` by an existing Party organization of
    `kinds`."""
    there = ((party["founded"] == "") | (party["founded"] <= as_of)) & (
        (party["dissolved"] == "") | (party["dissolved"] > as_of)
    )
    ids = party.loc[there & party["kind"].isin(kinds), "party_org_id"]
    live = covers[within(covers["since"], covers["until"], as_of)]
    return live.loc[live["party_org_id"].isin(ids), "org_id"]


def figures(path: str | Path, as_of: str | None = None) -> dict[str, float]:
    """The figures the generator is calibrated to, for the dataset in `path`, on `as_of`
    (default: the dataset's own).

    Returns
    -------
    dict
        ``registered`` (existing registered organizations), ``kind_share_<kind>``,
        ``active``, ``abnormal``, ``community_orgs`` (existing filed ones),
        ``org_coverage`` (formal), ``functional_coverage`` (functional or extended only),
        ``work_coverage``, ``party_orgs`` (existing ones covering organizations),
        ``stations`` (open social-work stations), ``social_workers`` (undated),
        ``townships``, ``communities``, ``urban``, ``rural``, density means and the share of
        communities meeting the targets, ``purchase_catalogue``, ``people``, ``posts``.
    """
    return _figures(tables(path), as_of or dataset_as_of(path))


def tables(path: str | Path) -> dict[str, pd.DataFrame]:
    """The tables :func:`figures` reads."""
    names = ("regions", "organizations", "party_orgs", "party_org_covers", "people", "posts")
    return {name: read(path, name) for name in (*names, "facilities")}


def _figures(t: dict[str, pd.DataFrame], as_of: str) -> dict[str, float]:
    regions, orgs, party = t["regions"], t["organizations"], t["party_orgs"]
    covers, people, posts, fac = t["party_org_covers"], t["people"], t["posts"], t["facilities"]
    state = org_active(orgs, as_of)
    registered = orgs["kind"].isin(REGISTERED_KINDS)
    reg = orgs[registered & state["exists"]]
    pop = orgs[registered & state["active"]]
    formal = pop["org_id"].isin(_covered(party, covers, as_of, FORMAL_KINDS))
    functional = ~formal & pop["org_id"].isin(_covered(party, covers, as_of, FUNCTIONAL_KINDS))
    work = posts[
        (posts["body_type"] == "org")
        & posts["role"].isin(WORK_COVERAGE_ROLES)
        & active_on(posts, as_of)
    ]
    work_covered = formal | functional | pop["org_id"].isin(work["body_id"])
    comm = regions[regions["level"] == "community"]
    corgs = orgs[(orgs["kind"] == "community") & state["active"]]
    per = corgs.groupby("region_code").size().reindex(comm["code"], fill_value=0)
    urban = (comm["area_type"] == "urban").to_numpy()
    party_there = ((party["founded"] == "") | (party["founded"] <= as_of)) & (
        (party["dissolved"] == "") | (party["dissolved"] > as_of)
    )
    in_orgs = party["kind"].isin(FORMAL_KINDS + FUNCTIONAL_KINDS)
    stations = fac[fac["kind"] == "social_work_station"] if len(fac) else fac
    open_now = within(stations["opened"], stations["closed"], as_of) if len(fac) else []
    return {
        "as_of": as_of,
        "registered": len(reg),
        **{f"kind_share_{k}": float((reg["kind"] == k).mean()) for k in REGISTERED_KINDS},
        "active": len(pop),
        "abnormal": int((registered & state["exists"] & state["abnormal"]).sum()),
        "community_orgs": int(((orgs["kind"] == "community") & state["exists"]).sum()),
        "org_coverage": float(formal.mean()),
        "functional_coverage": float(functional.mean()),
        "work_coverage": float(work_covered.mean()),
        "party_orgs": int((party_there & in_orgs).sum()),
        "stations": int(sum(open_now)),
        "social_workers": int((people["social_worker"] == "true").sum()),
        "townships": int((regions["level"] == "township").sum()),
        "communities": len(comm),
        "urban": int(urban.sum()),
        "rural": int((~urban).sum()),
        "urban_density": float(per[urban].mean()),
        "rural_density": float(per[~urban].mean()),
        "urban_meeting": float((per[urban] >= 15).mean()),
        "rural_meeting": float((per[~urban] >= 5).mean()),
        "purchase_catalogue": int((orgs["purchase_catalogue"] == "true").sum()),
        "people": len(people),
        "posts": len(posts),
    }


def over_time(path: str | Path, dates: tuple[str, ...] = DATES) -> pd.DataFrame:
    """:func:`figures` on each of `dates`, one row per date."""
    t = tables(path)
    return pd.DataFrame([_figures(t, d) for d in dates])


__all__ = ["DATES", "FORMAL_KINDS", "figures", "org_active", "over_time", "read", "tables"]
