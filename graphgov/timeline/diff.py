"""What changed between two dates of one dataset, or between two exports (§4.13).

Each side is a graph read on a date: ``(g, A)`` and ``(g, B)`` for one dataset, or two
datasets on their own dates. Organizations are matched by ``org_id`` (the USCC of a
registered one; the stable filing id of :func:`graphgov.importer.place.filing_id` for a
filed one), Party organizations by ``party_org_id``, persons by ``person_id``.

Per county and in total (:data:`SUMMARY_COLUMNS`, a last row with ``county_code =
"total"``):

- ``orgs_founded`` / ``orgs_gone``: organizations (every kind) that exist on B and not on A
  / that exist on A and no longer on B (deregistered, revoked);
- organizational coverage of the coverage population (§4.1): ``newly_covered`` (covered on
  B, not on A), ``coverage_lost`` (covered on A, in the population on B, not covered),
  ``covered_gone`` (covered on A, out of the population by B: gone or on the abnormal
  list), so that ``covered_b = covered_a + newly_covered - coverage_lost - covered_gone``
  exactly, per county and in total;
- ``party_orgs_new`` / ``party_orgs_dissolved``; ``hubs_added`` (active hub or support
  organizations on B, not on A); ``communities_newly_covered`` (by a hub, §4.5);
  ``communities_meeting_density`` (meeting their density target on B, not on A, §4.4);
  ``cross_appointments_started`` / ``_ended`` (persons cross-appointed on B and not on A /
  on A and not on B, §4.9).

An entity is counted in the county it is in on B (on A, if it is not on B); one based
above county level (a provincial organization) in its own region's row.
:attr:`Diff.details` lists the bodies behind each column, with names.

Examples
--------
>>> from graphgov.datasets import tiny
>>> g = tiny()
>>> d = diff(g, g, "2017-12-31", "2020-12-31")
>>> d.summary.loc[d.summary["county_code"] == "total",
...               ["newly_covered", "coverage_lost", "covered_gone", "covered_a", "covered_b"]]
   newly_covered  coverage_lost  covered_gone  covered_a  covered_b
1              2              0             0          2          4
>>> d.details["newly_covered"]["name"].tolist()  # the joint branch PB0000003, since 2018-09
['西湖区北山街道栖岚社会组织联合会', '西湖区栖棠社会工作服务中心']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from graphgov.analyses._common import org_exists, orgs_active_on, party_orgs_on
from graphgov.analyses.coverage import coverage_flags
from graphgov.analyses.cross_appointments import cross_appointments
from graphgov.analyses.density import density
from graphgov.analyses.hubs import relations
from graphgov.load.checks import member

__all__ = ["DETAIL_KINDS", "SUMMARY_COLUMNS", "Diff", "diff"]

SUMMARY_COLUMNS = (
    "county_code", "county_name", "orgs_founded", "orgs_gone", "newly_covered",
    "coverage_lost", "covered_gone", "party_orgs_new", "party_orgs_dissolved", "hubs_added",
    "communities_newly_covered", "communities_meeting_density", "cross_appointments_started",
    "cross_appointments_ended", "covered_a", "covered_b",
)  # fmt: skip
#: The columns ``--detail`` can list.
DETAIL_KINDS = SUMMARY_COLUMNS[2:14]
_DETAIL = ["id", "name", "county_code", "county_name"]


@dataclass
class Diff:
    """The summary per county (and total), and the bodies behind each count."""

    a: str
    b: str
    summary: pd.DataFrame
    details: dict[str, pd.DataFrame] = field(default_factory=dict)


def _frame(frame: pd.DataFrame, ident: str, name: str, region: str) -> pd.DataFrame:
    """`frame`'s rows as ``id, name, region`` (text)."""
    cols = {"id": frame[ident], "name": frame[name], "region": frame[region]}
    return pd.DataFrame({k: v.to_numpy(dtype=object) for k, v in cols.items()})


def _state(g, as_of: str) -> dict[str, pd.DataFrame]:
    """Every set the diff compares, on one side: id, name, region (a 12-digit code)."""
    orgs = g.organizations
    live = orgs[org_exists(orgs, as_of).to_numpy()]
    flags = coverage_flags(g, as_of=as_of)
    covered_orgs = flags[flags["org_covered"].to_numpy()]
    porgs = party_orgs_on(g, as_of)
    active = orgs_active_on(g, as_of)
    hubs = active[active["hub_role"].isin(["hub", "support"]).fillna(False).astype(bool)]
    codes = relations(g, as_of).covered["community_code"].drop_duplicates()
    covered = pd.DataFrame({"code": codes.to_numpy()})
    dens = density(g, as_of=as_of)
    meeting = dens.loc[dens["meets_target"].fillna(False).astype(bool)]
    names = g.regions.set_index("code")["name"] if len(g.regions) else pd.Series(dtype=object)
    covered["name"] = covered["code"].map(names)
    cross = cross_appointments(g, as_of=as_of)
    org_region = orgs.set_index("org_id")["region_code"]
    cross_region = [
        c[0] if len(c) else (org_region.get(o[0], "") if len(o) else "")
        for c, o in zip(cross["communities"], cross["organizations"], strict=True)
    ]
    people = g.people
    person_names = people.set_index("person_id")["name"] if "name" in people else pd.Series()
    cross = cross.assign(region=cross_region, name=cross["person_id"].map(person_names))
    cross["name"] = cross["name"].fillna(cross["person_id"])
    return {
        "orgs": _frame(live, "org_id", "name", "region_code"),
        "population": _frame(flags, "org_id", "name", "region_code"),
        "covered": _frame(covered_orgs, "org_id", "name", "region_code"),
        "party_orgs": _frame(porgs, "party_org_id", "name", "region_code"),
        "hubs": _frame(hubs, "org_id", "name", "region_code"),
        "hub_communities": _frame(covered, "code", "name", "code"),
        "meeting": _frame(meeting, "community_code", "community_name", "community_code"),
        "cross": _frame(cross, "person_id", "name", "region"),
    }  # fmt: skip


