"""Cell values as registry exports write them: dates in every form, numbers, value maps.

Every reader here takes the text of one cell and returns the contract's value, or raises
:class:`CellError` with a reason a reviewer can act on; the importer turns that into a
reject that quotes the source cell.

Dates
-----
``2019-03-01``, ``2019/3/1``, ``2019.3.1``, ``2019年3月1日``, ``20190301``, a timestamp
(``2019-03-01 00:00:00``), and Excel serial numbers (``43525``: days since 1899-12-30, the
1900 date system; read only between 1 and 109,574, i.e. up to 2199-12-31). Full-width digits
are read as digits (NFKC).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

__all__ = ["CellError", "map_value", "normal_text", "parse_count", "parse_date", "plain_text"]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 109_574  # 2199-12-31
_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<m8>\d{2})(?P<d8>\d{2}))"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)


class CellError(ValueError):
    """A cell that cannot be read: ``reason`` is a reason code, the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def normal_text(text: object) -> str:
    """NFKC, trimmed, inner runs of spaces kept as one: how values are compared.

    >>> normal_text(" 社会团体\\u3000"), normal_text("ＡＢＣ  d")
    ('社会团体', 'ABC d')
    """
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


def plain_text(text: object) -> str:
    """A text cell as it is kept: trimmed, runs of spaces (full-width too) as one, and
    otherwise as written (full-width brackets stay: 艾溪（西湖）社区 is the NBS name).

    >>> plain_text(" 艾溪（西湖）社区\u3000 书画社 ")
    '艾溪（西湖）社区 书画社'
    """
    return " ".join(str(text).split())


def parse_date(text: str) -> str:
    """The ISO date a cell holds, or ``""`` for an empty cell.

    >>> [parse_date(t) for t in ["2019-03-01", "2019/3/1", "2019年3月1日", "43525", ""]]
    ['2019-03-01', '2019-03-01', '2019-03-01', '2019-03-01', '']
    >>> parse_date("2019-02-30")
    Traceback (most recent call last):
    graphgov.importer.values.CellError: '2019-02-30' is not a real date
    """
    value = normal_text(text)
    if not value:
        return ""
    if value.isdigit() and len(value) <= 6:
        serial = int(value)
        if not 1 <= serial <= _MAX_SERIAL:
            raise CellError(
                "bad_date", f"{text!r} is not a date (as an Excel serial: out of range)"
            )
        return (_EXCEL_EPOCH + dt.timedelta(days=serial)).isoformat()
    m = _DATE.fullmatch(value)
    if m is None:
        raise CellError(
            "bad_date", f"{text!r} is not a date (2019-03-01, 2019/3/1, 2019年3月1日, a serial)"
        )
    month, day = (m["m"], m["d"]) if m["m"] else (m["m8"], m["d8"])
    try:
        return dt.date(int(m["y"]), int(month), int(day)).isoformat()
    except ValueError:
        raise CellError("bad_date", f"{text!r} is not a real date") from None


def parse_count(text: str) -> str:
    """A count of people (党员人数): a whole number ≥ 0 as text, ``""`` for an empty cell.

    >>> parse_count("12"), parse_count("１２人"), parse_count("")
    ('12', '12', '')
    """
    value = normal_text(text).removesuffix("人").removesuffix("名").strip()
    if not value:
        return ""
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isascii() or not value.isdigit():
        raise CellError("bad_number", f"{text!r} is not a whole number")
    return str(int(value))


def map_value(text: str, values: Mapping[str, str], column: str) -> str:
    """`text` through a value map (keys compared as :func:`normal_text`), ``""`` if empty.

    >>> map_value("民办非企业单位", {"民办非企业单位": "social_service"}, "kind")
    'social_service'
    >>> map_value("协会", {"社会团体": "social_group"}, "kind")
    Traceback (most recent call last):
    graphgov.importer.values.CellError: kind: '协会' is not in the value map (社会团体)
    """
    value = normal_text(text)
    if not value:
        return ""
    if value in values:
        return values[value]
    known = "、".join(values)
    raise CellError("value_unmapped", f"{column}: {text!r} is not in the value map ({known})")
