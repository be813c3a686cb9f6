"""Tests of graphgov.importer.sources: registry exports read into sheets of text.

Every file is built here, in tmp_path; the expected sheets were worked out by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from hypothesis import given, settings
from hypothesis import strategies as st

from graphgov.errors import DatasetError
from graphgov.importer.sources import Sheet, find_header, normalise_header, read_source

# The first worksheet of the registry export, row by row (row 5 is empty).
TITLE = "杭州市西湖区社会组织名录"
EXPORT_DATE = "导出日期：2024-01-05"
HEADER = [
    "社会组织名称 ",
    "统一社会信用代码",
    "注册资金（万元）",
    "成立登记日期",
    "登记状态",
    "序号",
]
DATA = {
    4: ["杭州市西湖区老年协会", "51330106MJ0000000X", 3.0, dt.date(2019, 3, 1), "正常", 1],
    6: ["\u3000某某社工服务中心 ", 9.13501e17, 10.5, 43525, "注销", 2],
    7: [
        "西湖区青少年发展基金会",
        "53330106MJ0000001Y",
        0.25,
        dt.datetime(2020, 1, 2, 3, 4, 5),
        "正常",
        3,
    ],
}
# The second worksheet: a different table, header on row 1.
ABNORMAL = [
    ["统一社会信用代码", "列入时间", "列入事由", "是否移出"],
    ["51330106MJ0000000X", dt.date(2021, 5, 6), "未按规定参加年度检查", False],
]

EXPECTED_COLUMNS = (
    "社会组织名称",
    "统一社会信用代码",
    "注册资金(万元)",
    "成立登记日期",
    "登记状态",
    "序号",
)
EXPECTED_ROWS = [
    ("杭州市西湖区老年协会", "51330106MJ0000000X", "3", "2019-03-01", "正常", "1"),
    # the float USCC keeps its Excel damage visible; 43525 is a date serial, left as such
    ("某某社工服务中心", "913501000000000000", "10.5", "43525", "注销", "2"),
    ("西湖区青少年发展基金会", "53330106MJ0000001Y", "0.25", "2020-01-02 03:04:05", "正常", "3"),
]


def write_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "名录"
    first.cell(1, 1, TITLE)
    first.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    first.cell(2, 1, EXPORT_DATE)
    for row, values in {3: HEADER, **DATA}.items():
        for column, value in enumerate(values, start=1):
            first.cell(row, column, value)
    second = book.create_sheet("异常名录")
    for values in ABNORMAL:
        second.append(values)
    book.create_sheet("空")
    book.save(path)
    return path


def write_xls(path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    styles = {
        dt.date: xlwt.easyxf(num_format_str="YYYY-MM-DD"),
        dt.datetime: xlwt.easyxf(num_format_str="YYYY-MM-DD hh:mm:ss"),
    }

    def put(sheet: xlwt.Worksheet, row: int, values: list[object]) -> None:  # 1-based row
        for column, value in enumerate(values):
            style = styles.get(type(value))
            if style is None:
                sheet.write(row - 1, column, value)
            else:
                sheet.write(row - 1, column, value, style)

    first = book.add_sheet("名录")
    first.write_merge(0, 0, 0, len(HEADER) - 1, TITLE)
    put(first, 2, [EXPORT_DATE])
    for row, values in {3: HEADER, **DATA}.items():
        put(first, row, values)
    second = book.add_sheet("异常名录")
    for row, values in enumerate(ABNORMAL, start=1):
        put(second, row, values)
    book.add_sheet("空")
    book.save(str(path))
    return path


def check_registry_export(sheets: list[Sheet], file: str) -> None:
    assert [s.sheet for s in sheets] == ["名录", "异常名录"]  # the empty third sheet is skipped
    first, second = sheets
    assert first.file == file
    assert first.header_row == 3
    assert first.title == (TITLE, EXPORT_DATE)
    assert first.raw_columns == tuple(HEADER)
    assert first.columns == EXPECTED_COLUMNS
    assert first.rows == EXPECTED_ROWS
    assert first.row_numbers == [4, 6, 7]
    assert first.blank_rows == 1
    assert first.overflow == []
    assert first.encoding is None
    assert (second.header_row, second.title) == (1, ())
    assert second.columns == ("统一社会信用代码", "列入时间", "列入事由", "是否移出")
    assert second.rows == [("51330106MJ0000000X", "2021-05-06", "未按规定参加年度检查", "false")]
    assert second.row_numbers == [2]
    assert second.blank_rows == 0


def test_xlsx_registry_export(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名录.xlsx")
    check_registry_export(read_source(path), "名录.xlsx")


def test_xls_registry_export_gives_the_same_rows(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "名录.XLS")  # the suffix is case-insensitive
    check_registry_export(read_source(path), "名录.XLS")


@pytest.mark.parametrize("suffix", [".xls", ".xlsm"])
def test_xlsx_saved_with_another_name_is_read_by_its_content(tmp_path: Path, suffix: str) -> None:
    path = write_xlsx(tmp_path / "export.xlsx").rename(tmp_path / f"export{suffix}")
    check_registry_export(read_source(path), f"export{suffix}")


def test_a_worksheet_with_data_but_no_header_says_why_and_has_no_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["名称", "类型"])
    notes = book.create_sheet("说明")
    notes.append(["本表由系统导出"])
    notes.append(["请勿修改表头"])
    book.save(tmp_path / "notes.xlsx")
    table, note = read_source(tmp_path / "notes.xlsx")
    assert (table.sheet, table.columns, table.problem) == ("Sheet1", ("名称", "类型"), "")
    assert (note.sheet, note.rows, note.title) == ("说明", [], ("本表由系统导出", "请勿修改表头"))
    assert "notes.xlsx, sheet '说明': no header row" in note.problem


def test_a_csv_with_data_but_no_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("本表由系统导出\n请勿修改表头\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"notes\.csv: no header row"):
        read_source(path)


def test_leading_empty_rows_and_columns_keep_source_positions(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["B4"], sheet["D5"] = "名称", "类型", "老年协会", "多余"
    book.save(tmp_path / "offset.xlsx")
    (found,) = read_source(tmp_path / "offset.xlsx")
    assert (found.header_row, found.columns) == (3, ("", "名称", "类型"))
    assert found.rows == [("", "老年协会", ""), ("", "", "")]
    assert found.row_numbers == [4, 5]
    assert found.overflow == [5]  # D5 lies beyond the header's last named cell


# --- CSV -------------------------------------------------------------------------------

GB_TEXT = (
    "杭州市社会组织名录\r\n"
    "社会组织名称,统一社会信用代码,登记状态\r\n"
    "老年协会 ,51330106MJ0000000X,正常\r\n"
)
GB_ROWS = [("老年协会", "51330106MJ0000000X", "正常")]


def test_gb18030_csv_is_detected(tmp_path: Path) -> None:
    data = GB_TEXT.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # so the detection is not a UTF-8 read
    (tmp_path / "gb.csv").write_bytes(data)
    (sheet,) = read_source(tmp_path / "gb.csv")
    assert (sheet.file, sheet.sheet, sheet.encoding) == ("gb.csv", "", "gb18030")
    assert (sheet.header_row, sheet.title) == (2, ("杭州市社会组织名录",))
    assert sheet.columns == ("社会组织名称", "统一社会信用代码", "登记状态")
    assert (sheet.rows, sheet.row_numbers) == (GB_ROWS, [3])


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xef\xbb\xbf" + GB_TEXT.encode("utf-8"), "utf-8-sig"),
        (GB_TEXT.encode("utf-8"), "utf-8"),
    ],
)
def test_utf8_csv_with_and_without_bom(tmp_path: Path, data: bytes, encoding: str) -> None:
    (tmp_path / "u.csv").write_bytes(data)
    (sheet,) = read_source(tmp_path / "u.csv")
    assert sheet.encoding == encoding
    assert sheet.title == ("杭州市社会组织名录",)  # no BOM left in the first cell
    assert (sheet.rows, sheet.row_numbers) == (GB_ROWS, [3])


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        ("unicode.txt", "utf-16", "utf-16"),
        ("unicode.csv", "utf-16", "utf-16"),
        ("tabs.txt", "utf-8", "utf-8"),
    ],
)
def test_unicode_text_and_txt_files_are_tab_separated(
    tmp_path: Path, name: str, encoding: str, expected: str
) -> None:
    text = "社会组织名称\t登记状态\t住所\r\n老年协会\t正常\t曙光路, 12号\r\n"
    (tmp_path / name).write_bytes(text.encode(encoding))  # utf-16 writes a BOM
    (sheet,) = read_source(tmp_path / name)
    assert sheet.encoding == expected
    assert sheet.columns == ("社会组织名称", "登记状态", "住所")
    assert sheet.rows == [("老年协会", "正常", "曙光路, 12号")]


def test_an_explicit_encoding_is_used_and_named(tmp_path: Path) -> None:
    (tmp_path / "gb.csv").write_bytes(GB_TEXT.encode("gbk"))
    (sheet,) = read_source(tmp_path / "gb.csv", encoding="GBK")
    assert (sheet.encoding, sheet.rows) == ("gbk", GB_ROWS)
    with pytest.raises(DatasetError, match=r"gb\.csv: unknown encoding 'no-such-codec'"):
        read_source(tmp_path / "gb.csv", encoding="no-such-codec")


def test_bytes_neither_utf8_nor_gb18030_are_refused(tmp_path: Path) -> None:
    data = b"a,b\r\n\xff\xff,1\r\n"
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    (tmp_path / "bad.csv").write_bytes(data)
    with pytest.raises(
        DatasetError, match=r"bad\.csv: neither UTF-8 nor GB18030 \(byte 0xff on line 2"
    ):
        read_source(tmp_path / "bad.csv")
    with pytest.raises(DatasetError, match="pass --encoding ENC"):
        read_source(tmp_path / "bad.csv")


def test_utf8_lines_inside_a_gb18030_file_are_refused(tmp_path: Path) -> None:
    gbk = "名称,状态\r\n老年协会,正常\r\n".encode("gb18030")
    # these UTF-8 bytes happen to be valid GB18030 too: they would be mojibake
    (tmp_path / "mixed.csv").write_bytes(gbk + "社会团体,正常\r\n".encode())
    with pytest.raises(DatasetError, match=r"mixed\.csv:3: UTF-8 text in a file read as gb18030"):
        read_source(tmp_path / "mixed.csv")
    # these are not: neither decoding holds, and the message shows where each one fails.
    # 名 in GBK is C3 FB (not UTF-8); 基金会 in UTF-8 is E5 9F BA E9 87 91 E4 BC 9A, read by
    # GB18030 as pairs until 9A meets the comma, which cannot end a pair
    (tmp_path / "mixed.csv").write_bytes(gbk + "基金会,注销\r\n".encode())
    both = r"\(byte 0xc3 on line 1 is not UTF-8, byte 0x9a on line 3 is not GB18030\)"
    with pytest.raises(DatasetError, match=both):
        read_source(tmp_path / "mixed.csv")


def csv_sheet(tmp_path: Path, text: str) -> Sheet:
    (tmp_path / "t.csv").write_bytes(text.encode("utf-8"))
    (sheet,) = read_source(tmp_path / "t.csv")
    return sheet


def test_a_quoted_newline_is_one_row_numbered_by_its_first_line(tmp_path: Path) -> None:
    sheet = csv_sheet(tmp_path, 'a,b\r\n"浙江省杭州市\r\n西湖区",x\r\n3,4\r5,6\n')
    assert sheet.rows == [("浙江省杭州市\r\n西湖区", "x"), ("3", "4"), ("5", "6")]
    assert sheet.row_numbers == [2, 4, 5]  # \r\n, a lone \r and \n each end a line


def test_blank_lines_are_counted_not_kept(tmp_path: Path) -> None:
    sheet = csv_sheet(tmp_path, "a,b\n\n1,2\n , \n")
    assert (sheet.rows, sheet.row_numbers, sheet.blank_rows) == ([("1", "2")], [3], 2)


def test_a_row_wider_than_the_header_is_listed_in_overflow(tmp_path: Path) -> None:
    sheet = csv_sheet(tmp_path, "a,b\n1,2,3\n4,5,\n6\n")
    assert sheet.rows == [("1", "2"), ("4", "5"), ("6", "")]
    assert sheet.overflow == [2]  # line 3's third cell is empty


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('a,b\n1,2\n"x,3\n4,5\n', 3),
        # the record starts on line 2; its second quoted field opens on line 3
        ('a,b\n"多行\n地址","未闭合\n5,6\n', 3),
        # the quote inside x"y is a character, not the opening of a field
        ('a,b,c\n1,x"y,"未闭合\n5,6,7\n', 2),
        # long enough for the csv module's field limit to stop it before the end
        ('a,b\n"x,1\n' + "1,2\n" * 40_000, 2),
    ],
)
def test_an_unterminated_quote_names_its_line(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(DatasetError, match=rf"t\.csv:{line}: a quoted field opened on line {line}"):
        csv_sheet(tmp_path, text)


def test_a_malformed_quoted_field_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"t\.csv:3: malformed quoted field"):
        csv_sheet(tmp_path, 'a,b\n1,2\n"x"y,3\n"z",4\n')


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet='a中 ,"\r\n\u3000', max_size=6), min_size=3, max_size=3),
        max_size=8,
    )
)
def test_csv_round_trip(tmp_path_factory: pytest.TempPathFactory, table: list[list[str]]) -> None:
    """What csv.writer writes comes back stripped, each row numbered by its first line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["名称", "类型", "状态"])
    expected_rows, expected_numbers, line, blank = [], [], 2, 0
    for row in table:
        before = out.tell()
        writer.writerow(row)
        cells = tuple(c.strip() for c in row)
        if any(cells):
            expected_rows.append(cells)
            expected_numbers.append(line)
        else:
            blank += 1
        line += len(re.findall(r"\r\n|\r|\n", out.getvalue()[before:]))
    path = tmp_path_factory.mktemp("rt") / "rt.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    (sheet,) = read_source(path, known_headers={"名称", "类型"})
    assert (sheet.header_row, sheet.rows) == (1, expected_rows)
    assert (sheet.row_numbers, sheet.blank_rows) == (expected_numbers, blank)


