"""The verdict on every row of one table, and the checks every table gets.

A :class:`TableCheck` holds a table's values (stripped strings), their typed forms, and per
row either nothing yet (accepted so far), a reason code with a detail (rejected), or the
exact-duplicate flag. The first rule a row breaks decides its reason; later rules only look
at rows still accepted. :func:`check_columns` applies the rules every table shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov import schema
from graphgov.load import rules
from graphgov.load.distinct import per_distinct
from graphgov.load.duplicates import exact_duplicates, row_codes, shared
from graphgov.load.rawtable import STRING_DTYPE, RawTable, arrow_strings
from graphgov.load.result import TableCounts
from graphgov.load.textbytes import edge_bytes

__all__ = [
    "ID_COLUMNS",
    "TableCheck",
    "check_columns",
    "check_duplicate_keys",
    "key_set",
    "member",
]

#: String columns holding identifiers, where scientific notation means Excel damage.
ID_COLUMNS = frozenset(
    {
        "org_id",
        "party_org_id",
        "parent_id",
        "person_id",
        "body_id",
        "provider_id",
        "target_id",
        "operator_org_id",
        "facility_id",
    }
)
_DTYPES = {
    schema.STRING: STRING_DTYPE,
    schema.CODE: STRING_DTYPE,
    schema.DATE: STRING_DTYPE,
    schema.INT: "Int64",
    schema.BOOL: "boolean",
    schema.FLOAT: "Float64",
}


def member(values: pd.Series, keys: pd.Index | pd.Series | pa.Array) -> pd.Series:
    """``values.isin(keys)`` for string Series, fast for large `keys` (missing -> False).

    pandas' own ``isin`` on Arrow strings turns every key into a Python object first.
    `keys` may be made once for many calls with :func:`key_set`.
    """
    value_set = keys if isinstance(keys, pa.Array) else key_set(keys)
    text = _arrow(values)
    if len(value_set) > _FEW * len(text):
        return pd.Series(_few_in(text, value_set), index=values.index, dtype=bool)
    found = pc.is_in(text, value_set=value_set, skip_nulls=True)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


#: Values this many times fewer than the keys are looked up the other way round.
_FEW = 4


def _few_in(text: pa.Array | pa.ChunkedArray, keys: pa.Array) -> np.ndarray:
    """Whether each of `text` is one of `keys`, for few values and many keys: the keys are
    looked up among the distinct values (pyarrow hashes the set it looks in, on each call,
    so the smaller side should be the set)."""
    encoded = pc.dictionary_encode(text)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    seen = np.zeros(len(encoded.dictionary) + 1, dtype=bool)  # the last: missing values
    at = pc.index_in(keys, value_set=encoded.dictionary).drop_null()
    seen[at.to_numpy(zero_copy_only=False)] = True
    code = pc.fill_null(encoded.indices, len(encoded.dictionary))
    return seen[code.to_numpy(zero_copy_only=False)]


def key_set(keys: pd.Index | pd.Series) -> pa.Array:
    """`keys` as the pyarrow array :func:`member` looks values up in."""
    value_set = _arrow(pd.Series(keys, dtype=STRING_DTYPE))
    if isinstance(value_set, pa.ChunkedArray):
        value_set = value_set.combine_chunks()
    return value_set


def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    return pa.array(values.astype(STRING_DTYPE).array).cast(pa.large_string())


def _stripped(values: pd.Series) -> tuple[pd.Series, tuple | None]:
    """`values` without surrounding whitespace, an empty value as missing; and their
    :func:`~graphgov.load.textbytes.edge_bytes` when no value was trimmed (None if one was),
    for the screens of :mod:`graphgov.load.rules` (an empty value made missing fails them
    alike)."""
    text = _arrow(values)
    edges = edge_bytes(text)
    space, empty = _edges(edges)
    if space:
        text = pc.utf8_trim_whitespace(text)
    if space or empty:
        empty = pc.equal(pc.binary_length(text), 0)
        text = pc.if_else(empty, pa.scalar(None, text.type), text)
    return arrow_strings(text).set_axis(values.index), None if space else edges


def _edges(edges: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[bool, bool]:
    """Whether a value may start or end with white space, and whether one may be
    empty.

    A quick screen on each value's length and first and last byte, which for white space is
    an ASCII one ``<= 0x20`` or a byte of a non-ASCII character (``>= 0x80``); trimming
    decides. Most columns (codes, identifiers, dates) are then not trimmed at all.
    `edges` are the values' :func:`~graphgov.load.textbytes.edge_bytes`.
    """
    size, first, last = edges
    full = size > 0
    empty = not full.all()  # a missing value too: trimming keeps it missing
    odd = (first <= 0x20) | (first >= 0x80) | (last <= 0x20) | (last >= 0x80)
    return bool((odd & full).any()), empty


class TableCheck:
    """One table being validated: its values and the verdict on each row.

    Parameters
    ----------
    table : graphgov.schema.Table
        The table's definition.
    raw : RawTable or None
        The file as read; None when the (optional) file is absent.
    """

    def __init__(self, table: schema.Table, raw: RawTable | None) -> None:
        self.table = table
        self.raw = raw
        frame = raw.frame if raw is not None else pd.DataFrame(index=pd.RangeIndex(0))
        stripped = {c: _stripped(frame[c]) for c in frame.columns}
        self.values = pd.DataFrame({c: v for c, (v, _) in stripped.items()}, index=frame.index)
        #: per column, the edge bytes of its values if none was trimmed
        self.edges = {c: e for c, (_, e) in stripped.items() if e is not None}
        self.typed: dict[str, pd.Series] = {}
        self.reason = pd.Series(None, index=frame.index, dtype=object)
        self.detail = pd.Series(None, index=frame.index, dtype=object)
        self.duplicate = pd.Series(False, index=frame.index)
        # rows accepted so far, kept up to date by reject and mark_duplicates; rows are
        # labelled by position (every reader gives a RangeIndex from 0)
        self._ok = np.ones(len(frame.index), dtype=bool)
        self._key_codes: np.ndarray | None = None

    @property
    def name(self) -> str:
        """The table name."""
        return self.table.name

    @property
    def ok(self) -> pd.Series:
        """Rows accepted so far (neither rejected nor an exact duplicate)."""
        return pd.Series(self._ok.copy(), index=self.reason.index)

    @property
    def live(self) -> pd.Series:
        """Rows that are not exact duplicates of an earlier row."""
        return ~self.duplicate

    def value(self, column: str) -> pd.Series:
        """The typed (or, for unknown columns, stripped string) values of `column`."""
        if column in self.typed:
            return self.typed[column]
        if column in self.values:
            return self.values[column]
        return pd.Series(pd.NA, index=self.values.index, dtype=STRING_DTYPE)

    def key_codes(self) -> np.ndarray:
        """Per row, a code equal for rows with equal (typed) key values; computed once, when
        the key columns are typed (:func:`graphgov.load.duplicates.row_codes`)."""
        if self._key_codes is None:
            key = [self.table.column(c) for c in self.table.key]
            self._key_codes = row_codes([self.value(c.name) for c in key], [c.choices for c in key])
        return self._key_codes

    def reject(self, code: str, failures: pd.Series) -> None:
        """Reject the rows in `failures` (index = rows, values = details) still accepted."""
        if failures.empty:
            return
        failures = failures[~failures.index.duplicated()]
        hit = failures.index[self._ok[failures.index.to_numpy(dtype=np.int64)]]
        self.reason.loc[hit] = code
        self.detail.loc[hit] = failures.loc[hit].astype(object)
        self._ok[hit.to_numpy(dtype=np.int64)] = False

    def mark_duplicates(self, flags: np.ndarray) -> None:
        """Mark the rows in `flags` as exact duplicates of an earlier row."""
        self.duplicate[:] = flags
        self._ok &= ~flags

    def where(self, labels: pd.Index) -> pd.Series:
        """``"file.csv:LINE"`` per row label."""
        if self.raw is None:
            return pd.Series([], dtype=object)
        lines = pd.Series(self.raw.lines[np.asarray(labels, dtype=np.int64)], index=labels)
        prefix = f"{self.raw.file} row " if self.raw.parquet else f"{self.raw.file}:"
        return (prefix + lines.astype(str)).astype(object)

    def rejected_keys(self) -> pd.Series:
        """Single-column key -> ``"REASON at FILE:LINE"`` for the rejected rows that have one."""
        key = self.value(self.table.key[0])
        mask = self.live & self.reason.notna() & key.notna()
        labels = self.reason.index[mask.to_numpy()]
        text = self.reason[labels] + " at " + self.where(labels)
        out = pd.Series(text.to_numpy(), index=key[labels].to_numpy(), dtype=object)
        return out[~out.index.duplicated()]

    def counts(self) -> TableCounts:
        """How many rows were read, accepted, rejected and collapsed as duplicates."""
        rejected = int(self.reason.notna().sum())
        duplicates = int(self.duplicate.sum())
        rows = len(self.reason)
        return TableCounts(rows, rows - rejected - duplicates, rejected, duplicates)

    def accepted_frame(self) -> pd.DataFrame:
        """The accepted rows, typed, defaults filled, schema columns first, then unknown ones."""
        ok = self.ok.to_numpy()
        out: dict[str, pd.Series] = {}
        for col in self.table.columns:
            series = self.value(col.name)[ok].astype(_DTYPES[col.type])
            if col.default is not None:
                series = series.fillna(col.default)
            out[col.name] = series.reset_index(drop=True)
        for name in self.values.columns:
            if name not in out:
                out[name] = self.values[name][ok].reset_index(drop=True)
        return pd.DataFrame(out, index=pd.RangeIndex(int(ok.sum())))

    def rejects_frame(self) -> pd.DataFrame:
        """``table, line, reason_code, message, raw`` for the rejected rows."""
        mask = self.reason.notna().to_numpy()
        labels = self.reason.index[mask]
        if self.raw is None or not len(labels):
            return pd.DataFrame(columns=["table", "line", "reason_code", "message", "raw"])
        return pd.DataFrame(
            {
                "table": self.name,
                "line": self.raw.lines[labels.to_numpy()],
                "reason_code": self.reason[labels].to_numpy(),
                "message": (self.where(labels) + ": " + self.detail[labels]).to_numpy(),
                "raw": _json_lines(self.raw.frame.loc[labels]),
            }
        )


def _json_lines(frame: pd.DataFrame) -> list[str]:
    """Each row as a JSON object ``{"column": "value" or null}``, non-ASCII kept as is."""
    if not len(frame.columns):
        return ["{}"] * len(frame)
    text = frame.to_json(orient="records", lines=True, force_ascii=False)
    # pandas escapes "/" as "\/"; both decode alike, the plain one reads better
    return text.replace("\\/", "/").rstrip("\n").split("\n")


def check_columns(check: TableCheck) -> None:
    """The rules every table gets: row shape, exact duplicates, required values, types.

    Fills ``check.typed`` for every schema column present in the file. Columns are typed
    first: exact duplicates are looked for among the rows whose typed key is shared.
    """
    values = check.values
    raw = check.raw
    typing = [f for col in check.table.columns if col.name in values for f in _typed(check, col)]
    if raw is not None and len(values):
        candidate = shared(check.key_codes())
        check.mark_duplicates(exact_duplicates(values, raw.n_fields, candidate))
        for code, failures in raw.problems:
            check.reject(code, failures)
    # column by column: DataFrame.isna goes through Python objects for Arrow strings
    empty = np.logical_and.reduce([values[c].isna().to_numpy() for c in values.columns])
    empty = empty if len(values.columns) else check.ok.to_numpy()
    check.reject("empty_row", pd.Series("every cell is empty", index=values.index[empty]))
    if raw is not None and raw.n_fields is not None:
        width = raw.width
        wrong = pd.Series(raw.n_fields != width, index=values.index)
        counts = pd.Series(raw.n_fields, index=values.index)[wrong]
        check.reject("bad_row", "has " + counts.astype(str) + f" fields, the header has {width}")
    for col in check.table.columns:
        if col.required and col.name in values:
            missing = values[col.name].isna()
            check.reject(
                "missing_value", pd.Series(f"{col.name} is empty", index=values.index[missing])
            )
    for code, failures in typing:
        check.reject(code, failures)


def _typed(check: TableCheck, col: schema.Column) -> list[tuple[str, pd.Series]]:
    """Type column `col` into ``check.typed``; the failures, to reject in this order."""
    name, values = col.name, check.values[col.name]
    failures: list[tuple[str, pd.Series]] = []
    if col.type == schema.CODE:
        failures += rules.division_code_failures(values, name).items()
        typed = values
    elif col.type == schema.DATE:  # per distinct value, or on bytes, inside
        typed, bad = rules.parse_dates(values, name)
        failures.append(("bad_date", bad))
    elif col.type in _PARSERS:
        code, parse = _PARSERS[col.type]
        typed, bad = per_distinct(parse, values, name)
        failures.append((code, bad))
    elif col.choices is not None:
        typed, bad = rules.parse_enum(values, col.choices, name)
        failures.append(("bad_enum", bad))
    else:
        typed = values
        if name in ID_COLUMNS:
            sci = rules.excel_scientific(values, check.edges.get(name))
            text = ": scientific notation: a spreadsheet mangled it"
            failures.append(("excel_mangled", name + " " + values[sci] + text))
    check.typed[name] = typed
    return failures


_PARSERS = {
    schema.INT: ("bad_int", rules.parse_int),
    schema.BOOL: ("bad_bool", rules.parse_bool),
    schema.FLOAT: ("bad_number", rules.parse_float),
}


def check_duplicate_keys(check: TableCheck) -> None:
    """Reject every row of a key shared by rows that differ (``duplicate_key``)."""
    key = list(check.table.key)
    parts = pd.DataFrame({c: check.value(c).astype(STRING_DTYPE) for c in key})
    required = [c for c in key if check.table.column(c).required]
    candidates = (check.live & parts[required].notna().all(axis=1)).to_numpy()
    both = shared(check.key_codes(), candidates)
    if not both.any():
        return
    dup = parts[both]
    assert check.raw is not None
    lines = pd.Series(check.raw.lines[dup.index.to_numpy()], index=dup.index).astype(str)
    groups = lines.groupby([dup[c].fillna("") for c in key], sort=False)
    together = groups.transform(
        lambda s: ", ".join(s.tolist()[:5]) + (", ..." if len(s) > 5 else "")
    )
    label = dup[key[0]] if len(key) == 1 else dup.fillna("").agg("/".join, axis=1)
    name = key[0] if len(key) == 1 else "/".join(key)
    unit = "rows" if check.raw.parquet else "lines"
    text = ": key shared by rows that differ (" + unit + " " + together + ")"
    check.reject("duplicate_key", name + " " + label + text)
