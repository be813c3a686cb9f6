"""The research export (§4.15): the same dataset, without the people in it.

:func:`export_dataset` copies a dataset and changes what is personal data:

- ``person_id`` (in people and posts) becomes a keyed pseudonym: ``H`` + the first
  :data:`PSEUDONYM_HEX` hex digits (80 bits) of HMAC-SHA256(key, person_id). The same key
  gives the same pseudonyms; another key gives pseudonyms that cannot be linked to these.
- people's ``name`` is dropped;
- ``home_community`` (where a resident Party member lives) becomes ``home_township``, the
  township it is in (a property: the contract's ``home_community`` must be a community);
- posts' ``start`` and ``end`` are coarsened to the month: ``start`` to its month's first
  day; ``end`` to the last day of the last month the post was held to its end (2020-12-31
  stays, 2020-12-15 becomes 2020-11-30). So on every month's last day (the dates analyses
  are usually asked on: year and month ends) a post is active in the export exactly when
  it is in the input, and every analysis gives the same numbers there. A post held within
  one month, on no month's last day, has no such form: it is left out, and counted;
- everything else (organizations, Party organizations, regions, covers, services,
  facilities; the roles and bodies of posts) is copied as it is: not personal data, and
  registered organizations are public.

Rows the input's validation rejects are copied as they are, so ``graphgov validate OUT``
says what it says of the input. The projections of the graph (interlock, appointments)
keep their shape: a person is one node before and after, with the same posts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from graphgov import schema
from graphgov.errors import DatasetError

__all__ = ["PSEUDONYM_HEX", "export_dataset", "pseudonym"]

#: Hex digits of the HMAC kept in a pseudonym (80 bits: no collision among 10^9 people is
#: to be expected).
PSEUDONYM_HEX = 20
_COPIED = ("dataset.toml", "targets.toml")


def pseudonym(key: bytes, person_id: str) -> str:
    """The pseudonym of `person_id` under `key`.

    >>> pseudonym(b"0123456789abcdef", "P0000001")
    'Hfdfe6f23d5b21577054d'
    """
    return _pseudonyms(key, [person_id])[0]


def _pseudonyms(key: bytes, person_ids: list[str]) -> list[str]:
    """:func:`pseudonym` of each of `person_ids`, the key's HMAC state computed once."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)
    out = []
    for person_id in person_ids:
        mac = keyed.copy()
        mac.update(str(person_id).encode("utf-8"))
        out.append("H" + mac.hexdigest()[:PSEUDONYM_HEX])
    return out


def _each_value(values: pd.Series, change: Callable[[list[str]], list[str]]) -> pd.Series:
    """Each of `values` changed by `change`, which is given the distinct values once (a
    list) and answers one value for each."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    changed = np.array(change(distinct.tolist()), dtype=object)
    return pd.Series(changed[codes], index=values.index, dtype=object)


def _each(change: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    return lambda values: [change(v) for v in values]


def _month_start(day: str) -> str:
    return day[:7] + "-01" if len(day) >= 7 else day


def _held_through(day: str) -> str:
    """The last month-end on or before `day` (an ISO date; other text is kept)."""
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return day
    if date.day == calendar.monthrange(date.year, date.month)[1]:
        return day
    return (date.replace(day=1) - dt.timedelta(days=1)).isoformat()


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype("string").fillna("").astype(object)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _township(code: str) -> str:
    return code[:9] + "000" if len(code) == 12 else code


Alias = Callable[[pd.Series], pd.Series]


def _people(frame: pd.DataFrame, alias: Alias) -> pd.DataFrame:
    out = frame.drop(columns=[c for c in ("name",) if c in frame])
    out["person_id"] = alias(out["person_id"])
    if "home_community" in out:
        out["home_township"] = _each_value(out.pop("home_community"), _each(_township))
    return out


def _posts(frame: pd.DataFrame, alias: Alias) -> tuple[pd.DataFrame, int]:
    """The posts pseudonymised and coarsened, and how many were left out (held within one
    month: their coarsened end would come before their start)."""
    out = frame.copy()
    out["person_id"] = alias(out["person_id"])
    if "start" in out:
        out["start"] = _each_value(out["start"], _each(_month_start))
    if "end" in out:
        out["end"] = _each_value(out["end"], _each(_held_through))
    if "start" in out and "end" in out:
        within = (out["start"] != "") & (out["end"] != "") & (out["end"] < out["start"])
        within &= frame["end"] >= frame["start"]  # a row the input itself rejects stays
        return out[~within], int(within.sum())
    return out, 0


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """`frame` (text columns) as pandas writes it (``to_csv(index=False)``): the header by
    pandas, the rows by Arrow's writer, several times faster, which refuses any value that
    would need quotes (a comma, a quote, a line break): then pandas writes it all."""
    if len(frame.columns) > 1:  # pandas writes an empty single-column row as ""
        try:
            rows = pa.Table.from_pandas(frame, preserve_index=False)
            with open(path, "wb") as out:
                out.write(frame.iloc[:0].to_csv(index=False).encode("utf-8"))
                pa_csv.write_csv(
                    rows, out, pa_csv.WriteOptions(include_header=False, quoting_style="none")
                )
            return
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    frame.to_csv(path, index=False)


def export_dataset(source: str | Path, out: str | Path, key: bytes) -> dict[str, int]:
    """Write the research export of dataset `source` into `out` (created); the rows written
    per table, and ``posts_within_a_month``: the posts left out."""
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise DatasetError(f"{source}: not a dataset directory")
    known: dict[str, str] = {"": ""}  # person id -> pseudonym, shared by people and posts

    def pseudonyms(person_ids: list[str]) -> list[str]:
        new = [i for i in person_ids if i not in known]
        known.update(zip(new, _pseudonyms(key, new), strict=True))
        return [known[i] for i in person_ids]

    def alias(person_ids: pd.Series) -> pd.Series:
        return _each_value(person_ids, pseudonyms)

    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in schema.TABLE_ORDER:
        found = [
            source / f"{table}{s}"
            for s in (".csv", ".parquet")
            if (source / f"{table}{s}").exists()
        ]
        if not found:
            continue
        frame = _read(found[0])
        if table == "people":
            frame = _people(frame, alias)
        elif table == "posts":
            frame, written["posts_within_a_month"] = _posts(frame, alias)
        _write_csv(frame, out / f"{table}.csv")
        written[table] = len(frame)
    for name in _COPIED:
        if (source / name).exists():
            (out / name).write_bytes((source / name).read_bytes())
    return written
