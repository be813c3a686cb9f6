"""A CJK font for matplotlib, so Chinese place names never render as empty boxes.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs, and its font cache may
predate a font installed later, so these functions find a CJK font file and register it with
``fontManager.addfont``. :func:`cjk_style` gives the rc settings of the CJK font, for
``matplotlib.rc_context`` (the charts draw inside one and change no global setting);
:func:`use_cjk_font` puts the font first in the global ``rcParams``, for a notebook's own
plots.

Examples
--------
>>> import matplotlib as mpl
>>> from graphgov.report.fonts import cjk_style
>>> style = cjk_style()  # e.g. {'font.family': ['WenQuanYi Micro Hei'], ...}; raises if none
>>> with mpl.rc_context(style):
...     mpl.rcParams["font.family"] == style["font.family"]
True
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from graphgov.errors import GraphgovError

__all__ = [
    "CJK_FONT_CANDIDATES",
    "NO_CJK_FONT_MESSAGE",
    "cjk_style",
    "find_cjk_font",
    "use_cjk_font",
]

#: Well-known CJK font files, best first (Debian/Ubuntu, Fedora/Arch, macOS, Windows).
CJK_FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/source-han-sans/SourceHanSansSC-Regular.otf",
    "/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf",
    "/usr/share/fonts/adobe-source-han-sans/SourceHanSans-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)

NO_CJK_FONT_MESSAGE = (
    "No CJK font found: charts would draw empty boxes for Chinese names. Install one, "
    "e.g. `apt-get install fonts-wqy-microhei` (or fonts-noto-cjk)."
)

#: Characters a usable font must have (place names and the common administrative suffixes).
_PROBE = "杭州市区县街道镇乡社村"

_chosen: dict[str, str] = {}  # path -> family, filled once per registered file


def _has_glyphs(path: str | Path, text: str = _PROBE) -> bool:
    """Whether the font file (first face of a collection) has a glyph for every character."""
    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


def _fc_list_paths() -> list[str]:
    """Font files fontconfig lists for Chinese, if ``fc-list`` is installed."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = (line.split(":", 1)[0].strip() for line in out.splitlines())
    return sorted(p for p in paths if p)


def find_cjk_font(candidates: tuple[str, ...] | None = None) -> Path | None:
    """The path of a font file that has Chinese glyphs, or None.

    Parameters
    ----------
    candidates
        Files to try first, best first; defaults to :data:`CJK_FONT_CANDIDATES`.
        Then whatever ``fc-list :lang=zh file`` lists.

    Returns
    -------
    Path or None
        The first existing file whose glyphs cover common Chinese place-name characters.
    """
    tried = list(CJK_FONT_CANDIDATES if candidates is None else candidates)
    for path in [*tried, *_fc_list_paths()]:
        if Path(path).is_file() and _has_glyphs(path):
            return Path(path)
    return None


def _registered_family(path: str | Path | None) -> str:
    """Register the CJK font (`path`, or the one found before, or :func:`find_cjk_font`'s)
    with matplotlib's font manager, once; return its family name."""
    if path is None:
        key = next(iter(_chosen), None)
        found = Path(key) if key is not None else find_cjk_font()
    else:
        found = Path(path) if Path(path).is_file() and _has_glyphs(path) else None
    if found is None:
        raise GraphgovError(NO_CJK_FONT_MESSAGE)
    key = str(found)
    if key not in _chosen:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        if key not in known:
            font_manager.fontManager.addfont(key)
        _chosen.clear()
        _chosen[key] = font_manager.FontProperties(fname=key).get_name()
    return _chosen[key]


def cjk_style(path: str | Path | None = None) -> dict[str, object]:
    """The rc settings that draw text in a CJK font, for ``matplotlib.rc_context``.

    ``font.family`` is the font's own family name (not ``sans-serif``), so the texts made
    inside the context keep the font when the figure is saved or shown after it, and
    ``axes.unicode_minus`` is False (many CJK fonts have no U+2212 minus sign).

    Parameters
    ----------
    path
        A font file to use; by default :func:`find_cjk_font` looks for one.

    Returns
    -------
    dict
        ``{"font.family": [family], "axes.unicode_minus": False}``.

    Raises
    ------
    GraphgovError
        If no CJK font is installed (or ``path`` has no Chinese glyphs).
    """
    return {"font.family": [_registered_family(path)], "axes.unicode_minus": False}


def use_cjk_font(path: str | Path | None = None) -> str:
    """Register a CJK font with matplotlib and make it the global default; return its
    family name.

    Sets ``font.family = sans-serif``, puts the CJK family first in ``font.sans-serif``
    (the previous entries stay as fallbacks) and ``axes.unicode_minus = False`` (many CJK
    fonts have no U+2212 minus sign). Safe to call repeatedly. The charts do not call it:
    they draw in :func:`cjk_style`'s context.

    Parameters
    ----------
    path
        A font file to use; by default :func:`find_cjk_font` looks for one.

    Returns
    -------
    str
        The font family name, e.g. ``'WenQuanYi Micro Hei'``.

    Raises
    ------
    GraphgovError
        If no CJK font is installed (or ``path`` has no Chinese glyphs).
    """
    family = _registered_family(path)
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    mpl.rcParams["axes.unicode_minus"] = False
    return family
