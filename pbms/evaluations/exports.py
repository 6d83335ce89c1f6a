"""The decision board's files: the board as an Excel table, and the unit's result list as a Word document in
the Party's format (HD 36-HD/VPTW). Both read a ``board.Board`` so they show what the page shows."""

from __future__ import annotations

import datetime as dt

from docx.shared import Cm

from pbms.accounts.models import User
from pbms.evaluations.announcement import Issuer
from pbms.evaluations.board import Board, BoardRow
from pbms.evaluations.models import Level
from pbms.lib.numbers import format_number
from pbms.reports.party_docx import data_table, paragraph, party_document, party_signature
from pbms.reports.xlsx import CellValue, export_header, xlsx_table

KIND_CODE = "evaluation_board"
COLUMNS = (
    "STT",
    "Đối tượng",
    "Nhóm",
    "Trạng thái",
    "Điểm",
    "Tự xếp loại",
    "Nhận xét của tập thể",
    "Đề xuất",
    "Quyết định",
    "Giới hạn theo quy định",
    "Không xếp loại",
    "Lý do vượt tỷ lệ",
)


def _label(board: Board, level: str) -> str:
    return board.book.label(level) if level else ""


def _cells(board: Board, index: int, row: BoardRow) -> list[CellValue]:
    r = row.result
    return [
        index,
        row.name,
        row.group_label,
        r.get_state_display(),
        float(r.points) if r.points is not None else None,
        _label(board, r.self_level),
        r.comment,
        _label(board, r.proposed_level),
        _label(board, r.decided_level),
        row.ceiling.reason,
        r.not_ranked_reason,
        r.quota_reason,
    ]


def board_title(board: Board) -> str:
    return f"{board.cycle.name} – {board.unit_name}"


def board_xlsx(*, board: Board, actor: User) -> bytes:
    """The board as a table; ``board`` read with ``comments`` (``unit_board``), the comment being a column."""
    rows = (_cells(board, index, row) for index, row in enumerate(board.rows, start=1))
    return xlsx_table(
        kind_code=KIND_CODE,
        actor=actor,
        title=board_title(board),
        columns=COLUMNS,
        rows=rows,
        widths=(6, 40, 12, 16, 8, 20, 40, 20, 20, 20, 20, 30),
    )


ROMAN = ("I", "II", "III", "IV")


def results_docx(
    *, board: Board, rows: list[BoardRow], issuer: Issuer, actor: User, place: str, today: dt.date
) -> bytes:
    """ "Thông báo kết quả đánh giá, xếp loại chất lượng" of the body that decided ``rows`` (decided rows
    of ``board`` only: the caller refuses when there are none), collectives then individuals, the sections
    numbered from I (HD 36-HD/VPTW), with the count at each level."""
    mark, who = export_header(kind_code=KIND_CODE, actor=actor)
    heading = issuer.heading()
    doc = party_document(
        heading=heading,
        place=place,
        today=today,
        mark=mark,
        kind="THÔNG BÁO",
        summary=(f"kết quả {board.cycle.name[0].lower()}{board.cycle.name[1:]}",),
    )
    counts = {level: sum(1 for row in rows if row.result.decided_level == level) for level in Level.values}
    intro = doc.add_paragraph(
        f"Căn cứ {board.book.decision_ref}, {issuer.title} đã quyết định xếp loại chất lượng "
        f"{format_number(len(rows))} tập thể, cá nhân: "
        + "; ".join(f"{board.book.label(level)}: {format_number(counts[level])}" for level in Level.values)
        + "."
    )
    intro.paragraph_format.first_line_indent = Cm(1)
    sections = [
        (title, part)
        for title, part in (
            ("TẬP THỂ", [r for r in rows if r.collective]),
            ("CÁ NHÂN", [r for r in rows if not r.collective]),
        )
        if part
    ]
    for number, (title, part) in zip(ROMAN, sections, strict=False):
        paragraph(doc, f"{number}. {title}", bold=True)
        data_table(
            doc,
            headers=("STT", "Tập thể, cá nhân", "Mức xếp loại", "Ghi chú"),
            rows=(
                (str(index), row.name, board.book.label(row.result.decided_level), row.result.decision_ref)
                for index, row in enumerate(part, start=1)
            ),
            widths=(1.2, 7.2, 5.1, 2.5),
        )
    return party_signature(doc, heading=heading, footer=who)
