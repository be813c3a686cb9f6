"""Load a dataset directory: read every table, validate it, keep what passes.

Tables are validated in ``schema.TABLE_ORDER`` (or as if they were), so a table's
references only point at tables already settled. Per table: the shared column rules
(:func:`check_columns`), the table's own value rules, conflicting keys, then references.
Nothing is dropped silently: every row ends accepted, rejected with one reason, or
collapsed as an exact duplicate.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphgov import schema
from graphgov.errors import DatasetError
from graphgov.load import regionrules, rules
from graphgov.load.checks import TableCheck, check_columns, check_duplicate_keys
from graphgov.load.names import contract_name_warnings, nearest_table, stray_file_warnings
from graphgov.load.readers import RawTable, find_table_file, read_table_file
from graphgov.load.refs import KeyIndex, check_hierarchy, check_ref, key_index, lookup
from graphgov.load.result import REJECT_COLUMNS, LoadResult
from graphgov.meta import DatasetInfo, load_targets

__all__ = ["load_dataset", "read_tables", "validate_tables"]

#: Joint branches covering more organizations than this get a warning
#: (datasets/VALIDATION.md, Warnings).
JOINT_BRANCH_MAX = 5
#: Columns that are not required in every row but must be in the file's header.
_HEADER_COLUMNS = {"regions": ("parent_code",)}  # required for everything below a province
_WHAT = {
    "regions": "region",
    "organizations": "organization",
    "party_orgs": "Party organization",
    "people": "person",
}


def load_dataset(
    path: str | Path,
    encoding: str | None = None,
    progress: Callable[[str, int], None] | None = None,
    strict_regions: bool = False,
) -> LoadResult:
    """Read and validate the dataset in directory `path`.

    Parameters
    ----------
    path : str or Path
        The dataset directory (datasets/README.md, Data dictionary).
    encoding : str, optional
        Encoding of every CSV file (default UTF-8; a BOM is accepted).
    progress : callable, optional
        Called as ``progress(table_name, n_rows)`` once each table is validated.
    strict_regions : bool
        Reject (``nbs_mismatch``) the regions that differ from the shipped NBS hierarchy
        instead of warning about them (:mod:`graphgov.load.regionrules`).

    Returns
    -------
    LoadResult

    Raises
    ------
    DatasetError
        Missing directory, required file or required column; a file that does not decode
        (or a UTF-8 line in a file read with another encoding); an unreadable Parquet file
        or one whose binary values are not UTF-8; a table given both as CSV and as Parquet;
        a table that is a folder, a device or a broken link; a header name used twice,
        holding a control character, or a contract column's name in another case or
        width (see :mod:`graphgov.load.names`).

    Examples
    --------
    >>> res = load_dataset("datasets/zhejiang-sample")
    >>> res.summary()["rejected"], res.exit_code
    (0, 0)
    """
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: no such dataset directory")
    info = DatasetInfo.from_dir(path)
    targets = load_targets(path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        # each table's column rules start as soon as it is read, beside the next file's read
        columns: dict[str, Future[TableCheck]] = {}

        def read(name: str, raw: RawTable | None) -> None:
            columns[name] = pool.submit(_columns_checked, name, raw)

        try:
            _, file_warnings = read_tables(path, encoding, read)
        except DatasetError:
            for future in columns.values():
                future.cancel()
            raise
        tables, counts, rejects, warnings = _validated(columns, progress, strict_regions)
    return LoadResult(path, tables, counts, rejects, info, targets, file_warnings + warnings)


def read_tables(
    path: Path,
    encoding: str | None = None,
    read: Callable[[str, RawTable | None], None] | None = None,
) -> tuple[dict[str, RawTable | None], list[str]]:
    """Every table file of a dataset directory, read as strings (None where absent).

    All files are read before any verdict is given, so a fatal problem in any of them
    stops the run: the first in ``schema.TABLE_ORDER``, though posts are read third and
    people fifth (``_READ_ORDER``: their column rules take longest, and `read` starts them).
    `read`, if given, is called as ``read(name, raw)`` once each table is read and its
    header checked.

    Returns
    -------
    tuple
        ``(raws, warnings)``: the tables, and warnings about the directory's other files
        and columns that look like a misspelt contract column.
    """
    warnings = stray_file_warnings(path)
    done: dict[str, tuple[RawTable | None, list[str]]] = {}
    failed: dict[str, DatasetError] = {}
    for name in _READ_ORDER:
        if any(n in failed for n in schema.TABLE_ORDER[: schema.TABLE_ORDER.index(name)]):
            continue  # a table before this one is fatal: raised below, this one not read
        try:
            done[name] = _read_table(path, name, encoding)
        except DatasetError as err:
            failed[name] = err
            continue
        if read is not None:
            read(name, done[name][0])
    for name in schema.TABLE_ORDER:
        if name in failed:
            raise failed[name]
    raws = {name: done[name][0] for name in schema.TABLE_ORDER}
    return raws, warnings + [w for name in schema.TABLE_ORDER for w in done[name][1]]


#: The order tables are read in (each one's column rules start as soon as it is read, two
#: at a time): regions and Party organizations, small and the first the table rules need,
#: then the largest (posts, organizations, people), whose column rules take longest.
_READ_ORDER = ("regions", "party_orgs", "posts", "organizations", "people")
_READ_ORDER += tuple(n for n in schema.TABLE_ORDER if n not in _READ_ORDER)


def _read_table(path: Path, name: str, encoding: str | None) -> tuple[RawTable | None, list[str]]:
    """Table `name` of `path` as read (None if absent and optional), with its warnings."""
    table = schema.TABLES[name]
    file = find_table_file(path, name)
    if file is None:
        if table.required_file:
            raise DatasetError(
                f"{path}: required file {name}.csv (or {name}.parquet) is missing"
                + _found_instead(path, name)
            )
        return None, []
    raw = read_table_file(file, encoding)
    warnings = contract_name_warnings(raw.file, list(raw.frame.columns), table)
    needed = [c.name for c in table.columns if c.required] + list(_HEADER_COLUMNS.get(name, ()))
    missing = [c for c in needed if c not in raw.frame]
    if missing:
        raise DatasetError(f"{raw.file}: required column(s) missing: {', '.join(missing)}")
    taken = [c for c in raw.frame.columns if c in schema.EDGE_COLUMNS]
    if name in schema.RELATIONSHIP_TABLES and taken:
        raise DatasetError(schema.edge_column_message(raw.file, taken))
    return raw, warnings


def _found_instead(path: Path, name: str) -> str:
    """``" (Organizations.csv is there: did you mean it?)"`` or ``""``."""
    meant = {f"{name}.csv", f"{name}.parquet"}
    near = sorted(
        e.name
        for e in path.iterdir()
        if not e.name.startswith(".") and nearest_table(e.name) in meant
    )
    return f" ({near[0]} is there: is that it?)" if near else ""


@dataclass
class _Context:
    """What the tables validated before it tell one table's rules."""

    keys: dict[str, KeyIndex]
    warnings: list[str] = field(default_factory=list)  # this table's own
    strict_regions: bool = False


