"""Equal rows, found by hashing each column once: exact duplicates and shared keys.

Each column is dictionary-encoded by pyarrow into dense integer codes; a row's code
combines its columns' codes, so that rows are equal in those columns exactly when their
codes are equal (missing values are equal to each other, as in pandas' ``duplicated``).
A table's key codes are computed once and serve both the exact-duplicate check (only rows
sharing their key with another row can be exact duplicates) and the conflicting-key check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.load.rawtable import STRING_DTYPE

__all__ = ["exact_duplicates", "row_codes", "shared"]

_LIMIT = 2**62


def _column_codes(values: pd.Series, choices: tuple[str, ...] | None) -> tuple[np.ndarray, int]:
    """Int64 codes of one column (missing values share one), and a bound on them (dense
    codes, how many there are). A column of `choices` only is coded by position, cheaper."""
    text = pa.array(values.astype(STRING_DTYPE).array)
    if choices is not None:
        found = pc.index_in(text, value_set=pa.array(choices, pa.string()))
        if found.null_count == text.null_count:  # every value given is one of the choices
            codes = pc.fill_null(found, len(choices)).to_numpy(zero_copy_only=False)
            return codes.astype(np.int64), len(choices) + 1
    encoded = pc.dictionary_encode(text, null_encoding="encode")
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return encoded.indices.to_numpy().astype(np.int64), len(encoded.dictionary)


def row_codes(
    columns: list[pd.Series], choices: list[tuple[str, ...] | None] | None = None
) -> np.ndarray:
    """One int64 code per row, equal for rows equal in every one of `columns`.

    `choices` may give, per column, the values it is known to hold (an enumeration).
    Codes are dense when there are several columns.

    >>> a = pd.Series(["x", "y", "x", None], dtype="string")
    >>> b = pd.Series(["1", "1", "1", None], dtype="string")
    >>> row_codes([a, b]).tolist()
    [0, 1, 0, 2]
    >>> row_codes([a, b], [("y", "x"), None]).tolist()
    [0, 1, 0, 2]
    """
    choices = choices or [None] * len(columns)
    codes, count = _column_codes(columns[0], choices[0])
    for column, known in zip(columns[1:], choices[1:], strict=True):
        more, n = _column_codes(column, known)
        if count * n >= _LIMIT:
            codes, count = _dense(codes)
        codes, count = codes * n + more, count * n
    return _dense(codes)[0] if len(columns) > 1 else codes


def _dense(codes: np.ndarray) -> tuple[np.ndarray, int]:
    dense, uniques = pd.factorize(codes)
    return dense.astype(np.int64), len(uniques)


def shared(codes: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Whether each row's code is another row's too (among `rows` only, if given).

    >>> shared(np.array([0, 1, 0, 2])).tolist()
    [True, False, True, False]
    """
    out = np.zeros(len(codes), dtype=bool)
    picked = codes if rows is None else codes[rows]
    if len(picked):
        hit = np.bincount(picked)[picked] > 1
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
