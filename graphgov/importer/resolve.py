"""Registry authority names and free-text addresses resolved to division codes (DATA_MODEL §6).

A :class:`Resolver` answers three questions over a division hierarchy (the shipped NBS 2023
table, or a contract ``regions`` table), each search bounded by an area:

- :meth:`Resolver.authority`: 登记管理机关 (杭州市西湖区民政局, 三墩镇人民政府) -> the area and
  level of the authority, once the office words (:data:`AUTHORITY_WORDS`) are taken off;
- :meth:`Resolver.address`: 住所 -> the deepest unit the address names under ``within``;
- :meth:`Resolver.by_names`: a filing list's 所在社区 / 所属街道 -> the community.

Names are walked from the top down. At a unit U the text after the last match is searched
for a *spelling* of a unit one level below U (or, the level skipped, two below): its NBS name,
or its core (the name without its unit word) with a word of the same kind (街道 / 街道办事处
/ 办事处; 县 / 区; 社区 / 社区居委会 / 居委会 / 居民委员会; 村 / 村委会 / 村民委员会 ...). A bare
core (上保 in 上保路) never matches, nor a one-character core. The earliest match wins, the
longer at one place; an NBS name beats another unit's alias. Two units behind one spelling
are *ambiguous*: no guess is made. Placeholders (龙港县直辖村级区划) are never matched, and
skipping them costs nothing. Units above the area are skipped where the text names them.

Confidence of a placement: 1.0 when every unit on the way down was matched by its NBS name,
0.9 when another spelling was used, less 0.1 for each level the address skipped (杭州市北山
街道… names no county), never below 0.5. By names (filing lists): 1.0 when the NBS names
are given, 0.9 for another spelling or a bare core.

Examples
--------
>>> r = Resolver(area="330000000000")
>>> r.authority("杭州市西湖区民政局")
Authority(code='330106000000', level='county', name='杭州市西湖区民政局')
>>> p = r.address("浙江省杭州市西湖区北山街道上保社区保俶路12号", within="330106000000")
>>> p.status, p.code, p.resolved_by, p.confidence
('placed', '330106002051', 'address:community', 1.0)
>>> r.address("杭州市北山街道办事处保俶路12号", within="330100000000").confidence  # no county
0.8
>>> r.by_names(community="上保", township="北山街道", within="330106000000").code
'330106002051'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from graphgov import divisions, schema
from graphgov.importer.spelling import Hit, SpellingIndex, spellings

__all__ = ["AUTHORITY_WORDS", "Authority", "Candidate", "Placement", "Resolver"]

#: Office words taken off the end of an authority's name, longest first; the last row for
#: township filing authorities (街道办事处 stays: it spells the township).
AUTHORITY_WORDS = tuple(sorted((
    "民政厅", "民政局", "民政部", "行政审批局", "行政审批服务局", "社会组织管理局", "民政事业局",
    "社会事务局", "社会事业局", "社会发展局", "社会事业发展局", "民政和人力社保局",
    "民政和人力资源社会保障局", "民政和人力资源和社会保障局", "民政和社会保障局",
    "民政和社会事务局", "民族宗教和民政局", "政务服务管理局", "行政服务中心",
    "人民政府", "政府", "社会事务办公室", "社会事务办", "民政办公室", "民政办",
), key=len, reverse=True))  # fmt: skip
_NATIONAL = ("", "中华人民共和国", "中国", "国家")
_PLACEHOLDERS = ("直辖村级区划", "直辖县级行政区划")
_RANK = {level: i for i, level in enumerate(schema.LEVELS)}
_PLURAL = {"province": "provinces", "city": "cities", "county": "counties",
           "township": "townships", "community": "communities"}  # fmt: skip
_SPACE = re.compile(r"\s+")
_TAIL = re.compile(r"[（(][^（）()]*[）)]$")


@dataclass(frozen=True)
class Candidate:
    """A unit offered to a reviewer: code, NBS name and the names from the province down."""

    code: str
    name: str
    path: str


@dataclass(frozen=True)
class Placement:
    """Where a text places a row: ``placed`` at `code`, or ``ambiguous`` / ``not_found``."""

    status: str
    code: str | None
    level: str | None
    resolved_by: str
    confidence: float
    candidates: tuple[Candidate, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Authority:
    """A resolved authority: the code and level (``registered_at``) of its area, its text."""

    code: str
    level: str
    name: str


def _clean(text: object) -> str:
    return "" if text is None or pd.isna(text) else _SPACE.sub("", str(text))


class _Walk(NamedTuple):
    code: str | None  # the deepest unit reached
    exact: bool
    skips: int
    tied: tuple[str, ...]  # the units behind an ambiguous spelling
    spelling: str


class Resolver:
    """Authority names, addresses and filing-list names resolved to division codes.

    Parameters
    ----------
    regions : DataFrame, optional
        A contract regions table (``code, name, parent_code[, level, ...]``); None = the
        shipped NBS hierarchy (read per province, when first needed).
    area : str, optional
        A 12-digit code bounding every search (the province, or a county). None = all China.
    """

    def __init__(self, regions: pd.DataFrame | None = None, *, area: str | None = None) -> None:
        self._name: dict[str, str] = {}
        self._level: dict[str, str] = {}
        self._parent: dict[str, str | None] = {}
        self._kids: dict[str | None, list[str]] = {}
        self._shipped = regions is None
        self._loaded: set[str] = set()  # provinces read; "*": all China above the communities
        self._indexes: dict[tuple[str | None, str], SpellingIndex] = {}
        self._authorities: dict[str, Authority | Placement] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        if regions is not None:
            self._add(regions)
        self._area, self._prefix = None if area is None else str(area), ""  # the area's codes
        if self._area is not None:
            self._need(self._area[:2])
            if self._area not in self._name:
                raise ValueError(f"area {area!r}: no such division code")
            self._prefix = self._area[: schema.PREFIX_DIGITS[self._level[self._area]]]

    # --- the table ------------------------------------------------------------------------

    def _add(self, frame: pd.DataFrame) -> None:
        codes = frame["code"].astype(str).tolist()
        levels = frame["level"].tolist() if "level" in frame else [None] * len(codes)
        parents = frame["parent_code"].tolist()
        for code, name, level, parent in zip(codes, frame["name"], levels, parents, strict=True):
            if code in self._name:
                continue
            parent = None if pd.isna(parent) or parent == "" else str(parent)
            self._name[code] = str(name)
            self._level[code] = level if isinstance(level, str) else schema.level_of_code(code)
            self._parent[code] = parent
            self._kids.setdefault(parent, []).append(code)

    def _need(self, province: str) -> None:
        """Read a province (``"33"``) or, for ``"*"``, every unit above the communities."""
        if self._shipped and province not in self._loaded:
            self._loaded.add(province)
            if province == "*":
                frame = divisions.table().frame
                self._add(frame[frame["level"] != "community"])
            elif province.isascii() and province.isdigit() and len(province) == 2:
                self._add(divisions.rows_within(province))

    def _check(self, within: str) -> str:
        """`within` as the unit to search from: the area itself when `within` is above it."""
        within = str(within)
        if self._area is None:
            self._need(within[:2])
        if within in self._name and within.startswith(self._prefix):
            return within
        if within in self._chain(self._area):
            return self._area  # type: ignore[return-value]
        raise ValueError(f"within {within!r}: not a division of the resolver's area")

    def _chain(self, code: str | None) -> tuple[str, ...]:
        """The units from the top of the table down to `code`, placeholders left out."""
        if code is None or code not in self._name:
            return ()
        chain = self._chains.get(code)
        if chain is None:
            up = self._chain(self._parent[code])
            chain = self._chains[code] = (
                up if self._name[code].endswith(_PLACEHOLDERS) else (*up, code)
            )
        return chain

    def _candidate(self, code: str) -> Candidate:
        path = "".join(self._name[c] for c in self._chain(code))
        return Candidate(code, self._name[code], path)

    def _where(self, code: str | None) -> str:
        return "China" if code is None else self._candidate(code).path

    def unit(self, code: str) -> Candidate | None:
        """The unit with 12-digit `code` in the resolver's table and area, or None."""
        code = str(code)
        if self._area is None:
            self._need(code[:2])
        known = code in self._name and (
            code.startswith(self._prefix) or code in self._chain(self._area)
        )
        return self._candidate(code) if known else None

    def _under(self, code: str | None, level: str) -> SpellingIndex:
        """The index of the units of `level` under `code` (None = all), built once."""
        key = (code, level)
        index = self._indexes.get(key)
        if index is None:
            rank, found, frontier = _RANK[level], [], list(self._kids.get(code, ()))
            while frontier:
                nxt = []
                for c in frontier:
                    lv, name = self._level[c], self._name[c]
                    if lv == level and not name.endswith(_PLACEHOLDERS):
                        found.append((c, name, lv))
                    elif _RANK[lv] < rank:
                        nxt.extend(self._kids.get(c, ()))
                frontier = nxt
            index = self._indexes[key] = SpellingIndex(found)
        return index

    def _scope(self, code: str | None, level: str) -> tuple[SpellingIndex, str]:
        """The index holding the units of `level` under `code`, and their code prefix: a
        township's units are looked up in its county's index (one index per county)."""
        if code is not None and self._level[code] == "township" and self._parent[code]:
            return self._under(self._parent[code], level), code[:9]
        return self._under(code, level), ""

    def _named(self, text: str, code: str, level: str) -> Hit:
        index, prefix = self._scope(code, level)
        return index.lookup(text, level, prefix)

    # --- the walk -------------------------------------------------------------------------

    def _consume(self, text: str, code: str, *, anywhere: bool) -> tuple[int, str | None]:
        """Skip the names of `code` and the units above it, in order, at the start of `text`
        (or `anywhere`): the position after them and the deepest unit so named."""
        pos, deepest = 0, None
        for c in self._chain(code):
            for s in spellings(self._name[c], self._level[c]):
                at = text.find(s, pos) if anywhere else (pos if text.startswith(s, pos) else -1)
                if at >= 0:
                    pos, deepest = at + len(s), c
                    break
        return pos, deepest

    def _walk(self, text: str, code: str | None, pos: int, *, stop: str, reach: int) -> _Walk:
        """Down from `code` through the units `text` names, at most `reach` levels a step."""
        exact, skips, last = True, 0, _RANK[stop]
        while True:
            rank = -1 if code is None else _RANK[self._level[code]]
            hit = None
            for k in range(rank + 1, min(rank + reach, last) + 1):
                index, prefix = self._scope(code, schema.LEVELS[k])
                hit = index.find(text, pos, prefix)
                if hit is not None:
                    break
            if hit is None:
                return _Walk(code, exact, skips, (), "")
            start, pos, (units, full) = hit
            if len(units) > 1:
                return _Walk(code, exact, skips, units, text[start:pos])
            skips += len(self._chain(units[0])) - len(self._chain(code)) - 1
            code, exact = units[0], exact and full

    def _tied(self, units: tuple[str, ...], spelling: str, where: str | None) -> Placement:
        what = f"{len(units)} {_PLURAL[self._level[units[0]]]} in {self._where(where)}"
        candidates = tuple(map(self._candidate, units))
        return Placement("ambiguous", None, None, "", 0.0, candidates, f"{spelling} names {what}")

    # --- the three questions --------------------------------------------------------------

    def authority(self, text: str) -> Authority | Placement:
        """The authority `text` names (杭州市西湖区民政局 -> 西湖区, ``county``), or a Placement
        saying why not (``ambiguous`` with candidates, ``not_found`` with a note)."""
        key = str(text)
        found = self._authorities.get(key)
        if found is None:
            found = self._authorities[key] = self._authority(key)
        return found

    def _authority(self, text: str) -> Authority | Placement:
        place, taken = _TAIL.sub("", _clean(text)), []
        while word := next((w for w in AUTHORITY_WORDS if place.endswith(w)), None):
            place, taken = place[: -len(word)], [*taken, word]
        if "民政部" in taken and place in _NATIONAL:
            return _missing("the Ministry of Civil Affairs (national): no division of its own")
        if self._area is None:
            self._need("*")
        pos, named = self._consume(place, self._area, anywhere=True) if self._area else (0, None)
        walk = self._walk(place, self._area, pos, stop="township", reach=len(schema.LEVELS))
        if walk.tied:
            return self._tied(walk.tied, walk.spelling, walk.code)
        code = named if walk.code == self._area else walk.code  # the area, or a unit above it
        if code is None:
            return _missing(f"{text} names no division of {self._where(self._area)}")
        return Authority(code, self._level[code], text)

    def address(self, text: str, within: str) -> Placement:
        """The deepest unit under `within` that the address `text` names (see the module
        docstring); ``not_found`` with `within` as the candidate when it names none."""
        within = self._check(within)
        clean = _clean(text)
        pos, _ = self._consume(clean, within, anywhere=False)
        walk = self._walk(clean, within, pos, stop="community", reach=2)
        if walk.tied:
            return self._tied(walk.tied, walk.spelling, walk.code)
        if walk.code == within:
            note = f"the address names no unit under {self._where(within)}"
            return _missing(note, (self._candidate(within),))
        level = self._level[walk.code]  # type: ignore[index]
        confidence = max(0.5, round((1.0 if walk.exact else 0.9) - 0.1 * walk.skips, 2))
        note = f"{walk.skips} level(s) not named" if walk.skips else ""
        return Placement("placed", walk.code, level, f"address:{level}", confidence, (), note)

    def by_names(self, *, community: str | None, township: str | None, within: str) -> Placement:
        """The community (or township) a filing list's name cells give, under `within` (a
        county or a township); any spelling, a bare core included."""
        within = self._check(within)
        community, township = _clean(community), _clean(township)
        scope, exact = within, True
        if township:
            towns, exact = self._named(township, within, "township")
            if not towns:
                return _missing(f"no township {township} in {self._where(within)}")
            if len(towns) > 1:
                return self._tied(towns, township, within)
            scope = towns[0]
            if not community:
                return _placed(scope, "township", exact)
        elif not community:
            return _missing("neither a community nor a township named")
        hits, full = self._named(community, scope, "community")
        if len(hits) > 1:
            return self._tied(hits, community, scope)
        if not hits:
            if scope == within:
                return _missing(f"no community {community} in {self._where(within)}")
            elsewhere = self._named(community, within, "community")[0]
            note = f"{community} is not under {self._name[scope]}"
            if elsewhere:
                towns = ", ".join(self._candidate(c).path for c in elsewhere)
                note += f"; {self._name[within]} has {towns}"
            return _missing(note, tuple(map(self._candidate, (scope, *elsewhere))))
        return _placed(hits[0], "community", exact and full)


def _missing(note: str, candidates: tuple[Candidate, ...] = ()) -> Placement:
    return Placement("not_found", None, None, "", 0.0, candidates, note)


def _placed(code: str, level: str, exact: bool) -> Placement:
    return Placement("placed", code, level, f"filing:{level}", 1.0 if exact else 0.9)