def validate_tables(
    raws: dict[str, RawTable | None],
    progress: Callable[[str, int], None] | None = None,
    strict_regions: bool = False,
) -> tuple[dict[str, pd.DataFrame], dict, pd.DataFrame, list[str]]:
    """Validate tables read by :func:`read_tables` (`strict_regions`: regions that differ
    from the shipped NBS hierarchy are rejected, not warned about).

    Returns
    -------
    tuple
        ``(tables, counts, rejects, warnings)`` as in :class:`LoadResult`.
    """
    # The column rules of a table need no other table: they run two at a time (pyarrow's
    # kernels release the GIL), ahead of the table rules (_validated).
    with ThreadPoolExecutor(max_workers=2) as pool:
        columns = {
            name: pool.submit(_columns_checked, name, raws.get(name)) for name in schema.TABLE_ORDER
        }
        return _validated(columns, progress, strict_regions)


def _validated(
    columns: dict[str, Future[TableCheck]],
    progress: Callable[[str, int], None] | None,
    strict_regions: bool = False,
) -> tuple[dict[str, pd.DataFrame], dict, pd.DataFrame, list[str]]:
    """The table rules on the tables whose column rules `columns` give.

    A table's rules look up only the keys of the tables before it in TABLE_ORDER (those in
    ``_WHAT``). So rather than wait for the column rules of the next table in that order
    (posts, the longest), the rules of a later table whose column rules are done and whose
    keyed tables before it are settled run first (services, facilities). Results, warnings
    and progress are gathered in TABLE_ORDER: the outcome is that of running them in turn.
    """
    order = schema.TABLE_ORDER
    keys: dict[str, KeyIndex] = {}
    contexts = {name: _Context(keys, strict_regions=strict_regions) for name in order}
    pending, told = list(order), 0
    checks: dict[str, TableCheck] = {}
    while pending:
        name = next((n for n in pending if _ready(n, pending, columns)), pending[0])
        check = checks[name] = columns[name].result()
        _RULES.get(name, _keys_only)(check, contexts[name])
        if name in _WHAT:
            keys[name] = key_index(check, _WHAT[name])
        pending.remove(name)
        while told < len(order) and order[told] not in pending:  # progress in TABLE_ORDER
            if progress is not None:
                progress(order[told], len(checks[order[told]].reason))
            told += 1
    checks = {name: checks[name] for name in order}
    warnings = [w for name in order for w in contexts[name].warnings]
    tables = {name: c.accepted_frame() for name, c in checks.items()}
    counts = {name: c.counts() for name, c in checks.items()}
    frames = [c.rejects_frame() for c in checks.values()]
    frames = [f for f in frames if len(f)]
    if frames:
        rejects = pd.concat(frames, ignore_index=True)
    else:
        rejects = pd.DataFrame({c: pd.Series(dtype=object) for c in REJECT_COLUMNS})
    rejects["line"] = rejects["line"].astype("int64")
    _warn_joint_branches(warnings, tables)
    return tables, counts, rejects, warnings


