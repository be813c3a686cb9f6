"""What the cells of a report count, and what of it lists persons (§4.15): the declarations
that :mod:`graphgov.privacy.suppress` applies.

- A cell is a :data:`Cell` (section, table, row, column); a section's headline figures are
  the cells of its table :data:`HEADLINE`, row 0.
- **Counts of people**: :data:`PEOPLE` names the columns that count people per (section,
  table), :data:`ON_ROWS` the tables where they do so on some rows only, :data:`NOT_PEOPLE`
  what every other numeric column counts; :func:`counts_people` decides a column.
- **Left out**: :data:`LEFT_OUT_TABLES`, :data:`LEFT_OUT_COLUMNS`, :data:`LEFT_OUT_ROWS`,
  :data:`LEFT_OUT_CHARTS`, and the cells emptied (:data:`BLANKED`).
- **Order**: :data:`ORDER`, how a table ordered by a count of people is ordered again.
- The parts of a line that :mod:`graphgov.privacy.complementary` adds up: :data:`PARTS` of a
  data table's rows, the joint branches (:data:`JOINT`) whose Party members are their
  organizations'.
"""

from __future__ import annotations

import re

import pandas as pd

from graphgov.report.display import is_numeric

__all__ = [
    "BLANKED", "HEADLINE", "JOINT", "LEFT_OUT_CHARTS", "LEFT_OUT_COLUMNS", "LEFT_OUT_ROWS",
    "LEFT_OUT_TABLES", "NOT_PEOPLE", "ON_ROWS", "ORDER", "PARTS", "PEOPLE", "PERSON_TABLES",
    "SECONDARY", "TIES", "Cell", "counts_people",
]  # fmt: skip

#: A cell: (section key, table name, row position, column). A section's headline figures
#: are the cells of its table :data:`HEADLINE`, row 0.
Cell = tuple[str, str, int, str]
HEADLINE = "headline"
#: How a cell suppressed to protect another (complementary suppression) is shown.
SECONDARY = "x"
#: The tables whose rows are persons or their posts.
PERSON_TABLES = ("people", "posts")
#: The section of the cross-appointments.
TIES = "cross-appointments"

#: The columns of the report's tables that count people, per (section, table).
PEOPLE: dict[tuple[str, str], tuple[str, ...]] = {
    ("data", "tables"): ("rows", "accepted", "rejected", "duplicates"),
    ("data", "rejects-by-reason"): ("rows",),
    ("gaps", "organizations"): ("party_members",),
    ("gaps", "joint-branches"): ("party_members",),
    ("next", "joint-branches-to-form"): ("party_members",),
    ("linkage", "candidates"): ("workers",),
    (TIES, "types"): ("persons",),
    (TIES, "ties"): ("persons", "party_to_party"),
    ("progress", "changes-by-county"): ("cross_appointments_started", "cross_appointments_ended"),
}
#: Tables whose :data:`PEOPLE` columns count people on some rows only: (column, values).
ON_ROWS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("data", "tables"): ("table", PERSON_TABLES),
    ("data", "rejects-by-reason"): ("table", PERSON_TABLES),
}
#: What every other numeric column of the report counts, by column name.
NOT_PEOPLE: dict[str, tuple[str, ...]] = {
    "rows of the other tables": ("rows", "accepted", "rejected", "duplicates"),
    "organizations": (
        "orgs", "active", "abnormal", "gone", "not_yet_founded", "undated_gone", "org_covered",
        "functional_covered", "work_covered", "must_form", "joint_candidate", "needs_instructor",
        "instructed", "gaps", "urban_orgs", "rural_orgs", "urban_shortfall", "rural_shortfall",
        "shortfall", "target", "deficit", "orgs_supported", "providers", "organizations_cut",
        "orgs_founded", "orgs_gone", "newly_covered", "coverage_lost", "covered_gone",
        "hubs_added", "covered_a", "covered_b", "organizations", "urban_target", "rural_target",
    ),
    "Party organizations": ("party_orgs_new", "party_orgs_dissolved"),
    "communities": (
        "communities", "urban_communities", "rural_communities", "urban_meeting",
        "rural_meeting", "meeting", "communities_uncovered", "in_uncovered_townships",
        "in_covered_townships", "communities_covered", "communities_reached",
        "exclusive_communities", "shared_communities", "shared_reached", "urban_served",
        "rural_served", "served_by_agency", "served_by_station", "served_by_purchase",
        "urban_needed", "rural_needed", "linked", "unlinked", "org_only", "worker_only",
        "none", "communities_served", "communities_cut", "communities_newly_covered",
        "communities_meeting_density", "new_communities", "communities_covered_after",
        "urban_goal", "rural_goal", "needed", "urban_to_raise", "rural_to_raise",
    ),
    "townships": ("townships_uncovered", "townships_covered", "townships_covered_after"),
    "instructors a plan would send (not persons in the data)": ("instructors_needed",),
    "units (cities, counties, townships, streets, communities)": (
        "units", "with_service_center", "with_party_mass_center", "standardized",
    ),
    "projects and money": ("projects", "amount_cny"),
    "shares and averages of the above": (
        "org_coverage", "work_coverage", "urban_average", "rural_average", "urban_share",
        "rural_share", "share", "linked_share", "share_to_gap_communities",
        "service_center_share", "claim", "value", "pace_per_year",
    ),
    "bodies, pieces and pairs of nodes of a network": ("degree", "pieces", "separated_pairs"),
    "network measures, labels and ranks": (
        "betweenness", "betweenness_pairs", "betweenness_se", "pagerank", "component", "louvain",
        "rank",
    ),
}  # fmt: skip
#: The projected coverage at a target's year (progress coverage-projection): a share.
_AT_YEAR = re.compile(r"at_\d{4}")
_OTHER = frozenset(c for names in NOT_PEOPLE.values() for c in names)

