"""The loader's fast paths give what the slow ones give: packed identifiers, byte screens
before regular expressions, parsing per distinct value, row codes coded column by column.

Expected values are worked out by hand in each test (the bytes of ``"AB"`` are 0x41 0x42,
so packed little-endian they are 0x4241).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphgov import schema
from graphgov.load import checks, duplicates, keyset, rules
from graphgov.load.distinct import per_distinct
from graphgov.load.duplicates import row_codes, shared
from graphgov.load.keyset import KeySet
from graphgov.load.rawtable import RawTable
from graphgov.load.refs import KeyIndex
from graphgov.load.textbytes import (
    OTHER,
    all_in,
    edge_bytes,
    edges_in,
    fixed_length,
    iso_dates,
    pack,
)

OTHER_INT = int(OTHER)


def chunked(values: list[str | None], at: int) -> pa.ChunkedArray:
    """`values` as two chunks split at `at`, the second a slice (a non-zero offset)."""
    whole = pa.array(["pad", *values[at:]], pa.string())
    return pa.chunked_array(
        [pa.array(values[:at], pa.large_string()), whole.slice(1).cast(pa.large_string())]
    )


# --- textbytes -----------------------------------------------------------------------------


def test_fixed_length_needs_one_length_of_at_most_eight_bytes() -> None:
    assert fixed_length(pa.array(["P0000001", None, "P0000002"])) == 8
    assert fixed_length(pa.array(["P0000001", "P00000012"])) is None  # 8 and 9 bytes
    assert fixed_length(pa.array(["P00000012", "P00000013"])) is None  # 9 > 8
    assert fixed_length(pa.array(["é", "ab"])) == 2  # bytes, not characters: é is 2 bytes
    assert fixed_length(pa.array([None, None], pa.string())) is None  # no value at all
    assert fixed_length(pa.array(["", ""])) is None  # empty values are not packed
    assert fixed_length(chunked(["ab", "cd", "efg"], 2)) is None  # the lengths differ by chunk
    assert fixed_length(chunked(["ab", "cd", "ef"], 1)) == 2


def test_pack_reads_the_bytes_little_endian_and_marks_the_rest() -> None:
    packed = pack(pa.array(["AB", "BA", None, "ABC", "A", "é"]), 2)
    # "é" is the two bytes 0xC3 0xA9: packed 0xA9C3
    assert packed.tolist() == [0x4241, 0x4142, OTHER_INT, OTHER_INT, OTHER_INT, 0xA9C3]
    eight = pack(pa.array(["P0000001"]), 8)
    assert eight.tolist() == [int.from_bytes(b"P0000001", "little")]


def test_pack_of_chunks_and_slices_is_the_pack_of_the_values() -> None:
    values = ["ab", None, "cd", "ab", "xyz"]
    assert pack(chunked(values, 2), 2).tolist() == pack(pa.array(values), 2).tolist()
    assert pack(chunked(values, 2), 2).tolist() == [0x6261, OTHER_INT, 0x6463, 0x6261, OTHER_INT]


def test_pack_refuses_lengths_it_cannot_hold() -> None:
    with pytest.raises(ValueError):
        pack(pa.array(["123456789"]), 9)


def test_edge_bytes_and_screens() -> None:
    size, first, last = edge_bytes(chunked(["ab", "", None, "x"], 2))
    assert size.tolist() == [2, 0, -1, 1]
    assert first.tolist() == [97, 0, 0, 120]
    assert last.tolist() == [98, 0, 0, 120]
    digits = b"0123456789"
    assert edges_in(pa.array(["1e5", "e5", "15x", ""]), digits, digits).tolist() == [
        True,
        False,
        False,
        False,
    ]


def test_all_in_is_the_regular_expression_when_lengths_agree() -> None:
    digits = b"0123456789"
    values = ["330106001001", "33010600100a", None, "３３0106001001"]
    # the full-width digits make the last value longer than 12 bytes: the regex decides
    assert all_in(pa.array(values), 12, digits) is None
    assert all_in(pa.array(values[:3]), 12, digits).tolist() == [True, False, False]
    assert all_in(chunked(values[:3], 1), 12, digits).tolist() == [True, False, False]


# --- rules: the screened regular expressions ------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789eE+-.x é", max_size=8))))
def test_screened_scientific_notation_is_the_plain_regex(values: list[str | None]) -> None:
    series = pd.Series(values, dtype="string")
    plain = rules._flag(series, rules._SCIENTIFIC)
    assert rules.excel_scientific(series).tolist() == plain.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789a３", min_size=11, max_size=13))))
def test_twelve_digit_codes_on_bytes_are_the_plain_regex(values: list[str | None]) -> None:
    series = pd.Series(values, dtype="string")
    plain = rules._flag(series, r"[0-9]{12}")
    assert rules._fixed(series, b"0123456789", 12).tolist() == plain.tolist()


def test_division_code_failures_by_hand() -> None:
    codes = pd.Series(
        ["330106001001", "3.30106E+11", "330106001001.0", "33010600100"], dtype="string"
    )
    found = rules.division_code_failures(codes, "code")
    assert found["excel_mangled"].index.tolist() == [1, 2]
    assert found["bad_code"].tolist() == ["code 33010600100: not a 12-digit division code"]


# --- per distinct value ---------------------------------------------------------------------


def test_per_distinct_spreads_typed_values_and_failures_over_the_rows() -> None:
    values = pd.Series((["3", "x", None, "-2", "3"] * 2000), dtype="string")
    typed, bad = per_distinct(rules.parse_int, values, "n")
    whole_typed, whole_bad = rules.parse_int(values, "n")
    assert typed.dtype == "Int64"
    assert typed[:5].tolist() == [3, pd.NA, pd.NA, pd.NA, 3]
    assert typed.equals(whole_typed)
    # the same failures, row by row (the order of rows may differ)
    assert bad.sort_index().equals(whole_bad.sort_index())
    assert bad[1] == "n x: not a whole number" and bad[3] == "n -2: is negative"
    assert len(bad) == 4000


def test_per_distinct_of_a_column_of_missing_values() -> None:
    values = pd.Series([None] * 6000, dtype="string")
    typed, bad = per_distinct(rules.parse_bool, values, "flag")
    assert typed.isna().all() and typed.dtype == "boolean" and bad.empty


# --- row codes ------------------------------------------------------------------------------


def equal_pairs(codes: np.ndarray) -> set[tuple[int, int]]:
    return {
        (i, j) for i in range(len(codes)) for j in range(i + 1, len(codes)) if codes[i] == codes[j]
    }


def test_row_codes_of_packed_enumerated_and_hashed_columns() -> None:
    person = pd.Series(["P1", "P1", "P2", "P1", None, None], dtype="string")  # packed
    kind = pd.Series(["org", "org", "org", "party", "org", "org"], dtype="string")  # choices
    body = pd.Series(["B-long-1", "B-long-1", "B-long-1", "B-long-1", "x", "x"], dtype="string")
    codes = row_codes([person, kind, body], [None, ("org", "party"), None])
    # rows 0 and 1 are equal; rows 4 and 5 too (missing equals missing); no others
    assert equal_pairs(codes) == {(0, 1), (4, 5)}
    assert shared(codes).tolist() == [True, True, False, False, True, True]


def test_row_codes_of_one_packed_column_are_its_packed_values() -> None:
    codes = row_codes([pd.Series(["AB", "BA", "AB", None], dtype="string")])
    assert codes.tolist() == [0x4241, 0x4142, 0x4241, -1]  # OTHER read as int64 is -1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(["P1", "P2", "Q1"])),
            st.one_of(st.none(), st.sampled_from(["a", "b"])),
            st.one_of(st.none(), st.sampled_from(["x", "yy", "zzz"])),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_row_codes_are_equal_exactly_for_equal_rows(rows: list[tuple]) -> None:
    columns = [pd.Series([r[i] for r in rows], dtype="string") for i in range(3)]
    codes = row_codes(columns, [None, ("a", "b"), None])
    expected = {
        (i, j) for i in range(len(rows)) for j in range(i + 1, len(rows)) if rows[i] == rows[j]
    }
    assert equal_pairs(codes) == expected
    frame = pd.DataFrame({i: c for i, c in enumerate(columns)})
    assert shared(codes).tolist() == frame.duplicated(keep=False).tolist()


def test_iso_dates_on_bytes_by_hand() -> None:
    values = ["2024-02-29", "1900-02-29", "2000-02-29", "2023-02-29", "0000-01-01", "0001-01-01"]
    values += ["2024-04-31", "2024-04-30", "2024-00-10", "2024-13-01", "2024-12-00", "2024/12/01"]
    values += ["2024-1a-01", "9999-12-31", None, "２024-1-1"]  # the last: 10 bytes, full-width
    assert all(v is None or len(v.encode()) == 10 for v in values)
    expected = [True, False, True, False, False, True, False, True]
    expected += [False, False, False, False, False, True, False, False]
    assert iso_dates(chunked(values, 5)).tolist() == expected
    assert iso_dates(pa.array(["2024-02-29", "2024-2-29"])) is None  # 9 bytes: the caller parses


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789-", min_size=10, max_size=10), max_size=20))
def test_iso_dates_are_what_fromisoformat_reads(values: list[str]) -> None:
    def real(v: str) -> bool:
        if not rules._flag(pd.Series([v], dtype="string"), r"[0-9]{4}-[0-9]{2}-[0-9]{2}")[0]:
            return False
        try:
            return dt.date.fromisoformat(v).isoformat() == v
        except ValueError:
            return False

    assert iso_dates(pa.array(values, pa.string())).tolist() == [real(v) for v in values]


def test_parse_dates_on_bytes_and_per_distinct_value_agree() -> None:
    ten = ["2024-02-29", "2023-02-29", None, "2024-12-31"]  # every value 10 bytes: on bytes
    mixed = [*ten, "2024-1-31"]  # one of 9 bytes: per distinct value, as before
    typed, bad = rules.parse_dates(pd.Series(ten, dtype="string"), "start")
    assert typed.tolist() == ["2024-02-29", pd.NA, pd.NA, "2024-12-31"]
    assert bad.to_dict() == {1: "start 2023-02-29: not a real YYYY-MM-DD date"}
    typed2, bad2 = rules.parse_dates(pd.Series(mixed, dtype="string"), "start")
    assert typed2.tolist()[:4] == typed.tolist() and typed2.dtype == typed.dtype
    assert bad2.to_dict() == {
        1: "start 2023-02-29: not a real YYYY-MM-DD date",
        4: "start 2024-1-31: not a real YYYY-MM-DD date",
    }


def test_row_codes_of_long_values_of_one_length_by_digest(monkeypatch) -> None:
    ids = ["51330000MJJD94EN9H", None, "52330000094048688C", "51330000MJJD94EN9H", None]
    codes = row_codes([pd.Series(ids, dtype="string")])
    assert codes[0] == codes[3] and codes[1] == codes[4]  # equal values, and the missing ones
    assert len({codes[0], codes[1], codes[2]}) == 3
    assert duplicates._digest_codes(pa.array(["2024-01-01", "2024-1-1"])) is None  # two lengths
    assert duplicates._digest_codes(pa.array(["P0000001"])) is None  # 8 bytes: packed instead
    # two different values with one digest: the words differ, so pyarrow's codes are used
    monkeypatch.setattr(duplicates, "digest", lambda words: np.zeros(len(words), np.uint64))
    assert duplicates._digest_codes(pa.array(["2024-01-01", "2024-01-02"])) is None
    same = row_codes([pd.Series(["2024-01-01", "2024-01-02", "2024-01-01"], dtype="string")])
    assert same[0] == same[2] != same[1]


def test_id_screens_use_the_stripping_edges_only_when_nothing_was_trimmed() -> None:
    def mangled(ids: list[str]) -> tuple[list[str], bool]:
        frame = pd.DataFrame({"person_id": ids, "name": ["x"] * len(ids)}, dtype="string")
        raw = RawTable("people.csv", frame, np.arange(2, len(ids) + 2))
        check = checks.TableCheck(schema.TABLES["people"], raw)
        checks.check_columns(check)
        return check.reason.fillna("").tolist(), "person_id" in check.edges

    # nothing trimmed: the edges of stripping serve the screen ("" becomes missing)
    reasons = ["excel_mangled", "", "missing_value"]
    assert mangled(["9.13501E+17", "P0000001", ""]) == (reasons, True)
    # " 9.1E+17 " is trimmed to 9.1E+17: its edges are measured again, after trimming
    assert mangled([" 9.1E+17 ", "P0000001"]) == (["excel_mangled", ""], False)


# --- key look-ups ---------------------------------------------------------------------------


def test_key_index_of_packed_keys_finds_only_exact_keys() -> None:
    keys = KeyIndex("person", pd.Index(["P0000001", "P0000002"]), pd.Series(dtype=object))
    probe = pd.Series(
        ["P0000001", "P000001", "P00000011", "P0000003", None, "P0000002"], dtype="string"
    )
    at, rejected = keys.find(probe, np.ones(6, dtype=bool))
    assert at.tolist() == [0, -1, -1, -1, -1, 1]
    assert not rejected.any()
    at, rejected = keys.find(probe, np.array([False, True, False, False, True, True]))
    assert at.tolist() == [-1, -1, 1] and rejected.tolist() == [False, False, False]


def test_key_index_of_keys_of_several_lengths() -> None:
    rejected = pd.Series({"P9": "bad_enum at people.csv:4"})
    keys = KeyIndex("person", pd.Index(["P1", "P10"]), rejected)
    probe = pd.Series(["P1", "P10", "P9", "P100"], dtype="string")
    at, was_rejected = keys.find(probe, np.ones(4, dtype=bool))
    assert at.tolist() == [0, 1, -1, -1]
    assert was_rejected.tolist() == [False, False, True, False]
    at, was_rejected = keys.find(probe, np.array([False, True, True, False]))
    assert at.tolist() == [1, -1] and was_rejected.tolist() == [False, True]


def test_key_index_gives_the_level_of_the_accepted_key_found() -> None:
    codes = pd.Index(["330102001051", "330102001000"])
    levels = pd.Series(["township", "community"], index=codes[::-1])  # in another order
    keys = KeyIndex("region", codes, pd.Series(dtype=object), levels)
    probe = pd.Series(["330102001000", "330102001051"], dtype="string", index=[7, 9])
    at, _ = keys.find(probe, np.ones(2, dtype=bool))
    assert at.tolist() == [1, 0]
    assert keys.level_at(at).to_pylist() == ["township", "community"]


# --- keyset ---------------------------------------------------------------------------------


def test_keyset_of_one_length_over_several_words() -> None:
    # 18 bytes: three words, the last two bytes apart in the third only
    keys = ["51330000MJJD94EN9H", "51330000MJJD94EN9J", "52330000094048688C"]
    found = KeySet(pa.array(keys))
    assert found._groups is not None and [g.length for g in found._groups] == [18]
    probe = ["51330000MJJD94EN9J", "51330000MJJD94EN9", "51330000MJJD94EN9HX", None, keys[0]]
    assert found.positions(pa.array(probe)).tolist() == [1, -1, -1, -1, 0]
    assert found.contains(chunked(probe, 2)).tolist() == [True, False, False, False, True]
    rows = np.array([True, False, True, True, True])
    assert found.positions(chunked(probe, 2), rows).tolist() == [1, -1, -1, 0]


def test_keyset_of_several_lengths_gives_positions_among_all_keys() -> None:
    keys = KeySet(pa.array(["PB0000001", "PC330102001051", "PB0000002", "PZ330000000000"]))
    assert keys._groups is not None and [g.length for g in keys._groups] == [9, 14]
    probe = pa.array(["PZ330000000000", "PB0000002", "PB000000", "PC330102001051", "PB0000001"])
    assert keys.positions(probe).tolist() == [3, 2, -1, 1, 0]
    rows = np.array([True, False, True, True, False])
    assert keys.positions(probe, rows).tolist() == [3, -1, 1]


def test_keyset_of_non_ascii_keys_compares_their_bytes() -> None:
    keys = KeySet(pa.array(["西湖区", "上城区"]))  # 9 bytes of UTF-8 each
    probe = pa.array(["上城区", "西湖", "西湖区 ", "西湖区"])
    assert keys.positions(probe).tolist() == [1, -1, -1, 0]


def test_keyset_falls_back_to_pyarrow_for_long_or_many_lengths() -> None:
    long = KeySet(pa.array(["x" * 33, "y"]))  # 33 bytes: more than four words
    assert long._groups is None
    assert long.positions(pa.array(["y", "x" * 33, "x" * 32, None])).tolist() == [1, 0, -1, -1]
    many = KeySet(pa.array(["a", "bb", "ccc", "dddd", "eeeee"]))  # five lengths
    assert many._groups is None
    assert many.positions(pa.array(["eeeee", "bb", "b"])).tolist() == [4, 1, -1]
    last_two = np.array([False, True, True])
    assert many.positions(pa.array(["eeeee", "bb", "b"]), last_two).tolist() == [1, -1]
    empty = KeySet(pa.array([], pa.string()))
    assert empty.positions(pa.array(["a", None])).tolist() == [-1, -1]


def test_keyset_checks_every_word_when_digests_are_equal(monkeypatch) -> None:
    # every digest 0: a value of the key's length but other bytes must not be found
    monkeypatch.setattr(keyset, "digest", lambda words: np.zeros(len(words), np.uint64))
    one = KeySet(pa.array(["AAAAAAAAB"]))  # 9 bytes, two words
    assert one._groups is not None
    assert one.positions(pa.array(["AAAAAAAAB", "AAAAAAAAC", "BAAAAAAAB"])).tolist() == [0, -1, -1]
    two = KeySet(pa.array(["AAAAAAAAB", "AAAAAAAAC"]))  # the digests collide: pyarrow decides
    assert two._groups is None
    assert two.positions(pa.array(["AAAAAAAAC", "AAAAAAAAD"])).tolist() == [1, -1]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="AB01西", min_size=1, max_size=12), unique=True, max_size=30),
    st.lists(
        st.tuples(st.one_of(st.none(), st.text(alphabet="AB01西", max_size=12)), st.booleans()),
        max_size=30,
    ),
)
def test_keyset_positions_are_pyarrows_index_in(keys: list[str], probe: list[tuple]) -> None:
    values = [v for v, _ in probe]
    rows = np.array([r for _, r in probe], dtype=bool)
    found = KeySet(pa.array(keys, pa.string()))
    expected = pc.index_in(pa.array(values, pa.string()), value_set=pa.array(keys, pa.string()))
    expected = [-1 if v is None else v for v in expected.to_pylist()]
    assert found.positions(pa.array(values, pa.string())).tolist() == expected
    picked = [e for e, r in zip(expected, rows, strict=True) if r]
    assert found.positions(pa.array(values, pa.string()), rows).tolist() == picked


def test_member_of_few_values_among_many_keys_looks_the_keys_up() -> None:
    keys = pd.Index([f"K{i:03d}" for i in range(100)])  # K000 ... K099: 25 times the values
    values = pd.Series(["K007", None, "K100", "K007", "k007"], dtype="string")
    assert len(keys) > checks._FEW * len(values)  # the reversed look-up is the one tested
    assert checks.member(values, keys).tolist() == [True, False, False, True, False]
    assert checks.member(values[:0], keys).tolist() == []
