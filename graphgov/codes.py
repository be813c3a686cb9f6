"""Identifier codes: division codes (GB/T 2260 and the NBS 12-digit extension) and the
Unified Social Credit Code (GB 32100-2015).

A 12-digit division code holds its ancestors as prefixes (:data:`graphgov.schema.PREFIX_DIGITS`
digits for each level, zero-padded): all code arithmetic of graphgov is here.

The USCC's check character is the 18th; the first 17 are weighted by ``3**(i-1) mod 31``
over a 31-character alphabet (digits and capitals without I, O, S, V, Z).

>>> is_valid_uscc("91350100M000100Y43")
True
"""

from __future__ import annotations

import pandas as pd

from graphgov import schema
from graphgov.errors import UsageError


def ancestor(codes: pd.Series, level: str) -> pd.Series:
    """The division code of each code's ancestor at `level`.

    >>> ancestor(pd.Series(["330106001001"]), "county").tolist()
    ['330106000000']
    """
    n = schema.PREFIX_DIGITS[level]
    return codes.astype(str).str.slice(0, n) + "0" * (12 - n)


def short_code(code: object) -> str:
    """A 12-digit division code without its trailing zero segments.

    >>> short_code("330100000000"), short_code("330106001000"), short_code("330106001001")
    ('330100', '330106001', '330106001001')
    """
    text = str(code)
    if len(text) != 12 or not text.isdigit():
        return text
    if text.endswith("000000"):
        return text[:6]
    if text.endswith("000"):
        return text[:9]
    return text


def county_code(value: str) -> str:
    """A county's 12-digit code from 6 or 12 digits (``330106`` -> ``330106000000``).

    Raises
    ------
    UsageError
        `value` is not a county's code, naming ``--county``.
    """
    text = str(value).strip()
    code = text + "000000" if len(text) == 6 else text
    if len(code) != 12 or not code.isdigit() or schema.level_of_code(code) != "county":
        raise UsageError(f"--county {value!r} is not a county code (6 or 12 digits, e.g. 330106)")
    return code


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def uscc_check_char(body: str) -> str:
    """The check character for the first 17 characters of a USCC.

    >>> uscc_check_char("91350100M000100Y4")
    '3'
    """
    if len(body) != 17 or any(ch not in _VALUE for ch in body):
        raise ValueError(f"not 17 USCC characters: {body!r}")
    total = sum(_VALUE[ch] * w for ch, w in zip(body, _WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """Whether `code` is 18 USCC characters whose check character verifies."""
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]
