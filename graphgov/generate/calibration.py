"""The calibration figures of a generated dataset, computed straight from its CSV files.

These are the generator's own checks (used by its tests and benchmark), written without the
loader or the analyses so that they stay an independent second opinion.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from graphgov.schema import COVERING_PARTY_ORG_KINDS, REGISTERED_KINDS, WORK_COVERAGE_ROLES


def read(path: str | Path, table: str) -> pd.DataFrame:
    """One table of a generated dataset as strings (empty cells as ``""``)."""
    file = Path(path) / f"{table}.csv"
    if not file.exists():
        return pd.DataFrame()
    return pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")


def active_on(frame: pd.DataFrame, as_of: str) -> pd.Series:
    """Whether each post or service (``start``/``end`` ISO strings) is active on `as_of`."""
    return ((frame["start"] == "") | (frame["start"] <= as_of)) & (
        (frame["end"] == "") | (frame["end"] >= as_of)
    )


def figures(path: str | Path) -> dict[str, float]:
    """The figures the generator is calibrated to, for the dataset in `path`.

    Returns
    -------
    dict
        ``registered``, ``kind_share_<kind>``, ``community_orgs``, ``org_coverage``,
        ``work_coverage``, ``social_workers``, ``stations``, ``townships``, ``communities``,
        ``urban``, ``rural``, density means and the share of communities meeting the
        targets, ``purchase_catalogue``, ``people``, ``posts``.
    """
    path = Path(path)
    as_of = tomllib.loads((path / "dataset.toml").read_text("utf-8"))["as_of"]
    regions = read(path, "regions")
    orgs = read(path, "organizations")
    party = read(path, "party_orgs")
    covers = read(path, "party_org_covers")
    people = read(path, "people")
    posts = read(path, "posts")
    fac = read(path, "facilities")
    reg = orgs[orgs["kind"].isin(REGISTERED_KINDS)]
    pop = reg[reg["status"] == "active"]
    covering = party.loc[party["kind"].isin(COVERING_PARTY_ORG_KINDS), "party_org_id"]
    covered = pop["org_id"].isin(covers.loc[covers["party_org_id"].isin(covering), "org_id"])
    work = posts[
        (posts["body_type"] == "org")
        & posts["role"].isin(WORK_COVERAGE_ROLES)
        & active_on(posts, as_of)
    ]
    work_covered = covered | pop["org_id"].isin(work["body_id"])
    comm = regions[regions["level"] == "community"]
    corgs = orgs[(orgs["kind"] == "community") & (orgs["status"] == "active")]
    per = corgs.groupby("region_code").size().reindex(comm["code"], fill_value=0)
    urban = (comm["area_type"] == "urban").to_numpy()
    out: dict[str, float] = {
        "registered": len(reg),
        **{f"kind_share_{k}": float((reg["kind"] == k).mean()) for k in REGISTERED_KINDS},
        "community_orgs": int((orgs["kind"] == "community").sum()),
        "org_coverage": float(covered.mean()),
        "work_coverage": float(work_covered.mean()),
        "social_workers": int((people["social_worker"] == "true").sum()),
        "stations": int((fac["kind"] == "social_work_station").sum()) if len(fac) else 0,
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
    return out
