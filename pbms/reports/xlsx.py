"""Excel files the way offices expect them: a header block with the classification mark, the
title, who exported and when; then the table. Built with openpyxl's write-only mode so a large
list streams instead of living in memory twice."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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
    filtering, so that the file opens ready to read and sort (Excel's default columns cut every name)."""
    mark, who = export_header(kind_code=kind_code, actor=actor)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)
    sizes = list(widths) if widths is not None else [min(30, max(10, len(c) + 2)) for c in columns]
    for index, size in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(index)].width = size
    wrapped = {index for index, size in enumerate(sizes) if size >= WRAP_FROM}
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A6"

    def styled(value: CellValue, *, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        if font is not None:
            cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    ws.append([styled(mark, font=Font(bold=True, color="C00000", size=14))])
    ws.append([styled(title, font=Font(bold=True, size=13))])
    ws.append([styled(who)])
    ws.append([])
    ws.append([styled(c, font=bold) for c in columns])
    last = 5
    for row in rows:
        cells: list[CellValue | WriteOnlyCell] = []
        for index, value in enumerate(row):
            if isinstance(value, str) and (value.startswith("=") or index in wrapped):
                cell = _text(ws, value)
                if index in wrapped:
                    cell.alignment = wrap
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)
        last += 1
    ws.auto_filter.ref = f"A5:{get_column_letter(len(columns))}{last}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
