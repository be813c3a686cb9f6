"""Time in the synthetic province: count paths, founding and leaving dates.

A *path* maps ISO dates to a count (or a rate) and is read by linear interpolation between
its dates, flat before the first and after the last (datasets/README.md, The generator,
History). :func:`lifecycle` turns a path of how many bodies *exist* on each date into a
founding date and (for some) a leaving date per body, month by month, so that the bodies
existing at the end of each month follow the path up to rounding.
"""

from __future__ import annotations

import numpy as np

NAT = np.datetime64("NaT", "D")


def day(text: str) -> np.datetime64:
    """An ISO date as ``datetime64[D]``."""
    return np.datetime64(text, "D")


def path_at(path: dict[str, float], when: np.ndarray | str) -> np.ndarray:
    """The path's value on each date (linear between its dates, flat outside them).

    >>> round(float(path_at({"2014-12-31": 100, "2016-12-31": 300}, "2015-12-31")), 1)
    199.9
    """
    keys = sorted(path)
    x = np.array([day(k) for k in keys]).astype(np.int64)
    y = np.array([float(path[k]) for k in keys])
    at = np.asarray(when, dtype="datetime64[D]").astype(np.int64)
    return np.interp(at, x, y)


def month_ends(start: str, end: str) -> np.ndarray:
    """The last day of every month from `start`'s to `end`'s (``datetime64[D]``)."""
    months = np.arange(np.datetime64(start, "M"), np.datetime64(end, "M") + 1)
    return (months + 1).astype("datetime64[D]") - 1


def systematic(rng: np.random.Generator, k: int, weights: np.ndarray) -> np.ndarray:
    """`k` bucket numbers drawn by systematic sampling over `weights` (in bucket order):
    each bucket gets its expected share up to one, and no bucket is favoured when the shares
    are small (largest-remainder rounding would give them all to the biggest ones)."""
    w = np.asarray(weights, dtype=float)
    if k <= 0 or w.sum() <= 0:
        return np.zeros(0, dtype=np.int64)
    u = (np.arange(k) + rng.random()) / k
    return np.searchsorted(np.cumsum(w) / w.sum(), u, side="right").clip(max=len(w) - 1)


def rows_for(path: dict[str, float], start: str, end: str, gone_rate: float) -> float:
    """How many bodies :func:`lifecycle` dates for `path` at its own level: those existing
    on `end` plus those gone by then.

    >>> round(rows_for({"2005-01-01": 100, "2020-12-31": 100}, "2005-01-01", "2020-12-31", 0.1))
    260
    """
    level = np.maximum.accumulate(path_at(path, month_ends(start, end)))
    return float(level[-1] + (gone_rate / 12 * level).sum())


def lifecycle(
    rng: np.random.Generator,
    rows: int,
    path: dict[str, float],
    start: str,
    end: str,
    gone_rate: float,
    stock_from: str = "1988-01-01",
    min_age_days: int = 365,
    besides: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Founding and leaving dates of `rows` bodies whose existing count follows `path`.

    Parameters
    ----------
    rows : int
        How many bodies to date: those existing on `end` and those gone by then.
    path : dict
        Existing bodies by date (any unit: only its shape is used, `rows` fixes the level).
    start, end : str
        The dated span. Bodies existing on `start` (the stock) are founded uniformly from
        `stock_from` to the day before `start`; none leaves before `start`.
    gone_rate : float
        The share of existing bodies that leave per year; a body leaves at least
        `min_age_days` after its founding.
    besides : array of ``datetime64[D]``, optional
        Founding dates of bodies dated otherwise that count in `path` too (hubs): the
        `rows` fill the path up to them, so that all of them together follow it.

    Returns
    -------
    founded, gone : arrays of ``datetime64[D]``
        In a random order over the rows; `gone` is NaT for the bodies existing on `end`.
    """
    ends = month_ends(start, end)
    level = np.maximum.accumulate(path_at(path, ends))
    stock = path_at(path, day(start) - 1)
    if besides is not None and len(besides):
        # the path's level c such that c * path - besides needs `rows` (see rows_for)
        other = np.searchsorted(np.sort(besides), ends, side="right").astype(float)
        c = (rows + other[-1] + gone_rate / 12 * other.sum()) / (
            level[-1] + gone_rate / 12 * level.sum()
        )
        base = c * stock - np.searchsorted(np.sort(besides), day(start) - 1, side="right")
        level = np.maximum.accumulate(np.maximum(c * level - other, 0))
        stock = max(float(base), 0.0)
    out_rate = gone_rate / 12 * level
    total = level[-1] + out_rate.sum()
    if rows <= 0 or total <= 0:
        return np.full(rows, NAT), np.full(rows, NAT)
    new = np.diff(np.r_[stock, level]) + out_rate
    bucket = rng.permutation(systematic(rng, rows, np.r_[stock, np.maximum(new, 0)]))
    first = np.r_[day(start), ends[:-1] + 1]  # first day of each month
    lo = np.r_[day(stock_from), first][bucket]
    hi = np.r_[day(start) - 1, ends][bucket]
    founded = lo + (rng.random(rows) * ((hi - lo).astype(np.int64) + 1)).astype("timedelta64[D]")
    k_out = int(round(rows * out_rate.sum() / total))
    n_out = np.bincount(systematic(rng, k_out, out_rate), minlength=len(out_rate))
    gone = np.full(rows, NAT)
    for m in np.flatnonzero(n_out):
        ok = np.isnat(gone) & (founded <= first[m] - min_age_days)
        pool = np.flatnonzero(ok)
        pick = rng.choice(pool, size=min(int(n_out[m]), len(pool)), replace=False)
        span = (ends[m] - first[m]).astype(np.int64) + 1
        gone[pick] = first[m] + rng.integers(0, span, len(pick)).astype("timedelta64[D]")
    last = day(end)
    return np.minimum(founded, last), np.where(gone > last, last, gone)


def existing(founded: np.ndarray, gone: np.ndarray, when: str) -> np.ndarray:
    """Whether each body exists on `when`: founded on or before it, gone after it."""
    t = day(when)
    return (np.isnat(founded) | (founded <= t)) & (np.isnat(gone) | (gone > t))


def between_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniform random day in each ``[lo, hi]`` (``lo`` where ``hi < lo``)."""
    lo = np.asarray(lo, dtype="datetime64[D]")
    hi = np.asarray(hi, dtype="datetime64[D]")
    span = np.maximum((hi - lo).astype(np.int64), 0) + 1
    return lo + (rng.random(len(lo)) * span).astype(np.int64).astype("timedelta64[D]")


__all__ = [
    "NAT",
    "between_days",
    "day",
    "existing",
    "lifecycle",
    "month_ends",
    "path_at",
    "rows_for",
    "systematic",
]
