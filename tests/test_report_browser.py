"""report.html in a real browser (issue 14, item 6): headless Chromium driven by Playwright.

The page is the Chinese report of the bundled sample (西湖区 330106 and 平阳县 330326),
built once for the module and loaded once; each test puts back what it changes (the county
selector, a filter box, the media type), except the sort order of the one table it sorts.

Playwright's own browser download is not used: the tests run Debian's ``chromium``
(``make test`` installs it when run as root). Without it they FAIL, naming the fix: they
never skip, so CI always runs them. A full-page screenshot is kept in
``out/test-artefacts/report.png``.

Expected counts are read from the CSV the same build wrote (the contract's columns), not
from the page: 676 communities, 454 of them in 平阳县 (community codes 330326...).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from matplotlib.ft2font import FT2Font
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from graphgov.report.build import build_report, sample_path

pytestmark = pytest.mark.browser

ARTEFACTS = Path(__file__).resolve().parent.parent / "out" / "test-artefacts"
NO_CHROMIUM = (
    "No Chromium found for the browser tests (neither `chromium` nor `chromium-browser` on "
    "PATH): run `make test` (as root it installs Debian's chromium), or "
    "`sudo apt-get install chromium`."
)
PINGYANG = "330326"
#: Every row of the communities table is in a county, and there are more than its limit.
TABLE = "t-density-communities"
LIMIT = 20
#: Six different characters of the page's vocabulary.
CJK = "党组织覆盖率"
#: Private-use characters: no font has them, so they are drawn as the font's .notdef box.
TOFU = "\ue000\ue001\ue002"

# Each body row of a table: its county, whether it is hidden, its cells' text and data-v.
ROWS_JS = """id => Array.from(document.getElementById(id).tBodies[0].rows, row => ({
  county: row.getAttribute("data-county"),
  hidden: row.hidden,
  text: row.textContent,
  cells: Array.from(row.cells, c => c.textContent),
  values: Array.from(row.cells, c => c.getAttribute("data-v")),
}))"""

# Per table of the page: whether any row has a county, and the counties of the shown rows.
TABLES_JS = """() => Array.from(document.querySelectorAll("table.data[id]"), t => {
  const rows = Array.from(t.tBodies[0].rows);
  return {
    id: t.id,
    hasCounty: rows.some(r => r.getAttribute("data-county") !== ""),
    shown: rows.filter(r => !r.hidden).map(r => r.getAttribute("data-county")),
  };
})"""

# Each character drawn alone on a canvas in the page's font, as its alpha channel: a real
# glyph of each character differs from the others, while a missing glyph is the same box.
GLYPHS_JS = """chars => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  g.font = "32px " + getComputedStyle(document.body).fontFamily;
  return Array.from(chars, ch => {
    g.clearRect(0, 0, 64, 64);
    g.fillText(ch, 8, 44);
    return Array.from(g.getImageData(0, 0, 64, 64).data.filter((v, i) => i % 4 === 3)).join();
  });
}"""


@dataclass
class Loaded:
    """The page, once loaded, and what it logged and asked for since."""

    page: Page
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def chromium_executable() -> str:
    """The system's Chromium; the test fails (never skips) without one."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(NO_CHROMIUM, pytrace=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's Chinese report, built once for the module."""
    out = tmp_path_factory.mktemp("browser-report")
    build_report(sample_path(), out, lang="zh")
    return out


@pytest.fixture(scope="module")
def chromium() -> str:
    """:func:`chromium_executable`, asked before the report is built."""
    return chromium_executable()


@pytest.fixture(scope="module")
def loaded(chromium: str, report: Path) -> Iterator[Loaded]:
    """report.html loaded once in headless Chromium, console errors and requests logged."""
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        except PlaywrightError as err:
            pytest.fail(f"could not start {chromium} for the browser tests: {err}", pytrace=False)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        state = Loaded(page, (report / "report.html").as_uri())
        page.on("console", lambda m: m.type == "error" and state.errors.append(m.text))
        page.on("pageerror", lambda e: state.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: state.requests.append(r.url))
        page.goto(state.url)
        try:
            yield state
        finally:
            browser.close()


def _csv(report: Path, name: str) -> list[dict[str, str]]:
    with (report / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _shown(page: Page, table: str = TABLE) -> list[dict]:
    return [r for r in page.evaluate(ROWS_JS, table) if not r["hidden"]]


def _numbers(values: list[str | None]) -> list[float]:
    return [float(v) for v in values]


def test_the_county_selector_shows_one_countys_rows_and_back(loaded: Loaded, report: Path):
    page = loaded.page
    communities = _csv(report, "density-communities.csv")
    in_pingyang = sum(r["community_code"].startswith(PINGYANG) for r in communities)
    assert (len(communities), in_pingyang) == (676, 454)
    before = _shown(page)
    assert len(before) == LIMIT
    assert {r["county"] for r in before} != {PINGYANG}  # so choosing 平阳县 changes rows

    page.select_option("#county-filter", PINGYANG)
    after = _shown(page)
    assert len(after) == LIMIT
    assert {r["county"] for r in after} == {PINGYANG}
    assert [r["cells"] for r in after] != [r["cells"] for r in before]
    # With the county chosen, "show all" shows the county's rows: 454, not 676.
    page.click(f'button.show-all[data-for="{TABLE}"]')
    assert len(_shown(page)) == in_pingyang
    page.click(f'button.show-all[data-for="{TABLE}"]')
    # Every table with counties shows only 平阳县's rows; a table without keeps its rows.
    tables = page.evaluate(TABLES_JS)
    assert sum(t["hasCounty"] for t in tables) >= 5
    for table in tables:
        if table["hasCounty"]:
            assert set(table["shown"]) <= {PINGYANG}, table["id"]
        else:
            assert table["shown"], table["id"]

    page.select_option("#county-filter", "")
    assert [r["cells"] for r in _shown(page)] == [r["cells"] for r in before]


def test_a_number_header_sorts_ascending_then_descending(loaded: Loaded):
    page = loaded.page
    header = page.locator(f"#{TABLE} thead th")
    classes = [header.nth(i).get_attribute("class") or "" for i in range(header.count())]
    column = next(i for i, c in enumerate(classes) if "num" in c.split())
    every = _numbers([r["values"][column] for r in page.evaluate(ROWS_JS, TABLE)])
    assert len(set(every)) > 1  # a column whose order shows

    header.nth(column).click()
    assert header.nth(column).get_attribute("aria-sort") == "ascending"
    shown = _numbers([r["values"][column] for r in _shown(page)])
    assert shown == sorted(every)[:LIMIT]

    header.nth(column).click()
    assert header.nth(column).get_attribute("aria-sort") == "descending"
    shown = _numbers([r["values"][column] for r in _shown(page)])
    assert shown == sorted(every, reverse=True)[:LIMIT]
    others = [header.nth(i).get_attribute("aria-sort") for i in range(header.count())]
    assert others.count(None) == header.count() - 1


def test_the_filter_box_and_the_show_all_button(loaded: Loaded, report: Path):
    page = loaded.page
    communities = _csv(report, "density-communities.csv")
    # The name (first column) of the table's last row, hidden now: the box finds its rows.
    query = page.evaluate(ROWS_JS, TABLE)[-1]["cells"][0]
    expected = sum(query in r["community_name"] for r in communities)
    assert query not in "".join(r["text"] for r in _shown(page))

    box = f'input.table-filter[data-for="{TABLE}"]'
    page.fill(box, query)
    shown = _shown(page)
    assert len(shown) == expected >= 1
    assert all(query in r["text"] for r in shown)
    page.fill(box, "")
    assert len(_shown(page)) == LIMIT

    button = page.locator(f'button.show-all[data-for="{TABLE}"]')
    assert button.is_visible()
    button.click()
    assert len(_shown(page)) == len(communities)
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert len(_shown(page)) == LIMIT
    assert button.get_attribute("aria-pressed") == "false"


def _font_file(family: str) -> str:
    """The file fontconfig (Chromium's font lookup on Linux) gives for `family`."""
    if shutil.which("fc-match") is None:
        pytest.fail("fc-match (fontconfig) not found: run `make fonts`", pytrace=False)
    done = subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_chinese_is_drawn_in_a_font_that_has_its_glyphs(loaded: Loaded):
    # Chromium names the fonts it drew each element's text with (DevTools protocol); each
    # Chinese character of the title, the first heading and the first header must be in one
    # of them. Without a CJK font, Chromium would name a Latin font and draw boxes.
    page = loaded.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", "section h2", f"#{TABLE} thead th"):
        text = page.locator(selector).first.text_content()
        chinese = {ch for ch in text if "\u4e00" <= ch <= "\u9fff"}
        assert chinese, selector
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        covered = set()
        for font in fonts:
            charmap = FT2Font(_font_file(font["familyName"])).get_charmap()
            covered |= {ch for ch in chinese if ord(ch) in charmap}
        names = [f["familyName"] for f in fonts]
        assert covered == chinese, f"{selector} drawn in {names}: no glyph for {chinese - covered}"


def test_chinese_text_is_not_tofu(loaded: Loaded):
    # A character no font on the machine has is drawn as the same .notdef box ("tofu")
    # whatever it is, so six characters drawn as tofu give one picture; drawn with real
    # glyphs they give six. (Comparing widths cannot tell: a CJK font's box is 1 em wide,
    # as its glyphs are; and document.fonts.check() is true for any font name, installed
    # or not, when nothing needs to be downloaded.)
    pictures = loaded.page.evaluate(GLYPHS_JS, CJK + TOFU)
    chinese, tofu = pictures[: len(CJK)], pictures[len(CJK) :]
    assert all(set(p.split(",")) != {"0"} for p in pictures)  # each drew something
    assert len(set(tofu)) == 1  # the check's control: missing glyphs are one box
    assert len(set(chinese)) == len(CJK)
    assert tofu[0] not in chinese


def test_a_screenshot_of_the_page_is_kept(loaded: Loaded):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / "report.png"
    path.unlink(missing_ok=True)
    # The clicks above scrolled the page: back to the top, where the sticky county
    # selector belongs (a full-page capture draws it where the window was scrolled to).
    loaded.page.evaluate("window.scrollTo(0, 0)")
    loaded.page.screenshot(path=path, full_page=True)
    png = path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 1280 and height > 900  # the whole page, taller than the window
    print(f"screenshot of the report: {path}")


def test_the_page_prints_as_an_a4_report_without_its_controls(loaded: Loaded):
    page = loaded.page
    controls = ["#county-filter", f'input.table-filter[data-for="{TABLE}"]']
    assert all(page.locator(c).is_visible() for c in controls)  # on screen they are there
    page.emulate_media(media="print")
    try:
        assert not any(page.locator(c).is_visible() for c in controls)
        assert not page.locator(f'button.show-all[data-for="{TABLE}"]').is_visible()
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    assert pdf[:5] == b"%PDF-"
    # A page object is "/Type /Page" ("/Type /Pages" is the tree above them).
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) > 1


def test_no_console_errors_and_no_network(loaded: Loaded):
    # Last in the module, so it covers the load and every click and filter above.
    assert loaded.requests[0] == loaded.url
    elsewhere = [u for u in loaded.requests if u != loaded.url and not u.startswith("data:")]
    assert elsewhere == []
    assert loaded.errors == []
