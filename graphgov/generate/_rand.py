"""Vectorised random helpers shared by the generator steps (no per-row Python loops)."""

from __future__ import annotations

import numpy as np
import pandas as pd

EPOCH = np.datetime64("1970-01-01", "D")


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integer parts proportional to `weights` (largest remainder).

    >>> apportion(10, np.array([1.0, 1.0, 1.0])).tolist()
    [4, 3, 3]
    """
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    rest = int(total - base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:rest]] += 1
    return base


def choose(rng: np.random.Generator, k: int, weights: np.ndarray) -> np.ndarray:
    """Indices of `k` items drawn without replacement with probability ~ `weights`.

    Efraimidis-Spirakis keys; items of weight 0 come last. Returns sorted indices.
    """
    weights = np.asarray(weights, dtype=float)
    k = int(min(max(k, 0), len(weights)))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    u = rng.random(len(weights))
    with np.errstate(divide="ignore"):
        keys = np.where(weights > 0, np.log(u) / np.where(weights > 0, weights, 1.0), -np.inf)
    top = np.argpartition(-keys, k - 1)[:k]
    return np.sort(top)


def pick_in_groups(
    rng: np.random.Generator,
    draw_groups: np.ndarray,
    item_groups: np.ndarray,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """For each draw, the index of a random item of the same group (-1 if the group is empty).

    Parameters
    ----------
    rng : numpy.random.Generator
    draw_groups : array of int
        Group of each draw.
    item_groups : array of int
        Group of each item; must be sorted ascending.
    weights : array of float, optional
        Item weights (uniform if omitted).
    """
    draw_groups = np.asarray(draw_groups)
    item_groups = np.asarray(item_groups)
    if len(item_groups) == 0:
        return np.full(len(draw_groups), -1, dtype=np.int64)
    w = np.ones(len(item_groups)) if weights is None else np.asarray(weights, dtype=float)
    cw = np.cumsum(w)
    start = np.searchsorted(item_groups, draw_groups, side="left")
    end = np.searchsorted(item_groups, draw_groups, side="right")
    empty = end <= start
    lo = np.where(start > 0, cw[np.maximum(start - 1, 0)], 0.0)
    hi = cw[np.clip(end - 1, 0, len(cw) - 1)]
    target = lo + rng.random(len(draw_groups)) * (hi - lo)
    idx = np.searchsorted(cw, target, side="right")
    idx = np.clip(idx, start, np.maximum(end - 1, start))
    return np.where(empty, -1, idx)


def chunks(keys: np.ndarray, size: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """Cut rows sorted by `keys` into chunks of `size` within each key; a trailing single row
    joins the chunk before it when there is one.

    Returns
    -------
    chunk_id : array of int
        0-based chunk number of each row (global).
    chunk_len : array of int
        Length of the chunk each row belongs to.
    """
    keys = np.asarray(keys)
    n = len(keys)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    size = np.broadcast_to(np.asarray(size), (n,))
    new_key = np.r_[True, keys[1:] != keys[:-1]]
    key_start = np.maximum.accumulate(np.where(new_key, np.arange(n), 0))
    rank = np.arange(n) - key_start
    key_id = np.cumsum(new_key) - 1
    key_len = np.bincount(key_id)[key_id]
    local = rank // size
    last_local = (key_len - 1) // size
    # a lone row at the end of its key joins the chunk before it
    lone = (local == last_local) & (key_len - local * size == 1) & (local > 0)
    local = np.where(lone, local - 1, local)
    label = pd.factorize(pd.Series(key_id) * (n + 1) + local)[0]
    chunk_len = np.bincount(label)[label]
    return label.astype(np.int64), chunk_len


def dates(rng: np.random.Generator, start: str, end: str, n: int) -> np.ndarray:
    """`n` uniform random dates in [start, end] as ``datetime64[D]``."""
    a, b = np.datetime64(start, "D"), np.datetime64(end, "D")
    span = int((b - a).astype(int)) + 1
    return a + rng.integers(0, span, n).astype("timedelta64[D]")


def between(rng: np.random.Generator, lo: np.ndarray, hi: str) -> np.ndarray:
    """A uniform random date between each `lo` (``datetime64[D]``) and `hi` (`lo` itself
    where it is later)."""
    lo = np.asarray(lo, dtype="datetime64[D]")
    span = np.maximum((np.datetime64(hi, "D") - lo).astype(np.int64), 0)
    return lo + (rng.random(len(lo)) * span).astype("timedelta64[D]")


def date_str(values: np.ndarray) -> np.ndarray:
    """ISO strings of ``datetime64[D]`` values, ``""`` for NaT."""
    values = np.asarray(values, dtype="datetime64[D]")
    out = np.datetime_as_string(values, unit="D").astype(object)
    out[np.isnat(values)] = ""
    return out


def seq_ids(prefix: str, start: int, n: int, width: int = 7) -> np.ndarray:
    """``prefix`` + zero-padded sequence numbers ``start .. start+n-1``."""
    nums = pd.Series(np.arange(start, start + n)).astype(str).str.zfill(width)
    return (prefix + nums).to_numpy(dtype=object)


def pick(
    rng: np.random.Generator,
    options: list[str] | tuple[str, ...],
    n: int,
    p: list[float] | None = None,
) -> np.ndarray:
    """`n` random choices from `options` (as an object array)."""
    arr = np.asarray(options, dtype=object)
    if p is not None:
        p = np.asarray(p, dtype=float)
        p = p / p.sum()
    return arr[rng.choice(len(arr), size=n, p=p)]
