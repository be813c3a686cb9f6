"""The spellings registries use for a division's name, and an index to find them in text.

A unit's *spellings* are its NBS name and, for each core of two characters or more (the
name with a unit word taken off), the core with each word of the same kind: townships
街道 / 街道办事处 / 办事处, 镇, 乡; residents' committees 社区 / 社区居委会 / 居委会 / 居民委员会;
villagers' committees 村 / 村委会 / 村民委员会 / 村委; counties 县 / 区 only (not 市: 临平市 would
match inside 临平市场). A bare core is never a spelling. :class:`SpellingIndex` finds the earliest,
then longest, spelling in a text (:mod:`graphgov.importer.resolve` walks the hierarchy with
it).

>>> spellings("北山街道", "township")
('北山街道办事处', '北山办事处', '北山街道')
"""

from __future__ import annotations

import functools
import unicodedata

from graphgov.divisions.names import RURAL_WORDS, TOWNSHIP_WORDS, URBAN_WORDS

__all__ = ["Hit", "SpellingIndex", "spellings"]

#: Per level, (the unit words taken off a name, the words its core is then spelled with).
_ALIASES = {
    "county": ((("县", "区"),) * 2, (("自治旗", "旗"),) * 2,
               *(((w,), (w,)) for w in ("自治县", "市", "林区", "特区"))),
    "township": (*(((w,), (w,)) for w in TOWNSHIP_WORDS),
                 (("街道办事处", "街道", "办事处"),) * 2,
                 (("镇人民政府", "镇政府", "镇"),) * 2, (("乡人民政府", "乡政府", "乡"),) * 2),
    "community": ((URBAN_WORDS, ("社区居民委员会", "社区居委会", "居民委员会", "居委会", "社区")),
                  (RURAL_WORDS, ("村民委员会", "村委会", "村委", "村"))),
}  # fmt: skip
#: Per level: each unit word (longest first) -> the words of its spellings (later rows win).
_WORDS = {
    level: dict(sorted(((w, g) for ws, g in rows for w in ws), key=lambda wg: -len(wg[0])))
    for level, rows in _ALIASES.items()
}


def _peel(name: str, level: str) -> list[tuple[str, tuple[str, ...]]]:
    """The cores of a name, outermost first, each with the alias group of the word taken off:
    曙光村村委会 -> [(曙光村, 村 words), (曙光, 村 words)]."""
    out, text, words = [], name, _WORDS.get(level, {})
    while True:
        word = next((w for w in words if text.endswith(w) and len(text) > len(w)), None)
        if word is None:
            return out
        text = text[: -len(word)]
        out.append((text, words[word]))


@functools.cache
def spellings(name: str, level: str) -> tuple[str, ...]:
    """The NBS name and every alias (each core of 2+ characters with each word of its group,
    never a bare core; and each of these with half-width brackets, digits and letters, as
    NFKC writes them: 艾溪(西湖)社区 for 艾溪（西湖）社区), longest first."""
    aliases = {core + w for core, group in _peel(name, level) if len(core) >= 2 for w in group}
    aliases |= {unicodedata.normalize("NFKC", a) for a in (*aliases, name)}
    return tuple(sorted(aliases | {name}, key=lambda s: (-len(s), s)))


def _core(text: str, level: str) -> str:
    """The innermost core: 曙光村村委会, 曙光村, 曙光 -> 曙光."""
    peeled = _peel(text, level)
    return peeled[-1][0] if peeled else text


Hit = tuple[tuple[str, ...], bool]  # the units, and whether the spelling is their NBS name


class SpellingIndex:
    """The spellings of a set of units (spelling -> NBS-name units, alias units), their cores;
    a search takes only the units whose code starts with `prefix`."""

    def __init__(self, units: list[tuple[str, str, str]]) -> None:
        self.spell: dict[str, tuple[list[str], list[str]]] = {}
        self.core: dict[str, list[str]] = {}
        for code, name, level in units:
            for s in spellings(name, level):
                self.spell.setdefault(s, ([], []))[s != name].append(code)
            self.core.setdefault(_core(name, level), []).append(code)
        heads: dict[str, set[int]] = {}
        for s in self.spell:
            heads.setdefault(s[:2], set()).add(len(s))
        self.heads = {h: sorted(n, reverse=True) for h, n in heads.items()}

    def find(self, text: str, pos: int, prefix: str) -> tuple[int, int, Hit] | None:
        """The earliest (then longest) spelling in ``text[pos:]``: start, end and its units."""
        heads, spell = self.heads, self.spell
        for i in range(pos, len(text) - 1) if heads else ():
            for n in heads.get(text[i : i + 2], ()):
                entry = spell.get(text[i : i + n])
                if entry is not None and (hit := _pick(entry, prefix))[0]:
                    return i, i + n, hit
        return None

    def lookup(self, text: str, level: str, prefix: str) -> Hit:
        """Units a name cell names: by NBS name, else another spelling, else the bare core."""
        entry = self.spell.get(text)
        hit = ((), False) if entry is None else _pick(entry, prefix)
        return hit if hit[0] else _pick(([], self.core.get(_core(text, level), [])), prefix)


def _pick(entry: tuple[list[str], list[str]], prefix: str) -> Hit:
    """The units under `prefix` behind a spelling: those it names by NBS name, if any."""
    exact = tuple(c for c in entry[0] if c.startswith(prefix))
    return (exact, True) if exact else (tuple(c for c in entry[1] if c.startswith(prefix)), False)
