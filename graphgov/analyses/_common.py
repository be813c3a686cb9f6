"""Small building blocks shared by the analyses: what is active, where things are."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

import networkx as nx
import numpy as np
import pandas as pd

from graphgov import schema
from graphgov.codes import ancestor
from graphgov.errors import UsageError
from graphgov.graph import Graph
from graphgov.load.checks import member
from graphgov.meta import parse_date

_PREFIX = schema.PREFIX_DIGITS


_F = TypeVar("_F", bound=Callable)
#: What :func:`shared` functions gave inside :func:`reuse`: key -> (arguments, result).
_SHARED: ContextVar[dict | None] = ContextVar("shared", default=None)


@contextmanager
def reuse() -> Iterator[None]:
    """Inside the block, each :func:`shared` function is computed once per arguments (a
    report asks several analyses for the same intermediates of one graph). The graph and
    what the functions return must not change inside it. A block inside another shares
    the outer one's answers."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(fn: _F) -> _F:
    """`fn`, answered once per arguments inside :func:`reuse` (outside it, each call
    computes): arguments are the same when equal, or, unhashable (a graph, a frame), when
    they are the same object; an `as_of` of None is graph `g`'s date. What it returns is
    shared: callers must not change it.

    >>> calls = []
    >>> @shared
    ... def twice(x, y=1):
    ...     calls.append(x)
    ...     return 2 * x
    >>> with reuse():
    ...     twice(3), twice(3, y=1), twice(x=3), twice(4)
    (6, 6, 6, 8)
    >>> calls
    [3, 4]
    """
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def answer(*args, **kwargs):
        memo = _SHARED.get()
        if memo is None:
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        given = bound.arguments
        if given.get("as_of", "") is None and isinstance(given.get("g"), Graph):
            given["as_of"] = given["g"].info.as_of  # the key only: fn is asked as it was
        values = tuple(given.values())
        key = (fn.__module__, fn.__qualname__, *map(_same, values))
        if key not in memo:
            memo[key] = (values, fn(*args, **kwargs))  # the arguments held: ids stay theirs
        return memo[key][1]

    return answer  # type: ignore[return-value]


