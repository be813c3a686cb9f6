"""Property-based tests (hypothesis) of the value parsers, the hierarchy checks, the
joint-branch packer and targets.toml: whatever the input, they never raise, and their
invariants hold.

Each property states its oracle in plain Python, written independently of the code under
test (``int()``, ``datetime.date``, a walk along the parent links)."""

from __future__ import annotations

import datetime as dt
import math
import re
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from graphgov import schema
from graphgov.analyses.joint_branches import MAX_ORGS, MIN_MEMBERS, pack
from graphgov.load import rules
from graphgov.load.checks import TableCheck, check_columns
from graphgov.load.readers import RawTable
from graphgov.load.refs import LOST, ROOT, check_hierarchy, find_cycles, reaches_root
from graphgov.meta import FULLWIDTH, TARGET_KEYS, Targets, parse_date

FAST = settings(deadline=None, max_examples=100)
ASCII_DIGITS = "0123456789"
WIDE_DIGITS = "０１２３４５６７８９"
#: Text that is often number- or date-like: digits of several scripts, signs, dots, dashes.
NUMBERISH = st.text(
    alphabet=st.sampled_from(list(ASCII_DIGITS + WIDE_DIGITS + "٣३²+-.eE－．/ :TWinfa")),
    min_size=1,
    max_size=14,
)
ANY_TEXT = st.one_of(st.text(min_size=1, max_size=20), NUMBERISH)


def lists(elements: st.SearchStrategy, min_size: int = 0, **kw) -> st.SearchStrategy:
    """Short lists (a column of a few rows): enough for the parsers, quick to run."""
    return st.lists(elements, min_size=min_size, max_size=kw.pop("max_size", 8), **kw)


def series(values: list[str | None]) -> pd.Series:
    return pd.Series(values, dtype="string")


def widen(text: str) -> str:
    """`text` with its ASCII digits and hyphens in full-width forms."""
    return text.translate(str.maketrans(ASCII_DIGITS + "-", WIDE_DIGITS + "－"))


def failing_rows(failures: pd.Series | dict[str, pd.Series]) -> list:
    """The row labels of the failures (of every reason, for a dict)."""
    parts = failures.values() if isinstance(failures, dict) else [failures]
    return [label for part in parts for label in part.index]


# --- division codes -------------------------------------------------------------------------


@FAST
@given(lists(st.text(alphabet=ASCII_DIGITS, min_size=12, max_size=12), min_size=1))
def test_any_twelve_ascii_digits_are_a_code(codes: list[str]):
    assert failing_rows(rules.division_code_failures(series(codes), "code")) == []


@FAST
@given(lists(st.one_of(st.none(), ANY_TEXT, st.text(alphabet=WIDE_DIGITS, min_size=12))))
def test_anything_else_is_rejected_once_with_a_reason(values: list[str | None]):
    failures = rules.division_code_failures(series(values), "code")
    bad = failing_rows(failures)
    expected = [
        i for i, v in enumerate(values) if v is not None and not re.fullmatch("[0-9]{12}", v, re.A)
    ]
    assert sorted(bad) == expected  # each failing row once, under one reason
    for detail in pd.concat(list(failures.values())):
        assert detail.startswith("code ")


# --- dates ----------------------------------------------------------------------------------


def real_date(text: str) -> str | None:
    """The oracle: `text` (full-width folded) as an ISO date, or None."""
    text = text.translate(FULLWIDTH)
    shape = len(text) == 10 and text[4] == "-" and text[7] == "-"
    parts = (text[:4], text[5:7], text[8:]) if shape else ()
    if not parts or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


@FAST
@given(lists(st.dates(), min_size=1), st.booleans())
def test_every_real_date_is_accepted_and_round_trips(dates: list[dt.date], wide: bool):
    text = [widen(d.isoformat()) if wide else d.isoformat() for d in dates]
    typed, failures = rules.parse_dates(series(text), "d")
    assert failures.empty
    assert typed.tolist() == [d.isoformat() for d in dates]
    assert [dt.date.fromisoformat(t) for t in typed] == dates
    assert [parse_date(t) for t in text] == [d.isoformat() for d in dates]


DATEISH = st.one_of(
    ANY_TEXT,
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),  # real and unreal (2023-02-30) dates
    st.dates().map(lambda d: d.isoformat() + "Z"),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
)


@FAST
@given(lists(st.one_of(st.none(), DATEISH)))
def test_anything_else_is_not_a_date(values: list[str | None]):
    typed, failures = rules.parse_dates(series(values), "d")
    expected = [None if v is None else real_date(v) for v in values]
    assert [None if pd.isna(t) else t for t in typed] == expected
    assert sorted(failures.index) == [
        i for i, v in enumerate(values) if v is not None and expected[i] is None
    ]
    for value, want in zip(values, expected, strict=True):
        if value is not None and want is None:
            try:
                parse_date(value)
            except ValueError:
                continue
            raise AssertionError(f"parse_date accepted {value!r}")


# --- whole numbers and numbers --------------------------------------------------------------


