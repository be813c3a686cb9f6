"""Rules on single values: parsing, enumerations, division codes, USCC, Excel damage.

Each rule takes a string Series (stripped, missing = ``<NA>``) and returns what it found;
a *failure* is a string Series indexed by the failing rows whose values are the details for
the message (``"org_id 9133...: USCC check character is 1, expected 7"``). Rules never look
at other rows or tables; that is :mod:`graphgov.load.checks` and :mod:`graphgov.load.refs`.
"""

from __future__ import annotations

import contextlib

import pandas as pd

from graphgov import schema
from graphgov.codes import USCC_ALPHABET, uscc_check_char
from graphgov.meta import parse_date

__all__ = [
    "BOOL_WORDS",
    "bad_period",
    "division_code_failures",
    "excel_mangled",
    "excel_scientific",
    "excel_zeroed",
    "parse_bool",
    "parse_dates",
    "parse_enum",
    "parse_float",
    "parse_int",
    "uscc_failures",
]

#: Accepted spellings of booleans (compared in lower case).
BOOL_WORDS = {
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "yes": True,
    "no": False,
    "是": True,
    "否": False,
}
_SCIENTIFIC = r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+"
_USCC_CHARS = set(USCC_ALPHABET)


def _details(values: pd.Series, mask: pd.Series, column: str, text: str) -> pd.Series:
    """``"COLUMN VALUE: TEXT"`` for the rows in `mask`."""
    return column + " " + values[mask].astype("string") + ": " + text


def excel_scientific(values: pd.Series) -> pd.Series:
    """Whether each value is in scientific notation (``9.13501E+17``): a code Excel ate."""
    return values.str.fullmatch(_SCIENTIFIC).fillna(False).astype(bool)


def excel_zeroed(values: pd.Series) -> pd.Series:
    """Whether each value is 18 digits ending ``000`` whose USCC check fails.

    Excel keeps 15 significant digits, so a long all-digit code typed into a numeric cell
    comes back with its last three digits zeroed.
    """
    candidate = values.str.fullmatch(r"\d{15}000").fillna(False).astype(bool)
    out = pd.Series(False, index=values.index)
    if candidate.any():
        out[candidate] = [uscc_check_char(v[:17]) != v[17] for v in values[candidate]]
    return out


def excel_mangled(values: pd.Series) -> pd.Series:
    """Whether each value shows any sign of spreadsheet damage (scientific, zeroed, ``.0``)."""
    dot0 = values.str.fullmatch(r"\d+\.0+").fillna(False).astype(bool)
    return excel_scientific(values) | excel_zeroed(values) | dot0


def parse_enum(
    values: pd.Series, choices: tuple[str, ...], column: str
) -> tuple[pd.Series, pd.Series]:
    """Lower-cased values and the failures of those not among `choices`."""
    norm = values.str.lower()
    bad = norm.notna() & ~norm.isin(choices)
    allowed = "|".join(choices)
    return norm, _details(values, bad, column, f"not one of {allowed}")


