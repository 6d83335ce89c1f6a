"""The workbook template: one sheet per kind of record, the "Danh mục" sheet of code lists, drop-downs
on code columns and dd/mm/yyyy on date columns. The export writes the same workbook with rows in it,
so both go through ``WorkbookWriter`` (openpyxl write-only: a 100,000-person export streams)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
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
        row: list[CellValue | WriteOnlyCell] = []
        for value in values:
            if value is None or value == "":
                row.append(None)
            elif isinstance(value, str) and value[0] != "=" and not ILLEGAL_CHARACTERS_RE.search(value):
                row.append(value)  # plain text needs no cell object (the fast path of a large export)
            elif isinstance(value, int) and not isinstance(value, bool):
                row.append(value)
            else:
                row.append(self._cell(ws, value))
        ws.append(row)
        self.counts[sheet_key] += 1

    def finish(self) -> bytes:
        buffer = io.BytesIO()
        self.wb.save(buffer)
        widths = [len(sheet.columns) for sheet in SHEETS] + [len(_CODE_BLOCKS) * 3]
        return _as_excel_saves(buffer.getvalue(), widths)


# --- the file as Excel saves it -------------------------------------------------------------------
# openpyxl's write-only mode stores every text as an inline string and writes no <dimension>. Readers
# then parse each sheet once more just to size it, and build a rich-text object per text cell: our own
# export re-imported about twice as slowly as the same data saved by Excel. So the saved file is
# rewritten the way Excel writes it: a shared-string table and a <dimension> on each sheet.

_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
    re.DOTALL,
)
_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _as_excel_saves(content: bytes, widths: list[int]) -> bytes:
    strings: dict[bytes, int] = {}
    total = 0

    def shared(match: re.Match[bytes]) -> bytes:
        nonlocal total
        total += 1
        index = strings.setdefault(match.group(3), len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), index)

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            name = info.filename
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                number = int(name[len("xl/worksheets/sheet") : -len(".xml")])
                data = _INLINE.sub(shared, data)
                rows = [int(m.group(1)) for m in _LAST_ROW.finditer(data[-4096:])] or [1]
                ref = f"A1:{get_column_letter(max(widths[number - 1], 1))}{rows[-1]}".encode()
                data = data.replace(b"<sheetViews>", b'<dimension ref="%s" /><sheetViews>' % ref, 1)
            elif name == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rIdSharedStrings" />'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif name == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}" />'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        table = io.BytesIO()
        table.write(
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (total, len(strings))
        )
        for text in strings:
            table.write(b'<si><t xml:space="preserve">%s</t></si>' % text)
        table.write(b"</sst>")
        target.writestr("xl/sharedStrings.xml", table.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def template_bytes(*, lists: CodeLists) -> bytes:
    """The empty template, with today's code lists."""
    return WorkbookWriter(lists=lists, banner="Dòng 2 là tên cột; nhập dữ liệu từ dòng 3.").finish()