def _ready(name: str, pending: list[str], columns: dict[str, Future[TableCheck]]) -> bool:
    """Whether table `name`'s rules can run now: its column rules are done, and no table
    before it whose keys it may look up is still pending."""
    before = pending[: pending.index(name)]
    return columns[name].done() and not any(n in _WHAT for n in before)


def _columns_checked(name: str, raw: RawTable | None) -> TableCheck:
    check = TableCheck(schema.TABLES[name], raw)
    check_columns(check)
    return check


# --- per-table rules ----------------------------------------------------------------------


def _regions(check: TableCheck, ctx: _Context) -> None:
    code = check.value("code")
    valid = check.ok & code.notna()
    levels, parents = regionrules.implied_by_codes(code[valid].unique())
    implied, expected = lookup(levels, code), lookup(parents, code)
    given = check.value("level")
    bad = check.ok & given.notna() & (given != implied).fillna(False)
    text = "level " + given[bad] + ": code " + code[bad] + " is a " + implied[bad] + " code"
    check.reject("level_mismatch", text)
    check.typed["level"] = given.fillna(implied)

    parent = check.value("parent_code")
    province = (implied == "province").fillna(False)
    bad = check.ok & province & parent.notna()
    check.reject("bad_parent", "parent_code " + parent[bad] + ": a province has no parent")
    bad = check.ok & ~province & parent.isna()
    text = "parent_code is empty (required below a province; expected " + expected[bad] + ")"
    check.reject("missing_value", text)
    bad = check.ok & ~province & parent.notna() & (parent != expected).fillna(False)
    text = ": not the code's own prefix one level up (expected " + expected[bad] + ")"
    check.reject("bad_parent", "parent_code " + parent[bad] + text)
    regionrules.area_type(check, ctx.warnings)
    regionrules.check_against_nbs(check, ctx.warnings, strict=ctx.strict_regions)
    check_duplicate_keys(check)
    check_hierarchy(check, "parent_code", "unknown_region", "region")


def _organizations(check: TableCheck, ctx: _Context) -> None:
    ids, kind = check.value("org_id"), check.value("kind")
    registered = check.ok & ids.notna() & kind.isin(schema.REGISTERED_KINDS)
    for code, failures in rules.uscc_failures(ids[registered], kind[registered]).items():
        check.reject(code, failures)
    stars = check.value("star_rating")
    bad = check.ok & (stars > 5).fillna(False)
    check.reject("out_of_range", "star_rating " + stars[bad].astype(str) + ": not 0 to 5")
    status, gone_on = check.value("status"), check.value("deregistered_on")
    bad = check.ok & gone_on.notna() & ~status.isin(schema.GONE_STATUSES).fillna(False)
    text = "deregistered_on " + gone_on[bad] + " but status is " + status[bad].fillna("active")
    check.reject("bad_status_date", text + " (a 注销/撤销 date needs deregistered or revoked)")
    _period(check, "founded", "deregistered_on")
    _period(check, "abnormal_since", "abnormal_until")
    check_duplicate_keys(check)
    regions = ctx.keys["regions"]
    check_ref(check, "region_code", regions, "unknown_region")
    check_ref(check, "region_code", regions, "unknown_region", kind == "community", "community")
    check_ref(check, "party_manager_id", ctx.keys["party_orgs"], "unknown_party_org")


