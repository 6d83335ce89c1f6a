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


def xlsx_table(
    *, kind_code: str, actor: User, title: str, columns: Sequence[str], rows: Iterable[Sequence[CellValue]]
) -> bytes:
    mark, who = export_header(kind_code=kind_code, actor=actor)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)

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
    for row in rows:
        ws.append([_text(ws, value) if isinstance(value, str) and value.startswith("=") else value for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
