"""The options every plan shares, checked and resolved in one place: ``--county`` (a code or
the name of one county, :func:`resolve_county`, and the rows in it, :func:`in_county`),
the counts (``--add``, ``--capacity``, ``--limit``: :func:`whole_number`) and the regions
of ``--exclude`` (:func:`region_codes`). A bad value is a :class:`~graphgov.errors.UsageError`
naming its option.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from graphgov.analyses.hubs import _in_county
from graphgov.codes import county_code
from graphgov.errors import UsageError
from graphgov.graph import Graph
from graphgov.load.checks import member

__all__ = ["in_county", "region_codes", "resolve_county", "whole_number"]


def resolve_county(g: Graph, county: str | None) -> str | None:
    """The 12-digit code of `county` (6 or 12 digits, or the name of one county of `g`),
    or None for none; a UsageError naming ``--county`` when `g` has no such county.

    >>> from graphgov.datasets import tiny
    >>> resolve_county(tiny(), "西湖区"), resolve_county(tiny(), "330106")
    ('330106000000', '330106000000')
    """
    if county is None:
        return None
    r = g.regions
    text = str(county).strip()
    if text.isdigit():
        code = county_code(text)
        if not (r["code"] == code).any():
            raise UsageError(f"--county {county}: no such county in the dataset")
        return code
    named = r.loc[(r["level"] == "county") & (r["name"] == text), "code"]
    if len(named) != 1:
        found = "no" if named.empty else f"{len(named)}"
        raise UsageError(f"--county {county!r}: {found} county of that name in the dataset")
    return str(named.iloc[0])


def in_county(g: Graph, frame: pd.DataFrame, column: str, county: str | None) -> pd.DataFrame:
    """The rows of `frame` whose `column` (a code) is in `county` (all for None)."""
    return _in_county(frame, column, resolve_county(g, county))


def whole_number(flag: str, value: int, *, least: int = 0) -> int:
    """`value`, a UsageError naming `flag` unless it is a whole number of at least `least`.

    >>> whole_number("--add", 0), whole_number("--limit", 3, least=1)
    (0, 3)
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        bound = ", 0 or more" if least == 0 else f" of at least {least}"
        raise UsageError(f"{flag} must be a whole number{bound}; got {value!r}")
    return value


def region_codes(g: Graph, exclude: Sequence[str]) -> pd.Series:
    """`exclude` as a Series of codes, each of which must be a region of `g`."""
    codes = pd.Series([str(c).strip() for c in exclude], dtype="string")
    unknown = codes[~member(codes, g.regions["code"])]
    if len(unknown):
        raise UsageError(f"--exclude {', '.join(unknown)}: no such region in the dataset")
    return codes
