"""The workbook template: one sheet per kind of record, the "Danh mục" sheet of code lists, drop-downs
on code columns and dd/mm/yyyy on date columns. The export writes the same workbook with rows in it,
so both go through ``WorkbookWriter`` (openpyxl write-only: a 100,000-person export streams)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pbms.people.models import CodeList
from pbms.people.workbook.spec import (
    CODES_SHEET,
    DATE_FORMAT,
    FIRST_DATA_ROW,
    QUALIFICATION_KINDS,
    SHEETS,
    CodeLists,
    Kind,
    Lists,
    Sheet,
)

CellValue = str | int | dt.date | None
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_ROW = 1_048_576  # Excel's last row: validations and formats cover every data row

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_BANNER_FONT = Font(bold=True, size=12)
_MARK_FONT = Font(bold=True, size=12, color="C00000")

# The "Danh mục" sheet: (list, title) blocks, left to right. The per-kind qualification blocks are for
# reading; the drop-down of "Mã trình độ" uses the union of their codes.
_CODE_BLOCKS: tuple[tuple[Lists | str, str], ...] = (
    (Lists.GENDER, "Giới tính"),
    (Lists.ETHNICITY, "Dân tộc"),
    (Lists.RELIGION, "Tôn giáo"),
    (Lists.ORG_KIND, "Loại hình tổ chức"),
    (Lists.QUAL_KIND, "Loại trình độ"),
    (Lists.QUAL_LEVEL, "Mã trình độ (mọi loại)"),
    *((kind.value, f"{CodeList(kind).label}") for kind in QUALIFICATION_KINDS),
    (Lists.MANAGEMENT_CATEGORY, "Diện quản lý"),
    (Lists.TRAINING_CATEGORY, "Loại bồi dưỡng"),
    (Lists.BODY_KIND, "Loại cơ quan"),
    (Lists.BODY_ROLE, "Chức danh"),
    (Lists.YES_NO, "Có / Không"),
    (Lists.RATING, "Mức xếp loại"),
    (Lists.RATED_BODY, "Đối tượng xếp loại"),
)


def _safe_text(value: str) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


class WorkbookWriter:
    """Writes the template's sheets in order; ``append`` adds a data row to one of them."""

    def __init__(self, *, lists: CodeLists, banner: str = "", mark: str = "") -> None:
        self.wb = Workbook(write_only=True)
        self.lists = lists
        self.sheets = {}
        self.counts: dict[str, int] = {}
        block_ranges = self._block_ranges()
        for sheet in SHEETS:
            ws = self.wb.create_sheet(title=sheet.title)
            self._prepare(ws, sheet, block_ranges)
            first = [self._cell(ws, mark, font=_MARK_FONT)] if mark else []
            ws.append([*first, self._cell(ws, f"{sheet.banner} {banner}".strip(), font=_BANNER_FONT)])
            ws.append([self._cell(ws, c.header, font=_HEADER_FONT, fill=_HEADER_FILL) for c in sheet.columns])
            self.sheets[sheet.key] = ws
            self.counts[sheet.key] = 0
        self._write_codes()

    def _block_ranges(self) -> dict[str, str]:
        ranges = {}
        for index, (name, _) in enumerate(_CODE_BLOCKS):
            entries = self._entries(name)
            if entries and isinstance(name, Lists):
                col = get_column_letter(index * 3 + 1)
                ranges[name.value] = (
                    f"'{CODES_SHEET}'!${col}${FIRST_DATA_ROW}:${col}${FIRST_DATA_ROW + len(entries) - 1}"
                )
        return ranges

    def _entries(self, name: Lists | str) -> list[tuple[str, str]]:
        if isinstance(name, Lists):
            return self.lists.entries.get(name, [])
        return self.lists.level_names.get(name, [])

    def _prepare(self, ws: object, sheet: Sheet, block_ranges: dict[str, str]) -> None:
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            dimension = ws.column_dimensions[letter]  # type: ignore[attr-defined]
            dimension.width = column.width
            dimension.number_format = DATE_FORMAT if column.kind == Kind.DATE else "@"
            area = f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}"
            if column.kind in (Kind.CODE, Kind.BOOL) and column.choices and column.choices.value in block_ranges:
                validation = DataValidation(
                    type="list",
                    formula1=block_ranges[column.choices.value],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle="Giá trị không có trong danh mục",
                    error=f"Chọn một giá trị của danh mục trong trang “{CODES_SHEET}”.",
                )
                validation.add(area)
                ws.data_validations.append(validation)  # type: ignore[attr-defined]
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"  # type: ignore[attr-defined]

    def _write_codes(self) -> None:
        ws = self.wb.create_sheet(title=CODES_SHEET)
        blocks = [(title, self._entries(name)) for name, title in _CODE_BLOCKS]
        for index in range(len(blocks)):
            ws.column_dimensions[get_column_letter(index * 3 + 1)].width = 14
            ws.column_dimensions[get_column_letter(index * 3 + 2)].width = 34
            ws.column_dimensions[get_column_letter(index * 3 + 1)].number_format = "@"
        titles: list[CellValue | WriteOnlyCell] = []
        heads: list[CellValue | WriteOnlyCell] = []
        for title, _ in blocks:
            titles += [self._cell(ws, title, font=_BANNER_FONT), None, None]
            heads += [
                self._cell(ws, "Giá trị ghi vào ô", font=_HEADER_FONT, fill=_HEADER_FILL),
                self._cell(ws, "Diễn giải", font=_HEADER_FONT, fill=_HEADER_FILL),
                None,
            ]
        ws.append(titles)
        ws.append(heads)
        for row in range(max(len(entries) for _, entries in blocks)):
            values: list[CellValue | WriteOnlyCell] = []
            for _, entries in blocks:
                if row < len(entries):
                    values += [self._cell(ws, entries[row][0]), entries[row][1] or None, None]
                else:
                    values += [None, None, None]
            ws.append(values)

    @staticmethod
    def _cell(
        ws: object, value: CellValue, *, font: Font | None = None, fill: PatternFill | None = None
    ) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=_safe_text(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.number_format = "@"
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        if font is not None:
            cell.font = font
            cell.alignment = _WRAP
        if fill is not None:
            cell.fill = fill
        return cell

    def append(self, sheet_key: str, values: Sequence[CellValue]) -> None:
        ws = self.sheets[sheet_key]
        ws.append([None if v is None or v == "" else self._cell(ws, v) for v in values])
        self.counts[sheet_key] += 1

    def finish(self) -> bytes:
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()


def template_bytes(*, lists: CodeLists) -> bytes:
    """The empty template, with today's code lists."""
    return WorkbookWriter(lists=lists, banner="Dòng 2 là tên cột; nhập dữ liệu từ dòng 3.").finish()