@FAST
@given(lists(st.one_of(st.none(), ANY_TEXT)))
def test_int_parser_never_raises_and_accepted_ints_equal_int_of_the_text(values):
    typed, failures = rules.parse_int(series(values), "n")
    bad = set(failures.index)
    assert len(bad) == len(failures)  # one failure per rejected row
    for i, (value, got) in enumerate(zip(values, typed, strict=True)):
        if value is None:
            assert pd.isna(got) and i not in bad
        elif pd.isna(got):
            assert i in bad
        else:
            assert i not in bad
            whole = value.translate(FULLWIDTH).split(".")[0]
            assert got == int(whole) >= 0
            assert len(whole.lstrip("+")) <= 15 and whole.lstrip("+").isascii()


@FAST
@given(lists(st.integers(0, 10**15 - 1), min_size=1), st.booleans())
def test_every_whole_number_is_accepted(numbers: list[int], wide: bool):
    text = [widen(str(n)) if wide else str(n) for n in numbers]
    typed, failures = rules.parse_int(series(text), "n")
    assert failures.empty and typed.tolist() == numbers


@FAST
@given(lists(st.one_of(st.none(), ANY_TEXT, st.floats().map(repr))))
def test_float_parser_never_raises_and_accepts_only_finite_numbers(values):
    typed, failures = rules.parse_float(series(values), "x")
    bad = set(failures.index)
    assert len(bad) == len(failures)
    for i, (value, got) in enumerate(zip(values, typed, strict=True)):
        if value is None:
            assert pd.isna(got) and i not in bad
            continue
        assert pd.isna(got) == (i in bad)
        text = value.translate(FULLWIDTH)
        try:
            number = float(text)
        except ValueError:
            number = None
        ok = number is not None and math.isfinite(number) and not text.startswith("-")
        ok = ok and not re.search(r"[^0-9eE.+-]", text)  # float() also takes " 1_0 ", "inf"
        assert (not pd.isna(got)) == ok, value
        if ok:
            assert got == number >= 0


# --- the hierarchy: cycles and chains -------------------------------------------------------

PARENT_MAPS = st.integers(1, 40).flatmap(
    lambda n: lists(st.integers(LOST, n - 1), min_size=n, max_size=n).map(np.array)
)


def orbit(up: np.ndarray, node: int) -> list[int] | None:
    """The oracle: the cycle through `node` (following parents), or None."""
    seen, at = [], node
    for _ in range(len(up)):
        seen.append(at)
        at = int(up[at])
        if at < 0:
            return None
        if at == node:
            return seen
    return None


def reaches(up: np.ndarray, node: int) -> bool:
    at = node
    for _ in range(len(up) + 1):
        if at == ROOT:
            return True
        if at == LOST:
            return False
        at = int(up[at])
    return False


@FAST
@given(PARENT_MAPS)
def test_cycle_finder_reports_exactly_the_nodes_on_cycles_once(up: np.ndarray):
    found = find_cycles(up)
    assert found.shape == up.shape  # one number per node: the output is linear
    for node in range(len(up)):
        cycle = orbit(up, node)
        assert found[node] == (min(cycle) if cycle else -1)
    for low in set(found[found >= 0].tolist()):
        assert sorted(np.flatnonzero(found == low)) == sorted(orbit(up, low))
    assert reaches_root(up).tolist() == [reaches(up, n) for n in range(len(up))]


def party_check(up: np.ndarray) -> TableCheck:
    """party_orgs rows ``K0, K1, ...`` whose parents are given by `up`."""
    keys = [f"K{i}" for i in range(len(up))]
    parents = [keys[p] if p >= 0 else ("" if p == ROOT else "NOWHERE") for p in up]
    frame = pd.DataFrame(
        {
            "party_org_id": keys,
            "name": keys,
            "kind": "branch",
            "parent_id": parents,
            "region_code": "330106001000",
        },
        dtype="string",
    )
    raw = RawTable("party_orgs.csv", frame, np.arange(2, len(up) + 2))
    check = TableCheck(schema.TABLES["party_orgs"], raw)
    check_columns(check)
    return check


@FAST
@given(PARENT_MAPS)
def test_check_hierarchy_rejects_what_reaches_no_root_with_one_description_per_cycle(up):
    check = party_check(up)
    check_hierarchy(check, "parent_id", "unknown_party_org", "Party organization", "party_cycle")
    cycles = {tuple(sorted(c)) for n in range(len(up)) if (c := orbit(up, n))}
    for node in range(len(up)):
        reason, detail = check.reason[node], check.detail[node]
        if reaches(up, node):
            assert pd.isna(reason)
        elif orbit(up, node):
            assert reason == "party_cycle"
            assert f"a cycle of {len(orbit(up, node)):,} parent_id link" in detail
        elif up[node] == LOST:
            assert (reason, detail) == (
                "unknown_party_org",
                "parent_id NOWHERE: no such Party organization",
            )
        else:
            assert reason == "parent_rejected"
        assert pd.isna(detail) or len(detail) <= 150  # bounded, whatever the cycle's length
    described = {check.detail[n].split(": on ")[1] for n in range(len(up)) if orbit(up, n)}
    assert len(described) == len(cycles)


