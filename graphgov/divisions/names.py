"""Division names as registries write them: suffix aliases, the name core, the committee type.

A registry writes the same unit in several ways: 西溪街道 / 西溪街道办事处, 三墩镇, 翠苑一区社区
/ 翠苑一区社区居委会 / 翠苑一区居民委员会, 龙坞村 / 龙坞村委会 / 龙坞村民委员会. The *core* of a
name is what is left once the unit word is taken off (西溪, 翠苑一区, 龙坞), so any spelling finds
the unit.

The committee type of a village-level unit (datasets/README.md, regions.csv:
``urban`` = residents' committee, ``rural`` = villagers' committee) is decided by the first
of these rules that applies:

1. ``suffix``: the name, with a trailing parenthetical such as （新） taken off, ends in a
   committee word. Residents' committees: 居委会, 居民委员会, 社区, 居民委会, 居委员, 居民会,
   社区委员会, 家委会; villagers' committees: 村委会, 村民委员会, 村, 嘎查 (Inner Mongolia),
   嘎查委会, 牧委会, 民委会, 村委员, 村委, 渔委会. The longest matching word wins
   (…社区村民委员会 is a villagers' committee).
2. ``code``: the NBS code range of the last three digits: 001-199 residents' committees,
   200-399 villagers' committees.
3. ``other``: 4xx/5xx units with no committee word (farm, forest and corps living areas,
   生活区, 管理区, 连队): counted with villages (``rural``), as production areas whose target
   is the rural one.
"""

from __future__ import annotations

import re

__all__ = [
    "COMMUNITY_WORDS",
    "TOWNSHIP_WORDS",
    "committee_from_name",
    "committee_of",
    "name_core",
    "name_variants",
]

URBAN_WORDS = (
    "社区居民委员会", "社区居委会", "社区委员会", "居民委员会", "居民委会", "居委会",
    "居委员", "居民会", "家委会", "社区",
)  # fmt: skip
RURAL_WORDS = (
    "村民委员会", "嘎查委会", "村委会", "牧委会", "民委会", "村委员", "渔委会", "村委",
    "嘎查", "村",
)  # fmt: skip
#: Unit words taken off a village-level name to get its core (longest first).
COMMUNITY_WORDS = tuple(sorted({*URBAN_WORDS, *RURAL_WORDS}, key=len, reverse=True))
#: Unit words taken off a township-level name (街道办事处 before 街道).
TOWNSHIP_WORDS = ("街道办事处", "地区办事处", "办事处", "街道", "苏木", "镇", "乡")
_COUNTY_WORDS = ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗")
_CITY_WORDS = ("自治州", "地区", "盟", "市")
_PROVINCE_WORDS = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
_WORDS = {
    "province": _PROVINCE_WORDS,
    "city": _CITY_WORDS,
    "county": _COUNTY_WORDS,
    "township": TOWNSHIP_WORDS,
    "community": COMMUNITY_WORDS,
}
_TAIL = re.compile(r"[（(][^（）()]*[）)]$")


def _untail(name: str) -> str:
    """The name without trailing parentheticals: 庙港村委会（新） -> 庙港村委会."""
    while True:
        shorter = _TAIL.sub("", name).strip()
        if shorter == name:
            return name
        name = shorter


def _strip_word(name: str, words: tuple[str, ...]) -> str:
    for word in words:
        if name.endswith(word) and len(name) > len(word):
            return name[: -len(word)]
    return name


def name_core(name: str, level: str | None = None) -> str:
    """The name without its unit word (and trailing parenthetical), for matching spellings.

    Examples
    --------
    >>> name_core("翠苑一区社区居委会", "community"), name_core("翠苑一区居民委员会")
    ('翠苑一区', '翠苑一区')
    >>> name_core("西溪街道办事处", "township"), name_core("龙坞村民委员会")
    ('西溪', '龙坞')
    """
    text = _untail(str(name).strip()).replace(" ", "").replace("\u3000", "")
    if level is not None:
        return _strip_word(text, _WORDS[level])
    for words in (COMMUNITY_WORDS, TOWNSHIP_WORDS, _COUNTY_WORDS):
        stripped = _strip_word(text, words)
        if stripped != text:
            return stripped
    return text


def name_variants(core: str, level: str) -> list[str]:
    """The spellings a registry may use for a unit of `level` whose core is `core`."""
    return [core + word for word in _WORDS[level]]


def committee_from_name(name: str) -> str | None:
    """``urban``/``rural`` by the committee word a name ends in (rule 1), or None.

    Examples
    --------
    >>> committee_from_name("翠苑一区社区"), committee_from_name("龙坞村委会（新）")
    ('urban', 'rural')
    >>> committee_from_name("之江农场生活区") is None
    True
    """
    text = _untail(str(name).strip())
    best = ""
    kind = None
    for words, which in ((URBAN_WORDS, "urban"), (RURAL_WORDS, "rural")):
        for word in words:
            if text.endswith(word) and len(word) > len(best):
                best, kind = word, which
    return kind


def committee_of(name: str, code: str) -> tuple[str, str]:
    """``(committee type, rule)`` of a village-level unit: ``urban``/``rural`` and
    ``suffix``/``code``/``other`` (see the module docstring).

    Examples
    --------
    >>> committee_of("多福巷社区居委会", "110101001001")
    ('urban', 'suffix')
    >>> committee_of("薛村矿社区村民委员会", "110101001201")
    ('rural', 'suffix')
    >>> committee_of("第一街委员会", "110101001201")
    ('rural', 'code')
    >>> committee_of("小营股份经济合作社生活区", "110101001401")
    ('rural', 'other')
    """
    kind = committee_from_name(name)
    if kind is not None:
        return kind, "suffix"
    digit = code[9]
    if digit in "01":
        return "urban", "code"
    if digit in "23":
        return "rural", "code"
    return "rural", "other"
