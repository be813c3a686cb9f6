"""Rules of regions.csv that need the real hierarchy or the names: committee type, NBS check.

- ``area_type`` is the **committee type** (datasets/README.md, regions.csv): ``urban`` a
  residents' committee, ``rural`` a villagers' committee. Where a community leaves it
  empty it is derived from the name's committee word
  (:func:`graphgov.divisions.names.committee_from_name`: …社区, …居委会, …居民委员会 →
  urban; …村, …村委会, …村民委员会 → rural); a community it cannot be derived for is
  rejected ``area_type_missing``.
- ``urban_rural_code`` (城乡分类代码) describes the place, not the committee (a villagers'
  committee may be coded 112), so it is only checked to be one of the NBS codes and kept as
  a property, never compared with ``area_type``. A dataset whose communities gave
  ``urban_rural_code`` but no ``area_type`` is told which rule was used instead.
- The accepted regions are compared with the shipped NBS hierarchy
  (:mod:`graphgov.load.nbs`): warnings, or rejects ``nbs_mismatch`` with ``strict``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from graphgov import schema
from graphgov.divisions.names import committee_from_name
from graphgov.load.checks import TableCheck
from graphgov.load.nbs import compare_regions
from graphgov.load.rawtable import STRING_DTYPE
from graphgov.load.textbytes import byte_rows

__all__ = ["URBAN_RURAL_CODES", "area_type", "check_against_nbs", "implied_by_codes"]

#: The NBS urban-rural classification codes (城乡分类代码).
URBAN_RURAL_CODES = ("111", "112", "121", "122", "123", "210", "220")


def area_type(check: TableCheck, warnings: list[str]) -> None:
    """Type ``area_type`` (committee type, derived from the name where empty); check
    ``urban_rural_code``'s shape; append a warning saying how many were derived."""
    area = check.value("area_type")
    community = (check.value("level") == "community").fillna(False).astype(bool)
    if "urban_rural_code" in check.values:
        urc = check.values["urban_rural_code"]
        bad = check.ok & urc.notna() & ~urc.isin(URBAN_RURAL_CODES).fillna(False)
        text = ": not an NBS urban-rural code (" + "|".join(URBAN_RURAL_CODES) + ")"
        check.reject("bad_urban_rural_code", "urban_rural_code " + urc[bad] + text)
    empty = check.ok & community & area.isna()
    if empty.any():
        names = check.value("name")[empty]
        derived = names.map({n: committee_from_name(n) for n in names.unique()})
        area = area.copy()
        area[empty] = derived.astype("string")
        found = derived.notna()
        n, missing = int(found.sum()), int((~found).sum())
        if n:
            by_code = ""
            if "urban_rural_code" in check.values:
                relied = check.values["urban_rural_code"][empty][found].notna().sum()
                if relied:
                    by_code = (
                        f"; {relied:,} of them gave urban_rural_code, which describes the "
                        "place, not the committee, and is not used for area_type"
                    )
            warnings.append(
                f"regions: area_type derived from the name for {n:,} communities "
                f"(…社区/居委会/居民委员会 urban, …村/村委会/村民委员会 rural){by_code}"
            )
        if missing:
            rows = names[~found]
            text = (
                "area_type is empty and the name " + rows + " has no committee word "
                "(社区, 居委会, 居民委员会; 村, 村委会, 村民委员会): give area_type"
            )
            check.reject("area_type_missing", text)
    check.typed["area_type"] = area


def check_against_nbs(check: TableCheck, warnings: list[str], strict: bool = False) -> None:
    """Compare the accepted regions with the shipped hierarchy: warnings, or (``strict``)
    rejects ``nbs_mismatch``."""
    ok = check.ok
    if not ok.any():
        return
    result = compare_regions(
        check.value("code")[ok], check.value("name")[ok], check.value("level")[ok]
    )
    if result.table.empty:
        return
    if strict:
        check.reject(
            "nbs_mismatch",
            result.table["code"] + " " + result.table["detail"] + f" ({result.edition})",
        )
    else:
        warnings.extend(result.summary())


#: Per level in schema.LEVELS, the digits a code of that level may end in besides zeros
#: (its prefix), and the digits its parent keeps (the parent's prefix; 0 for a province).
_PREFIX = np.array([schema.PREFIX_DIGITS[level] for level in schema.LEVELS])
_PARENT_PREFIX = np.array([0, *_PREFIX[:-1].tolist()])


def implied_by_codes(codes: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each distinct code's level and its parent's code (missing for a province), indexed
    by the codes: :func:`graphgov.schema.level_of_code` and
    :func:`graphgov.schema.parent_code_of`, on bytes when every code is 12 ASCII digits
    (the codes of valid rows are).

    >>> codes = pd.Series(["330106001001", "330100000000", "330000000000"])
    >>> level, parent = implied_by_codes(codes)
    >>> level.tolist(), parent.tolist()
    (['community', 'city', 'province'], ['330106001000', '330000000000', <NA>])
    """
    codes = pd.Series(codes, dtype=STRING_DTYPE)
    index = pd.Index(codes)
    text = pa.array(codes.array)
    rows, fits = byte_rows(text, 12)
    digits = (rows >= ord("0")) & (rows <= ord("9"))
    if len(rows) != len(codes) or not digits.all():
        level = [schema.level_of_code(c) for c in codes]
        parent = [schema.parent_code_of(c) for c in codes]
        return pd.Series(level, index=index, dtype=STRING_DTYPE), pd.Series(
            parent, index=index, dtype=STRING_DTYPE
        )
    # the deepest level whose own digits are not all zero (a province otherwise)
    nonzero = rows != ord("0")
    depth = np.zeros(len(rows), dtype=np.int64)
    for i in range(1, len(schema.LEVELS)):
        start = _PREFIX[i - 1]
        depth = np.where(nonzero[:, start : _PREFIX[i]].any(axis=1), i, depth)
    keep = _PARENT_PREFIX[depth]
    parents = np.where(np.arange(12) < keep[:, None], rows, ord("0")).astype(np.uint8)
    offsets = pa.py_buffer(np.arange(0, 12 * len(rows) + 1, 12, dtype=np.int32))
    valid = pa.array(depth > 0).buffers()[1] if (depth == 0).any() else None
    built = pa.Array.from_buffers(pa.string(), len(rows), [valid, offsets, pa.py_buffer(parents)])
    level = pd.Series(np.array(schema.LEVELS, dtype=object)[depth], index=index, dtype=STRING_DTYPE)
    return level, pd.Series(pd.array(built, dtype=STRING_DTYPE), index=index)