def _only(x: pd.DataFrame, y: pd.DataFrame) -> pd.DataFrame:
    """The rows of `x` whose id is not in `y`."""
    return x[~member(x["id"], y["id"])]


def diff(g_a, g_b, a: str | None = None, b: str | None = None) -> Diff:
    """Compare side A (`g_a` on `a`, default its dataset's date) with side B (`g_b` on `b`);
    for one dataset pass the same graph twice."""
    a = a or str(g_a.info.as_of)
    b = b or str(g_b.info.as_of)
    sa, sb = _state(g_a, a), _state(g_b, b)
    in_b_pop = sb["population"]
    still = sa["covered"][member(sa["covered"]["id"], in_b_pop["id"])]
    sets = {
        "orgs_founded": _only(sb["orgs"], sa["orgs"]),
        "orgs_gone": _only(sa["orgs"], sb["orgs"]),
        "newly_covered": _only(sb["covered"], sa["covered"]),
        "coverage_lost": _only(still, sb["covered"]),
        "covered_gone": _only(sa["covered"], in_b_pop),
        "party_orgs_new": _only(sb["party_orgs"], sa["party_orgs"]),
        "party_orgs_dissolved": _only(sa["party_orgs"], sb["party_orgs"]),
        "hubs_added": _only(sb["hubs"], sa["hubs"]),
        "communities_newly_covered": _only(sb["hub_communities"], sa["hub_communities"]),
        "communities_meeting_density": _only(sb["meeting"], sa["meeting"]),
        "cross_appointments_started": _only(sb["cross"], sa["cross"]),
        "cross_appointments_ended": _only(sa["cross"], sb["cross"]),
        "covered_a": sa["covered"],
        "covered_b": sb["covered"],
    }  # fmt: skip
    # one county per id: where it is on B, else where it was on A
    where = pd.concat([s[["id", "region"]] for s in (*sb.values(), *sa.values())])
    where = where.drop_duplicates("id").set_index("id")["region"]
    counties = _county_names(g_a) | _county_names(g_b)
    details = {}
    for kind, frame in sets.items():
        code = frame["id"].map(where).fillna(frame["region"]).map(_county)
        details[kind] = pd.DataFrame(
            {"id": frame["id"].to_numpy(), "name": frame["name"].to_numpy(),
             "county_code": code.to_numpy(), "county_name": code.map(counties).to_numpy()}
        ).sort_values(["county_code", "id"], ignore_index=True).astype("string")  # fmt: skip
    return Diff(a, b, _summary(details, counties), {k: details[k] for k in DETAIL_KINDS})


def _county(region: object) -> str:
    text = str(region) if isinstance(region, str) else ""
    return text[:6] + "000000" if len(text) == 12 and text.isdigit() else ""


def _county_names(g) -> dict[str, str]:
    """Code -> name of the counties, and of the cities and province (the "county" of an
    organization based above county level is its own region)."""
    regions = g.regions
    if not len(regions) or "level" not in regions:
        return {}
    above = regions[regions["level"].isin(["province", "city", "county"])]
    return dict(zip(above["code"], above["name"], strict=True))


def _summary(details: dict[str, pd.DataFrame], counties: dict[str, str]) -> pd.DataFrame:
    seen = {c for d in details.values() for c in d["county_code"].dropna()}
    # every county; a city or the province only where something of its own changed
    codes = sorted(seen | {c for c in counties if c[4:6] != "00"})
    table = pd.DataFrame({"county_code": codes})
    table["county_name"] = table["county_code"].map(counties)
    for kind in SUMMARY_COLUMNS[2:]:
        counts = details[kind]["county_code"].value_counts()
        table[kind] = table["county_code"].map(counts).fillna(0).astype("int64")
    total = {
        "county_code": "total",
        "county_name": "",
        **{k: int(table[k].sum()) for k in SUMMARY_COLUMNS[2:]},
    }
    out = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    out["county_name"] = out["county_name"].fillna("")
    return out[list(SUMMARY_COLUMNS)]