def _same(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


def edgelist_graph(frame: pd.DataFrame, source: str, target: str, **options: object) -> nx.Graph:
    """``nx.from_pandas_edgelist(frame, source, target, **options)``, the two node columns
    handed over as Python objects (networkx reads them one value at a time, which is slow
    on Arrow-backed strings); the nodes are the same."""
    nodes = frame.astype({source: object, target: object})
    return nx.from_pandas_edgelist(nodes, source, target, **options)


def as_of_of(g: Graph, as_of: str | None) -> str:
    """The date an analysis looks at: `as_of` if given, else the dataset's."""
    return g.info.as_of if as_of is None else parse_as_of(as_of)


def parse_as_of(as_of: str) -> str:
    """`as_of` as ``YYYY-MM-DD``, or a UsageError naming ``--as-of``."""
    try:
        return parse_date(as_of)
    except ValueError as err:
        raise UsageError(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from err


@shared
def active_on(
    frame: pd.DataFrame, as_of: str, start: str = "start", end: str = "end"
) -> pd.DataFrame:
    """Rows active on `as_of`: column `start` ``<= as_of`` (or empty) and column `end`
    ``>= as_of`` (or empty), as posts, services, covers (``since``/``until``) and facilities
    (``opened``/``closed``) are read (§4.0)."""
    start, end = frame[start], frame[end]
    keep = (start.isna() | (start <= as_of)) & (end.isna() | (end >= as_of))
    return frame[keep.fillna(False).astype(bool)]


def org_exists(orgs: pd.DataFrame, as_of: str) -> pd.Series:
    """Whether each organization exists on `as_of` (datasets/README.md, Analysis
    definitions, §4.0): ``founded`` empty or ``<= as_of``, and ``deregistered_on`` empty or
    ``> as_of``; a ``deregistered`` or ``revoked`` one without a date is gone on every date."""
    founded, gone_on = orgs["founded"], orgs["deregistered_on"]
    gone = orgs["status"].isin(schema.GONE_STATUSES) & gone_on.isna()
    ok = (founded.isna() | (founded <= as_of)) & (gone_on.isna() | (gone_on > as_of)) & ~gone
    return ok.fillna(False).astype(bool)


def org_abnormal(orgs: pd.DataFrame, as_of: str) -> pd.Series:
    """Whether each organization is on the abnormal-activity list on `as_of`:
    ``abnormal_since <= as_of < abnormal_until`` (either end open when empty), or, with
    neither date given, its status is ``abnormal``."""
    since, until = orgs["abnormal_since"], orgs["abnormal_until"]
    dated = since.notna() | until.notna()
    within = (since.isna() | (since <= as_of)) & (until.isna() | (as_of < until))
    flagged = dated & within | ~dated & (orgs["status"] == "abnormal")
    return flagged.fillna(False).astype(bool)


@shared
def orgs_active_on(g: Graph, as_of: str, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The organizations active on `as_of` (they exist and are not abnormal), optionally of
    the given kinds: the only ones the analyses count (§4.0)."""
    return g.organizations[org_active(g, as_of, kinds)]


def org_active(g: Graph, as_of: str, kinds: tuple[str, ...] | None = None) -> pd.Series:
    """Whether each organization is one of :func:`orgs_active_on` (a mask: cheaper than the
    rows when only a column of them is needed)."""
    o = g.organizations
    keep = org_exists(o, as_of) & ~org_abnormal(o, as_of)
    if kinds is not None:
        keep &= o["kind"].isin(kinds).fillna(False).astype(bool)
    return keep


@shared
def party_orgs_on(g: Graph, as_of: str) -> pd.DataFrame:
    """The Party organizations that exist on `as_of`: ``founded`` empty or ``<= as_of`` and
    ``dissolved`` empty or ``> as_of`` (the dissolution date is its first day gone)."""
    p = g.party_orgs
    founded, dissolved = p["founded"], p["dissolved"]
    keep = (founded.isna() | (founded <= as_of)) & (dissolved.isna() | (dissolved > as_of))
    return p[keep.fillna(False).astype(bool)]


@shared
def covers_on(g: Graph, as_of: str) -> pd.DataFrame:
    """The ``COVERS`` relationships active on `as_of` (``since``/``until``, either end open
    when empty) whose Party organization exists then."""
    covers = active_on(g.rel("COVERS"), as_of, "since", "until")
    return covers[member(covers["src"], party_orgs_on(g, as_of)["party_org_id"])]


def group_code(codes: pd.Series, level: str) -> pd.Series:
    """Where a code falls when grouped at `level`: its ancestor there, or itself if it is
    above that level (an organization based in a city is its own group at county level)."""
    depth = codes.map(lambda c: _PREFIX[schema.level_of_code(c)])
    return codes.where(depth < _PREFIX[level], ancestor(codes, level))


def region_names(g: Graph) -> pd.Series:
    """Region name by code."""
    return g.regions.set_index("code")["name"]


def communities(g: Graph) -> pd.DataFrame:
    """Community-level regions."""
    r = g.regions
    return r[r["level"] == "community"]


def orgs_in_communities(g: Graph, as_of: str, orgs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs ``(org_id, community_code)``: an organization active on `as_of` is *in* a
    community if it is based in it or has an active ``serves`` link to it (a ``purchased``
    service does not put its provider there: datasets/README.md, Analysis definitions,
    §4.0). `orgs`, when given, are the organizations to place (a subset of those active on
    `as_of`: the caller chose them); by default :func:`orgs_active_on` ``(g, as_of)``."""
    orgs = orgs_active_on(g, as_of) if orgs is None else orgs
    comm = communities(g)["code"]
    based = pd.DataFrame({"org_id": orgs["org_id"], "community_code": orgs["region_code"]})
    based = based[member(based["community_code"], comm)]  # member: isin, fast on strings
    serves = active_on(g.rel("SERVES"), as_of)
    serves = serves[(serves["dst_label"] == "Region") & member(serves["src"], orgs["org_id"])]
    served = pd.DataFrame({"org_id": serves["src"], "community_code": serves["dst"]})
    served = served[member(served["community_code"], comm)]
    return pd.concat([based, served], ignore_index=True).drop_duplicates(ignore_index=True)


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """`value` if it is one of `choices`, else a UsageError naming the option."""
    if value not in choices:
        raise UsageError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def conform(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """`df` with exactly `columns` (name -> dtype), in that order and of those types, and a
    fresh index: the one shape both backends give an analysis's rows."""
    out = df.reindex(columns=list(columns)).reset_index(drop=True)
    out.columns.name = None
    for col, dtype in columns.items():
        if dtype == "object":  # list columns: plain Python lists, whatever pandas made them
            lists = [v if type(v) is list else _as_list(v) for v in out[col].tolist()]
            out[col] = pd.Series(lists, index=out.index, dtype=object)
        elif dtype == "string" and isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].astype("string")  # text already: only its missing value
        elif dtype == "string":
            out[col] = out[col].astype("object").where(out[col].notna(), None).astype("string")
        else:
            out[col] = out[col].astype(dtype)
    return out


def county_names(g: Graph) -> pd.Series:
    """County name by code."""
    r = g.regions
    return r.loc[r["level"] == "county"].set_index("code")["name"]


def group_lists(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    """For each `key`, the sorted distinct non-missing values of `column`, as a list.

    Vectorised (the pairs coded as integers, one sort) rather than a Python function per
    group.
    """
    keys, at, values = distinct_pairs(frame, key, column)
    if not len(at):
        return pd.Series([], dtype=object)
    starts = np.flatnonzero(np.r_[True, at[1:] != at[:-1]])
    flat = np.asarray(values, dtype=object).tolist()
    bounds = np.r_[starts, len(flat)].tolist()
    lists = [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return pd.Series(lists, index=keys[at[starts]], dtype=object)


def distinct_counts(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    """For each `key` with a non-missing value, how many distinct values of `column` it has
    (``frame.groupby(key)[column].nunique()``, in no particular order)."""
    keys, at, _ = distinct_pairs(frame, key, column, sort=False)
    counts = np.bincount(at, minlength=len(keys))
    return pd.Series(counts[counts > 0], index=keys[counts > 0], dtype="int64")


def distinct_pairs(
    frame: pd.DataFrame, key: str, column: str, *, sort: bool = True
) -> tuple[pd.Index, np.ndarray, pd.Index]:
    """The distinct pairs of non-missing values of `key` and `column`, by key then value:
    (the distinct keys; for each pair the position of its key among them; each pair's
    value). Keys and values are in sorted order, or, not to `sort`, in order of first
    appearance."""
    k, keys = pd.factorize(frame[key], sort=sort)
    v, values = pd.factorize(frame[column], sort=sort)
    ok = (k >= 0) & (v >= 0)
    width = max(len(values), 1)
    pair = sorted_unique(k[ok].astype(np.int64) * width + v[ok])
    return keys, pair // width, values[pair % width]


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct `values`, sorted (``np.unique`` by one sort: numpy's own hashes first)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _as_list(value: object) -> object:
    if isinstance(value, list) or value is None or isinstance(value, str):
        return value
    return value.tolist() if hasattr(value, "tolist") else value
