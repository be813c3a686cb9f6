"""Identifier codes: the Unified Social Credit Code (GB 32100-2015).

The check character is the 18th; the first 17 are weighted by ``3**(i-1) mod 31`` over a
31-character alphabet (digits and capitals without I, O, S, V, Z).

>>> is_valid_uscc("91350100M000100Y43")
True
"""

from __future__ import annotations

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
