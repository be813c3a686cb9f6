"""The bytes of a CSV file as UTF-8: decoded strictly, a wrong encoding named, never guessed.

UTF-8 files (the default) are checked by pyarrow and handed to the parser as they are, a
BOM removed; :func:`utf8_error` names the first bad byte and its line if they are not UTF-8.
A file read with another encoding (``--encoding gb18030``) is decoded here, and a line that
is UTF-8 text holding a character from U+0800 up (CJK in UTF-8 is three bytes) stops the
read: decoded as GB18030 it would be mojibake. GBK text only rarely forms such a sequence
by chance (``省`` alone is a valid two-byte UTF-8 sequence, hence the U+0800 floor).
"""

from __future__ import annotations

import codecs

import numpy as np
import pyarrow as pa

from graphgov.errors import DatasetError

__all__ = ["line_of", "to_utf8", "utf8_error"]

_BOM = codecs.BOM_UTF8


def to_utf8(file: str, data: bytes, encoding: str | None) -> bytes:
    """`data` (the bytes of file `file`) as UTF-8 without a BOM.

    Raises
    ------
    DatasetError
        An unknown encoding; bytes that are not valid in `encoding`; a line that is UTF-8
        inside a file read with another encoding.
    """
    codec = _codec(file, encoding)
    if codec == "utf-8":
        data = data[len(_BOM) :] if data.startswith(_BOM) else data
        whole = pa.Array.from_buffers(
            pa.large_binary(),
            1,
            [None, pa.py_buffer(np.array([0, len(data)], dtype=np.int64)), pa.py_buffer(data)],
        )
        try:
            whole.cast(pa.large_string())  # pyarrow's UTF-8 check, without a copy
        except pa.ArrowInvalid as err:
            raise utf8_error(file, data, encoding) from err
        return data
    if "\n".encode(codec) == b"\n":  # ASCII-compatible: lines can be looked at one by one
        _refuse_utf8_lines(file, data, encoding or codec)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise DatasetError(
            f"{file}: not valid {encoding} ({_where(data, err.start)}); "
            "save it in one encoding and name it with --encoding"
        ) from err
    return text.encode("utf-8")


def _codec(file: str, encoding: str | None) -> str:
    """The normalised codec name; ``utf-8`` for UTF-8 with or without a BOM."""
    if encoding is None:
        return "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError as err:
        raise DatasetError(f"{file}: unknown encoding {encoding!r}") from err
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


def utf8_error(file: str, data: bytes, encoding: str | None) -> DatasetError:
    """The error for UTF-8 input that does not decode: where, and what it looks like."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        where = _where(data, err.start)
    else:  # the parser disagrees with Python: still say which file
        where = "invalid UTF-8"
    if encoding is None:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            return DatasetError(
                f"{file}: not UTF-8; it looks like GBK/GB18030 (an Excel export?) ({where}). "
                "Rerun with --encoding gb18030"
            )
        return DatasetError(
            f"{file}: not UTF-8 ({where}); save it as UTF-8 or name its encoding with --encoding"
        )
    return DatasetError(f"{file}: not valid {encoding} ({where})")


def line_of(data: bytes, offset: int) -> int:
    """The physical line (from 1) of byte `offset`; ``\\n``, ``\\r\\n`` and ``\\r`` end lines.

    >>> line_of(b"a\\r\\nb\\rc\\nd", 7)
    4
    """
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _where(data: bytes, offset: int) -> str:
    return f"byte 0x{data[offset]:02x} at offset {offset}, line {line_of(data, offset)}"


def _refuse_utf8_lines(file: str, data: bytes, encoding: str) -> None:
    """Stop if some line of `data` is UTF-8 text rather than `encoding`."""
    utf8: list[int] = []
    other = 0
    for number, line in enumerate(data.splitlines(), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other += 1
            continue
        if max(text) >= "\u0800":
            utf8.append(number)
    if not utf8:
        return
    if not other:
        raise DatasetError(
            f"{file}: this file is UTF-8, not {encoding} (every line with non-ASCII text "
            "decodes as UTF-8); read it without --encoding, which applies to every CSV file"
        )
    shown = ", ".join(str(n) for n in utf8[:5]) + (", ..." if len(utf8) > 5 else "")
    raise DatasetError(
        f"{file}:{utf8[0]}: UTF-8 text in a file read as {encoding} (line(s) {shown}); "
        f"it would be mojibake. Save the whole file in one encoding"
    )
