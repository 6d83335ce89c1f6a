"""Excel exports print ready (HD 36-HD/VPTW): A4, landscape when wide, one page wide, the column titles on
every page, the Party's margins, the title merged across the table, Times New Roman, a sheet name Excel takes."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pbms.accounts.models import User
from pbms.reports.xlsx import SHEET_TITLE_MAX, sheet_title, xlsx_table

LONG_TITLE = "Kết quả thực hiện Nghị quyết số 05-NQ/TU – Đảng bộ tỉnh Bình An – ngày 31/12/2025"


def _sheet(content: bytes) -> Worksheet:
    ws = load_workbook(io.BytesIO(content)).active
    assert isinstance(ws, Worksheet)
    return ws


def _export(admin: User, *, widths: tuple[float, ...], title: str = LONG_TITLE) -> Worksheet:
    columns = [f"Cột {n}" for n in range(1, len(widths) + 1)]
    rows = [[f"Nguyễn Thị Hường {n}", *range(len(widths) - 1)] for n in range(3)]
    return _sheet(xlsx_table(kind_code="x", actor=admin, title=title, columns=columns, rows=rows, widths=widths))


def test_it_prints_a_wide_table_landscape_on_one_page_wide_with_the_header_on_every_page(admin: User) -> None:
    ws = _export(admin, widths=(6, 60, 9, 9, 10, 10, 12, 18, 16, 40))
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4 in the OOXML paper codes
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$5:$5"
    margins = ws.page_margins
    assert [round(v * 2.54, 1) for v in (margins.top, margins.bottom, margins.left, margins.right)] == [2, 2, 3, 2]


def test_it_prints_a_narrow_table_portrait(admin: User) -> None:
    ws = _export(admin, widths=(6, 40, 20))
    assert ws.page_setup.orientation == "portrait"
    assert ws.print_title_rows == "$5:$5"


def test_it_merges_the_title_across_the_table(admin: User) -> None:
    ws = _export(admin, widths=(6, 40, 20, 12))
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:D1", "A2:D2", "A3:D3"}
    assert ws["A2"].value == LONG_TITLE


def test_it_writes_every_cell_in_a_vietnamese_font(admin: User) -> None:
    ws = _export(admin, widths=(6, 40, 20))
    fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.value not in (None, "")}
    assert fonts == {"Times New Roman"}
    assert ws["A2"].font.b and ws["A2"].font.sz == 13
    assert ws["A6"].font.sz == 12


def test_it_shortens_the_sheet_name_at_a_word_boundary(admin: User) -> None:
    ws = _export(admin, widths=(6, 40))
    assert len(ws.title) <= SHEET_TITLE_MAX
    assert ws.title == "Kết quả thực hiện Nghị quyết…"
    assert sheet_title("Chỉ tiêu 3: tử số / mẫu số [2025]") == "Chỉ tiêu 3 tử số mẫu số 2025"
    assert sheet_title("Nhật ký hệ thống") == "Nhật ký hệ thống"
    assert len(sheet_title("x" * 50)) == SHEET_TITLE_MAX
