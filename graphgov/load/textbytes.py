"""String columns seen as bytes: lengths, first and last bytes, short values as integers.

Fast paths for the loader's commonest columns, each exact: identifiers of one length
(``P0000001``) are compared as 64-bit integers instead of hashed as strings, and a screen on
a value's length, first and last byte settles most values before any regular expression
runs. Every function takes a pyarrow string column (``string`` or ``large_string``, one
array or chunked) and works on its buffers without copying the text.

A value packed by :func:`pack` is its UTF-8 bytes read as a little-endian integer, so two
values of the same byte length are equal exactly when their integers are. :data:`OTHER`,
eight ``0xFF`` bytes, is never a packed value: ``0xFF`` does not occur in UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

__all__ = [
    "OTHER",
    "PACKED_MAX",
    "all_in",
    "byte_rows",
    "byte_set",
    "edge_bytes",
    "edges_in",
    "fixed_length",
    "iso_dates",
    "pack",
]

#: The longest values :func:`pack` turns into integers, in bytes.
PACKED_MAX = 8
#: The packed form of a missing value, or of one of another length.
OTHER = np.uint64(2**64 - 1)


def _chunks(
    text: pa.Array | pa.ChunkedArray,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]]:
    """Per chunk: each value's start and stop in the data, the data, and which values are
    there (None: all of them)."""
    for chunk in text.chunks if isinstance(text, pa.ChunkedArray) else [text]:
        _, offsets, data = chunk.buffers()
        wide = pa.types.is_large_string(chunk.type)
        ends = np.frombuffer(offsets, dtype=np.int64 if wide else np.int32)
        ends = ends[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64, copy=False)
        byte = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
        valid = chunk.is_valid().to_numpy(zero_copy_only=False) if chunk.null_count else None
        yield ends[:-1], ends[1:], byte, valid


def fixed_length(text: pa.Array | pa.ChunkedArray, most: int = PACKED_MAX) -> int | None:
    """The byte length every value present in `text` has, if there is one, at least one
    value is present and it is at most `most`; None otherwise.

    >>> fixed_length(pa.array(["P001", None, "P002"])), fixed_length(pa.array(["a", "bc"]))
    (4, None)
    """
    found: set[int] = set()
    for start, stop, _, valid in _chunks(text):
        size = stop - start
        if valid is not None:
            size = size[valid]
        if len(size):
            low, high = int(size.min()), int(size.max())
            found.update((low, high))
            if low != high or len(found) > 1:
                return None
    if len(found) != 1:
        return None
    (length,) = found
    return length if 0 < length <= most else None


def byte_rows(text: pa.Array | pa.ChunkedArray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of the values `length` bytes long, one row each, in order, and which
    values those are (missing ones are not).

    >>> rows, fits = byte_rows(pa.array(["ab", None, "abc", "cd"]), 2)
    >>> rows.tolist(), fits.tolist()
    ([[97, 98], [99, 100]], [True, False, False, True])
    """
    parts, fit = [], []
    for start, stop, byte, valid in _chunks(text):
        fits = (stop - start) == length
        if valid is not None:
            fits &= valid
        m = int(fits.sum())
        if m and stop[-1] - start[0] == m * length:  # the others take no bytes: a view
            rows = byte[start[0] : stop[-1]].reshape(m, length)
        else:
            rows = byte[start[fits][:, None] + np.arange(length)].reshape(m, length)
        parts.append(rows)
        fit.append(fits)
    if not parts:
        return np.zeros((0, length), dtype=np.uint8), np.zeros(0, dtype=bool)
    if len(parts) == 1:
        return parts[0], fit[0]
    return np.concatenate(parts), np.concatenate(fit)


def pack(text: pa.Array | pa.ChunkedArray, length: int) -> np.ndarray:
    """Per value, its bytes as an unsigned 64-bit integer if it is `length` bytes long
    (at most :data:`PACKED_MAX`), :data:`OTHER` if it is missing or of another length.

    >>> pack(pa.array(["AB", None, "ABC", "BA"]), 2).tolist() == [
    ...     0x4241, 2**64 - 1, 2**64 - 1, 0x4142]
    True
    """
    if not 0 < length <= PACKED_MAX:
        raise ValueError(f"pack: length {length} is not 1 to {PACKED_MAX}")
    rows, fits = byte_rows(text, length)
    wide = np.zeros((len(rows), PACKED_MAX), dtype=np.uint8)
    wide[:, :length] = rows
    if len(rows) == len(fits):
        return wide.view("<u8").reshape(len(rows))
    packed = np.full(len(fits), OTHER, dtype=np.uint64)
    packed[fits] = wide.view("<u8").reshape(len(rows))
    return packed