# --- files that are not what they say ------------------------------------------------------


def test_a_corrupt_workbook_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook at all " * 40)
    with pytest.raises(DatasetError, match=r"broken\.xlsx: not a readable workbook"):
        read_source(tmp_path / "broken.xlsx")
    with zipfile.ZipFile(tmp_path / "zipped.xlsx", "w") as archive:
        archive.writestr("hello.txt", "a zip, but no workbook inside")
    with pytest.raises(DatasetError, match=r"zipped\.xlsx: not a readable workbook"):
        read_source(tmp_path / "zipped.xlsx")


def test_a_truncated_xls_names_the_file(tmp_path: Path) -> None:
    """A download cut short: calamine panics on this one, which must not escape."""
    path = write_xls(tmp_path / "cut.xls")
    path.write_bytes(path.read_bytes()[:4100])
    with pytest.raises(DatasetError, match=r"cut\.xls: not a readable workbook"):
        read_source(path)


def test_a_web_page_saved_as_xls_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "web.xls").write_text("<html><table><tr><td>名称</td></tr></table></html>")
    with pytest.raises(DatasetError, match=r"web\.xls: a web page \(HTML\)"):
        read_source(tmp_path / "web.xls")


def test_missing_file_and_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file"):
        read_source(tmp_path / "absent.xlsx")
    (tmp_path / "table.ods").write_bytes(b"")
    with pytest.raises(
        DatasetError, match=r"table\.ods: unsupported file type '\.ods'; supported: \.xlsx"
    ):
        read_source(tmp_path / "table.ods")
    with pytest.raises(DatasetError, match=r"empty\.csv: empty file"):
        (tmp_path / "empty.csv").write_bytes(b"\r\n\r\n")
        read_source(tmp_path / "empty.csv")


