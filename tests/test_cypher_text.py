"""The Cypher under cypher/: the contract's literals agree with schema.py, no block is
written twice, and fragments compose as documented (graphgov query NAME --show)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from graphgov import schema
from graphgov.analyses.coverage import KIND_NAMES
from graphgov.analyses.gaps import GAP_ORDER
from graphgov.analyses.linkage import STATUSES
from graphgov.errors import UsageError
from graphgov.neo4j.fragments import Fragment, compose, read_fragments
from graphgov.neo4j.queries import QueryFileError, cypher_dir, list_queries, read_query

CYPHER = cypher_dir()
FILES = sorted(CYPHER.glob("*.cypher")) + sorted((CYPHER / "fragments").glob("*.cypher"))
COMPOSED = {q.name: q.text for q in list_queries()}
FRAGMENTS = read_fragments(CYPHER / "fragments")

#: Property -> the values the contract allows it (schema.py), for every literal compared
#: with or set in a pattern on that property.
VOCABULARY = {
    "kind": set(schema.ORG_KINDS) | set(schema.PARTY_ORG_KINDS) | set(schema.FACILITY_KINDS),
    "status": set(schema.ORG_STATUSES),
    "role": set(schema.ROLES),
    "level": set(schema.LEVELS),
    "area_type": set(schema.AREA_TYPES),
    "hub_role": set(schema.HUB_ROLES),
}
_PROPS = "|".join(VOCABULARY)


def _strings(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _code(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))


def _literals(texts: dict[str, str] = COMPOSED) -> list[tuple[str, str, str]]:
    """(query, property, literal) for every literal compared with a contract property:
    ``x.kind = 'a'``, ``x.kind <> 'a'``, ``x.kind IN ['a', 'b']``, ``{kind: 'a'}``,
    ``CASE x.area_type WHEN 'a'``."""
    found = []
    for name, text in texts.items():
        code = _code(text)
        for prop, value in re.findall(rf"\.({_PROPS})\s*(?:=|<>)\s*'([^']*)'", code):
            found.append((name, prop, value))
        for prop, items in re.findall(rf"\.({_PROPS})\s+IN\s+\[([^\]]*)\]", code):
            found += [(name, prop, v) for v in _strings(items)]
        for prop, value in re.findall(rf"[{{,]\s*({_PROPS}):\s*'([^']*)'", code):
            found.append((name, prop, value))
        for prop, body in re.findall(rf"CASE\s+\w+\.({_PROPS})\b(.*?)\bEND", code, re.DOTALL):
            found += [(name, prop, v) for v in re.findall(r"WHEN\s+'([^']*)'", body)]
    return found


def test_the_scan_finds_the_literals():
    """The check below can fail: it sees the literals the queries hold."""
    found = {(prop, value) for _, prop, value in _literals()}
    assert {("status", "abnormal"), ("kind", "community"), ("role", "liaison")} <= found
    assert {("level", "township"), ("area_type", "urban")} <= found


def test_a_drifted_literal_is_caught():
    text = "MATCH (o:Organization {status: 'actve'}) WHERE o.kind IN ['social_grup'] RETURN o"
    found = _literals({"x": text})
    assert [v for _, p, v in found if v not in VOCABULARY[p]] == ["social_grup", "actve"]


def test_every_contract_literal_is_in_schema():
    wrong = [(q, p, v) for q, p, v in _literals() if v not in VOCABULARY[p]]
    assert wrong == []


def test_lists_of_the_contract_are_the_schema_ones():
    assert _strings(FRAGMENTS["covering_kinds"].body) == list(schema.COVERING_PARTY_ORG_KINDS)
    assert _strings(FRAGMENTS["functional_kinds"].body) == list(schema.FUNCTIONAL_PARTY_ORG_KINDS)
    assert _strings(FRAGMENTS["registered_kinds"].body) == list(schema.REGISTERED_KINDS)
    gone = re.search(r"\.status IN \[([^\]]*)\]", FRAGMENTS["org_active"].body)
    assert gone and _strings(gone.group(1)) == list(schema.GONE_STATUSES)
    roles = re.search(r"\.role IN \[([^\]]*)\]", FRAGMENTS["work_post"].body)
    assert roles and _strings(roles.group(1)) == list(schema.WORK_COVERAGE_ROLES)


def test_labels_and_relationship_types_are_the_schema_ones():
    labels = {*schema.NODE_LABELS, *schema.LEVEL_LABELS.values(), schema.HUB_LABEL}
    labels |= {schema.PARTY_MEMBER_LABEL, schema.SOCIAL_WORKER_LABEL, "Dataset", "LoadBatch"}
    used_labels, used_types = set(), set()
    for text in COMPOSED.values():
        code = _code(text)
        used_labels |= set(re.findall(r"\(\s*\w*\s*((?::\w+)+)", code))
        used_types |= {
            t for group in re.findall(r"\[\s*\w*\s*:([\w|]+)", code) for t in group.split("|")
        }
        used_labels |= {f":{m}" for m in re.findall(r"\bb:(\w+)", code)}
    flat = {lab for group in used_labels for lab in group.split(":") if lab}
    assert {"Hub", "Township", "Community", "SocialWorker"} <= flat
    assert flat - labels == set()
    assert used_types and used_types - set(schema.REL_TYPES) == set()


def test_coverage_keeps_the_analysis_names_and_depths():
    text = COMPOSED["coverage"]
    depth = dict(re.findall(r"(\w+): (\d+)", re.search(r"\{province: 2[^}]*\}", text).group()))
    assert {k: int(v) for k, v in depth.items()} == schema.PREFIX_DIGITS
    for kind, label in KIND_NAMES.items():
        assert f"{kind}: '{label}'" in " ".join(text.split())


def test_category_literals_are_the_analyses_ones():
    assert re.findall(r"THEN '(\w+)'", FRAGMENTS["gap_rows"].body) == list(GAP_ORDER[:3])
    forms = re.findall(r">= (\d+) THEN '(\w+)'", FRAGMENTS["gap_columns"].body)
    assert forms == [("100", "committee"), ("50", "general_branch"), ("3", "branch")]
    assert set(re.findall(r"'(\w+)'", FRAGMENTS["linkage_status"].body)) == set(STATUSES)


def _blocks(path: Path) -> list[tuple[str, ...]]:
    """Every run of three consecutive code lines (comments and lines of a word or two
    such as ``UNION`` or ``}`` aside), whitespace normalised."""
    lines = [" ".join(ln.split()) for ln in _code(path.read_text()).splitlines()]
    lines = [ln for ln in lines if len(ln.split()) > 2]
    return [tuple(lines[i : i + 3]) for i in range(len(lines) - 2)]


def _repeated(paths: list[Path]) -> list[tuple[str, ...]]:
    counts = Counter(block for path in paths for block in _blocks(path))
    return [block for block, n in counts.items() if n > 1]


def test_no_block_of_cypher_is_written_twice():
    assert _repeated(FILES) == []


def test_the_repeat_check_can_fail(tmp_path):
    text = (
        "MATCH (a:Region {level: 'county'})\nWHERE a.code STARTS WITH '33'\nRETURN a.code AS code\n"
    )
    (tmp_path / "x.cypher").write_text("// name: x\n" + text)
    (tmp_path / "y.cypher").write_text("// name: y\n" + text.replace("\n", "\n  "))
    assert _repeated([tmp_path / "x.cypher"]) == []
    assert len(_repeated([tmp_path / "x.cypher", tmp_path / "y.cypher"])) == 1


def test_every_query_composes_completely():
    assert all("{{" not in text and "}}" not in text for text in COMPOSED.values())
    active = "(h.start IS NULL OR h.start <= asOf) AND (h.end IS NULL OR h.end >= asOf)"
    assert active in COMPOSED["cross-appointments"]


# --- the composer -------------------------------------------------------------------------

ACTIVE = Fragment("active", ("x",), "(x.start <= asOf) AND (x.x IS NULL) AND $x > 0", Path("a"))
BLOCK = Fragment("block", ("c",), "MATCH (c)\nWHERE {{active(c)}}", Path("b"))


def test_a_parameter_is_replaced_as_a_variable_only():
    assert compose("{{active(r)}}", {"active": ACTIVE}, Path("q")) == (
        "(r.start <= asOf) AND (r.x IS NULL) AND $x > 0"
    )


def test_fragments_nest_and_keep_the_indentation():
    frags = {"active": ACTIVE, "block": BLOCK}
    text = compose("CALL {\n  {{block(n)}}\n}", frags, Path("q"))
    assert text == (
        "CALL {\n  MATCH (n)\n  WHERE (n.start <= asOf) AND (n.x IS NULL) AND $x > 0\n}"
    )


def test_an_include_in_a_comment_is_left_alone():
    assert compose("// see {{nothing}}", {}, Path("q")) == "// see {{nothing}}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("RETURN 1\nWHERE {{nope(r)}}",
         "q.cypher: line 2: no fragment named 'nope' (known: active)"),
        ("WHERE {{active}}", "q.cypher: line 1: {{active}} should be written {{active(x)}}"),
        ("WHERE {{active(a, b)}}", "should be written {{active(x)}}"),
        ("WHERE {{active(a.b)}}", "should be written {{active(x)}}"),
    ],
)  # fmt: skip
def test_a_bad_include_names_file_and_line(text: str, message: str):
    with pytest.raises(UsageError) as err:
        compose(text, {"active": ACTIVE}, Path("q.cypher"))
    assert message in str(err.value)


def test_fragments_that_include_each_other_are_refused():
    loop = {"a": Fragment("a", (), "{{b}}", Path("a")), "b": Fragment("b", (), "{{a}}", Path("b"))}
    with pytest.raises(UsageError, match="include each other"):
        compose("{{a}}", loop, Path("q"))


def test_a_query_with_an_unknown_fragment_is_a_query_file_error(tmp_path):
    (tmp_path / "mine.cypher").write_text(
        "// name: mine\nMATCH (o)\nWHERE {{activ(o)}}\nRETURN o\n"
    )
    with pytest.raises(QueryFileError, match=r"mine.cypher: line 3: no fragment named 'activ'"):
        read_query("mine", tmp_path)


def test_a_planners_query_may_include_graphgov_fragments(tmp_path):
    (tmp_path / "mine.cypher").write_text(
        "// name: mine\nMATCH (:Person)-[h:HOLDS_POST]->(o)\nWHERE {{active(h)}}\nRETURN o\n"
    )
    query = read_query("mine", tmp_path)
    assert "h.start IS NULL" in query.text and query.parameters == []


def test_query_show_prints_the_composed_text(cli):
    result = cli(["query", "hub-overlap", "--show"])
    assert result.exit_code == 0
    assert result.stdout.strip() == COMPOSED["hub-overlap"].strip()
    assert "UNION" in result.stdout and "{{" not in result.stdout


def test_query_show_never_sends_a_files_escape_sequences(cli, tmp_path):
    (tmp_path / "mine.cypher").write_text(
        "// name: mine\n// \x1b[31mred\tcolumns\nMATCH (o)\nRETURN o\n", encoding="utf-8"
    )
    result = cli(["query", "mine", "--dir", tmp_path, "--show"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\\x1b[31mred\tcolumns" in result.stdout
    assert result.stdout.rstrip("\n").splitlines()[2:] == ["MATCH (o)", "RETURN o"]
