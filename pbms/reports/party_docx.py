"""Word documents in the Party's format (HD 36-HD/VPTW, 03/4/2018): A4, Times New Roman 14 pt, the heading
block (superior body, issuing body in bold with "*" beneath, number and symbol on the left; "ĐẢNG CỘNG SẢN
VIỆT NAM" underlined on the right, place and date in italics), the document type and summary, the body,
then "Nơi nhận" and the signature block. The caller writes the body between ``party_document`` and
``party_signature``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from pbms.lib.dates import document_date


@dataclass(frozen=True)
class PartyHeading:
    superior: str = "TỈNH ỦY"
    body: str = "BAN TỔ CHỨC"
    number: str = "Số      -BC/BTCTU"
    on_behalf: str = "T/M BAN TỔ CHỨC"
    signer_title: str = "TRƯỞNG BAN"
    signer_name: str = ""
    recipients: tuple[str, ...] = ("Lưu Văn phòng.",)


def paragraph(
    doc: DocumentObject,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 14,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)


TEXT_WIDTH_CM = 16  # A4 (21 cm) less the 3 cm left and 2 cm right margins


def _write(cell: _Cell, text: str, *, size: int, bold: bool = False) -> None:
    run = cell.paragraphs[0].add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def data_table(
    doc: DocumentObject,
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[str] | str],
    widths: Sequence[float],
    size: int = 12,
) -> None:
    """A bordered table of text in the body: bold headers, repeated at the top of every page; columns
    ``widths`` wide (cm, adding up to at most ``TEXT_WIDTH_CM``), so that the long column (a target's
    wording, a name) gets the room and the figures do not (left to Word, every column got the same width
    and a target's wording ran to thirty lines); text in ``size`` pt. A row given as one string spans the
    whole width, in bold (a section heading)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice reads
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)

    def fill(cells: Sequence[_Cell], texts: Sequence[str], *, bold: bool = False) -> None:
        for cell, text, width in zip(cells, texts, widths, strict=True):
            cell.width = Cm(width)  # each cell's own width, which Word reads
            _write(cell, text, size=size, bold=bold)

    fill(table.rows[0].cells, headers, bold=True)
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.width = Cm(sum(widths))
            _write(merged, row, size=size, bold=True)
        else:
            fill(cells, row)


def party_document(
    *, heading: PartyHeading, place: str, today: dt.date, mark: str, kind: str, summary: tuple[str, ...]
) -> DocumentObject:
    """A new A4 document with the classification mark, the heading block, the document type (``kind``, e.g.
    "THÔNG BÁO") and the lines of its summary, ready for the body."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    if mark:
        paragraph(doc, mark, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.cell(0, 0), head.cell(0, 1)
    left.paragraphs[0].add_run(heading.superior).font.size = Pt(14)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = left.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.add_run(heading.body).bold = True
    left.add_paragraph("*").alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    party = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    party.bold = party.underline = True
    party.font.size = Pt(15)
    number_cell, date_cell = head.cell(1, 0), head.cell(1, 1)
    number_cell.paragraphs[0].add_run(heading.number).font.size = Pt(14)
    number_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    date_cell.paragraphs[0].add_run(f"{place}, {document_date(today)}").italic = True
    date_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    paragraph(doc, kind, bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in summary:
        paragraph(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)
    return doc


def party_signature(doc: DocumentObject, *, heading: PartyHeading, footer: str) -> bytes:
    """ "Nơi nhận" on the left, the signature block on the right, ``footer`` (who exported, when) at the
    foot of every page; the document's bytes."""
    doc.add_paragraph()
    sign = doc.add_table(rows=1, cols=2)
    recipients = sign.cell(0, 0)
    label = recipients.paragraphs[0].add_run("Nơi nhận:")
    label.italic = label.underline = True
    label.font.size = Pt(12)
    for line in heading.recipients:
        recipients.add_paragraph(f"- {line}").runs[0].font.size = Pt(11)
    signer = sign.cell(0, 1)
    signer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    signer.paragraphs[0].add_run(heading.on_behalf).bold = True
    title = signer.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(heading.signer_title).bold = True
    for _ in range(3):
        signer.add_paragraph()
    name = signer.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run(heading.signer_name).bold = True
    doc.sections[0].footer.paragraphs[0].text = footer
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
