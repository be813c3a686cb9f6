"""A value parser run once per distinct value of a column instead of once per row.

Numbers, booleans and the like repeat: a column of 500,000 ``true``/``false`` holds two
distinct values. :func:`per_distinct` parses the distinct values (pyarrow's dictionary
encoding) and spreads the typed values and the failures back over the rows, giving what
the parser gives on the whole column. A column with about as many distinct values as rows
(a sample of it says so) is parsed whole: encoding it would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.load.rawtable import STRING_DTYPE

__all__ = ["per_distinct"]

#: Columns shorter than this are parsed whole.
_SMALL = 5_000
#: How many leading values are looked at to guess whether values repeat.
_SAMPLE = 2_000

Parser = Callable[[pd.Series, str], tuple[pd.Series, pd.Series]]


def per_distinct(parse: Parser, values: pd.Series, column: str) -> tuple[pd.Series, pd.Series]:
    """``parse(values, column)``, a parser of the rules' kind (typed values, failures
    indexed by row: see :mod:`graphgov.load.rules`), run on the distinct values only.

    The parser must give missing values a missing typed value and no failure, and treat
    each value alone (the same value, the same result): every parser of the rules does.

    >>> from graphgov.load.rules import parse_bool
    >>> typed, bad = per_distinct(parse_bool, pd.Series(["yes", "no", "x", None, "yes"]
    ...     * 2000, dtype="string"), "flag")
    >>> typed[:5].tolist(), bad[:2].tolist(), len(bad)
    ([True, False, <NA>, <NA>, True], ['flag x: not a boolean (true/false/1/0/yes/no/是/否)', \
'flag x: not a boolean (true/false/1/0/yes/no/是/否)'], 2000)
    """
    if len(values) < _SMALL or values[:_SAMPLE].nunique() > _SAMPLE // 4:
        return parse(values, column)
    encoded = pc.dictionary_encode(pa.array(values.astype(STRING_DTYPE).array))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    distinct = pd.Series(pd.array(encoded.dictionary, dtype=STRING_DTYPE))
    typed_d, bad_d = parse(distinct, column)
    code = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    typed = pd.Series(typed_d.array.take(code, allow_fill=True), index=values.index)
    if bad_d.empty:
        return typed, bad_d.set_axis(values.index[:0])
    # each failure of a distinct value, in the parser's order, for every row holding it
    order = np.argsort(code, kind="stable")
    first = np.searchsorted(code[order], bad_d.index.to_numpy(dtype=np.int64), side="left")
    last = np.searchsorted(code[order], bad_d.index.to_numpy(dtype=np.int64), side="right")
    rows = np.concatenate([order[a:b] for a, b in zip(first, last, strict=True)])
    text = np.repeat(bad_d.to_numpy(dtype=object), last - first)
    return typed, pd.Series(text, index=values.index[rows], dtype=bad_d.dtype)
