"""Excel files the way offices expect them: a header block with the classification mark, the
title, who exported and when; then the table. Built with openpyxl's write-only mode so a large
list streams instead of living in memory twice."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from pbms.accounts.models import User
from pbms.reports.models import ExportKind

CellValue = str | int | float | None


def export_header(*, kind_code: str, actor: User) -> tuple[str, str]:
    """(classification mark or "", "Người xuất: … lúc dd/mm/yyyy HH:MM")."""
    kind = ExportKind.objects.filter(code=kind_code).first()
    mark = kind.classification if kind else ""
    stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    return mark, f"Người xuất: {actor.display_name} ({actor.username}) lúc {stamp}"


def _text(ws: object, value: str) -> WriteOnlyCell:
    """Text that begins with "=" (typed by a user: a comment, a name) stays text: openpyxl would otherwise
    store it as a formula, which Excel runs when the file is opened."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


WRAP_FROM = 40  # a column at least this wide (characters) wraps its text: a target's wording, a change

# Print setup, after HD 36-HD/VPTW (03/4/2018), part III "phông chữ, khổ giấy, định lề trang": A4, Vietnamese
# Unicode font (TCVN 6909:2001), top and bottom margins 20–25 mm, left 30–35 mm, right 15–20 mm; the same
# figures as the Word documents (pbms.reports.party_docx). openpyxl takes margins in inches.
FONT_NAME = "Times New Roman"  # has every Vietnamese letter on every office computer; Calibri prints ư, ơ badly
FONT_SIZE = 12
TITLE_SIZE = 13
_CM = 1 / 2.54
MARGINS = PageMargins(left=3 * _CM, right=2 * _CM, top=2 * _CM, bottom=2 * _CM, header=1 * _CM, footer=1 * _CM)
# A4 portrait leaves 21 − 3 − 2 = 16 cm; a character of column width prints about 0.19 cm wide (7 px at 96 dpi)
# in a 12-point font, so 16 cm hold about 85 characters. A table wider than that prints landscape (25.7 cm,
# about 135 characters); fitting to one page wide then shrinks it less than a portrait page would.
PORTRAIT_CHARACTERS = 85
SHEET_TITLE_MAX = 31  # Excel refuses a longer sheet name
_SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def sheet_title(title: str) -> str:
    """``title`` as an Excel sheet name: without the characters Excel refuses, at most 31 characters, cut at a
    word boundary (with "…") rather than inside a word; a single word longer than that is cut where it must."""
    clean = " ".join(_SHEET_FORBIDDEN.sub(" ", title).split()).strip("'") or "Trang 1"
    if len(clean) <= SHEET_TITLE_MAX:
        return clean
    cut = clean[: SHEET_TITLE_MAX - 1]
    if " " in cut and clean[SHEET_TITLE_MAX - 1] != " ":
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" –-,;(") + "…"


def _print_setup(ws: Any, *, widths: Sequence[float], header_row: int) -> None:
    """A4, landscape when the columns are wider than a portrait page, one page wide and as many long as it
    takes, HD 36 margins, the column titles repeated at the top of every printed page."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_CHARACTERS else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages long as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = MARGINS
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def xlsx_table(
    *,
    kind_code: str,
    actor: User,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    widths: Sequence[float] | None = None,
) -> bytes:
    """The header block, then the table: columns ``widths`` wide (characters; by default as wide as their
    title, from 10 to 30), the columns from ``WRAP_FROM`` on wrapping their text, the title row frozen and
    filtering, so that the file opens ready to read and sort (Excel's default columns cut every name). The
    lines of the header block are merged across the table, every cell is in ``FONT_NAME``, and the sheet
    prints ready (``_print_setup``)."""
    mark, who = export_header(kind_code=kind_code, actor=actor)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    sizes = list(widths) if widths is not None else [min(30, max(10, len(c) + 2)) for c in columns]
    for index, size in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(index)].width = size
    wrapped = {index for index, size in enumerate(sizes) if size >= WRAP_FROM}
    wrap = Alignment(wrap_text=True, vertical="top")
    plain = Font(name=FONT_NAME, size=FONT_SIZE)
    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    ws.freeze_panes = "A6"
    _print_setup(ws, widths=sizes, header_row=5)
    last_column = get_column_letter(max(1, len(columns)))
    # The mark, the title and who exported span the table, so a long title wraps across it, not in column A.
    for line in (1, 2, 3):
        ws.merged_cells.add(f"A{line}:{last_column}{line}")

    def styled(value: CellValue, *, font: Font = plain, alignment: Alignment | None = wrap) -> WriteOnlyCell:
        cell = _text(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
        cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        return cell

    ws.append([styled(mark, font=Font(name=FONT_NAME, bold=True, color="C00000", size=14))])
    ws.append([styled(title, font=Font(name=FONT_NAME, bold=True, size=TITLE_SIZE))])
    ws.append([styled(who)])
    ws.append([])
    ws.append([styled(c, font=bold) for c in columns])
    last = 5
    for row in rows:
        ws.append([styled(value, alignment=wrap if index in wrapped else None) for index, value in enumerate(row)])
        last += 1
    ws.auto_filter.ref = f"A5:{last_column}{last}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
