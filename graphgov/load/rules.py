"""Rules on single values: parsing, enumerations, division codes, USCC, Excel damage.

Each rule takes a string Series (stripped, missing = ``<NA>``) and returns what it found;
a *failure* is a string Series indexed by the failing rows whose values are the details for
the message (``"org_id 9133...: USCC check character is 1, expected 7"``). Rules never look
at other rows or tables; that is :mod:`graphgov.load.checks` and :mod:`graphgov.load.refs`.

Digits are ASCII ``0-9`` everywhere (never regex ``\\d``, which matches any script's digits).
Numbers, dates and booleans written in full-width forms (``１２００``, ``２０２０－０１－０１``)
are read as their ASCII twins (:func:`fold_fullwidth`); other digits (Arabic-Indic ``٣``,
Devanagari ``३``, superscripts) are rejected, and the message names the character. Codes and
identifiers are never rewritten: a division code in full-width digits is a ``bad_code``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov import schema
from graphgov.codes import USCC_ALPHABET, uscc_check_char
from graphgov.load.textbytes import all_in, edges_in, iso_dates
from graphgov.meta import FULLWIDTH

__all__ = [
    "BOOL_WORDS",
    "bad_period",
    "division_code_failures",
    "excel_mangled",
    "excel_scientific",
    "excel_zeroed",
    "fold_fullwidth",
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
_SCIENTIFIC = r"[+-]?[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+"
_DOT0 = r"[0-9]+\.0+"
_INT = r"\+?[0-9]{1,15}(?:\.0*)?"
_FLOAT = r"\+?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DIGITS = b"0123456789"
_USCC_CHARS = set(USCC_ALPHABET)
#: The USCC alphabet as bytes, each character's value (255: not in it), and the weights of
#: the first 17 characters (GB 32100-2015, as in :mod:`graphgov.codes`).
_USCC_BYTES = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
_USCC_VALUE = np.full(256, 255, dtype=np.int64)
_USCC_VALUE[_USCC_BYTES] = np.arange(len(_USCC_BYTES))
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)


def _flag(values: pd.Series, pattern: str) -> pd.Series:
    """Whether each value matches `pattern` in full (missing -> False)."""
    return values.str.fullmatch(pattern).fillna(False).astype(bool)


def _screened(
    values: pd.Series, pattern: str, first: bytes, last: bytes, edges: tuple | None = None
) -> pd.Series:
    """:func:`_flag` for a `pattern` whose matches start with a byte of `first` and end
    with one of `last`: the other values are settled without the regular expression."""
    maybe = edges_in(_arrow(values), first, last, edges)
    if maybe.all():
        return _flag(values, pattern)
    out = np.zeros(len(values), dtype=bool)
    if maybe.any():
        out[maybe] = _flag(values[maybe], pattern).to_numpy()
    return pd.Series(out, index=values.index)


def _fixed(values: pd.Series, chars: bytes, length: int) -> pd.Series:
    """``_flag(values, "[CHARS]{LENGTH}")`` for ASCII `chars`, on bytes when every value
    is `length` bytes long (the usual case for codes)."""
    found = all_in(_arrow(values), length, chars)
    if found is None:
        return _flag(values, f"[{re.escape(chars.decode('ascii'))}]{{{length}}}")
    return pd.Series(found, index=values.index)


def _arrow(values: pd.Series) -> pa.Array:
    """`values` as a pyarrow string array (no copy for pandas' Arrow-backed strings)."""
    return pa.array(values.astype("string").array)


def _mapped(values: pd.Series, table: dict[str, object], kind: pa.DataType) -> pa.Array:
    """``values.map(table)`` in pyarrow (pandas' ``map`` on Arrow strings goes through
    Python objects); values not in `table` and missing values give null."""
    keys = pa.array(list(table), pa.string())
    found = pc.index_in(_arrow(values), value_set=keys)
    return pc.take(pa.array(list(table.values()), kind), found)


def _details(values: pd.Series, mask: pd.Series, column: str, text: str) -> pd.Series:
    """``"COLUMN VALUE: TEXT"`` for the rows in `mask`, naming a non-ASCII digit if any."""
    if not mask.any():  # the usual case
        return pd.Series([], index=values.index[:0], dtype="string")
    shown = values[mask].astype("string")
    out = column + " " + shown + ": " + text
    odd = shown.str.contains(r"[^\x00-\x7f]").fillna(False).astype(bool)
    if odd.any():
        hints = pd.Series({v: _digit_hint(v) for v in shown[odd].unique()}, dtype="string")
        out[odd] = out[odd] + hints.reindex(shown[odd]).to_numpy()
    return out


def _digit_hint(value: str) -> str:
    """``" (٣ is ARABIC-INDIC DIGIT THREE: write digits as 0-9)"`` for the first digit of
    another script in `value`, or ``""``."""
    for ch in value:
        if ord(ch) > 127 and unicodedata.category(ch) in ("Nd", "No"):
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            return f" ({ch} is {name}: write digits as 0-9)"
    return ""


def fold_fullwidth(values: pd.Series) -> pd.Series:
    """`values` with full-width forms of ASCII characters (U+FF01-U+FF5E) in ASCII.

    This is what Unicode NFKC does to those characters, and nothing more: superscripts,
    circled digits and other scripts' digits are left as they are (and then rejected).

    >>> fold_fullwidth(pd.Series(["１２００", "3"], dtype="string")).tolist()
    ['1200', '3']
    """
    if pc.all(pc.string_is_ascii(_arrow(values))).as_py() is not False:  # the usual case
        return values
    wide = values.str.contains("[\uff01-\uff5e]").fillna(False).astype(bool)
    if not wide.any():
        return values
    out = values.copy()
    out[wide] = values[wide].str.translate(FULLWIDTH)
    return out


def excel_scientific(values: pd.Series, edges: tuple | None = None) -> pd.Series:
    """Whether each value is in scientific notation (``9.13501E+17``): a code Excel ate
    (`edges`: the values' :func:`~graphgov.load.textbytes.edge_bytes`, if known)."""
    return _screened(values, _SCIENTIFIC, b"+-" + _DIGITS, _DIGITS, edges)


def excel_zeroed(values: pd.Series) -> pd.Series:
    """Whether each value is 18 digits ending ``000`` whose USCC check fails.

    Excel keeps 15 significant digits, so a long all-digit code typed into a numeric cell
    comes back with its last three digits zeroed.
    """
    candidate = _flag(values, r"[0-9]{15}000")
    out = pd.Series(False, index=values.index)
    if candidate.any():
        out[candidate] = [uscc_check_char(v[:17]) != v[17] for v in values[candidate]]
    return out


def excel_mangled(values: pd.Series) -> pd.Series:
    """Whether each value shows any sign of spreadsheet damage (scientific, zeroed, ``.0``)."""
    return excel_scientific(values) | excel_zeroed(values) | _screened(values, _DOT0, _DIGITS, b"0")


def parse_enum(
    values: pd.Series, choices: tuple[str, ...], column: str
) -> tuple[pd.Series, pd.Series]:
    """Lower-cased values and the failures of those not among `choices`."""
    exact = [c for c in choices if c.lower() == c]  # a value equal to one of these is done
    done = pc.is_in(_arrow(values), value_set=pa.array(exact, pa.string()))
    rest = ~done.to_numpy(zero_copy_only=False) & values.notna().to_numpy()
    if not rest.any():  # the usual case: no value to lower-case
        return values, values[rest]
    norm = values.copy()
    norm[rest] = values[rest].str.lower()
    bad = norm.notna() & ~norm.isin(choices)
    allowed = "|".join(choices)
    return norm, _details(values, bad, column, f"not one of {allowed}")


def parse_bool(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """Booleans (``true/false/1/0/yes/no/是/否``, any case, full-width too) and the failures."""
    found = _mapped(fold_fullwidth(values).str.lower(), BOOL_WORDS, pa.bool_())
    flags = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    typed = pd.Series(pd.arrays.BooleanArray(flags, pc.is_null(found).to_numpy(False)))
    typed.index = values.index
    bad = values.notna() & typed.isna()
    return typed, _details(values, bad, column, "not a boolean (true/false/1/0/yes/no/是/否)")


def parse_int(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """Whole numbers >= 0 as ``Int64`` (``3.0`` is read as 3) and the failures.

    At most 15 digits; full-width digits are read as ASCII ones.

    >>> typed, bad = parse_int(pd.Series(["５", "3.0", "٣", "-1"], dtype="string"), "n")
    >>> typed.tolist(), bad.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ([5, 3, <NA>, <NA>], ['n -1: is negative',
     'n ٣: not a whole number (٣ is ARABIC-INDIC DIGIT THREE: write digits as 0-9)'])
    """
    text = fold_fullwidth(values)
    ok = _flag(text, _INT)
    digits = text.where(ok)
    signed = digits.str.contains(r"[+.]").fillna(False).astype(bool)
    if signed.any():
        digits[signed] = digits[signed].str.replace(r"^\+|\.0*$", "", regex=True)
    typed = digits.astype("Int64")
    bad = values.notna() & ~ok
    if not bad.any():
        return typed, pd.Series([], dtype="string")
    negative = bad & _flag(text, r"-[0-9]+(?:\.0*)?")
    long = bad & _flag(text, r"\+?[0-9]{16,}(?:\.0*)?")
    details = pd.concat(
        [
            _details(values, negative, column, "is negative"),
            _details(values, long, column, "too large (more than 15 digits)"),
            _details(values, bad & ~negative & ~long, column, "not a whole number"),
        ]
    )
    return typed, details


def parse_float(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """Finite numbers >= 0 as ``Float64`` and the failures (``inf``, ``nan``, ``1e999`` too).

    >>> typed, bad = parse_float(pd.Series(["２.５", "1e999", "nan"], dtype="string"), "x")
    >>> typed.tolist(), bad.tolist()
    ([2.5, <NA>, <NA>], ['x 1e999: not a finite number', 'x nan: not a finite number'])
    """
    text = fold_fullwidth(values)
    ok = _flag(text, _FLOAT)
    typed = text.where(ok).astype("Float64")
    huge = ok & np.isinf(typed.fillna(0.0).to_numpy(dtype=float))
    typed = typed.mask(huge)
    bad = values.notna() & ~ok
    word = bad & _flag(text.str.lower(), r"[+-]?(?:inf|infinity|nan)")
    details = pd.concat(
        [
            _details(values, huge | word, column, "not a finite number"),
            _details(values, bad & ~word, column, "not a number >= 0"),
        ]
    )
    return typed, details


def parse_dates(values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """ISO ``YYYY-MM-DD`` strings, checked per distinct value, and the failures.

    Full-width digits and hyphens are read as ASCII ones; the typed value is ASCII. When
    every value is 10 bytes long (the usual case) they are checked on bytes instead.
    """
    real = iso_dates(_arrow(values))
    if real is not None:  # 10 bytes: ASCII, or a full-width form that folds to fewer
        text = _arrow(values)
        kept = pc.if_else(pa.array(real), text, pa.scalar(None, text.type))
        typed = pd.Series(pd.array(kept, dtype="string"), index=values.index)
        bad = values.notna() & ~real
        return typed, _details(values, bad, column, "not a real YYYY-MM-DD date")
    text = fold_fullwidth(values)
    encoded = pc.dictionary_encode(_arrow(text))  # each distinct value is checked once
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    distinct = pd.Series(pd.array(encoded.dictionary, dtype="string"))
    shaped = np.flatnonzero(_flag(distinct, r"[0-9]{4}-[0-9]{2}-[0-9]{2}").to_numpy())
    text_of = encoded.dictionary.to_pylist()  # indexing the Series per value is slow
    valid: list[str | None] = [None] * len(distinct)
    for i in shaped.tolist():
        with contextlib.suppress(ValueError):
            valid[i] = _real_date(text_of[i])
    found = pc.take(pa.array(valid, pa.large_string()), encoded.indices)
    typed = pd.Series(pd.array(found, dtype="string"), index=values.index)
    bad = values.notna() & typed.isna()
    return typed, _details(values, bad, column, "not a real YYYY-MM-DD date")


def _real_date(text: str) -> str:
    """`text`, an ASCII ``YYYY-MM-DD`` string, if it is a real date (ValueError if not): what
    :func:`graphgov.meta.parse_date` does for such a string, without its other forms."""
    return dt.date.fromisoformat(text).isoformat()


def bad_period(start: pd.Series, end: pd.Series) -> pd.Series:
    """Failures where both dates are given and `start` is after `end` (ISO strings)."""
    bad = (start > end).fillna(False).astype(bool)
    return "start " + start[bad] + " is after end " + end[bad]


def division_code_failures(values: pd.Series, column: str) -> dict[str, pd.Series]:
    """Failures of 12-digit division codes: ``excel_mangled`` and ``bad_code``.

    Only ASCII digits make a code; one in full-width or other digits is a ``bad_code``
    whose message names the character (codes are keys: they are never rewritten).
    """
    twelve = _fixed(values, _DIGITS, 12)
    other = (values.notna() & ~twelve).to_numpy()
    sci, dot0 = np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=bool)
    if other.any():  # the usual case is twelve digits: look closer at the rest only
        rest = values[other]
        sci[other] = excel_scientific(rest).to_numpy()
        dot0[other] = _screened(rest, _DOT0, _DIGITS, b"0").to_numpy()
    sci, dot0 = pd.Series(sci, index=values.index), pd.Series(dot0, index=values.index)
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
    passing = _uscc_passes(ids, kinds)  # the usual case, vectorised; the rest one by one
    ids, kinds = ids[~passing], kinds[~passing]
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


def _uscc_passes(ids: pd.Series, kinds: pd.Series) -> np.ndarray:
    """Whether each code passes every rule of :func:`_uscc_verdict` (computed on arrays)."""
    out = np.zeros(len(ids), dtype=bool)
    ascii18 = _fixed(ids, _DIGITS + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 18).to_numpy()
    if not ascii18.any():
        return out
    text = pa.array(ids[ascii18].astype("string").array)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    text = text.cast(pa.large_string())
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset :]
    codes = np.frombuffer(text.buffers()[2], dtype=np.uint8)
    codes = codes[offsets[0] : offsets[len(text)]].reshape(-1, 18)
    values = _USCC_VALUE[codes]
    expected = _USCC_BYTES[(31 - (values[:, :17] @ _USCC_WEIGHTS) % 31) % 31]
    category = np.zeros(len(codes), dtype=np.uint8)
    kind = kinds[ascii18].to_numpy(dtype=object)
    for name, digit in schema.USCC_CATEGORY.items():
        category[kind == name] = ord(digit)
    good = (values < 255).all(axis=1) & (codes[:, 17] == expected)
    good &= codes[:, 0] == ord(schema.USCC_CIVIL_AFFAIRS)
    good &= (codes[:, 1] == category) | (codes[:, 1] == ord(schema.USCC_OTHER_CATEGORY))
    out[ascii18] = good
    return out


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
