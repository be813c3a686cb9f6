"""The report's data section (what was read, rejected and left out, and the action items)
and the stand-in for a section whose data is missing.

Like :mod:`graphgov.report.sections`, builders take what the analyses returned, never the
graph, and give a :class:`~graphgov.report.document.Section`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from graphgov.report.document import Section
from graphgov.report.summaries import TITLES, plural

__all__ = ["data_section", "missing_section"]


def _count_column(df: pd.DataFrame) -> str:
    for name in ("orgs", "count", "n", "rows"):
        if name in df.columns:
            return name
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    if not numeric:
        raise ValueError("org_status_counts needs a count column (e.g. `orgs`)")
    return numeric[-1]


def data_section(
    counts: Mapping[str, Mapping[str, int]],
    rejects: pd.DataFrame,
    org_status_counts: pd.DataFrame,
    standing: pd.DataFrame | None = None,
    abnormal_covers: pd.DataFrame | None = None,
) -> Section:
    """What was read, what was rejected and why, which organizations count nowhere on the
    date asked, and the action items (datasets/README.md, Analysis definitions, §4.0).

    Parameters
    ----------
    counts
        Table -> ``{"rows", "accepted", "rejected", "duplicates"}`` from validation.
    rejects
        Rejected rows: ``table, line, reason_code, message, raw``.
    org_status_counts
        Organizations per registry ``status`` (``active, abnormal, deregistered,
        revoked``) with a count column ``orgs`` (other grouping columns such as ``kind``
        are kept).
    standing
        Rows of the `org-standing` analysis: where each status stands on the date asked.
        When given, the headline counts what is left out on that date (abnormal, and
        deregistered and revoked apart, not yet founded) and the rows deregistered or
        revoked without a date; else it counts the registry statuses.
    abnormal_covers
        Rows of the `abnormal-covers` analysis: Party organizations with an active cover
        on an abnormal organization, listed as action items.

    Returns
    -------
    Section
        Key ``data``; tables ``tables`` (with a ``balanced`` check that rows = accepted +
        rejected + duplicates), ``rejects-by-reason``, ``rejects``, ``org-status``, and
        with the optional rows ``org-standing`` and ``action-items``.
    """
    fields = ["rows", "accepted", "rejected", "duplicates"]
    tables = pd.DataFrame(
        [{"table": name, **{f: int(c.get(f, 0)) for f in fields}} for name, c in counts.items()],
        columns=["table", *fields],
    )
    tables["balanced"] = tables["rows"] == tables[["accepted", "rejected", "duplicates"]].sum(
        axis=1
    )
    by_reason = (
        rejects.groupby(["table", "reason_code"], sort=False)
        .agg(rows=("reason_code", "size"), example=("message", "first"))
        .reset_index()
        .sort_values(["rows", "table", "reason_code"], ascending=[False, True, True])
    )
    count = _count_column(org_status_counts)
    per_status = org_status_counts.groupby("status")[count].sum()
    status_rank = {"revoked": 0, "deregistered": 1, "abnormal": 2, "active": 3}
    status = org_status_counts.sort_values(
        "status", key=lambda s: s.map(status_rank).fillna(4), kind="stable"
    )
    total = tables[fields].sum()
    headline = (
        f"{plural(int(total['rows']), 'row')} in {plural(len(tables), 'table')}: "
        f"{int(total['accepted']):,} accepted, {int(total['rejected']):,} rejected, "
        f"{int(total['duplicates']):,} collapsed as exact duplicates; left out of every "
    )
    if standing is None:
        headline += (
            f"analysis: {int(per_status.get('abnormal', 0)):,} abnormal, "
            f"{int(per_status.get('deregistered', 0)):,} deregistered and "
            f"{int(per_status.get('revoked', 0)):,} revoked organizations"
        )
    else:
        gone = standing.set_index("status")["gone"]
        headline += (
            f"analysis on the date asked: {int(standing['abnormal'].sum()):,} abnormal, "
            f"{int(gone.get('deregistered', 0)):,} deregistered (注销), "
            f"{int(gone.get('revoked', 0)):,} revoked (撤销) and "
            f"{int(standing['not_yet_founded'].sum()):,} not yet founded organizations "
            f"({int(standing['undated_gone'].sum()):,} deregistered or revoked without a "
            "date, taken as gone on every date)"
        )
    if abnormal_covers is not None:
        party = plural(abnormal_covers["party_org_id"].nunique(), "Party organization")
        flagged = plural(abnormal_covers["org_id"].nunique(), "abnormal organization")
        headline += f"; action items: {party} in {flagged}"
    if not tables["balanced"].all():
        headline += (
            f" (rows do not add up in: {', '.join(tables.loc[~tables['balanced'], 'table'])})"
        )
    extra = [("org-standing", standing), ("action-items", abnormal_covers)]
    return Section(
        key="data",
        title=TITLES["data"],
        definition=(
            "Every input row is accepted, rejected with a reason, or collapsed as an exact "
            "duplicate; abnormal (活动异常), deregistered (注销), revoked (撤销) and not yet "
            "founded organizations are counted only here. Action items: Party organizations "
            "that sit in (cover) an organization on the abnormal-activity list."
        ),
        headline=headline,
        tables=[
            ("tables", tables),
            ("rejects-by-reason", by_reason.reset_index(drop=True)),
            ("rejects", rejects.reset_index(drop=True)),
            ("org-status", status.reset_index(drop=True)),
            *[(name, rows.reset_index(drop=True)) for name, rows in extra if rows is not None],
        ],
    )


def missing_section(key: str, reason: str) -> Section:
    """The section `key` (a key of :data:`~graphgov.report.summaries.TITLES`) when the
    dataset lacks what its analyses need: its heading, and `reason` as the headline.

    >>> missing_section("density", "no communities in the dataset").headline
    'Not reported: no communities in the dataset'
    """
    return Section(
        key=key,
        title=TITLES[key],
        definition="This section needs data the dataset does not hold.",
        headline=f"Not reported: {reason}",
    )
