"""Single-value rules of the loader (graphgov.load.rules), on hand-made values."""

from __future__ import annotations

import pandas as pd
import pytest
from minidata import FOUNDATION_ID, GROUP_ID, OTHER_ID, SERVICE_ID, uscc

from graphgov.codes import is_valid_uscc, uscc_check_char
from graphgov.load import rules


def s(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def verdicts(ids: list[str], kinds: list[str]) -> dict[str, str]:
    """org_id -> reason_code for the ids that fail."""
    found = rules.uscc_failures(s(*ids), s(*kinds))
    return {ids[i]: code for code, failures in found.items() for i in failures.index}


# --- USCC -----------------------------------------------------------------------------------


def test_valid_codes_of_every_registered_kind_pass():
    ids = [GROUP_ID, SERVICE_ID, FOUNDATION_ID, OTHER_ID, OTHER_ID]
    kinds = ["social_group", "social_service", "foundation", "foundation", "social_group"]
    assert all(is_valid_uscc(i) for i in ids)
    assert verdicts(ids, kinds) == {}


def test_wrong_check_character_names_both_characters():
    good = uscc("51330106MJ0000007")
    wrong = "0" if good[-1] != "0" else "1"
    bad = good[:17] + wrong
    found = rules.uscc_failures(s(bad), s("social_group"))
    assert list(found) == ["uscc_check"]
    expected = f"org_id {bad}: USCC check character is {wrong}, expected {good[-1]}"
    assert found["uscc_check"].iloc[0] == expected


def test_standard_example_is_valid_but_not_a_civil_affairs_code():
    example = "91350100M000100Y43"  # GB 32100-2015's own example: an enterprise
    assert is_valid_uscc(example)
    found = rules.uscc_failures(s(example), s("social_group"))
    assert list(found) == ["uscc_authority"]
    assert "registration authority is 9, not 5" in found["uscc_authority"].iloc[0]


def test_category_must_fit_kind():
    assert verdicts([SERVICE_ID], ["social_group"]) == {SERVICE_ID: "uscc_category"}
    assert verdicts([GROUP_ID], ["foundation"]) == {GROUP_ID: "uscc_category"}
    found = rules.uscc_failures(s(GROUP_ID), s("foundation"))
    assert (
        "category 1 does not fit kind foundation (expected 3 or 9)"
        in found["uscc_category"].iloc[0]
    )


def test_not_uscc_shaped():
    lower = GROUP_ID.lower()
    ids = ["5133010650000", GROUP_ID[:17] + "I", lower]
    assert verdicts(ids, ["social_group"] * 3) == dict.fromkeys(ids, "bad_uscc")
    found = rules.uscc_failures(s(lower), s("social_group"))
    assert "lower-case" in found["bad_uscc"].iloc[0]


def _all_digit_body(last: str) -> str:
    """A 17-digit civil-affairs body whose check character is `last`."""
    for serial in range(100_000):
        body = f"5133010650{serial:05d}00"
        if uscc_check_char(body) == last:
            return body
    raise AssertionError("no such body")


def test_excel_zeroed_code_is_reported_as_mangled():
    body = _all_digit_body("7")  # a real all-digit code ending 007
    real = body + "7"
    assert is_valid_uscc(real)
    zeroed = real[:15] + "000"
    assert verdicts([zeroed], ["social_group"]) == {zeroed: "excel_mangled"}
    assert rules.excel_zeroed(s(zeroed, real, None)).tolist() == [True, False, False]


def test_all_digit_code_ending_000_that_verifies_is_fine():
    code = _all_digit_body("0") + "0"
    assert code.endswith("000") or code[15:] != "000"
    assert verdicts([code], ["social_group"]) == {}


def test_excel_scientific_notation():
    values = s("9.13501E+17", "3.30106E+11", "9.13501e+17", "C1", "330106001001", None)
    assert rules.excel_scientific(values).tolist() == [True, True, True, False, False, False]


# --- division codes -------------------------------------------------------------------------


def test_division_code_rules():
    values = s("330106001001", "3.30106E+11", "330106001001.0", "33010600100", "33010600100A", None)
    found = rules.division_code_failures(values, "code")
    assert sorted(found["excel_mangled"].index) == [1, 2]
    assert sorted(found["bad_code"].index) == [3, 4]
    assert (
        found["excel_mangled"][2]
        == "code 330106001001.0: ends in .0: a spreadsheet stored it as a number"
    )
    assert found["bad_code"][3] == "code 33010600100: not a 12-digit division code"


# --- dates, booleans, numbers, enumerations -------------------------------------------------


def test_dates_must_be_real_iso_dates():
    typed, failures = rules.parse_dates(
        s("2023-02-28", "2023-02-30", "2023-2-3", "2024/01/01", None), "start"
    )
    assert typed.tolist()[0] == "2023-02-28"
    assert sorted(failures.index) == [1, 2, 3]
    assert failures[1] == "start 2023-02-30: not a real YYYY-MM-DD date"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("Yes", True),
        ("no", False),
        ("是", True),
        ("否", False),
    ],
)
def test_booleans(text, value):
    typed, failures = rules.parse_bool(s(text), "party_member")
    assert failures.empty
    assert typed.iloc[0] is value or bool(typed.iloc[0]) == value
    assert str(typed.dtype) == "boolean"


def test_bad_boolean():
    typed, failures = rules.parse_bool(s("maybe", None), "party_member")
    assert list(failures.index) == [0]
    assert pd.isna(typed.iloc[1])


def test_ints():
    typed, failures = rules.parse_int(s("3", "3.0", "-1", "x", None), "party_members")
    assert typed.tolist()[:2] == [3, 3]
    assert str(typed.dtype) == "Int64"
    assert failures[2] == "party_members -1: is negative"
    assert failures[3] == "party_members x: not a whole number"


def test_floats():
    typed, failures = rules.parse_float(s("1000.5", "1e3", "-5", "abc"), "amount_cny")
    assert typed.tolist()[:2] == [1000.5, 1000.0]
    assert sorted(failures.index) == [2, 3]


def test_enums_ignore_case():
    typed, failures = rules.parse_enum(s("Urban", "rural", "town"), ("urban", "rural"), "area_type")
    assert typed.tolist()[:2] == ["urban", "rural"]
    assert failures.to_dict() == {2: "area_type town: not one of urban|rural"}


def test_bad_period():
    failures = rules.bad_period(
        s("2020-01-01", "2021-01-01", None), s("2019-12-31", "2022-01-01", "2000-01-01")
    )
    assert failures.to_dict() == {0: "start 2020-01-01 is after end 2019-12-31"}
