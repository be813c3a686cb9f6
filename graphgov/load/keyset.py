"""A set of string keys hashed once and looked up many times.

pyarrow's ``is_in`` and ``index_in`` hash their value set again on every call, and the keys
of one table are looked up by many columns (an organization's id by posts, services,
facilities and Party-organization coverage). :class:`KeySet` builds its hash once: keys of
one byte length (identifiers and codes usually are: ``P0000001``, 12-digit division codes,
18-character USCCs) or of a few (Party organizations' ``PB0000001`` and ``PC330102001051``)
are packed into up to :data:`WORDS_MAX` 64-bit words per length, the words mixed into one
64-bit digest, and the digests kept in a pandas index per length, whose hash table is built
once and kept. A value is found when its digest is a key's of its length and every word of
it equals that key's, so the answer is exact whatever the digest. Keys of more lengths,
longer keys, and the (improbable) keys whose digests collide are looked up with pyarrow's
``index_in`` instead, with the same answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphgov.load.textbytes import byte_rows

__all__ = ["LENGTHS_MAX", "WORDS_MAX", "KeySet", "byte_sizes", "digest", "packed_words"]

#: The longest keys hashed as words, in 64-bit words (32 bytes).
WORDS_MAX = 4
#: Keys of more byte lengths than this are looked up with pyarrow's ``index_in``.
LENGTHS_MAX = 4
#: An odd 64-bit constant (2**64 / the golden ratio) mixing one word into the next.
_MIX = np.uint64(0x9E3779B97F4A7C15)


class KeySet:
    """Distinct string keys, to find the position of values among them.

    Parameters
    ----------
    keys : pyarrow.Array or pyarrow.ChunkedArray
        Distinct string keys without missing values (the accepted keys of one table).

    Examples
    --------
    >>> keys = KeySet(pa.array(["R01", "R02", "R003"]))
    >>> keys.positions(pa.array(["R003", None, "R1", "R01", "X01"])).tolist()
    [2, -1, -1, 0, -1]
    """

    def __init__(self, keys: pa.Array | pa.ChunkedArray) -> None:
        if isinstance(keys, pa.ChunkedArray):
            keys = keys.combine_chunks()
        self.keys = keys
        self._groups: list[_Group] | None = None
        if keys.null_count or not len(keys):  # no keys: every value is -1 by index_in
            return
        sizes = byte_sizes(keys)
        if sizes.min() < 1 or sizes.max() > 8 * WORDS_MAX:
            return
        lengths = np.flatnonzero(np.bincount(sizes)).tolist()
        if len(lengths) > LENGTHS_MAX:
            return
        if len(lengths) == 1:
            groups = [_Group(keys, sizes, lengths[0], None)]
        else:
            groups = [_Group(keys, sizes, n, np.flatnonzero(sizes == n)) for n in lengths]
        if all(g.index.is_unique for g in groups):  # else two keys share a digest
            self._groups = groups

    def __len__(self) -> int:
        return len(self.keys)

    def positions(
        self, values: pa.Array | pa.ChunkedArray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Per value, the position of the key equal to it, or -1 (a missing value too); of
        the values at `rows` only (a boolean mask) if given."""
        if self._groups is None:
            if rows is not None:
                values = values.filter(pa.array(rows))
            found = pc.index_in(values, value_set=self.keys)
            return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        out = np.full(len(values) if rows is None else int(rows.sum()), -1, dtype=np.int64)
        size = byte_sizes(values)
        for group in self._groups:
            at, fits = group.positions(values, rows, size)
            if len(at) == len(out):
                out = at
            else:
                out[fits] = at
        return out

    def contains(
        self, values: pa.Array | pa.ChunkedArray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """Per value (at `rows`, if given), whether it is one of the keys."""
        return self.positions(values, rows) >= 0


class _Group:
    """The keys of one byte length: their words, and their digests in a pandas index."""

    def __init__(
        self, keys: pa.Array, size: np.ndarray, length: int, where: np.ndarray | None
    ) -> None:
        # size: every key's byte length; where: the positions of the keys of this length
        # among all keys (None: they are all the keys)
        self.length, self.where = length, where
        words = packed_words(keys, length, None, size)[0]
        self.index = pd.Index(digest(words))
        self.columns = [np.ascontiguousarray(words[:, j]) for j in range(words.shape[1])]

    def positions(
        self, values: pa.Array | pa.ChunkedArray, rows: np.ndarray | None, size: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The key positions (-1: none) of the values of this length (at `rows`, if given;
        `size`: each value's byte length), and which of the values (at `rows`) those are."""
        words, fits = packed_words(values, self.length, rows, size)
        at = self.index.get_indexer(digest(words)).astype(np.int64, copy=False)
        hit = at >= 0
        if len(self.columns) > 1:  # equal digests: equal keys only if every word is equal
            safe = np.where(hit, at, 0)
            for j, column in enumerate(self.columns):
                hit &= column.take(safe) == words[:, j]
        if self.where is not None:
            at = self.where.take(np.where(hit, at, 0))
        return np.where(hit, at, -1), fits


def byte_sizes(text: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Each value's byte length, -1 for a missing value."""
    return pc.fill_null(pc.binary_length(text), -1).to_numpy(zero_copy_only=False)


def packed_words(
    text: pa.Array | pa.ChunkedArray, length: int, rows: np.ndarray | None, size: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The values `length` bytes long (of those at `rows`, if given; `size`: their byte
    lengths) as rows of little-endian 64-bit words (zero-padded), and which of the values
    (at `rows`) those are.

    The values are picked by pyarrow's filter, so that their bytes are read as one block
    instead of gathered byte by byte.
    """
    picked = size == length
    if rows is not None:
        picked &= rows
    if not picked.all():
        text = text.filter(pa.array(picked))
    data = byte_rows(text, length)[0]
    width = -(-length // 8)
    if length == 8 * width:
        wide = np.ascontiguousarray(data)
    else:
        wide = np.zeros((len(data), 8 * width), dtype=np.uint8)
        wide[:, :length] = data
    return wide.view("<u8").reshape(len(data), width), picked if rows is None else picked[rows]


def digest(words: np.ndarray) -> np.ndarray:
    """One 64-bit integer per row of words: the words mixed (multiply by an odd constant,
    exclusive or, wrapping around), then their bits spread (MurmurHash3's finaliser).

    The spreading matters: packed identifiers differ mostly in their high bytes, which
    pandas' hash of 64-bit integers would otherwise map to few buckets.
    """
    out = words[:, 0].copy()
    for j in range(1, words.shape[1]):
        out *= _MIX
        out ^= words[:, j]
    for shift, factor in _SPREAD:
        out ^= out >> shift
        out *= factor
    out ^= out >> np.uint64(33)
    return out


#: MurmurHash3's 64-bit finaliser: shift-xor, multiply, twice.
_SPREAD = (
    (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD)),
    (np.uint64(33), np.uint64(0xC4CEB9FE1A85EC53)),
)