def parse_bool(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """Booleans (``true/false/1/0/yes/no/是/否``, any case) and the failures."""
    mapped = values.str.lower().map(BOOL_WORDS, na_action="ignore")
    bad = values.notna() & mapped.isna()
    typed = mapped.where(~bad).astype("boolean")
    return typed, _details(values, bad, column, "not a boolean (true/false/1/0/yes/no/是/否)")


def parse_int(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """Whole numbers >= 0 as ``Int64`` (``3.0`` is read as 3) and the failures."""
    ok = values.str.fullmatch(r"\+?\d{1,15}(?:\.0*)?").fillna(False).astype(bool)
    bad = values.notna() & ~ok
    negative = bad & values.str.fullmatch(r"-\d+(?:\.0*)?").fillna(False).astype(bool)
    text = values.where(ok).str.replace(r"\.0*$", "", regex=True)
    typed = pd.to_numeric(text).astype("Int64")
    details = pd.concat(
        [
            _details(values, negative, column, "is negative"),
            _details(values, bad & ~negative, column, "not a whole number"),
        ]
    )
    return typed, details


def parse_float(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """Finite numbers >= 0 as ``Float64`` and the failures."""
    ok = values.str.fullmatch(r"\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?").fillna(False)
    ok = ok.astype(bool)
    typed = pd.to_numeric(values.where(ok)).astype("Float64")
    bad = values.notna() & ~ok
    return typed, _details(values, bad, column, "not a number >= 0")


def parse_dates(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """ISO ``YYYY-MM-DD`` strings, checked per distinct value, and the failures."""
    shaped = values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)
    valid: dict[str, str] = {}
    for value in values[shaped].unique():
        with contextlib.suppress(ValueError):
            valid[value] = parse_date(value)
    typed = values.map(valid, na_action="ignore").astype("string")
    bad = values.notna() & typed.isna()
    return typed, _details(values, bad, column, "not a real YYYY-MM-DD date")


def bad_period(start: pd.Series, end: pd.Series) -> pd.Series:
    """Failures where both dates are given and `start` is after `end` (ISO strings)."""
    bad = (start > end).fillna(False).astype(bool)
    return "start " + start[bad] + " is after end " + end[bad]


def division_code_failures(values: pd.Series, column: str) -> dict[str, pd.Series]:
    """Failures of 12-digit division codes: ``excel_mangled`` and ``bad_code``."""
    sci = excel_scientific(values)
    dot0 = values.str.fullmatch(r"\d+\.0+").fillna(False).astype(bool)
    twelve = values.str.fullmatch(r"\d{12}").fillna(False).astype(bool)
    bad = values.notna() & ~twelve & ~sci & ~dot0
    return {
        "excel_mangled": pd.concat(
            [
                _details(values, sci, column, "scientific notation: a spreadsheet mangled it"),
                _details(values, dot0, column, "ends in .0: a spreadsheet stored it as a number"),
            ]
        ),
        "bad_code": _details(values, bad, column, "not a 12-digit division code"),
    }


def uscc_failures(ids: pd.Series, kinds: pd.Series) -> dict[str, pd.Series]:
    """Failures of the USCC rules for organizations of a registered kind.

    Parameters
    ----------
    ids, kinds : pandas.Series
        ``org_id`` and ``kind`` of the rows to check (registered kinds only, ids present).

    Returns
    -------
    dict
        reason_code -> failures, reasons ``excel_mangled``, ``bad_uscc``, ``uscc_check``,
        ``uscc_authority``, ``uscc_category``.
    """
    found: dict[str, dict[object, str]] = {}
    pairs = pd.DataFrame({"id": ids, "kind": kinds}).drop_duplicates()
    verdicts = {
        (code, kind): _uscc_verdict(code, kind)
        for code, kind in zip(pairs["id"], pairs["kind"], strict=True)
    }
    for label, code, kind in zip(ids.index, ids, kinds, strict=True):
        verdict = verdicts[(code, kind)]
        if verdict is not None:
            found.setdefault(verdict[0], {})[label] = f"org_id {code}: {verdict[1]}"
    return {reason: pd.Series(d, dtype="string") for reason, d in found.items()}


def _uscc_verdict(code: str, kind: str) -> tuple[str, str] | None:
    """(reason_code, detail) of the first USCC rule `code` breaks as an org of `kind`."""
    if len(code) != 18 or not set(code) <= _USCC_CHARS:
        lower = " (lower-case letters?)" if set(code.upper()) <= _USCC_CHARS else ""
        return "bad_uscc", f"not 18 USCC characters{lower}"
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        if code.isdigit() and code.endswith("000"):
            return (
                "excel_mangled",
                "last 3 digits zeroed and the check fails: a spreadsheet mangled it",
            )
        return "uscc_check", f"USCC check character is {code[17]}, expected {expected}"
    if code[0] != schema.USCC_CIVIL_AFFAIRS:
        return (
            "uscc_authority",
            f"registration authority is {code[0]}, not {schema.USCC_CIVIL_AFFAIRS} (civil affairs)",
        )
    category = schema.USCC_CATEGORY.get(kind)
    if code[1] not in (category, schema.USCC_OTHER_CATEGORY):
        return (
            "uscc_category",
            f"category {code[1]} does not fit kind {kind} (expected {category} or "
            f"{schema.USCC_OTHER_CATEGORY})",
        )
    return None
