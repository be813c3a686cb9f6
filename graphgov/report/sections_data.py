"""The report's data section (what was read, rejected and left out, and the action items)
and the stand-in for a section whose data is missing.

Like :mod:`graphgov.report.sections`, builders take what the analyses returned, never the
graph, and give a :class:`~graphgov.report.document.Section`; their words are the
``data.*`` messages of the language in use (:mod:`graphgov.report.i18n`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from graphgov.report.chartkit import counted
from graphgov.report.document import Section
from graphgov.report.i18n import big, t
from graphgov.report.summaries import label_of, title, with_names

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
    *,
    regions: Mapping[str, str] | None = None,
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
    regions
        Division code -> name: adds ``region_name`` to the action items.

    Returns
    -------
    Section
        Key ``data``; tables ``tables`` (with a ``balanced`` check that rows = accepted +
        rejected + duplicates), ``rejects-by-reason``, ``rejects``, ``org-status``, and
        with the optional rows ``org-standing`` and ``action-items``. Tables, statuses,
        kinds and Party organization kinds get their names beside their codes
        (``table_name``, ``status_name``, ``kind_name``, ``party_org_kind_name``).
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
    if standing is None:
        left_out = t(
            "data.left_out",
            abnormal=big(int(per_status.get("abnormal", 0))),
            deregistered=big(int(per_status.get("deregistered", 0))),
            revoked=big(int(per_status.get("revoked", 0))),
        )
    else:
        gone = standing.set_index("status")["gone"]
        left_out = t(
            "data.left_out_on_date",
            abnormal=big(int(standing["abnormal"].sum())),
            deregistered=big(int(gone.get("deregistered", 0))),
            revoked=big(int(gone.get("revoked", 0))),
            not_yet=big(int(standing["not_yet_founded"].sum())),
            undated=big(int(standing["undated_gone"].sum())),
        )
    actions = ""
    if abnormal_covers is not None:
        actions = t(
            "data.actions",
            party=counted("data.party_org", abnormal_covers["party_org_id"].nunique()),
            flagged=counted("data.abnormal_org", abnormal_covers["org_id"].nunique()),
        )
    unbalanced = ""
    if not tables["balanced"].all():
        short = tables.loc[~tables["balanced"], "table"]
        names = [str(label_of("data.table", name)) for name in short]
        unbalanced = t("data.unbalanced", tables=t("format.list_sep").join(names))
    headline = t(
        "data.headline",
        rows=counted("data.row", int(total["rows"])),
        tables=counted("data.table_count", len(tables)),
        accepted=big(int(total["accepted"])),
        rejected=big(int(total["rejected"])),
        duplicates=big(int(total["duplicates"])),
        left_out=left_out,
        actions=actions,
        unbalanced=unbalanced,
    )
    extra = [("org-standing", standing), ("action-items", _named_covers(abnormal_covers, regions))]
    return Section(
        key="data",
        title=title("data"),
        definition=t("data.definition"),
        headline=headline,
        tables=[
            ("tables", _labelled(tables)),
            ("rejects-by-reason", _labelled(by_reason).reset_index(drop=True)),
            ("rejects", _labelled(rejects).reset_index(drop=True)),
            ("org-status", _labelled(status).reset_index(drop=True)),
            *[
                (name, _labelled(rows).reset_index(drop=True))
                for name, rows in extra
                if rows is not None
            ],
        ],
    )


#: Code column -> (its name column, the catalogue prefix of the names).
_LABELS = {
    "table": ("table_name", "data.table"),
    "status": ("status_name", "data.status"),
    "kind": ("kind_name", "gaps.kind"),
    "party_org_kind": ("party_org_kind_name", "data.party_org_kind"),
}


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the names of its tables, statuses and kinds beside their codes."""
    for column, (name, prefix) in _LABELS.items():
        frame = with_names(frame, column, lambda v, p=prefix: label_of(p, v), name)
    return frame


def _named_covers(
    covers: pd.DataFrame | None, regions: Mapping[str, str] | None
) -> pd.DataFrame | None:
    """The action items with the region's name beside its code (given `regions`)."""
    if covers is None or not regions:
        return covers
    return with_names(covers, "region_code", regions, "region_name")


def missing_section(key: str, reason: str) -> Section:
    """The section `key` (a section key, with a ``<key>.title`` message: see
    :func:`~graphgov.report.summaries.title`) when the dataset lacks what its analyses
    need: its heading, and `reason` as the headline.

    >>> missing_section("density", "no communities in the dataset").headline
    'Not reported: no communities in the dataset'
    """
    return Section(
        key=key,
        title=title(key),
        definition=t("data.missing.definition"),
        headline=t("data.missing.headline", reason=reason),
    )