def _period(check: TableCheck, first: str, last: str) -> None:
    """Reject rows whose date `first` is after their date `last` (``bad_period``)."""
    start, end = check.value(first), check.value(last)
    bad = check.ok & (start > end).fillna(False).astype(bool)
    check.reject("bad_period", f"{first} " + start[bad] + f" is after {last} " + end[bad])


def _party_orgs(check: TableCheck, ctx: _Context) -> None:
    _period(check, "founded", "dissolved")
    check_duplicate_keys(check)
    regions = ctx.keys["regions"]
    community = check.value("kind") == "community"
    check_ref(check, "region_code", regions, "unknown_region")
    check_ref(check, "region_code", regions, "unknown_region", community, "community")
    check_hierarchy(check, "parent_id", "unknown_party_org", "Party organization", "party_cycle")


def _party_org_covers(check: TableCheck, ctx: _Context) -> None:
    _period(check, "since", "until")
    check_duplicate_keys(check)
    check_ref(check, "party_org_id", ctx.keys["party_orgs"], "unknown_party_org")
    check_ref(check, "org_id", ctx.keys["organizations"], "unknown_org")


def _people(check: TableCheck, ctx: _Context) -> None:
    check_duplicate_keys(check)
    check_ref(check, "home_community", ctx.keys["regions"], "unknown_region", None, "community")


def _posts(check: TableCheck, ctx: _Context) -> None:
    check.reject("bad_period", rules.bad_period(check.value("start"), check.value("end")))
    check_duplicate_keys(check)
    check_ref(check, "person_id", ctx.keys["people"], "unknown_person")
    body = check.value("body_type")
    check_ref(check, "body_id", ctx.keys["organizations"], "unknown_org", body == "org")
    check_ref(check, "body_id", ctx.keys["party_orgs"], "unknown_party_org", body == "party_org")
    community = body == "community"
    check_ref(check, "body_id", ctx.keys["regions"], "unknown_region", community, "community")


def _services(check: TableCheck, ctx: _Context) -> None:
    check.reject("bad_period", rules.bad_period(check.value("start"), check.value("end")))
    check_duplicate_keys(check)
    check_ref(check, "provider_id", ctx.keys["organizations"], "unknown_org")
    target = check.value("target_type")
    regions = ctx.keys["regions"]
    check_ref(check, "target_id", ctx.keys["organizations"], "unknown_org", target == "org")
    for level in ("community", "township"):
        check_ref(check, "target_id", regions, "unknown_region", target == level, level)


def _keys_only(check: TableCheck, ctx: _Context) -> None:
    """Tables without rules of their own (none today) still get their keys checked."""
    check_duplicate_keys(check)


def _facilities(check: TableCheck, ctx: _Context) -> None:
    _period(check, "opened", "closed")
    check_duplicate_keys(check)
    check_ref(check, "region_code", ctx.keys["regions"], "unknown_region")
    check_ref(check, "operator_org_id", ctx.keys["organizations"], "unknown_org")


_RULES: dict[str, Callable[[TableCheck, _Context], None]] = {
    "regions": _regions,
    "organizations": _organizations,
    "party_orgs": _party_orgs,
    "party_org_covers": _party_org_covers,
    "people": _people,
    "posts": _posts,
    "services": _services,
    "facilities": _facilities,
}


def _warn_joint_branches(warnings: list[str], tables: dict[str, pd.DataFrame]) -> None:
    covers, party = tables["party_org_covers"], tables["party_orgs"]
    joint = party.loc[party["kind"] == "joint_branch", "party_org_id"]
    n = covers.loc[covers["party_org_id"].isin(joint), "party_org_id"].value_counts()
    for pid, count in n[n > JOINT_BRANCH_MAX].sort_index().items():
        warnings.append(
            f"party_org_covers: joint branch {pid} covers {count} organizations "
            f"(more than {JOINT_BRANCH_MAX})"
        )
