"""Property-based tests of the CSV reader: what pandas writes reads back exactly, with the
line each row starts on counted by hand (header = line 1, every ``\\n``, ``\\r\\n`` or lone
``\\r`` inside a value adds a line, blank lines count as lines but are not rows).

pandas quotes a value for the characters of its own line terminator only: written with
``\\n`` endings, a value holding a lone ``\\r`` is left bare, and ``a\\rb`` is then
indistinguishable from two lines of a CR-only file (which the reader must read). Such a file
is ambiguous for any reader; with minimal quoting the tables drawn here therefore hold no
bare line-break character other than those of their terminator (``\\r\\n`` endings and
``QUOTE_ALL`` quote both, and the values keep every kind of break)."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphgov.load.readers import read_table_file

#: Text with what makes CSV hard, often: quotes, commas, every line break, spaces, empties.
HARD = st.sampled_from(['"', ",", "\n", "\r", "\r\n", " ", '""', "\t", "\ufeff", "\x00", "长"])
VALUES = st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), HARD), max_size=12).map(
    "".join
)
_BREAK = re.compile(r"\r\n|\r|\n")


@st.composite
def written(draw) -> tuple[pd.DataFrame, str, str]:
    """A table of 1 to 4 text columns and 0 to 8 rows, its line ending, and its CSV text."""
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(VALUES, min_size=width, max_size=width), max_size=8))
    frame = pd.DataFrame(rows, columns=[f"c{i}" for i in range(width)], dtype=object)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    if quoting == csv.QUOTE_MINIMAL and ending != "\r\n":  # see the module docstring
        bare = "\r" if ending == "\n" else "\n"
        frame = frame.map(lambda v: v.replace(bare, ending))
    return frame, ending, frame.to_csv(index=False, lineterminator=ending, quoting=quoting)


def breaks(text: str) -> int:
    return len(_BREAK.findall(text))


def expected_lines(frame: pd.DataFrame, blank_after: set[int] = frozenset()) -> list[int]:
    """The line each row starts on, worked out from the values (see the module)."""
    lines, line = [], 2
    for i, row in enumerate(frame.itertuples(index=False)):
        lines.append(line)
        line += 1 + sum(breaks(v) for v in row) + (i in blank_after)
    return lines


def read_back(text: str) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(text.encode("utf-8"))
        return read_table_file(path)


def assert_same(raw, frame: pd.DataFrame) -> None:
    assert list(raw.frame.columns) == list(frame.columns)
    for column in frame.columns:
        assert raw.frame[column].tolist() == frame[column].tolist(), column


_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(written())
def test_what_pandas_writes_reads_back_identically(case):
    frame, _, text = case
    raw = read_back(text)
    assert_same(raw, frame)
    assert raw.lines.tolist() == expected_lines(frame)
    assert raw.n_fields.tolist() == [len(frame.columns)] * len(frame)


@_SETTINGS
@given(written(), st.data())
def test_blank_lines_between_rows_shift_lines_but_are_not_rows(case, data):
    frame, ending, text = case
    records = _records(text, ending, len(frame))
    after = data.draw(
        st.sets(st.integers(0, max(len(frame) - 1, 0))) if len(frame) else st.just(set())
    )
    out = records[0] + "".join(
        r + (ending if i in after else "") for i, r in enumerate(records[1:])
    )
    raw = read_back(out)
    assert_same(raw, frame)
    assert raw.lines.tolist() == expected_lines(frame, after)


@_SETTINGS
@given(written())
def test_row_like_lines_inside_a_value_are_reported_exactly(case):
    frame, _, text = case
    raw = read_back(text)
    need = max(len(frame.columns) - 1, 1)
    flagged = {
        i
        for i, row in enumerate(frame.itertuples(index=False))
        if any(part.count(",") >= need for v in row for part in _BREAK.split(v)[1:])
    }
    reported = {int(i) for _, found in raw.problems for i in found.index}
    assert reported == flagged


def _records(text: str, ending: str, n: int) -> list[str]:
    """`text` (header + `n` rows written by pandas) cut into its header and records, each
    with its line ending, by walking the quotes."""
    out, start, quoted, i = [], 0, False, 0
    while i < len(text):
        if text[i] == '"':
            quoted = not quoted
        elif not quoted and text.startswith(ending, i):
            i += len(ending)
            out.append(text[start:i])
            start = i
            continue
        i += 1
    assert len(out) == n + 1, (text, out)
    return out
