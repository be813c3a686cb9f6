"""Equal rows, found by hashing each column once at most: exact duplicates and shared keys.

A row's code is equal to another's exactly when the rows are equal in the columns coded
(missing values are equal to each other, as in pandas' ``duplicated``). Columns are coded
one at a time into integers, and each next column only for the rows that still share their
code with another row: a row whose code is its own already cannot be equal to any, and
keeps a code of its own (negative: minus one minus its position). A column of one of its
``choices`` is coded by position; a column whose values all have one short byte length
(``P0000001``) is coded by its values packed into integers (:mod:`graphgov.load.textbytes`),
not hashed as strings; one of a single longer length up to 32 bytes (USCCs, dates) by the
digests of its packed words, checked word by word (:mod:`graphgov.load.keyset`); any other
column is dictionary-encoded by pyarrow. Cheap columns
go first, so that posts' ``body_id`` is hashed only for the posts that share a person,
a body type and a role with another post.

A table's key codes are computed once and serve both the exact-duplicate check (only rows
sharing their key with another row can be exact duplicates) and the conflicting-key check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.load.keyset import WORDS_MAX, byte_sizes, digest, packed_words
from graphgov.load.rawtable import STRING_DTYPE
from graphgov.load.textbytes import PACKED_MAX, fixed_length, pack

__all__ = ["exact_duplicates", "row_codes", "shared"]


def _text(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    return pa.array(values.astype(STRING_DTYPE).array)


def _column_codes(
    text: pa.Array | pa.ChunkedArray, choices: tuple[str, ...] | None, length: int | None
) -> tuple[np.ndarray, int | None]:
    """Int64 codes of one column (missing values share one), and a bound on them (None:
    unbounded): by position among `choices` if every value is one, packed if every value is
    `length` bytes long (:func:`graphgov.load.textbytes.pack`), else dictionary codes."""
    if choices is not None:
        found = pc.index_in(text, value_set=pa.array(choices, pa.string()))
        if found.null_count == text.null_count:  # every value given is one of the choices
            codes = pc.fill_null(found, len(choices)).to_numpy(zero_copy_only=False)
            return codes.astype(np.int64), len(choices) + 1
    if length is not None:
        return pack(text, length).view(np.int64), None
    digested = _digest_codes(text)
    if digested is not None:
        return digested
    encoded = pc.dictionary_encode(text, null_encoding="encode")
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return encoded.indices.to_numpy().astype(np.int64), len(encoded.dictionary)


def _digest_codes(text: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, int] | None:
    """Codes of a column whose values present all have one byte length of 9 to 32 bytes
    (USCCs, dates), from their packed words' digests (:mod:`graphgov.load.keyset`), each
    code's rows checked to hold the same words; None for other columns, or if two values
    share a digest (then pyarrow's dictionary decides). Codes are below the bound given."""
    size = byte_sizes(text)
    present = size[size >= 0]
    if not len(present) or present.min() != present.max():
        return None
    length = int(present[0])
    if not PACKED_MAX < length <= 8 * WORDS_MAX:
        return None
    words, fits = packed_words(text, length, None, size)
    codes, distinct = pd.factorize(digest(words))
    some = np.empty(len(distinct), dtype=np.int64)
    some[codes] = np.arange(len(codes))  # one row of each code, whichever
    if not (words[some[codes]] == words).all():
        return None
    out = np.full(len(fits), len(distinct), dtype=np.int64)  # missing values: one code
    out[fits] = codes
    return out, len(distinct) + 1


def row_codes(
    columns: list[pd.Series], choices: list[tuple[str, ...] | None] | None = None
) -> np.ndarray:
    """One int64 code per row, equal exactly for rows equal in every one of `columns`.

    `choices` may give, per column, the values it is known to hold (an enumeration).
    Codes are not dense: compare them, or count them with :func:`shared`.

    >>> a = pd.Series(["x", "y", "x", None, "x"], dtype="string")
    >>> b = pd.Series(["1", "1", "1", None, "2"], dtype="string")
    >>> row_codes([a, b]).tolist()  # rows 0 and 2 are equal; the others are not
    [0, -2, 0, -4, -5]
    >>> shared(row_codes([a, b], [("y", "x"), None])).tolist()
    [True, False, True, False, False]
    """
    choices = choices or [None] * len(columns)
    texts = [_text(c) for c in columns]
    lengths = [fixed_length(t) if k is None else None for t, k in zip(texts, choices, strict=True)]
    # cheapest first: packed values (which tell rows apart best), enumerations, the rest
    rank = [0 if size else 1 if known else 2 for size, known in zip(lengths, choices, strict=True)]
    order = sorted(range(len(columns)), key=lambda i: (rank[i], i))
    n = len(columns[0])
    out = -1 - np.arange(n, dtype=np.int64)  # a code of its own for every row
    rows = np.arange(n)  # the rows still sharing their code with another
    group: np.ndarray | None = None  # their codes so far, renumbered from 0
    for i in order:
        text = texts[i] if len(rows) == n else texts[i].take(pa.array(rows))
        codes, bound = _column_codes(text, choices[i], lengths[i])
        if len(columns) == 1:
            return codes
        if group is not None:
            if bound is None:
                codes, bound = _groups(codes)[1], len(codes)
            codes = group * bound + codes  # both below len(rows), so below 2**62
        keep, dense = _groups(codes)
        rows, group = rows[keep], dense[keep]
        if not len(rows):
            return out
    out[rows] = group
    return out


def _groups(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each code is another's too, and the codes renumbered from 0 (one sort)."""
    order = np.argsort(codes)
    ordered = codes[order]
    new = np.ones(len(codes), dtype=bool)  # where a run of equal codes starts, in order
    new[1:] = ordered[1:] != ordered[:-1]
    dense = np.empty(len(codes), dtype=np.int64)
    dense[order] = np.cumsum(new) - 1
    sizes = np.diff(np.append(np.flatnonzero(new), len(codes)))
    again = np.empty(len(codes), dtype=bool)
    again[order] = np.repeat(sizes > 1, sizes)
    return again, dense


def shared(codes: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Whether each row's code is another row's too (among `rows` only, if given).

    >>> shared(np.array([0, 1, 0, 2])).tolist()
    [True, False, True, False]
    """
    out = np.zeros(len(codes), dtype=bool)
    picked = codes if rows is None else codes[rows]
    ordered = np.sort(picked)  # the usual case, no code twice, needs no more than this
    if not (ordered[1:] == ordered[:-1]).any():
        return out
    hit = _groups(picked)[0]
    if rows is None:
        return hit
    out[rows] = hit
    return out


def exact_duplicates(values: pd.DataFrame, extra: np.ndarray | None, candidate: np.ndarray):
    """Rows equal to an earlier row in every column of `values` (and in `extra`, the field
    counts), looked for among the `candidate` rows only."""
    out = np.zeros(len(values), dtype=bool)
    if candidate.any():
        # columns by position, so that no header name can collide with the field count
        shape = values[candidate].set_axis(range(len(values.columns)), axis=1)
        if extra is not None:
            shape[len(values.columns)] = extra[candidate]
        out[candidate] = shape.duplicated(keep="first").to_numpy()
    return out