#: Tables left out: each row is a person, or an input row as read (a person's among them;
#: the others counted by table would undo the suppression of data.tables).
LEFT_OUT_TABLES = frozenset({(TIES, "persons"), ("data", "rejects")})
#: Columns left out: the social workers' names and ids; a body's shared persons (at least
#: its degree, so a suppressed value would show where the degree is k-1).
LEFT_OUT_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("linkage", "candidates"): ("worker_names", "worker_ids"),
    (TIES, "bodies"): ("strength",),
}
#: Rows left out: (column, prefix) of the rows that are persons.
LEFT_OUT_ROWS: dict[tuple[str, str], tuple[str, str]] = {(TIES, "cut-points"): ("node", "person:")}
#: Charts left out: the county's interlock network, whose lines are as wide as the
#: number of persons two bodies share.
LEFT_OUT_CHARTS = frozenset({"cross-appointments-network.png"})
#: Cells emptied on the :data:`ON_ROWS` rows: the message of a rejected person or post.
BLANKED = {("data", "rejects-by-reason"): "example"}

#: The order of a table that is ordered by a count of people, under privacy: columns,
#: ``-`` for descending; ``gap`` in its order of urgency.
ORDER: dict[tuple[str, str], tuple[str, ...]] = {
    ("gaps", "organizations"): ("gap", "-party_members", "region_code", "org_id"),
    ("linkage", "candidates"): ("-orgs", "-workers", "community_code"),
    (TIES, "ties"): ("persons", "community_code"),
    (TIES, "bodies"): ("-betweenness_pairs", "node"),
    ("data", "rejects-by-reason"): ("-rows", "table", "reason_code"),
}
#: The parts of a row of data.tables: they add up to its rows.
PARTS = ("accepted", "rejected", "duplicates")
#: Joint branches: each one's Party members are those of its organizations (gaps).
JOINT = (("gaps", "joint-branches"), ("next", "joint-branches-to-form"))


def counts_people(section: str, table: str, column: str, series: pd.Series) -> bool:
    """Whether `column` of a table counts people (on the :data:`ON_ROWS` rows, where
    given): declared in :data:`PEOPLE`, or numeric and named nowhere in :data:`NOT_PEOPLE`.

    >>> s = pd.Series([3])
    >>> counts_people("gaps", "organizations", "party_members", s), counts_people(
    ...     "gaps", "organizations", "orgs", s), counts_people("new", "table", "odd", s)
    (True, False, True)
    """
    if column in PEOPLE.get((section, table), ()):
        return True
    return is_numeric(series) and column not in _OTHER and not _AT_YEAR.fullmatch(column)