def edge_bytes(text: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per value, its byte length and its first and last byte (0 for an empty or missing
    value; a missing value has length -1).

    >>> [a.tolist() for a in edge_bytes(pa.array(["ab", "", None]))]
    [[2, 0, -1], [97, 0, 0], [98, 0, 0]]
    """
    sizes, firsts, lasts = [], [], []
    for start, stop, byte, valid in _chunks(text):
        size = stop - start
        if valid is not None:
            size[~valid] = -1
        full = size > 0
        if len(byte):  # clipped: an empty value's edge bytes are someone else's, then zeroed
            firsts.append(byte.take(start, mode="clip") * full)
            lasts.append(byte.take(stop - 1, mode="clip") * full)
        else:
            firsts.append(np.zeros(len(start), dtype=np.uint8))
            lasts.append(np.zeros(len(start), dtype=np.uint8))
        sizes.append(size)
    if not sizes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.astype(np.uint8), empty.astype(np.uint8)
    if len(sizes) == 1:
        return sizes[0], firsts[0], lasts[0]
    return np.concatenate(sizes), np.concatenate(firsts), np.concatenate(lasts)


def byte_set(allowed: bytes) -> np.ndarray:
    """A lookup table: whether each of the 256 byte values is one of `allowed`."""
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(allowed, dtype=np.uint8)] = True
    return table


def all_in(text: pa.Array | pa.ChunkedArray, length: int, allowed: bytes) -> np.ndarray | None:
    """Whether each value is exactly `length` bytes, each one of `allowed` (ASCII: a regular
    expression ``[...]{length}`` in full), when every value present is `length` bytes long;
    None when some value is not (the caller then asks a regular expression).

    >>> all_in(pa.array(["12", "1a", None]), 2, b"0123456789").tolist()
    [True, False, False]
    >>> all_in(pa.array(["1"]), 2, b"0123456789") is None
    True
    """
    rows, fits = byte_rows(text, length)
    if len(rows) != len(text) - text.null_count:
        return None
    ok = byte_set(allowed)[rows].all(axis=1)
    if len(rows) == len(fits):
        return ok
    out = np.zeros(len(fits), dtype=bool)
    out[fits] = ok
    return out


def edges_in(
    text: pa.Array | pa.ChunkedArray,
    first: bytes,
    last: bytes,
    edges: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Whether each value is not empty, starts with a byte of `first` and ends with one of
    `last`: a screen before a regular expression that needs as much. `edges`, if given, are
    :func:`edge_bytes` of `text` (or of its values before empty ones were made missing).

    >>> edges_in(pa.array(["1e5", "e5", "", None]), b"0123456789", b"0123456789").tolist()
    [True, False, False, False]
    """
    size, head, tail = edge_bytes(text) if edges is None else edges
    return (size > 0) & byte_set(first)[head] & byte_set(last)[tail]


#: Whether (month, day) may be a date, for any two bytes (29 February included).
_MONTH_DAY = np.zeros((256, 256), dtype=bool)
for _month, _days in enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1):
    _MONTH_DAY[_month, 1 : _days + 1] = True


def iso_dates(text: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """Whether each value is a real date written ``YYYY-MM-DD`` in ASCII (years 0001-9999,
    as :meth:`datetime.date.fromisoformat` reads them), when every value present is 10
    bytes long; None when some value is not (the caller then parses those).

    >>> iso_dates(pa.array(["2020-02-29", "2019-02-29", "2019-13-01", "0000-01-01", None])).tolist()
    [True, False, False, False, False]
    >>> iso_dates(pa.array(["2020-2-29"])) is None
    True
    """
    rows, fits = byte_rows(text, 10)
    if len(rows) != len(text) - text.null_count:
        return None
    d = rows - np.uint8(ord("0"))  # a digit's value, or >= 10 (wrapping below "0")
    top = d[:, 0].copy()  # column by column: numpy reduces short rows slowly
    for i in (1, 2, 3, 5, 6, 8, 9):
        np.maximum(top, d[:, i], out=top)
    good = (top <= 9) & (rows[:, 4] == ord("-")) & (rows[:, 7] == ord("-"))
    good &= (d[:, 0] | d[:, 1] | d[:, 2] | d[:, 3]) != 0  # no year 0000
    month, day = d[:, 5] * np.uint8(10) + d[:, 6], d[:, 8] * np.uint8(10) + d[:, 9]
    good &= _MONTH_DAY[month, day]
    feb29 = np.flatnonzero(good & (month == 2) & (day == 29))
    if len(feb29):  # in a leap year only
        n = d[feb29, :4].astype(np.int64)
        year = n[:, 0] * 1000 + n[:, 1] * 100 + n[:, 2] * 10 + n[:, 3]
        good[feb29] = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    if len(rows) == len(fits):
        return good
    out = np.zeros(len(fits), dtype=bool)
    out[fits] = good
    return out