# --- the joint-branch packer ----------------------------------------------------------------

TOWNSHIPS = ["330106001000", "330106002000", None]  # None: based above township level
SUPERIORS = ["PA", "PB", None]  # None: no responsible Party organization
CANDIDATES = lists(
    st.tuples(
        st.integers(1, 2),
        st.sampled_from(TOWNSHIPS),
        st.sampled_from(SUPERIORS),
        st.sampled_from(["elderly_care", "culture_sports", None]),
    ),
    max_size=40,
)
BRANCHES = lists(
    st.tuples(st.sampled_from(TOWNSHIPS[:2]), st.sampled_from(SUPERIORS[:2]), st.integers(1, 4)),
    max_size=4,
)


def _context(cand: list[tuple], branches: list[tuple]) -> pd.DataFrame:
    """What pack reads: candidates (an above-township one pools under the county) and
    existing joint branches with room."""
    rows = [
        {"row": "candidate", "id": f"O{i:02d}", "party_members": m, "domain": d,
         "township_code": t, "superior": s, "pool": None if t else "330106000000"}
        for i, (m, t, s, d) in enumerate(cand)
    ] + [
        {"row": "branch", "id": f"PJ{i}", "township_code": t, "superior": s, "room": r}
        for i, (t, s, r) in enumerate(branches)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["row", "id", "party_members", "domain",
                                       "township_code", "superior", "pool", "room"])  # fmt: skip


@FAST
@given(CANDIDATES, BRANCHES)
def test_every_candidate_is_placed_once_and_the_limits_hold(cand: list, branches: list):
    context = _context(cand, branches)
    out = pack(context)
    ids = context.loc[context["row"] == "candidate", "id"].tolist()
    placed = [org for row_ids in out["org_ids"] for org in row_ids]
    assert sorted(placed) == sorted(ids)  # each candidate exactly once
    info = {f"O{i:02d}": (m, t, s) for i, (m, t, s, _) in enumerate(cand)}
    room = {f"PJ{i}": (t, s, r) for i, (t, s, r) in enumerate(branches)}
    joined: dict[str, int] = {}
    left: dict[tuple, int] = {}
    for row in out.itertuples():
        assert row.orgs == len(row.org_ids)
        assert row.party_members == sum(info[o][0] for o in row.org_ids)
        towns = {info[o][1] for o in row.org_ids}
        assert (
            len(towns) == 1 and {None if pd.isna(row.township_code) else row.township_code} == towns
        )
        if pd.isna(row.group_id):
            assert row.orgs == 1 and not pd.isna(row.reason_unplaced)
            key = (info[row.org_ids[0]][1], info[row.org_ids[0]][2])
            left[key] = left.get(key, 0) + row.party_members
        elif pd.isna(row.existing_party_org_id):  # a new group
            assert row.orgs <= MAX_ORGS and row.party_members >= MIN_MEMBERS
            assert {info[o][2] for o in row.org_ids} == {row.superior_party_org_id}
        else:  # joining an existing joint branch of the same township and superior
            town, superior, _ = room[row.existing_party_org_id]
            assert towns == {town} and {info[o][2] for o in row.org_ids} == {superior}
            joined[row.existing_party_org_id] = joined.get(row.existing_party_org_id, 0) + row.orgs
    assert all(n <= room[b][2] for b, n in joined.items())  # a branch takes what it has room for
    # what a township and superior leave alone could not have made a group of its own
    assert all(n < MIN_MEMBERS for (_, superior), n in left.items() if superior is not None)


# --- targets.toml ---------------------------------------------------------------------------

SHARES = st.one_of(
    st.floats(0, 1),
    st.tuples(st.integers(0, 50), st.integers(1, 50)).filter(lambda p: p[0] <= p[1]),
)


@st.composite
def targets_texts(draw) -> tuple[str, dict[str, object]]:
    """A targets.toml text and the values it gives: (field, float or Fraction)."""
    want: dict[str, object] = {"year": draw(st.integers(1900, 2099))}
    lines = [f"year = {want['year']}"]
    for section, keys in TARGET_KEYS.items():
        lines.append(f"[{section}]")
        for key, attr in keys.items():
            if attr.endswith("_min"):
                want[attr] = draw(st.integers(0, 10**6))
                lines.append(f"{key} = {want[attr]}")
            elif isinstance(share := draw(SHARES), tuple):
                want[attr] = Fraction(*share)
                lines.append(f'{key} = "{share[0]}/{share[1]}"')
            else:
                want[attr] = share
                lines.append(f"{key} = {share!r}")
    return "\n".join(lines) + "\n", want


@FAST
@given(targets_texts())
def test_targets_read_exactly_and_round_trip(case):
    text, want = case
    t = Targets.from_text(text, "targets.toml")
    for attr, value in want.items():
        if isinstance(value, Fraction):
            assert t.exact(attr) == value and getattr(t, attr) == float(value)
        else:
            assert getattr(t, attr) == value
    back = Targets.from_text(t.to_toml(), "again.toml")
    assert back == t and back.fractions == t.fractions
    assert Targets(**t.as_dict()) == t  # what graph.json and the :Dataset node keep