# --- the header row -----------------------------------------------------------------------

TOP = [
    ["杭州市社会组织名录", "", ""],
    ["导出日期：", "2024-01-05", ""],
    ["名称", "类型", "状态"],
    ["老年协会", "社会团体", "正常"],
]


def test_find_header_with_and_without_known_headers() -> None:
    # without: the date line has 2 of at most 3 cells (60% is 1.8), so it is taken
    assert find_header(TOP, ()) == 1
    assert find_header(TOP, ["名称 ", "类型（必填）", "状态"]) == 2  # 名称 and 状态 match
    # a single match is not enough: the 60% rule decides
    assert find_header(TOP, ["名称"]) == 1
    wide = [row + ["住所", "法定代表人"] if i >= 2 else row for i, row in enumerate(TOP)]
    assert find_header(wide, ()) == 2  # 2 cells < 60% of 5


def test_find_header_prefers_the_best_score_then_the_earliest() -> None:
    rows = [["名称", "类型", "x"], ["名称", "类型", "状态"], ["名称", "类型", "状态"]]
    assert find_header(rows, ["名称", "类型", "状态"]) == 1
    assert find_header([["说明"], ["第二行说明"]], ["名称"]) == -1
    # only the first 30 rows are looked at
    assert find_header([["x"]] * 30 + [["名称", "类型"]], ["名称", "类型"]) == -1


def test_normalise_header() -> None:
    assert normalise_header(" 注册资金（万元）\n") == "注册资金(万元)"
    assert normalise_header("*登记状态：") == "登记状态"
    assert normalise_header("成立 登记\u3000日期*") == "成立登记日期"
    assert normalise_header("ＵＳＣＣ") == "USCC"
    assert normalise_header(2024) == "2024"
